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
