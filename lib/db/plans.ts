/**
 * 应对预案: the plan library and its activations. Every change — saving or deleting a plan,
 * activating one for an event, ticking a step, closing a run — runs in one locked transaction that
 * re-reads what it changes, refuses an illegal change with the reason (nothing stored) and writes
 * the audit row, so a change without its audit row cannot exist.
 */
import type { Db } from './client';
import { appendAuditInTx } from './audit';
import type { AuditContext } from './audit';
import { takeWriteLock } from './dialect';
import { Refusal, refusableTx } from './refusal';
import { TX_OPTIONS } from './sources';
import { isAccidentTypeCode } from '../analysis/accident';
import type { AccidentGrade } from '../analysis/grade';
import { BUILT_IN_PLANS } from '../plans/library';
import { matchPlans } from '../plans/matching';
import type { PlanMatch } from '../plans/matching';
import { GRADES, PlanBodySchema, PlanSchema, stepDueAt } from '../plans/schema';
import type { Plan, PlanBody } from '../plans/schema';


export interface PlanActor {
  username: string;
  name: string;
  audit: AuditContext;
}

export type PlanWriteResult = { ok: true; id: number; message: string } | { ok: false; message: string; field?: string; existingId?: number };



// ---------------------------------------------------------------------------------------------
// The library

export interface PlanRow extends Plan {
  id: number;
  builtIn: boolean;
  updatedAt: Date;
  updatedBy: string;
  version: number;
}

type PlanRecord = { id: number; seedKey: string | null; name: string; scope: string; tier: string; accidentTypes: string; grades: string; body: string; updatedAt: Date; updatedBy: string; version: number };

function parseJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return null;
  }
}

/** A stored plan, checked again on the way out; a row that no longer passes is skipped (and logged by the caller's page as missing). */
function toPlanRow(r: PlanRecord): PlanRow | null {
  const parsed = PlanSchema.safeParse({ name: r.name, scope: r.scope, tier: r.tier, accidentTypes: parseJson(r.accidentTypes), grades: parseJson(r.grades), body: parseJson(r.body) });
  if (!parsed.success) return null;
  return { ...parsed.data, id: r.id, builtIn: r.seedKey !== null, updatedAt: r.updatedAt, updatedBy: r.updatedBy, version: r.version };
}

function planColumns(plan: Plan) {
  return { name: plan.name, scope: plan.scope, tier: plan.tier, accidentTypes: JSON.stringify(plan.accidentTypes), grades: JSON.stringify(plan.grades), body: JSON.stringify(plan.body) };
}

export async function listPlans(client: Db): Promise<PlanRow[]> {
  const rows = await client.responsePlan.findMany({ orderBy: [{ scope: 'asc' }, { id: 'asc' }] });
  return rows.map(toPlanRow).filter((p): p is PlanRow => p !== null);
}

export async function getPlan(client: Db, id: number): Promise<PlanRow | null> {
  const r = await client.responsePlan.findUnique({ where: { id } });
  return r ? toPlanRow(r) : null;
}

/** Creates (id null) or updates a plan. `expectedVersion`: the version the editor was opened with. */
export async function savePlan(client: Db, id: number | null, plan: Plan, expectedVersion: number | null, actor: PlanActor, now = new Date()): Promise<PlanWriteResult> {
  return refusableTx(client, async (tx) => {
    const clash = await tx.responsePlan.findUnique({ where: { name: plan.name }, select: { id: true } });
    if (clash && clash.id !== id) throw new Refusal(`已有同名预案（#${clash.id}），请换一个名称`, 'name', clash.id);
    let savedId: number;
    if (id === null) {
      const created = await tx.responsePlan.create({ data: { ...planColumns(plan), createdAt: now, createdBy: actor.username, updatedAt: now, updatedBy: actor.username } });
      savedId = created.id;
    } else {
      const current = await tx.responsePlan.findUnique({ where: { id }, select: { version: true } });
      if (!current) throw new Refusal('该预案不存在或已被删除');
      if (expectedVersion !== null && current.version !== expectedVersion) throw new Refusal('该预案已被他人修改，请刷新页面查看最新内容后再保存');
      await tx.responsePlan.update({ where: { id }, data: { ...planColumns(plan), updatedAt: now, updatedBy: actor.username, version: current.version + 1 } });
      savedId = id;
    }
    await appendAuditInTx(tx, actor.audit, {
      action: 'plan.save',
      objectType: 'response_plan',
      objectId: String(savedId),
      detail: { created: id === null, name: plan.name, tier: plan.tier, steps: plan.body.steps.length },
      at: now,
    });
    return { ok: true, id: savedId, message: id === null ? '预案已创建' : '预案已保存' };
  });
}

