/** 时令提示: the month in the digest's time zone picks the reminders; every month has at least one. */
import { describe, expect, test } from 'vitest';
import { SEASONAL_WATCHES, seasonalWatchesFor } from '@/lib/digest/seasonal';

const TZ = 'Asia/Shanghai';
const keys = (iso: string) => seasonalWatchesFor(new Date(iso), TZ).map((w) => w.key).sort();

describe('seasonal watches', () => {
  test('July: flood season, heat and typhoons', () => {
    expect(keys('2026-07-20T00:00:00Z')).toEqual(['flood', 'heat', 'typhoon']);
  });

  test('the month is read in Asia/Shanghai: 31 May 20:00 UTC is already June there', () => {
    expect(keys('2026-05-31T20:00:00Z')).toEqual(['flood', 'heat']);
    expect(keys('2026-05-31T15:00:00Z')).toEqual(['forest_fire']);
  });

  test('January: heating season and the Spring Festival', () => {
    expect(keys('2027-01-10T00:00:00Z')).toEqual(['heating', 'spring_festival']);
  });

  test('every month of the year has a reminder, and every entry names valid months', () => {
    for (let m = 1; m <= 12; m++) expect(SEASONAL_WATCHES.some((w) => w.months.includes(m)), `month ${m}`).toBe(true);
    for (const w of SEASONAL_WATCHES) for (const m of w.months) expect(m >= 1 && m <= 12).toBe(true);
  });
});
