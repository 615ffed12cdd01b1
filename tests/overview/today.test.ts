import { describe, expect, test } from 'vitest';
import { changeAgainstUsual, hourlyWithUsual, median, shanghaiMidnight, todayVsUsual } from '@/lib/overview/today';
import type { HourCount } from '@/lib/overview/today';

const HOUR = 3_600_000;
// 2026-11-24 10:30 Asia/Shanghai = 02:30 UTC.
const NOW = new Date('2026-11-24T02:30:00Z');
const MIDNIGHT = new Date('2026-11-23T16:00:00Z');

/** `perHour` items in every hour of [from, to), `neg` of them negative. */
function fill(from: Date, to: Date, perHour: number, neg = 0): HourCount[] {
  const out: HourCount[] = [];
  for (let t = from.getTime(); t < to.getTime(); t += HOUR) out.push({ bucket: new Date(t), items: perHour, negative: neg });
  return out;
}

describe('today against the usual', () => {
  test('Shanghai midnight is 16:00 UTC the day before, whatever the hour', () => {
    expect(shanghaiMidnight(NOW)).toEqual(MIDNIGHT);
    expect(shanghaiMidnight(new Date('2026-11-23T16:00:00Z'))).toEqual(MIDNIGHT);
    expect(shanghaiMidnight(new Date('2026-11-23T15:59:59Z'))).toEqual(new Date('2026-11-22T16:00:00Z'));
  });

  test('compares today so far with the same span of the previous monitored days', () => {
    // Seven earlier days at 2 items/hour (1 negative), today at 6/hour (3 negative) so far.
    const history = fill(new Date(MIDNIGHT.getTime() - 7 * 24 * HOUR), MIDNIGHT, 2, 1);
    const today = fill(MIDNIGHT, new Date(NOW.getTime() + HOUR), 6, 3);
    const t = todayVsUsual([...history, ...today], NOW);
    // 00:00–10:59 Shanghai is 11 hours.
    expect(t.items).toBe(66);
    expect(t.negative).toBe(33);
    expect(t.usualItems).toBe(22);
    expect(t.usualNegativeShare).toBe(0.5);
    expect(t.historyDays).toBe(7);
    expect(changeAgainstUsual(t.items, t.usualItems)?.text).toBe('+200%');
  });

  test('days without any item are not monitored days: they do not pull the usual down', () => {
    // Only two earlier days have data (10/hour); five are empty (the product was off).
    const d1 = new Date(MIDNIGHT.getTime() - 24 * HOUR);
    const d2 = new Date(MIDNIGHT.getTime() - 2 * 24 * HOUR);
    const pts = [...fill(d2, new Date(d2.getTime() + 24 * HOUR), 10), ...fill(d1, MIDNIGHT, 10), ...fill(MIDNIGHT, NOW, 10)];
    const t = todayVsUsual(pts, NOW);
    expect(t.historyDays).toBe(2);
    expect(t.usualItems).toBe(110);
    expect(t.items).toBe(110);
  });

  test('without history there is no usual and no change to claim', () => {
    const t = todayVsUsual(fill(MIDNIGHT, NOW, 3), NOW);
    expect(t.usualItems).toBeNull();
    expect(t.usualNegativeShare).toBeNull();
    expect(changeAgainstUsual(t.items, t.usualItems)).toBeNull();
  });

  test('the hourly series carries each hour\'s usual from the days before it', () => {
    const history = fill(new Date(MIDNIGHT.getTime() - 7 * 24 * HOUR), MIDNIGHT, 4);
    const series = hourlyWithUsual([...history, ...fill(MIDNIGHT, NOW, 9, 2)], NOW, 48);
    expect(series).toHaveLength(48);
    const last = series.at(-1);
    expect(last?.hour).toEqual(new Date('2026-11-24T02:00:00Z'));
    expect(last?.usual).toBe(4);
    const first = series[0];
    expect(first?.items).toBe(4);
    expect(series.find((p) => p.hour.getTime() === MIDNIGHT.getTime())).toMatchObject({ items: 9, negative: 2, usual: 4 });
  });

  test('median and change wording', () => {
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(changeAgainstUsual(10, 10)?.text).toBe('持平');
    expect(changeAgainstUsual(5, 10)?.text).toBe('−50%');
    expect(changeAgainstUsual(3, 0)?.text).toBe('常态为 0');
  });
});