/** Deletes a plan of our own; built-in plans are kept (they would come back with the next seed). Runs keep their snapshot. */
export async function deletePlan(client: Db, id: number, actor: PlanActor, now = new Date()): Promise<PlanWriteResult> {
  return refusableTx(client, async (tx) => {
    const p = await tx.responsePlan.findUnique({ where: { id }, select: { name: true, seedKey: true } });
    if (!p) throw new Refusal('该预案不存在或已被删除');
    if (p.seedKey !== null) throw new Refusal('内置预案不能删除，可修改其内容');
    await tx.responsePlan.delete({ where: { id } });
    await appendAuditInTx(tx, actor.audit, { action: 'plan.delete', objectType: 'response_plan', objectId: String(id), detail: { name: p.name }, at: now });
    return { ok: true, id, message: `已删除预案“${p.name}”` };
  });
}

/** Loads the built-in plans that are not there yet (by key); never touches a plan already seeded, edited or not. */
export async function seedPlanLibrary(client: Db, now = new Date()): Promise<{ inserted: number }> {
  return client.$transaction(async (tx) => {
    await takeWriteLock(tx);
    const have = new Set((await tx.responsePlan.findMany({ where: { seedKey: { not: null } }, select: { seedKey: true } })).map((p) => p.seedKey));
    let inserted = 0;
    for (const b of BUILT_IN_PLANS) {
      if (have.has(b.seedKey)) continue;
      const plan = PlanSchema.parse(b.plan);
      // A plan of ours already holding the name keeps it; the built-in one is skipped rather than renamed.
      // eslint-disable-next-line no-await-in-loop -- a handful of rows inside one locked transaction
      if (await tx.responsePlan.findUnique({ where: { name: plan.name }, select: { id: true } })) continue;
      // eslint-disable-next-line no-await-in-loop
      await tx.responsePlan.create({ data: { ...planColumns(plan), seedKey: b.seedKey, createdAt: now, createdBy: 'system:seed', updatedAt: now, updatedBy: 'system:seed' } });
      inserted++;
    }
    return { inserted };
  }, TX_OPTIONS);
}

/** The best plans for an event, with the reasons. */
export async function matchPlansForEvent(client: Db, event: { accidentTypeCode: string | null; grade: string | null }): Promise<PlanMatch<PlanRow>[]> {
  const grade = (GRADES as readonly string[]).includes(event.grade ?? '') ? (event.grade as AccidentGrade) : null;
  const code = event.accidentTypeCode !== null && isAccidentTypeCode(event.accidentTypeCode) ? event.accidentTypeCode : null;
  return matchPlans({ accidentTypeCode: code, grade }, await listPlans(client));
}

// ---------------------------------------------------------------------------------------------
// Runs

export interface PlanRunStepRow {
  seq: number;
  title: string;
  responsible: string;
  optional: boolean;
  dueAt: Date | null;
  doneAt: Date | null;
  doneBy: string | null;
  doneByName: string | null;
  note: string | null;
}

export interface PlanRunRow {
  id: number;
  planId: number | null;
  planName: string;
  /** The plan as it was at activation (口径, spokesperson, channels). */
  snapshot: Pick<PlanBody, 'wording' | 'spokesperson' | 'liaison' | 'channels'> | null;
  tier: string | null;
  eventId: number;
  eventTitle: string;
  state: 'active' | 'closed';
  activatedAt: Date;
  activatedBy: string;
  activatedByName: string;
  closedAt: Date | null;
  closedByName: string | null;
  closeNote: string | null;
  steps: PlanRunStepRow[];
}

