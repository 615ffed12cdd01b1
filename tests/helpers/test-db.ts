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
