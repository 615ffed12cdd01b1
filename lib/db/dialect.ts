/**
 * The one place for SQL that Prisma's query API cannot express. SQLite only for now; PostgreSQL
 * variants arrive with the scale-out work. No values are spliced into SQL text.
 */
import type { Db } from './client';

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
