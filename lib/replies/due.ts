/**
 * When a reply is due: the response clocks of lib/warning/clocks.ts, started at the subject's first
 * appearance. An item is 政务舆情 of its own (the reply clock, replyHours); an event takes the
 * earliest clock its grade starts (5 h for 特别重大/重大 with the defaults, or a shorter local rule).
 * No rule is restated here: the settings page changes them in one place.
 */
import type { AccidentGrade } from '@/lib/analysis/grade';
import { clocksFor } from '@/lib/warning/clocks';
import type { ResponseClockConfig } from '@/lib/warning/clocks';

export type ReplySubjectTiming =
  | { type: 'item'; publishedAt: Date | null; fetchedAt: Date }
  | { type: 'event'; firstSeenAt: Date; grade: string | null };

export interface ReplyDue {
  startedAt: Date;
  dueAt: Date;
  hours: number;
  /** The clock's label, e.g. 政务舆情回应 48 小时内 / 发布权威信息 5 小时内. */
  label: string;
}

const GRADES: readonly string[] = ['特别重大', '重大', '较大', '一般'] satisfies AccidentGrade[];

function gradeOf(v: string | null): AccidentGrade | null {
  return v !== null && GRADES.includes(v) ? (v as AccidentGrade) : null;
}

/** An item's start: its publication time, unless that is missing or later than when we fetched it. */
export function itemStart(publishedAt: Date | null, fetchedAt: Date): Date {
  return publishedAt && publishedAt.getTime() <= fetchedAt.getTime() ? publishedAt : fetchedAt;
}

export function replyDue(subject: ReplySubjectTiming, config: ResponseClockConfig): ReplyDue {
  const event =
    subject.type === 'item'
      ? { grade: null, firstSeenAt: itemStart(subject.publishedAt, subject.fetchedAt), governmentRelated: true }
      : { grade: gradeOf(subject.grade), firstSeenAt: subject.firstSeenAt, governmentRelated: true };
  const first = clocksFor(event, config)[0];
  // governmentRelated always starts the reply clock, so there is at least one clock.
  if (!first) throw new Error('replyDue: no response clock applies');
  return { startedAt: first.startedAt, dueAt: first.dueAt, hours: first.hours, label: first.label };
}
