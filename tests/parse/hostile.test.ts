/** Generated bad inputs (TESTPLAN B2–B7, B23, B24, B38, B43, B44): nothing here lives in a fixture file. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CrawlError } from '@/lib/errors';
import { decodeBody } from '@/lib/parse/charset';
import { parseFeed } from '@/lib/parse/feed';
import { parseArticlePage, parseHtmlList } from '@/lib/parse/html-list';
import { normaliseBatch, normaliseItem } from '@/lib/pipeline/normalise';
import type { ParsedFeed } from '@/lib/types';

const NOW = new Date('2026-08-21T02:00:00.000Z');
const BASE = 'https://feeds.example.org/feed.xml';
const parse = (text: string, maxItems?: number) => parseFeed(text, { baseUrl: BASE, now: NOW, maxItems });
const ctx = { sourceId: 'hostile', baseUrl: BASE, fetchedAt: NOW, dedupeKey: 'guid' as const };

const rss = (items: string, channelExtra = '', rootAttrs = '') =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"${rootAttrs}><channel><title>应急管理部</title>${channelExtra}${items}</channel></rss>`;

function errorOf(fn: () => unknown): CrawlError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CrawlError) return e;
    throw e;
  }
  throw new Error('expected a CrawlError');
}

/** Parses; a CrawlError is an acceptable refusal for bombs. Anything else is a bug. */
function parseOrRefuse(text: string): ParsedFeed | CrawlError {
  try {
    return parse(text);
  } catch (e) {
    if (e instanceof CrawlError) return e;
    throw e;
  }
}

const BILLION_LAUGHS_DTD = `<!DOCTYPE lolz [
  <!ENTITY lol "lol">
  ${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('\n  ')}
]>`;

