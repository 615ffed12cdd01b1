/**
 * Pure notification routing and retry schedule (no DB, no clock: `now` is a parameter, STYLE rule 5).
 *
 * Quiet hours are wall-clock times in Asia/Shanghai (UTC+8 all year, no DST), may cross midnight
 * (22:00–07:00), and only defer `immediate` deliveries whose level is below the rule's bypass level
 * (default 红色: a red alert always goes through). Deferred deliveries are due at the end of the quiet
 * period. `digest` deliveries are never deferred here: the digest scheduler decides when they go out.
 */
import { z } from 'zod';
import { ALERT_LEVELS } from './message';
import type { AlertLevel } from './message';
import type { SendResult } from './send';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const SHANGHAI_OFFSET_MS = 8 * 60 * MINUTE;

const LEVEL_ORDER: Record<AlertLevel, number> = { blue: 0, yellow: 1, orange: 2, red: 3 };

export function levelAtLeast(level: AlertLevel, min: AlertLevel): boolean {
  return (LEVEL_ORDER[level] ?? -1) >= (LEVEL_ORDER[min] ?? 99);
}

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 HH:mm（00:00–23:59）');

export const QuietHoursSchema = z
  .object({
    /** Start of the quiet period, HH:mm Asia/Shanghai (inclusive). */
    start: HHMM,
    /** End of the quiet period, HH:mm Asia/Shanghai (exclusive); may be earlier than start (crosses midnight). */
    end: HHMM,
    /** Alerts at or above this level are never deferred; default 'red'; null = everything is deferred. */
    bypassLevel: z.enum(ALERT_LEVELS as [AlertLevel, ...AlertLevel[]]).nullable().optional(),
  })
  .refine((q) => q.start !== q.end, { message: '免打扰开始和结束时间不能相同', path: ['end'] });

export const NotificationRuleSchema = z.object({
  id: z.string().min(1),
  enabled: z.boolean().optional(),
  /** Lowest level this rule fires for. */
  minLevel: z.enum(ALERT_LEVELS as [AlertLevel, ...AlertLevel[]]),
  /** Alert kinds; empty or absent = all kinds. */
  kinds: z.array(z.string().min(1)).nullable().optional(),
  /** Subject types (e.g. enterprise, region, topic); empty or absent = all. */
  subjectTypes: z.array(z.string().min(1)).nullable().optional(),
  /** Only when the alert has been escalated (e.g. a rule that tells leaders about escalations). */
  onlyEscalated: z.boolean().optional(),
  channelIds: z.array(z.string().min(1)).min(1, '至少选择一个通知通道'),
  tier: z.enum(['immediate', 'digest']),
  quietHours: QuietHoursSchema.nullable().optional(),
});

export type QuietHours = z.infer<typeof QuietHoursSchema>;
export type NotificationRule = z.infer<typeof NotificationRuleSchema>;
export type DeliveryTier = NotificationRule['tier'];

export interface RoutableAlert {
  level: AlertLevel;
  kind: string;
  subjectType: string;
  escalated: boolean;
}

export interface Route {
  ruleId: string;
  channelIds: string[];
  tier: DeliveryTier;
  /** Not before this time (end of quiet hours); null = now. */
  deferUntil: Date | null;
}

const minutesOf = (hhmm: string): number => {
  const [h = '0', m = '0'] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
};

/** Minutes since local (Asia/Shanghai) midnight, and the UTC instant of that midnight. */
function shanghaiClock(now: Date): { minute: number; midnight: number } {
  const local = now.getTime() + SHANGHAI_OFFSET_MS;
  const localMidnight = Math.floor(local / DAY) * DAY;
  return { minute: Math.floor((local - localMidnight) / MINUTE), midnight: localMidnight - SHANGHAI_OFFSET_MS };
}

export function isQuietTime(q: Pick<QuietHours, 'start' | 'end'>, now: Date): boolean {
  const s = minutesOf(q.start);
  const e = minutesOf(q.end);
  if (s === e) return false;
  const { minute } = shanghaiClock(now);
  return s < e ? minute >= s && minute < e : minute >= s || minute < e;
}

