/**
 * A real database with the real migrations applied, per test file.
 *
 * SQLite (the default): a temporary file. PostgreSQL, when TEST_POSTGRES_URL is set (CI's second
 * pass): a database cloned from the template that tests/helpers/pg-global-setup.ts migrated once
 * for the run, dropped at cleanup. `file` is '' on PostgreSQL; tests that need the SQLite file
 * itself say so with `sqliteOnly`.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { createDb, defaultDbPaths, deployMigrations } from '@/lib/db';
import type { Db } from '@/lib/db';

export interface TestDb {
  client: Db;
  url: string;
  /** The SQLite file; '' on PostgreSQL. */
  file: string;
  /** A temporary folder for the test's own files, removed at cleanup. */
  dir: string;
  engine: 'sqlite' | 'postgresql';
  cleanup(): Promise<void>;
}

/** The PostgreSQL server of this run (CI's second pass), or null for SQLite. */
export const TEST_POSTGRES_URL: string | null = process.env.TEST_POSTGRES_URL || null;
export const onPostgres = TEST_POSTGRES_URL !== null;
/** For tests about the SQLite file itself (locks, PRAGMAs, the FTS5 table): `test.skipIf(!sqliteOnly)`. */
export const sqliteOnly = !onPostgres;

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: TEST_POSTGRES_URL ?? undefined });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

async function createPostgresTestDb(dir: string): Promise<TestDb> {
  const template = inject('pgTemplate');
  if (!template) throw new Error('TEST_POSTGRES_URL 已设置，但没有迁移好的模板库（vitest globalSetup 未运行）');
  const name = `som_t_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  for (let attempt = 1; ; attempt++) {
    try {
      await admin((c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
      break;
    } catch (e) {
      // Two files cloning at the same instant: "source database … is being accessed by other users".
      if (attempt >= 20 || !/being accessed by other users/.test(e instanceof Error ? e.message : '')) throw e;
      await new Promise((r) => setTimeout(r, 100 * attempt));
    }
  }
  const url = withDatabase(TEST_POSTGRES_URL ?? '', name);
  const client = createDb(url, { poolMax: 8 });
  return {
    client,
    url,
    file: '',
    dir,
    engine: 'postgresql',
    async cleanup() {
      await client.$disconnect();
      await admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function createTestDb(): Promise<TestDb> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'som-test-'));
  if (onPostgres) return createPostgresTestDb(dir);
  const file = path.join(dir, 'test.db');
  await deployMigrations(file, defaultDbPaths());
  const url = `file:${file}`;
  const client = createDb(url);
  return {
    client,
    url,
    file,
    dir,
    engine: 'sqlite',
    async cleanup() {
      await client.$disconnect();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `?` → `$n` for PostgreSQL. */
function placeholders(t: TestDb, sql: string): string {
  let n = 0;
  return t.engine === 'postgresql' ? sql.replace(/\?/g, () => `$${++n}`) : sql;
}

/**
 * Runs statements on a second connection of its own, outside the app's client, as someone with
 * direct database access would (tests of what the triggers and the audit chain notice). `?`
 * placeholders on both engines.
 */
export async function rawStatements(t: TestDb, ...statements: [string, ...unknown[]][]): Promise<void> {
  if (t.engine === 'postgresql') {
    const c = new pg.Client({ connectionString: t.url });
    await c.connect();
    try {
      for (const [sql, ...args] of statements) await c.query(placeholders(t, sql), args);
    } finally {
      await c.end();
    }
    return;
  }
  const { default: Database } = await import('better-sqlite3');
  const d = new Database(t.file);
  try {
    for (const [sql, ...args] of statements) d.prepare(sql).run(...args);
  } finally {
    d.close();
  }
}

/** DROP TRIGGER in the engine's spelling (PostgreSQL names the table). */
export function dropTrigger(t: TestDb, trigger: string, table: string): [string] {
  return [t.engine === 'postgresql' ? `DROP TRIGGER "${trigger}" ON "${table}"` : `DROP TRIGGER "${trigger}"`];
}

/** Makes every AuditLog insert fail (the audit store is down), on either engine: tests of fail-closed writes. */
export async function failAuditInserts(t: TestDb, message = 'audit store down'): Promise<void> {
  if (t.engine === 'postgresql') {
    await rawStatements(
      t,
      [`CREATE FUNCTION "test_audit_down"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '${message}'; END $$`],
      ['CREATE TRIGGER "test_audit_down" BEFORE INSERT ON "AuditLog" FOR EACH ROW EXECUTE FUNCTION "test_audit_down"()'],
    );
    return;
  }
  await t.client.$executeRawUnsafe(`CREATE TRIGGER "test_audit_down" BEFORE INSERT ON "AuditLog" BEGIN SELECT RAISE(ABORT, '${message}'); END`);
}
