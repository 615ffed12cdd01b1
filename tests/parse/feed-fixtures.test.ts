/** Every real feed under shared/fixtures/feeds: decode + parse + the fields we rely on. */
import { describe, expect, test } from 'vitest';
import { decodeBody } from '@/lib/parse/charset';
import { parseFeed } from '@/lib/parse/feed';
import type { ParsedFeed } from '@/lib/types';
import { CJK, HAVE_FIXTURES, SKIP_NOTE, listFixtures, readFixture } from './fixture-dir';

const NOW = new Date('2026-08-21T12:00:00+08:00');
const BASE = 'https://feeds.example.org/feed.xml';

function load(file: string): ParsedFeed {
  const { text } = decodeBody(readFixture(`feeds/${file}`), { kind: 'feed' });
  return parseFeed(text, { baseUrl: BASE, now: NOW });
}

/** Encoding-only feedparser cases: a bare `<rss>` with no items on purpose. */
const NO_ITEMS_BY_DESIGN = new Set(['feedparser-utf16le-bom.xml', 'feedparser-utf8-bom.xml']);
const CHINESE = /^(gb2312|big5|gov|rssant|feeder-geekpark)-/;

/** Known first titles, copied from the files (decoded with iconv) to catch mojibake literally. */
const FIRST_TITLES: Record<string, string> = {
  'big5-0804.blogspot.com.xml': '《11月的蕭邦》',
  'big5-blog.worren.net.xml': 'Keil C Compiler 中斷的寫法',
  'big5-myblog.pchome.com.tw.xml': '愛力真正的源頭',
  'big5-sinica.edu.tw.xml': '新年快樂',
  'gb2312-14.blog.westca.com.xml': '想要飞 却怎么样也飞不高',
  'gb2312-2.blog.westca.com.xml': '有什么歌能够比它更让你更陶醉呢？',
  'gb2312-acnnewswire.net.xml': 'JCB 与中国银联（China UnionPay）完成ATM网关协议的签订；CUP持卡者得以第一次在日本享受使用ATM网络的权利',
  'gb2312-chen56.blogcn.com.xml': '搬家',
  'gb2312-lily.blogsome.com.xml': '最近比较忙',
  'gb2312-luciferwang.blogcn.com.xml': '奥登说的大实话',
  'gb2312-w3cn.org.xml': '如何以及何时使用sIFR',
  'gov-shanghai-policy-aggregate-empty-link.rss': '关于我市事业单位性质殡葬服务机构用水、用电执行居民价格的通知',
  'gov-shenzhen-policy-aggregate.rss': '深圳市中小企业服务局关于组织开展2026年专精特新“小巨人”企业申报和复核工作的通知',
  'feeder-geekpark-cn.xml': '充电桩 2020：大火一年，它依然没赚到钱（！）',
  'rssant-coolshell.xml': 'Rust语言的编程范式',
  'rssant-dapenti-tugua.xml': 'CNN女主持人Clarissa Ward正戴着头巾在喀布尔街头采访',
  'rssant-ruanyifeng-atom.xml': '科技爱好者周刊：第 102 期',
  'miniflux-ibash-windows1251.xml': 'Цитата #17703',
  'rssparser-jn-pt-iso8859-1.rss': 'Mãe de utente é a nova presidente da Raríssimas',
  'rssparser-rss092.rss': 'The First Item',
  'miniflux-heise-rss090-rdf.xml': 'OLED-TVs: Vorsichtsmaßnahmen gegen Einbrennen',
};

const FEED_TITLES: Record<string, string> = {
  'big5-sinica.edu.tw.xml': '「隨機部落格」之「線上演算法」',
  'gb2312-softsea.net.xml': '系统工具',
  'gb2312-luciferwang.blogcn.com.xml': '王敖和董小缠',
  'rssant-dapenti-tugua.xml': '喷嚏网----阅读、发现和分享：8小时外的健康生活！ 之 [铂程斋]',
  'nodefp-oren-ru-windows1251.xml': 'Новости Оренбурга и области / Раздел Новости',
  'rssparser-jn-pt-iso8859-1.rss': 'Jornal de Notícias - Últimas Notícias',
};

const FORMATS: Record<string, ParsedFeed['format']> = {
  'big5-blog.worren.net.xml': 'atom', // Atom 0.3
  'big5-upsaid.com.xml': 'rdf',
  'gb2312-chen56.blogcn.com.xml': 'rdf',
  'miniflux-heise-rss090-rdf.xml': 'rdf', // RSS 0.90
  'rssparser-craigslist-rdf.rss': 'rdf', // RSS 1.0
  'rssparser-rss092.rss': 'rss',
  'rssparser-feedburner.atom': 'atom',
  'rssant-ruanyifeng-atom.xml': 'atom',
};

