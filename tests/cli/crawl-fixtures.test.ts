/**
 * The issue's "done" check: `npm run crawl -- --once --sources FILE` against every real and
 * malformed feed in ../shared/fixtures served on 127.0.0.1.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CRAWL_ERROR_MESSAGES } from '@/lib/errors';
import { HAVE_FIXTURES, NO_FIXTURES_NOTE, fixtureFiles, serveFixtures } from '../helpers/fixtures';

interface Line {
  source: string;
  status: 'ok' | 'not_modified' | 'error';
  fetched: number;
  new: number;
  duplicates: number;
  errorClass: string | null;
  message: string | null;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'som-cli-'));
const dbFile = path.join(dir, 'app.db');
let server: Awaited<ReturnType<typeof serveFixtures>>;
let sourcesFile: string;
const idOf = (folder: string, file: string) =>
  `${folder === 'feeds' ? 'f' : 'm'}-${file.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`.slice(0, 64).replace(/-+$/, '');

/** Async on purpose: the fixture server lives in this process, and spawnSync would block it. */
function crawl(args: string[]): Promise<{ code: number | null; lines: Line[]; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/crawl.ts', ...args], {
    env: {
      ...process.env,
      DATABASE_URL: `file:${dbFile}`,
      CRAWLER_ALLOW_PRIVATE: `127.0.0.1:${server?.port ?? 1}`,
      CRAWLER_HOST_DELAY_MS: '0',
      CRAWLER_TOTAL_TIMEOUT_MS: '15000',
      LOG_LEVEL: 'silent',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  return new Promise((resolve) => {
    child.on('close', (code) => {
      const lines = stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Line);
      resolve({ code, lines, stderr });
    });
  });
}

