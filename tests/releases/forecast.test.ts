import { describe, expect, test } from 'vitest';
import type { AccidentGrade } from '@/lib/analysis/grade';
import type { ReleaseKind } from '@/lib/releases/kinds';
import { FORECAST_BASIS, MIN_CASES, forecastReaction, median, releaseReaction, similarity } from '@/lib/releases/forecast';
import type { ArchiveEvent, ForecastTarget, HourlyPoint } from '@/lib/releases/forecast';

const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);

/** `hoursBefore` hours at `before` items/h, then 24 h at `after` items/h; the release at the boundary. */
function series(before: number, after: number, negBefore: number | null, negAfter: number | null, start = T0, hoursBefore = 24): HourlyPoint[] {
  const out: HourlyPoint[] = [];
  for (let h = 0; h < hoursBefore + 24; h++) {
    const isAfter = h >= hoursBefore;
    out.push({ at: new Date(start + h * HOUR), volume: isAfter ? after : before, negativeShare: isAfter ? negAfter : negBefore });
  }
  return out;
}

function event(
  id: number,
  over: Partial<ArchiveEvent> & { before?: number; after?: number; negBefore?: number | null; negAfter?: number | null; kind?: ReleaseKind },
): ArchiveEvent {
  const start = T0 + id * 1000 * HOUR;
  return {
    id,
    title: `案例${id}`,
    type: '透水',
    grade: '较大',
    province: '山西省',
    releases: [{ at: new Date(start + 24 * HOUR), kind: over.kind ?? 'first_report' }],
    hourly: series(over.before ?? 10, over.after ?? 20, over.negBefore ?? 0.4, over.negAfter ?? 0.3, start),
    ...over,
  };
}

const TARGET: ForecastTarget = { kind: 'first_report', type: '透水', grade: '较大', province: '山西省' };

describe('one release', () => {
  test('volume change is per hour after against per hour before; negative share in points', () => {
    const r = releaseReaction(series(10, 25, 0.5, 0.3), new Date(T0 + 24 * HOUR));
    expect('reason' in r).toBe(false);
    if ('reason' in r) return;
    expect(r.beforePerHour).toBe(10);
    expect(r.afterPerHour).toBe(25);
    expect(r.volumeChange).toBeCloseTo(1.5);
    expect(r.negativeShareChangePts).toBeCloseTo(-20);
  });

  test('a short before-window counts only the hours that exist', () => {
    const r = releaseReaction(series(6, 6, 0.2, 0.2, T0, 3), new Date(T0 + 3 * HOUR));
    expect('reason' in r ? null : r.beforePerHour).toBe(6);
  });

  test('a release whose 24 h after are not yet in the data is left out, with the reason', () => {
    const hourly = series(10, 20, 0.4, 0.3).slice(0, 30);
    expect(releaseReaction(hourly, new Date(T0 + 24 * HOUR))).toEqual({ reason: '发布后不足 24 小时的数据' });
  });

  test('no volume before the release: no base to compare', () => {
    expect(releaseReaction(series(0, 20, null, 0.3), new Date(T0 + 24 * HOUR))).toEqual({ reason: '发布前无声量' });
  });
});

describe('similarity', () => {
  test('type is a condition; grade same +2, adjacent +1, two apart excluded; province +2', () => {
    expect(similarity(TARGET, event(1, {}))).toEqual({ score: 4, reasons: ['同类型', '同等级', '同省'] });
    expect(similarity(TARGET, event(2, { grade: '重大', province: '陕西省' }))).toEqual({ score: 1, reasons: ['同类型', '相邻等级'] });
    expect(similarity(TARGET, event(3, { grade: '特别重大' }))).toBeNull();
    expect(similarity(TARGET, event(4, { type: '火灾' }))).toBeNull();
    expect(similarity(TARGET, event(5, { grade: null, province: '山西' }))?.score).toBe(2);
  });
});

