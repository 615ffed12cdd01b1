/**
 * `npm run bench` (pages): server response time of the dashboard's busiest pages on a generated
 * database of BENCH_PAGE_ITEMS items (default 1,000,000). Figures, not assertions.
 *
 * The database is made the product's own way, then multiplied: the demo week is replayed through
 * storage, analysis, event grouping and detection (lib/pipeline/replay.ts), and its analysed items
 * are copied with their analysis, topics and search-index rows across 180 days and 200 sources.
 * Hourly rollups are then recomputed by the product's own function. The result is cached in
 * bench-results/ (keyed by item count and migrations), so a second run starts at once.
 *
 * Each page is requested sequentially over loopback from the built app (`next start`), after a
 * warm-up; the time is from sending the request to the last byte of the response.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { createDb, defaultDbPaths, rebuildHourlyRollups } from '@/lib/db';
import { demoReplayItems } from '@/lib/eval/alerts';
import { replay } from '@/lib/pipeline/replay';
import { searchDocument } from '@/lib/search/document';
import { buildIfNeeded } from '../scripts/build';

const ITEMS = Number(process.env.BENCH_PAGE_ITEMS ?? 1_000_000);
const REQUESTS = Number(process.env.BENCH_PAGE_REQUESTS ?? 40);
const WARMUP = 3;
const DAYS = 180;
const SOURCES = 200;
const HOUR = 3_600_000;
const OUT_DIR = path.resolve('bench-results');

const CATEGORIES = ['official', 'central_media', 'local_media', 'forum_social', 'own_site'] as const;

function migrationsKey(): string {
  const dir = defaultDbPaths().migrationsDir;
  const h = createHash('sha256');
  for (const name of fs.readdirSync(dir).sort()) {
    const f = path.join(dir, name, 'migration.sql');
    if (fs.existsSync(f)) h.update(name).update(fs.readFileSync(f));
  }
  return h.digest('hex').slice(0, 12);
}

/** ISO text as Prisma's SQLite adapter stores a DateTime. */
const stored = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00');

interface TemplateRow {
  id: number;
  title: string;
  summaryText: string;
  contentText: string | null;
  url: string | null;
  contentHash: string;
  [column: string]: unknown;
}

