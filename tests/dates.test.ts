import { describe, expect, test } from 'vitest';
import { parseDate, parseRelativeDate } from '@/lib/dates';

/** Frozen clock: 2026-08-21 10:00 in Beijing = 02:00 UTC. */
const NOW = new Date('2026-08-21T02:00:00.000Z');
const iso = (raw: string, now = NOW) => parseDate(raw, { now }).date?.toISOString() ?? null;
const flag = (raw: string, now = NOW) => parseDate(raw, { now }).flag;

describe('parseDate: absolute formats', () => {
  test.each([
    // RFC 822 / 1123
    ['Thu, 21 Aug 2026 08:30:00 +0800', '2026-08-21T00:30:00.000Z'],
    ['Thu, 20 Aug 2026 08:30:00 GMT', '2026-08-20T08:30:00.000Z'],
    ['Wed, 19 Aug 2026 08:30:00 EST', '2026-08-19T13:30:00.000Z'],
    ['Wed, 19 Aug 2026 08:30:00 +08:00', '2026-08-19T00:30:00.000Z'],
    // Chinese CMSs mean China Standard Time by "CST".
    ['Wed, 19 Aug 2026 08:30:00 CST', '2026-08-19T00:30:00.000Z'],
    // No zone → Asia/Shanghai (B37).
    ['Wed, 19 Aug 2026 08:30:00', '2026-08-19T00:30:00.000Z'],
    // Wrong day name is ignored, not a failure.
    ['Mon, 19 Aug 2026 08:30:00 +0800', '2026-08-19T00:30:00.000Z'],
    ['19 Aug 2026 08:30 +0800', '2026-08-19T00:30:00.000Z'],
    ['Thu, 07 Dec 17 10:00:29 -0800', '2017-12-07T18:00:29.000Z'],
    ['Seg, 24 Set 2018 19:42:40 -0300', '2018-09-24T22:42:40.000Z'],
    // ISO 8601
    ['2026-08-20T10:30:00Z', '2026-08-20T10:30:00.000Z'],
    ['2026-08-20T10:30:00+08:00', '2026-08-20T02:30:00.000Z'],
    ['2026-08-20T10:30:00.123+0800', '2026-08-20T02:30:00.123Z'],
    ['2026-08-20T10:30:00', '2026-08-20T02:30:00.000Z'],
    ['2026-08-20', '2026-08-19T16:00:00.000Z'],
    ['2026-08-20 10:30:00', '2026-08-20T02:30:00.000Z'],
    ['2019-12-31 21:34:22 +08:00', '2019-12-31T13:34:22.000Z'],
    // Epochs
    ['1787277600000', '2026-08-21T02:00:00.000Z'],
    ['1787277600', '2026-08-21T02:00:00.000Z'],
    // Chinese and slash formats
    ['2026年8月21日 10:30', '2026-08-21T02:30:00.000Z'],
    ['2026年8月21日', '2026-08-20T16:00:00.000Z'],
    ['2026年08月20日 星期四 09:15', '2026-08-20T01:15:00.000Z'],
    ['2026年8月20日 下午3:05', '2026-08-20T07:05:00.000Z'],
    ['２０２６年８月２０日', '2026-08-19T16:00:00.000Z'],
    ['2026/8/21', '2026-08-20T16:00:00.000Z'],
    ['2026.08.20 08:00', '2026-08-20T00:00:00.000Z'],
    ['发布时间：2026-08-20 09:00', '2026-08-20T01:00:00.000Z'],
    ['20260820', '2026-08-19T16:00:00.000Z'],
    ['Tue Aug 18 2026 10:30:00 GMT+0800 (China Standard Time)', '2026-08-18T02:30:00.000Z'],
    ['Aug 18, 2026', '2026-08-17T16:00:00.000Z'],
  ])('%s → %s', (raw, expected) => {
    expect(parseDate(raw, { now: NOW })).toEqual({ date: new Date(expected) });
  });
});

