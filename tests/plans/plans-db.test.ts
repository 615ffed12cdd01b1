/**
 * 应对预案 on a real SQLite file: the built-in library passes the plan schema and is seeded once
 * (a second seed adds nothing and keeps edits); matching ranks plans by type and grade with reasons;
 * activation makes a checklist with due times from activation, one active run per event; a step is
 * ticked once with who and when (the second tick refused, nothing stored); closing with required
 * steps open needs a reason; every change writes its audit row in the same transaction.
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  activatePlan,
  closePlanRun,
  deletePlan,
  getPlanRun,
  isStepOverdue,
  listPlans,
  matchPlansForEvent,
  savePlan,
  seedPlanLibrary,
  tickPlanStep,
  verifyAuditChain,
} from '@/lib/db';
import type { PlanActor } from '@/lib/db';
import { BUILT_IN_PLANS } from '@/lib/plans/library';
import { PlanSchema } from '@/lib/plans/schema';
import { createTestDb, failAuditInserts } from '../helpers/test-db';
import type { TestDb } from '../helpers/test-db';

const HOUR = 3_600_000;
const NOW = new Date('2026-11-25T04:00:00Z');
const actor: PlanActor = { username: 'press', name: '值班员甲', audit: { actor: 'user:press', role: 'press_officer', clientIp: '10.0.0.1', requestId: 'r-1' } };
const leader: PlanActor = { username: 'lead', name: '领导乙', audit: { actor: 'user:lead', role: 'leader' } };
let t: TestDb;

beforeEach(async () => {
  t = await createTestDb();
});
afterEach(async () => {
  await t.cleanup();
});

async function event(opts: { code?: string | null; grade?: string | null; title?: string } = {}): Promise<number> {
  const e = await t.client.event.create({
    data: { title: opts.title ?? '某煤矿透水事故', firstSeenAt: new Date(NOW.getTime() - 2 * HOUR), lastSeenAt: NOW, accidentTypeCode: opts.code ?? null, grade: opts.grade ?? null, fingerprintsJson: '[]' },
  });
  return e.id;
}

async function auditActions(): Promise<string[]> {
  return (await t.client.auditLog.findMany({ orderBy: { id: 'asc' }, select: { action: true } })).map((a) => a.action);
}

const flooding = PlanSchema.parse({
  name: '透水事故舆情应对',
  scope: 'event',
  tier: '较大',
  accidentTypes: ['12'],
  grades: ['较大', '重大'],
  body: {
    steps: [
      { title: '核实被困人数', responsible: '舆情值班员', dueHours: 1 },
      { title: '发布救援进展', responsible: '宣教办', dueHours: 3 },
      { title: '事后评估', responsible: '宣教办', optional: true },
    ],
    wording: { core: '据初步核实……原因正在调查中。', qa: [] },
    spokesperson: '新闻发言人',
    channels: ['媒体', '网站'],
  },
});

describe('library and seed', () => {
  test('every built-in plan passes the schema, and the seed is idempotent and keeps edits', async () => {
    for (const b of BUILT_IN_PLANS) expect(PlanSchema.safeParse(b.plan).success, b.seedKey).toBe(true);
    expect(await seedPlanLibrary(t.client, NOW)).toEqual({ inserted: BUILT_IN_PLANS.length });
    const first = await listPlans(t.client);
    expect(first.map((p) => p.name).sort()).toEqual(BUILT_IN_PLANS.map((b) => b.plan.name).sort());
    expect(first.every((p) => p.builtIn)).toBe(true);
    const general = first.find((p) => p.name === '一般事故舆情应对')!;
    expect((await savePlan(t.client, general.id, { ...general, body: { ...general.body, spokesperson: '王某' } }, general.version, actor, NOW)).ok).toBe(true);
    expect(await seedPlanLibrary(t.client, NOW)).toEqual({ inserted: 0 });
    const again = await listPlans(t.client);
    expect(again).toHaveLength(BUILT_IN_PLANS.length);
    expect(again.find((p) => p.id === general.id)!.body.spokesperson).toBe('王某');
  });

  test('channels are stored website first; a duplicate name, a stale save and deleting a built-in plan are refused with nothing stored', async () => {
    await seedPlanLibrary(t.client, NOW);
    const r = await savePlan(t.client, null, flooding, null, actor, NOW);
    expect(r.ok).toBe(true);
    const id = r.ok ? r.id : 0;
    const saved = (await listPlans(t.client)).find((p) => p.id === id)!;
    expect(saved.body.channels).toEqual(['网站', '媒体']);
    const before = await auditActions();
    expect(await savePlan(t.client, null, { ...flooding }, null, actor, NOW)).toMatchObject({ ok: false, field: 'name' });
    expect(await savePlan(t.client, id, { ...flooding, tier: '一般' }, saved.version + 5, actor, NOW)).toMatchObject({ ok: false });
    const builtIn = (await listPlans(t.client)).find((p) => p.builtIn)!;
    expect(await deletePlan(t.client, builtIn.id, actor, NOW)).toMatchObject({ ok: false, message: '内置预案不能删除，可修改其内容' });
    expect(await auditActions()).toEqual(before);
    expect((await listPlans(t.client)).find((p) => p.id === id)!.tier).toBe('较大');
    expect((await deletePlan(t.client, id, actor, NOW)).ok).toBe(true);
    expect((await auditActions()).slice(-1)).toEqual(['plan.delete']);
  });
});

describe('matching', () => {
  test('a plan for the type ranks above the general one; grades exclude; release plans never match; reasons are given', async () => {
    await seedPlanLibrary(t.client, NOW);
    await savePlan(t.client, null, flooding, null, actor, NOW);
    const major = await matchPlansForEvent(t.client, { accidentTypeCode: '12', grade: '重大' });
    expect(major.map((m) => m.plan.name)).toEqual(['透水事故舆情应对', '较大及以上生产安全事故舆情应对']);
    expect(major[0]!.reasons).toContain('专门适用于透水事故');
    expect(major[1]!.reasons).toEqual(['适用全部事故类型', '适用重大事故', '舆情层级与事件相当（重大以上）']);

    const fire = await matchPlansForEvent(t.client, { accidentTypeCode: '08', grade: '一般' });
    expect(fire.map((m) => m.plan.name)).toEqual(['一般事故舆情应对']);

    const ungraded = await matchPlansForEvent(t.client, { accidentTypeCode: null, grade: null });
    expect(ungraded.map((m) => m.plan.name)).toEqual(['一般事故舆情应对']);
    expect(ungraded[0]!.reasons).toContain('事件尚未定级，按一般事故匹配');
    expect([...major, ...fire, ...ungraded].some((m) => m.plan.scope === 'release')).toBe(false);
  });
});

describe('runs', () => {
  test('activation makes a checklist due from activation; a step is ticked once with who and when; close needs a reason while required steps are open', async () => {
    const planId = ((await savePlan(t.client, null, flooding, null, actor, NOW)) as { id: number }).id;
    const eventId = await event({ code: '12', grade: '较大' });
    const at = new Date(NOW.getTime() + HOUR);
    const a = await activatePlan(t.client, { planId, eventId }, leader, at);
    expect(a.ok).toBe(true);
    const runId = a.ok ? a.id : 0;
    let run = (await getPlanRun(t.client, runId))!;
    expect(run.activatedByName).toBe('领导乙');
    expect(run.steps.map((s) => s.dueAt?.toISOString() ?? null)).toEqual([new Date(at.getTime() + HOUR).toISOString(), new Date(at.getTime() + 3 * HOUR).toISOString(), null]);
    expect(run.snapshot?.channels).toEqual(['网站', '媒体']);

    // A second activation for the same event is refused while one is active.
    const before = await auditActions();
    expect(await activatePlan(t.client, { planId, eventId }, actor, at)).toMatchObject({ ok: false, existingId: runId });
    expect(await t.client.planRun.count()).toBe(1);

    const tickAt = new Date(at.getTime() + 2 * HOUR);
    expect((await tickPlanStep(t.client, { runId, seq: 0, note: '被困 3 人' }, actor, tickAt)).ok).toBe(true);
    run = (await getPlanRun(t.client, runId))!;
    expect(run.steps[0]).toMatchObject({ doneByName: '值班员甲', doneBy: 'press', note: '被困 3 人' });
    expect(run.steps[0]!.doneAt?.toISOString()).toBe(tickAt.toISOString());
    expect(isStepOverdue(run.steps[0]!, tickAt)).toBe(false);
    expect(isStepOverdue(run.steps[1]!, new Date(at.getTime() + 3 * HOUR))).toBe(false);
    expect(isStepOverdue(run.steps[1]!, new Date(at.getTime() + 3 * HOUR + 1))).toBe(true);

    // Ticked twice: refused, the first tick stays as it was, no audit row.
    const r2 = await tickPlanStep(t.client, { runId, seq: 0, note: null }, leader, tickAt);
    expect(r2).toMatchObject({ ok: false, message: '该步骤已由 值班员甲 完成，不能重复勾选' });
    expect((await getPlanRun(t.client, runId))!.steps[0]).toMatchObject({ doneByName: '值班员甲', note: '被困 3 人' });
    expect(await tickPlanStep(t.client, { runId, seq: 9, note: null }, actor, tickAt)).toMatchObject({ ok: false, field: 'seq' });
    // Step 1 is required and open: closing without a reason is refused.
    expect(await closePlanRun(t.client, { runId, note: null }, actor, tickAt)).toMatchObject({ ok: false, field: 'note' });
    expect((await auditActions()).slice(before.length)).toEqual(['plan.step']);

    expect((await tickPlanStep(t.client, { runId, seq: 1, note: null }, leader, tickAt)).ok).toBe(true);
    expect((await closePlanRun(t.client, { runId, note: null }, leader, tickAt)).ok).toBe(true);
    expect(await tickPlanStep(t.client, { runId, seq: 2, note: null }, actor, tickAt)).toMatchObject({ ok: false, message: '预案已关闭，不能再勾选步骤' });
    // After closing, a new activation is allowed.
    expect((await activatePlan(t.client, { planId, eventId }, actor, tickAt)).ok).toBe(true);

    const audit = await t.client.auditLog.findMany({ orderBy: { id: 'asc' } });
    expect(audit.map((a) => a.action)).toEqual(['plan.save', 'plan.activate', 'plan.step', 'plan.step', 'plan.close', 'plan.activate']);
    expect(audit[1]!.actor).toBe('user:lead');
    expect((await verifyAuditChain(t.client)).ok).toBe(true);
  });

  test('an unknown event or plan is refused with nothing stored; a deleted plan leaves its runs readable', async () => {
    const planId = ((await savePlan(t.client, null, flooding, null, actor, NOW)) as { id: number }).id;
    expect(await activatePlan(t.client, { planId, eventId: 999 }, actor, NOW)).toMatchObject({ ok: false, message: '该事件不存在' });
    const eventId = await event();
    expect(await activatePlan(t.client, { planId: 999, eventId }, actor, NOW)).toMatchObject({ ok: false, field: 'planId' });
    expect(await t.client.planRun.count()).toBe(0);
    const runId = ((await activatePlan(t.client, { planId, eventId }, actor, NOW)) as { id: number }).id;
    expect((await deletePlan(t.client, planId, actor, NOW)).ok).toBe(true);
    const run = (await getPlanRun(t.client, runId))!;
    expect(run).toMatchObject({ planId: null, planName: '透水事故舆情应对', state: 'active' });
    expect(run.steps).toHaveLength(3);
  });

  test('a change whose audit row cannot be written is rolled back', async () => {
    const planId = ((await savePlan(t.client, null, flooding, null, actor, NOW)) as { id: number }).id;
    const eventId = await event();
    await failAuditInserts(t, 'audit down');
    await expect(activatePlan(t.client, { planId, eventId }, actor, NOW)).rejects.toThrow();
    expect(await t.client.planRun.count()).toBe(0);
    expect(await t.client.planRunStep.count()).toBe(0);
  });
});
