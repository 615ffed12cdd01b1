/**
 * 测试/预览 against real HTTP servers on 127.0.0.1, through the crawler's own fetch path and limits:
 * a feed, a GBK HTML list read with selectors (and its first article page), hostile, huge and slow
 * answers, redirects to private addresses, and the demo server's allowance. Nothing is stored.
 */
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadConfig } from '@/lib/config';
import { previewContextFromConfig, previewSource } from '@/lib/sources/preview';
import type { PreviewResult, PreviewTarget } from '@/lib/sources/preview';
import { startServer } from '../helpers/evil-server';
import type { EvilServer } from '../helpers/evil-server';
import { createTestDb } from '../helpers/test-db';
import type { TestDb } from '../helpers/test-db';

const MiB = 1024 * 1024;

function rss(n: number): string {
  const items = Array.from({ length: n }, (_, i) => {
    const title = i === 0 ? '&lt;script&gt;window.__xss=1&lt;/script&gt;某市化工厂爆炸事故通报' : `某市应急管理局通报第${i + 1}号`;
    return `<item><guid>g${i}</guid><title>${title}</title><link>/news/${i}.html?utm_source=rss</link><description>&lt;p&gt;第${i + 1}条摘要&lt;/p&gt;</description><pubDate>Fri, 03 Jul 2026 ${String(10 + (i % 10)).padStart(2, '0')}:00:00 +0800</pubDate></item>`;
  }).join('');
  return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>某市应急管理局</title><link>http://example.gov.cn/</link>${items}</channel></rss>`;
}

const GBK_LIST = `<!DOCTYPE html><html><head><meta charset="gbk"><title>通知公告</title></head><body>
<div class="nav"><a href="/">首页</a></div>
<ul class="news">
<li><a href="/art/1.html" title="关于开展汛期安全生产大检查的通知">关于开展汛期安全生产大检查的通知</a><span class="date">2026-07-01</span></li>
<li><a href="/art/2.html">澄河市应急管理局发布高温作业风险提示</a><span class="date">2026-06-28</span></li>
<li><a href="https://other.example.com/x.html">外站链接</a><span class="date">2026-06-20</span></li>
</ul><p>本栏目发布应急管理工作通知、公告和风险提示，欢迎社会各界监督。</p></body></html>`;

const GBK_ARTICLE = `<html><head><meta charset="gbk"><title>通知</title></head><body><h1 class="t">关于开展汛期安全生产大检查的通知</h1>
<div class="pubtime">2026-07-01 09:30</div><div id="zoom"><p>各县（区）应急管理局：为切实做好汛期安全生产工作，决定开展大检查。</p></div></body></html>`;

const WAF = '<html><head><title>Just a moment...</title></head><body><div id="cf-browser-verification">Checking your browser</div></body></html>';

let site: EvilServer;
/** A second loopback server that is NOT allow-listed: the redirect target. */
let inner: EvilServer;
let t: TestDb;

beforeAll(async () => {
  inner = await startServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/rss+xml' }).end(rss(3));
  });
  site = await startServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    switch (path) {
      case '/feed.xml':
        return void res.writeHead(200, { 'Content-Type': 'application/rss+xml; charset=utf-8' }).end(rss(25));
      case '/robots.txt':
        return void res.writeHead(200, { 'Content-Type': 'text/plain' }).end('User-agent: *\nDisallow: /private/\n');
      case '/list.html':
        return void res.writeHead(200, { 'Content-Type': 'text/html' }).end(iconv.encode(GBK_LIST, 'gbk'));
      case '/art/1.html':
        return void res.writeHead(200, { 'Content-Type': 'text/html' }).end(iconv.encode(GBK_ARTICLE, 'gbk'));
      case '/mislabelled.html':
        // Declares UTF-8, sends GBK: decoded as GBK all the same, and said so.
        return void res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(iconv.encode(GBK_LIST.replace('<meta charset="gbk">', ''), 'gbk'));
      case '/private/list.html':
        return void res.writeHead(200, { 'Content-Type': 'text/html' }).end(GBK_LIST);
      case '/waf.xml':
        return void res.writeHead(200, { 'Content-Type': 'text/html' }).end(WAF);
      case '/page.xml':
        return void res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(`<html><body>${'<p>普通网页，不是订阅源。</p>'.repeat(20)}</body></html>`);
      case '/huge.xml': {
        // 4 MiB of a never-ending feed, no Content-Length: only the decoded-size cap can stop it.
        res.writeHead(200, { 'Content-Type': 'application/rss+xml' });
        const chunk = Buffer.from(`<item><title>${'长'.repeat(2000)}</title></item>`);
        let sent = 0;
        const pump = (): void => {
          while (sent < 4 * MiB) {
            sent += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          res.end();
        };
        res.write('<?xml version="1.0"?><rss><channel>');
        return void pump();
      }
      case '/slow.xml':
        return; // never answers: the header timeout must end it
      case '/to-inner':
        return void res.writeHead(302, { Location: inner.url('/feed.xml') }).end();
      case '/to-metadata':
        return void res.writeHead(302, { Location: 'http://169.254.169.254/latest/meta-data/' }).end();
      default:
        return void res.writeHead(404).end();
    }
  });
  t = await createTestDb();
});

