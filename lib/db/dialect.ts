/**
 * The one place for SQL that Prisma's query API cannot express, in both dialects
 * (docs/scale-out-design.md §4). The engine is read from the client or transaction client, never
 * from process.env. Statements are written once with `?` placeholders; on PostgreSQL they are
 * renumbered to $1…$n (our SQL has no `?` inside literals and no jsonb `?` operators). No value
 * is ever spliced into SQL text.
 */
import { engineOf } from './client';
import type { Db, DbEngine } from './client';
import type { NewItem } from './items';

type Tx = Pick<Db, '$executeRawUnsafe'>;
type QueryTx = Pick<Db, '$queryRawUnsafe'>;

export function dialectOf(tx: object): DbEngine {
  return engineOf(tx);
}

/** `?` → `$1`, `$2`, … for PostgreSQL. */
export function pgPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** Prisma's SQLite adapter stores DateTime as ISO-8601 text with an explicit +00:00 offset. */
export function sqliteDateTime(d: Date | null): string | null {
  return d ? d.toISOString().replace('Z', '+00:00') : null;
}

/** A DateTime as a bound parameter: SQLite's stored text form, or a Date for PostgreSQL's timestamptz. */
export function dateParam(tx: object, d: Date): Date | string;
export function dateParam(tx: object, d: Date | null): Date | string | null;
export function dateParam(tx: object, d: Date | null): Date | string | null {
  return dialectOf(tx) === 'postgresql' ? d : sqliteDateTime(d);
}

/** Runs a `?`-placeholder query in the client's dialect. */
export function rawQuery<T>(tx: QueryTx, sql: string, ...args: unknown[]): Promise<T> {
  return tx.$queryRawUnsafe<T>(dialectOf(tx) === 'postgresql' ? pgPlaceholders(sql) : sql, ...args);
}

/** Runs a `?`-placeholder statement in the client's dialect. */
export function rawExecute(tx: Tx, sql: string, ...args: unknown[]): Promise<number> {
  return tx.$executeRawUnsafe(dialectOf(tx) === 'postgresql' ? pgPlaceholders(sql) : sql, ...args);
}

/** Advisory-lock scopes on PostgreSQL: one key each, in this app's namespace. */
const LOCK_NAMESPACE = 0x534f4d; // "SOM"
const LOCK_KEYS = { global: 1, audit: 2 } as const;
export type LockScope = keyof typeof LOCK_KEYS;

/**
 * Takes the database write lock at the start of an interactive transaction.
 *
 * SQLite: Prisma opens transactions with a deferred BEGIN. A transaction that reads first and then
 * writes, while another process committed in between, fails at once with SQLITE_BUSY (its WAL
 * snapshot is stale) instead of waiting for busy_timeout. Writing first makes SQLite wait for the
 * lock, up to busy_timeout, and then work from the current state. The statement changes nothing.
 * The scope does not matter: SQLite has one writer.
 *
 * PostgreSQL (READ COMMITTED): a transaction-scoped advisory lock gives the same guarantee, one
 * writing transaction per scope at a time across all processes, released at COMMIT/ROLLBACK.
 * Every caller takes `global` (parity with SQLite); the audit append also takes `audit` (always
 * after `global`, never the reverse, so no deadlock). `$executeRaw`: the function returns void,
 * which `$queryRaw` cannot deserialise.
 */
export async function takeWriteLock(tx: Tx, scope: LockScope = 'global'): Promise<void> {
  if (dialectOf(tx) === 'postgresql') {
    await tx.$executeRawUnsafe('SELECT pg_advisory_xact_lock($1::int, $2::int)', LOCK_NAMESPACE, LOCK_KEYS[scope]);
    return;
  }
  await tx.$executeRawUnsafe('UPDATE "Source" SET "id" = "id" WHERE 0');
}

/** One item row as stored: a NewItem with its categories as JSON, plus what the store adds. */
export type ItemInsertRow = Omit<NewItem, 'categories'> & {
  sourceId: string;
  categories: string | null;
  fetchedAt: Date;
  sortAt: Date;
  isDemo: boolean;
};

const ITEM_COLUMNS = [
  'sourceId', 'itemHash', 'contentHash', 'guid', 'url', 'title', 'summaryText', 'contentText', 'summaryHtml',
  'contentHtml', 'author', 'categories', 'publishedAt', 'publishedRaw', 'dateFlag', 'fetchedAt', 'sortAt', 'isDemo',
] as const satisfies readonly (keyof ItemInsertRow)[];

/**
 * Rows per statement: 18 columns × 200 stays far below SQLite's 32 766 bound parameters;
 * PostgreSQL allows 65 535 (18 × 1 000 fits).
 */
const INSERT_CHUNK = { sqlite: 200, postgresql: 1000 } as const;

/**
 * Inserts items with one multi-row statement per chunk. Prisma's createMany goes through the
 * adapter row by row (≈ 50 ms per 100 items, the ingest bottleneck); this is ≈ 6× faster.
 * Duplicates are skipped by the unique (sourceId, itemHash) index, never doubled.
 * Returns the ids of the rows really inserted on PostgreSQL (RETURNING), null on SQLite.
 */
