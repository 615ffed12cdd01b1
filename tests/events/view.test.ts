/**
 * The pure parts of the events pages: time buckets in Beijing time, the query string, the event
 * id parameter, heat decay with its explanation, clock and alert summaries.
 */
import { describe, expect, test } from 'vitest';
import { decayedHeat, eventHeat } from '@/lib/analysis/events';
import {
  DEFAULT_EVENT_QUERY,
  EventIdSchema,
  eventListHref,
  parseEventListQuery,
} from '@/lib/events-view/list-query';
import { eventActivity, explainHeat, summariseClocks, summariseOpenAlerts } from '@/lib/events-view/status';
import { bucketLabel, bucketStart, buildTimeline, chooseBucket } from '@/lib/events-view/timeline';

const H = 3_600_000;
const at = (iso: string) => new Date(iso);

describe('timeline buckets', () => {
  test('span decides the bucket: up to 48 h hourly, up to 8 days by 6 hours, then daily', () => {
    const t0 = at('2026-05-28T00:00:00Z');
    expect(chooseBucket(t0, new Date(t0.getTime() + 48 * H))).toBe('hour');
    expect(chooseBucket(t0, new Date(t0.getTime() + 49 * H))).toBe('sixHours');
    expect(chooseBucket(t0, new Date(t0.getTime() + 8 * 24 * H))).toBe('sixHours');
    expect(chooseBucket(t0, new Date(t0.getTime() + 8 * 24 * H + 1))).toBe('day');
  });

  test('days and six-hour blocks start at Beijing midnight, labels are Beijing time', () => {
    // 2026-05-27T16:30Z is 05-28 00:30 in Beijing: its day starts at 05-27T16:00Z.
    const t = at('2026-05-27T16:30:00Z').getTime();
    expect(new Date(bucketStart(t, 'day')).toISOString()).toBe('2026-05-27T16:00:00.000Z');
    expect(new Date(bucketStart(t, 'sixHours')).toISOString()).toBe('2026-05-27T16:00:00.000Z');
    expect(new Date(bucketStart(t, 'hour')).toISOString()).toBe('2026-05-27T16:00:00.000Z');
    expect(bucketLabel(bucketStart(t, 'day'), 'day')).toBe('5月28日');
    expect(bucketLabel(bucketStart(t, 'hour'), 'hour')).toBe('5月28日 00时');
    expect(bucketLabel(at('2026-05-28T04:00:00Z').getTime(), 'sixHours')).toBe('5月28日 12–18时');
  });

  test('counts per bucket by category and sentiment, zero-filled between, errors left out of sentiment', () => {
    const tl = buildTimeline([
      { at: at('2026-05-28T02:10:00Z'), category: 'official', label: 'neutral' },
      { at: at('2026-05-28T02:50:00Z'), category: 'central_media', label: 'negative' },
      { at: at('2026-05-28T02:55:00Z'), category: 'forum_social', label: 'negative' },
      { at: at('2026-05-28T05:05:00Z'), category: 'local_media', label: 'positive' },
      { at: at('2026-05-28T05:20:00Z'), category: 'local_media', label: 'error' },
    ]);
    expect(tl?.size).toBe('hour');
    expect(tl?.spread.map((p) => p.label)).toEqual(['5月28日 10时', '5月28日 11时', '5月28日 12时', '5月28日 13时']);
    expect(tl?.spread.map((p) => p.total)).toEqual([3, 0, 0, 2]);
    expect(tl?.spread[0]).toMatchObject({ official: 1, central_media: 1, forum_social: 1, local_media: 0 });
    expect(tl?.categories).toEqual(['official', 'central_media', 'local_media', 'forum_social']);
    expect(tl?.sentiment[0]).toMatchObject({ negative: 2, neutral: 1, positive: 0, negativeShare: 66.7 });
    expect(tl?.sentiment[1]?.negativeShare).toBeNull();
    expect(tl?.sentiment[3]).toMatchObject({ positive: 1, negativeShare: 0 });
    expect(tl?.items).toBe(5);
    expect(buildTimeline([])).toBeNull();
  });

  test('a very long event keeps its most recent 400 days', () => {
    const tl = buildTimeline([
      { at: at('2020-01-01T00:00:00Z'), category: 'official', label: 'neutral' },
      { at: at('2026-01-01T00:00:00Z'), category: 'official', label: 'neutral' },
    ]);
    expect(tl?.size).toBe('day');
    expect(tl?.spread).toHaveLength(400);
    expect(tl?.clippedBefore).not.toBeNull();
    expect(tl?.items).toBe(1);
  });
});

