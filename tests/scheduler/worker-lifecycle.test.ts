/** TESTPLAN F4: SIGTERM during a crawl stops claiming, finishes in-flight work, releases leases, exits 0. */
import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { listSources, listWorkers, upsertSources } from '@/lib/db';
import { SourceListSchema } from '@/lib/sources/schema';
import { createTestDb } from '../helpers/test-db';
import type { TestDb } from '../helpers/test-db';

let t: TestDb;
let server: http.Server;
let port = 0;
let requests = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    requests++;
    setTimeout(() => {
      res.writeHead(200, { 'Content-Type': 'application/rss+xml' });
      res.end(`<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><guid>${req.url}</guid><title>预警发布 ${req.url}</title></item></channel></rss>`);
    }, 6000);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
  t = await createTestDb();
  await upsertSources(
    t.client,
    SourceListSchema.parse([{ id: 'slow-1', name: 'slow', url: `http://127.0.0.1:${port}/slow.xml`, kind: 'rss', category: 'official', intervalMinutes: 1 }]),
    'user',
    new Date(),
  );
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
  await t.cleanup();
});

test('the worker shuts down cleanly on SIGTERM in the middle of a fetch', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'crawlers/worker.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: t.url,
      DEMO_MODE: '0',
      CATALOGUE_ENABLED: '0',
      CRAWLER_ALLOW_PRIVATE: `127.0.0.1:${port}`,
      CRAWLER_HOST_DELAY_MS: '0',
      CRAWLER_TICK_CRON: '* * * * * *',
      LOG_LEVEL: 'silent',
    },
    stdio: 'ignore',
  });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const deadline = Date.now() + 60_000;
  while (requests === 0 && Date.now() < deadline) {
     
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(requests).toBe(1);
  const running = await listWorkers(t.client);
  expect(running[0]?.state).toBe('running');

  // Let a few more cron ticks fire while the fetch is still running (they must not start a new tick).
  await new Promise((r) => setTimeout(r, 2500));
  const sentAt = Date.now();
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
  expect(Date.now() - sentAt).toBeLessThan(25_000);

  // the in-flight fetch was finished and stored, nothing is left leased, and the worker says it stopped
  expect(await t.client.item.count()).toBe(1);
  const [src] = await listSources(t.client);
  expect(src?.leaseOwner).toBeNull();
  expect(src?.health).toBe('ok');
  expect((await listWorkers(t.client))[0]?.state).toBe('stopped');
  expect(requests).toBe(1); // no new claim after SIGTERM
}, 90_000);
