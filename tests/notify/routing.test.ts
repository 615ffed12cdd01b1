import { describe, expect, test } from 'vitest';
import {
  MAX_DELIVERY_ATTEMPTS,
  NotificationRuleSchema,
  deliveryOutcome,
  isQuietTime,
  nextAttempt,
  quietHoursEnd,
  routeAlert,
} from '@/lib/notify/routing';
import type { NotificationRule, RoutableAlert } from '@/lib/notify/routing';

/** Asia/Shanghai wall clock → Date (UTC+8, no DST). */
const sh = (s: string): Date => new Date(`${s}+08:00`);

const alert = (over: Partial<RoutableAlert> = {}): RoutableAlert => ({
  level: 'orange',
  kind: 'accident',
  subjectType: 'enterprise',
  escalated: false,
  ...over,
});

const night: NotificationRule = {
  id: 'r-night',
  minLevel: 'yellow',
  channelIds: ['wecom-duty', 'wecom-duty', 'mail-duty'],
  tier: 'immediate',
  quietHours: { start: '22:00', end: '07:00' },
};

describe('routeAlert', () => {
  test('matches on min level, kinds and subject types', () => {
    const rules: NotificationRule[] = [
      { id: 'all-red', minLevel: 'red', channelIds: ['a'], tier: 'immediate' },
      { id: 'accidents', minLevel: 'blue', kinds: ['accident'], channelIds: ['b'], tier: 'digest' },
      { id: 'regions', minLevel: 'blue', subjectTypes: ['region'], channelIds: ['c'], tier: 'immediate' },
      { id: 'off', enabled: false, minLevel: 'blue', channelIds: ['d'], tier: 'immediate' },
      { id: 'esc', minLevel: 'blue', onlyEscalated: true, channelIds: ['e'], tier: 'immediate' },
    ];
    const at = sh('2025-03-01T10:00:00');
    expect(routeAlert(alert(), rules, at).map((r) => r.ruleId)).toEqual(['accidents']);
    expect(routeAlert(alert({ level: 'red', escalated: true }), rules, at).map((r) => r.ruleId)).toEqual(['all-red', 'accidents', 'esc']);
    expect(routeAlert(alert({ subjectType: 'region', kind: 'surge' }), rules, at).map((r) => r.ruleId)).toEqual(['regions']);
    expect(routeAlert(alert({ level: 'blue', kind: 'surge' }), rules, at)).toEqual([]);
  });

  test('daytime: immediate, channel ids de-duplicated', () => {
    expect(routeAlert(alert(), [night], sh('2025-03-01T14:00:00'))).toEqual([
      { ruleId: 'r-night', channelIds: ['wecom-duty', 'mail-duty'], tier: 'immediate', deferUntil: null },
    ]);
  });

  test('quiet hours before midnight defer to 07:00 the next morning', () => {
    const [r] = routeAlert(alert(), [night], sh('2025-03-01T23:30:00'));
    expect(r?.deferUntil?.toISOString()).toBe(sh('2025-03-02T07:00:00').toISOString());
  });

  test('quiet hours after midnight defer to 07:00 the same morning', () => {
    const [r] = routeAlert(alert(), [night], sh('2025-03-02T03:15:00'));
    expect(r?.deferUntil?.toISOString()).toBe(sh('2025-03-02T07:00:00').toISOString());
  });

  test('boundaries: 22:00 is quiet, 07:00 is not, 21:59 is not', () => {
    expect(isQuietTime(night.quietHours!, sh('2025-03-01T22:00:00'))).toBe(true);
    expect(isQuietTime(night.quietHours!, sh('2025-03-02T06:59:59'))).toBe(true);
    expect(isQuietTime(night.quietHours!, sh('2025-03-02T07:00:00'))).toBe(false);
    expect(isQuietTime(night.quietHours!, sh('2025-03-01T21:59:59'))).toBe(false);
    // Server clock in UTC: 15:30Z is 23:30 in Shanghai.
    expect(isQuietTime(night.quietHours!, new Date('2025-03-01T15:30:00Z'))).toBe(true);
  });

  test('red always goes through by default; bypassLevel is configurable', () => {
    const at = sh('2025-03-01T23:30:00');
    expect(routeAlert(alert({ level: 'red' }), [night], at)[0]?.deferUntil).toBeNull();
    const orangeWakes: NotificationRule = { ...night, quietHours: { start: '22:00', end: '07:00', bypassLevel: 'orange' } };
    expect(routeAlert(alert({ level: 'orange' }), [orangeWakes], at)[0]?.deferUntil).toBeNull();
    expect(routeAlert(alert({ level: 'yellow' }), [orangeWakes], at)[0]?.deferUntil).not.toBeNull();
    const nothingWakes: NotificationRule = { ...night, quietHours: { start: '22:00', end: '07:00', bypassLevel: null } };
    expect(routeAlert(alert({ level: 'red' }), [nothingWakes], at)[0]?.deferUntil).not.toBeNull();
  });

  test('digest deliveries are not deferred by quiet hours', () => {
    const digest: NotificationRule = { ...night, tier: 'digest' };
    expect(routeAlert(alert(), [digest], sh('2025-03-01T23:30:00'))[0]?.deferUntil).toBeNull();
  });

  test('same-day quiet window (12:00–13:30)', () => {
    const q = { start: '12:00', end: '13:30' };
    expect(isQuietTime(q, sh('2025-03-01T12:45:00'))).toBe(true);
    expect(isQuietTime(q, sh('2025-03-01T13:30:00'))).toBe(false);
    expect(quietHoursEnd(q, sh('2025-03-01T12:45:00')).toISOString()).toBe(sh('2025-03-01T13:30:00').toISOString());
  });

  test('rule schema validates times and refuses an empty window', () => {
    expect(NotificationRuleSchema.safeParse(night).success).toBe(true);
    expect(NotificationRuleSchema.safeParse({ ...night, quietHours: { start: '24:00', end: '07:00' } }).success).toBe(false);
    expect(NotificationRuleSchema.safeParse({ ...night, quietHours: { start: '07:00', end: '07:00' } }).success).toBe(false);
    expect(NotificationRuleSchema.safeParse({ ...night, channelIds: [] }).success).toBe(false);
  });
});

