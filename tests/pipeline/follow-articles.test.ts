/** HTML list sources that follow article links: full text comes in, and a hostile list page cannot steer the crawler elsewhere. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { loadConfig } from '@/lib/config';
import { upsertSources } from '@/lib/db';
import { createCrawlContext } from '@/lib/crawler/context';
import { allowPrivateForArticles, sameSite } from '@/lib/pipeline/ingest';
import { runTick } from '@/lib/scheduler/tick';
import { SourceListSchema } from '@/lib/sources/schema';
import { createTestDb } from '../helpers/test-db';
import type { TestDb } from '../helpers/test-db';

let t: TestDb;
let site: http.Server;
let intranet: http.Server;
let pSite = 0;
let pIntra = 0;
let intranetHits = 0;

async function listen(s: http.Server): Promise<number> {
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return (s.address() as AddressInfo).port;
}

beforeAll(async () => {
  intranet = http.createServer((_req, res) => {
    intranetHits++;
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end('<html><body><div id="zoom">内部机密材料</div></body></html>');
  });
  pIntra = await listen(intranet);
  site = http.createServer((req, res) => {
    const html = (body: string) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(`<html><head><title>某市应急管理局</title></head><body>${body}</body></html>`);
    };
    if (req.url === '/list.html') {
      return html(`<ul class="list">
        <li><a href="/art/1.html">关于开展安全生产大检查的通知</a><span>2026-08-20</span></li>
        <li><a href="http://intranet.test:${pIntra}/secret">内网链接</a><span>2026-08-19</span></li>
        <li><a href="/art/redirect.html">一篇会跳转的文章</a><span>2026-08-18</span></li>
      </ul>`);
    }
    if (req.url === '/art/1.html') return html(`<div id="zoom"><p>各区县应急管理局：为切实做好汛期安全生产工作，现就开展安全生产大检查有关事项通知如下。</p></div>`);
    if (req.url === '/art/redirect.html') {
      res.writeHead(302, { Location: `http://intranet.test:${pIntra}/secret` });
      return res.end();
    }
    res.writeHead(404).end();
  });
  pSite = await listen(site);
  t = await createTestDb();
});
afterAll(async () => {
  await new Promise<void>((r) => site.close(() => r()));
  await new Promise<void>((r) => intranet.close(() => r()));
  await t.cleanup();
});

test('same-site rule and private allowances for article fetches', () => {
  expect(sameSite('https://www.mem.gov.cn/a', 'https://mem.gov.cn/list')).toBe(true);
  expect(sameSite('https://news.mem.gov.cn/a', 'https://www.mem.gov.cn/list')).toBe(true);
  expect(sameSite('https://evil.example/a', 'https://www.mem.gov.cn/list')).toBe(false);
  // list page at an allow-listed private address: its own host name (and port) only
  expect(allowPrivateForArticles('http://list.test:80/l', ['list.test:80', 'intranet.test', '10.0.0.0/8'], ['127.0.0.1'])).toEqual(['list.test:80']);
  expect(allowPrivateForArticles('http://oa.corp.local/list', ['10.0.0.0/8'], ['10.1.2.3'])).toEqual(['oa.corp.local:80']);
  expect(allowPrivateForArticles('http://news.corp.local/list', ['*.corp.local'], ['10.9.9.9'])).toEqual(['news.corp.local:80']);
  expect(allowPrivateForArticles('http://10.1.2.3/list', ['10.1.2.0/24'], ['10.1.2.3'])).toEqual(['10.1.2.3:80']);
  // public list pages get no private allowance at all, whatever the allow-list says
  expect(allowPrivateForArticles('https://www.mem.gov.cn/l', ['10.0.0.0/8'], ['1.2.3.4'])).toEqual([]);
  expect(allowPrivateForArticles('http://evil.example/l', ['10.0.0.0/8'], ['192.168.1.1'])).toEqual([]);
  expect(allowPrivateForArticles('http://oa.corp.local/l', [], ['10.1.2.3'])).toEqual([]);
});

test('articles on the same site are read in full; off-site links and redirects to the intranet are not followed', async () => {
  await upsertSources(
    t.client,
    SourceListSchema.parse([
      {
        id: 'list-src',
        name: '某市应急管理局 通知公告',
        url: `http://list.test:${pSite}/list.html`,
        kind: 'html',
        category: 'official',
        html: { item: 'ul.list li', link: 'a', date: 'span', followArticle: true, article: { content: '#zoom' } },
      },
    ]),
    'user',
    new Date(),
  );
  // The administrator allowed both hosts (an intranet source exists too); every name resolves to loopback.
  const cfg = loadConfig({
    CRAWLER_ALLOW_PRIVATE: `list.test:${pSite},intranet.test:${pIntra}`,
    CRAWLER_HOST_DELAY_MS: '0',
    CRAWLER_RESPECT_ROBOTS: '0',
  });
  const ctx = createCrawlContext({ cfg, db: t.client, workerId: 'w' });
  ctx.fetch = { ...ctx.fetch, lookup: (_h, _o, cb) => cb(null, [{ address: '127.0.0.1', family: 4 }]) };
  const r = await runTick(ctx, { limit: 5, concurrency: 1, leaseMs: 300_000, ids: ['list-src'], ignoreSchedule: true });
  expect(r.results[0]).toMatchObject({ status: 'ok', new: 3 });
  const items = await t.client.item.findMany({ orderBy: { id: 'asc' } });
  expect(items.find((i) => i.title.startsWith('关于开展'))?.contentText).toContain('开展安全生产大检查有关事项');
  expect(items.map((i) => i.contentText ?? '').join('')).not.toContain('内部机密材料');
  expect(intranetHits).toBe(0);
});
