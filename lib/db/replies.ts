/**
 * 待回应: reply tasks on items and events. Every change — marking, each step, the worker's
 * escalation — runs in one locked transaction that re-reads the task, asks the state machine
 * (lib/replies/state-machine) whether the step is legal, stores it with its step row and writes the
 * audit row, so a refused step stores nothing and a change without its audit row cannot exist.
 */
import type { Db } from './client';
import type { Prisma } from './generated/client';
import { appendAuditInTx } from './audit';
import type { AuditAction, AuditContext } from './audit';
import { takeWriteLock } from './dialect';
import { Refusal, refusableTx } from './refusal';
import { TX_OPTIONS } from './sources';
import type { Tx } from './refusal';
import { getSetting } from './warning';
import { attentionItemsQuery, ATTENTION_RISK } from './queries/get-overview';
import { PERMISSIONS } from '../auth/permissions';
import { effectiveClocks } from '../settings/clocks';
import type { ResponseClockConfig } from '../warning/clocks';
import { replyDue } from '../replies/due';
import type { ReplySubjectTiming } from '../replies/due';
import { decideStep, isOverdue, isReplyState, REPLY_STEP_LABELS } from '../replies/state-machine';
import type { ReplyState, ReplyStep, ReplyStepType } from '../replies/state-machine';
import type { ReplyListQuery, ReplyStepRequest } from '../replies/forms';


/** The key lib/pipeline/detect.ts reads as SETTING_CLOCKS (importing it from there would close an import cycle). */
const CLOCK_SETTING_KEY = 'warning.clocks';
/** Who the worker's escalations are recorded as. */
export const REPLY_SYSTEM_ACTOR = 'system:replies';

export type ReplySubjectType = 'item' | 'event';

/** Who is acting: the signed-in person's username and name, and the audit context of the request. */
export interface ReplyActor {
  username: string;
  name: string;
  audit: AuditContext;
}

export type ReplyWriteResult =
  | { ok: true; id: number; state: ReplyState; message: string }
  | { ok: false; message: string; field?: string; existingId?: number };



/** The response-clock settings in effect (the settings page's, else the defaults). */
export async function replyClockConfig(client: Pick<Db, 'setting'>): Promise<ResponseClockConfig> {
  return effectiveClocks(await getSetting(client as Db, CLOCK_SETTING_KEY)).value;
}

const AUDIT_OF: Readonly<Record<ReplyStepType, AuditAction>> = {
  create: 'reply.create',
  assign: 'reply.assign',
  answer: 'reply.answer',
  close: 'reply.close',
  reopen: 'reply.reopen',
  escalate: 'reply.escalate',
};

async function subjectOf(tx: Tx, type: ReplySubjectType, id: number): Promise<{ title: string; timing: ReplySubjectTiming } | null> {
  if (type === 'item') {
    const item = await tx.item.findUnique({ where: { id }, select: { title: true, publishedAt: true, fetchedAt: true } });
    return item ? { title: item.title, timing: { type: 'item', publishedAt: item.publishedAt, fetchedAt: item.fetchedAt } } : null;
  }
  const event = await tx.event.findUnique({ where: { id }, select: { title: true, firstSeenAt: true, grade: true } });
  return event ? { title: event.title, timing: { type: 'event', firstSeenAt: event.firstSeenAt, grade: event.grade } } : null;
}

export interface MarkReplyRequest {
  subjectType: ReplySubjectType;
  subjectId: number;
  /** rule: a proposal of the attention rule, confirmed by a person; manual: marked by hand. */
  origin: 'rule' | 'manual';
  reason?: string | null;
}

