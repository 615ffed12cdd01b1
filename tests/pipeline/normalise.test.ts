import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import {
  FIELD_CAPS,
  canonicalUrl,
  htmlToText,
  normaliseBatch,
  normaliseItem,
  stripInvisible,
  truncateUtf8,
  type BatchContext,
} from '@/lib/pipeline/normalise';
import type { RawItem } from '@/lib/types';

const FETCHED = new Date('2026-08-21T02:00:00.000Z');
const CTX: BatchContext = { sourceId: 'mem-gov', baseUrl: 'https://www.mem.gov.cn/xw/', fetchedAt: FETCHED, dedupeKey: 'guid' };
const one = (raw: RawItem, extra: Partial<BatchContext> = {}) =>
  normaliseItem(raw, { ...CTX, ...extra });
const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

describe('canonicalUrl', () => {
  test('tracking parameters are dropped, other parameters keep their order', () => {
    expect(
      canonicalUrl('https://www.mem.gov.cn/xw/a.shtml?id=9&utm_source=wx&spm=a.b.c&page=2&from=timeline&fbclid=x&gclid=y&WT.mc_id=z&isappinstalled=0&utm_Medium=m'),
    ).toBe('https://www.mem.gov.cn/xw/a.shtml?id=9&page=2');
    expect(
      canonicalUrl('https://mp.weixin.qq.com/s?__biz=MjM5&mid=265&idx=2&sn=ca35&chksm=bed&scene=27&sharer_sharetime=1&token=1682840778&lang=zh_CN#rd'),
    ).toBe('https://mp.weixin.qq.com/s?__biz=MjM5&mid=265&idx=2&sn=ca35&token=1682840778&lang=zh_CN');
    expect(canonicalUrl('https://www.bilibili.com/video/BV1x?vd_source=abc&share_source=copy_web&p=2')).toBe('https://www.bilibili.com/video/BV1x?p=2');
    expect(canonicalUrl('https://a.example/x?utm_source=a&spm=b')).toBe('https://a.example/x');
  });

  test('absolute, lower-case host, no default port, no fragment, no credentials', () => {
    expect(canonicalUrl('../yjyw/202608/t20260821_1.shtml#top', 'https://WWW.MEM.gov.cn:443/xw/bndt/')).toBe('https://www.mem.gov.cn/xw/yjyw/202608/t20260821_1.shtml');
    expect(canonicalUrl('http://user:pw@Example.ORG:80/a')).toBe('http://example.org/a');
  });

  test('hash routes are the page identity on SPA sites and are kept', () => {
    expect(canonicalUrl('https://a.example/#/detail/1')).toBe('https://a.example/#/detail/1');
    expect(canonicalUrl('https://a.example/#!/detail/1')).toBe('https://a.example/#!/detail/1');
  });

  test('only http(s); junk and over-long URLs → null', () => {
    for (const bad of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'java\tscript:alert(1)', 'data:text/html,x', 'vbscript:x', 'mailto:a@b.c', 'ftp://a/b', '', '   ', 'http://']) {
      expect(canonicalUrl(bad, 'https://a.example/'), bad).toBeNull();
    }
    expect(canonicalUrl(`https://a.example/${'x'.repeat(3000)}`)).toBeNull();
  });

  test('stable: canonicalising twice changes nothing', () => {
    for (const u of ['https://a.example/x?b=1&a=2&utm_id=3#f', 'https://a.example/中文/路径?q=安全生产', 'https://a.example/?a=%E4%B8%AD&b=c+d']) {
      const once = canonicalUrl(u);
      expect(canonicalUrl(once)).toBe(once);
    }
  });
});

