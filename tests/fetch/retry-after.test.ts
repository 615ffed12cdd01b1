import { describe, expect, test } from 'vitest';
import { MAX_RETRY_AFTER_MS, parseHttpDate, parseRetryAfter } from '@/lib/fetch';

const now = new Date('2026-03-01T08:00:00Z');

describe('parseRetryAfter (B41)', () => {
  test('delay-seconds', () => {
    expect(parseRetryAfter('3600', now)).toBe(3_600_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
  });

  test('caps at 24 h', () => {
    expect(parseRetryAfter('999999999', now)).toBe(MAX_RETRY_AFTER_MS);
    expect(parseRetryAfter('9'.repeat(400), now)).toBe(MAX_RETRY_AFTER_MS);
    expect(parseRetryAfter('Tue, 10 Mar 2026 08:00:00 GMT', now)).toBe(MAX_RETRY_AFTER_MS);
  });

  test('HTTP-date in the three RFC 9110 forms, relative to the injected clock', () => {
    expect(parseRetryAfter('Sun, 01 Mar 2026 09:00:00 GMT', now)).toBe(3_600_000);
    expect(parseRetryAfter('Sunday, 01-Mar-26 08:30:00 GMT', now)).toBe(1_800_000);
    expect(parseRetryAfter('Sun Mar  1 08:00:10 2026', now)).toBe(10_000);
  });

  test('a date in the past means "now"', () => {
    expect(parseRetryAfter('Sat, 28 Feb 2026 08:00:00 GMT', now)).toBe(0);
  });

  test.each(['soon', '-5', '1.5', '2026-03-01T09:00:00Z', 'Sun, 31 Feb 2026 09:00:00 GMT', '1h', '0x10', ''])(
    'garbage %j is ignored',
    (v) => {
      expect(parseRetryAfter(v, now)).toBeUndefined();
    },
  );

  test('missing header', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });

  test('parseHttpDate rejects lenient Date.parse forms', () => {
    expect(parseHttpDate('2026-03-01')).toBeUndefined();
    expect(parseHttpDate('Sun, 01 Mar 2026 09:00:00 GMT')).toBe(Date.UTC(2026, 2, 1, 9));
  });
});
