/**
 * The full-text index lives in a migration as raw SQL (an FTS5 virtual table Prisma cannot
 * describe). The schema check must not read it as drift, yet still catch real drift; and a
 * database that upgrades gets its older items indexed by the worker's background re-analysis.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, test } from 'vitest';
import { createDb, isIndexedForSearch, listItems, prepareSearchSegmenter, searchItems, storeFetchSuccess, upsertLexiconEntry, upsertSources } from '@/lib/db';
import { segment } from '@/lib/analysis/segment';
import { defaultDbPaths, deployMigrations, externallyManagedTables, pendingSchemaChange, readMigrations } from '@/lib/db/schema-engine';
import { AnalysisRunner } from '@/lib/pipeline/analyse';
import { seedAnalysisLexicon } from '@/lib/pipeline/seed';
import { parseSearchQuery } from '@/lib/search/query';
import { SourceListSchema } from '@/lib/sources/schema';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'som-items-migr-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const SEARCH_MIGRATION = readMigrations(defaultDbPaths().migrationsDir).migrationDirectories.find((d) => d.path.endsWith('_item_search'))?.path;

describe('schema check with an FTS5 table', () => {
  test('the FTS5 table and its shadow tables are externally managed, read from the migrations', () => {
    const names = externallyManagedTables(readMigrations(defaultDbPaths().migrationsDir));
    expect(names).toEqual(expect.arrayContaining(['ItemSearch', 'ItemSearch_data', 'ItemSearch_idx', 'ItemSearch_docsize', 'ItemSearch_config']));
    expect(names).not.toContain('Item');
  });

  test('npm run db -- check passes: the migrations match the schema', async () => {
    expect(SEARCH_MIGRATION).toBeDefined();
    expect(await pendingSchemaChange(defaultDbPaths())).toBe('');
  });

  test('real drift is still reported, and never as dropping the search index', async () => {
    const work = path.join(tmp, 'drift');
    const paths = { schemaPath: path.join(work, 'schema.prisma'), migrationsDir: path.join(work, 'migrations') };
    fs.mkdirSync(work, { recursive: true });
    fs.cpSync(defaultDbPaths().migrationsDir, paths.migrationsDir, { recursive: true });
    const schema = fs.readFileSync(defaultDbPaths().schemaPath, 'utf8');
    fs.writeFileSync(paths.schemaPath, schema.replace('@@index([isDemo, sortAt])', ''));
    const sql = await pendingSchemaChange(paths);
    expect(sql).toContain('DROP INDEX "Item_isDemo_sortAt_idx"');
    expect(sql).not.toMatch(/ItemSearch/);
  });

  test('another FTS5 table added by a later migration is understood the same way', async () => {
    const work = path.join(tmp, 'second-fts');
    const paths = { schemaPath: defaultDbPaths().schemaPath, migrationsDir: path.join(work, 'migrations') };
    fs.cpSync(defaultDbPaths().migrationsDir, paths.migrationsDir, { recursive: true });
    fs.mkdirSync(path.join(paths.migrationsDir, '20991231000000_more_search'));
    fs.writeFileSync(
      path.join(paths.migrationsDir, '20991231000000_more_search', 'migration.sql'),
      'CREATE VIRTUAL TABLE "EventSearch" USING fts5("title", content=\'\', contentless_delete=1);\n',
    );
    expect(externallyManagedTables(readMigrations(paths.migrationsDir))).toContain('EventSearch_docsize');
    expect(await pendingSchemaChange(paths)).toBe('');
  });
});

describe('upgrading a database analysed before the search index existed', () => {
  test('its analyses become stale and the background re-analysis indexes every old item', async () => {
    const file = path.join(tmp, 'old.db');
    // The database as the previous release left it: every migration before the search index.
    const oldDir = path.join(tmp, 'old-migrations');
    fs.cpSync(defaultDbPaths().migrationsDir, oldDir, { recursive: true });
    fs.rmSync(path.join(oldDir, SEARCH_MIGRATION as string), { recursive: true });
    await deployMigrations(file, { schemaPath: defaultDbPaths().schemaPath, migrationsDir: oldDir });
    const client = createDb(`file:${file}`);
    try {
      const now = new Date('2026-11-20T00:00:00Z');
      await upsertSources(client, SourceListSchema.parse([{ id: 'old-news', name: '旧新闻', url: 'http://127.0.0.1:9/a.xml', kind: 'rss', category: 'local_media' }]), 'user', now);
      const texts = [
        ['某煤矿发生透水事故', '井下3人被困，救援正在进行。'],
        ['化工厂储罐起火', '现场浓烟滚滚，暂无人员伤亡。'],
        ['安全生产月活动启动', '各地开展宣传教育。'],
      ];
      await storeFetchSuccess(client, {
        sourceId: 'old-news', workerId: 'old', startedAt: now, finishedAt: now, httpStatus: 200, status: 'ok',
        items: texts.map(([title, text], i) => ({
          itemHash: `old-${i}`, contentHash: `old-${i}`, guid: null, url: null, title: title as string, summaryText: text as string,
          contentText: null, summaryHtml: null, contentHtml: null, author: null, categories: [],
          publishedAt: new Date(now.getTime() - i * 3_600_000), publishedRaw: null, dateFlag: null,
        })),
        etag: null, lastModified: null, nextCheckAt: now, isDemo: false,
      });
      // Analyses as the old release wrote them (no sortAt column, no index).
      const raw = new Database(file);
      const ids = (raw.prepare('SELECT id FROM "Item" ORDER BY id').all() as { id: number }[]).map((r) => r.id);
      for (const id of ids) {
        raw.prepare(`INSERT INTO "ItemAnalysis" ("itemId", "lexiconVersion", "analysedAt", "sentiment", "label", "risk", "sensitivity", "cuesJson", "riskJson", "factsJson", "simhash", "minhash")
          VALUES (?, 1, ?, 0, 'neutral', 0, 'none', '[]', '{}', '{}', '0000000000000000', '')`).run(id, now.toISOString());
      }
      raw.close();

      const upgraded = await deployMigrations(file, defaultDbPaths());
      expect(upgraded.applied).toEqual([SEARCH_MIGRATION]);
      const rows = await client.itemAnalysis.findMany({ select: { itemId: true, lexiconVersion: true, sortAt: true, item: { select: { sortAt: true } } } });
      expect(rows).toHaveLength(3);
      for (const r of rows) {
        expect(r.lexiconVersion).toBe(0);
        expect(r.sortAt?.getTime()).toBe(r.item.sortAt.getTime());
        expect(await isIndexedForSearch(client, r.itemId)).toBe(false);
      }
      // The list works at once (sortAt copies were filled by the migration).
      expect((await listItems(client, { label: 'neutral' })).rows).toHaveLength(3);

      // What the worker does between ticks: the re-analysis job catches the old items up.
      await seedAnalysisLexicon(client);
      const r = await new AnalysisRunner(client, { now: () => now, batchSize: 2 }).catchUp();
      expect(r.analysed).toBe(3);
      expect(r.jobId).not.toBeNull();
      const job = await client.analysisJob.findUniqueOrThrow({ where: { id: r.jobId as number } });
      expect(job).toMatchObject({ state: 'done', done: 3 });
      for (const id of ids) expect(await isIndexedForSearch(client, id)).toBe(true);
      const q = parseSearchQuery('透水');
      if (q.kind !== 'ok') throw new Error('parse');
      expect((await searchItems(client, {}, q.match)).rows.map((x) => x.title)).toEqual(['某煤矿发生透水事故']);
    } finally {
      await client.$disconnect();
    }
  });
});

describe('queries are cut like the index', () => {
  test("the web process learns the stored lexicon's own words before parsing a search", async () => {
    const file = path.join(tmp, 'lexicon.db');
    await deployMigrations(file, defaultDbPaths());
    const client = createDb(`file:${file}`);
    try {
      const word = '鲲鹏湾隧道';
      expect(segment(word).map((s) => s.word)).not.toEqual([word]);
      await upsertLexiconEntry(client, { kind: 'segment', term: word, by: 'test' });
      await prepareSearchSegmenter(client);
      expect(segment(word).map((s) => s.word)).toEqual([word]);
      expect(parseSearchQuery(word)).toMatchObject({ kind: 'ok', match: `"${word}"` });
    } finally {
      await client.$disconnect();
    }
  });
});