describe('text fields', () => {
  test('titles: plain text, entities decoded, tags dropped, whitespace collapsed', () => {
    expect(one({ title: '  关于&ldquo;安全生产月&rdquo;的<b>通知</b>\n\t第二行 ' })?.title).toBe('关于“安全生产月”的通知 第二行');
    expect(one({ title: '转《<草根网>的前途》 a < b & c' })?.title).toBe('转《<草根网>的前途》 a < b & c');
    expect(one({ title: 'A &amp; B' })?.title).toBe('A & B');
  });

  test('summary/content: HTML → text with line breaks; raw HTML kept untouched (sanitised later by the UI)', () => {
    const html = '<p>第一段&nbsp;内容</p><script>alert(1)</script><div>第二段<br>换行</div><img src=x onerror=alert(1)>';
    const item = one({ title: 't', summary: html, content: `<article>${html}</article>` });
    expect(item?.summaryText).toBe('第一段 内容\n第二段\n换行');
    expect(item?.contentText).toBe('第一段 内容\n第二段\n换行');
    expect(item?.summaryHtml).toBe(html);
    expect(item?.contentHtml).toContain('onerror=alert(1)');
  });

  test('field caps (TESTPLAN 2.0)', () => {
    const item = one({
      title: '标'.repeat(5000),
      url: 'https://a.example/1',
      summary: `<p>${'摘'.repeat(100_000)}</p>`,
      content: `<p>${'正'.repeat(200_000)}</p>`,
      author: '作'.repeat(1000),
      categories: Array.from({ length: 200 }, (_, i) => `${i}${'类'.repeat(300)}`),
      publishedRaw: '日'.repeat(1000),
      guid: `g${'x'.repeat(5000)}`,
    });
    expect(item?.title).toHaveLength(FIELD_CAPS.titleChars);
    expect(Buffer.byteLength(item?.summaryText ?? '')).toBeLessThanOrEqual(64 * 1024);
    expect(Buffer.byteLength(item?.contentText ?? '')).toBeLessThanOrEqual(256 * 1024);
    expect(item?.contentText.length).toBeGreaterThan(80_000);
    expect(Buffer.byteLength(item?.summaryHtml ?? '')).toBeLessThanOrEqual(64 * 1024);
    expect(item?.author).toHaveLength(200);
    expect(item?.categories).toHaveLength(50);
    expect(item?.publishedRaw).toHaveLength(200);
    expect(item?.guid).toHaveLength(2048);
  });

  test('UTF-8 truncation never splits a character', () => {
    expect(truncateUtf8('安全生产', 7)).toBe('安全');
    expect(truncateUtf8('a😀b', 4)).toBe('a');
    expect(truncateUtf8('short', 100)).toBe('short');
  });

  test('B44: NUL, C0, bidi overrides, isolates and zero-width characters are stripped', () => {
    const dirty = 'A\u0000B\u0007C\u202ED\u2066E\u2069F\u200BG\u200CH\u200DI\uFEFFJ\u2060K\ud800L';
    expect(stripInvisible(dirty)).toBe('ABCDEFGHIJKL');
    const item = one({ title: dirty, summary: dirty, content: dirty, author: dirty, categories: [dirty], guid: dirty, publishedRaw: `2026-08-20${dirty}`, url: `https://a.example/\u200B1` });
    for (const v of [item?.title, item?.summaryText, item?.contentText, item?.summaryHtml, item?.contentHtml, item?.author, item?.categories[0], item?.guid]) {
      expect(v).toBe('ABCDEFGHIJKL');
    }
    expect(item?.url).toBe('https://a.example/1');
    // Tabs and line breaks are kept in block text; RTL marks (used by Urdu/Arabic feeds) are legitimate.
    expect(stripInvisible('a\tb\nc\u200Fd')).toBe('a\tb\nc\u200Fd');
  });

  test('items with neither a title, a link nor text are dropped; a link alone is enough', () => {
    expect(one({ summary: ' <p> </p> ' })).toBeNull();
    expect(one({ title: ' \u200B ', url: 'javascript:alert(1)' })).toBeNull();
    expect(one({ url: '/a.html' })).toMatchObject({ url: 'https://www.mem.gov.cn/a.html', title: '' });
  });

  test('an item with a description alone (valid RSS 2.0) is kept and listed by the start of its text', () => {
    expect(one({ summary: '<p>只有摘要</p>' })).toMatchObject({ title: '只有摘要', summaryText: '只有摘要' });
    expect(one({ summary: '<p>某矿发生透水事故，井下被困12人。救援正在进行。</p>' })?.title).toBe('某矿发生透水事故，井下被困12人。');
    const long = '一'.repeat(100);
    expect(one({ content: `<div>${long}</div>` })?.title).toBe(`${'一'.repeat(60)}…`);
    expect(one({ summary: '\n\n  第二行才有字\n下一行' })?.title).toBe('第二行才有字');
  });
});

