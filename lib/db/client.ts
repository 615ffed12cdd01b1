/**
 * The one Prisma client of a process (globalThis singleton so Next's dev reloads don't leak
 * connections). Only lib/db/ imports this file.
 *
 * Two engines, chosen by the DATABASE_URL scheme: `file:` → SQLite (the default), `postgres://` /
 * `postgresql://` → PostgreSQL (docs/scale-out-design.md §1). Each engine has its own generated
 * client (the client embeds its provider's query compiler); the code types against the SQLite one
 * (`Db`) and the PostgreSQL client is cast to it once, here: the model types are identical and
 * PostgreSQL's input types are a superset of SQLite's, so every call that compiles against SQLite
 * is valid on PostgreSQL.
 */
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { config } from '../config';
import { serialisedFactory } from './serialised-adapter';
import { sqliteFileFromUrl } from './sqlite-file';
import { PrismaClient } from './generated/client';
import { PrismaClient as PgPrismaClient } from './generated-pg/client';

export type Db = InstanceType<typeof PrismaClient>;

export type DbEngine = 'sqlite' | 'postgresql';

/** The engine a DATABASE_URL names (the same rule as lib/config.ts). */
export function engineOfUrl(url: string): DbEngine {
  return /^postgres(ql)?:\/\//.test(url) ? 'postgresql' : 'sqlite';
}

/**
 * The engine behind a client or a transaction client. Prisma keeps the generated client's
 * provider on `_activeProvider`, which interactive-transaction clients forward too
 * (tests/db/engine.test.ts checks both, on both engines).
 */
export function engineOf(client: object): DbEngine {
  const provider = (client as { _activeProvider?: unknown })._activeProvider;
  if (provider === 'postgresql') return 'postgresql';
  if (provider === 'sqlite') return 'sqlite';
  throw new Error(`无法识别数据库类型 (provider: ${String(provider)})`);
}

const globalForDb = globalThis as unknown as { __somDb?: Db; __somDbUrl?: string };

/**
 * Opens a PostgreSQL client. adapter-pg sends Date parameters without an offset and reads
 * timestamptz values as if they were UTC, so the session must run in UTC whatever the server's or
 * the database's TimeZone is (otherwise every instant is stored 8 h off on a Chinese server).
 */
function createPostgresDb(url: string, poolMax: number): Db {
  const adapter = new PrismaPg({ connectionString: url, max: poolMax, options: '-c TimeZone=UTC' });
  // Same models; PostgreSQL's input types are a superset of SQLite's (see the header).
  return new PgPrismaClient({ adapter }) as unknown as Db;
}

/**
 * Opens a client on the database the URL names. SQLite: the settings the crawler relies on (WAL
 * via prepareSqlite, busy timeout, serialised transactions). PostgreSQL: a pool of `poolMax`.
 */
export function createDb(url: string, opts: { poolMax?: number } = {}): Db {
  if (engineOfUrl(url) === 'postgresql') return createPostgresDb(url, opts.poolMax ?? config().db.poolMax);
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

/** Pragmas that must be set per connection file; WAL persists in the file once set. No-op on PostgreSQL. */
export async function prepareSqlite(client: Db): Promise<void> {
  if (engineOf(client) !== 'sqlite') return;
  await client.$queryRawUnsafe('PRAGMA journal_mode = WAL');
  await client.$executeRawUnsafe('PRAGMA synchronous = NORMAL');
}

export async function disconnectDb(): Promise<void> {
  await globalForDb.__somDb?.$disconnect();
  globalForDb.__somDb = undefined;
}
