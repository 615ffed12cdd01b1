import { describe, expect, test } from 'vitest';
import {
  detectAccidentGrade,
  detectEventSpread,
  detectHazardWarning,
  detectNegativeShift,
  detectSensitiveCues,
  detectSilentSource,
  twoProportionZ,
} from '@/lib/warning/detectors';
import { parseHazardWarning } from '@/lib/warning/hazard';

const NOW = new Date('2026-07-03T12:00:00+08:00');
const HOUR = 3_600_000;

describe('two-proportion z-test', () => {
  test('matches hand-computed values', () => {
    // p1 = 40/100, p0 = 50/200, pooled = 0.3, se = √(0.3·0.7·(1/100 + 1/200)) = 0.0561249
    const r = twoProportionZ(40, 100, 50, 200);
    expect(r.pooled).toBeCloseTo(0.3, 12);
    expect(r.se).toBeCloseTo(0.0561249, 6);
    expect(r.z).toBeCloseTo(2.672612, 5);
    expect(r.p).toBeCloseTo(0.0037628, 6);
    // No change: z = 0, p = 0.5
    expect(twoProportionZ(10, 50, 20, 100).p).toBeCloseTo(0.5, 6);
  });
});

describe('detectNegativeShift', () => {
  test('alerts on a significant rise, with shares, z and p in the why', () => {
    const f = detectNegativeShift({ n: 100, negative: 40 }, { n: 200, negative: 50 }, { at: NOW });
    expect(f).toHaveLength(1);
    expect(f[0]?.level).toBe('blue'); // +15 pp
    expect(f[0]?.metrics.z).toBeCloseTo(2.673, 3);
    expect(f[0]?.why).toContain('负面占比由 25%（50/200）升至 40%（40/100）');
    expect(f[0]?.why).toContain('z=2.67');
  });

  test('minimum n on both sides, minimum rise, and significance', () => {
    expect(detectNegativeShift({ n: 20, negative: 15 }, { n: 200, negative: 50 }, { at: NOW })).toEqual([]);
    expect(detectNegativeShift({ n: 100, negative: 40 }, { n: 25, negative: 5 }, { at: NOW })).toEqual([]);
    // +5 pp on large n is significant but below the minimum rise.
    expect(detectNegativeShift({ n: 10000, negative: 3000 }, { n: 10000, negative: 2500 }, { at: NOW })).toEqual([]);
    // +12 pp on n = 40 vs 40 is not significant (p ≈ 0.13).
    expect(detectNegativeShift({ n: 40, negative: 16 }, { n: 40, negative: 11 }, { at: NOW })).toEqual([]);
    // A falling share never alerts.
    expect(detectNegativeShift({ n: 100, negative: 10 }, { n: 100, negative: 60 }, { at: NOW })).toEqual([]);
  });
});

const event = {
  id: 'ev-1',
  title: '江澜市化工厂爆炸',
  firstSeenAt: new Date(NOW.getTime() - 2 * HOUR),
  items: 30,
  sources: 8,
  officialSources: 1,
  mediaSources: 5,
  forumSources: 2,
  grade: null,
  heat: 35,
};

describe('detectEventSpread', () => {
  test('many sources within the first hours', () => {
    const f = detectEventSpread(event, NOW);
    expect(f).toHaveLength(1);
    // 30 items in 2 h = 15/h, 15× the typical 1/h → yellow by rate; 8 sources → blue.
    expect(f[0]?.level).toBe('yellow');
    expect(f[0]?.subject).toEqual({ type: 'event', key: 'ev-1', label: '江澜市化工厂爆炸' });
    expect(f[0]?.why).toContain('8 个来源');
  });

  test('grade floor lifts the level; old or small events do not alert', () => {
    expect(detectEventSpread({ ...event, grade: '重大' }, NOW)[0]?.level).toBe('orange');
    expect(detectEventSpread({ ...event, firstSeenAt: new Date(NOW.getTime() - 7 * HOUR) }, NOW)).toEqual([]);
    expect(detectEventSpread({ ...event, sources: 2, items: 4 }, NOW)).toEqual([]);
    // 12 items in 5 minutes counts as 12 in the first hour (not 144/h), still ≥ 10 items at 12×.
    expect(detectEventSpread({ ...event, sources: 2, items: 12, firstSeenAt: new Date(NOW.getTime() - 5 * 60_000) }, NOW)[0]?.metrics.itemsPerHour).toBe(12);
  });
});

