/**
 * The item list, search and export on a real SQLite file through the real pipeline: the demo
 * corpus plus a few hostile items are stored as the crawler stores them and analysed by the
 * worker's AnalysisRunner (which writes the search index in the analysis transaction). Every
 * result is checked against the data read independently with Prisma's query API.
 */
import { inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { corpus, demoSources, expandText, publishedAt } from '@/demo/corpus';
import {
  countItemsUpTo,
  isIndexedForSearch,
  iterateItems,
  listItems,
  loadItemsView,
  searchItems,
  searchItemsByRelevance,
  storeFetchSuccess,
  upsertSources,
  upsertTopic,
} from '@/lib/db';
import type { ItemListFilter, ItemListRow, NewItem, TimeCursor } from '@/lib/db';
import { EXPORT_COLUMNS } from '@/lib/export/cells';
import { csvStream, xlsxBytes } from '@/lib/export/stream';
import { AnalysisRunner } from '@/lib/pipeline/analyse';
import { seedAnalysisLexicon } from '@/lib/pipeline/seed';
import { parseItemQuery } from '@/lib/search/filter';
import { parseSearchQuery } from '@/lib/search/query';
import { SourceListSchema } from '@/lib/sources/schema';
import { createTestDb } from '../helpers/test-db';
import type { TestDb } from '../helpers/test-db';

const START = new Date('2026-11-20T00:00:00Z');

function entryItem(id: string, title: string, text: string, at: Date | null, url: string | null = `http://127.0.0.1/${id}.html`): NewItem {
  return {
    itemHash: id,
    contentHash: id,
    guid: id,
    url,
    title,
    summaryText: text,
    contentText: null,
    summaryHtml: null,
    contentHtml: null,
    author: null,
    categories: [],
    publishedAt: at,
    publishedRaw: null,
    dateFlag: null,
  };
}

async function store(t: TestDb, sourceId: string, items: NewItem[], isDemo: boolean): Promise<void> {
  await storeFetchSuccess(t.client, {
    sourceId,
    workerId: 'test',
    startedAt: START,
    finishedAt: START,
    httpStatus: 200,
    status: 'ok',
    items,
    etag: null,
    lastModified: null,
    nextCheckAt: START,
    isDemo,
  });
}

/** Hostile and purpose-made items on a non-demo forum source. */
const CRAFTED: NewItem[] = [
  entryItem('x-formula-eq', '=HYPERLINK("http://evil.example","点我")', '某矿区网友发帖称井下瓦斯超限。', new Date('2026-11-19T01:00:00Z')),
  entryItem('x-formula-plus', '+86 热线被打爆', '居民反映燃气泄漏。', new Date('2026-11-19T02:00:00Z')),
  entryItem('x-formula-minus', '-2 人受伤的说法不实', '网传爆炸致人受伤。', new Date('2026-11-19T03:00:00Z')),
  entryItem('x-formula-at', '@SUM(A1:A9) 求转发', '家属称至今无人回应。', new Date('2026-11-19T04:00:00Z')),
  entryItem('x-formula-tab', '\t=1+1 制表符开头', '正文。', new Date('2026-11-19T05:00:00Z')),
  entryItem('x-xss', '<script>alert(1)</script>化工厂起火', '<img src=x onerror=alert(1)> 浓烟滚滚。', new Date('2026-11-19T06:00:00Z'), 'javascript:alert(1)'),
  entryItem('x-phrase-a', '测试矿井发生瓦斯爆炸', '井下发生瓦斯爆炸，救援正在进行。', new Date('2026-11-19T07:00:00Z')),
  entryItem('x-phrase-b', '测试矿井瓦斯检测', '瓦斯浓度正常。隔壁工地上月曾发生爆炸。', new Date('2026-11-19T08:00:00Z')),
  entryItem('x-phrase-c', '测试矿井瓦斯治理', '瓦斯抽采系统运行平稳。', new Date('2026-11-19T09:00:00Z')),
  entryItem('x-rank-title', '蓝鲸湾码头安全检查', '例行检查，情况平稳。', new Date('2026-11-18T01:00:00Z')),
  entryItem('x-rank-body', '港口例行检查通报', '本次检查涉及多个码头，其中包括蓝鲸湾码头和其他码头。', new Date('2026-11-18T23:00:00Z')),
  entryItem('x-inject', '网友问 NEAR( 与 " OR 1 是什么', '有人在评论区输入 " OR 1 和 NEAR( 试图搞乱检索。', new Date('2026-11-19T10:00:00Z')),
  entryItem('x-nodate', '无日期的置顶通知', '本通知长期有效。', null),
];

let t: TestDb;
let allIds: number[];

beforeAll(async () => {
  t = await createTestDb();
  await upsertSources(t.client, SourceListSchema.parse(demoSources('http://127.0.0.1:9')), 'demo', START);
  await upsertSources(
    t.client,
    SourceListSchema.parse([{ id: 'x-forum', name: '测试论坛', url: 'http://127.0.0.1:9/x.xml', kind: 'rss', category: 'forum_social' }]),
    'user',
    START,
  );
  await seedAnalysisLexicon(t.client, { demo: true });
  await upsertTopic(t.client, { name: '瓦斯', rule: '瓦斯' });
  const byFeed = new Map<string, NewItem[]>();
  for (const e of corpus) {
    const item = entryItem(e.id, e.title, expandText(e.body, START), e.noDate ? null : publishedAt(e, START));
    byFeed.set(e.feed, [...(byFeed.get(e.feed) ?? []), item]);
  }
  for (const [feed, items] of byFeed) await store(t, feed, items, true);
  await store(t, 'x-forum', CRAFTED, false);
  const r = await new AnalysisRunner(t.client, { now: () => START, batchSize: 40 }).catchUp();
  expect(r.failed).toBe(0);
  const rows = await t.client.item.findMany({ select: { id: true }, orderBy: [{ sortAt: 'desc' }, { id: 'desc' }] });
  allIds = rows.map((r) => r.id);
}, 120_000);
afterAll(async () => t.cleanup());

/** Every page of a list, following the cursors; fails on a repeated row. */
async function walk(fetch: (after: TimeCursor | null) => Promise<{ rows: ItemListRow[]; next: TimeCursor | null }>): Promise<number[]> {
  const ids: number[] = [];
  let after: TimeCursor | null = null;
  for (let page = 0; page < 1000; page++) {
    const r = await fetch(after);
    ids.push(...r.rows.map((x) => x.id));
    if (!r.next) break;
    after = r.next;
  }
  expect(new Set(ids).size).toBe(ids.length);
  return ids;
}

async function expectedIds(where: Parameters<TestDb['client']['item']['findMany']>[0] extends infer A ? (A extends { where?: infer W } ? W : never) : never): Promise<number[]> {
  const rows = await t.client.item.findMany({ where, select: { id: true }, orderBy: [{ sortAt: 'desc' }, { id: 'desc' }] });
  return rows.map((r) => r.id);
}

describe('the index is written with the analysis', () => {
  test('every item is indexed and its analysis and topic rows carry its sortAt', async () => {
    const items = await t.client.item.findMany({ select: { id: true, sortAt: true, analysis: { select: { sortAt: true } } } });
    expect(items.length).toBe(corpus.length + CRAFTED.length);
    for (const i of items) {
      expect(await isIndexedForSearch(t.client, i.id)).toBe(true);
      expect(i.analysis?.sortAt?.getTime()).toBe(i.sortAt.getTime());
    }
    const topics = await t.client.itemTopic.findMany({ select: { sortAt: true, item: { select: { sortAt: true } } } });
    expect(topics.length).toBeGreaterThan(0);
    for (const x of topics) expect(x.sortAt?.getTime()).toBe(x.item.sortAt.getTime());
  });
});

describe('list', () => {
  test('newest first; keyset pages of 7 cover every item once, in order', async () => {
    const ids = await walk((after) => listItems(t.client, {}, { after, limit: 7 }));
    expect(ids).toEqual(allIds);
  });

  test('a page opened with `before` is the page before', async () => {
    const p1 = await listItems(t.client, {}, { limit: 5 });
    const p2 = await listItems(t.client, {}, { after: p1.next, limit: 5 });
    expect(p1.prev).toBeNull();
    expect(p2.prev).not.toBeNull();
    const back = await listItems(t.client, {}, { before: p2.prev, limit: 5 });
    expect(back.rows.map((r) => r.id)).toEqual(p1.rows.map((r) => r.id));
    expect(back.prev).toBeNull();
    expect(back.next).toEqual(p1.next);
  });

  const cases: [string, ItemListFilter, Record<string, unknown>][] = [
    ['negative', { label: 'negative' }, { analysis: { is: { label: 'negative' } } }],
    ['risk ≥ 40', { minRisk: 40 }, { analysis: { is: { risk: { gte: 40 } } } }],
    ['official sources', { category: 'official' }, { source: { category: 'official' } }],
    ['one source', { sourceId: 'x-forum' }, { sourceId: 'x-forum' }],
    ['demo excluded', { demo: 'exclude' }, { isDemo: false }],
    ['demo only', { demo: 'only' }, { isDemo: true }],
    ['province', { province: '演示省' }, { analysis: { is: { province: '演示省' } } }],
    ['accident type 08 (fire)', { accidentTypeCode: '08' }, { analysis: { is: { accidentTypeCode: '08' } } }],
    ['time window', { from: new Date('2026-11-18T00:00:00Z'), to: new Date('2026-11-19T06:00:00Z') }, { sortAt: { gte: new Date('2026-11-18T00:00:00Z'), lt: new Date('2026-11-19T06:00:00Z') } }],
    [
      'negative forum items with risk ≥ 20',
      { label: 'negative', category: 'forum_social', minRisk: 20 },
      { analysis: { is: { label: 'negative', risk: { gte: 20 } } }, source: { category: 'forum_social' } },
    ],
  ];
  test.each(cases)('filter: %s', async (_name, filter, where) => {
    const expected = await expectedIds(where);
    const got = await walk((after) => listItems(t.client, filter, { after, limit: 4 }));
    expect(got).toEqual(expected);
    const count = await countItemsUpTo(t.client, filter);
    expect(count).toEqual({ count: expected.length, capped: false });
  });

  test('filters on a grade, a topic and an event match the stored analyses', async () => {
    const graded = await t.client.itemAnalysis.findFirst({ where: { grade: { not: null } }, select: { grade: true, eventId: true } });
    expect(graded?.grade).toBeTruthy();
    const grade = graded?.grade as string;
    expect(await walk((after) => listItems(t.client, { grade }, { after, limit: 3 }))).toEqual(await expectedIds({ analysis: { is: { grade } } }));
    const topic = await t.client.topic.findUniqueOrThrow({ where: { name: '瓦斯' } });
    const byTopic = await walk((after) => listItems(t.client, { topicId: topic.id }, { after, limit: 3 }));
    expect(byTopic).toEqual(await expectedIds({ topics: { some: { topicId: topic.id } } }));
    expect(byTopic.length).toBeGreaterThanOrEqual(3);
    const eventId = graded?.eventId as number;
    expect(await walk((after) => listItems(t.client, { eventId }, { after, limit: 2 }))).toEqual(await expectedIds({ analysis: { is: { eventId } } }));
  });

  test('rows carry source, analysis, topics and event', async () => {
    const page = await listItems(t.client, { sourceId: 'x-forum' }, { limit: 50 });
    const phrase = page.rows.find((r) => r.title === '测试矿井发生瓦斯爆炸');
    expect(phrase).toMatchObject({ sourceName: '测试论坛', category: 'forum_social', isDemo: false });
    expect(phrase?.analysis?.label).toMatch(/negative|neutral|positive/);
    expect(phrase?.topics.map((x) => x.name)).toContain('瓦斯');
    expect(phrase?.analysis?.eventId).toEqual(expect.any(Number));
  });
});

async function searchIds(q: string, filter: ItemListFilter = {}, strategy: 'auto' | 'matches-first' | 'match-list' = 'auto'): Promise<number[]> {
  const parsed = parseSearchQuery(q);
  if (parsed.kind !== 'ok') throw new Error(`not a search: ${q}`);
  return walk((after) => searchItems(t.client, filter, parsed.match, { after, limit: 3 }, { strategy }));
}

async function titlesOf(ids: readonly number[]): Promise<string[]> {
  const rows = await t.client.item.findMany({ where: { id: { in: [...ids] } }, select: { title: true } });
  return rows.map((r) => r.title).sort();
}

describe('search', () => {
  test('a Chinese word: every hit contains it, every item with it in the title is found, newest first', async () => {
    const ids = await searchIds('透水');
    expect(ids.length).toBeGreaterThan(3);
    const rows = await t.client.item.findMany({ select: { id: true, title: true, summaryText: true } });
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const id of ids) {
      const r = byId.get(id);
      expect(`${r?.title}${r?.summaryText}`).toContain('透水');
    }
    for (const r of rows) if (r.title.includes('透水')) expect(ids).toContain(r.id);
    expect(ids).toEqual(allIds.filter((id) => ids.includes(id)));
  });

  test('a "quoted phrase" needs its words together; words alone need them anywhere; -word excludes', async () => {
    expect(await titlesOf(await searchIds('"瓦斯爆炸" 测试矿井'))).toEqual(['测试矿井发生瓦斯爆炸']);
    expect(await titlesOf(await searchIds('瓦斯 爆炸 测试矿井'))).toEqual(['测试矿井发生瓦斯爆炸', '测试矿井瓦斯检测']);
    expect(await titlesOf(await searchIds('测试矿井 瓦斯 -爆炸'))).toEqual(['测试矿井瓦斯治理']);
  });

  test('both strategies (few matches sorted, many matches walked) give the same pages', async () => {
    for (const q of ['透水', '事故', '演示省 -演练']) {
      const a = await searchIds(q, {}, 'matches-first');
      expect(await searchIds(q, {}, 'match-list')).toEqual(a);
      const filtered = { label: 'negative' as const, minRisk: 10 };
      expect(await searchIds(q, filtered, 'match-list')).toEqual(await searchIds(q, filtered, 'matches-first'));
    }
  });

  test('search with filters returns the intersection', async () => {
    const all = await searchIds('事故');
    const negative = new Set(await expectedIds({ analysis: { is: { label: 'negative' } } }));
    expect(await searchIds('事故', { label: 'negative' })).toEqual(all.filter((id) => negative.has(id)));
    const count = await countItemsUpTo(t.client, { label: 'negative' }, (parseSearchQuery('事故') as { match: string }).match);
    expect(count.count).toBe(all.filter((id) => negative.has(id)).length);
  });

  test.each(['" OR 1', 'NEAR(', '") OR ("', '*', 'title:x', '事故 OR', 'AND', '-', '"'])('hostile input %j runs as plain words', async (q) => {
    const parsed = parseSearchQuery(q);
    if (parsed.kind === 'error') {
      expect(parsed.message.length).toBeGreaterThan(0);
      return;
    }
    expect(parsed.kind).toBe('ok');
    if (parsed.kind !== 'ok') return;
    const page = await searchItems(t.client, {}, parsed.match, { limit: 50 }, { withText: true });
    for (const r of page.rows) {
      const hay = `${r.title} ${r.text}`.toLowerCase();
      for (const term of parsed.terms.filter((x) => !x.exclude)) for (const tok of term.tokens) expect(hay).toContain(tok.toLowerCase());
    }
  });

  test('the injection words themselves are found as words', async () => {
    expect(await titlesOf(await searchIds('NEAR('))).toEqual(['网友问 NEAR( 与 " OR 1 是什么']);
    expect(await titlesOf(await searchIds('" OR 1'))).toEqual(['网友问 NEAR( 与 " OR 1 是什么']);
  });

  test('empty search is the plain list', async () => {
    const q = parseItemQuery({ q: '   ' }, START);
    expect(q.search.kind).toBe('empty');
    const view = await loadItemsView(t.client, q, 10);
    expect(view.rows.map((r) => r.id)).toEqual(allIds.slice(0, 10));
    expect(view.plan).toBe('list:time');
  });

  test('the page view highlights the words and shows a snippet around the hit', async () => {
    const view = await loadItemsView(t.client, parseItemQuery({ q: '瓦斯爆炸' }, START), 50);
    expect(view.highlight).toContain('瓦斯爆炸');
    const row = view.rows.find((r) => r.title === '测试矿井发生瓦斯爆炸');
    expect(row?.snippet).toContain('瓦斯爆炸');
  });

  test('relevance order: a title hit ranks above a later body-only hit', async () => {
    const parsed = parseSearchQuery('蓝鲸湾码头');
    if (parsed.kind !== 'ok') throw new Error('parse');
    const byTime = await searchItems(t.client, {}, parsed.match);
    expect(byTime.rows.map((r) => r.title)).toEqual(['港口例行检查通报', '蓝鲸湾码头安全检查']);
    const byRank = await searchItemsByRelevance(t.client, {}, parsed.match);
    expect(byRank.rows.map((r) => r.title)).toEqual(['蓝鲸湾码头安全检查', '港口例行检查通报']);
    // Relevance pages by (score, id) cursor too.
    const p1 = await searchItemsByRelevance(t.client, {}, parsed.match, { limit: 1 });
    const p2 = await searchItemsByRelevance(t.client, {}, parsed.match, { after: p1.next, limit: 1 });
    expect([...p1.rows, ...p2.rows].map((r) => r.title)).toEqual(byRank.rows.map((r) => r.title));
    expect(p2.next).toBeNull();
  });
});

