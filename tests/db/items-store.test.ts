/** The store writes items with raw multi-row SQL; Prisma must read back exactly what went in. */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { storeFetchSuccess, upsertSources } from '@/lib/db';
import type { NewItem } from '@/lib/db';
import { SourceListSchema } from '@/lib/sources/schema';
import { createTestDb } from '../helpers/test-db';
import type { TestDb } from '../helpers/test-db';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  await upsertSources(t.client, SourceListSchema.parse([{ id: 'rt', name: 'rt', url: 'https://rt.example.cn/rss', kind: 'rss', category: 'official' }]), 'user', new Date());
});
afterAll(async () => t.cleanup());

const item = (n: number, extra: Partial<NewItem> = {}): NewItem => ({
  itemHash: `h${n}`,
  contentHash: `c${n}`,
  guid: `g${n}`,
  url: `https://rt.example.cn/a/${n}.html`,
  title: `某市应急管理局通报 ${n} '引号' "双引号" ; DROP TABLE Item; --`,
  summaryText: '摘要\n第二行',
  contentText: null,
  summaryHtml: '<p>摘要</p>',
  contentHtml: null,
  author: null,
  categories: ['事故', '通报'],
  publishedAt: new Date(Date.UTC(2026, 7, 21, 2, 30, 0, 123)),
  publishedRaw: 'Fri, 21 Aug 2026 10:30:00 +0800',
  dateFlag: null,
  ...extra,
});

test('round trip of every column, including nulls, dates, booleans and hostile text; 450 rows span several statements', async () => {
  const finishedAt = new Date(Date.UTC(2026, 7, 21, 3, 0, 0, 7));
  const items = [item(0), item(1, { publishedAt: null, dateFlag: 'future_date', categories: [], contentText: '正文', author: '记者' })];
  for (let n = 2; n < 450; n++) items.push(item(n));
  const r = await storeFetchSuccess(t.client, {
    sourceId: 'rt',
    workerId: 'w',
    startedAt: finishedAt,
    finishedAt,
    httpStatus: 200,
    status: 'ok',
    items,
    etag: '"e"',
    lastModified: null,
    nextCheckAt: finishedAt,
    isDemo: true,
  });
  expect(r.newItems).toHaveLength(450);
  const [a, b] = await t.client.item.findMany({ where: { itemHash: { in: ['h0', 'h1'] } }, orderBy: { itemHash: 'asc' } });
  expect(a).toMatchObject({
    sourceId: 'rt',
    guid: 'g0',
    title: item(0).title,
    summaryText: '摘要\n第二行',
    contentText: null,
    categories: '["事故","通报"]',
    isDemo: true,
    dateFlag: null,
  });
  expect(a?.publishedAt?.toISOString()).toBe('2026-08-21T02:30:00.123Z');
  expect(a?.sortAt.toISOString()).toBe('2026-08-21T02:30:00.123Z');
  expect(a?.fetchedAt.toISOString()).toBe('2026-08-21T03:00:00.007Z');
  expect(b).toMatchObject({ publishedAt: null, dateFlag: 'future_date', categories: null, contentText: '正文', author: '记者' });
  expect(b?.sortAt.toISOString()).toBe(finishedAt.toISOString()); // no date: sorts by fetch time
  // date filters compare correctly against what was written
  expect(await t.client.item.count({ where: { sortAt: { gte: new Date(Date.UTC(2026, 7, 21, 2, 30, 0, 123)) } } })).toBe(450);
  expect(await t.client.item.count({ where: { sortAt: { gt: new Date(Date.UTC(2026, 7, 21, 2, 30, 0, 123)) } } })).toBe(1);

  const again = await storeFetchSuccess(t.client, {
    sourceId: 'rt', workerId: 'w', startedAt: finishedAt, finishedAt, httpStatus: 200, status: 'ok', items, etag: '"e"', lastModified: null, nextCheckAt: finishedAt, isDemo: true,
  });
  expect(again).toMatchObject({ duplicates: 450, newItems: [] });
  expect(await t.client.item.count()).toBe(450);
});