describe('nextAttempt / deliveryOutcome', () => {
  const now = new Date('2025-03-01T00:00:00Z');
  const mins = (d: Date | null): number | null => (d ? (d.getTime() - now.getTime()) / 60_000 : null);

  test('exponential backoff 1 → 30 min, then give up', () => {
    expect(mins(nextAttempt(0, now))).toBe(0);
    const schedule = Array.from({ length: MAX_DELIVERY_ATTEMPTS + 1 }, (_, i) => mins(nextAttempt(i + 1, now)));
    expect(schedule).toEqual([1, 2, 4, 8, 16, 30, 30, null, null]);
    expect(nextAttempt(3, now, 3)).toBeNull();
  });

  test('outcomes: sent, retrying, failed (permanent), failed (exhausted) stays explained', () => {
    expect(deliveryOutcome(1, { ok: true, detail: '已接收' }, now)).toEqual({
      status: 'sent',
      nextAttemptAt: null,
      lastError: null,
      detail: '已接收',
    });
    const retry = deliveryOutcome(2, { ok: false, retryable: true, error: '请求超时' }, now);
    expect(retry.status).toBe('retrying');
    expect(mins(retry.nextAttemptAt)).toBe(2);
    const perm = deliveryOutcome(1, { ok: false, retryable: false, error: '签名校验失败' }, now);
    expect(perm).toMatchObject({ status: 'failed', nextAttemptAt: null });
    expect(perm.lastError).toContain('签名校验失败');
    const exhausted = deliveryOutcome(MAX_DELIVERY_ATTEMPTS, { ok: false, retryable: true, error: '请求超时' }, now);
    expect(exhausted.status).toBe('failed');
    expect(exhausted.lastError).toContain(`已重试 ${MAX_DELIVERY_ATTEMPTS} 次`);
  });
});
