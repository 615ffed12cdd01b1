/**
 * The one place for SQL that Prisma's query API cannot express. SQLite only for now; PostgreSQL
 * variants arrive with the scale-out work. No values are spliced into SQL text.
 */
import type { Db } from './client';
import type { NewItem } from './items';

type Tx = Pick<Db, '$executeRawUnsafe'>;

/**
 * Takes the database write lock at the start of an interactive transaction.
 *
 * Prisma opens SQLite transactions with a deferred BEGIN. A transaction that reads first and then
 * writes, while another process committed in between, fails at once with SQLITE_BUSY (its WAL
 * snapshot is stale) instead of waiting for busy_timeout. Writing first makes SQLite wait for the
 * lock, up to busy_timeout, and then work from the current state. The statement changes nothing.
 */
export async function takeWriteLock(tx: Tx): Promise<void> {
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

/** Prisma's SQLite adapter stores DateTime as ISO-8601 text with an explicit +00:00 offset. */
function sqliteDateTime(d: Date | null): string | null {
  return d ? d.toISOString().replace('Z', '+00:00') : null;
}

/** Rows per statement: 18 columns × 200 stays far below SQLite's 32 766 bound parameters. */
const INSERT_CHUNK = 200;

/**
 * Inserts items with one multi-row statement per chunk. Prisma's createMany goes through the
 * adapter row by row (≈ 50 ms per 100 items, the ingest bottleneck); this is ≈ 6× faster.
 * Duplicates are skipped by the unique (sourceId, itemHash) index, never doubled.
 */
export async function insertItems(tx: Tx, rows: readonly ItemInsertRow[]): Promise<void> {
  const columns = ITEM_COLUMNS.map((c) => `"${c}"`).join(', ');
  const tuple = `(${ITEM_COLUMNS.map(() => '?').join(', ')})`;
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const chunk = rows.slice(i, i + INSERT_CHUNK);
    const values = chunk.flatMap((r) =>
      ITEM_COLUMNS.map((c) => {
        const v = r[c];
        if (v instanceof Date) return sqliteDateTime(v);
        if (typeof v === 'boolean') return v ? 1 : 0;
        return v;
      }),
    );
    // eslint-disable-next-line no-await-in-loop -- one transaction, statements run in order anyway
    await tx.$executeRawUnsafe(
      `INSERT INTO "Item" (${columns}) VALUES ${chunk.map(() => tuple).join(', ')} ON CONFLICT ("sourceId", "itemHash") DO NOTHING`,
      ...values,
    );
  }
}

/** Start of the UTC hour of `d`, as the rollup's bucket. */
export function hourBucket(d: Date): Date {
  return new Date(Math.floor(d.getTime() / 3_600_000) * 3_600_000);
}

/** Dimensions of the hourly rollup and the column of the joined row that keys each. */
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
 */
export async function recomputeHourlyRollups(tx: Tx, hours: readonly Date[]): Promise<void> {
  const buckets = [...new Set(hours.map((h) => hourBucket(h).getTime()))].sort((a, b) => a - b);
  for (const ms of buckets) {
    const from = sqliteDateTime(new Date(ms));
    const to = sqliteDateTime(new Date(ms + 3_600_000));
    // eslint-disable-next-line no-await-in-loop -- one transaction, a few hours per batch
    await tx.$executeRawUnsafe('DELETE FROM "HourlyRollup" WHERE "bucket" = ?', from);
    const rows = `SELECT i."sourceId" AS sourceId, s."category" AS category, a."province" AS province,
        a."eventId" AS eventId, a."label" AS label, a."sensitivity" AS sensitivity, NULL AS topicId
      FROM "Item" i JOIN "ItemAnalysis" a ON a."itemId" = i."id" JOIN "Source" s ON s."id" = i."sourceId"
      WHERE i."sortAt" >= ? AND i."sortAt" < ? AND a."label" != 'error'`;
    const selects = ROLLUP_DIMENSIONS.map(
      ([dim, key]) =>
        `SELECT ? AS bucket, '${dim}' AS dimension, ${key} AS key, COUNT(*) AS items,
          SUM(label = 'negative') AS negative, SUM(sensitivity IN ('medium', 'high')) AS sensitive
         FROM x GROUP BY ${key}`,
    );
    const topics = `SELECT ? AS bucket, 'topic' AS dimension, CAST(t."topicId" AS TEXT) AS key, COUNT(*) AS items,
        SUM(a."label" = 'negative') AS negative, SUM(a."sensitivity" IN ('medium', 'high')) AS sensitive
      FROM "Item" i JOIN "ItemAnalysis" a ON a."itemId" = i."id" JOIN "ItemTopic" t ON t."itemId" = i."id"
      WHERE i."sortAt" >= ? AND i."sortAt" < ? AND a."label" != 'error' GROUP BY t."topicId"`;
    // eslint-disable-next-line no-await-in-loop -- as above
    await tx.$executeRawUnsafe(
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
