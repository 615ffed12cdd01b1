/**
 * Creating, editing, disabling and deleting sources from the dashboard against a real SQLite file;
 * the list (problems first, items per day) and the detail (fetch history, latest items) it reads.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  closeSystemEvents,
  compareSourcesByProblem,
  deleteUserSource,
  getSource,
  getSourceDetail,
  getSourceList,
  logFetch,
  openSystemEvent,
  recordFailure,
  storeFetchSuccess,
  updateSourceSchedule,
  upsertSources,
} from '@/lib/db';
import type { NewItem } from '@/lib/db';
import type { LookupFn } from '@/lib/fetch';
import { AnalysisRunner } from '@/lib/pipeline/analyse';
import { seedAnalysisLexicon } from '@/lib/pipeline/seed';
import { NEW_SOURCE_VALUES, saveScheduleForm, saveSourceForm } from '@/lib/sources/form';
import type { SourceFormValues } from '@/lib/sources/form';
import { SourceListSchema } from '@/lib/sources/schema';
import { createTestDb } from '../helpers/test-db';
import type { TestDb } from '../helpers/test-db';

const NOW = new Date('2026-07-10T04:00:00Z'); // 12:00 in Shanghai
const HOUR = 3_600_000;
const policy = { allowPrivate: [], allowPorts: [] };
/** No network in tests: every name resolves to a public documentation-free address. */
const lookup: LookupFn = (_h, _o, cb) => cb(null, [{ address: '93.184.216.34', family: 4 }]);

const FORM: SourceFormValues = {
  ...NEW_SOURCE_VALUES,
  name: '某市应急管理局 · 通知公告',
  url: 'https://yjj.example.gov.cn/rss.xml',
  category: 'official',
  region: '山东',
};

let t: TestDb;

beforeAll(async () => {
  t = await createTestDb();
  await seedAnalysisLexicon(t.client);
  await upsertSources(
    t.client,
    SourceListSchema.parse([
      { id: 'cat-mem', name: '应急管理部 新闻发布', url: 'https://www.mem.gov.cn/xw/', kind: 'rss', category: 'official', intervalMinutes: 60 },
    ]),
    'catalogue',
    NOW,
  );
});
afterAll(async () => {
  await t.cleanup();
});

function item(n: number, at: Date, title = `某市煤矿透水事故救援进展（第${n}号）`): NewItem {
  return {
    itemHash: `h${n}`,
    contentHash: `c${n}`,
    guid: `g${n}`,
    url: `https://yjj.example.gov.cn/${n}.html`,
    title,
    summaryText: `${title}。现场救援正在进行。`,
    contentText: null,
    summaryHtml: null,
    contentHtml: null,
    author: null,
    categories: [],
    publishedAt: at,
    publishedRaw: at.toISOString(),
    dateFlag: null,
  };
}

describe('create', () => {
  test('a new source is stored with origin user, never as demo data, and due at once', async () => {
    const r = await saveSourceForm(t.client, { ...FORM, id: 'my-feed' }, { policy, now: NOW, lookup });
    expect(r).toEqual({ ok: true, id: 'my-feed' });
    const row = await getSource(t.client, 'my-feed');
    expect(row).toMatchObject({ origin: 'user', demo: false, enabled: true, kind: 'rss', intervalMinutes: 30, region: '山东', health: 'unknown' });
    expect(row?.nextCheckAt.toISOString()).toBe(NOW.toISOString());
  });

  test('an id already in use is refused on the id field, and nothing is overwritten', async () => {
    const r = await saveSourceForm(t.client, { ...FORM, id: 'cat-mem', name: '冒名' }, { policy, now: NOW, lookup });
    expect(r).toEqual({ ok: false, errors: { id: expect.stringContaining('已被使用') } });
    expect((await getSource(t.client, 'cat-mem'))?.name).toBe('应急管理部 新闻发布');
  });

  test('a name that resolves to a private address is refused at add time', async () => {
    const privateLookup: LookupFn = (_h, _o, cb) => cb(null, [{ address: '192.168.1.10', family: 4 }]);
    const r = await saveSourceForm(t.client, { ...FORM, id: 'sneaky', url: 'https://router.example.cn/' }, { policy, now: NOW, lookup: privateLookup });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors.url).toMatch(/内网地址不允许/);
    expect(await getSource(t.client, 'sneaky')).toBeNull();
  });
});

