/** TESTPLAN F5: two crawler processes on one database fetch each source exactly once. */
import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { upsertSources } from '@/lib/db';
import { SourceListSchema } from '@/lib/sources/schema';
import { createTestDb } from '../helpers/test-db';
import type { TestDb } from '../helpers/test-db';

const N = 6;
const hits = new Map<string, number>();
let server: http.Server;
let port = 0;
let t: TestDb;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    hits.set(req.url ?? '', (hits.get(req.url ?? '') ?? 0) + 1);
    // slow enough that every claimed source is still in flight when the other process claims
    setTimeout(() => {
      res.writeHead(200, { 'Content-Type': 'application/rss+xml' });
      res.end(`<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><guid>${req.url}</guid><title>通报 ${req.url}</title></item></channel></rss>`);
    }, 2000);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
  t = await createTestDb();
  await upsertSources(
    t.client,
    SourceListSchema.parse(
      Array.from({ length: N }, (_, i) => ({ id: `s-${i}`, name: `s${i}`, url: `http://127.0.0.1:${port}/f${i}.xml`, kind: 'rss', category: 'official' })),
    ),
    'user',
    new Date(),
  );
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  await t.cleanup();
});

function crawlOnce(): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/crawl.ts', '--once'], {
      env: { ...process.env, DATABASE_URL: t.url, CRAWLER_ALLOW_PRIVATE: `127.0.0.1:${port}`, CRAWLER_HOST_DELAY_MS: '0', LOG_LEVEL: 'silent', CRAWLER_CONCURRENCY: '12' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}`))));
  });
}

test('two crawl processes started together fetch every source exactly once', async () => {
  const [a, b] = await Promise.all([crawlOnce(), crawlOnce()]);
  const lines = [...a.split('\n'), ...b.split('\n')].filter(Boolean).map((l) => JSON.parse(l) as { source: string; status: string; errorClass: string | null });
  const fetchedBy = lines.filter((l) => l.status === 'ok');
  if (fetchedBy.length !== N) console.log('LINES', JSON.stringify(lines));
  expect(fetchedBy.length).toBe(N);
  expect(new Set(fetchedBy.map((l) => l.source)).size).toBe(N);
  expect([...hits.values()].every((n) => n === 1)).toBe(true);
  expect(hits.size).toBe(N);
  expect(await t.client.item.count()).toBe(N);
});
