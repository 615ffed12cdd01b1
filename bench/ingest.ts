/**
 * `npm run bench`: ingest throughput for a generated feed set served on loopback.
 * Prints items/s through fetch → decode → parse → normalise → dedupe → store, for a first poll
 * (all new) and a re-poll without ETags (all duplicates), plus peak memory. Figures, not assertions.
 *
 * Each feed gets its own virtual host name (resolved to 127.0.0.1 by an injected lookup), so the
 * per-host politeness limit applies as it would across real sites.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '@/lib/config';
import { countItems, createDb, deployMigrations, defaultDbPaths, prepareSqlite, upsertSources } from '@/lib/db';
import { createCrawlContext } from '@/lib/crawler/context';
import { runTick } from '@/lib/scheduler/tick';
import { SourceListSchema } from '@/lib/sources/schema';

const FEEDS = Number(process.env.BENCH_FEEDS ?? 200);
const ITEMS = Number(process.env.BENCH_ITEMS ?? 100);

const PHRASES = [
  '某市应急管理局通报一起较大生产安全事故',
  '矿山救援队连夜开展井下搜救，被困人员家属情绪稳定',
  '省安委会部署开展危险化学品安全专项整治',
  '网友质疑事故伤亡人数，官方回应将依法依规调查',
  '气象台发布暴雨橙色预警，提醒做好地质灾害防范',
];

function feedXml(feed: number): string {
  const items: string[] = [];
  for (let i = 0; i < ITEMS; i++) {
    const p = PHRASES[(feed + i) % PHRASES.length] ?? '';
    items.push(
      `<item><guid>f${feed}-i${i}</guid><title>${p}（${feed}-${i}）</title><link>https://news${feed}.example.cn/a/${i}.html?spm=x</link>` +
        `<description>&lt;p&gt;${p}。${p}。记者从现场获悉，相关部门已启动应急响应，事故原因正在调查中。&lt;/p&gt;</description>` +
        `<pubDate>Fri, 21 Aug 2026 ${String(i % 24).padStart(2, '0')}:30:00 +0800</pubDate></item>`,
    );
  }
  return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>bench ${feed}</title>${items.join('')}</channel></rss>`;
}

async function main(): Promise<void> {
  const bodies = Array.from({ length: FEEDS }, (_, i) => Buffer.from(feedXml(i)));
  const server = http.createServer((req, res) => {
    const n = Number(/\/feed\/(\d+)/.exec(req.url ?? '')?.[1] ?? -1);
    const body = bodies[n];
    if (!body) return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': 'application/rss+xml; charset=utf-8', 'Content-Length': body.length });
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'som-bench-'));
  const file = path.join(dir, 'bench.db');
  await deployMigrations(file, defaultDbPaths());
  const client = createDb(`file:${file}`);
  await prepareSqlite(client);
  const cfg = loadConfig({ CRAWLER_ALLOW_PRIVATE: `127.0.0.1:${port}`, CRAWLER_RESPECT_ROBOTS: '0', LOG_LEVEL: 'silent' });
  const sources = SourceListSchema.parse(
    Array.from({ length: FEEDS }, (_, i) => ({
      id: `bench-${i}`,
      name: `bench ${i}`,
      url: `http://feed${i}.bench.test:${port}/feed/${i}`,
      kind: 'rss',
      category: 'local_media',
    })),
  );
  await upsertSources(client, sources, 'user', new Date());
  const ctx = createCrawlContext({ cfg, db: client, workerId: 'bench' });
  ctx.fetch = {
    ...ctx.fetch,
    allowPrivate: [`127.0.0.1:${port}`, `*.bench.test`],
    allowPorts: [port],
    lookup: (_host, _opts, cb) => cb(null, [{ address: '127.0.0.1', family: 4 }]),
  };

  let peakRss = 0;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 20);
  const rssBefore = process.memoryUsage().rss;

  const ids = sources.map((s) => s.id);
  const run = async (label: string) => {
    const t0 = performance.now();
    const r = await runTick(ctx, { limit: ids.length, concurrency: cfg.crawl.concurrency, leaseMs: 300_000, ids, ignoreSchedule: true });
    const secs = (performance.now() - t0) / 1000;
    const fetched = r.results.reduce((n, x) => n + x.fetched, 0);
    const added = r.results.reduce((n, x) => n + x.new, 0);
    const errors = r.results.filter((x) => x.status === 'error');
    const mb = (bodies.reduce((n, b) => n + b.length, 0) / 1024 / 1024).toFixed(1);
    console.log(
      `${label.padEnd(28)} ${String(fetched).padStart(7)} items in ${secs.toFixed(2)} s = ${Math.round(fetched / secs)} items/s (${mb} MB of feeds; new ${added}; errors ${errors.length}${errors[0] ? `: ${errors[0].errorClass}` : ''})`,
    );
  };
  console.log(`ingest bench: ${FEEDS} feeds × ${ITEMS} items, concurrency ${cfg.crawl.concurrency}, SQLite ${file}`);
  await run('first poll (all new)');
  await run('re-poll (all duplicates)');
  clearInterval(sampler);
  const usage = process.resourceUsage();
  console.log(`peak RSS ${(peakRss / 1024 / 1024).toFixed(0)} MiB (start ${(rssBefore / 1024 / 1024).toFixed(0)} MiB; maxRSS ${(usage.maxRSS / 1024).toFixed(0)} MiB)`);
  console.log(`items stored: ${await countItems(client)}`);
  await client.$disconnect();
  server.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
