import { describe, expect, test } from 'vitest';
import { BACKOFF_MINUTES, backoffMinutes, nextCheckAfterFailure, nextCheckAfterSuccess } from '@/lib/scheduler/backoff';

const now = new Date('2026-08-21T02:00:00Z');
const minutesAfter = (d: Date) => (d.getTime() - now.getTime()) / 60_000;

describe('backoff (TESTPLAN F7, B41)', () => {
  test('success schedules one interval later', () => {
    expect(minutesAfter(nextCheckAfterSuccess(now, 15))).toBe(15);
  });

  test('the first two failures keep the normal interval; then 15 → 30 → 60 → 120 → 240 → 360, steady, never stopping', () => {
    const seq = Array.from({ length: 12 }, (_, i) =>
      minutesAfter(nextCheckAfterFailure({ now, intervalMinutes: 5, errorCount: i + 1 })),
    );
    expect(seq).toEqual([5, 5, 15, 30, 60, 120, 240, 360, 360, 360, 360, 360]);
    expect(backoffMinutes(1000)).toBe(BACKOFF_MINUTES.at(-1));
  });

  test('a long interval is never shortened by the backoff', () => {
    expect(minutesAfter(nextCheckAfterFailure({ now, intervalMinutes: 60, errorCount: 3 }))).toBe(60);
  });

  test('Retry-After wins when longer, and is capped at 24 h', () => {
    expect(minutesAfter(nextCheckAfterFailure({ now, intervalMinutes: 5, errorCount: 1, retryAfterMs: 3_600_000 }))).toBe(60);
    expect(minutesAfter(nextCheckAfterFailure({ now, intervalMinutes: 5, errorCount: 1, retryAfterMs: 60_000 }))).toBe(5);
    expect(minutesAfter(nextCheckAfterFailure({ now, intervalMinutes: 5, errorCount: 1, retryAfterMs: 9e12 }))).toBe(24 * 60);
  });
});
