/**
 * 待回应 tasks and 应对预案 steps past their due time, as 回应时限 findings: the detection run turns
 * them into alerts, so overdue work reaches the people on duty through the ordinary notification
 * rules (issue 7: "overdue ones escalate"). Pure: the rows and `now` come in.
 */
import type { OverduePlanStep, OverdueReplyTask } from '@/lib/db/workflow-overdue';
import { formatDateTime } from '@/lib/format/zh';
import type { Finding } from './detectors';
import { GRADE_RANK, WARNING_LEVELS } from './levels';
import type { AccidentGrade, WarningLevel } from './levels';

const HOUR_MS = 3_600_000;
/** Past this much overdue, the alert is red whatever the grade: a day late is a failure to answer. */
export const RED_AFTER_OVERDUE_HOURS = 24;

export interface WorkflowFindings {
  findings: Finding[];
  /** subject key → event id, so the alert links its event. */
  eventIds: Map<string, number>;
}

function levelFor(overdueMs: number, grade: string | null): WarningLevel {
  const major = grade !== null && grade in GRADE_RANK && GRADE_RANK[grade as AccidentGrade] >= GRADE_RANK['重大'];
  return major || overdueMs >= RED_AFTER_OVERDUE_HOURS * HOUR_MS ? 'red' : 'orange';
}

/** "3.5 小时" / "2 天 4 小时": how late, in the words a duty officer reads. */
export function overdueText(ms: number): string {
  const hours = Math.max(0, ms) / HOUR_MS;
  if (hours < 1) return `${Math.max(1, Math.round(hours * 60))} 分钟`;
  if (hours < 48) return `${Math.round(hours * 10) / 10} 小时`;
  const days = Math.floor(hours / 24);
  const rest = Math.round(hours - days * 24);
  return rest ? `${days} 天 ${rest} 小时` : `${days} 天`;
}

export function workflowFindings(replies: readonly OverdueReplyTask[], planSteps: readonly OverduePlanStep[], now: Date): WorkflowFindings {
  const findings: Finding[] = [];
  const eventIds = new Map<string, number>();

  for (const t of replies) {
    const overdueMs = now.getTime() - t.dueAt.getTime();
    if (overdueMs <= 0) continue;
    const level = levelFor(overdueMs, t.eventGrade);
    const key = `reply:${t.id}`;
    const who = t.state === 'assigned' && t.assigneeName ? `承办人 ${t.assigneeName}` : '尚未分派';
    findings.push({
      kind: 'clock_overdue',
      subject: { type: 'reply', key, label: `待回应：${t.subjectTitle}` },
      at: now,
      level,
      factors: { overdueHours: Math.round((overdueMs / HOUR_MS) * 10) / 10 },
      why: `待回应任务 #${t.id}“${t.subjectTitle}”已超过${t.clockLabel}（截止 ${formatDateTime(t.dueAt)}），逾期 ${overdueText(overdueMs)}，尚未登记回应；${who}。${WARNING_LEVELS[level].colour}：${level === 'red' ? (t.eventGrade && GRADE_RANK[t.eventGrade as AccidentGrade] >= GRADE_RANK['重大'] ? `${t.eventGrade}事故回应超时` : `逾期超过 ${RED_AFTER_OVERDUE_HOURS} 小时`) : '回应超时'}`,
      metrics: { overdueMs, dueAt: t.dueAt.getTime(), taskId: t.id },
    });
    if (t.eventId !== null) eventIds.set(key, t.eventId);
  }

  // One finding per plan run: its overdue steps together, the earliest first.
  const byRun = new Map<number, OverduePlanStep[]>();
  for (const s of planSteps) {
    if (s.dueAt.getTime() >= now.getTime()) continue;
    const list = byRun.get(s.runId) ?? [];
    list.push(s);
    byRun.set(s.runId, list);
  }
  for (const [runId, steps] of byRun) {
    steps.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.seq - b.seq);
    const first = steps[0];
    if (!first) continue;
    const overdueMs = now.getTime() - first.dueAt.getTime();
    const level = levelFor(overdueMs, first.eventGrade);
    const key = `planrun:${runId}`;
    const named = steps.slice(0, 3).map((s) => `“${s.title}”（${s.responsible}，截止 ${formatDateTime(s.dueAt)}）`).join('、');
    findings.push({
      kind: 'clock_overdue',
      subject: { type: 'plan', key, label: `应对预案“${first.planName}”：${first.eventTitle}` },
      at: now,
      level,
      factors: { overdueSteps: steps.length, overdueHours: Math.round((overdueMs / HOUR_MS) * 10) / 10 },
      why: `事件“${first.eventTitle}”启动的应对预案“${first.planName}”有 ${steps.length} 个步骤逾期未完成：${named}${steps.length > 3 ? ' 等' : ''}；最早一项逾期 ${overdueText(overdueMs)}。${WARNING_LEVELS[level].colour}：预案步骤超时`,
      metrics: { overdueMs, overdueSteps: steps.length, runId },
    });
    eventIds.set(key, first.eventId);
  }
  return { findings, eventIds };
}