describe('edit', () => {
  test('a new URL drops the old validators and makes the source due; the id cannot change', async () => {
    await t.client.source.update({ where: { id: 'my-feed' }, data: { etag: '"v1"', lastModified: 'x', nextCheckAt: new Date(NOW.getTime() + HOUR) } });
    const later = new Date(NOW.getTime() + 60_000);
    const r = await saveSourceForm(
      t.client,
      { ...FORM, id: 'another-id', url: 'https://yjj.example.gov.cn/new.xml', intervalMinutes: '10' },
      { policy, now: later, editId: 'my-feed', lookup },
    );
    expect(r).toEqual({ ok: true, id: 'my-feed' });
    const row = await getSource(t.client, 'my-feed');
    expect(row).toMatchObject({ url: 'https://yjj.example.gov.cn/new.xml', intervalMinutes: 10, etag: null, lastModified: null, origin: 'user' });
    expect(row?.nextCheckAt.toISOString()).toBe(later.toISOString());
    expect(await getSource(t.client, 'another-id')).toBeNull();
  });

  test('the definition of a built-in source is not editable here; its schedule is', async () => {
    const r = await saveSourceForm(t.client, { ...FORM, url: 'https://evil.example.com/' }, { policy, now: NOW, editId: 'cat-mem', lookup });
    expect(r).toEqual({ ok: false, errors: { form: expect.stringContaining('只能修改启用状态和抓取间隔') } });
    expect((await getSource(t.client, 'cat-mem'))?.url).toBe('https://www.mem.gov.cn/xw/');

    const s = await saveScheduleForm(t.client, 'cat-mem', { intervalMinutes: '240', enabled: '' }, NOW);
    expect(s).toEqual({ ok: true, id: 'cat-mem' });
    expect(await getSource(t.client, 'cat-mem')).toMatchObject({ intervalMinutes: 240, enabled: false });
  });

  test('the next start re-loads the catalogue definition (the documented limit of built-in edits)', async () => {
    await upsertSources(
      t.client,
      SourceListSchema.parse([{ id: 'cat-mem', name: '应急管理部 新闻发布', url: 'https://www.mem.gov.cn/xw/', kind: 'rss', category: 'official', intervalMinutes: 60 }]),
      'catalogue',
      NOW,
    );
    expect(await getSource(t.client, 'cat-mem')).toMatchObject({ intervalMinutes: 60, enabled: true });
  });
});

describe('enable and disable', () => {
  test('disabling stops the source being due; enabling makes it due at once', async () => {
    await updateSourceSchedule(t.client, 'my-feed', { enabled: false }, NOW);
    expect((await getSource(t.client, 'my-feed'))?.enabled).toBe(false);
    const later = new Date(NOW.getTime() + 5 * 60_000);
    await updateSourceSchedule(t.client, 'my-feed', { enabled: true }, later);
    const row = await getSource(t.client, 'my-feed');
    expect(row?.enabled).toBe(true);
    expect(row?.nextCheckAt.toISOString()).toBe(later.toISOString());
  });

  test('a shorter interval brings the next check forward', async () => {
    await t.client.source.update({ where: { id: 'my-feed' }, data: { nextCheckAt: new Date(NOW.getTime() + 24 * HOUR) } });
    await updateSourceSchedule(t.client, 'my-feed', { intervalMinutes: 5 }, NOW);
    expect((await getSource(t.client, 'my-feed'))?.nextCheckAt.toISOString()).toBe(new Date(NOW.getTime() + 5 * 60_000).toISOString());
  });

  test('an unknown source is reported, not created', async () => {
    expect(await updateSourceSchedule(t.client, 'nope', { enabled: true }, NOW)).toEqual({ ok: false, reason: 'not_found' });
  });
});

