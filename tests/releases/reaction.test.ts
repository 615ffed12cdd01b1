/**
 * Tracking after a release from hourly rollups: missing hours count as zero items, the after-window
 * counts only the hours that have passed, and the forecast module's measure appears once 24 h have.
 */
import { describe, expect, test } from 'vitest';
import { changeText, hourlySeries, shareText, trackReaction } from '@/lib/releases/reaction';

const HOUR = 3_600_000;
const T = new Date('2026-11-20T10:00:00Z');
const at = (h: number) => new Date(T.getTime() + h * HOUR);

describe('trackReaction', () => {
  test('hours without a rollup row are zero; shares are weighted by volume', () => {
    const s = hourlySeries([{ bucket: at(-2), items: 4, negative: 1 }], at(-3), at(0));
    expect(s.map((p) => [p.at.toISOString(), p.volume, p.negativeShare])).toEqual([
      [at(-3).toISOString(), 0, null],
      [at(-2).toISOString(), 4, 0.25],
      [at(-1).toISOString(), 0, null],
    ]);
  });

  test('before 24 h have passed the after-window is partial and the full measure says why', () => {
    const rows = [
      { bucket: at(-5), items: 10, negative: 8 },
      { bucket: at(1), items: 3, negative: 0 },
      { bucket: at(30), items: 99, negative: 99 },
    ];
    const r = trackReaction(rows, T, at(2));
    expect(r.complete).toBe(false);
    expect(r.before).toEqual({ hours: 24, items: 10, perHour: 10 / 24, negativeShare: 0.8 });
    expect(r.after).toEqual({ hours: 2, items: 3, perHour: 1.5, negativeShare: 0 });
    expect(r.measured).toEqual({ reason: '发布后不足 24 小时的数据' });
  });

  test('after 24 h: complete, later hours ignored, measured by releaseReaction', () => {
    const rows = [
      { bucket: at(-1), items: 24, negative: 12 },
      { bucket: at(5), items: 48, negative: 12 },
      { bucket: at(24), items: 1000, negative: 1000 },
    ];
    const r = trackReaction(rows, T, at(40));
    expect(r.complete).toBe(true);
    expect(r.after.items).toBe(48);
    expect(r.measured).toMatchObject({ beforePerHour: 1, afterPerHour: 2, volumeChange: 1, negativeShareChangePts: -25 });
  });

  test('texts', () => {
    expect(changeText(2, 3)).toBe('+50%');
    expect(changeText(2, 1)).toBe('−50%');
    expect(changeText(0, 0)).toBe('无变化');
    expect(changeText(0, 1)).toBe('发布前无声量');
    expect(shareText(0.1234)).toBe('12.3%');
    expect(shareText(null)).toBe('—');
  });
});