describe('dates', () => {
  test('publishedAt from the parser is kept; a raw string is parsed against fetchedAt (Shanghai)', () => {
    expect(one({ title: 't', publishedAt: new Date('2026-08-20T00:00:00Z'), publishedRaw: 'x' })?.publishedAt?.toISOString()).toBe('2026-08-20T00:00:00.000Z');
    expect(one({ title: 't', publishedRaw: '2026年8月20日 10:30' })?.publishedAt?.toISOString()).toBe('2026-08-20T02:30:00.000Z');
    expect(one({ title: 't', publishedRaw: '3小时前' })?.publishedAt?.toISOString()).toBe('2026-08-20T23:00:00.000Z');
  });

  test('future and nonsense dates become null + flag, never the fetch time', () => {
    expect(one({ title: 't', publishedRaw: '2099-01-01' })).toMatchObject({ publishedAt: null, dateFlag: 'future_date', publishedRaw: '2099-01-01' });
    expect(one({ title: 't', publishedAt: new Date('2099-01-01T00:00:00Z') })).toMatchObject({ publishedAt: null, dateFlag: 'future_date' });
    expect(one({ title: 't', publishedRaw: '0001-01-01' })).toMatchObject({ publishedAt: null, dateFlag: 'unparseable' });
    expect(one({ title: 't', publishedAt: null, dateFlag: 'unparseable', publishedRaw: 'Thu, 31 Feb' })).toMatchObject({ publishedAt: null, dateFlag: 'unparseable' });
    expect(one({ title: 't' })).toMatchObject({ publishedAt: null, dateFlag: null, publishedRaw: null });
  });
});