/** Starts a plan for an event: a checklist with each step's due time counted from now. One active run per event. */
export async function activatePlan(client: Db, req: { planId: number; eventId: number }, actor: PlanActor, now = new Date()): Promise<PlanWriteResult> {
  return refusableTx(client, async (tx) => {
    const event = await tx.event.findUnique({ where: { id: req.eventId }, select: { title: true } });
    if (!event) throw new Refusal('该事件不存在');
    const record = await tx.responsePlan.findUnique({ where: { id: req.planId } });
    const plan = record ? toPlanRow(record) : null;
    if (!plan) throw new Refusal('该预案不存在或已被删除', 'planId');
    const active = await tx.planRun.findFirst({ where: { eventId: req.eventId, state: 'active' }, select: { id: true, planName: true } });
    if (active) throw new Refusal(`本事件已启动“${active.planName}”（#${active.id}），请先关闭后再启动其他预案`, undefined, active.id);
    const snapshot = { tier: plan.tier, wording: plan.body.wording, spokesperson: plan.body.spokesperson, liaison: plan.body.liaison, channels: plan.body.channels };
    const run = await tx.planRun.create({
      data: {
        planId: plan.id,
        planName: plan.name,
        planSnapshot: JSON.stringify(snapshot),
        eventId: req.eventId,
        eventTitle: event.title.slice(0, 500),
        state: 'active',
        activatedAt: now,
        activatedBy: actor.username,
        activatedByName: actor.name,
        steps: {
          create: plan.body.steps.map((s, seq) => ({ seq, title: s.title, responsible: s.responsible, optional: s.optional, dueAt: stepDueAt(s, now) })),
        },
      },
    });
    await appendAuditInTx(tx, actor.audit, {
      action: 'plan.activate',
      objectType: 'plan_run',
      objectId: String(run.id),
      detail: { planId: plan.id, planName: plan.name, eventId: req.eventId, steps: plan.body.steps.length },
      at: now,
    });
    return { ok: true, id: run.id, message: `已启动预案“${plan.name}”` };
  });
}

/** Ticks one step as done by the actor now; a step already ticked, or a closed run, is refused. */
export async function tickPlanStep(client: Db, req: { runId: number; seq: number; note: string | null }, actor: PlanActor, now = new Date()): Promise<PlanWriteResult> {
  return refusableTx(client, async (tx) => {
    const run = await tx.planRun.findUnique({ where: { id: req.runId }, select: { state: true, version: true, eventId: true } });
    if (!run) throw new Refusal('该预案启动记录不存在');
    if (run.state !== 'active') throw new Refusal('预案已关闭，不能再勾选步骤');
    const step = await tx.planRunStep.findUnique({ where: { runId_seq: { runId: req.runId, seq: req.seq } } });
    if (!step) throw new Refusal('该步骤不存在', 'seq');
    if (step.doneAt) throw new Refusal(`该步骤已由 ${step.doneByName ?? step.doneBy ?? '他人'} 完成，不能重复勾选`, 'seq');
    await tx.planRunStep.update({ where: { id: step.id }, data: { doneAt: now, doneBy: actor.username, doneByName: actor.name, note: req.note } });
    await tx.planRun.update({ where: { id: req.runId }, data: { version: run.version + 1 } });
    const late = step.dueAt !== null && now.getTime() > step.dueAt.getTime();
    await appendAuditInTx(tx, actor.audit, {
      action: 'plan.step',
      objectType: 'plan_run',
      objectId: String(req.runId),
      detail: { seq: req.seq, title: step.title, late, note: req.note },
      at: now,
    });
    return { ok: true, id: req.runId, message: `已完成：${step.title}` };
  });
}