describe.skipIf(!HAVE_FIXTURES)('feeds/: every real feed parses', () => {
  const files = listFixtures('feeds');

  test('the fixture set is there', () => {
    expect(files.length).toBeGreaterThanOrEqual(50);
  });

  test.each(files)('%s', (file) => {
    const feed = load(file);
    if (NO_ITEMS_BY_DESIGN.has(file)) {
      expect(feed.items).toHaveLength(0);
      return;
    }
    expect(feed.items.length).toBeGreaterThanOrEqual(1);
    for (const item of feed.items) {
      expect(item.title || item.url, JSON.stringify(item).slice(0, 200)).toBeTruthy();
      if (item.url) expect(item.url).toMatch(/^https?:\/\//);
      for (const field of [item.title, item.summary, item.content, item.author]) {
        if (field) expect(field).not.toContain('\uFFFD');
      }
    }
    if (CHINESE.test(file)) {
      expect(feed.items.some((i) => CJK.test(`${i.title ?? ''}${i.summary ?? ''}${i.content ?? ''}`))).toBe(true);
    }
    const first = FIRST_TITLES[file];
    if (first) expect(feed.items[0]?.title?.trim()).toBe(first);
    const title = FEED_TITLES[file];
    if (title) expect(feed.title).toBe(title);
    const format = FORMATS[file];
    if (format) expect(feed.format).toBe(format);
  });

  test('dates: RFC 822 with +0800, ISO 8601, dc:date; zone-less read as Shanghai', () => {
    expect(load('gov-shenzhen-policy-aggregate.rss').items[0]?.publishedAt?.toISOString()).toBe('2026-04-13T16:00:00.000Z');
    expect(load('gov-shanghai-policy-aggregate-empty-link.rss').items[0]?.publishedAt?.toISOString()).toBe('2026-04-14T00:00:00.000Z');
    expect(load('rssparser-craigslist-rdf.rss').items[0]?.publishedAt?.toISOString()).toBe('2017-06-21T17:33:10.000Z');
    expect(load('rssant-kilerd-no-xmldecl.xml').items[0]?.publishedAt?.toISOString()).toBe('2019-12-31T13:34:22.000Z');
    // `2005-5-28 16:05:36`: no zone → +08:00.
    expect(load('gb2312-w3cn.org.xml').items[0]?.publishedAt?.toISOString()).toBe('2005-05-28T08:05:36.000Z');
    // Portuguese day/month names (UOL).
    expect(load('rssparser-uol-noxmldecl-latin1.rss').items[0]?.publishedAt?.toISOString()).toBe('2018-09-24T22:42:40.000Z');
  });

  test('empty channel <link> and empty atom:link do not break the gov aggregate', () => {
    const feed = load('gov-shanghai-policy-aggregate-empty-link.rss');
    expect(feed.link).toBeNull();
    expect(feed.items[0]?.url).toMatch(/^http:\/\/fgw\.sh\.gov\.cn\//);
  });

  test('relative links resolve against the item xml:base first, then the feed URL', () => {
    const scoped = load('nodefp-item-scoped-xml-base.xml');
    expect(scoped.items.map((i) => i.url)).toEqual(['https://example.com/first/first', 'https://feeds.example.org/second']);
    const relative = load('nodefp-neverwinter-relative-urls.xml');
    expect(relative.link).toBe('https://feeds.example.org/en/games/neverwinter/news');
    expect(relative.items[0]?.url).toMatch(/^https:\/\/feeds\.example\.org\/en\/games\/neverwinter\/news\/detail\/10743874-/);
    expect(load('nodefp-relative-html-urls-no-base.xml').items[0]?.url).toBe('https://feeds.example.org/posts/post-1');
  });

  test('content:encoded, Atom HTML content, categories, authors, GUIDs', () => {
    const coolshell = load('rssant-coolshell.xml').items[0];
    expect(coolshell?.content?.length).toBeGreaterThan(1000);
    expect(coolshell?.author).toBeTruthy();
    expect(coolshell?.categories?.length).toBeGreaterThan(0);
    const shenzhen = load('gov-shenzhen-policy-aggregate.rss').items[0];
    expect(shenzhen?.categories?.length).toBeGreaterThan(0);
    const ruanyf = load('rssant-ruanyifeng-atom.xml').items[0];
    expect(ruanyf?.content).toContain('<p>');
    expect(ruanyf?.guid).toBeTruthy();
    const instant = load('rssparser-instant-article.rss').items[0];
    expect(instant).toMatchObject({ content: '<b>Lorem</b> ipsum', summary: 'Lorem ipsum', author: 'tobi', guid: 'https://localhost:8000' });
  });

  test('CDATA wrapped in whitespace is kept intact (trimmed later by normalise)', () => {
    const item = load('feedjira-huffpost-canada-cdata-whitespace.rss').items[0];
    expect(item?.title?.trim()).toMatch(/^Winnipeg High School Orders Custom Hijab/);
    expect(item?.url).toMatch(/^http:\/\/www\.huffingtonpost\.ca\//);
  });
});

describe.skipIf(HAVE_FIXTURES)('feeds/', () => {
  test.skip(SKIP_NOTE, () => undefined);
});