describe('detectAccidentGrade', () => {
  test('较大 and above, at the grade floor', () => {
    expect(detectAccidentGrade({ id: 'a', title: '煤矿透水', grade: '较大', dead: 2, missing: 2 }, NOW)[0]?.level).toBe('yellow');
    const f = detectAccidentGrade({ id: 'b', title: '烟花厂爆炸', grade: '重大', dead: 12, missing: 0 }, NOW);
    expect(f[0]?.level).toBe('orange');
    expect(f[0]?.why).toContain('橙色：事故等级为重大（死亡 12 人，≥10 人为重大）');
    expect(detectAccidentGrade({ id: 'c', title: '特大事故', grade: '特别重大', dead: 31 }, NOW)[0]?.level).toBe('red');
    expect(detectAccidentGrade({ id: 'd', title: '一般事故', grade: '一般', dead: 1 }, NOW)).toEqual([]);
    expect(detectAccidentGrade({ id: 'e', title: '未知', grade: null }, NOW)).toEqual([]);
  });
});

describe('detectSensitiveCues', () => {
  const base = { id: 'ev-2', title: '矿难', items: 20 };
  test('cover-up and rumour cues crossing the threshold', () => {
    const f = detectSensitiveCues(
      {
        ...base,
        sensitiveItems: [
          { level: 'high', classes: ['sensitive.reporting'] },
          { level: 'medium', classes: ['sensitive.rumour'] },
          { level: 'low', classes: ['sensitive.rumour', 'sensitive.accountability'] },
        ],
      },
      NOW,
    );
    expect(f).toHaveLength(1);
    expect(f[0]?.metrics.watchedItems).toBe(3);
    expect(f[0]?.why).toContain('网传/爆料 2 条');
    // S = 3 (reporting) + 1 (rumour) + 0.5 (accountability) = 4.5 → yellow.
    expect(f[0]?.level).toBe('yellow');
  });

  test('below the thresholds, nothing', () => {
    expect(detectSensitiveCues({ ...base, sensitiveItems: [{ level: 'low', classes: ['sensitive.rumour'] }] }, NOW)).toEqual([]);
    // 3 watched items among 100 is under 10 %; one high item is under 2.
    const few = [
      { level: 'high' as const, classes: ['sensitive.credibility'] },
      { level: 'low' as const, classes: ['sensitive.rumour'] },
      { level: 'low' as const, classes: ['sensitive.rumour'] },
    ];
    expect(detectSensitiveCues({ ...base, items: 100, sensitiveItems: few }, NOW)).toEqual([]);
    // Two high items alert on their own.
    expect(detectSensitiveCues({ ...base, items: 100, sensitiveItems: [...few, { level: 'high', classes: ['sensitive.info-control'] }] }, NOW)).toHaveLength(1);
  });
});

describe('detectSilentSource', () => {
  const src = {
    id: 's1',
    name: '演示省应急管理厅',
    usualItemsPerDay: 12,
    lastNewItemAt: new Date(NOW.getTime() - 30 * HOUR),
    intervalMinutes: 60,
    health: 'ok' as const,
    historyDays: 60,
  };
  test('a usually busy source quiet for 30 h alerts with P(0)', () => {
    const f = detectSilentSource(src, NOW);
    expect(f).toHaveLength(1);
    expect(f[0]?.metrics.expected).toBe(15);
    expect(f[0]?.metrics.p).toBeCloseTo(Math.exp(-15), 12);
    expect(f[0]?.why).toContain('30 小时无新条目');
  });

  test('ignored: failing sources, little history, slow sources, short gaps', () => {
    expect(detectSilentSource({ ...src, health: 'failing' }, NOW)).toEqual([]);
    expect(detectSilentSource({ ...src, historyDays: 3 }, NOW)).toEqual([]);
    expect(detectSilentSource({ ...src, lastNewItemAt: null }, NOW)).toEqual([]);
    expect(detectSilentSource({ ...src, usualItemsPerDay: 2 }, NOW)).toEqual([]); // expected 2.5, P(0) = 0.08
    expect(detectSilentSource({ ...src, lastNewItemAt: new Date(NOW.getTime() - 20 * HOUR) }, NOW)).toEqual([]);
    // Crawled every 12 h: 30 h is less than 3 intervals.
    expect(detectSilentSource({ ...src, intervalMinutes: 720 }, NOW)).toEqual([]);
  });
});

describe('detectHazardWarning', () => {
  test('a warning in force becomes a finding at its own colour; lifted or expired ones do not', () => {
    const w = parseHazardWarning({ title: '演示省气象台发布暴雨橙色预警信号' }, NOW);
    expect(w).not.toBeNull();
    if (!w) return;
    const f = detectHazardWarning(w, NOW);
    expect(f[0]).toMatchObject({ kind: 'hazard_warning', level: 'orange', subject: { type: 'region', key: '演示省:暴雨' } });
    expect(detectHazardWarning({ ...w, action: 'lift' }, NOW)).toEqual([]);
    expect(detectHazardWarning({ ...w, validUntil: new Date(NOW.getTime() - 1) }, NOW)).toEqual([]);
  });
});