/** Reads a ZIP's entries (central directory → local headers → inflate), written independently of lib/export/zip.ts. */
function unzip(buf: Buffer): Map<string, string> {
  const end = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = buf.readUInt16LE(end + 10);
  let p = buf.readUInt32LE(end + 16);
  const out = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    expect(buf.readUInt32LE(p)).toBe(0x02014b50);
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    const dataStart = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(dataStart, dataStart + size);
    out.set(name, (method === 8 ? inflateRawSync(raw) : raw).toString('utf8'));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

/** Cells of sheet XML as rows of strings (inline strings and numbers), by cell reference. */
function sheetRows(xml: string): Map<number, Map<string, string>> {
  const rows = new Map<number, Map<string, string>>();
  for (const c of xml.matchAll(/<c r="([A-Z]+)(\d+)"[^>]*?(?:\/>|>(.*?)<\/c>)/g)) {
    const inner = c[3] ?? '';
    const text = /<t[^>]*>(.*?)<\/t>/s.exec(inner)?.[1] ?? /<v>(.*?)<\/v>/.exec(inner)?.[1] ?? '';
    const value = text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
    const row = Number(c[2]);
    if (!rows.has(row)) rows.set(row, new Map());
    rows.get(row)?.set(c[1] as string, value);
  }
  return rows;
}

describe('export', () => {
  const filter: ItemListFilter = { sourceId: 'x-forum' };

  test('CSV: BOM, Chinese headers, one line per item, formula-looking cells neutralised, newest first', async () => {
    const res = new Response(csvStream(iterateItems(t.client, filter, null, 1000, 4)));
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    const lines = text.split('\r\n').filter((l) => l.length > 0);
    expect(lines[0]).toBe(EXPORT_COLUMNS.map((c) => `"${c}"`).join(','));
    // Titles contain no line breaks or commas that would split a row, except inside quotes.
    expect(lines.length).toBe(CRAFTED.length + 1);
    expect(text).toContain('"\'=HYPERLINK(""http://evil.example"",""点我"")"');
    expect(text).toContain('"\'+86 热线被打爆"');
    expect(text).toContain('"\'-2 人受伤的说法不实"');
    expect(text).toContain('"\'@SUM(A1:A9) 求转发"');
    expect(text).toContain('"\'\t=1+1 制表符开头"');
    // No cell starts with a formula character.
    for (const line of lines) for (const cell of line.match(/"(?:[^"]|"")*"/g) ?? []) expect(cell.slice(1)).not.toMatch(/^[=+\-@\t\r]/);
    const firstTitle = lines[1]?.split('","')[3];
    expect(firstTitle).toBe('无日期的置顶通知'); // no date: sorts by fetch time, the newest here
  });

  test('XLSX: a real workbook whose sheet holds the rows, with formula cells neutralised', async () => {
    const file = await xlsxBytes(iterateItems(t.client, filter, null, 1000, 4));
    const entries = unzip(file);
    expect([...entries.keys()].sort()).toEqual(
      ['[Content_Types].xml', '_rels/.rels', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml', 'xl/workbook.xml', 'xl/worksheets/sheet1.xml'].sort(),
    );
    const rows = sheetRows(entries.get('xl/worksheets/sheet1.xml') ?? '');
    expect(rows.size).toBe(CRAFTED.length + 1);
    expect([...(rows.get(1)?.values() ?? [])]).toEqual([...EXPORT_COLUMNS]);
    const titles = [...rows.entries()].filter(([n]) => n > 1).map(([, r]) => r.get('D') ?? '');
    expect(titles).toEqual(expect.arrayContaining(['\'=HYPERLINK("http://evil.example","点我")', "'+86 热线被打爆", "'-2 人受伤的说法不实", "'@SUM(A1:A9) 求转发", "'\t=1+1 制表符开头", '<script>alert(1)</script>化工厂起火']));
    for (const t2 of titles) expect(t2).not.toMatch(/^[=+\-@\t\r]/);
    // Risk is a number cell, the source category in Chinese.
    expect(rows.get(2)?.get('C')).toBe('论坛/社交');
    expect(Number(rows.get(2)?.get('H'))).toBeGreaterThanOrEqual(0);
  });

  test('the row cap bounds an export, and a search exports only its hits', async () => {
    let n = 0;
    for await (const page of iterateItems(t.client, {}, null, 10, 4)) n += page.length;
    expect(n).toBe(10);
    const parsed = parseSearchQuery('瓦斯爆炸');
    if (parsed.kind !== 'ok') throw new Error('parse');
    const rows: ItemListRow[] = [];
    for await (const page of iterateItems(t.client, {}, parsed.match, 1000)) rows.push(...page);
    expect(rows.map((r) => r.id)).toEqual(await searchIds('瓦斯爆炸'));
  });
});

describe('removal', () => {
  test('deleting a source removes its items from the index (trigger on the cascade)', async () => {
    const before = await searchIds('测试矿井');
    expect(before.length).toBe(3);
    await t.client.source.delete({ where: { id: 'x-forum' } });
    for (const id of before) expect(await isIndexedForSearch(t.client, id)).toBe(false);
    expect(await searchIds('测试矿井')).toEqual([]);
  });
});
