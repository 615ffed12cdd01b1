/** TESTPLAN F6: a full disk fails the store as storage_full, raises one alert, writes no partial rows. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { loadConfig } from '@/lib/config';
import { getSource, openSystemEvents, upsertSources } from '@/lib/db';
import { createCrawlContext } from '@/lib/crawler/context';
import { runTick } from '@/lib/scheduler/tick';
import { SourceListSchema } from '@/lib/sources/schema';
import { createTestDb, sqliteOnly } from '../helpers/test-db';
import type { TestDb } from '../helpers/test-db';

let t: TestDb;
let server: http.Server;
let port = 0;
const big = '某市应急管理局通报：'.repeat(4000);

beforeAll(async () => {
  server = http.createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/rss+xml; charset=utf-8' });
    res.end(
      `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>${Array.from(
        { length: 40 },
        (_, i) => `<item><guid>${req.url}-${i}</guid><title>通报 ${i}</title><description>${big}</description></item>`,
      ).join('')}</channel></rss>`,
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
  t = await createTestDb();
  await upsertSources(
    t.client,
    SourceListSchema.parse(
      ['full-a', 'full-b'].map((id) => ({ id, name: id, url: `http://127.0.0.1:${port}/${id}.xml`, kind: 'rss', category: 'official' })),
    ),
    'user',
    new Date(),
  );
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  await t.cleanup();
});

// SQLite's max_page_count simulates a full disk; no PostgreSQL equivalent without a real full volume.
test.skipIf(!sqliteOnly)('SQLITE_FULL: storage_full, one alert, no partial rows, no strikes; reads keep working', async () => {
  // A deterministic "disk full" without root: cap the database at (nearly) its current size.
  const [row] = await t.client.$queryRawUnsafe<{ page_count: bigint }[]>('PRAGMA page_count');
  await t.client.$queryRawUnsafe(`PRAGMA max_page_count = ${Number(row?.page_count ?? 0) + 2}`);
  const cfg = loadConfig({ CRAWLER_ALLOW_PRIVATE: `127.0.0.1:${port}`, CRAWLER_HOST_DELAY_MS: '0' });
  const ctx = createCrawlContext({ cfg, db: t.client, workerId: 'w' });
  const r = await runTick(ctx, { limit: 5, concurrency: 1, leaseMs: 300_000, ids: ['full-a', 'full-b'], ignoreSchedule: true });

  expect(r.results.map((x) => x.errorClass)).toEqual(['storage_full', 'storage_full']);
  expect(r.results[0]?.message).toContain('存储空间已满');
  expect(await t.client.item.count()).toBe(0);
  for (const id of ['full-a', 'full-b']) {
     
    expect(await getSource(t.client, id)).toMatchObject({ errorCount: 0, etag: null });
  }
  await t.client.$queryRawUnsafe('PRAGMA max_page_count = 1073741823');
  const events = (await openSystemEvents(t.client)).filter((e) => e.kind === 'storage_full');
  // one alert for the fault, not one per source (a small row still fits in the pages left)
  expect(events.length).toBe(1);

  const again = await runTick(ctx, { limit: 5, concurrency: 1, leaseMs: 300_000, ids: ['full-a', 'full-b'], ignoreSchedule: true });
  expect(again.results.map((x) => x.new)).toEqual([40, 40]);
  expect((await openSystemEvents(t.client)).filter((e) => e.kind === 'storage_full')).toEqual([]);
});