export async function insertItems(tx: Pick<Db, '$executeRawUnsafe' | '$queryRawUnsafe'>, rows: readonly ItemInsertRow[]): Promise<number[] | null> {
  const pg = dialectOf(tx) === 'postgresql';
  const columns = ITEM_COLUMNS.map((c) => `"${c}"`).join(', ');
  const tuple = `(${ITEM_COLUMNS.map(() => '?').join(', ')})`;
  const chunkSize = INSERT_CHUNK[pg ? 'postgresql' : 'sqlite'];
  const ids: number[] = [];
  for (let i = 0; i < rows.length; i += chunkSize) {
    const chunk = rows.slice(i, i + chunkSize);
    const values = chunk.flatMap((r) =>
      ITEM_COLUMNS.map((c) => {
        const v = r[c];
        if (pg) return v; // Dates and booleans bind as such
        if (v instanceof Date) return sqliteDateTime(v);
        if (typeof v === 'boolean') return v ? 1 : 0;
        return v;
      }),
    );
    const sql = `INSERT INTO "Item" (${columns}) VALUES ${chunk.map(() => tuple).join(', ')} ON CONFLICT ("sourceId", "itemHash") DO NOTHING`;
    if (pg) {
      // eslint-disable-next-line no-await-in-loop -- one transaction, statements run in order anyway
      const got = await rawQuery<{ id: number }[]>(tx, `${sql} RETURNING "id"`, ...values);
      ids.push(...got.map((r) => Number(r.id)));
    } else {
      // eslint-disable-next-line no-await-in-loop -- as above
      await tx.$executeRawUnsafe(sql, ...values);
    }
  }
  return pg ? ids : null;
}

/** Start of the UTC hour of `d`, as the rollup's bucket. */
export function hourBucket(d: Date): Date {
  return new Date(Math.floor(d.getTime() / 3_600_000) * 3_600_000);
}

/** Dimensions of the hourly rollup and the column of the joined row that keys each ('' = one row). */
const ROLLUP_DIMENSIONS: readonly [string, string][] = [
  ['all', "''"],
  ['category', 'category'],
  ['region', "COALESCE(province, '')"],
  ['event', "COALESCE(CAST(eventId AS TEXT), '')"],
  ['source', 'sourceId'],
];

/**
 * Recomputes the hourly rollup rows of the given hours from the items and their analyses. Whole
 * hours are recomputed rather than incremented, so a re-analysis that changes labels stays exact.
 * PostgreSQL differences: FILTER counts instead of summed booleans, no `GROUP BY ''` (the `all`
 * row is an aggregate without GROUP BY, kept only when there are rows), a typed bucket parameter,
 * and quoted column aliases (unquoted ones fold to lower case).
 */
export async function recomputeHourlyRollups(tx: Tx, hours: readonly Date[]): Promise<void> {
  const pg = dialectOf(tx) === 'postgresql';
  const buckets = [...new Set(hours.map((h) => hourBucket(h).getTime()))].sort((a, b) => a - b);
  for (const ms of buckets) {
    const from = dateParam(tx, new Date(ms));
    const to = dateParam(tx, new Date(ms + 3_600_000));
    // eslint-disable-next-line no-await-in-loop -- one transaction, a few hours per batch
    await rawExecute(tx, 'DELETE FROM "HourlyRollup" WHERE "bucket" = ?', from);
    const id = (c: string) => (pg ? `"${c}"` : c);
    const rows = `SELECT i."sourceId" AS ${id('sourceId')}, s."category" AS category, a."province" AS province,
        a."eventId" AS ${id('eventId')}, a."label" AS label, a."sensitivity" AS sensitivity, NULL AS ${id('topicId')}
      FROM "Item" i JOIN "ItemAnalysis" a ON a."itemId" = i."id" JOIN "Source" s ON s."id" = i."sourceId"
      WHERE i."sortAt" >= ? AND i."sortAt" < ? AND a."label" != 'error'`;
    const bucket = pg ? 'CAST(? AS timestamptz)' : '?';
    const counts = (label: string, sensitivity: string) =>
      pg
        ? `COUNT(*) FILTER (WHERE ${label} = 'negative') AS negative, COUNT(*) FILTER (WHERE ${sensitivity} IN ('medium', 'high')) AS sensitive`
        : `SUM(${label} = 'negative') AS negative, SUM(${sensitivity} IN ('medium', 'high')) AS sensitive`;
    const selects = ROLLUP_DIMENSIONS.map(([dim, key]) => {
      const k = pg ? key.replace('eventId', '"eventId"').replace('sourceId', '"sourceId"') : key;
      const group = pg && key === "''" ? 'HAVING COUNT(*) > 0' : `GROUP BY ${k}`;
      return `SELECT ${bucket} AS bucket, '${dim}' AS dimension, ${k} AS key, COUNT(*) AS items, ${counts('label', 'sensitivity')}
         FROM x ${group}`;
    });
    const topics = `SELECT ${bucket} AS bucket, 'topic' AS dimension, CAST(t."topicId" AS TEXT) AS key, COUNT(*) AS items,
        ${counts('a."label"', 'a."sensitivity"')}
      FROM "Item" i JOIN "ItemAnalysis" a ON a."itemId" = i."id" JOIN "ItemTopic" t ON t."itemId" = i."id"
      WHERE i."sortAt" >= ? AND i."sortAt" < ? AND a."label" != 'error' GROUP BY t."topicId"`;
    // eslint-disable-next-line no-await-in-loop -- as above
    await rawExecute(
      tx,
      `INSERT INTO "HourlyRollup" ("bucket", "dimension", "key", "items", "negative", "sensitive")
       WITH x AS (${rows}) ${selects.join(' UNION ALL ')} UNION ALL ${topics}`,
      from,
      to,
      ...selects.map(() => from),
      from,
      from,
      to,
    );
  }
}