/** Marks an item or event as needing a reply, with its due time from the response clocks. */
export async function createReplyTask(client: Db, req: MarkReplyRequest, actor: ReplyActor, now = new Date()): Promise<ReplyWriteResult> {
  const config = await replyClockConfig(client);
  return refusableTx(client, async (tx) => {
    const existing = await tx.replyTask.findUnique({
      where: { subjectType_subjectId: { subjectType: req.subjectType, subjectId: req.subjectId } },
      select: { id: true },
    });
    if (existing) throw new Refusal(`已标记需回应（任务 #${existing.id}）`, undefined, existing.id);
    const subject = await subjectOf(tx, req.subjectType, req.subjectId);
    if (!subject) throw new Refusal(req.subjectType === 'item' ? '该信息不存在' : '该事件不存在');
    if (req.origin === 'rule') {
      // A confirmed proposal must be one the attention rule makes (its 24 h window may have passed since the page showed it).
      const a = req.subjectType === 'item' ? await tx.itemAnalysis.findUnique({ where: { itemId: req.subjectId }, select: { risk: true, officialVoice: true } }) : null;
      if (!a || a.risk < ATTENTION_RISK || a.officialVoice) throw new Refusal('该信息不在建议回应之列，请在信息页手工标记');
    }
    const due = replyDue(subject.timing, config);
    const reason = req.reason?.trim() || null;
    const task = await tx.replyTask.create({
      data: {
        subjectType: req.subjectType,
        subjectId: req.subjectId,
        subjectTitle: subject.title.slice(0, 500),
        origin: req.origin,
        reason,
        state: 'open',
        startedAt: due.startedAt,
        dueAt: due.dueAt,
        clockLabel: due.label,
        createdAt: now,
        createdBy: actor.username,
        updatedAt: now,
        version: 1,
      },
    });
    await tx.replyStep.create({
      data: { taskId: task.id, seq: 1, action: 'create', fromState: null, toState: 'open', note: reason, detail: JSON.stringify({ origin: req.origin }), actor: actor.username, actorName: actor.name, at: now },
    });
    await appendAuditInTx(tx, actor.audit, {
      action: 'reply.create',
      objectType: 'reply_task',
      objectId: String(task.id),
      detail: { subjectType: req.subjectType, subjectId: req.subjectId, origin: req.origin, dueAt: due.dueAt.toISOString(), clock: due.label },
      at: now,
    });
    return { ok: true as const, id: task.id, state: 'open' as const, message: `已标记需回应，须在 ${due.label}回应` };
  });
}

/** Accounts that may be assigned a reply: active, holding a role with replies.handle. */
export async function listReplyAssignees(client: Pick<Db, 'user'>): Promise<{ username: string; name: string }[]> {
  const roles: readonly string[] = PERMISSIONS['replies.handle'];
  return client.user.findMany({
    where: { status: 'active', roles: { some: { role: { in: [...roles] } } } },
    select: { username: true, name: true },
    orderBy: { username: 'asc' },
  });
}

/**
 * Takes one step. `expectedVersion` is the task's version the form was shown with: a step on a task
 * someone else changed meanwhile is refused instead of applied to a state its author has not seen.
 */