describe('the /events query string', () => {
  test('defaults, and every filter read back', () => {
    expect(parseEventListQuery({})).toEqual({ query: DEFAULT_EVENT_QUERY, ignored: [] });
    const { query, ignored } = parseEventListQuery({
      range: '30d',
      sort: 'latest',
      grade: '较大及以上',
      type: '12',
      province: '演示省',
      alerts: 'open',
      min: '5',
      page: '3',
    });
    expect(ignored).toEqual([]);
    expect(query).toEqual({ range: '30d', sort: 'latest', grade: '较大及以上', type: '12', province: '演示省', openAlerts: true, minItems: 5, page: 3 });
    expect(parseEventListQuery(Object.fromEntries(new URLSearchParams(eventListHref(query).split('?')[1]))).query).toEqual(query);
  });

  test('invalid values are ignored and named; hostile input never reaches the query', () => {
    const { query, ignored } = parseEventListQuery({
      range: '1y',
      grade: '<script>',
      type: '99',
      province: "x' OR 1=1 --",
      page: '9999',
      min: ['2', '5'],
      sort: 'heat',
    });
    expect(query).toEqual(DEFAULT_EVENT_QUERY);
    expect(ignored).toEqual(['时间范围', '事故等级', '事故类型', '省份', '页码']);
  });

  test('links leave defaults out', () => {
    expect(eventListHref(DEFAULT_EVENT_QUERY)).toBe('/events');
    expect(eventListHref(DEFAULT_EVENT_QUERY, { page: 2, province: '山西省' })).toBe(`/events?province=${encodeURIComponent('山西省')}&page=2`);
  });

  test('event ids: plain positive integers only', () => {
    expect(EventIdSchema.safeParse('53').data).toBe(53);
    for (const bad of ['0', '012', '1e3', '0x10', '-1', '1.0', '12abc', 'abc', '', '99999999999', '2147483648']) {
      expect(EventIdSchema.safeParse(bad).success, bad).toBe(false);
    }
  });
});

describe('what the stored numbers mean now', () => {
  test('activity: within 24 h active, within 72 h cooling, then quiet', () => {
    const now = at('2026-06-01T02:00:00Z');
    expect(eventActivity(new Date(now.getTime() - 23 * H), now).label).toBe('持续发酵');
    expect(eventActivity(new Date(now.getTime() - 25 * H), now).label).toBe('趋于平息');
    expect(eventActivity(new Date(now.getTime() - 73 * H), now).label).toBe('已平息');
  });

  test('heat explanation: the stored factors plus the decay to now add up to the current heat', () => {
    const h = eventHeat({
      sources: 6,
      items: 21,
      officialSources: 3,
      mediaSources: 3,
      centralMediaSources: 1,
      forumSources: 0,
      grade: '较大',
      negativeShare: 0.9,
      hoursSinceLast: 0,
    });
    const last = at('2026-06-01T00:00:00Z');
    const now = new Date(last.getTime() + 30 * H);
    const x = explainHeat(JSON.stringify(h.factors), h.heat, last, now);
    expect(x.atLastItem).toBe(h.heat);
    expect(x.now).toBe(decayedHeat(h.heat, 30));
    expect(x.lines.map((l) => l.name)).toEqual(['来源数', '报道量', '来源权威性', '事故等级', '负面占比', '时间衰减']);
    expect(x.lines.find((l) => l.key === 'grade')?.value).toBe('较大');
    expect(x.lines.find((l) => l.key === 'negative')?.value).toBe('90%');
    expect(x.lines.find((l) => l.key === 'decay')?.value).toBe('30 小时无新信息');
    const sum = x.lines.reduce((s, l) => s + l.points, 0);
    expect(Math.abs(sum - x.now)).toBeLessThan(0.6);
    // A damaged heatJson still shows the heat, without lines.
    expect(explainHeat('not json', 40, last, last)).toMatchObject({ now: 40, lines: [] });
  });

  test('clock summary: overdue first, then the nearest deadline, else met', () => {
    const now = at('2026-06-01T12:00:00Z');
    const c = (label: string, due: string, met: string | null = null) => ({ label, dueAt: at(due), metAt: met ? at(met) : null });
    expect(summariseClocks([], now)).toEqual({ tone: 'none', text: '无回应时限' });
    expect(summariseClocks([c('发布权威信息 5 小时内', '2026-06-01T10:00:00Z'), c('举行新闻发布会 24 小时内', '2026-06-02T05:00:00Z')], now)).toEqual({
      tone: 'overdue',
      text: '发布权威信息 5 小时内：已超时 2 小时 0 分',
    });
    expect(summariseClocks([c('举行新闻发布会 24 小时内', '2026-06-01T12:30:00Z')], now)).toEqual({
      tone: 'due-soon',
      text: '举行新闻发布会 24 小时内：剩余 30 分',
    });
    expect(summariseClocks([c('政务舆情回应 48 小时内', '2026-06-02T12:00:00Z', '2026-06-01T01:00:00Z')], now)).toEqual({
      tone: 'met',
      text: '政务舆情回应 48 小时内：已按时完成',
    });
  });

  test('open alerts: count and the highest level, resolved ones left out', () => {
    expect(summariseOpenAlerts([{ level: 'yellow', state: 'open' }, { level: 'red', state: 'resolved' }, { level: 'orange', state: 'assigned' }])).toEqual({
      open: 2,
      level: 'orange',
      text: '2 条未办结',
    });
    expect(summariseOpenAlerts([])).toEqual({ open: 0, level: null, text: '无' });
  });
});
