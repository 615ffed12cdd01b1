/**
 * Migrations without a downloaded engine binary.
 *
 * The Prisma 7 CLI fetches a native schema engine from the vendor's host at migrate time, which
 * government intranets (and our CI) cannot reach. The same engine ships on the npm registry as
 * WebAssembly (@prisma/schema-engine-wasm); we drive it through the better-sqlite3 driver adapter.
 * The migration files and the `_prisma_migrations` table are exactly what `prisma migrate` writes,
 * so a deployment can switch to the official CLI at any time.
 *
 * Both engines: a migration target is a SQLite file path or a postgres(ql):// URL; PostgreSQL goes
 * to ./schema-engine-pg.ts (prisma/postgresql/…). The SQLite code below is unchanged.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SqlDriverAdapter } from '@prisma/driver-adapter-utils';
import { sqliteFileFromUrl } from './sqlite-file';
import type { MigrationList, SchemaEngine } from '@prisma/schema-engine-wasm';
import { loadWasm, readMigrations, wasmBindings } from './schema-engine-wasm';
import {
  deployMigrationsPg,
  ensureMigratedPg,
  migrationStatusPg,
  pendingSchemaChangePg,
} from './schema-engine-pg';

export interface DbPaths {
  /** Absolute path of the Prisma schema. */
  schemaPath: string;
  /** Absolute path of the migrations folder. */
  migrationsDir: string;
}

export { sqliteFileFromUrl, readMigrations };

/** A postgres:// or postgresql:// URL (anything else is a SQLite file path). */
export function isPostgresTarget(target: string): boolean {
  return /^postgres(ql)?:\/\//.test(target);
}

/** What the migration functions take for a DATABASE_URL: the SQLite file path, or the PostgreSQL URL. */
export function migrationTarget(url: string): string {
  return isPostgresTarget(url) ? url : sqliteFileFromUrl(url);
}

/** The schema and migrations folder of an engine (prisma/sqlite/… or prisma/postgresql/…). */
export function defaultDbPaths(root = process.cwd(), engine: 'sqlite' | 'postgresql' = 'sqlite'): DbPaths {
  return {
    schemaPath: path.join(root, `prisma/${engine}/schema.prisma`),
    migrationsDir: path.join(root, `prisma/${engine}/migrations`),
  };
}

/** The paths for a DATABASE_URL's engine. */
export function dbPathsForUrl(url: string, root = process.cwd()): DbPaths {
  return defaultDbPaths(root, isPostgresTarget(url) ? 'postgresql' : 'sqlite');
}

function hasMigrationsTable(dbFile: string): boolean {
  if (dbFile !== ':memory:' && !fs.existsSync(dbFile)) return false;
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    return Boolean(
      db.prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name='_prisma_migrations'").get(),
    );
  } finally {
    db.close();
  }
}

/**
 * When replaying migrations into the shadow database the engine sends each migration.sql as one
 * raw query; better-sqlite3 prepares a single statement only, so run those as a script instead.
 */
function acceptScripts(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const executeRaw = adapter.executeRaw.bind(adapter);
  adapter.executeRaw = async (query) => {
    if (query.args.length === 0 && /;\s*\S/.test(query.sql)) {
      await adapter.executeScript(query.sql);
      return 0;
    }
    return executeRaw(query);
  };
  return adapter;
}

/** The shadow tables FTS5 creates for a virtual table (`_content` only when it keeps content). */
const FTS5_SHADOW_SUFFIXES = ['', '_data', '_idx', '_docsize', '_config', '_content'] as const;

const FTS5_TABLE = /CREATE\s+VIRTUAL\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?"?(\w+)"?\s+USING\s+fts5\b/gi;

/**
 * Tables the migrations create as raw SQL that Prisma's schema cannot describe: FTS5 virtual
 * tables and their shadow tables. They are "externally managed" for the engine, so the schema
 * check does not read them as drift (and never proposes to drop them).
 */