export async function applyReplyStep(
  client: Db,
  taskId: number,
  request: ReplyStepRequest,
  expectedVersion: number | null,
  actor: ReplyActor,
  now = new Date(),
): Promise<ReplyWriteResult> {
  return refusableTx(client, async (tx) => {
    const task = await tx.replyTask.findUnique({ where: { id: taskId } });
    if (!task) throw new Refusal('该回应任务不存在');
    if (expectedVersion !== null && task.version !== expectedVersion) {
      throw new Refusal('该任务已被他人更新，请刷新页面查看最新情况后再操作');
    }
    if (!isReplyState(task.state)) throw new Error(`reply task #${taskId}: unknown state ${task.state}`);
    let step: ReplyStep;
    if (request.type === 'assign') {
      const roles: readonly string[] = PERMISSIONS['replies.handle'];
      const user = await tx.user.findUnique({ where: { username: request.assignee }, select: { name: true, status: true, roles: { select: { role: true } } } });
      if (!user || user.status !== 'active' || !user.roles.some((r) => roles.includes(r.role))) {
        throw new Refusal('承办人须是可办理待回应的在用账号', 'assignee');
      }
      step = { type: 'assign', assignee: request.assignee, assigneeName: user.name, note: request.note };
    } else step = request;
    const decision = decideStep({ state: task.state, assignee: task.assignee, dueAt: task.dueAt, escalatedAt: task.escalatedAt }, step, now);
    if (!decision.ok) throw new Refusal(`不能${REPLY_STEP_LABELS[step.type]}：${decision.reason}`, decision.field);

    const data: Prisma.ReplyTaskUpdateInput = { state: decision.to, updatedAt: now, version: task.version + 1 };
    let note: string | null = null;
    let detail: Record<string, unknown> = {};
    if (step.type === 'assign') {
      Object.assign(data, { assignee: step.assignee, assigneeName: step.assigneeName });
      note = step.note;
      detail = { assignee: step.assignee, assigneeName: step.assigneeName, previous: task.assignee };
    } else if (step.type === 'answer') {
      Object.assign(data, { answerText: step.text, answerUrl: step.url, answeredAt: now, answeredBy: actor.username });
      detail = { url: step.url, late: now.getTime() > task.dueAt.getTime() };
    } else if (step.type === 'close') {
      Object.assign(data, { closedAt: now });
      note = step.note;
      detail = { answered: task.state === 'answered' };
    } else if (step.type === 'reopen') {
      // The earlier answer stays in the history; the task waits for a new one.
      Object.assign(data, { closedAt: null, answerText: null, answerUrl: null, answeredAt: null, answeredBy: null });
      note = step.note;
    }
    await tx.replyTask.update({ where: { id: taskId }, data });
    await tx.replyStep.create({
      data: {
        taskId,
        seq: task.version + 1,
        action: step.type,
        fromState: task.state,
        toState: decision.to,
        note,
        detail: JSON.stringify(step.type === 'answer' ? { text: step.text, url: step.url } : detail),
        actor: actor.username,
        actorName: actor.name,
        at: now,
      },
    });
    await appendAuditInTx(tx, actor.audit, {
      action: AUDIT_OF[step.type],
      objectType: 'reply_task',
      objectId: String(taskId),
      detail: { from: task.state, to: decision.to, ...detail },
      at: now,
    });
    return { ok: true as const, id: taskId, state: decision.to, message: `已${REPLY_STEP_LABELS[step.type]}` };
  });
}

/**
 * The worker's hook: marks every task still open or assigned past its due time as escalated,
 * once, each with a step row and a 'reply.escalate' audit row by `system:replies`. Returns the ids.
 */
export async function escalateOverdueReplies(client: Db, now: Date): Promise<{ escalated: number[] }> {
  return client.$transaction(async (tx) => {
    await takeWriteLock(tx);
    const due = await tx.replyTask.findMany({
      where: { state: { in: ['open', 'assigned'] }, dueAt: { lt: now }, escalatedAt: null },
      orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
      select: { id: true, state: true, assignee: true, dueAt: true, escalatedAt: true, version: true },
    });
    const escalated: number[] = [];
    for (const t of due) {
      if (!isReplyState(t.state)) continue;
      const decision = decideStep({ state: t.state, assignee: t.assignee, dueAt: t.dueAt, escalatedAt: t.escalatedAt }, { type: 'escalate' }, now);
      if (!decision.ok) continue;
      /* eslint-disable no-await-in-loop -- in order, inside one locked transaction */
      await tx.replyTask.update({ where: { id: t.id }, data: { escalatedAt: now, updatedAt: now, version: t.version + 1 } });
      await tx.replyStep.create({
        data: { taskId: t.id, seq: t.version + 1, action: 'escalate', fromState: t.state, toState: t.state, note: null, detail: JSON.stringify({ dueAt: t.dueAt.toISOString() }), actor: REPLY_SYSTEM_ACTOR, actorName: '系统', at: now },
      });
      await appendAuditInTx(tx, { actor: REPLY_SYSTEM_ACTOR }, {
        action: 'reply.escalate',
        objectType: 'reply_task',
        objectId: String(t.id),
        detail: { state: t.state, assignee: t.assignee, dueAt: t.dueAt.toISOString(), overdueMs: now.getTime() - t.dueAt.getTime() },
        at: now,
      });
      /* eslint-enable no-await-in-loop */
      escalated.push(t.id);
    }
    return { escalated };
  }, TX_OPTIONS);
}