describe('list and detail', () => {
  test('items per Shanghai day over 14 days, from what was stored and analysed', async () => {
    // 3 items today (Shanghai), 2 yesterday, 1 twenty days ago (outside the window).
    const items = [item(1, new Date(NOW.getTime() - HOUR)), item(2, new Date(NOW.getTime() - 2 * HOUR)), item(3, new Date('2026-07-09T16:30:00Z'))];
    items.push(item(4, new Date('2026-07-09T15:30:00Z')), item(5, new Date('2026-07-09T02:00:00Z')), item(6, new Date(NOW.getTime() - 20 * 24 * HOUR)));
    await storeFetchSuccess(t.client, {
      sourceId: 'my-feed',
      workerId: 'w',
      startedAt: NOW,
      finishedAt: NOW,
      httpStatus: 200,
      status: 'ok',
      items,
      etag: null,
      lastModified: null,
      nextCheckAt: NOW,
      isDemo: false,
    });
    await new AnalysisRunner(t.client, { now: () => NOW }).analyseNew();
    const list = await getSourceList(t.client, NOW);
    const row = list.rows.find((r) => r.id === 'my-feed');
    expect(row?.perDay).toHaveLength(14);
    expect(row?.perDay.at(-1)).toEqual({ day: '2026-07-10', count: 3 });
    expect(row?.perDay.at(-2)).toEqual({ day: '2026-07-09', count: 2 });
    expect(row?.perDay.reduce((n, d) => n + d.count, 0)).toBe(5);
    expect(row?.perDay[0]?.day).toBe('2026-06-27');

    const detail = await getSourceDetail(t.client, 'my-feed', NOW);
    expect(detail?.itemCount).toBe(6);
    expect(detail?.latestItems.map((i) => i.title)[0]).toBe('某市煤矿透水事故救援进展（第1号）');
    expect(detail?.fetchLogs[0]).toMatchObject({ status: 'ok', httpStatus: 200, fetched: 6, newCount: 6, duplicates: 0 });
  });

  test('problems first: failing, degraded, unchecked, healthy, then disabled; the filters apply', async () => {
    await upsertSources(
      t.client,
      SourceListSchema.parse(
        ['bad-one', 'flaky-one', 'fresh-one', 'off-one'].map((id) => ({ id, name: id, url: `https://${id}.example.cn/rss`, kind: 'rss', category: 'local_media' })),
      ),
      'user',
      NOW,
    );
    const fail = (sourceId: string, failingAfter: number) =>
      recordFailure(t.client, {
        sourceId,
        workerId: 'w',
        startedAt: NOW,
        finishedAt: NOW,
        errorCode: 'http_not_found',
        errorMessage: '页面不存在（404）：404',
        httpStatus: 404,
        nextCheckAt: NOW,
        countStrike: true,
        failingAfter,
      });
    await fail('bad-one', 1);
    await fail('flaky-one', 3);
    await updateSourceSchedule(t.client, 'off-one', { enabled: false }, NOW);
    await updateSourceSchedule(t.client, 'cat-mem', { enabled: false }, NOW);

    const list = await getSourceList(t.client, NOW);
    const order = list.rows.map((r) => r.id);
    expect(order.slice(0, 3)).toEqual(['bad-one', 'flaky-one', 'fresh-one']);
    expect(order.indexOf('my-feed')).toBeLessThan(order.indexOf('off-one'));
    expect(order.slice(-2).sort()).toEqual(['cat-mem', 'off-one']);
    expect(list.counts).toMatchObject({ failing: 1, degraded: 1, unknown: 1, ok: 1, disabled: 2, total: 6 });
    expect(list.rows[0]).toMatchObject({ lastErrorCode: 'http_not_found', errorCount: 1, health: 'failing' });

    expect((await getSourceList(t.client, NOW, { health: 'degraded' })).rows.map((r) => r.id)).toEqual(['flaky-one']);
    expect((await getSourceList(t.client, NOW, { category: 'official' })).rows.map((r) => r.id)).toEqual(['my-feed', 'cat-mem']);
    expect([...list.rows].sort(compareSourcesByProblem)).toEqual(list.rows);
  });

  test('during an egress outage, sources cut off by it come after the real problems and are marked as such', async () => {
    await upsertSources(
      t.client,
      SourceListSchema.parse([{ id: 'net-one', name: 'net-one', url: 'https://net-one.example.cn/rss', kind: 'rss', category: 'local_media' }]),
      'user',
      NOW,
    );
    await recordFailure(t.client, {
      sourceId: 'net-one',
      workerId: 'w',
      startedAt: NOW,
      finishedAt: NOW,
      errorCode: 'dns_error',
      errorMessage: 'dns_error: getaddrinfo ENOTFOUND net-one.example.cn',
      nextCheckAt: NOW,
      countStrike: true,
      failingAfter: 1,
    });
    const before = await getSourceList(t.client, NOW);
    expect(before.rows[0]?.id).toBe('bad-one'); // failing, ties broken by name: bad-one < net-one
    expect(before.outages).toEqual([]);
    expect(before.rows.every((r) => !r.cutOffByOutage)).toBe(true);

    await openSystemEvent(t.client, { kind: 'egress_outage', message: '出口网络异常', now: NOW });
    const during = await getSourceList(t.client, NOW);
    expect(during.outages.map((o) => o.message)).toEqual(['出口网络异常']);
    expect(during.rows.map((r) => r.id).slice(0, 4)).toEqual(['bad-one', 'flaky-one', 'net-one', 'fresh-one']);
    expect(during.rows.filter((r) => r.cutOffByOutage).map((r) => r.id)).toEqual(['net-one']);
    await closeSystemEvents(t.client, 'egress_outage', NOW);
    await t.client.source.delete({ where: { id: 'net-one' } });
  });
});

