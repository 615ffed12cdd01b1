import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { CountPoint, Finding } from '@/lib/warning/detectors';
import { detectVolumeSpike, poissonUpperTail, testVolume } from '@/lib/warning/detectors';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.parse('2026-03-01T00:00:00+08:00');

/** mulberry32: deterministic noise for property-style tests. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function poisson(lambda: number, r: () => number): number {
  if (lambda > 50) {
    // Normal approximation for large means.
    const u = Math.max(1e-12, r());
    const v = r();
    return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)));
  }
  const l = Math.exp(-lambda);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= r();
  } while (p > l);
  return k - 1;
}

/** Gamma-Poisson (negative binomial) noise: social media counts are over-dispersed. */
function overdispersed(mean: number, cv: number, r: () => number): number {
  const factor = Math.max(0, 1 + cv * (r() + r() + r() - 1.5) * 2);
  return poisson(mean * factor, r);
}

function series(counts: (number | null)[], step: number, start = T0): CountPoint[] {
  return counts.map((count, i) => ({ start: new Date(start + i * step), count }));
}

/** Runs the detector as if each bucket were the current one. */
function runAll(points: CountPoint[], granularity: 'hour' | 'day'): Finding[] {
  const out: Finding[] = [];
  for (let i = 0; i < points.length; i++) {
    out.push(...detectVolumeSpike(points.slice(0, i + 1), { granularity }));
  }
  return out;
}

describe('poissonUpperTail', () => {
  test('matches hand-computed values', () => {
    // P(X ≥ 2 | 1) = 1 − e^−1 − e^−1 = 0.264241…
    expect(poissonUpperTail(2, 1)).toBeCloseTo(1 - 2 * Math.exp(-1), 10);
    // P(X ≥ 6 | 2) = 1 − Σ_{k<6} e^−2 2^k / k! = 0.016563…
    expect(poissonUpperTail(6, 2)).toBeCloseTo(0.0165636, 6);
    expect(poissonUpperTail(0, 5)).toBe(1);
    expect(poissonUpperTail(100, 10)).toBeLessThan(1e-40);
    // Large arguments use the continued fraction: P(X ≥ 110 | 100) ≈ 0.1706.
    expect(poissonUpperTail(110, 100)).toBeCloseTo(0.17059, 3);
  });
});

describe('detectVolumeSpike: daily', () => {
  test('a quiet noisy series never alerts (several means and seeds)', () => {
    for (const [mean, seed] of [
      [3, 1],
      [20, 2],
      [150, 3],
      [5000, 4],
    ] as const) {
      const r = rng(seed);
      const pts = series(Array.from({ length: 90 }, () => overdispersed(mean, 0.3, r)), DAY);
      expect(runAll(pts, 'day'), `mean ${mean}`).toEqual([]);
    }
  });

  test('a real surge alerts with the numbers in the why', () => {
    const counts = [40, 38, 45, 41, 39, 44, 37, 42, 40, 43, 39, 41, 44, 40, 260];
    const f = detectVolumeSpike(series(counts, DAY), { granularity: 'day' });
    expect(f).toHaveLength(1);
    expect(f[0]?.kind).toBe('volume_spike');
    // Median of the 14 previous days is 40.5: 260 / 40.5 = 6.42× → yellow (≥5×).
    expect(f[0]?.level).toBe('yellow');
    expect(f[0]?.metrics.baseline).toBe(40.5);
    expect(f[0]?.why).toContain('当日声量 260 条');
    expect(f[0]?.why).toContain('6.42 倍');
    expect(f[0]?.why).toContain('黄色：声量倍数 6.4 倍');
  });

  test('missing days are unknown, not zero', () => {
    // Unknown days between known days of ~100 must not drag the baseline down to 0.
    const counts: (number | null)[] = [100, null, 105, null, null, 98, 102, null, 99, 101, 97, null, 103, 100, 180];
    expect(detectVolumeSpike(series(counts, DAY), { granularity: 'day' })).toEqual([]);
    // The current day unknown: nothing to test.
    expect(detectVolumeSpike(series([100, 100, 100, null], DAY), { granularity: 'day' })).toEqual([]);
  });

  test('cold start: the first bucket never alerts; a short baseline still catches an obvious surge', () => {
    expect(detectVolumeSpike(series([5000], DAY), { granularity: 'day' })).toEqual([]);
    expect(detectVolumeSpike(series([null, null, 5000], DAY), { granularity: 'day' })).toEqual([]);
    const surge = detectVolumeSpike(series([100, 450], DAY), { granularity: 'day' });
    expect(surge).toHaveLength(1);
    expect(surge[0]?.metrics.shortBaseline).toBe(1);
    // ×3 on a one-day baseline is not obvious enough.
    expect(detectVolumeSpike(series([100, 300], DAY), { granularity: 'day' })).toEqual([]);
  });

  test('low counts: 0 → 2 and 1 → 6 are not spikes', () => {
    expect(detectVolumeSpike(series([0, 0, 0, 0, 0, 0, 0, 0, 2], DAY), { granularity: 'day' })).toEqual([]);
    expect(detectVolumeSpike(series([1, 0, 1, 0, 0, 1, 0, 1, 6], DAY), { granularity: 'day' })).toEqual([]);
  });
});