// ---------------------------------------------------------------------------------------------
// Reading

export interface ReplyTaskRow {
  id: number;
  subjectType: ReplySubjectType;
  subjectId: number;
  subjectTitle: string;
  origin: string;
  reason: string | null;
  state: ReplyState;
  startedAt: Date;
  dueAt: Date;
  clockLabel: string;
  assignee: string | null;
  assigneeName: string | null;
  answerText: string | null;
  answerUrl: string | null;
  answeredAt: Date | null;
  closedAt: Date | null;
  escalatedAt: Date | null;
  createdAt: Date;
  createdBy: string;
  updatedAt: Date;
  version: number;
  overdue: boolean;
}

export interface ReplyStepRow {
  seq: number;
  action: ReplyStepType;
  fromState: ReplyState | null;
  toState: ReplyState;
  note: string | null;
  detail: Record<string, unknown>;
  actor: string;
  actorName: string;
  at: Date;
}

type TaskRecord = Prisma.ReplyTaskGetPayload<object>;

function toRow(t: TaskRecord, now: Date): ReplyTaskRow {
  const state: ReplyState = isReplyState(t.state) ? t.state : 'open';
  return {
    id: t.id,
    subjectType: t.subjectType === 'event' ? 'event' : 'item',
    subjectId: t.subjectId,
    subjectTitle: t.subjectTitle,
    origin: t.origin,
    reason: t.reason,
    state,
    startedAt: t.startedAt,
    dueAt: t.dueAt,
    clockLabel: t.clockLabel,
    assignee: t.assignee,
    assigneeName: t.assigneeName,
    answerText: t.answerText,
    answerUrl: t.answerUrl,
    answeredAt: t.answeredAt,
    closedAt: t.closedAt,
    escalatedAt: t.escalatedAt,
    createdAt: t.createdAt,
    createdBy: t.createdBy,
    updatedAt: t.updatedAt,
    version: t.version,
    overdue: isOverdue({ state, dueAt: t.dueAt }, now),
  };
}