describe('forecastReaction', () => {
  const archive: ArchiveEvent[] = [
    event(1, { title: '乡宁县透水事故', before: 10, after: 20, negBefore: 0.5, negAfter: 0.3 }), // +100 %, −20
    event(2, { title: '大同市透水事故', before: 10, after: 15, negBefore: 0.4, negAfter: 0.4 }), // +50 %, 0
    event(3, { title: '贵州某煤矿透水', province: '贵州省', grade: '重大', before: 20, after: 10, negBefore: 0.2, negAfter: 0.3 }), // −50 %, +10
    event(4, { title: '火灾（不同类）', type: '火灾' }),
    event(5, { title: '特别重大透水（等级差两级）', grade: '特别重大' }),
    event(6, { title: '只有调查结果发布', kind: 'investigation' }),
  ];

  test('summarises comparable releases with median and range, citing ids and titles', () => {
    const f = forecastReaction(TARGET, archive);
    expect(f.status).toBe('ok');
    expect(f.cases.map((c) => c.id)).toEqual([2, 1, 3]); // score 4, 4 (2 is more recent), then 1
    expect(f.volumeChange).toEqual({ median: 0.5, min: -0.5, max: 1, n: 3 });
    expect(f.negativeShareChangePts?.median).toBeCloseTo(0);
    expect(f.negativeShareChangePts?.min).toBeCloseTo(-20);
    expect(f.negativeShareChangePts?.max).toBeCloseTo(10);
    expect(f.message).toContain('#1「乡宁县透水事故」');
    expect(f.message).toContain('#3「贵州某煤矿透水」');
    expect(f.message).toContain('+50%');
    expect(f.message).toContain('−50%～+100%');
    expect(f.message).not.toContain('火灾');
    expect(f.basis).toBe(FORECAST_BASIS);
    expect(f.cases.find((c) => c.id === 3)?.reasons).toEqual(['同类型', '相邻等级']);
  });

  test(`fewer than ${MIN_CASES} cases: says so plainly, still cites what it found, no figures`, () => {
    const f = forecastReaction(TARGET, archive.slice(0, 2));
    expect(f.status).toBe('too_few_cases');
    expect(f.volumeChange).toBeNull();
    expect(f.negativeShareChangePts).toBeNull();
    expect(f.message).toBe('仅找到 2 起可比案例（#2「大同市透水事故」、#1「乡宁县透水事故」），少于 3 起，案例太少，不作预判。');
    expect(forecastReaction(TARGET, []).message).toBe('未找到可比案例，少于 3 起，案例太少，不作预判。');
  });

  test('an unknown accident type gives no forecast', () => {
    const f = forecastReaction({ ...TARGET, type: null }, archive);
    expect(f.status).toBe('too_few_cases');
    expect(f.message).toContain('事件类型未知');
  });

  test("the draft's own event and events without measurable reactions are not cases", () => {
    const incomplete = event(7, { title: '数据不全' });
    incomplete.hourly = incomplete.hourly.slice(0, 30);
    const f = forecastReaction({ ...TARGET, excludeEventId: 1 }, [...archive, incomplete]);
    expect(f.cases.map((c) => c.id)).toEqual([2, 3]);
    expect(f.status).toBe('too_few_cases');
    expect(f.skipped).toEqual([{ id: 7, title: '数据不全', reason: '发布后不足 24 小时的数据' }]);
  });

  test('one event with many releases is one case (its median), not many', () => {
    const start = T0 + 9000 * HOUR;
    const many: ArchiveEvent = {
      id: 9,
      title: '多次续报',
      type: '透水',
      grade: '较大' as AccidentGrade,
      province: '山西省',
      // Three 续报 12 h apart over a flat series: each sees no change.
      releases: [24, 36, 48].map((h) => ({ at: new Date(start + h * HOUR), kind: 'follow_up' as const })),
      hourly: Array.from({ length: 96 }, (_, h) => ({ at: new Date(start + h * HOUR), volume: 8, negativeShare: 0.25 })),
    };
    const others = [1, 2].map((id) => event(id, { kind: 'follow_up', before: 10, after: 30 }));
    const f = forecastReaction({ ...TARGET, kind: 'follow_up' }, [many, ...others]);
    expect(f.cases).toHaveLength(3);
    expect(f.cases.find((c) => c.id === 9)?.reactions).toHaveLength(3);
    expect(f.volumeChange).toEqual({ median: 2, min: 0, max: 2, n: 3 });
  });

  test('median of an even count is the mean of the middle two', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});