describe.skipIf(!HAVE_FIXTURES)(`crawl CLI over the shared fixtures${HAVE_FIXTURES ? '' : ` (${NO_FIXTURES_NOTE})`}`, () => {
  const feeds = fixtureFiles('feeds');
  const malformed = fixtureFiles('malformed');
  let first: Line[] = [];

  beforeAll(async () => {
    server = await serveFixtures();
    const sources = [
      ...feeds.map((f) => ({ folder: 'feeds', f })),
      ...malformed.map((f) => ({ folder: 'malformed', f })),
    ].map(({ folder, f }) => ({
      id: idOf(folder, f),
      name: `${folder}/${f}`,
      url: `${server.baseUrl}/${folder}/${encodeURIComponent(f)}`,
      kind: 'rss',
      category: 'local_media',
      intervalMinutes: 60,
    }));
    sourcesFile = path.join(dir, 'sources.json');
    fs.writeFileSync(sourcesFile, JSON.stringify(sources));
    const r = await crawl(['--once', '--sources', sourcesFile]);
    // The one stderr line is the analysis summary; anything else would be a warning or a crash.
    expect(r.stderr).toMatch(/^已分析 \d+ 条新信息（新事件 \d+ 个）\n$/);
    expect(r.code).toBe(0);
    first = r.lines;
  });
  afterAll(async () => {
    await server?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('one JSON line per source, with the documented fields', () => {
    expect(first.length).toBe(feeds.length + malformed.length);
    for (const l of first) {
      expect(Object.keys(l).sort()).toEqual(['duplicates', 'errorClass', 'fetched', 'message', 'new', 'source', 'status']);
    }
  });

  // Two feedparser encoding fixtures are an empty <rss> by design: they test BOM handling only.
  const EMPTY_BY_DESIGN = new Set(['f-feedparser-utf16le-bom-xml', 'f-feedparser-utf8-bom-xml']);

  test('every real feed is ingested', () => {
    expect(first.filter((l) => l.source.startsWith('f-') && l.status !== 'ok')).toEqual([]);
    const empty = first.filter((l) => l.source.startsWith('f-') && l.new < 1).map((l) => l.source);
    expect(new Set(empty)).toEqual(EMPTY_BY_DESIGN);
  });

  test('Chinese text comes out right: GB2312/GBK/Big5 items are CJK with no replacement characters', () => {
    const dbh = new Database(dbFile, { readonly: true });
    const rows = dbh
      .prepare(
        "SELECT sourceId, title || ' ' || summaryText AS title FROM Item WHERE sourceId LIKE 'f-gb2312-%' OR sourceId LIKE 'f-big5-%' OR sourceId LIKE 'f-gov-%' OR sourceId LIKE 'f-rssant-%'",
      )
      .all() as { sourceId: string; title: string }[];
    dbh.close();
    expect(rows.length).toBeGreaterThan(100);
    expect(rows.filter((r) => r.title.includes('\uFFFD'))).toEqual([]);
    const bySource = new Map<string, string[]>();
    for (const r of rows) bySource.set(r.sourceId, [...(bySource.get(r.sourceId) ?? []), r.title]);
    for (const [id, titles] of bySource) {
      if (!/^f-(gb2312|big5|gov)-/.test(id)) continue;
      const cjk = titles.filter((t) => /[\u4e00-\u9fff]/.test(t)).length;
      expect(cjk, `${id} text should be Chinese`).toBeGreaterThan(0);
    }
  });

  test('every stored item is analysed in the same run, and none failed', () => {
    const dbh = new Database(dbFile, { readonly: true });
    const items = (dbh.prepare('SELECT COUNT(*) AS n FROM Item').get() as { n: number }).n;
    const analysed = (dbh.prepare("SELECT COUNT(*) AS n FROM ItemAnalysis WHERE label != 'error'").get() as { n: number }).n;
    const events = (dbh.prepare('SELECT COUNT(*) AS n FROM Event').get() as { n: number }).n;
    dbh.close();
    expect(items).toBeGreaterThan(1000);
    expect(analysed).toBe(items);
    expect(events).toBeGreaterThan(0);
    expect(events).toBeLessThanOrEqual(items);
  });

  test('loading the sources file is on the audit record, with the operator and the ids', () => {
    const dbh = new Database(dbFile, { readonly: true });
    const rows = dbh.prepare("SELECT actor, detailJson FROM AuditLog WHERE action = 'source.import'").all() as Array<{ actor: string; detailJson: string }>;
    dbh.close();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows[0]?.actor).toMatch(/^cli:/);
    expect((JSON.parse(rows[0]?.detailJson ?? '{}') as { ids: string[] }).ids.length).toBeGreaterThan(10);
  });

  test('malformed feeds either parse or fail with a clear, known error class and a Chinese message', () => {
    const bad = first.filter((l) => l.source.startsWith('m-'));
    expect(bad.length).toBe(malformed.length);
    for (const l of bad) {
      if (l.status === 'error') {
        expect(Object.keys(CRAWL_ERROR_MESSAGES), l.source).toContain(l.errorClass);
        expect(l.errorClass, l.source).not.toBe('internal_error');
        expect(l.message, l.source).toMatch(/[\u4e00-\u9fff]/);
      }
    }
    // the non-feeds must never pass as "0 items" (TESTPLAN B38)
    const notFeeds = bad.filter((l) => /notafeed|js-cookie|js-redirect|domain-for-sale|account-suspended|maintenance-page/.test(l.source));
    expect(notFeeds.length).toBeGreaterThanOrEqual(5);
    for (const l of notFeeds) expect(l.status, l.source).toBe('error');
  });

  test('a second run adds 0 items', async () => {
    const r = await crawl(['--once', '--sources', sourcesFile]);
    expect(r.code).toBe(0);
    expect(r.lines.length).toBe(first.length);
    expect(r.lines.filter((l) => l.new !== 0)).toEqual([]);
    // conditional GET worked: the fixture server answers 304 to a matching ETag
    expect(r.lines.filter((l) => l.source.startsWith('f-') && l.status === 'not_modified').length).toBe(feeds.length);
  });
});

describe('crawl CLI arguments', () => {
  const env = { ...process.env, DATABASE_URL: `file:${path.join(os.tmpdir(), `som-cli-args-${process.pid}.db`)}`, LOG_LEVEL: 'silent' };
  const run = (args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'scripts/crawl.ts', ...args], { env, encoding: 'utf8', timeout: 60_000 });

  test('missing --once, unknown flags, a missing or invalid sources file exit 2 with a Chinese message', () => {
    const noOnce = run([]);
    expect(noOnce.status).toBe(2);
    expect(noOnce.stderr).toContain('--once');
    expect(run(['--once', '--bogus']).status).toBe(2);
    const missing = run(['--once', '--sources', '/nonexistent/sources.json']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('无法读取信源文件');
    const badFile = path.join(os.tmpdir(), `som-bad-sources-${process.pid}.json`);
    fs.writeFileSync(badFile, JSON.stringify([{ id: 'x', name: '', url: 'file:///etc/passwd', kind: 'rss', category: 'nope' }]));
    const invalid = run(['--once', '--sources', badFile]);
    expect(invalid.status).toBe(2);
    expect(invalid.stderr).toContain('格式错误');
    fs.rmSync(badFile, { force: true });
  });

  test('a bad DATABASE_URL is a configuration error (exit 2)', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/crawl.ts', '--once'], {
      env: { ...process.env, DATABASE_URL: 'mysql://x' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('DATABASE_URL');
  });
});
