import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, test } from 'vitest';
import {
  createMigration,
  defaultDbPaths,
  deployMigrations,
  ensureMigrated,
  migrationStatus,
  pendingSchemaChange,
} from '@/lib/db/schema-engine';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'som-dbtool-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('db tool (wasm schema engine, no download)', () => {
  test('deploy creates a fresh database with every table, and is idempotent', async () => {
    const file = path.join(tmp, 'fresh', 'app.db');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const before = await migrationStatus(file, defaultDbPaths());
    expect(before.pending.length).toBe(before.migrations.length);
    expect(before.migrations.length).toBeGreaterThan(0);

    const first = await deployMigrations(file, defaultDbPaths());
    expect(first.applied).toEqual(before.migrations);
    const tables = new Database(file, { readonly: true })
      .prepare("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")
      .all()
      .map((r) => (r as { name: string }).name);
    expect(tables).toEqual(expect.arrayContaining(['Source', 'Item', 'FetchLog', 'WorkerHeartbeat', 'SystemEvent', '_prisma_migrations']));

    const second = await deployMigrations(file, defaultDbPaths());
    expect(second.applied).toEqual([]);
    const after = await migrationStatus(file, defaultDbPaths());
    expect(after.pending).toEqual([]);
    expect(after.problems).toEqual([]);
  });

  test('the committed migrations match the schema (nobody changed one without the other)', async () => {
    expect(await pendingSchemaChange(defaultDbPaths())).toBe('');
  });

  test('create writes a migration for a schema change, and deploy then applies it', async () => {
    const work = path.join(tmp, 'project');
    const paths = { schemaPath: path.join(work, 'schema.prisma'), migrationsDir: path.join(work, 'migrations') };
    fs.mkdirSync(work, { recursive: true });
    fs.cpSync(defaultDbPaths().migrationsDir, paths.migrationsDir, { recursive: true });
    const schema = fs.readFileSync(defaultDbPaths().schemaPath, 'utf8');
    fs.writeFileSync(paths.schemaPath, `${schema}\nmodel ProbeTable {\n  id Int @id\n  label String\n}\n`);

    expect(await pendingSchemaChange(paths)).toContain('CREATE TABLE "ProbeTable"');
    const name = await createMigration(paths, 'add_probe', new Date('2030-01-02T03:04:05Z'));
    expect(name).toBe('20300102030405_add_probe');
    expect(await pendingSchemaChange(paths)).toBe('');
    expect(await createMigration(paths, 'nothing_new')).toBeNull();

    const file = path.join(tmp, 'project.db');
    const res = await deployMigrations(file, paths);
    expect(res.applied).toContain('20300102030405_add_probe');
    const cols = new Database(file, { readonly: true }).prepare('PRAGMA table_info("ProbeTable")').all();
    expect(cols.map((c) => (c as { name: string }).name)).toEqual(['id', 'label']);
  });

  test('an edited, already-applied migration is reported', async () => {
    const work = path.join(tmp, 'edited');
    const paths = { schemaPath: defaultDbPaths().schemaPath, migrationsDir: path.join(work, 'migrations') };
    fs.cpSync(defaultDbPaths().migrationsDir, paths.migrationsDir, { recursive: true });
    const file = path.join(work, 'app.db');
    await deployMigrations(file, paths);
    const [first] = fs.readdirSync(paths.migrationsDir).filter((d) => /^\d/.test(d)).sort();
    fs.appendFileSync(path.join(paths.migrationsDir, first as string, 'migration.sql'), '\n-- edited\n');
    const status = await migrationStatus(file, paths);
    expect(status.problems.join('\n')).toContain('被修改过');
  });

  test('ensureMigrated: several processes starting together on a fresh file all succeed; a current file is left alone', async () => {
    const file = path.join(tmp, 'together.db');
    const runs = await Promise.all([ensureMigrated(file, defaultDbPaths()), ensureMigrated(file, defaultDbPaths()), ensureMigrated(file, defaultDbPaths())]);
    const applied = runs.flatMap((r) => r.applied);
    expect(new Set(applied)).toEqual(new Set(fs.readdirSync(defaultDbPaths().migrationsDir).filter((d) => /^\d/.test(d))));
    expect((await migrationStatus(file, defaultDbPaths())).pending).toEqual([]);
    expect(await ensureMigrated(file, defaultDbPaths())).toEqual({ applied: [] });
  });

  test('bad migration names are refused', async () => {
    await expect(createMigration(defaultDbPaths(), 'Bad Name!')).rejects.toThrow('迁移名');
  });
});
