/**
 * The one Prisma client of a process (globalThis singleton so Next's dev reloads don't leak
 * connections). Only lib/db/ imports this file.
 */
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { config } from '../config';
import { serialisedFactory } from './serialised-adapter';
import { sqliteFileFromUrl } from './sqlite-file';
import { PrismaClient } from './generated/client';

export type Db = InstanceType<typeof PrismaClient>;

const globalForDb = globalThis as unknown as { __somDb?: Db; __somDbUrl?: string };

/** Opens a client on a SQLite file with the settings the crawler relies on (WAL, busy timeout). */
export function createDb(url: string): Db {
  const file = sqliteFileFromUrl(url);
  // timeout = SQLite busy_timeout: a writer waits up to 5 s for a lock before failing (F1).
  const adapter = serialisedFactory(new PrismaBetterSqlite3({ url: file, timeout: 5000 }));
  return new PrismaClient({ adapter });
}

export function db(): Db {
  const url = config().db.url;
  if (!globalForDb.__somDb || globalForDb.__somDbUrl !== url) {
    globalForDb.__somDb = createDb(url);
    globalForDb.__somDbUrl = url;
  }
  return globalForDb.__somDb;
}

/** Pragmas that must be set per connection file; WAL persists in the file once set. */
export async function prepareSqlite(client: Db): Promise<void> {
  await client.$queryRawUnsafe('PRAGMA journal_mode = WAL');
  await client.$executeRawUnsafe('PRAGMA synchronous = NORMAL');
}

export async function disconnectDb(): Promise<void> {
  await globalForDb.__somDb?.$disconnect();
  globalForDb.__somDb = undefined;
}