describe('hashes (STYLE rule 6, B34, B35)', () => {
  test('the formula is fixed, so hashes stay comparable across runs and deploys', () => {
    expect(one({ title: 't', guid: 'g-1', url: 'https://a.example/1' })?.itemHash).toBe(sha('mem-gov|g-1'));
    expect(one({ title: 't', guid: 'g-1' })?.itemHash).toBe(sha('mem-gov|g-1'));
    expect(one({ title: 't', url: 'https://a.example/1?utm_source=x' })?.itemHash).toBe(sha('mem-gov|https://a.example/1'));
    expect(one({ title: '标题', summary: '<p>摘要</p>' })?.itemHash).toBe(sha('mem-gov|标题|摘要'));
    expect(one({ title: 't', guid: 'g-1', url: 'https://a.example/1' }, { dedupeKey: 'link' })?.itemHash).toBe(sha('mem-gov|https://a.example/1'));
  });

  test('hashes do not depend on item order', () => {
    const raws: RawItem[] = [1, 2, 3].map((i) => ({ guid: `g${i}`, title: `t${i}`, url: `https://a.example/${i}` }));
    const a = normaliseBatch(raws, CTX).map((i) => i.itemHash);
    const b = normaliseBatch([...raws].reverse(), CTX).map((i) => i.itemHash);
    expect(new Set(a)).toEqual(new Set(b));
    expect(new Set(a).size).toBe(3);
  });

  test('tracking parameters do not change the link hash', () => {
    const a = one({ title: 't', url: 'https://a.example/1?spm=1&id=5' }, { dedupeKey: 'link' });
    const b = one({ title: 't', url: 'https://a.example/1?id=5&utm_source=wx#x' }, { dedupeKey: 'link' });
    expect(a?.itemHash).toBe(b?.itemHash);
  });

  test('B34: one GUID shared by every item → N distinct items, and a re-poll gives the same hashes', () => {
    const raws: RawItem[] = Array.from({ length: 5 }, (_, i) => ({ guid: 'same-guid', title: `第${i}条`, url: `https://a.example/${i}` }));
    const first = normaliseBatch(raws, CTX);
    expect(first).toHaveLength(5);
    expect(first[2]?.itemHash).toBe(sha('mem-gov|same-guid|https://a.example/2'));
    expect(normaliseBatch(raws, CTX).map((i) => i.itemHash)).toEqual(first.map((i) => i.itemHash));
  });

  test('B34: shared GUID and shared link → GUID + link + title, never the position', () => {
    const raws: RawItem[] = Array.from({ length: 4 }, (_, i) => ({ guid: 'g', title: `第${i}条`, url: 'https://a.example/list' }));
    const items = normaliseBatch(raws, CTX);
    expect(items).toHaveLength(4);
    expect(items[3]?.itemHash).toBe(sha('mem-gov|g|https://a.example/list|第3条'));
    expect(new Set(items.map((i) => i.itemHash)).size).toBe(4);
    // a new item on top does not take over an old item's hash
    const withNew = normaliseBatch([{ guid: 'g', title: '新的一条', url: 'https://a.example/list' }, ...raws], CTX);
    expect(withNew.map((i) => i.itemHash).slice(1)).toEqual(items.map((i) => i.itemHash));
  });

  test("a well-formed item's hash does not change when its neighbours come and go or its link changes", () => {
    const a: RawItem = { guid: 'g-a', title: '甲', url: 'https://a.example/1' };
    const b: RawItem = { guid: 'g-b', title: '乙', url: 'https://a.example/2' };
    const together = normaliseBatch([a, b], CTX).map((i) => i.itemHash);
    expect(normaliseBatch([b], CTX)[0]?.itemHash).toBe(together[1]);
    expect(normaliseBatch([{ ...a, url: 'http://a.example/1' }], CTX)[0]?.itemHash).toBe(together[0]);
  });

  test('B35: rotating GUIDs with dedupeKey "link" → the same hashes on every poll', () => {
    const poll = (n: number): RawItem[] => [1, 2, 3].map((i) => ({ guid: `random-${n}-${i}-${Math.random()}`, title: `t${i}`, url: `https://a.example/${i}?utm_campaign=${n}` }));
    const linkCtx: BatchContext = { ...CTX, dedupeKey: 'link' };
    const a = normaliseBatch(poll(1), linkCtx).map((i) => i.itemHash);
    const b = normaliseBatch(poll(2), linkCtx).map((i) => i.itemHash);
    expect(a).toEqual(b);
    // With the default key they would all look new: that is why the option exists.
    expect(normaliseBatch(poll(1), CTX).map((i) => i.itemHash)).not.toEqual(normaliseBatch(poll(2), CTX).map((i) => i.itemHash));
  });

  test('items whose hash repeats within a batch are dropped (first wins)', () => {
    const linkCtx: BatchContext = { ...CTX, dedupeKey: 'link' };
    const items = normaliseBatch(
      [
        { title: '原文', url: 'https://a.example/1?from=rss' },
        { title: '转载', url: 'https://a.example/1' },
        { title: '其他', url: 'https://a.example/2' },
      ],
      linkCtx,
    );
    expect(items.map((i) => i.title)).toEqual(['原文', '其他']);
  });

  test('contentHash ignores the source and whitespace/width, so reposts match across sources', () => {
    const a = one({ title: '某化工厂发生爆炸', summary: '<p>事故造成 3 人死亡。</p>' });
    const b = one({ title: ' 某化工厂发生爆炸 ', summary: '事故造成３人死亡。' }, { sourceId: 'other-site' });
    const c = one({ title: '某化工厂发生爆炸', summary: '事故造成 4 人死亡。' });
    expect(a?.contentHash).toBe(b?.contentHash);
    expect(a?.itemHash).not.toBe(b?.itemHash);
    expect(a?.contentHash).not.toBe(c?.contentHash);
  });
});

describe('htmlToText', () => {
  test('block elements, breaks, cells, entities, full-width indentation', () => {
    expect(htmlToText('<h1>标题</h1><p>　　第一段&mdash;内容</p><ul><li>一</li><li>二</li></ul><table><tr><td>甲</td><td>乙</td></tr></table>a<br/>b')).toBe(
      '标题\n第一段—内容\n一\n二\n甲 乙\na\nb',
    );
  });

  test('scripts, styles and comments are dropped; text without markup is returned as is', () => {
    expect(htmlToText('<style>p{}</style><!-- c --><script>var a="<p>x</p>";</script>正文')).toBe('正文');
    expect(htmlToText('a < b')).toBe('a < b');
    expect(htmlToText('')).toBe('');
  });

  test('absurd nesting falls back to a flat, linear extraction that still drops scripts', () => {
    const html = `${'<div>'.repeat(2000)}<script>alert(1)</script>深层&amp;正文<p>段落</p>${'</div>'.repeat(2000)}`;
    const started = performance.now();
    expect(htmlToText(html)).toBe('深层&正文\n段落');
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