afterAll(async () => {
  await site.close();
  await inner.close();
  await t.cleanup();
});

function ctx(env: Record<string, string> = {}) {
  const cfg = loadConfig({
    DEMO_MODE: '0',
    CRAWLER_ALLOW_PRIVATE: site.allow,
    CRAWLER_HOST_DELAY_MS: '0',
    CRAWLER_TOTAL_TIMEOUT_MS: '5000',
    ...env,
  });
  return previewContextFromConfig(cfg, t.client);
}

const feed = (url: string): PreviewTarget => ({ url, kind: 'rss', dedupeKey: 'guid' });
const list = (url: string, html: Partial<NonNullable<PreviewTarget['html']>> = {}): PreviewTarget => ({
  url,
  kind: 'html',
  dedupeKey: 'guid',
  html: { item: 'ul.news li', link: 'a', date: 'span.date', followArticle: false, maxArticles: 20, ...html },
});

function ok(r: PreviewResult): Extract<PreviewResult, { ok: true }> {
  if (!r.ok) throw new Error(`preview failed: ${r.code} ${r.message}`);
  return r;
}
function failed(r: PreviewResult): Extract<PreviewResult, { ok: false }> {
  if (r.ok) throw new Error('preview unexpectedly succeeded');
  return r;
}

describe('a feed', () => {
  test('shows the first 20 of 25 entries as they would be stored: plain-text titles, clean absolute links, dates', async () => {
    const r = ok(await previewSource(feed(site.url('/feed.xml')), ctx()));
    expect(r.found).toBe(25);
    expect(r.usable).toBe(25);
    expect(r.items).toHaveLength(20);
    expect(r.format).toBe('rss');
    expect(r.feedTitle).toBe('某市应急管理局');
    expect(r.items[1]).toMatchObject({
      title: '某市应急管理局通报第2号',
      url: `${site.origin}/news/1.html`, // tracking parameter removed, made absolute
      summary: '第2条摘要',
    });
    expect(r.items[1]?.publishedAt?.toISOString()).toBe('2026-07-03T03:00:00.000Z');
    // Crawled markup is data: the title is plain text and keeps no tag.
    expect(r.items[0]?.title).toContain('某市化工厂爆炸事故通报');
    expect(r.items[0]?.title).not.toMatch(/<script/i);
  });
});

describe('a GBK HTML list read with selectors', () => {
  test('decodes GBK, applies the selectors and reads the first article page with the content selector', async () => {
    const r = ok(
      await previewSource(
        list(site.url('/list.html'), { followArticle: true, article: { content: '#zoom', title: 'h1.t', date: '.pubtime' } }),
        ctx({ CRAWLER_RESPECT_ROBOTS: '1' }),
      ),
    );
    expect(r.charset).toBe('gb18030');
    expect(r.items.map((i) => i.title)).toEqual(['关于开展汛期安全生产大检查的通知', '澄河市应急管理局发布高温作业风险提示', '外站链接']);
    expect(r.items[0]).toMatchObject({ url: `${site.origin}/art/1.html`, publishedRaw: '2026-07-01' });
    expect(r.article).toMatchObject({ ok: true, title: '关于开展汛期安全生产大检查的通知', publishedRaw: '2026-07-01 09:30', usedSelector: true });
    expect(r.article?.ok && r.article.text).toContain('决定开展大检查');
    expect(r.notes).toEqual([]);
  });

  test('a page that lies about its charset is decoded as the crawler decodes it, and the preview says so', async () => {
    const r = ok(await previewSource(list(site.url('/mislabelled.html')), ctx()));
    expect(r.items[0]?.title).toBe('关于开展汛期安全生产大检查的通知');
    expect(r.notes.join('')).toContain('字符集与实际内容不符');
  });

  test('selectors that match nothing, or do not compile, give the selector error', async () => {
    const none = failed(await previewSource(list(site.url('/list.html'), { item: 'table.list tr' }), ctx()));
    expect(none.code).toBe('selector_error');
    expect(none.message).toContain('没有匹配任何元素');
    const broken = failed(await previewSource(list(site.url('/list.html'), { item: 'ul[' }), ctx()));
    expect(broken.code).toBe('selector_error');
  });

  test('robots.txt is obeyed for HTML pages when the crawler obeys it', async () => {
    const r = failed(await previewSource(list(site.url('/private/list.html')), ctx({ CRAWLER_RESPECT_ROBOTS: '1' })));
    expect(r.code).toBe('robots_disallowed');
    expect(r.message).toContain('robots.txt');
  });
});