describe('delete', () => {
  test('only dashboard sources can be deleted', async () => {
    expect(await deleteUserSource(t.client, 'cat-mem')).toEqual({ ok: false, reason: 'built_in' });
    expect(await deleteUserSource(t.client, 'nope')).toEqual({ ok: false, reason: 'not_found' });
    expect(await getSource(t.client, 'cat-mem')).not.toBeNull();
  });

  test('deleting takes the items, their analyses, the fetch log, hazard warnings and the rollups with it; other sources keep theirs', async () => {
    await logFetch(t.client, { sourceId: 'bad-one', workerId: 'w', startedAt: NOW, finishedAt: NOW }, { status: 'ok', httpStatus: 200 });
    const ids = (await t.client.item.findMany({ where: { sourceId: 'my-feed' }, select: { id: true } })).map((i) => i.id);
    await t.client.hazardWarning.create({
      data: { itemId: ids[0] as number, hazard: '暴雨', level: 'blue', action: 'issue', issuedAt: NOW, title: '暴雨蓝色预警' },
    });
    const r = await deleteUserSource(t.client, 'my-feed');
    expect(r).toEqual({ ok: true, items: 6 });
    expect(await getSource(t.client, 'my-feed')).toBeNull();
    expect(await t.client.item.count({ where: { sourceId: 'my-feed' } })).toBe(0);
    expect(await t.client.itemAnalysis.count({ where: { itemId: { in: ids } } })).toBe(0);
    expect(await t.client.fetchLog.count({ where: { sourceId: 'my-feed' } })).toBe(0);
    expect(await t.client.hazardWarning.count({ where: { itemId: { in: ids } } })).toBe(0);
    expect(await t.client.hourlyRollup.count({ where: { dimension: 'source', key: 'my-feed' } })).toBe(0);
    expect(await t.client.hourlyRollup.count({ where: { dimension: 'all' } })).toBe(0);
    expect(await t.client.fetchLog.count({ where: { sourceId: 'bad-one' } })).toBe(2);
  });
});
