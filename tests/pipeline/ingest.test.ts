/**
 * The pipeline end to end against real HTTP servers on 127.0.0.1 and a real SQLite file:
 * re-polls add nothing, failures lose nothing, a killed crawler loses no run and doubles no item.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadConfig } from '@/lib/config';
import { getSource, openSystemEvents, upsertSources } from '@/lib/db';
import { createCrawlContext } from '@/lib/crawler/context';
import { runTick } from '@/lib/scheduler/tick';
import { SourceListSchema } from '@/lib/sources/schema';
import { createTestDb } from '../helpers/test-db';
import type { TestDb } from '../helpers/test-db';

function rss(items: { id: string; title: string }[]): string {
  return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>某省应急管理厅</title><link>http://example.gov.cn/</link>${items
    .map(
      (i) =>
        `<item><guid>${i.id}</guid><title>${i.title}</title><link>http://example.gov.cn/${i.id}.html?utm_source=rss</link><description>&lt;p&gt;${i.title}，现场救援正在进行。&lt;/p&gt;</description><pubDate>Fri, 21 Aug 2026 10:30:00 +0800</pubDate></item>`,
    )
    .join('')}</channel></rss>`;
}

const ITEMS = Array.from({ length: 12 }, (_, i) => ({ id: `n${i}`, title: `某市煤矿透水事故救援进展通报（第${i + 1}号）` }));

interface Behaviour {
  body: string;
  etag?: string;
  /** Answer 429 with this Retry-After. */
  retryAfter?: string;
  /** Answer 301 to this path. */
  movedTo?: string;
  /** Send headers and half the body, then stall (to kill a crawler mid-fetch). */
  stall?: boolean;
}
const behaviours = new Map<string, Behaviour>();
const hits = new Map<string, number>();
let server: http.Server;
let port = 0;
let t: TestDb;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const p = req.url ?? '/';
    hits.set(p, (hits.get(p) ?? 0) + 1);
    const b = behaviours.get(p);
    if (!b) return void res.writeHead(404).end();
    if (b.retryAfter) return void res.writeHead(429, { 'Retry-After': b.retryAfter }).end();
    if (b.movedTo) return void res.writeHead(301, { Location: b.movedTo }).end();
    if (b.etag && req.headers['if-none-match'] === b.etag) return void res.writeHead(304, { ETag: b.etag }).end();
    const body = Buffer.from(b.body);
    res.writeHead(200, { 'Content-Type': 'application/rss+xml; charset=utf-8', 'Content-Length': body.length, ...(b.etag ? { ETag: b.etag } : {}) });
    if (b.stall) {
      res.write(body.subarray(0, body.length >> 1));
      return; // never finishes
    }
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
  t = await createTestDb();
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
  await t.cleanup();
});

function ctxAt(now: () => Date, extra: Record<string, string> = {}) {
  const cfg = loadConfig({
    CRAWLER_ALLOW_PRIVATE: `127.0.0.1:${port}`,
    CRAWLER_HOST_DELAY_MS: '0',
    CRAWLER_TOTAL_TIMEOUT_MS: '3000',
    CRAWLER_RESPECT_ROBOTS: '0',
    ...extra,
  });
  return createCrawlContext({ cfg, db: t.client, workerId: 'test-worker', now });
}

async function addSource(id: string, pathName: string) {
  await upsertSources(
    t.client,
    SourceListSchema.parse([{ id, name: id, url: `http://127.0.0.1:${port}${pathName}`, kind: 'rss', category: 'official', intervalMinutes: 10 }]),
    'user',
    new Date('2026-08-21T00:00:00Z'),
  );
}
const countItems = (sourceId: string) => t.client.item.count({ where: { sourceId } });
const tick = (now: Date, ids: string[]) =>
  runTick(ctxAt(() => now), { limit: 50, concurrency: 4, leaseMs: 300_000, ids, ignoreSchedule: true });