describe('detectVolumeSpike: hourly', () => {
  /** Day/night cycle: ~4 items/h at night, ~60 at the 10:00 peak. */
  function diurnal(hourOfDay: number): number {
    return 4 + 56 * Math.max(0, Math.sin(((hourOfDay - 4) / 12) * Math.PI)) ** 2;
  }

  test('day/night cycle: no alert at the daily peak hour once 3 days of history exist', () => {
    const r = rng(7);
    const counts = Array.from({ length: 24 * 6 }, (_, i) => poisson(diurnal(i % 24), r));
    const pts = series(counts, HOUR);
    const alerts = runAll(pts, 'hour').filter((f) => f.at.getTime() >= T0 + 3 * DAY);
    expect(alerts).toEqual([]);
    // The morning ramp on day 6 is compared with the same hour of previous days.
    const t = testVolume(pts, { granularity: 'hour', current: new Date(T0 + 5 * DAY + 10 * HOUR) });
    expect(t?.mode).toBe('seasonal');
  });

  test('a surge at night alerts against the same hour of previous days', () => {
    const r = rng(8);
    const counts = Array.from({ length: 24 * 5 }, (_, i) => poisson(diurnal(i % 24), r));
    counts[24 * 4 + 2] = 45; // 02:00 on day 5, usually ~4
    const f = detectVolumeSpike(series(counts.slice(0, 24 * 4 + 3), HOUR), { granularity: 'hour' });
    expect(f).toHaveLength(1);
    expect(f[0]?.metrics.seasonal).toBe(1);
    expect(f[0]?.why).toContain('同一时段');
  });

  test('a flat quiet hourly series with noise does not alert', () => {
    const r = rng(9);
    const pts = series(Array.from({ length: 24 * 10 }, () => poisson(2, r)), HOUR);
    expect(runAll(pts, 'hour')).toEqual([]);
  });
});

const CSV = '/work/shared/fixtures/sentiment/covid-weibo-daily-post-counts-2020.csv';

describe.skipIf(!existsSync(CSV))('real series: COVID Weibo daily post counts 2020', () => {
  test('alerts on the surge of 20/21 January, not on the first day, and rarely otherwise', () => {
    const lines = readFileSync(CSV, 'utf8').trim().split(/\r?\n/).slice(1);
    const pts: CountPoint[] = lines.map((line) => {
      const [date, posts] = line.split(',');
      return {
        start: new Date(`${date}T00:00:00+08:00`),
        count: posts === undefined || posts === '' ? null : Number(posts),
      };
    });
    const alerts: { day: string; level: string; why: string }[] = [];
    for (let i = 0; i < pts.length; i++) {
      for (const f of detectVolumeSpike(pts.slice(0, i + 1), { granularity: 'day' })) {
        alerts.push({ day: lines[i]?.slice(0, 10) ?? '', level: f.level, why: f.why });
      }
    }
    console.log(`[real series] ${alerts.length} alert day(s):\n${alerts.map((a) => `  ${a.day} ${a.level} ${a.why}`).join('\n')}`);
    const days = alerts.map((a) => a.day);
    expect(days).not.toContain('2020-01-19');
    expect(days.some((d) => d === '2020-01-20' || d === '2020-01-21')).toBe(true);
    const others = days.filter((d) => d !== '2020-01-20' && d !== '2020-01-21');
    expect(others.length).toBeLessThanOrEqual(2);
  });
});