export function externallyManagedTables(list: MigrationList): string[] {
  const names = new Set<string>();
  for (const dir of list.migrationDirectories) {
    const content = dir.migrationFile.content;
    if (content.tag !== 'ok') continue;
    for (const m of content.value.matchAll(FTS5_TABLE)) {
      for (const suffix of FTS5_SHADOW_SUFFIXES) names.add(`${m[1]}${suffix}`);
    }
  }
  return [...names].sort();
}

function filtersFor(list: MigrationList): { externalTables: string[]; externalEnums: string[] } {
  return { externalTables: externallyManagedTables(list), externalEnums: [] };
}

interface OpenEngine {
  engine: SchemaEngine;
  logs: string[];
  /** Frees the engine and closes its database connections (freeing alone leaves them open and locked). */
  close(): Promise<void>;
}

async function openEngine(dbFile: string, schema: string): Promise<OpenEngine> {
  await loadWasm();
  const logs: string[] = [];
  const opened: SqlDriverAdapter[] = [];
  const track = (a: SqlDriverAdapter): SqlDriverAdapter => {
    opened.push(a);
    return a;
  };
  const factory = new PrismaBetterSqlite3({ url: dbFile, timeout: 5000 });
  const engine = await wasmBindings.SchemaEngine.new(
    { datamodels: [['schema.prisma', schema]] },
    (line: string) => logs.push(line),
    bindMigrationAwareSqlAdapterFactory({
      provider: factory.provider,
      adapterName: factory.adapterName,
      connect: async () => track(await factory.connect()),
      connectToShadowDb: async () => track(acceptScripts(await factory.connectToShadowDb())),
    }),
  );
  return {
    engine,
    logs,
    async close() {
      engine.free();
      await Promise.all(opened.map((a) => a.dispose()));
    },
  };
}

export interface DeployResult {
  applied: string[];
}

/** Applies every pending migration to the SQLite file (created if absent). Idempotent. */
export async function deployMigrations(dbFile: string, paths: DbPaths): Promise<DeployResult> {
  if (isPostgresTarget(dbFile)) return deployMigrationsPg(dbFile, paths);
  const schema = fs.readFileSync(paths.schemaPath, 'utf8');
  const { engine, close } = await openEngine(dbFile, schema);
  try {
    const migrationsList = readMigrations(paths.migrationsDir);
    const out = await engine.applyMigrations({ migrationsList, filters: filtersFor(migrationsList) });
    return { applied: out.appliedMigrationNames };
  } finally {
    await close();
  }
}

export interface MigrationStatus {
  migrations: string[];
  /** Migrations in the folder not yet applied to the database. */
  pending: string[];
  /** Other problems in plain words (edited or missing migrations). */
  problems: string[];
}

export async function migrationStatus(dbFile: string, paths: DbPaths): Promise<MigrationStatus> {
  if (isPostgresTarget(dbFile)) return migrationStatusPg(dbFile, paths);
  const schema = fs.readFileSync(paths.schemaPath, 'utf8');
  const list = readMigrations(paths.migrationsDir);
  const all = list.migrationDirectories.map((d) => d.path);
  // The engine refuses to diagnose a database that was never migrated: everything is pending.
  if (!hasMigrationsTable(dbFile)) return { migrations: all, pending: all, problems: [] };
  const { engine, close } = await openEngine(dbFile, schema);
  try {
    const out = await engine.diagnoseMigrationHistory({
      migrationsList: list,
      optInToShadowDatabase: false,
      filters: filtersFor(list),
    });
    const problems: string[] = [];
    let pending: string[] = [];
    const h = out.history;
    if (h?.diagnostic === 'databaseIsBehind') pending = h.unappliedMigrationNames;
    if (h?.diagnostic === 'migrationsDirectoryIsBehind')
      problems.push(`数据库中有迁移目录里没有的迁移: ${h.unpersistedMigrationNames.join(', ')}`);
    if (h?.diagnostic === 'historiesDiverge') {
      pending = h.unappliedMigrationNames;
      problems.push(`迁移历史分叉，数据库独有: ${h.unpersistedMigrationNames.join(', ')}`);
    }
    if (out.editedMigrationNames.length)
      problems.push(`已应用的迁移被修改过: ${out.editedMigrationNames.join(', ')}`);
    if (out.failedMigrationNames.length)
      problems.push(`失败的迁移: ${out.failedMigrationNames.join(', ')}`);
    return {
      migrations: all,
      pending,
      problems,
    };
  } finally {
    await close();
  }
}

