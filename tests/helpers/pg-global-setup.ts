/**
 * vitest globalSetup: with TEST_POSTGRES_URL set, migrates one template database for the run
 * (the PostgreSQL migrations, through the same code as `npm run db -- deploy`); each test file
 * clones it (tests/helpers/test-db.ts, ≈ 0.3 s with fsync off). Nothing happens on SQLite.
 */
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { defaultDbPaths, deployMigrations } from '@/lib/db/schema-engine';

declare module 'vitest' {
  export interface ProvidedContext {
    pgTemplate: string | null;
  }
}

async function admin(url: string, sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | void> {
  const url = process.env.TEST_POSTGRES_URL;
  if (!url) {
    project.provide('pgTemplate', null);
    return;
  }
  const template = `som_template_${process.pid}`;
  await admin(url, `DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
  await admin(url, `CREATE DATABASE "${template}"`);
  const u = new URL(url);
  u.pathname = `/${template}`;
  await deployMigrations(u.toString(), defaultDbPaths(process.cwd(), 'postgresql'));
  project.provide('pgTemplate', template);
  return async () => {
    await admin(url, `DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
  };
}
