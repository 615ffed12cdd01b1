/**
 * Overdue 待回应 tasks and plan steps reach the people on duty: the detection run raises a 回应时限
 * alert linked to the event and queues its notification through the ordinary rules; answering the
 * task or ticking the step stops new findings (the alert stays for a person to close).
 */
import { afterEach, beforeEach, expect, test } from 'vitest';
import { activatePlan, applyReplyStep, createReplyTask, savePlan, upsertChannel, upsertRule } from '@/lib/db';
import type { PlanActor, ReplyActor } from '@/lib/db';
import { runDetection } from '@/lib/pipeline/detect';
import { PlanSchema } from '@/lib/plans/schema';
import { createTestDb } from '../helpers/test-db';
import type { TestDb } from '../helpers/test-db';

const HOUR = 3_600_000;
const NOW = new Date('2026-11-25T04:00:00Z');
const actor: ReplyActor & PlanActor = { username: 'press', name: '值班员甲', audit: { actor: 'user:press', role: 'press_officer' } };
let t: TestDb;

beforeEach(async () => {
  t = await createTestDb();
});
afterEach(async () => {
  await t.cleanup();
});

test('an overdue reply task and an overdue plan step raise linked alerts and notify', async () => {
  const event = await t.client.event.create({
    data: { title: '某煤矿透水事故', firstSeenAt: NOW, lastSeenAt: NOW, accidentTypeCode: '12', grade: '较大', fingerprintsJson: '[]' },
  });
  const channel = await upsertChannel(t.client, { name: '值班群', kind: 'webhook', configJson: JSON.stringify({ kind: 'webhook', url: 'http://127.0.0.1:9/hook' }) });
  await upsertRule(t.client, { name: '回应超时即时通知', ruleJson: JSON.stringify({ minLevel: 'orange', kinds: ['clock_overdue'], tier: 'immediate', channelIds: [String(channel.id)] }) });

  const marked = await createReplyTask(t.client, { subjectType: 'event', subjectId: event.id, origin: 'manual' }, actor, NOW);
  expect(marked.ok).toBe(true);
  const plan = await savePlan(
    t.client,
    null,
    PlanSchema.parse({
      name: '透水事故舆情应对',
      scope: 'event',
      tier: '较大',
      accidentTypes: ['12'],
      grades: ['较大'],
      body: { steps: [{ title: '核实被困人数', responsible: '舆情值班员', dueHours: 1 }], wording: { core: '据初步核实……', qa: [] }, spokesperson: '新闻发言人', channels: ['网站'] },
    }),
    null,
    actor,
    NOW,
  );
  expect(plan.ok).toBe(true);
  const planId = (await t.client.responsePlan.findFirstOrThrow({ where: { name: '透水事故舆情应对' } })).id;
  expect((await activatePlan(t.client, { planId, eventId: event.id }, actor, NOW)).ok).toBe(true);

  // Before anything is due: no workflow alert.
  await runDetection(t.client, new Date(NOW.getTime() + 30 * 60_000));
  expect(await t.client.alert.count({ where: { subjectType: { in: ['reply', 'plan'] } } })).toBe(0);

  const task = await t.client.replyTask.findFirstOrThrow();
  const late = new Date(task.dueAt.getTime() + HOUR);
  const r = await runDetection(t.client, late);
  const alerts = await t.client.alert.findMany({ where: { subjectType: { in: ['reply', 'plan'] } }, orderBy: { subjectType: 'asc' } });
  expect(alerts.map((a) => [a.subjectType, a.kind, a.eventId])).toEqual([
    ['plan', 'clock_overdue', event.id],
    ['reply', 'clock_overdue', event.id],
  ]);
  expect(alerts.find((a) => a.subjectType === 'plan')?.why).toContain('核实被困人数');
  const deliveries = await t.client.delivery.findMany({ where: { alertId: { in: alerts.map((a) => a.id) } } });
  expect(deliveries.map((d) => d.channelId)).toEqual([channel.id, channel.id]);
  expect(r.notified.sort()).toEqual(alerts.map((a) => a.id).sort());

  // Closed: the next run finds nothing new for the task.
  const v = (await t.client.replyTask.findFirstOrThrow()).version;
  expect(await applyReplyStep(t.client, task.id, { type: 'close', note: '已由属地政府在官网发布情况通报' }, v, actor, late)).toMatchObject({ ok: true });
  const after = await runDetection(t.client, new Date(late.getTime() + HOUR));
  expect(after.findings.some((f) => f.subject.type === 'reply')).toBe(false);
  expect(after.findings.some((f) => f.subject.type === 'plan')).toBe(true);
});
