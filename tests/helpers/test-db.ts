/** A real SQLite file with the real migrations applied, per test file. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDb, defaultDbPaths, deployMigrations } from '@/lib/db';
import type { Db } from '@/lib/db';

export interface TestDb {
  client: Db;
  url: string;
  file: string;
  dir: string;
  cleanup(): Promise<void>;
}

export async function createTestDb(): Promise<TestDb> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'som-test-'));
  const file = path.join(dir, 'test.db');
  await deployMigrations(file, defaultDbPaths());
  const url = `file:${file}`;
  const client = createDb(url);
  return {
    client,
    url,
    file,
    dir,
    async cleanup() {
      await client.$disconnect();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
