import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as cheerio from 'cheerio';
import iconv from 'iconv-lite';
import Parser from 'rss-parser';
import { startDemoServer, relativeZh, type DemoServer } from '@/crawlers/demo-server';
import { corpus, CorpusEntrySchema, expandText, STORIES } from '@/demo/corpus';
import { DEMO_FEEDS, articlePath, demoSources, type DemoFeed } from '@/demo/feeds';
import { SourceListSchema } from '@/lib/sources/schema';

interface Res {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** Raw node:http GET: no automatic decompression or charset decoding, so we see the bytes. */
function get(url: string, headers: Record<string, string> = {}): Promise<Res> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

const START = new Date('2025-06-10T02:00:00Z'); // 10:00 Beijing time
let clock = START;
let server: DemoServer;

beforeAll(async () => {
  server = await startDemoServer({ port: 0, startedAt: START, now: () => clock });
});
afterAll(async () => {
  await server.close();
});

function decode(feed: DemoFeed, body: Buffer): string {
  return feed.encoding === 'gbk' ? iconv.decode(body, 'gbk') : body.toString('utf8');
}

/** How many entries the crawler would see on one feed page. */
function countItems(feed: DemoFeed, text: string): number {
  if (feed.format === 'rss') return (text.match(/<item>/g) ?? []).length;
  if (feed.format === 'atom') return (text.match(/<entry>/g) ?? []).length;
  const $ = cheerio.load(text);
  return $(feed.html?.item ?? 'li').length;
}

async function fetchFeed(feed: DemoFeed): Promise<{ res: Res; text: string }> {
  const res = await get(`${server.url}${feed.path}`);
  return { res, text: decode(feed, res.body) };
}

describe('demo corpus', () => {
  test('every entry validates and ids are unique', () => {
    for (const e of corpus) expect(CorpusEntrySchema.safeParse(e).success, e.id).toBe(true);
    const ids = corpus.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(corpus.length).toBeGreaterThanOrEqual(160);
    expect(corpus.length).toBeLessThanOrEqual(220);
  });

  test('covers a week, with live arrivals and undated entries', () => {
    const future = corpus.filter((e) => e.offsetMinutes > 0);
    expect(future.length).toBeGreaterThanOrEqual(10);
    for (const e of future) expect(e.offsetMinutes, e.id).toBeLessThanOrEqual(30);
    expect(Math.min(...corpus.map((e) => e.offsetMinutes))).toBeLessThan(-9000);
    expect(corpus.some((e) => e.noDate)).toBe(true);
    // Atom requires dates; undated entries only live in RSS and HTML feeds.
    expect(corpus.filter((e) => e.noDate && e.feed === 'demo-warning')).toHaveLength(0);
  });

  test('every accident story appears in at least 3 sources', () => {
    for (const story of STORIES) {
      const feeds = new Set(corpus.filter((e) => e.story === story).map((e) => e.feed));
      expect(feeds.size, story).toBeGreaterThanOrEqual(3);
    }
  });

  test('every feed has entries, and the GBK feed is encodable as GBK', () => {
    for (const f of DEMO_FEEDS) expect(corpus.filter((e) => e.feed === f.id).length, f.id).toBeGreaterThanOrEqual(10);
    for (const e of corpus.filter((x) => x.feed === 'demo-local-media')) {
      for (const s of [e.title, e.body, e.author ?? '', ...(e.categories ?? [])]) {
        expect(iconv.decode(iconv.encode(s, 'gbk'), 'gbk'), e.id).toBe(s);
      }
    }
  });

  test('text templates expand to Beijing time and none are left over', () => {
    expect(expandText('{{at:0}}许', START)).toBe('6月10日10时0分许');
    expect(expandText('{{day:-1440}}', START)).toBe('6月9日');
    for (const e of corpus) expect(expandText(e.body, START), e.id).not.toMatch(/\{\{|\}\}/);
  });

  test('the mine story carries the changing casualty counts and a refuted rumour', () => {
    const mine = corpus.filter((e) => e.story === 'mine');
    const text = mine.map((e) => e.title + e.body).join('\n');
    for (const cue of ['12人被困', '5名被困人员', '累计救出9人', '3人遇难', '辟谣', '家属', '瞒报', '删帖', '问责', '赔偿']) {
      expect(text, cue).toContain(cue);
    }
  });
});

describe('demoSources', () => {
  test('validates as sources and points at the server', () => {
    const list = SourceListSchema.parse(demoSources('http://127.0.0.1:3099/'));
    expect(list).toHaveLength(DEMO_FEEDS.length);
    for (const s of list) {
      expect(s.id.startsWith('demo-')).toBe(true);
      expect(s.name.startsWith('【演示】')).toBe(true);
      expect(s.demo).toBe(true);
      expect(s.intervalMinutes).toBe(1);
      expect(s.region).toBeTruthy();
      expect(s.url.startsWith('http://127.0.0.1:3099/')).toBe(true);
    }
    expect(new Set(list.map((s) => s.category)).size).toBe(5);
  });
});

describe('demo server', () => {
  test('every demo source URL responds 200 with the right content type', async () => {
    clock = START;
    for (const s of demoSources(server.url)) {
      const res = await get(s.url);
      expect(res.status, s.id).toBe(200);
      expect(res.headers['content-type'], s.id).toMatch(s.kind === 'rss' ? /xml/ : /text\/html/);
      expect(res.headers.etag, s.id).toBeTruthy();
      expect(res.headers['last-modified'], s.id).toBeTruthy();
    }
  });

  test('feeds parse as RSS/Atom', async () => {
    clock = START;
    const parser = new Parser();
    for (const f of DEMO_FEEDS.filter((x) => x.format === 'rss' || x.format === 'atom')) {
      const { text } = await fetchFeed(f);
      const parsed = await parser.parseString(text);
      expect(parsed.items.length, f.id).toBeGreaterThan(5);
      expect(parsed.items.every((i) => Boolean(i.title && i.link)), f.id).toBe(true);
    }
  });

  test('item counts grow as time passes, and nothing from the future leaks', async () => {
    const counts = async () => {
      const out: number[] = [];
      for (const f of DEMO_FEEDS) out.push(countItems(f, (await fetchFeed(f)).text));
      return out;
    };
    clock = START;
    const atStart = await counts();
    clock = new Date(START.getTime() + 31 * 60_000);
    const later = await counts();
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    expect(sum(atStart)).toBe(corpus.filter((e) => e.offsetMinutes <= 0).length);
    expect(sum(later)).toBe(corpus.length);
    expect(sum(later)).toBeGreaterThan(sum(atStart));
    later.forEach((n, i) => expect(n, DEMO_FEEDS[i]?.id).toBeGreaterThanOrEqual(atStart[i] ?? 0));

    // A future entry's article page is 404 until it is published, then 200.
    const future = corpus.find((e) => e.offsetMinutes > 0 && e.feed === 'demo-official');
    const feed = DEMO_FEEDS.find((f) => f.id === 'demo-official');
    if (!future || !feed) throw new Error('fixture missing');
    clock = START;
    expect((await get(`${server.url}${articlePath(feed, future.id)}`)).status).toBe(404);
    clock = new Date(START.getTime() + 31 * 60_000);
    expect((await get(`${server.url}${articlePath(feed, future.id)}`)).status).toBe(200);
  });

  test('a week-old state is nearly empty and newest entries come first', async () => {
    clock = new Date(START.getTime() - 7 * 86_400_000);
    const { text } = await fetchFeed(DEMO_FEEDS[0] as DemoFeed);
    expect(countItems(DEMO_FEEDS[0] as DemoFeed, text)).toBe(0);
    clock = START;
    const items = [...(await fetchFeed(DEMO_FEEDS[0] as DemoFeed)).text.matchAll(/<pubDate>([^<]+)<\/pubDate>/g)].map((m) =>
      Date.parse(m[1] ?? ''),
    );
    expect(items.length).toBeGreaterThan(5);
    for (let i = 1; i < items.length; i++) expect(items[i - 1]).toBeGreaterThanOrEqual(items[i] ?? 0);
  });

  test('304 on a repeat with If-None-Match or If-Modified-Since', async () => {
    clock = START;
    for (const f of DEMO_FEEDS) {
      const first = await get(`${server.url}${f.path}`);
      const etag = String(first.headers.etag);
      const again = await get(`${server.url}${f.path}`, { 'If-None-Match': etag });
      expect(again.status, f.id).toBe(304);
      expect(again.body.length).toBe(0);
      expect(again.headers.etag).toBe(etag);
      const ims = await get(`${server.url}${f.path}`, { 'If-Modified-Since': String(first.headers['last-modified']) });
      expect(ims.status, f.id).toBe(304);
    }
    // A new item changes the validators.
    const f = DEMO_FEEDS.find((x) => x.id === 'demo-warning') as DemoFeed;
    const before = await get(`${server.url}${f.path}`);
    clock = new Date(START.getTime() + 31 * 60_000);
    const after = await get(`${server.url}${f.path}`, { 'If-None-Match': String(before.headers.etag) });
    expect(after.status).toBe(200);
  });

  test('gzip when asked, identity otherwise', async () => {
    clock = START;
    const f = DEMO_FEEDS.find((x) => x.id === 'demo-central-media') as DemoFeed;
    const plain = await get(`${server.url}${f.path}`);
    expect(plain.headers['content-encoding']).toBeUndefined();
    const zipped = await get(`${server.url}${f.path}`, { 'Accept-Encoding': 'gzip, deflate' });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(zipped.body).equals(plain.body)).toBe(true);
    expect(zipped.body.length).toBeLessThan(plain.body.length);
    const refused = await get(`${server.url}${f.path}`, { 'Accept-Encoding': 'gzip;q=0' });
    expect(refused.headers['content-encoding']).toBeUndefined();
  });

  test('the GBK feed is really GBK bytes with a matching declaration and header', async () => {
    clock = START;
    const f = DEMO_FEEDS.find((x) => x.encoding === 'gbk') as DemoFeed;
    const res = await get(`${server.url}${f.path}`);
    expect(res.headers['content-type']).toMatch(/charset=gbk/i);
    const known = corpus.find((e) => e.feed === f.id && e.offsetMinutes < 0) as (typeof corpus)[number];
    const text = iconv.decode(res.body, 'gbk');
    expect(text.startsWith('<?xml version="1.0" encoding="gbk"?>')).toBe(true);
    expect(text).toContain(known.title);
    expect(res.body.toString('utf8')).not.toContain(known.title);
    expect(res.body.includes(iconv.encode(known.title, 'gbk'))).toBe(true);
  });

  test('HTML list pages carry relative and Chinese dates, entities and undated entries', async () => {
    clock = START;
    const forum = DEMO_FEEDS.find((x) => x.id === 'demo-forum') as DemoFeed;
    const forumHtml = (await fetchFeed(forum)).text;
    expect(forumHtml).toMatch(/<span class="time">(\d+分钟前|\d+小时前|今天 \d\d:\d\d)<\/span>/);
    expect(forumHtml).toMatch(/<span class="time">昨天 \d\d:\d\d<\/span>/);
    expect(forumHtml).toMatch(/<span class="time">\d\d-\d\d \d\d:\d\d<\/span>/);
    expect(forumHtml).toContain('&lt;紧急&gt;');

    const city = DEMO_FEEDS.find((x) => x.id === 'demo-city') as DemoFeed;
    const cityHtml = (await fetchFeed(city)).text;
    expect(cityHtml).toMatch(/<span class="date">\d{4}年\d\d月\d\d日<\/span>/);
    expect(cityHtml).toContain('&ldquo;');
    expect(cityHtml).toContain('href="./art/');
    const $ = cheerio.load(cityHtml);
    const undated = $(city.html?.item ?? 'li').filter((_i, el) => $(el).find('span.date').length === 0);
    expect(undated.length).toBeGreaterThanOrEqual(1);

    // The article page the crawler follows has the configured content selector.
    const href = $('div.list_con li a').first().attr('href') ?? '';
    const art = await get(new URL(href, `${server.url}${city.path}`).href);
    expect(art.status).toBe(200);
    const a$ = cheerio.load(art.body.toString('utf8'));
    expect(a$(city.html?.article?.content ?? '#zoom').text().length).toBeGreaterThan(20);
  });

  test('forum relative dates', () => {
    const now = new Date('2025-06-10T02:00:00Z'); // 10:00 Beijing
    const ago = (m: number) => new Date(now.getTime() - m * 60_000);
    expect(relativeZh(ago(0), now)).toBe('刚刚');
    expect(relativeZh(ago(3), now)).toBe('3分钟前');
    expect(relativeZh(ago(125), now)).toBe('2小时前');
    expect(relativeZh(ago(60 * 14), now)).toBe('昨天 20:00');
    expect(relativeZh(ago(60 * 36), now)).toBe('前天 22:00');
    expect(relativeZh(ago(60 * 24 * 5), now)).toBe('06-05 10:00');
  });

  test('robots.txt allows all; unknown paths are 404; HEAD has no body', async () => {
    const robots = await get(`${server.url}/robots.txt`);
    expect(robots.status).toBe(200);
    expect(robots.body.toString()).toMatch(/User-agent: \*\s+Allow: \//);
    expect((await get(`${server.url}/nope.xml`)).status).toBe(404);
    expect((await get(`${server.url}/official/a/does-not-exist.html`)).status).toBe(404);
    const head = await new Promise<http.IncomingMessage>((resolve, reject) => {
      const req = http.request(`${server.url}${DEMO_FEEDS[0]?.path}`, { method: 'HEAD', agent: false }, resolve);
      req.on('error', reject);
      req.end();
    });
    expect(head.statusCode).toBe(200);
    expect(Number(head.headers['content-length'])).toBeGreaterThan(0);
    head.resume();
  });
});