describe('ingest pipeline', () => {
  test('first poll stores every item; a re-poll adds 0 (304 with ETag, duplicates without)', async () => {
    behaviours.set('/a.xml', { body: rss(ITEMS), etag: '"v1"' });
    await addSource('src-a', '/a.xml');
    const r1 = await tick(new Date('2026-08-21T03:00:00Z'), ['src-a']);
    expect(r1.results).toEqual([{ source: 'src-a', status: 'ok', fetched: 12, new: 12, duplicates: 0, errorClass: null, message: null }]);
    expect(await countItems('src-a')).toBe(12);

    const r2 = await tick(new Date('2026-08-21T03:10:00Z'), ['src-a']);
    expect(r2.results[0]).toMatchObject({ status: 'not_modified', new: 0 });

    behaviours.set('/a.xml', { body: rss(ITEMS) }); // server stops sending ETags
    const r3 = await tick(new Date('2026-08-21T03:20:00Z'), ['src-a']);
    expect(r3.results[0]).toMatchObject({ status: 'ok', fetched: 12, new: 0, duplicates: 12 });
    expect(await countItems('src-a')).toBe(12);

    const item = await t.client.item.findFirst({ where: { sourceId: 'src-a', guid: 'n0' } });
    expect(item?.url).toBe('http://example.gov.cn/n0.html'); // tracking parameter gone
    expect(item?.publishedAt?.toISOString()).toBe('2026-08-21T02:30:00.000Z');
    expect(item?.summaryText).toContain('现场救援正在进行');
    const src = await getSource(t.client, 'src-a');
    expect(src).toMatchObject({ health: 'ok', errorCount: 0, itemsTotal: 12, leaseOwner: null });
  });

  test('a broken feed is a clear error and loses nothing: items kept, ETag not advanced, other sources unaffected', async () => {
    behaviours.set('/b.xml', { body: rss(ITEMS.slice(0, 3)), etag: '"b1"' });
    await addSource('src-b', '/b.xml');
    behaviours.set('/c.xml', { body: rss(ITEMS.slice(5, 7)) });
    await addSource('src-c', '/c.xml');
    await tick(new Date('2026-08-21T04:00:00Z'), ['src-b']);
    expect(await countItems('src-b')).toBe(3);

    behaviours.set('/b.xml', { body: '<html><body><h1>系统维护中</h1><p>请稍后访问</p></body></html>', etag: '"b2"' });
    const r = await tick(new Date('2026-08-21T04:10:00Z'), ['src-b', 'src-c']);
    const b = r.results.find((x) => x.source === 'src-b');
    const c = r.results.find((x) => x.source === 'src-c');
    expect(b?.status).toBe('error');
    expect(['not_a_feed', 'blocked_by_waf', 'parse_error']).toContain(b?.errorClass);
    expect(b?.message).toMatch(/[\u4e00-\u9fff]/);
    expect(c).toMatchObject({ status: 'ok', new: 2 });
    expect(await countItems('src-b')).toBe(3);
    const row = await getSource(t.client, 'src-b');
    expect(row).toMatchObject({ etag: '"b1"', health: 'degraded', errorCount: 1, lastErrorCode: b?.errorClass });
    const log = await t.client.fetchLog.findFirst({ where: { sourceId: 'src-b', status: 'error' } });
    expect(Buffer.from(log?.debugBody ?? []).toString()).toContain('系统维护中');
  });

  test('429 with Retry-After is honoured and is not held against the source', async () => {
    behaviours.set('/busy.xml', { body: '', retryAfter: '3600' });
    await addSource('src-busy', '/busy.xml');
    const now = new Date('2026-08-21T06:00:00Z');
    const r = await tick(now, ['src-busy']);
    expect(r.results[0]).toMatchObject({ status: 'error', errorClass: 'http_too_many_requests' });
    const row = await getSource(t.client, 'src-busy');
    expect(row?.errorCount).toBe(0);
    expect(row?.nextCheckAt.getTime()).toBe(now.getTime() + 3_600_000);
  });

  test('B33: a feed that moved permanently is followed, and its stored URL changes after 3 identical 301s', async () => {
    behaviours.set('/old.xml', { body: '', movedTo: '/new.xml' });
    behaviours.set('/new.xml', { body: rss(ITEMS.slice(0, 2)) });
    await addSource('src-moved', '/old.xml');
    const base = new Date('2026-08-21T07:00:00Z').getTime();
    for (let i = 0; i < 2; i++) {
       
      const r = await tick(new Date(base + i * 60_000), ['src-moved']);
      expect(r.results[0]).toMatchObject({ status: 'ok' });
       
      expect((await getSource(t.client, 'src-moved'))?.url).toBe(`http://127.0.0.1:${port}/old.xml`);
    }
    await tick(new Date(base + 3 * 60_000), ['src-moved']);
    expect((await getSource(t.client, 'src-moved'))?.url).toBe(`http://127.0.0.1:${port}/new.xml`);
    expect(await countItems('src-moved')).toBe(2);
  });

  test('a crawler killed mid-fetch loses no run and doubles no item', async () => {
    behaviours.set('/k.xml', { body: rss(ITEMS), stall: true });
    await addSource('src-k', '/k.xml');
    const sourcesFile = path.join(t.dir, 'k.json');
    fs.writeFileSync(
      sourcesFile,
      JSON.stringify([{ id: 'src-k', name: 'src-k', url: `http://127.0.0.1:${port}/k.xml`, kind: 'rss', category: 'official', intervalMinutes: 10 }]),
    );
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/crawl.ts', '--once', '--sources', sourcesFile], {
      env: { ...process.env, DATABASE_URL: t.url, CRAWLER_ALLOW_PRIVATE: `127.0.0.1:${port}`, CRAWLER_HOST_DELAY_MS: '0', LOG_LEVEL: 'silent' },
      stdio: 'ignore',
    });
    const deadline = Date.now() + 60_000;
    while (!hits.get('/k.xml') && Date.now() < deadline) {
       
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(hits.get('/k.xml')).toBe(1);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));

    const held = await getSource(t.client, 'src-k');
    expect(held?.leaseOwner).toMatch(/^cli:/); // the dead process still holds it…
    expect(await countItems('src-k')).toBe(0); // …and wrote nothing half-way

    behaviours.set('/k.xml', { body: rss(ITEMS) });
    const soon = held?.leaseUntil ? new Date(held.leaseUntil.getTime() - 1000) : new Date();
    expect((await tick(soon, ['src-k'])).results).toEqual([]); // lease still valid: nobody double-fetches
    const afterLease = new Date((held?.leaseUntil ?? new Date()).getTime() + 1000);
    const r = await tick(afterLease, ['src-k']);
    expect(r.results[0]).toMatchObject({ status: 'ok', new: 12 });
    expect((await tick(new Date(afterLease.getTime() + 60_000), ['src-k'])).results[0]).toMatchObject({ new: 0 });
    expect(await countItems('src-k')).toBe(12);
  });

  test('most sources failing at the network layer is one egress outage, not strikes against each source', async () => {
    const dead: string[] = [];
    for (let i = 0; i < 5; i++) {
      // a port nobody listens on: connection refused
      const s = http.createServer();
       
      await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
      const p = (s.address() as AddressInfo).port;
       
      await new Promise<void>((r) => s.close(() => r()));
      const id = `dead-${i}`;
      dead.push(id);
       
      await upsertSources(
        t.client,
        SourceListSchema.parse([{ id, name: id, url: `http://127.0.0.1:${p}/feed.xml`, kind: 'rss', category: 'local_media' }]),
        'user',
        new Date('2026-08-21T00:00:00Z'),
      );
      dead.push(`127.0.0.1:${p}`);
    }
    const ids = dead.filter((d) => d.startsWith('dead-'));
    const allow = [`127.0.0.1:${port}`, ...dead.filter((d) => d.startsWith('127.'))].join(',');
    const now = new Date('2026-08-21T05:00:00Z');
    const r = await runTick(ctxAt(() => now, { CRAWLER_ALLOW_PRIVATE: allow }), {
      limit: 50,
      concurrency: 5,
      leaseMs: 300_000,
      ids: [...ids, 'src-c'],
      ignoreSchedule: true,
    });
    expect(r.egressOutage).toBe(true);
    expect(r.results.filter((x) => x.errorClass === 'connect_error').length).toBe(5);
    const events = await openSystemEvents(t.client);
    expect(events.filter((e) => e.kind === 'egress_outage').length).toBe(1);
    for (const id of ids) {
      expect((await getSource(t.client, id))?.errorCount).toBe(0);
    }

    // F8: a cycle in which only unreachable sources run says nothing new; the outage stays declared…
    const quiet = await runTick(ctxAt(() => new Date(now.getTime() + 60_000), { CRAWLER_ALLOW_PRIVATE: allow }), {
      limit: 50,
      concurrency: 5,
      leaseMs: 300_000,
      ids: ids.slice(0, 2),
      ignoreSchedule: true,
    });
    expect(quiet.egressOutage).toBe(true);
    expect((await getSource(t.client, ids[0] ?? ''))?.errorCount).toBe(0);
    // …until an external source gets through again: then it closes.
    const back = await runTick(ctxAt(() => new Date(now.getTime() + 120_000), { CRAWLER_ALLOW_PRIVATE: allow }), {
      limit: 50,
      concurrency: 5,
      leaseMs: 300_000,
      ids: ['src-c'],
      ignoreSchedule: true,
    });
    expect(back.egressOutage).toBe(false);
    expect((await openSystemEvents(t.client)).filter((e) => e.kind === 'egress_outage')).toEqual([]);
  });
});