describe('refused and hostile targets give a clear Chinese message', () => {
  test.each([
    ['http://10.0.0.1/feed.xml', 'private_address', '内网地址不允许'],
    ['http://127.0.0.1:6379/', 'private_address', '内网地址不允许'],
    ['http://[::1]/feed.xml', 'private_address', '内网地址不允许'],
    ['file:///etc/passwd', 'scheme_not_allowed', '仅允许 http/https'],
    ['http://example.com:25/feed.xml', 'port_not_allowed', '端口不在允许范围内'],
  ])('%s → %s', async (url, code, words) => {
    const r = failed(await previewSource(feed(url), ctx()));
    expect(r.code).toBe(code);
    expect(r.message).toContain(words);
  });

  test('a redirect to a loopback server that is not allow-listed is refused at the hop', async () => {
    const r = failed(await previewSource(feed(site.url('/to-inner')), ctx()));
    expect(r.code).toBe('private_address');
    expect(inner.requests).toHaveLength(0);
  });

  test('a redirect to the cloud metadata address is refused', async () => {
    expect(failed(await previewSource(feed(site.url('/to-metadata')), ctx())).code).toBe('private_address');
  });

  test('the same redirect goes through when the target is allow-listed as the crawler would allow it', async () => {
    const r = ok(await previewSource(feed(site.url('/to-inner')), ctx({ CRAWLER_ALLOW_PRIVATE: `${site.allow},${inner.allow}` })));
    expect(r.finalUrl).toBe(inner.url('/feed.xml'));
    expect(r.usable).toBe(3);
  });

  test('a response larger than the crawler cap is cut off (too_large)', async () => {
    const r = failed(await previewSource(feed(site.url('/huge.xml')), ctx({ CRAWLER_MAX_FEED_BYTES: String(MiB) })));
    expect(r.code).toBe('too_large');
    expect(r.message).toContain('超过大小上限');
  });

  test('a server that never answers runs into the time limit (timeout)', async () => {
    const r = failed(await previewSource(feed(site.url('/slow.xml')), ctx({ CRAWLER_HEADER_TIMEOUT_MS: '300', CRAWLER_TOTAL_TIMEOUT_MS: '2000' })));
    expect(r.code).toBe('timeout');
    expect(r.message).toContain('超时');
  });

  test('a WAF challenge or an ordinary web page instead of a feed is named as such', async () => {
    expect(failed(await previewSource(feed(site.url('/waf.xml')), ctx())).code).toBe('blocked_by_waf');
    const page = failed(await previewSource(feed(site.url('/page.xml')), ctx()));
    expect(page.code).toBe('not_a_feed');
    expect(page.message).toContain('不是 RSS/Atom 订阅源');
  });
});

describe('the crawler allowances', () => {
  test('in demo mode the local demo server is allowed exactly as the worker allows it; without demo mode it is refused', async () => {
    const demo = ok(await previewSource(feed(site.url('/feed.xml')), ctx({ CRAWLER_ALLOW_PRIVATE: '', DEMO_MODE: '1', DEMO_PORT: String(site.port) })));
    expect(demo.usable).toBe(25);
    const off = failed(await previewSource(feed(site.url('/feed.xml')), ctx({ CRAWLER_ALLOW_PRIVATE: '', DEMO_MODE: '0', DEMO_PORT: String(site.port) })));
    expect(off.code).toBe('private_address');
  });

  test('nothing was stored by any preview', async () => {
    expect(await t.client.source.count()).toBe(0);
    expect(await t.client.item.count()).toBe(0);
    expect(await t.client.fetchLog.count()).toBe(0);
  });
});
