/**
 * Response clocks for 政务舆情 (DOMAIN §3.1–3.3), started at the first item about the event:
 * - 特别重大/重大 突发事件: authoritative information within 5 h, a press conference within 24 h
 *   (国办发〔2016〕80号 实施细则; 61号: press conference at the latest within 24 h);
 * - other 政务舆情: a response within 48 h (61号);
 * - optional local rule, e.g. Guizhou 2014: first release within 3 h for 较大 and above.
 * "Within N hours" includes the boundary: met exactly at N h is on time; overdue starts after it.
 */
import { z } from 'zod';
import type { AccidentGrade } from '@/lib/analysis/grade';

export type ClockKind = 'authoritative_info' | 'press_conference' | 'reply';

const GradeSchema = z.enum(['特别重大', '重大', '较大', '一般']);

export const ResponseClockConfigSchema = z.object({
  /** 发布权威信息时限（小时）/ authoritative information deadline, hours. */
  authoritativeInfoHours: z.number().positive().default(5),
  /** 适用发布权威信息与发布会时限的事件等级 / grades that start the 5 h and 24 h clocks. */
  majorGrades: z.array(GradeSchema).default(['特别重大', '重大']),
  /** 新闻发布会时限（小时）/ press conference deadline, hours. */
  pressConferenceHours: z.number().positive().default(24),
  /** 其他政务舆情回应时限（小时）/ reply deadline for other government-related opinion, hours. */
  replyHours: z.number().positive().default(48),
  /**
   * 地方首发规定（如贵州 2014：较大及以上 3 小时内首次发布）；null 为不启用 / local first-release rule;
   * it shortens (never lengthens) the authoritative-information clock for the listed grades.
   */
  localFirstRelease: z
    .object({
      hours: z.number().positive(),
      grades: z.array(GradeSchema).min(1),
      /** 显示名称，如“首次发布（贵州）”/ label. */
      label: z.string().min(1).default('首次发布（地方规定）'),
    })
    .nullable()
    .default(null),
  /** 到期前多少分钟提醒 / warning margin before the deadline, minutes. */
  warningMarginMinutes: z.number().min(0).default(60),
});

export type ResponseClockConfig = z.output<typeof ResponseClockConfigSchema>;
export const DEFAULT_CLOCK_CONFIG: ResponseClockConfig = ResponseClockConfigSchema.parse({});

export interface ResponseClock {
  kind: ClockKind;
  label: string;
  /** Hours allowed. */
  hours: number;
  startedAt: Date;
  dueAt: Date;
}

export interface ClockEvent {
  grade: AccidentGrade | null;
  /** First item about the event: every clock starts here. */
  firstSeenAt: Date;
  governmentRelated: boolean;
}

const HOUR_MS = 3_600_000;

function clock(kind: ClockKind, label: string, hours: number, start: Date): ResponseClock {
  return { kind, label, hours, startedAt: start, dueAt: new Date(start.getTime() + hours * HOUR_MS) };
}

/** The clocks that apply to an event, earliest deadline first. */
export function clocksFor(event: ClockEvent, config: ResponseClockConfig = DEFAULT_CLOCK_CONFIG): ResponseClock[] {
  const out: ResponseClock[] = [];
  const start = event.firstSeenAt;
  const major = event.grade !== null && config.majorGrades.includes(event.grade);
  const local = config.localFirstRelease;
  const localApplies = local !== null && event.grade !== null && local.grades.includes(event.grade);
  if (major) {
    if (localApplies && local.hours < config.authoritativeInfoHours) {
      out.push(clock('authoritative_info', `${local.label} ${local.hours} 小时内`, local.hours, start));
    } else {
      out.push(clock('authoritative_info', `发布权威信息 ${config.authoritativeInfoHours} 小时内`, config.authoritativeInfoHours, start));
    }
    out.push(clock('press_conference', `举行新闻发布会 ${config.pressConferenceHours} 小时内`, config.pressConferenceHours, start));
  } else {
    if (localApplies) out.push(clock('authoritative_info', `${local.label} ${local.hours} 小时内`, local.hours, start));
    if (event.governmentRelated) out.push(clock('reply', `政务舆情回应 ${config.replyHours} 小时内`, config.replyHours, start));
  }
  return out.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
}

export type ClockState = 'running' | 'met' | 'overdue' | 'met_late';

export interface ClockStatus {
  state: ClockState;
  /** Time left until the deadline (0 once met or overdue). */
  remainingMs: number;
  /** Time past the deadline (for met_late: how late it was met). */
  overdueMs: number;
  /** Notify: within the warning margin, or overdue for the first time (previousState ≠ overdue). */
  escalate: boolean;
  /** 剩余 3 小时 12 分 / 已超时 1 小时 5 分 / 已按时完成 / 已完成（超时 1 小时 5 分）. */
  text: string;
}

/** 3 小时 12 分; minutes are floored; under a minute reads 0 分. */
export function formatDuration(ms: number): string {
  const totalMin = Math.floor(Math.max(0, ms) / 60_000);
  const h = Math.floor(totalMin / 60);
  const m = totalMin % 60;
  return h > 0 ? `${h} 小时 ${m} 分` : `${m} 分`;
}

export function clockStatus(
  clock: Pick<ResponseClock, 'dueAt'>,
  progress: { metAt: Date | null },
  now: Date,
  opts: { warningMarginMinutes?: number; previousState?: ClockState } = {},
): ClockStatus {
  const due = clock.dueAt.getTime();
  const margin = (opts.warningMarginMinutes ?? DEFAULT_CLOCK_CONFIG.warningMarginMinutes) * 60_000;
  if (progress.metAt) {
    const late = progress.metAt.getTime() - due;
    if (late <= 0) return { state: 'met', remainingMs: 0, overdueMs: 0, escalate: false, text: '已按时完成' };
    return { state: 'met_late', remainingMs: 0, overdueMs: late, escalate: false, text: `已完成（超时 ${formatDuration(late)}）` };
  }
  const left = due - now.getTime();
  if (left >= 0) {
    return { state: 'running', remainingMs: left, overdueMs: 0, escalate: left <= margin, text: `剩余 ${formatDuration(left)}` };
  }
  return {
    state: 'overdue',
    remainingMs: 0,
    overdueMs: -left,
    escalate: opts.previousState !== 'overdue',
    text: `已超时 ${formatDuration(-left)}`,
  };
}