/**
 * SQL that would bring the migrations folder up to the schema; empty when they agree.
 * Replays the migrations in an in-memory shadow database (SQLite), or in a shadow database made on
 * the PostgreSQL server `pgServer` when given (then `paths` are PostgreSQL's).
 */
export async function pendingSchemaChange(paths: DbPaths, pgServer?: string): Promise<string> {
  if (pgServer) return pendingSchemaChangePg(paths, pgServer);
  const schema = fs.readFileSync(paths.schemaPath, 'utf8');
  const list = readMigrations(paths.migrationsDir);
  const { engine, close } = await openEngine(':memory:', schema);
  try {
    const out = await engine.diff({
      from: list.migrationDirectories.length ? { tag: 'migrations', ...list } : { tag: 'empty' },
      to: { tag: 'schemaDatamodel', files: [{ path: paths.schemaPath, content: schema }] },
      script: true,
      exitCode: null,
      filters: filtersFor(list),
    });
    const sql = (out.stdout ?? '').trim();
    return sql === '-- This is an empty migration.' ? '' : sql;
  } finally {
    await close();
  }
}

/** Writes a new migration folder from the schema change; returns its name, or null if none needed. */
export async function createMigration(
  paths: DbPaths,
  name: string,
  now = new Date(),
  pgServer?: string,
): Promise<string | null> {
  if (!/^[a-z0-9_]{1,60}$/.test(name)) throw new Error('迁移名只能包含小写字母、数字和下划线');
  const sql = await pendingSchemaChange(paths, pgServer);
  if (!sql) return null;
  const stamp = now.toISOString().replace(/\D/g, '').slice(0, 14);
  const dirName = `${stamp}_${name}`;
  const dir = path.join(paths.migrationsDir, dirName);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'migration.sql'), `${sql}\n`);
  const lock = path.join(paths.migrationsDir, 'migration_lock.toml');
  if (!fs.existsSync(lock)) {
    fs.writeFileSync(
      lock,
      `# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "${pgServer ? 'postgresql' : 'sqlite'}"\n`,
    );
  }
  return dirName;
}

/** Names of migrations recorded as applied, read directly (no engine); empty when never migrated. */
function appliedMigrationNames(dbFile: string): Set<string> {
  if (!hasMigrationsTable(dbFile)) return new Set();
  const db = new Database(dbFile, { readonly: true, fileMustExist: true, timeout: 5000 });
  try {
    const rows = db
      .prepare('SELECT migration_name AS name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL')
      .all() as { name: string }[];
    return new Set(rows.map((r) => r.name));
  } finally {
    db.close();
  }
}

const TRANSIENT = /SocketTimeout|database is locked|SQLITE_BUSY|busy/i;

/**
 * What every process runs at start: nothing when the database is current (a cheap read, so
 * several processes starting together do not all drive the engine), otherwise the pending
 * migrations, retried while another process holds the database lock.
 */
export async function ensureMigrated(dbFile: string, paths: DbPaths): Promise<DeployResult> {
  if (isPostgresTarget(dbFile)) return ensureMigratedPg(dbFile, paths);
  const wanted = readMigrations(paths.migrationsDir).migrationDirectories.map((d) => d.path);
  const applied = appliedMigrationNames(dbFile);
  if (wanted.every((name) => applied.has(name))) return { applied: [] };
  for (let attempt = 1; ; attempt++) {
    try {
      // eslint-disable-next-line no-await-in-loop -- retries are sequential by nature
      return await deployMigrations(dbFile, paths);
    } catch (e) {
      if (attempt >= 20 || !TRANSIENT.test(e instanceof Error ? e.message : String(e))) throw e;
      // eslint-disable-next-line no-await-in-loop
      await new Promise((r) => setTimeout(r, 250 * attempt));
    }
  }
}
