import { describe, expect, test } from 'vitest';
import {
  DEFAULT_THRESHOLDS,
  WARNING_LEVELS,
  WarningThresholdsSchema,
  gradeFactor,
  heatIndex,
  levelFromFactors,
  sensitivityScore,
} from '@/lib/warning/levels';

describe('warning levels', () => {
  test('codes, labels and ranks (一级 is highest)', () => {
    expect(WARNING_LEVELS.red).toMatchObject({ rank: 4, label: '红色预警（一级）' });
    expect(WARNING_LEVELS.blue).toMatchObject({ rank: 1, label: '蓝色预警（四级）' });
  });

  test('defaults parse from {} and partial overrides keep the other defaults', () => {
    expect(DEFAULT_THRESHOLDS.volume.minRatio).toBe(3);
    const t = WarningThresholdsSchema.parse({ levels: { heat: { red: 6 } }, cooldownMinutes: { red: 30 } });
    expect(t.levels.heat).toEqual({ blue: 2.5, yellow: 3.5, orange: 4.5, red: 6 });
    expect(t.cooldownMinutes).toEqual({ blue: 1440, yellow: 720, orange: 360, red: 30 });
    expect(WarningThresholdsSchema.safeParse({ levels: { heat: { blue: 5, yellow: 1 } } }).success).toBe(false);
  });
});

describe('levelFromFactors', () => {
  test('grade floor per §3.4 with the numbers in the why', () => {
    const cases = [
      [{ grade: '特别重大', dead: 30 }, 'red', '红色：事故等级为特别重大（死亡 30 人，≥30 人为特别重大）'],
      [{ grade: '重大', dead: 12 }, 'orange', '橙色：事故等级为重大（死亡 12 人，≥10 人为重大）'],
      [{ grade: '较大', dead: 2, missing: 1 }, 'yellow', '黄色：事故等级为较大（死亡和失踪 3 人，≥3 人为较大）'],
      [{ grade: '一般', dead: 1 }, 'blue', '蓝色：事故等级为一般（死亡 1 人，<3 人为一般）'],
      [{ grade: '重大', dead: 0, lossYuan: 6e7 }, 'orange', '橙色：事故等级为重大（直接经济损失 6000 万元，≥5000 万元为重大）'],
    ] as const;
    for (const [facts, level, summary] of cases) {
      const f = gradeFactor(facts);
      expect(f).not.toBeNull();
      const r = levelFromFactors(f ? [f] : []);
      expect(r.level).toBe(level);
      expect(r.summary).toBe(summary);
    }
  });

  test('level = max of the parts; why lists each part with value and threshold', () => {
    const r = levelFromFactors([
      { name: 'grade', value: 2 },
      { name: 'heat', value: 4.6 },
      { name: 'sensitivity', value: 1.2 },
      { name: 'heat_score', value: 10 },
    ]);
    expect(r.level).toBe('orange');
    expect(r.why.map((w) => [w.factor, w.level, w.threshold])).toEqual([
      ['heat', 'orange', 4.5],
      ['grade', 'yellow', 2],
      ['sensitivity', 'blue', 1],
    ]);
    expect(r.summary).toBe('橙色：热度指数 4.6（≥4.5 为橙色）');
  });

  test('exact boundaries reach the level; just below does not', () => {
    expect(levelFromFactors([{ name: 'volume_ratio', value: 5 }]).level).toBe('yellow');
    expect(levelFromFactors([{ name: 'volume_ratio', value: 4.999 }]).level).toBe('blue');
    expect(levelFromFactors([{ name: 'volume_ratio', value: 2.999 }])).toMatchObject({ level: null, summary: '未达到预警阈值' });
  });

  test('weights and cuts are settings', () => {
    const t = WarningThresholdsSchema.parse({ levels: { grade: { red: 3 } } });
    expect(levelFromFactors([{ name: 'grade', value: 3 }], t).level).toBe('red');
  });
});

describe('heat index and sensitivity (§5.5)', () => {
  test('H = 0.35·log1p(items) + 0.25·log1p(interactions) + 0.25·authority + 0.15·velocity', () => {
    const h = heatIndex({ items: 100, interactions: 2000, authorities: ['other', 'provincial'], velocity: 2 });
    const expected = 0.35 * Math.log1p(100) + 0.25 * Math.log1p(2000) + 0.25 * 0.6 + 0.15 * 2;
    expect(h.value).toBeCloseTo(expected, 3);
    expect(heatIndex({ items: 0, interactions: 0, authorities: [], velocity: 99 }).terms.velocity).toBeCloseTo(0.75);
  });

  test('S = Σ class weights + negative share term', () => {
    expect(sensitivityScore({ classes: ['sensitive.reporting', 'sensitive.reporting', 'sensitive.rumour'], negativeShare: 0.5 })).toBe(5);
    expect(sensitivityScore({ classes: ['unknown'] })).toBe(0);
  });
});
