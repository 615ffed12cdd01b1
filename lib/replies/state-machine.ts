/**
 * 待回应 tasks: open → assigned → answered → closed, and back with reopen. Pure: lib/db/replies.ts
 * asks it whether a step is legal before anything is stored, so a refused step leaves no trace but
 * the reason in Chinese. Escalation does not change the state; it marks an overdue task once.
 */
export const REPLY_STATES = ['open', 'assigned', 'answered', 'closed'] as const;
export type ReplyState = (typeof REPLY_STATES)[number];

export const REPLY_STATE_LABELS: Readonly<Record<ReplyState, string>> = {
  open: '待分派',
  assigned: '办理中',
  answered: '已回应',
  closed: '已关闭',
};

export const REPLY_STEP_LABELS = {
  create: '标记需回应',
  assign: '分派',
  answer: '登记回应',
  close: '关闭',
  reopen: '重新打开',
  escalate: '逾期升级',
} as const;
export type ReplyStepType = keyof typeof REPLY_STEP_LABELS;

/** A step a person takes on an existing task (escalation is the worker's). */
export type ReplyStep =
  | { type: 'assign'; assignee: string; assigneeName: string; note: string | null }
  | { type: 'answer'; text: string; url: string | null }
  | { type: 'close'; note: string | null }
  | { type: 'reopen'; note: string }
  | { type: 'escalate' };

export interface ReplyTaskSnapshot {
  state: ReplyState;
  assignee: string | null;
  dueAt: Date;
  escalatedAt: Date | null;
}

export type StepDecision = { ok: true; to: ReplyState } | { ok: false; reason: string; field?: string };

export function isReplyState(v: string): v is ReplyState {
  return (REPLY_STATES as readonly string[]).includes(v);
}

/** Still waiting for a reply: open or assigned. */
export function isActive(state: ReplyState): boolean {
  return state === 'open' || state === 'assigned';
}

/** Overdue: still waiting and past the due time ("within N hours" includes the boundary). */
export function isOverdue(task: Pick<ReplyTaskSnapshot, 'state' | 'dueAt'>, now: Date): boolean {
  return isActive(task.state) && now.getTime() > task.dueAt.getTime();
}

/** Whether `step` may be taken now, and the state it leads to. */
export function decideStep(task: ReplyTaskSnapshot, step: ReplyStep, now: Date): StepDecision {
  const s = task.state;
  switch (step.type) {
    case 'assign':
      if (!isActive(s)) return { ok: false, reason: `任务${REPLY_STATE_LABELS[s]}，不能分派；如需继续办理请先重新打开` };
      if (task.assignee === step.assignee) return { ok: false, reason: `已分派给 ${step.assigneeName}，无需重复分派`, field: 'assignee' };
      return { ok: true, to: 'assigned' };
    case 'answer':
      if (s === 'open') return { ok: false, reason: '请先分派承办人，再登记回应' };
      if (s === 'answered') return { ok: false, reason: '已登记回应；如需更正请先重新打开' };
      if (s === 'closed') return { ok: false, reason: '任务已关闭，请先重新打开' };
      return { ok: true, to: 'answered' };
    case 'close':
      if (s === 'closed') return { ok: false, reason: '任务已关闭' };
      // Closing without a reply is allowed (a proposal that needs none) but must say why.
      if (s !== 'answered' && !step.note) return { ok: false, reason: '尚未登记回应就关闭的，请在说明中写明理由', field: 'note' };
      return { ok: true, to: 'closed' };
    case 'reopen':
      if (isActive(s)) return { ok: false, reason: `任务${REPLY_STATE_LABELS[s]}，无需重新打开` };
      return { ok: true, to: task.assignee ? 'assigned' : 'open' };
    case 'escalate':
      if (!isActive(s)) return { ok: false, reason: `任务${REPLY_STATE_LABELS[s]}，无需升级` };
      if (task.escalatedAt) return { ok: false, reason: '已升级过' };
      if (!isOverdue(task, now)) return { ok: false, reason: '尚未逾期' };
      return { ok: true, to: s };
  }
}

/** The forms a task page offers in each state, in the order shown. */
export function stepsOffered(state: ReplyState): ('assign' | 'answer' | 'close' | 'reopen')[] {
  switch (state) {
    case 'open':
      return ['assign', 'close'];
    case 'assigned':
      return ['answer', 'assign', 'close'];
    case 'answered':
      return ['close', 'reopen'];
    case 'closed':
      return ['reopen'];
  }
}
