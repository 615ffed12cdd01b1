/**
 * The air-gapped migration tool on PostgreSQL (lib/db/schema-engine-pg.ts): runs only in the
 * PostgreSQL pass (TEST_POSTGRES_URL), each case on a fresh database of its own.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, test } from 'vitest';
import {
  createMigration,
  defaultDbPaths,
  deployMigrations,
  ensureMigrated,
  migrationStatus,
  pendingSchemaChange,
} from '@/lib/db/schema-engine';
import { TEST_POSTGRES_URL, onPostgres } from '../helpers/test-db';

const server = TEST_POSTGRES_URL ?? '';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'som-pgtool-'));
const made: string[] = [];

async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(sql, params)).rows;
  } finally {
    await c.end();
  }
}

async function freshDb(): Promise<string> {
  const name = `som_tool_${made.length}_${process.pid}`;
  await query(server, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await query(server, `CREATE DATABASE "${name}"`);
  made.push(name);
  const u = new URL(server);
  u.pathname = `/${name}`;
  return u.toString();
}

/** A copy of the PostgreSQL migrations folder (and schema) to change. */
function copyPaths(tag: string) {
  const base = defaultDbPaths(process.cwd(), 'postgresql');
  const dir = path.join(tmp, tag);
  fs.cpSync(base.migrationsDir, path.join(dir, 'migrations'), { recursive: true });
  fs.copyFileSync(base.schemaPath, path.join(dir, 'schema.prisma'));
  return { schemaPath: path.join(dir, 'schema.prisma'), migrationsDir: path.join(dir, 'migrations') };
}

afterAll(async () => {
  if (onPostgres) for (const n of made) await query(server, `DROP DATABASE IF EXISTS "${n}" WITH (FORCE)`);
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe.skipIf(!onPostgres)('db tool on PostgreSQL (wasm schema engine, no download)', () => {
  const paths = defaultDbPaths(process.cwd(), 'postgresql');

  test('deploy creates every table, the search table and the triggers; a second deploy applies nothing; status is clean', async () => {
    const url = await freshDb();
    expect((await migrationStatus(url, paths)).pending).toHaveLength(fs.readdirSync(paths.migrationsDir).filter((d) => /^\d/.test(d)).length);
    const first = await deployMigrations(url, paths);
    expect(first.applied[0]).toMatch(/_postgresql_baseline$/);
    const tables = await query<{ n: string }>(url, `SELECT count(*)::text AS n FROM information_schema.tables WHERE table_schema = 'public'`);
    expect(Number(tables[0]?.n)).toBeGreaterThan(44);
    const triggers = await query<{ tgname: string }>(url, 'SELECT tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1');
    expect(triggers.map((r) => r.tgname)).toEqual(['AuditLog_no_delete_young', 'AuditLog_no_update', 'RoleAssignment_separation']);
    expect(await deployMigrations(url, paths)).toEqual({ applied: [] });
    expect(await migrationStatus(url, paths)).toMatchObject({ pending: [], problems: [] });
    expect(await ensureMigrated(url, paths)).toEqual({ applied: [] });
  });

  test('check: the PostgreSQL migrations agree with the PostgreSQL schema; a schema change gives the ALTER, and create writes it', async () => {
    expect(await pendingSchemaChange(paths, server)).toBe('');
    const p = copyPaths('changed');
    const schema = fs.readFileSync(p.schemaPath, 'utf8').replace(/(\n\s+intervalMinutes\s+Int\s+@default\(30\))/, '$1\n  claimGeneration Int @default(0)');
    fs.writeFileSync(p.schemaPath, schema);
    expect(await pendingSchemaChange(p, server)).toMatch(/ALTER TABLE "Source" ADD COLUMN\s+"claimGeneration" INTEGER NOT NULL DEFAULT 0/);
    const name = await createMigration(p, 'claim_generation', new Date('2030-01-01T00:00:00Z'), server);
    expect(name).toBe('20300101000000_claim_generation');
    expect(await pendingSchemaChange(p, server)).toBe('');
    // No shadow database is left behind.
    expect(await query(server, `SELECT datname FROM pg_database WHERE datname LIKE 'som_shadow_%'`)).toEqual([]);
  });

  test('a failing migration leaves nothing behind and is reported in Chinese with PostgreSQL’s message', async () => {
    const url = await freshDb();
    const p = copyPaths('failing');
    await deployMigrations(url, p);
    const dir = path.join(p.migrationsDir, '20300101000000_broken');
    fs.mkdirSync(dir);
    fs.writeFileSync(
      path.join(dir, 'migration.sql'),
      [
        '-- a comment; with a semicolon',
        'ALTER TABLE "Source" ADD COLUMN "probe" TEXT;',
        `CREATE FUNCTION "probe_fn"() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END $$;`,
        'ALTER TABLE "NoSuchTable" ADD COLUMN "x" TEXT;',
      ].join('\n'),
    );
    const err = await deployMigrations(url, p).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/^迁移失败 \(20300101000000_broken\): relation "NoSuchTable" does not exist/);
    expect(await query(url, `SELECT 1 FROM information_schema.columns WHERE table_name = 'Source' AND column_name = 'probe'`)).toEqual([]);
    expect(await query(url, `SELECT 1 FROM pg_proc WHERE proname = 'probe_fn'`)).toEqual([]);
    expect((await migrationStatus(url, p)).problems).toEqual(['失败的迁移: 20300101000000_broken']);
  });

  test('a ";" inside a $$ body, a string and a comment applies whole', async () => {
    const url = await freshDb();
    const p = copyPaths('semicolons');
    const dir = path.join(p.migrationsDir, '20300101000000_semicolons');
    fs.mkdirSync(dir);
    fs.writeFileSync(
      path.join(dir, 'migration.sql'),
      [
        '-- note; this comment has a semicolon',
        `CREATE FUNCTION "probe_fn"() RETURNS text LANGUAGE plpgsql AS $$ BEGIN PERFORM 1; RETURN 'a;b'; END $$;`,
        `COMMENT ON TABLE "Source" IS 'sources; feeds';`,
      ].join('\n'),
    );
    const r = await deployMigrations(url, p);
    expect(r.applied).toHaveLength(2);
    expect(await query(url, 'SELECT "probe_fn"() AS v')).toEqual([{ v: 'a;b' }]);
  });
});
