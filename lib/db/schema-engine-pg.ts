/**
 * Migrations on PostgreSQL, air-gapped: the same wasm schema engine as SQLite, driven through
 * @prisma/adapter-pg, with four workarounds for adapter bugs found by experiment
 * (docs/scale-out-design.md §3):
 *
 * 1. adapter-pg's executeScript splits on every ";" (also inside $$ bodies, strings, comments) and
 *    runs the pieces outside a transaction. A migration goes to the server whole, as one
 *    simple-protocol query, which PostgreSQL runs in one implicit transaction (all or nothing).
 * 2. The engine's schema describer reads catalog columns of the internal "char" type (OID 18)
 *    that adapter-pg refuses; they are reported as text.
 * 3. PrismaPg({ connectionString }).connectToShadowDb() connects to the MAIN database (the
 *    connection string overrides the database it spreads in). We use discrete settings and make
 *    and drop our own shadow databases.
 * 4. Tables the migrations create by hand ("ItemSearch") are external to the engine and must be
 *    schema-qualified on PostgreSQL.
 *
 * The engine hides the server's error text ("External error id#0"); the last script error is kept
 * and reported in Chinese with PostgreSQL's own message.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SqlDriverAdapter } from '@prisma/driver-adapter-utils';
import type { MigrationList, SchemaEngine } from '@prisma/schema-engine-wasm';
import { loadWasm, readMigrations, wasmBindings } from './schema-engine-wasm';

interface Paths {
  schemaPath: string;
  migrationsDir: string;
}

/** node-pg settings as discrete fields (workaround 3: never a connectionString here). */
export function pgConfigFromUrl(url: string): pg.ClientConfig {
  const u = new URL(url);
  const params = u.searchParams;
  const host = params.get('host') ?? decodeURIComponent(u.hostname);
  const ssl = params.get('sslmode');
  return {
    host: host || '127.0.0.1',
    port: Number(params.get('port') ?? (u.port || 5432)),
    user: decodeURIComponent(u.username || params.get('user') || 'postgres'),
    password: u.password ? decodeURIComponent(u.password) : (params.get('password') ?? undefined),
    database: decodeURIComponent(u.pathname.slice(1)) || 'postgres',
    ...(ssl && ssl !== 'disable' ? { ssl: ssl === 'require' ? { rejectUnauthorized: false } : true } : {}),
    options: '-c TimeZone=UTC',
  };
}

/** Workaround 2: reports the describer's "char" catalog columns (OID 18) as text (node-pg reads them as strings anyway). */
class CatalogPool extends pg.Pool {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- node-pg's query() has a dozen overloads
  override query(...args: any[]): any {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
    const r = (super.query as (...a: any[]) => unknown)(...args);
    if (r instanceof Promise) {
      return r.then((res: pg.QueryResult) => {
        for (const f of res.fields ?? []) if (f.dataTypeID === 18) f.dataTypeID = 25;
        return res;
      });
    }
    return r;
  }
}