describe('entity bombs and external entities (B2–B5)', () => {
  test('B2: billion laughs, 10 levels, is not expanded', () => {
    const doc = `<?xml version="1.0"?>\n${BILLION_LAUGHS_DTD}\n${rss('<item><title>&lol9;</title><link>https://a.example/1</link><description>&lol9;</description></item>').replace(/^<\?xml[^>]*>\n/, '')}`;
    const started = performance.now();
    const result = parseOrRefuse(doc);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(JSON.stringify(result)).not.toContain('lollol');
    if (!(result instanceof CrawlError)) expect(result.items[0]?.title).toBe('&lol9;');
  });

  test('B3: billion laughs in UTF-16BE with BOM', () => {
    const doc = `<?xml version="1.0" encoding="UTF-16"?>\n${BILLION_LAUGHS_DTD}\n<rss version="2.0"><channel><item><title>&lol9;</title><link>https://a.example/1</link></item></channel></rss>`;
    const body = Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(doc, 'utf-16be')]);
    const decoded = decodeBody(body, { kind: 'feed' });
    expect(decoded.charset).toBe('utf-16be');
    const result = parseOrRefuse(decoded.text);
    expect(JSON.stringify(result)).not.toContain('lollol');
  });

  test('B4: XXE file:///etc/passwd used in the title stays literal', () => {
    const doc = `<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<rss version="2.0"><channel><item><title>&xxe;</title><link>https://a.example/1</link><description>x&xxe;y</description></item></channel></rss>`;
    const result = parseOrRefuse(doc);
    expect(JSON.stringify(result)).not.toContain('root:');
    if (!(result instanceof CrawlError)) expect(result.items[0]?.title).toBe('&xxe;');
  });

  describe('B5: out-of-band XXE and external DTDs never reach the network', () => {
    let hits = 0;
    let server: http.Server;
    let canary = '';
    beforeAll(async () => {
      server = http.createServer((_req, res) => {
        hits++;
        res.end('<!ENTITY leak "LEAKED">');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      canary = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    test('external DTD, parameter entity, SYSTEM entity, stylesheet PI, xi:include, images', async () => {
      const doc = `<?xml version="1.0"?>
<?xml-stylesheet type="text/xsl" href="${canary}/style.xsl"?>
<!DOCTYPE rss SYSTEM "${canary}/external.dtd" [
  <!ENTITY % remote SYSTEM "${canary}/param.dtd">
  %remote;
  <!ENTITY ext SYSTEM "${canary}/ext.txt">
]>
<rss version="2.0" xmlns:xi="http://www.w3.org/2001/XInclude"><channel>
  <item><title>&ext;&leak;</title><link>https://a.example/1</link>
  <description><![CDATA[<img src="${canary}/img.png"><link rel="stylesheet" href="${canary}/x.css">]]></description>
  <xi:include href="${canary}/include.xml"/></item>
</channel></rss>`;
      const result = parseOrRefuse(doc);
      expect(JSON.stringify(result)).not.toContain('LEAKED');
      if (!(result instanceof CrawlError)) {
        normaliseBatch(result.items, ctx);
      }
      const page = `<html><head><link rel="stylesheet" href="${canary}/a.css"><script src="${canary}/a.js"></script></head><body><ul><li><a href="/a">标题</a><img src="${canary}/b.png"></li></ul><div id="zoom"><p>正文内容足够长，足够长，足够长，足够长。</p><img src="${canary}/c.png"></div></body></html>`;
      parseHtmlList(page, { baseUrl: BASE, now: NOW, selectors: { item: 'li', link: 'a', followArticle: false, maxArticles: 20 } });
      parseArticlePage(page, { baseUrl: BASE, now: NOW });
      await new Promise((r) => setTimeout(r, 300));
      expect(hits).toBe(0);
    });
  });
});

describe('XML repairs on generated input (B6, B7)', () => {
  test('undefined HTML entities are mapped, bare & and unknown names kept as text', () => {
    const feed = parse(rss('<item><title>安全生产&nbsp;&mdash;&hellip;&copy;&rarr;&ldquo;通知&rdquo; A&B &bogus; &#2</title><link>https://a.example/?a=1&b=2</link></item>'));
    expect(feed.items[0]?.title).toBe('安全生产\u00a0—…©→“通知” A&B &bogus; &#2');
    expect(feed.items[0]?.url).toBe('https://a.example/?a=1&b=2');
  });

  test('B7: invalid XML characters and lone surrogates are filtered', () => {
    const title = `A\u000bB\u001aC\u0000D\ud800E\udfffF\ufffeG\uffff`;
    const feed = parse(rss(`<item><title>${title}</title><link>https://a.example/1</link></item>`));
    expect(feed.items[0]?.title).toBe('ABCDEFG');
  });

  test('numeric references to forbidden characters are dropped', () => {
    const feed = parse(rss('<item><title>a&#0;b&#x1A;c&#xD800;d&#65;</title><link>https://a.example/1</link></item>'));
    expect(feed.items[0]?.title).toBe('abcdA');
  });

  test('unescaped < in a title, junk after the root, leading PHP warnings', () => {
    const doc = `Warning: mysql_connect() in /var/www/rss.php on line 3\n${rss('<item><title>关于<草根网>和 a < b 的说明</title><link>https://a.example/1</link></item>')}>>junk</p>`;
    const feed = parse(doc);
    expect(feed.items[0]?.title).toBe('关于<草根网>和 a < b 的说明');
  });

  test('a body missing only </channel></rss> is closed; one cut inside an item is parse_error (B1)', () => {
    const full = rss('<item><title>一</title><link>https://a.example/1</link></item><item><title>二</title><link>https://a.example/2</link></item>');
    expect(parse(full.replace('</channel></rss>', '')).items).toHaveLength(2);
    expect(errorOf(() => parse(full.slice(0, full.indexOf('<title>二') + 5))).code).toBe('parse_error');
  });

  test('thousands of unclosed CDATA/title openings stay linear', () => {
    const doc = rss(`<item><title>x</title><link>https://a.example/1</link></item>${'<title><![CDATA['.repeat(50_000)}`);
    const started = performance.now();
    errorOf(() => parse(doc));
    expect(performance.now() - started).toBeLessThan(5000);
  });
});

describe('hostile links (B23, B24)', () => {
  test('javascript:, data:, vbscript: and obfuscated schemes are never item links', () => {
    const bad = ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'java&#x09;script:alert(1)', ' javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox(1)', 'file:///etc/passwd'];
    const items = bad.map((href, i) => `<item><title>t${i}</title><link>${href.replace(/</g, '&lt;')}</link><guid isPermaLink="true">${href.replace(/</g, '&lt;')}</guid></item>`).join('');
    const feed = parse(rss(items));
    expect(feed.items).toHaveLength(bad.length);
    for (const item of feed.items) expect(item.url, item.title ?? '').toBeNull();
    for (const item of normaliseBatch(feed.items, ctx)) expect(item.url).toBeNull();
    const atom = parse(`<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>x</title><link href="javascript:alert(1)"/></entry></feed>`);
    expect(atom.items[0]?.url).toBeNull();
  });

  test('hostile xml:base on root, channel and item: relative links resolve against the feed URL', () => {
    const feed = parse(
      rss(
        '<item xml:base="vbscript:x/"><title>a</title><link>post/1</link></item><item xml:base="https://mirror.example.com/news/"><title>b</title><link>2.html</link></item>',
        '',
        ' xml:base="javascript:alert(1)//"',
      ).replace('<channel>', '<channel xml:base="data:text/html,x/">'),
    );
    expect(feed.items.map((i) => i.url)).toEqual(['https://feeds.example.org/post/1', 'https://mirror.example.com/news/2.html']);
    const atom = parse(`<feed xmlns="http://www.w3.org/2005/Atom" xml:base="javascript:alert(1)//"><entry xml:base="data:,x/"><title>x</title><link href="a/b.html"/></entry></feed>`);
    expect(atom.items[0]?.url).toBe('https://feeds.example.org/a/b.html');
  });

  test('<base href="javascript:"> on an HTML list page is ignored', () => {
    const page = `<html><head><base href="javascript:alert(1)//"></head><body><ul class="list">
      <li><a href="./202608/t20260821_1.html">关于开展安全生产大检查的通知</a><span>2026-08-21</span></li>
      <li><a href="javascript:void(0)">无链接的条目</a><span>2026-08-20</span></li></ul></body></html>`;
    const items = parseHtmlList(page, { baseUrl: 'https://yjj.example.gov.cn/tzgg/', now: NOW, selectors: { item: 'ul.list li', link: 'a', followArticle: false, maxArticles: 20 } });
    expect(items.map((i) => i.url)).toEqual(['https://yjj.example.gov.cn/tzgg/202608/t20260821_1.html', null]);
  });
});

describe('non-feeds constructed in the test (B38)', () => {
  test.each([
    ['<html><head><title>Just a moment...</title></head><body><div id="cf-browser-verification">Checking your browser</div></body></html>', 'blocked_by_waf', 'js_challenge'],
    ['<html><head><title>Attention Required! | Cloudflare</title></head><body><h1>Sorry, you have been blocked</h1><p>This website is using a security service to protect itself from online attacks. The action you just performed triggered the security solution.</p></body></html>', 'blocked_by_waf', 'waf_block'],
    ['<html><body><h2>请输入验证码</h2><p>为了您的正常访问，请完成下面的安全验证后继续浏览本站内容，谢谢合作。</p><img src="/captcha.jpg"></body></html>', 'blocked_by_waf', 'captcha'],
    ['<html><head><title>网站防火墙</title></head><body><p>您的请求带有不合法参数，已被网站管理员设置拦截！可能原因：您提交的内容包含危险的攻击请求。</p><p>安全狗</p></body></html>', 'blocked_by_waf', 'waf_block'],
    ['<html><body><h1>该域名正在出售</h1><p>此域名可以出售，欢迎联系我们洽谈价格，我们提供安全的交易担保服务，过户快速。</p></body></html>', 'not_a_feed', 'domain_for_sale'],
    ['<html><body><h1>网站暂时无法访问</h1><p>该网站已暂停服务，如有疑问请联系空间提供商。该网站已暂停服务，如有疑问请联系空间提供商。</p></body></html>', 'not_a_feed', 'account_suspended'],
    ['<html><head><title>应急管理局</title></head><body><p>欢迎访问本站，这里是一个普通的门户首页，不是订阅源。</p></body></html>', 'not_a_feed', 'html_page'],
    ['Service temporarily unavailable, try again later.', 'not_a_feed', 'plain_text'],
    ['{"code":403,"msg":"forbidden"}', 'not_a_feed', 'json_not_feed'],
    ['<?xml version="1.0"?><sitemap><url>https://a.example/</url></sitemap>', 'not_a_feed', 'xml_not_feed'],
    ['  \n\t <!-- nothing here --> \n', 'empty_response', undefined],
    ['', 'empty_response', undefined],
  ])('%#: → %s %s', (text, code, reason) => {
    const e = errorOf(() => parse(text));
    expect(e.code).toBe(code);
    if (reason) expect(e.message).toContain(reason);
  });
});

describe('huge values (B43) and invisible characters (B44)', () => {
  test('1 MB title is cut to 1000 characters by normalise', () => {
    const feed = parse(rss(`<item><title>${'危'.repeat(1_000_000)}</title><link>https://a.example/1</link></item>`));
    const item = normaliseItem(feed.items[0] ?? {}, ctx);
    expect(item?.title).toHaveLength(1000);
  });

  test('100 000 items: the 500 newest are kept, in feed order', () => {
    const base = Date.UTC(2026, 0, 1);
    // Oldest first, as some CMSs emit: keeping the first 500 would keep the wrong ones.
    const items = Array.from({ length: 100_000 }, (_, i) => `<item><title>第${i}条</title><link>https://a.example/${i}</link><pubDate>${new Date(base + i * 60_000).toUTCString()}</pubDate></item>`).join('');
    const feed = parse(rss(items));
    expect(feed.items).toHaveLength(500);
    expect(feed.droppedItems).toBe(99_500);
    expect(feed.items[0]?.title).toBe('第99500条');
    expect(feed.items[499]?.title).toBe('第99999条');
  });

  test('maxItems is respected', () => {
    const feed = parse(rss('<item><title>a</title><link>https://a.example/1</link></item>'.repeat(5)), 2);
    expect(feed.items).toHaveLength(2);
  });

  test('100 000 categories are capped at 50 × 100 characters', () => {
    const cats = Array.from({ length: 100_000 }, (_, i) => `<category>${i}${'类'.repeat(150)}</category>`).join('');
    const feed = parse(rss(`<item><title>x</title><link>https://a.example/1</link>${cats}</item>`));
    const item = normaliseItem(feed.items[0] ?? {}, ctx);
    expect(item?.categories).toHaveLength(50);
    for (const c of item?.categories ?? []) expect(c.length).toBeLessThanOrEqual(100);
  });

  test('50 000-level nesting in a description does not overflow the stack', () => {
    const html = `${'<div>'.repeat(50_000)}深层正文${'</div>'.repeat(50_000)}`;
    const feed = parse(rss(`<item><title>x</title><link>https://a.example/1</link><description><![CDATA[${html}]]></description></item>`));
    const item = normaliseItem(feed.items[0] ?? {}, ctx);
    expect(item?.summaryText).toBe('深层正文');
  });

  test('B44: NUL, bidi overrides and zero-width characters are stripped from every text field', () => {
    const dirty = 'A\u202Eevil\u200Bzero\u2066iso\u2069\uFEFFend\u200D\u2060';
    const feed = parse(rss(`<item><title>${dirty}&#x202E;&#8203;</title><link>https://a.example/1\u200B</link><author>${dirty}</author><category>${dirty}</category><description>${dirty}</description></item>`));
    const [item] = normaliseBatch(feed.items, ctx);
    expect(item?.title).toBe('Aevilzeroisoend');
    expect(item?.author).toBe('Aevilzeroisoend');
    expect(item?.categories).toEqual(['Aevilzeroisoend']);
    expect(item?.summaryText).toBe('Aevilzeroisoend');
    expect(item?.summaryHtml).toBe('Aevilzeroisoend');
    expect(item?.url).toBe('https://a.example/1');
    // NUL cannot even survive the XML layer; a crawler-built RawItem is cleaned by normalise.
    const raw = normaliseItem({ title: 'a\u0000b\u0007c', summary: 'x\u0000y', url: 'https://a.example/2' }, ctx);
    expect(raw?.title).toBe('abc');
    expect(raw?.summaryHtml).toBe('xy');
  });
});

describe('JSON Feed 1.1', () => {
  test('items, authors, tags, dates and plain-text content', () => {
    const doc = JSON.stringify({
      version: 'https://jsonfeed.org/version/1.1',
      title: '应急管理部 JSON',
      home_page_url: 'https://www.mem.gov.cn/',
      authors: [{ name: '新闻办' }],
      items: [
        { id: 1, url: '/xw/1.html', title: '通报一', content_text: 'a < b & c', date_published: '2026-08-20T10:00:00+08:00', tags: ['事故', '通报'] },
        { id: '2', external_url: 'https://other.example/2', summary: '摘要', content_html: '<p>正文</p>', date_modified: '2026-08-19T10:00:00+08:00', authors: [{ name: '记者' }] },
        'not an object',
      ],
    });
    const feed = parse(doc);
    expect(feed).toMatchObject({ format: 'json', title: '应急管理部 JSON', link: 'https://www.mem.gov.cn/' });
    expect(feed.items).toHaveLength(2);
    expect(feed.items[0]).toMatchObject({ guid: '1', url: 'https://feeds.example.org/xw/1.html', author: '新闻办', categories: ['事故', '通报'] });
    expect(feed.items[0]?.publishedAt?.toISOString()).toBe('2026-08-20T02:00:00.000Z');
    expect(feed.items[1]).toMatchObject({ url: 'https://other.example/2', author: '记者', content: '<p>正文</p>' });
    const [first] = normaliseBatch(feed.items, ctx);
    expect(first?.contentText).toBe('a < b & c');
  });

  test('syntax error → parse_error; items not an array → parse_error', () => {
    expect(errorOf(() => parse('{"version":"https://jsonfeed.org/version/1","items":[{]}')).code).toBe('parse_error');
    expect(errorOf(() => parse('{"version":"https://jsonfeed.org/version/1","items":{}}')).code).toBe('parse_error');
  });
});
