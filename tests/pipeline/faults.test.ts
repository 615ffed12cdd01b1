/** TESTPLAN F1: SQLite "database is locked" during a store is a db_busy re-queue, not a loss. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { loadConfig } from '@/lib/config';
import { getSource, prepareSqlite, upsertSources } from '@/lib/db';
import { createCrawlContext } from '@/lib/crawler/context';
import { runTick } from '@/lib/scheduler/tick';
import { SourceListSchema } from '@/lib/sources/schema';
import { createTestDb, sqliteOnly } from '../helpers/test-db';
import type { TestDb } from '../helpers/test-db';

const FEED = `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>${Array.from(
  { length: 5 },
  (_, i) => `<item><guid>g${i}</guid><title>隐患排查通报 ${i}</title><link>http://example.gov.cn/${i}.html</link></item>`,
).join('')}</channel></rss>`;

let t: TestDb;
let server: http.Server;
let port = 0;
let locker: Database.Database | null = null;  
let lockOnRequest = false;

beforeAll(async () => {
  t = await createTestDb();
  await prepareSqlite(t.client);
  server = http.createServer((_req, res) => {
    if (lockOnRequest) {
      // Another process grabs the write lock while we are fetching, and holds it 8 s (> busy_timeout 5 s).
      locker = new Database(t.file);
      locker.exec('BEGIN IMMEDIATE');
      const held = locker;
      setTimeout(() => {
        held.exec('COMMIT');
        held.close();
      }, 8000);
    }
    res.writeHead(200, { 'Content-Type': 'application/rss+xml', ETag: '"e1"' });
    res.end(FEED);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
  await upsertSources(
    t.client,
    SourceListSchema.parse([{ id: 'locked', name: 'locked', url: `http://127.0.0.1:${port}/f.xml`, kind: 'rss', category: 'official' }]),
    'user',
    new Date(),
  );
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  await t.cleanup();
});

// SQLite's file lock and busy_timeout; PostgreSQL has neither (its writers queue on row and advisory locks).
test.skipIf(!sqliteOnly)('a store blocked past busy_timeout fails as db_busy, re-queues the source and loses nothing', async () => {
  const cfg = loadConfig({ CRAWLER_ALLOW_PRIVATE: `127.0.0.1:${port}`, CRAWLER_HOST_DELAY_MS: '0' });
  const ctx = createCrawlContext({ cfg, db: t.client, workerId: 'w' });
  const tick = () => runTick(ctx, { limit: 5, concurrency: 1, leaseMs: 300_000, ids: ['locked'], ignoreSchedule: true });

  lockOnRequest = true;
  const r1 = await tick();
  lockOnRequest = false;
  expect(r1.results[0]).toMatchObject({ status: 'error', errorClass: 'db_busy' });
  expect(r1.results[0]?.message).toContain('数据库繁忙');
   
  while (locker?.open) await new Promise((r) => setTimeout(r, 100)); // the other writer finishes
  const row = await getSource(t.client, 'locked');
  // Not counted as the source's fault, validators not advanced, nothing half-written.
  expect(row).toMatchObject({ etag: null, errorCount: 0 });
  expect(await t.client.item.count()).toBe(0);

  // The lease was given back, or (if the database was still locked then) expires: either way it runs again.
  const afterLease = new Date(Date.now() + 301_000);
  ctx.now = () => afterLease;
  const r2 = await tick();
  expect(r2.results[0]).toMatchObject({ status: 'ok', new: 5 });
  expect((await getSource(t.client, 'locked'))?.etag).toBe('"e1"');
}, 60_000);