/** Workaround 4: tables the PostgreSQL migrations create by hand, not in the Prisma schema, schema-qualified. */
export function externalTablesPg(list: MigrationList, schema: string): string[] {
  const models = new Set([...schema.matchAll(/^model\s+(\w+)\s*\{/gm)].map((m) => m[1]));
  const names = new Set<string>();
  for (const dir of list.migrationDirectories) {
    const content = dir.migrationFile.content;
    if (content.tag !== 'ok') continue;
    for (const m of content.value.matchAll(/CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?"(\w+)"/gi)) {
      if (m[1] && !models.has(m[1]) && m[1] !== '_prisma_migrations') names.add(`public.${m[1]}`);
    }
  }
  return [...names].sort();
}

interface OpenPgEngine {
  engine: SchemaEngine;
  /** The PostgreSQL message of the last migration script that failed, if any. */
  lastScriptError(): string | undefined;
  close(): Promise<void>;
}

async function openPgEngine(url: string, schema: string): Promise<OpenPgEngine> {
  await loadWasm();
  const cfg = pgConfigFromUrl(url);
  const pools: pg.Pool[] = [];
  const adapters: SqlDriverAdapter[] = [];
  const shadows: string[] = [];
  let scriptError: string | undefined;
  const connectTo = async (config: pg.PoolConfig): Promise<SqlDriverAdapter> => {
    const pool = new CatalogPool({ ...config, max: 2 });
    pools.push(pool);
    const adapter = await new PrismaPg(pool).connect();
    // Workaround 1: the script whole, in one implicit transaction.
    adapter.executeScript = async (script: string) => {
      try {
        await pool.query(script);
      } catch (e) {
        scriptError = e instanceof Error ? e.message : String(e);
        throw e;
      }
    };
    adapters.push(adapter);
    return adapter;
  };
  const engine = await wasmBindings.SchemaEngine.new(
    { datamodels: [['schema.prisma', schema]] },
    () => undefined,
    bindMigrationAwareSqlAdapterFactory({
      provider: 'postgres',
      adapterName: '@prisma/adapter-pg',
      connect: () => connectTo(cfg),
      // Workaround 3: a throwaway database for replaying migrations (needs CREATEDB), dropped on close.
      connectToShadowDb: async () => {
        const name = `som_shadow_${randomUUID().replace(/-/g, '')}`;
        const admin = new pg.Client(cfg);
        await admin.connect();
        try {
          await admin.query(`CREATE DATABASE "${name}"`); // name is ours: hex only
        } finally {
          await admin.end();
        }
        shadows.push(name);
        return connectTo({ ...cfg, database: name });
      },
    }),
  );
  return {
    engine,
    lastScriptError: () => scriptError,
    async close() {
      engine.free();
      await Promise.all(adapters.map((a) => a.dispose().catch(() => undefined)));
      await Promise.all(pools.map((p) => p.end().catch(() => undefined)));
      if (shadows.length) {
        const admin = new pg.Client(cfg);
        await admin.connect();
        try {
          for (const n of shadows) {
            // eslint-disable-next-line no-await-in-loop -- one or two shadows at most
            await admin.query(`DROP DATABASE IF EXISTS "${n}" WITH (FORCE)`);
          }
        } finally {
          await admin.end();
        }
      }
    },
  };
}

function filters(list: MigrationList, schema: string) {
  return { externalTables: externalTablesPg(list, schema), externalEnums: [] };
}

/** Runs one query on the target database with a short-lived client. */
async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client(pgConfigFromUrl(url));
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Applied (finished, not rolled back) and failed migration names; null when never migrated. */
async function migrationRows(url: string): Promise<{ applied: Set<string>; failed: string[] } | null> {
  return withClient(url, async (c) => {
    const t = await c.query<{ t: string | null }>(`SELECT to_regclass('public._prisma_migrations')::text AS t`);
    if (!t.rows[0]?.t) return null;
    const r = await c.query<{ name: string; finished: boolean; rolled: boolean }>(
      'SELECT migration_name AS name, finished_at IS NOT NULL AS finished, rolled_back_at IS NOT NULL AS rolled FROM _prisma_migrations',
    );
    return {
      applied: new Set(r.rows.filter((x) => x.finished && !x.rolled).map((x) => x.name)),
      failed: r.rows.filter((x) => !x.finished && !x.rolled).map((x) => x.name),
    };
  });
}

/** Applies every pending migration to the PostgreSQL database. Idempotent; atomic per migration. */
export async function deployMigrationsPg(url: string, paths: Paths): Promise<{ applied: string[] }> {
  const schema = fs.readFileSync(paths.schemaPath, 'utf8');
  const list = readMigrations(paths.migrationsDir);
  const { engine, close, lastScriptError } = await openPgEngine(url, schema);
  try {
    const out = await engine.applyMigrations({ migrationsList: list, filters: filters(list, schema) });
    return { applied: out.appliedMigrationNames };
  } catch (e) {
    const pgMessage = lastScriptError();
    if (!pgMessage) throw e;
    const failed = (await migrationRows(url).catch(() => null))?.failed ?? [];
    throw new Error(
      `迁移失败${failed.length ? ` (${failed.join(', ')})` : ''}: ${pgMessage}。该迁移已整体回滚，数据库未被部分修改；修正后需先在 _prisma_migrations 中删除失败记录再重新部署`,
      { cause: e },
    );
  } finally {
    await close();
  }
}

export async function migrationStatusPg(
  url: string,
  paths: Paths,
): Promise<{ migrations: string[]; pending: string[]; problems: string[] }> {
  const schema = fs.readFileSync(paths.schemaPath, 'utf8');
  const list = readMigrations(paths.migrationsDir);
  const all = list.migrationDirectories.map((d) => d.path);
  if (!(await migrationRows(url))) return { migrations: all, pending: all, problems: [] };
  const { engine, close } = await openPgEngine(url, schema);
  try {
    const out = await engine.diagnoseMigrationHistory({ migrationsList: list, optInToShadowDatabase: false, filters: filters(list, schema) });
    const problems: string[] = [];
    let pending: string[] = [];
    const h = out.history;
    if (h?.diagnostic === 'databaseIsBehind') pending = h.unappliedMigrationNames;
    if (h?.diagnostic === 'migrationsDirectoryIsBehind') problems.push(`数据库中有迁移目录里没有的迁移: ${h.unpersistedMigrationNames.join(', ')}`);
    if (h?.diagnostic === 'historiesDiverge') {
      pending = h.unappliedMigrationNames;
      problems.push(`迁移历史分叉，数据库独有: ${h.unpersistedMigrationNames.join(', ')}`);
    }
    if (out.editedMigrationNames.length) problems.push(`已应用的迁移被修改过: ${out.editedMigrationNames.join(', ')}`);
    if (out.failedMigrationNames.length) problems.push(`失败的迁移: ${out.failedMigrationNames.join(', ')}`);
    return { migrations: all, pending, problems };
  } finally {
    await close();
  }
}

/**
 * SQL that would bring the PostgreSQL migrations folder up to the PostgreSQL schema; empty when
 * they agree. Replays the migrations in a shadow database on `serverUrl` (needs CREATEDB).
 */
export async function pendingSchemaChangePg(paths: Paths, serverUrl: string): Promise<string> {
  const schema = fs.readFileSync(paths.schemaPath, 'utf8');
  const list = readMigrations(paths.migrationsDir);
  const { engine, close } = await openPgEngine(serverUrl, schema);
  try {
    const out = await engine.diff({
      from: list.migrationDirectories.length ? { tag: 'migrations', ...list } : { tag: 'empty' },
      to: { tag: 'schemaDatamodel', files: [{ path: paths.schemaPath, content: schema }] },
      script: true,
      exitCode: null,
      filters: filters(list, schema),
    });
    const sql = (out.stdout ?? '').trim();
    return sql === '-- This is an empty migration.' ? '' : sql;
  } finally {
    await close();
  }
}

const TRANSIENT = /timed out|ECONNRESET|too many clients|could not obtain lock/i;

/**
 * What every process runs at start: nothing when every migration is applied (one query), else the
 * pending ones. The engine serialises deploys with an advisory lock; a process that times out
 * waiting for another's deploy retries and then finds nothing to do.
 */
export async function ensureMigratedPg(url: string, paths: Paths): Promise<{ applied: string[] }> {
  const wanted = readMigrations(paths.migrationsDir).migrationDirectories.map((d) => d.path);
  const rows = await migrationRows(url);
  if (rows && wanted.every((n) => rows.applied.has(n))) return { applied: [] };
  for (let attempt = 1; ; attempt++) {
    try {
      // eslint-disable-next-line no-await-in-loop -- retries are sequential by nature
      return await deployMigrationsPg(url, paths);
    } catch (e) {
      if (attempt >= 10 || !TRANSIENT.test(e instanceof Error ? e.message : String(e))) throw e;
      // eslint-disable-next-line no-await-in-loop
      await new Promise((r) => setTimeout(r, 500 * attempt));
    }
  }
}