function parseDetail(s: string | null): Record<string, unknown> {
  if (!s) return {};
  try {
    const v: unknown = JSON.parse(s);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export interface ReplyTaskDetail extends ReplyTaskRow {
  steps: ReplyStepRow[];
  /** Whether the item or event still exists (it may have gone with a deleted source). */
  subjectExists: boolean;
}

export async function getReplyTask(client: Db, id: number, now: Date): Promise<ReplyTaskDetail | null> {
  const t = await client.replyTask.findUnique({ where: { id }, include: { steps: { orderBy: { seq: 'asc' } } } });
  if (!t) return null;
  const subjectExists =
    t.subjectType === 'event'
      ? (await client.event.count({ where: { id: t.subjectId } })) > 0
      : (await client.item.count({ where: { id: t.subjectId } })) > 0;
  const stepType = (a: string): ReplyStepType => (a in REPLY_STEP_LABELS ? (a as ReplyStepType) : 'create');
  return {
    ...toRow(t, now),
    subjectExists,
    steps: t.steps.map((s) => ({
      seq: s.seq,
      action: stepType(s.action),
      fromState: s.fromState && isReplyState(s.fromState) ? s.fromState : null,
      toState: isReplyState(s.toState) ? s.toState : 'open',
      note: s.note,
      detail: parseDetail(s.detail),
      actor: s.actor,
      actorName: s.actorName,
      at: s.at,
    })),
  };
}

/** The task of an item or event, if it was marked (for the 标记需回应 button). */
export async function replyTaskForSubject(client: Db, subjectType: ReplySubjectType, subjectId: number): Promise<{ id: number; state: ReplyState } | null> {
  const t = await client.replyTask.findUnique({ where: { subjectType_subjectId: { subjectType, subjectId } }, select: { id: true, state: true } });
  return t && isReplyState(t.state) ? { id: t.id, state: t.state } : null;
}

export const REPLY_LIST_CAP = 500;

export interface ReplyList {
  rows: ReplyTaskRow[];
  truncated: boolean;
  counts: { active: number; overdue: number };
}

/** Tasks for the list: waiting ones by due time (overdue first), finished ones latest first. */
export async function listReplyTasks(client: Db, query: ReplyListQuery, now: Date): Promise<ReplyList> {
  const where: Prisma.ReplyTaskWhereInput = {};
  if (query.state === 'active' || query.overdue) where.state = { in: ['open', 'assigned'] };
  else if (query.state !== 'all') where.state = query.state;
  if (query.overdue) {
    where.dueAt = { lt: now };
    if (query.state === 'open' || query.state === 'assigned') where.state = query.state;
  }
  if (query.assignee === 'none') where.assignee = null;
  else if (query.assignee) where.assignee = query.assignee;
  const waiting = where.state !== undefined && typeof where.state === 'object' && 'in' in where.state;
  const [found, active, overdue] = await Promise.all([
    client.replyTask.findMany({
      where,
      orderBy: waiting || query.state === 'open' || query.state === 'assigned' ? [{ dueAt: 'asc' }, { id: 'asc' }] : [{ updatedAt: 'desc' }, { id: 'desc' }],
      take: REPLY_LIST_CAP + 1,
    }),
    client.replyTask.count({ where: { state: { in: ['open', 'assigned'] } } }),
    client.replyTask.count({ where: { state: { in: ['open', 'assigned'] }, dueAt: { lt: now } } }),
  ]);
  let rows = found.slice(0, REPLY_LIST_CAP).map((t) => toRow(t, now));
  if (query.state === 'all') {
    // Waiting tasks first by due time, then the finished ones latest first.
    const w = rows.filter((r) => r.state === 'open' || r.state === 'assigned').sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
    rows = [...w, ...rows.filter((r) => r.state === 'answered' || r.state === 'closed')];
  }
  return { rows, truncated: found.length > REPLY_LIST_CAP, counts: { active, overdue } };
}

export interface ReplyProposal {
  itemId: number;
  title: string;
  url: string | null;
  sortAt: Date;
  sourceName: string;
  risk: number;
  sensitivity: string;
  eventId: number | null;
  isDemo: boolean;
}

/**
 * What the overview's attention rule (attentionItemsQuery: risk ≥ ATTENTION_RISK, not an official voice, last 24 h)
 * proposes and nobody has marked yet: shown for a person to confirm, never turned into tasks alone.
 */
export async function listReplyProposals(client: Db, now: Date, limit = 20): Promise<ReplyProposal[]> {
  const candidates = await client.item.findMany({
    ...attentionItemsQuery(now),
    take: limit * 3,
    select: { id: true, title: true, url: true, sortAt: true, isDemo: true, source: { select: { name: true } }, analysis: { select: { risk: true, sensitivity: true, eventId: true } } },
  });
  const marked = new Set(
    (await client.replyTask.findMany({ where: { subjectType: 'item', subjectId: { in: candidates.map((c) => c.id) } }, select: { subjectId: true } })).map((t) => t.subjectId),
  );
  return candidates
    .filter((c) => !marked.has(c.id))
    .slice(0, limit)
    .map((c) => ({
      itemId: c.id,
      title: c.title,
      url: c.url,
      sortAt: c.sortAt,
      sourceName: c.source.name,
      risk: c.analysis?.risk ?? 0,
      sensitivity: c.analysis?.sensitivity ?? 'none',
      eventId: c.analysis?.eventId ?? null,
      isDemo: c.isDemo,
    }));
}
