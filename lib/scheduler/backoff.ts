/**
 * When to look at a source again. Pure functions of `now` so schedules are testable without
 * fake timers (TESTPLAN F7, B41).
 */
const MINUTE = 60_000;
export const MAX_RETRY_AFTER_MS = 24 * 60 * MINUTE;
/** Consecutive failures after which a source turns red and backs off. */
export const FAILING_AFTER = 3;
/** Backoff once failing: 15 → 30 → 60 → 120 → 240 → 360 min, then steady. Polling never stops. */
export const BACKOFF_MINUTES = [15, 30, 60, 120, 240, 360] as const;

export function nextCheckAfterSuccess(now: Date, intervalMinutes: number): Date {
  return new Date(now.getTime() + intervalMinutes * MINUTE);
}

export function backoffMinutes(errorCount: number): number {
  if (errorCount < FAILING_AFTER) return 0;
  const i = Math.min(errorCount - FAILING_AFTER, BACKOFF_MINUTES.length - 1);
  return BACKOFF_MINUTES[i] ?? 360;
}

export function nextCheckAfterFailure(o: {
  now: Date;
  intervalMinutes: number;
  /** Consecutive failures including this one. */
  errorCount: number;
  retryAfterMs?: number;
}): Date {
  const base = Math.max(o.intervalMinutes, backoffMinutes(o.errorCount)) * MINUTE;
  const asked = o.retryAfterMs ? Math.min(o.retryAfterMs, MAX_RETRY_AFTER_MS) : 0;
  return new Date(o.now.getTime() + Math.max(base, asked));
}