describe('parseDate: month-day without a year', () => {
  test('`08-21` is this year (Shanghai), today', () => {
    expect(iso('08-21')).toBe('2026-08-20T16:00:00.000Z');
    expect(iso('[08-21]')).toBe('2026-08-20T16:00:00.000Z');
    expect(iso('8月20日 10:30')).toBe('2026-08-20T02:30:00.000Z');
  });

  test('a month-day that would be in the future is last year', () => {
    expect(iso('12-25')).toBe('2025-12-24T16:00:00.000Z');
    expect(iso('08-23')).toBe('2025-08-22T16:00:00.000Z');
  });

  test('the year is Shanghai’s: 00:30 on 1 Jan in Beijing is still 31 Dec in UTC', () => {
    const newYear = new Date('2026-12-31T16:30:00.000Z'); // 2027-01-01 00:30 Beijing
    expect(iso('01-01', newYear)).toBe('2026-12-31T16:00:00.000Z');
  });
});

describe('parseDate: relative Chinese dates', () => {
  test.each([
    ['刚刚', '2026-08-21T02:00:00.000Z'],
    ['30秒前', '2026-08-21T01:59:30.000Z'],
    ['5分钟前', '2026-08-21T01:55:00.000Z'],
    ['3小时前', '2026-08-20T23:00:00.000Z'],
    ['半小时前', '2026-08-21T01:30:00.000Z'],
    ['2天前', '2026-08-19T02:00:00.000Z'],
    ['三天前', '2026-08-18T02:00:00.000Z'],
    ['今天 09:30', '2026-08-21T01:30:00.000Z'],
    ['昨天 10:30', '2026-08-20T02:30:00.000Z'],
    ['昨天', '2026-08-19T16:00:00.000Z'],
    ['前天', '2026-08-18T16:00:00.000Z'],
    ['5 minutes ago', '2026-08-21T01:55:00.000Z'],
  ])('%s → %s', (raw, expected) => {
    expect(iso(raw)).toBe(expected);
  });

  test('昨天 is relative to the Beijing date, not the UTC date', () => {
    const earlyBeijing = new Date('2026-08-20T17:00:00.000Z'); // 2026-08-21 01:00 Beijing
    expect(iso('昨天 10:30', earlyBeijing)).toBe('2026-08-20T02:30:00.000Z');
    expect(iso('今天 00:30', earlyBeijing)).toBe('2026-08-20T16:30:00.000Z');
  });

  test('parseRelativeDate alone', () => {
    expect(parseRelativeDate('10分钟前', { now: NOW })?.toISOString()).toBe('2026-08-21T01:50:00.000Z');
    expect(parseRelativeDate('2026-08-20', { now: NOW })).toBeNull();
  });
});

describe('parseDate: B37 bad dates', () => {
  test('more than 24 h in the future → null + future_date', () => {
    expect(parseDate('2099-01-01', { now: NOW })).toEqual({ date: null, flag: 'future_date' });
    expect(flag('2026-08-22T03:00:00Z')).toBe('future_date');
    // Up to 24 h ahead is publisher clock skew: kept.
    expect(iso('2026-08-22T01:00:00Z')).toBe('2026-08-22T01:00:00.000Z');
  });

  test('impossible or placeholder dates → null + unparseable (no roll-over)', () => {
    for (const raw of [
      '0001-01-01',
      '0001-01-01T00:00:00Z',
      '1900-01-01',
      'Thu, 31 Feb 2026 10:00:00 +0800',
      'Thu, 31 Feb',
      '2026-02-30',
      '2026-13-01',
      '2026-08-21 25:00',
      'garbage',
      'garbage GMT',
      'Τρι, 29 Ιούν 2004 12:53:00 GMT',
    ]) {
      expect(parseDate(raw, { now: NOW }), raw).toEqual({ date: null, flag: 'unparseable' });
    }
  });

  test('missing date is null without a flag, never "now" (STYLE rule 7)', () => {
    expect(parseDate('', { now: NOW })).toEqual({ date: null });
    expect(parseDate('   ', { now: NOW })).toEqual({ date: null });
    expect(parseDate(null, { now: NOW })).toEqual({ date: null });
    expect(parseDate(undefined, { now: NOW })).toEqual({ date: null });
  });

  test('pure: the result depends only on the input and `now`', () => {
    const past = new Date('2020-01-01T00:00:00Z');
    expect(iso('刚刚', past)).toBe('2020-01-01T00:00:00.000Z');
    expect(iso('2026-08-20', past)).toBeNull(); // future relative to that `now`
    expect(parseDate('5分钟前', { now: NOW })).toEqual(parseDate('5分钟前', { now: NOW }));
  });

  test('very long input is cut, not scanned forever', () => {
    expect(parseDate(`${'9'.repeat(100_000)}`, { now: NOW }).date).toBeNull();
  });
});