/** The next instant (strictly after `now`) at which the local clock shows `end`. */
export function quietHoursEnd(q: Pick<QuietHours, 'end'>, now: Date): Date {
  const { midnight } = shanghaiClock(now);
  let t = midnight + minutesOf(q.end) * MINUTE;
  if (t <= now.getTime()) t += DAY;
  return new Date(t);
}

function ruleMatches(rule: NotificationRule, a: RoutableAlert): boolean {
  if (rule.enabled === false) return false;
  if (!levelAtLeast(a.level, rule.minLevel)) return false;
  if (rule.kinds?.length && !rule.kinds.includes(a.kind)) return false;
  if (rule.subjectTypes?.length && !rule.subjectTypes.includes(a.subjectType)) return false;
  if (rule.onlyEscalated && !a.escalated) return false;
  return true;
}

/**
 * Which rules fire for this alert, and when. One route per matching rule (in rule order); channel ids
 * are de-duplicated within a rule. The caller de-duplicates (alert, channel) across rules when it
 * creates delivery rows.
 */
export function routeAlert(alert: RoutableAlert, rules: readonly NotificationRule[], now: Date): Route[] {
  const routes: Route[] = [];
  for (const rule of rules) {
    if (!ruleMatches(rule, alert)) continue;
    let deferUntil: Date | null = null;
    const q = rule.quietHours;
    if (rule.tier === 'immediate' && q && isQuietTime(q, now)) {
      const bypass = q.bypassLevel === undefined ? 'red' : q.bypassLevel;
      if (!(bypass && levelAtLeast(alert.level, bypass))) deferUntil = quietHoursEnd(q, now);
    }
    routes.push({ ruleId: rule.id, channelIds: [...new Set(rule.channelIds)], tier: rule.tier, deferUntil });
  }
  return routes;
}

// ---------------------------------------------------------------------------------------------
// Retry schedule

/** Delay after the n-th failed attempt: 1, 2, 4, 8, 16, 30, 30 … minutes. */
export const RETRY_BACKOFF_MINUTES = [1, 2, 4, 8, 16, 30] as const;
/** Attempts in total (first try included) before a delivery is marked failed. */
export const MAX_DELIVERY_ATTEMPTS = 8;

/**
 * When to try again after `attempts` failed attempts; null = give up (the delivery becomes 'failed'
 * and stays visible). attempts ≤ 0 → now (first attempt).
 */
export function nextAttempt(attempts: number, now: Date, maxAttempts: number = MAX_DELIVERY_ATTEMPTS): Date | null {
  if (!Number.isFinite(attempts) || attempts <= 0) return new Date(now.getTime());
  if (attempts >= maxAttempts) return null;
  const i = Math.min(Math.floor(attempts) - 1, RETRY_BACKOFF_MINUTES.length - 1);
  return new Date(now.getTime() + (RETRY_BACKOFF_MINUTES[i] ?? 30) * MINUTE);
}

export type DeliveryStatus = 'pending' | 'sent' | 'retrying' | 'failed';

export interface DeliveryOutcome {
  status: Exclude<DeliveryStatus, 'pending'>;
  nextAttemptAt: Date | null;
  /** Chinese, secret-free; kept on the delivery row so a failed delivery stays explainable. */
  lastError: string | null;
  detail: string | null;
}

/**
 * What to store after an attempt. `attempts` counts attempts made so far INCLUDING this one.
 * Permanent errors fail at once; retryable ones follow nextAttempt() until it gives up.
 */
export function deliveryOutcome(
  attempts: number,
  result: SendResult,
  now: Date,
  maxAttempts: number = MAX_DELIVERY_ATTEMPTS,
): DeliveryOutcome {
  if (result.ok) return { status: 'sent', nextAttemptAt: null, lastError: null, detail: result.detail };
  const next = result.retryable ? nextAttempt(attempts, now, maxAttempts) : null;
  if (next) return { status: 'retrying', nextAttemptAt: next, lastError: result.error, detail: null };
  const why = result.retryable ? `（已重试 ${attempts} 次，放弃）` : '（不可重试的错误）';
  return { status: 'failed', nextAttemptAt: null, lastError: `${result.error}${why}`, detail: null };
}
