/** HTML sources: list pages with configured selectors, article pages with the 正文 fallback. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { CrawlError } from '@/lib/errors';
import { decodeBody } from '@/lib/parse/charset';
import { findDateInText, parseArticlePage, parseHtmlList } from '@/lib/parse/html-list';
import { escapeHtml, htmlToText } from '@/lib/parse/html-text';
import type { HtmlSelectors } from '@/lib/sources/schema';
import { FIXTURES, HAVE_FIXTURES, SKIP_NOTE, readFixture } from './fixture-dir';

const NOW = new Date('2026-08-21T02:00:00.000Z');
const sel = (item: string, extra: Partial<HtmlSelectors> = {}): HtmlSelectors => ({ item, link: 'a', followArticle: false, maxArticles: 20, ...extra });
const page = (file: string) => decodeBody(readFixture(`pages/${file}`), { kind: 'html' }).text;

function errorOf(fn: () => unknown): CrawlError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CrawlError) return e;
    throw e;
  }
  throw new Error('expected a CrawlError');
}

const GOV_LIST = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>通知公告_某市应急管理局</title></head><body>
<div class="nav"><a href="/">首页</a><a href="/zwgk/">政务公开</a></div>
<ul class="list">
  <li><a href="./202608/t20260821_101.html" title="关于开展2026年汛期安全生产大检查的通知">关于开展2026年汛期安全生产大检查…</a><span class="date">2026-08-21</span></li>
  <li><a href="../tzgg/202608/t20260820_100.html">某化工企业较大事故调查报告公布</a>[08-20]</li>
  <li><a href="/xxgk/t1.html">高温天气危险化学品安全提醒</a> 2026年8月19日</li>
  <li><a href="https://www.mem.gov.cn/gk/tzgg/t2.html">应急管理部转发通知</a><em>3天前</em></li>
  <li><a href="javascript:void(0)" onclick="openwin('t3.html')">只能用脚本打开的条目</a><span>2026-08-17</span></li>
  <li><span>2026-08-16</span></li>
</ul>
<table class="tab"><tr><td><a href="t4.html">表格布局条目</a></td><td>2026/08/15</td></tr></table>
<div class="footer">主办单位：某市应急管理局 版权所有</div></body></html>`;

describe('parseHtmlList on a constructed gov list page', () => {
  const base = 'https://yjj.example.gov.cn/tzgg/index.html';

  test('links, full titles from the title attribute, dates in several Chinese formats', () => {
    const items = parseHtmlList(GOV_LIST, { baseUrl: base, now: NOW, selectors: sel('ul.list li') });
    expect(items.map((i) => [i.title, i.url, i.publishedAt?.toISOString() ?? null])).toEqual([
      ['关于开展2026年汛期安全生产大检查的通知', 'https://yjj.example.gov.cn/tzgg/202608/t20260821_101.html', '2026-08-20T16:00:00.000Z'],
      ['某化工企业较大事故调查报告公布', 'https://yjj.example.gov.cn/tzgg/202608/t20260820_100.html', '2026-08-19T16:00:00.000Z'],
      ['高温天气危险化学品安全提醒', 'https://yjj.example.gov.cn/xxgk/t1.html', '2026-08-18T16:00:00.000Z'],
      ['应急管理部转发通知', 'https://www.mem.gov.cn/gk/tzgg/t2.html', '2026-08-18T02:00:00.000Z'],
      // javascript: links are never kept; the entry still carries its title.
      ['只能用脚本打开的条目', null, '2026-08-16T16:00:00.000Z'],
    ]);
    expect(items[1]?.publishedRaw).toBe('[08-20]');
  });

  test('configured title/date/summary selectors and a table layout', () => {
    const items = parseHtmlList(GOV_LIST, { baseUrl: base, now: NOW, selectors: sel('table.tab tr') });
    expect(items).toEqual([
      expect.objectContaining({ title: '表格布局条目', url: 'https://yjj.example.gov.cn/tzgg/t4.html', publishedRaw: '2026/08/15' }),
    ]);
    const withDate = parseHtmlList(GOV_LIST, { baseUrl: base, now: NOW, selectors: sel('ul.list li', { date: 'span.date', title: 'a', summary: 'a' }) });
    expect(withDate[0]).toMatchObject({ title: '关于开展2026年汛期安全生产大检查…', publishedRaw: '2026-08-21' });
    expect(withDate[0]?.summary).toContain('汛期');
  });

  test('zero matches on a page with content → selector_error, with the selector in the message', () => {
    const e = errorOf(() => parseHtmlList(GOV_LIST, { baseUrl: base, now: NOW, selectors: sel('div.newslist li') }));
    expect(e.code).toBe('selector_error');
    expect(e.messageZh).toContain('div.newslist li');
  });

  test('matches without any title or link → selector_error', () => {
    expect(errorOf(() => parseHtmlList(GOV_LIST, { baseUrl: base, now: NOW, selectors: sel('div.nav', { link: 'b', title: 'i' }) })).code).toBe('selector_error');
  });

  test('an invalid selector → selector_error, not a crash', () => {
    expect(errorOf(() => parseHtmlList(GOV_LIST, { baseUrl: base, now: NOW, selectors: sel('ul.list li:has(((') })).code).toBe('selector_error');
  });

  test('a challenge page → blocked_by_waf; a blank page → empty_response', () => {
    const waf = '<html><head><title>安全验证</title></head><body><script>var arg1="...";document.cookie="acw_sc__v2="+x;location.reload()</script></body></html>';
    expect(errorOf(() => parseHtmlList(waf, { baseUrl: base, now: NOW, selectors: sel('ul.list li') })).code).toBe('blocked_by_waf');
    expect(errorOf(() => parseHtmlList('<html><body>  </body></html>', { baseUrl: base, now: NOW, selectors: sel('ul.list li') })).code).toBe('empty_response');
  });

  test('findDateInText prefers labelled and full dates', () => {
    expect(findDateInText('发布时间：2026-08-21 10:30 来源：应急管理局')).toBe('2026-08-21 10:30');
    expect(findDateInText('成文日期 2024年04月16日')).toBe('2024年04月16日');
    expect(findDateInText('标题 [08-21]')).toBe('[08-21]');
    expect(findDateInText('阅读 1234 次')).toBeNull();
  });
});

/** Wraps a gov page text (shared fixture) in the usual CMS chrome: nav, crumb, metadata table, footer. */
function govPage(lines: string[], container: 'zoom' | 'trs' | 'plain', withMeta: boolean): string {
  const title = lines[0] ?? '';
  const body = lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('\n');
  const content =
    container === 'zoom' ? `<div id="zoom">${body}</div>` : container === 'trs' ? `<div class="TRS_Editor"><div class="Custom_UnionStyle">${body}</div></div>` : `<div class="wz"><div class="nr">${body}</div></div>`;
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}_某区应急管理局</title>
${withMeta ? `<meta name="ArticleTitle" content="${escapeHtml(title)}"><meta name="PubDate" content="2024-04-16 10:00">` : ''}
<script>var _hmt = _hmt || [];</script><style>.nav{color:red}</style></head><body>
<div class="top"><ul class="nav"><li><a href="/">网站首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/hdjl/">互动交流</a></li><li><a href="/bsfw/">办事服务</a></li></ul></div>
<div class="crumb">您当前的位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/yjgl/">应急管理</a></div>
<table class="xxgk"><tr><td>索引号</td><td>11500000MB1907069L/2024-00178</td><td>发布机构</td><td>区应急管理局</td></tr></table>
<h1 class="title">${escapeHtml(title)}</h1>
<div class="info">发布时间：2024-04-16 10:00　来源：区应急管理局　浏览次数：1024</div>
${content}
<div class="related"><h3>相关链接</h3><ul><li><a href="/a1.html">关于做好安全生产工作的通知</a></li><li><a href="/a2.html">应急管理局2024年工作要点</a></li></ul></div>
<div class="footer"><a href="/about.html">关于我们</a> | <a href="/map.html">网站地图</a><p>主办单位：某区应急管理局　网站标识码：5001140001　渝ICP备05003300号</p></div>
</body></html>`;
}

describe.skipIf(!HAVE_FIXTURES)('pages/ fixtures', () => {
  // Read lazily: a skipped describe still runs its body to collect tests.
  const jsonl = path.join(FIXTURES, 'pages/gov-text/gov-and-warning-pages-text-zh.jsonl');
  const records = (HAVE_FIXTURES ? fs.readFileSync(jsonl, 'utf8') : '')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { id: string; text: string });

  test('the gov-text records are there', () => {
    expect(records.length).toBeGreaterThanOrEqual(10);
  });

  describe.each(['zoom', 'trs', 'plain'] as const)('parseArticlePage extracts the 正文 from gov-text pages (container: %s)', (container) => {
    test.each(records.map((r) => [r.id, r] as const))('%s', (_id, record) => {
      const lines = record.text.split('\n').map((l) => l.trim()).filter(Boolean);
      const withMeta = container !== 'plain';
      const article = parseArticlePage(govPage(lines, container, withMeta), { baseUrl: 'https://yjj.example.gov.cn/zwgk/t1.html', now: NOW });
      for (const line of lines) expect(article.text).toContain(htmlToText(escapeHtml(line)));
      // Page chrome must not leak into the 正文 (some records quote a breadcrumb themselves).
      for (const chrome of ['网站首页', '您当前的位置', '关于我们', '主办单位', '相关链接', '_hmt']) {
        if (!record.text.includes(chrome)) expect(article.text).not.toContain(chrome);
      }
      expect(article.title).toBe(lines[0]);
      expect(article.publishedAt?.toISOString()).toBe('2024-04-16T02:00:00.000Z');
      expect(article.content).toContain('<p>');
    });
  });

  test('a configured content selector wins; relative links in the 正文 become absolute', () => {
    const html = `<html><body><div class="nav"><a href="/">首页</a></div><div class="detail"><p>正文第一段，含<a href="../fj/附件1.pdf">附件</a>和<img src="img/1.png">。</p></div><span class="time">2026-08-20 09:00</span></body></html>`;
    const article = parseArticlePage(html, { baseUrl: 'https://yjj.example.gov.cn/zwgk/tzgg/t1.html', selectors: { content: '.detail', date: '.time', title: '.detail p' }, now: NOW });
    expect(article.text).toBe('正文第一段，含附件和。');
    expect(article.content).toContain('href="https://yjj.example.gov.cn/zwgk/fj/%E9%99%84%E4%BB%B61.pdf"');
    expect(article.content).toContain('src="https://yjj.example.gov.cn/zwgk/tzgg/img/1.png"');
    expect(article.publishedAt?.toISOString()).toBe('2026-08-20T01:00:00.000Z');
    expect(article.title).toBe('正文第一段，含附件和。');
  });

  test.each([
    ['gmw', '宇航员在太空中喝酒会怎么样？后果很严重', 1],
    ['youth', '海外留学生看两会：出国前后关注点大不同', 1],
    ['qq', 'DeepMind新电脑已可利用记忆自学 人工智能迈上新台阶', 0.7],
  ])('readability %s: fallback extraction matches the gold article', (name, title, minShare) => {
    const article = parseArticlePage(page(`readability/${name}-source.html`), { baseUrl: 'https://news.example.cn/a.html', now: NOW });
    const gold = htmlToText(fs.readFileSync(path.join(FIXTURES, `pages/readability/${name}-expected.html`), 'utf8'))
      .split('\n')
      .filter((l) => l.length > 15);
    const found = gold.filter((l) => article.text.includes(l)).length;
    expect(found / gold.length).toBeGreaterThanOrEqual(minShare);
    expect(article.title).toContain(title);
    const meta = JSON.parse(fs.readFileSync(path.join(FIXTURES, `pages/readability/${name}-expected-metadata.json`), 'utf8')) as { title: string };
    expect(meta.title).toContain(title);
  });

  test('news detail pages: title, date and body', () => {
    const chinanews = parseArticlePage(page('gerapy/chinanews-detail-1.html'), { baseUrl: 'https://www.chinanews.com/', now: NOW });
    expect(chinanews.title).toBe('【中国稳健前行】坚定实施扩大内需战略');
    expect(chinanews.publishedAt?.toISOString()).toBe('2020-07-04T04:10:24.000Z');
    expect(chinanews.text.length).toBeGreaterThan(2000);
    const ifeng = parseArticlePage(page('gerapy/ifeng-detail-2022.html'), { baseUrl: 'https://news.ifeng.com/', now: NOW });
    expect(ifeng.title).toBe('故宫，你低调点！故宫：不，实力已不允许我继续低调');
    expect(ifeng.publishedAt?.toISOString()).toBe('2019-02-19T18:26:00.000Z');
    const woshipm = parseArticlePage(page('rssant-woshipm-article.html'), { baseUrl: 'https://www.woshipm.com/', now: NOW });
    expect(woshipm.title).toBe('你为用户做总结了吗？');
    expect(woshipm.text).toContain('编辑导语：每到年末之际');
  });

  test('GBK article page without a charset header (qqyewu) decodes and extracts', () => {
    const article = parseArticlePage(page('feeder-qqyewu-gb2312.html'), { baseUrl: 'https://www.qqyewu.com/', now: NOW });
    expect(article.title).toContain('10元2瓶黄灯笼辣椒酱');
    expect(article.text).not.toContain('\uFFFD');
  });

  test('real list pages with configured selectors', () => {
    const dfa = parseHtmlList(page('gerapy/dfa66-announcement-list.html'), {
      baseUrl: 'https://www.dfa66.com/dfaets/news/infodisclosure/announcement/index.html',
      now: NOW,
      selectors: sel('ul.glist li', { date: 'span.t' }),
    });
    expect(dfa).toHaveLength(10);
    expect(dfa[0]).toMatchObject({
      title: '东方阿尔法优势产业混合型发起式证券投资基金可投资于科创板股票的公告',
      url: 'https://www.dfa66.com/dfaets/contents/2020/7/2-b51327b18dff4d8aa163774fcd9240e6.html',
      publishedRaw: '2020-07-02',
    });
    // Same page without a date selector: the date is found in the entry text.
    const found = parseHtmlList(page('gerapy/dfa66-announcement-list.html'), { baseUrl: 'https://www.dfa66.com/', now: NOW, selectors: sel('ul.glist li') });
    expect(found.map((i) => i.publishedRaw)).toEqual(dfa.map((i) => i.publishedRaw));

    const hr = parseHtmlList(page('gerapy/hrfund-announcement-list.html'), { baseUrl: 'https://www.hrfund.com.cn/', now: NOW, selectors: sel('.infor-con ul.fixed li', { link: 'h2 a', date: 'i' }) });
    expect(hr.length).toBeGreaterThan(5);
    expect(hr[0]?.title).toBe('华融基金管理有限公司关于旗下基金参加南京苏宁基金销售有限公司申购补差费费率优惠活动的公告');
    expect(hr[0]?.url).toBe('https://www.hrfund.com.cn/Upload/File/202004/20200429175329_3226.pdf');
    expect(hr[0]?.publishedAt?.toISOString()).toBe('2020-04-29T16:00:00.000Z');

    const rt = parseHtmlList(page('gerapy/rtfund-xxpl-list.html'), { baseUrl: 'https://www.rtfund.com/', now: NOW, selectors: sel('#expertList1 li') });
    expect(rt.length).toBeGreaterThan(5);
    expect(rt[0]?.publishedRaw).toBe('2020-07-09');
    expect(rt[0]?.url).toMatch(/^https:\/\/www\.rtfund\.com\/main\/a\/20200709\//);
  });
});

describe.skipIf(HAVE_FIXTURES)('pages/', () => {
  test.skip(SKIP_NOTE, () => undefined);
});