/** Closes a run. Closing with required steps still open needs a written reason. */
export async function closePlanRun(client: Db, req: { runId: number; note: string | null }, actor: PlanActor, now = new Date()): Promise<PlanWriteResult> {
  return refusableTx(client, async (tx) => {
    const run = await tx.planRun.findUnique({ where: { id: req.runId }, select: { state: true, version: true, steps: { select: { doneAt: true, optional: true } } } });
    if (!run) throw new Refusal('该预案启动记录不存在');
    if (run.state !== 'active') throw new Refusal('预案已关闭');
    const open = run.steps.filter((s) => !s.doneAt && !s.optional).length;
    if (open > 0 && !req.note) throw new Refusal(`还有 ${open} 个必做步骤未完成，关闭前请在说明中写明理由`, 'note');
    await tx.planRun.update({ where: { id: req.runId }, data: { state: 'closed', closedAt: now, closedBy: actor.username, closedByName: actor.name, closeNote: req.note, version: run.version + 1 } });
    await appendAuditInTx(tx, actor.audit, { action: 'plan.close', objectType: 'plan_run', objectId: String(req.runId), detail: { openRequiredSteps: open, note: req.note }, at: now });
    return { ok: true, id: req.runId, message: '预案已关闭' };
  });
}

const SnapshotSchema = PlanBodySchema.pick({ wording: true, spokesperson: true, liaison: true, channels: true });

export async function getPlanRun(client: Db, id: number): Promise<PlanRunRow | null> {
  const r = await client.planRun.findUnique({ where: { id }, include: { steps: { orderBy: { seq: 'asc' } } } });
  if (!r) return null;
  const raw = parseJson(r.planSnapshot);
  const snap = SnapshotSchema.safeParse(raw);
  const tier = raw && typeof raw === 'object' && 'tier' in raw && typeof raw.tier === 'string' ? raw.tier : null;
  return {
    id: r.id,
    planId: r.planId,
    planName: r.planName,
    snapshot: snap.success ? snap.data : null,
    tier,
    eventId: r.eventId,
    eventTitle: r.eventTitle,
    state: r.state === 'closed' ? 'closed' : 'active',
    activatedAt: r.activatedAt,
    activatedBy: r.activatedBy,
    activatedByName: r.activatedByName,
    closedAt: r.closedAt,
    closedByName: r.closedByName,
    closeNote: r.closeNote,
    steps: r.steps.map((s) => ({ seq: s.seq, title: s.title, responsible: s.responsible, optional: s.optional, dueAt: s.dueAt, doneAt: s.doneAt, doneBy: s.doneBy, doneByName: s.doneByName, note: s.note })),
  };
}

/** The event's runs, the active one first, then the closed ones latest first. */
export async function listPlanRunsForEvent(client: Db, eventId: number): Promise<PlanRunRow[]> {
  const ids = await client.planRun.findMany({ where: { eventId }, orderBy: [{ state: 'asc' }, { activatedAt: 'desc' }], select: { id: true }, take: 20 });
  const runs = await Promise.all(ids.map((r) => getPlanRun(client, r.id)));
  return runs.filter((r): r is PlanRunRow => r !== null);
}

/** Whether a step is past its due time and still open. */
export function isStepOverdue(step: Pick<PlanRunStepRow, 'dueAt' | 'doneAt'>, now: Date): boolean {
  return step.doneAt === null && step.dueAt !== null && now.getTime() > step.dueAt.getTime();
}

export interface EventPlanContext {
  event: { id: number; title: string; accidentTypeCode: string | null; accidentType: string | null; grade: string | null };
  matches: PlanMatch<PlanRow>[];
  /** Active run first, then closed ones latest first. */
  runs: PlanRunRow[];
}

/** What the event page's plan section shows: the matched plans and the event's runs. Null for an unknown event. */
export async function eventPlanContext(client: Db, eventId: number): Promise<EventPlanContext | null> {
  const event = await client.event.findUnique({ where: { id: eventId }, select: { id: true, title: true, accidentTypeCode: true, accidentType: true, grade: true } });
  if (!event) return null;
  const [matches, runs] = await Promise.all([matchPlansForEvent(client, event), listPlanRunsForEvent(client, eventId)]);
  return { event, matches, runs };
}