async function generate(file: string, now: Date): Promise<void> {
  const t0 = Date.now();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'som-bench-pages-'));
  // 1. The demo week through the product's own pipeline: real analysis, events, alerts, rollups.
  const start = new Date(now.getTime() - 7 * 24 * HOUR);
  await replay(demoReplayItems(start), { keepDir: work });
  fs.copyFileSync(path.join(work, 'replay.db'), file);
  fs.rmSync(work, { recursive: true, force: true });
  process.stdout.write(`  demo week replayed (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);

  // 2. Multiply its analysed items with raw inserts: the same rows the product writes.
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = OFF');
  const templates = sqlite
    .prepare(`SELECT i.*, a.* FROM Item i JOIN ItemAnalysis a ON a.itemId = i.id WHERE a.label != 'error' ORDER BY i.id`)
    .all() as TemplateRow[];
  const topicRows = sqlite.prepare(`SELECT itemId, topicId FROM ItemTopic`).all() as Array<{ itemId: number; topicId: number }>;
  const topicsOf = new Map<number, number[]>();
  for (const r of topicRows) topicsOf.set(r.itemId, [...(topicsOf.get(r.itemId) ?? []), r.topicId]);
  const docs = templates.map((t) => searchDocument(t.title, t.contentText ?? t.summaryText));
  const existing = (sqlite.prepare(`SELECT COUNT(*) AS n FROM Item`).get() as { n: number }).n;

  const addSource = sqlite.prepare(
    `INSERT INTO Source (id, name, url, kind, category, region, intervalMinutes, enabled, origin, createdAt, updatedAt, nextCheckAt, health, itemsTotal)
     VALUES (?, ?, ?, 'rss', ?, ?, 30, 0, 'cli', ?, ?, ?, 'ok', 0)`,
  );
  const sourceIds: string[] = [];
  for (let s = 0; s < SOURCES; s++) {
    const id = `bench-${s}`;
    sourceIds.push(id);
    const ts = stored(now.getTime() - DAYS * 24 * HOUR);
    addSource.run(id, `基准信源 ${s}`, `https://bench${s}.invalid/feed`, CATEGORIES[s % CATEGORIES.length], s % 3 ? '演示省' : null, ts, ts, ts);
  }

  const itemCols = ['sourceId', 'itemHash', 'contentHash', 'guid', 'url', 'title', 'summaryText', 'contentText', 'publishedAt', 'fetchedAt', 'sortAt', 'isDemo'];
  const addItem = sqlite.prepare(`INSERT INTO Item (${itemCols.join(', ')}) VALUES (${itemCols.map(() => '?').join(', ')})`);
  const analysisCols = (sqlite.prepare(`PRAGMA table_info(ItemAnalysis)`).all() as Array<{ name: string }>)
    .map((c) => c.name)
    .filter((c) => c !== 'itemId' && c !== 'eventId' && c !== 'sortAt');
  const addAnalysis = sqlite.prepare(
    `INSERT INTO ItemAnalysis (itemId, sortAt, ${analysisCols.join(', ')}) VALUES (?, ?, ${analysisCols.map(() => '?').join(', ')})`,
  );
  const hasTopicSortAt = (sqlite.prepare(`PRAGMA table_info(ItemTopic)`).all() as Array<{ name: string }>).some((c) => c.name === 'sortAt');
  const addTopic = sqlite.prepare(
    hasTopicSortAt ? `INSERT INTO ItemTopic (itemId, topicId, sortAt) VALUES (?, ?, ?)` : `INSERT INTO ItemTopic (itemId, topicId) VALUES (?, ?)`,
  );
  const addSearch = sqlite.prepare(`INSERT INTO ItemSearch (rowid, title, body) VALUES (?, ?, ?)`);

  const toAdd = Math.max(0, ITEMS - existing);
  const span = DAYS * 24 * HOUR;
  const CHUNK = 20_000;
  for (let done = 0; done < toAdd; done += CHUNK) {
    sqlite.transaction(() => {
      for (let k = done; k < Math.min(toAdd, done + CHUNK); k++) {
        const t = templates[k % templates.length] as TemplateRow;
        const doc = docs[k % templates.length] as { title: string; body: string };
        // Newest first: k = 0 is now, spread evenly back over DAYS, with a little jitter.
        const at = now.getTime() - Math.floor((k / toAdd) * span) - (k % 7) * 60_000;
        const src = sourceIds[k % SOURCES] as string;
        const r = addItem.run(src, `b${k}`, `${t.contentHash}-${k}`, `bench-${k}`, t.url, t.title, t.summaryText, t.contentText, stored(at), stored(at), stored(at), 0);
        const id = Number(r.lastInsertRowid);
        addAnalysis.run(id, stored(at), ...analysisCols.map((c) => t[c] as unknown));
        for (const topic of topicsOf.get(t.id) ?? []) {
          if (hasTopicSortAt) addTopic.run(id, topic, stored(at));
          else addTopic.run(id, topic);
        }
        addSearch.run(id, doc.title, doc.body);
      }
    })();
    if ((done / CHUNK) % 10 === 0) process.stdout.write(`  ${done + CHUNK} / ${toAdd} items (${((Date.now() - t0) / 1000).toFixed(0)} s)\n`);
  }
  sqlite.prepare(`UPDATE Source SET itemsTotal = (SELECT COUNT(*) FROM Item WHERE Item.sourceId = Source.id) WHERE id LIKE 'bench-%'`).run();
  sqlite.close();

  // 3. Hourly rollups for every hour, by the product's own function.
  const client = createDb(`file:${file}`);
  try {
    await rebuildHourlyRollups(client, new Date(now.getTime() - span - HOUR), new Date(now.getTime() + 2 * HOUR));
  } finally {
    await client.$disconnect();
  }
  const db = new Database(file);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  process.stdout.write(`  generated ${ITEMS} items in ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address();
      srv.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
    srv.on('error', reject);
  });
}

async function startServer(file: string): Promise<{ base: string; child: ChildProcess }> {
  const port = await freePort();
  const nextBin = createRequire(import.meta.url).resolve('next/dist/bin/next');
  const child = spawn(process.execPath, [nextBin, 'start', '-H', '127.0.0.1', '-p', String(port)], {
    env: { ...process.env, DATABASE_URL: `file:${file}`, NODE_ENV: 'production', DEMO_MODE: '0', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error('next start exited');
    try {
       
      const r = await fetch(`${base}/api/health`);
      if (r.status === 200 || r.status === 503) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error('next start did not answer within 120 s');
     
    await new Promise((r) => setTimeout(r, 300));
  }
  return { base, child };
}

async function timeOnce(url: string): Promise<{ ms: number; status: number; bytes: number; body: string }> {
  const t = process.hrtime.bigint();
  const r = await fetch(url);
  const body = await r.text();
  return { ms: Number(process.hrtime.bigint() - t) / 1e6, status: r.status, bytes: Buffer.byteLength(body), body };
}

function quantile(sorted: readonly number[], q: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i] ?? NaN;
}

async function measure(base: string, label: string, pathAndQuery: string, aimMs: number): Promise<string> {
  const url = `${base}${pathAndQuery}`;
  let last = await timeOnce(url);
  for (let i = 1; i < WARMUP; i++) last = await timeOnce(url);  
  if (last.status !== 200) throw new Error(`${label}: HTTP ${last.status} for ${pathAndQuery}`);
  const times: number[] = [];
  for (let i = 0; i < REQUESTS; i++) times.push((await timeOnce(url)).ms);  
  times.sort((a, b) => a - b);
  const p50 = quantile(times, 0.5);
  const p95 = quantile(times, 0.95);
  const verdict = p95 <= aimMs ? 'met' : 'NOT met';
  return `${label.padEnd(30)} ${pathAndQuery.padEnd(44)} median ${p50.toFixed(0).padStart(5)} ms  p95 ${p95.toFixed(0).padStart(5)} ms  (${(last.bytes / 1024).toFixed(0)} KiB; aim p95 < ${aimMs} ms: ${verdict})`;
}

/** The list page's own "next page" link, so the second page is measured as a user reaches it. */
function nextPageHref(html: string): string | null {
  const m = /<a[^>]*href="(\/items\?[^"]*after=[^"]*)"/.exec(html);
  return m?.[1]?.replace(/&amp;/g, '&') ?? null;
}

async function main(): Promise<void> {
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const file = path.join(OUT_DIR, `pages-${ITEMS}-${migrationsKey()}.db`);
  // "now" is fixed per database so a cached one stays meaningful: its newest items are today's.
  const stamp = `${file}.now`;
  let now = new Date();
  if (fs.existsSync(file) && fs.existsSync(stamp)) {
    now = new Date(fs.readFileSync(stamp, 'utf8'));
    process.stdout.write(`pages: reusing ${path.relative(process.cwd(), file)} (generated for ${now.toISOString()})\n`);
  } else {
    process.stdout.write(`pages: generating ${ITEMS} items into ${path.relative(process.cwd(), file)}\n`);
    fs.rmSync(file, { force: true });
    await generate(file, now);
    fs.writeFileSync(stamp, now.toISOString());
  }
  if (process.env.BENCH_PAGES_GENERATE_ONLY === '1') return;
  process.stdout.write('pages: building the web app if needed\n');
  await buildIfNeeded();
  const { base, child } = await startServer(file);
  try {
    const list = await timeOnce(`${base}/items`);
    const second = nextPageHref(list.body);
    const rows = [
      await measure(base, 'overview', '/', 300),
      await measure(base, 'item list, first page', '/items', 300),
      ...(second ? [await measure(base, 'item list, next page', second, 300)] : []),
      await measure(base, 'item list, filtered', '/items?label=negative&minRisk=40&range=30d', 300),
      await measure(base, 'search, one word', `/items?q=${encodeURIComponent('瞒报')}`, 500),
      await measure(base, 'search, two words', `/items?q=${encodeURIComponent('煤矿 透水')}`, 500),
      await measure(base, 'search, phrase + filter', `/items?q=${encodeURIComponent('"塔吊倒塌"')}&range=30d`, 500),
    ];
    process.stdout.write(`pages: ${ITEMS} items, ${REQUESTS} sequential requests each after ${WARMUP} warm-up, Node ${process.version}, ${os.cpus().length} CPU\n`);
    for (const r of rows) process.stdout.write(`  ${r}\n`);
    if (!second) process.stdout.write('  (no next-page link found on /items: next page not measured)\n');
  } finally {
    child.kill('SIGTERM');
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`pages bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
