/**
 * 依申请公开 on a real SQLite file: registration with numbers per year, steps stored in order, an
 * impossible step refused with nothing stored, the audit row written in the same transaction (and
 * the change rolled back when it cannot be), the list ordered by due date with overdue first, and
 * the yearly statistics computed from what is stored.
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  createDisclosureRequest,
  getDisclosureCase,
  getDisclosureYearStats,
  listDisclosureRequests,
  recordDisclosureEvent,
  recordDisclosureReview,
  searchAuditLog,
  verifyAuditChain,
} from '@/lib/db';
import type { AuditRow, DisclosureActor, DisclosureWriteResult } from '@/lib/db';
import { addWorkingDays, workingDaysBetween } from '@/lib/workflow/calendar';
import { parseRegistrationForm, parseStepForm } from '@/lib/workflow/disclosure-form';
import type { FormValues, RegistrationInput, StepInput } from '@/lib/workflow/disclosure-form';
import { createTestDb, failAuditInserts } from '../helpers/test-db';
import type { TestDb } from '../helpers/test-db';

/** 2026-11-25 12:00 in Shanghai. */
const NOW = new Date('2026-11-25T04:00:00Z');
const TODAY = '2026-11-25';
const actor: DisclosureActor = {
  username: 'press',
  name: '值班员甲',
  audit: { actor: 'user:press', role: 'press_officer', clientIp: '10.0.0.1', requestId: 'r-1' },
};
let t: TestDb;

beforeEach(async () => {
  t = await createTestDb();
});
afterEach(async () => {
  await t.cleanup();
});

function registration(values: FormValues, today = TODAY): RegistrationInput {
  const r = parseRegistrationForm(
    { applicantName: '张某', applicantType: 'natural_person', contact: '13800000000', description: '某矿事故调查报告', ...values },
    today,
  );
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
}

function step(values: FormValues): StepInput {
  const r = parseStepForm(values, TODAY);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
}

function okId(r: DisclosureWriteResult): number {
  if (!r.ok) throw new Error(r.message);
  return r.id;
}

async function register(values: FormValues, now = NOW): Promise<number> {
  return okId(await createDisclosureRequest(t.client, registration(values), actor, now));
}

async function auditRows(): Promise<AuditRow[]> {
  return (await searchAuditLog(t.client, {}, { limit: 100 })).rows.reverse();
}

async function eventCount(): Promise<number> {
  return t.client.disclosureEvent.count();
}

describe('registering a request', () => {
  test('numbers run in sequence per registration year; the receipt date follows art. 31 for the channel', async () => {
    const a = await createDisclosureRequest(t.client, registration({ channel: '邮寄', postKind: '需签收', signedOn: '2026-04-03' }), actor, NOW);
    const b = await createDisclosureRequest(t.client, registration({ channel: '网络', submittedOn: '2026-11-01', confirmedOn: '2026-11-03' }), actor, NOW);
    const c = await createDisclosureRequest(t.client, registration({ channel: '当面', submittedOn: '2026-12-31' }, '2027-01-04'), actor, new Date('2027-01-04T02:00:00Z'));
    expect([a, b, c].map((r) => (r.ok ? r.number : r.message))).toEqual(['依申〔2026〕第 1 号', '依申〔2026〕第 2 号', '依申〔2027〕第 1 号']);

    const caseA = await getDisclosureCase(t.client, okId(a), TODAY);
    // Signed for on Friday 3 April 2026; 4–6 April is 清明节, 1–5 May 劳动节: the 20th working day is 7 May (counted by hand).
    expect(caseA?.clock.receivedOn).toBe('2026-04-03');
    expect(caseA?.clock.dueDate).toBe(addWorkingDays('2026-04-03', 20).value);
    expect(caseA?.clock.dueDate).toBe('2026-05-07');
    expect(caseA?.clock.receiptRule).toContain('签收之日');
    const caseB = await getDisclosureCase(t.client, okId(b), TODAY);
    expect(caseB?.clock.receivedOn).toBe('2026-11-03');
    expect(caseB?.timeline.map((e) => [e.seq, e.event.type, e.recordedByName])).toEqual([[1, 'received', '值班员甲']]);

    const rows = await auditRows();
    expect(rows.map((r) => [r.action, r.objectId, r.actor])).toEqual([
      ['disclosure.create', '依申〔2026〕第 1 号', 'user:press'],
      ['disclosure.create', '依申〔2026〕第 2 号', 'user:press'],
      ['disclosure.create', '依申〔2027〕第 1 号', 'user:press'],
    ]);
    // The applicant's personal data stays out of the audit log.
    expect(rows.map((r) => r.detailJson ?? '').join('')).not.toContain('张某');
    expect((await verifyAuditChain(t.client)).ok).toBe(true);
  });

  test('a receipt date after today is refused and nothing is stored', async () => {
    const input = registration({ channel: '当面', submittedOn: '2026-11-20' });
    const r = await createDisclosureRequest(t.client, { ...input, received: { ...input.received, submittedOn: '2026-11-30' } }, actor, NOW);
    expect(r).toMatchObject({ ok: false });
    expect(await t.client.disclosureRequest.count()).toBe(0);
    expect(await auditRows()).toEqual([]);
  });

  test('when the audit row cannot be written, the registration is rolled back (fail closed)', async () => {
    await failAuditInserts(t, 'audit store down');
    await expect(createDisclosureRequest(t.client, registration({ channel: '当面', submittedOn: '2026-11-20' }), actor, NOW)).rejects.toThrow(/audit store down/);
    expect(await t.client.disclosureRequest.count()).toBe(0);
    expect(await eventCount()).toBe(0);
  });
});

describe('recording the steps of a case', () => {
  test('补正 restarts the clock, a consultation pauses it, closing stores the outcome; every step audited in order', async () => {
    const id = await register({ channel: '邮寄', postKind: '需签收', signedOn: '2026-04-03' });
    const steps: FormValues[] = [
      { type: 'supplement_requested', on: '2026-04-08', replyBy: '2026-04-30', note: '请说明事故名称' },
      { type: 'supplement_received', on: '2026-04-13' },
      { type: 'consultation_started', on: '2026-04-15', party: 'third_party' },
      { type: 'consultation_ended', on: '2026-04-22', consultationId: 'c4' },
      { type: 'closed', on: '2026-05-06', category: 'DISCLOSE', art36Item: 'DISCLOSE' },
    ];
    for (const [i, values] of steps.entries()) {
      const r = await recordDisclosureEvent(t.client, id, step(values), i + 1, actor, NOW);
      expect(r, JSON.stringify(values)).toMatchObject({ ok: true });
    }
    const c = await getDisclosureCase(t.client, id, TODAY);
    expect(c?.timeline.map((e) => `${e.seq}:${e.event.type}`)).toEqual([
      '1:received', '2:supplement_requested', '3:supplement_received', '4:consultation_started', '5:consultation_ended', '6:closed',
    ]);
    expect(c?.timeline[1]?.note).toBe('请说明事故名称');
    // Day 0 is the day the 补正 arrived; the 5 working days of consultation (16–22 April) do not count.
    expect(c?.clock.clockStartOn).toBe('2026-04-13');
    expect(c?.clock.dueDate).toBe(addWorkingDays('2026-04-13', 25).value);
    expect(c?.clock.consultations[0]?.pausedWorkingDays).toBe(5);
    expect(c?.clock.state).toBe('closed');
    expect(c?.clock.outcome?.categoryLabel).toBe('予以公开');
    const stored = await t.client.disclosureRequest.findUniqueOrThrow({ where: { id } });
    expect(stored).toMatchObject({ state: 'closed', closedOn: '2026-05-06', outcomeCategory: 'DISCLOSE', dueDate: c?.clock.dueDate, eventCount: 6 });

    const audit = (await auditRows()).map((r) => [r.action, JSON.parse(r.detailJson ?? '{}').type ?? null]);
    expect(audit).toEqual([
      ['disclosure.create', null],
      ['disclosure.event', 'supplement_requested'],
      ['disclosure.event', 'supplement_received'],
      ['disclosure.event', 'consultation_started'],
      ['disclosure.event', 'consultation_ended'],
      ['disclosure.event', 'closed'],
    ]);
  });

  test.each([
    ['a second 补正 before the first is answered', [{ type: 'supplement_requested', on: '2026-11-10' }], { type: 'supplement_requested', on: '2026-11-11' }, /一次性告知/],
    ['a step dated before the previous one', [{ type: 'supplement_requested', on: '2026-11-10' }], { type: 'supplement_received', on: '2026-11-09' }, /早于前一事件/],
    ['receiving a 补正 nobody asked for', [], { type: 'supplement_received', on: '2026-11-10' }, /没有待补正的告知/],
    ['ending a consultation that was never started', [], { type: 'consultation_ended', on: '2026-11-10', consultationId: 'c9' }, /没有进行中的征求意见/],
    ['a second extension', [{ type: 'extension_approved', on: '2026-11-10', workingDays: '10', approvedBy: '李主任', noticeSentOn: '2026-11-10' }], { type: 'extension_approved', on: '2026-11-11', workingDays: '5', approvedBy: '李主任', noticeSentOn: '2026-11-11' }, /不能再次延长/],
    ['a step after closing', [{ type: 'closed', on: '2026-11-10', category: 'REFUSE', reason: 'THIRD_PARTY', art36Item: 'REFUSE' }], { type: 'supplement_requested', on: '2026-11-11' }, /已于2026-11-10办结/],
  ] as const)('%s is refused, with the reason, and nothing is stored', async (_name, before, attempt, why) => {
    const id = await register({ channel: '当面', submittedOn: '2026-11-02' });
    for (const values of before) {
      okId(await recordDisclosureEvent(t.client, id, step(values), null, actor, NOW));
    }
    const eventsBefore = await eventCount();
    const auditBefore = (await auditRows()).length;
    const requestBefore = await t.client.disclosureRequest.findUniqueOrThrow({ where: { id } });
    const r = await recordDisclosureEvent(t.client, id, step(attempt), null, actor, NOW);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).toMatch(why);
      expect(r.message).toMatch(/^不能记录这一步：/);
    }
    expect(await eventCount()).toBe(eventsBefore);
    expect((await auditRows()).length).toBe(auditBefore);
    expect(await t.client.disclosureRequest.findUniqueOrThrow({ where: { id } })).toEqual(requestBefore);
  });

  test('an extension decided after the original due date is refused (art. 33)', async () => {
    const id = await register({ channel: '当面', submittedOn: '2026-09-01' });
    const r = await recordDisclosureEvent(t.client, id, step({ type: 'extension_approved', on: '2026-11-02', workingDays: '20', approvedBy: '李主任', noticeSentOn: '2026-11-02' }), null, actor, NOW);
    expect(r).toMatchObject({ ok: false });
    if (!r.ok) expect(r.message).toContain('期限届满后不能再延长');
  });

  test('a step shown on a stale page (someone else recorded one meanwhile) is refused', async () => {
    const id = await register({ channel: '当面', submittedOn: '2026-11-02' });
    okId(await recordDisclosureEvent(t.client, id, step({ type: 'supplement_requested', on: '2026-11-03' }), 1, actor, NOW));
    const r = await recordDisclosureEvent(t.client, id, step({ type: 'supplement_received', on: '2026-11-05' }), 1, actor, NOW);
    expect(r).toMatchObject({ ok: false, message: expect.stringContaining('已被他人更新') });
    expect(await eventCount()).toBe(2);
  });

  test('when the audit row cannot be written, the step is rolled back', async () => {
    const id = await register({ channel: '当面', submittedOn: '2026-11-02' });
    await failAuditInserts(t, 'audit store down');
    await expect(recordDisclosureEvent(t.client, id, step({ type: 'supplement_requested', on: '2026-11-03' }), 1, actor, NOW)).rejects.toThrow(/audit store down/);
    expect(await eventCount()).toBe(1);
    expect((await t.client.disclosureRequest.findUniqueOrThrow({ where: { id } })).state).toBe('in_progress');
  });
});

describe('the list', () => {
  test('open cases by due date (overdue first), those awaiting 补正 next, closed ones last; filters', async () => {
    const late = await register({ channel: '当面', submittedOn: '2026-09-01' }); // due 2026-09-29 + 国庆 → overdue
    const soon = await register({ channel: '当面', submittedOn: '2026-10-29' });
    const fresh = await register({ channel: '当面', submittedOn: '2026-11-24' });
    const waiting = await register({ channel: '当面', submittedOn: '2026-11-16' });
    okId(await recordDisclosureEvent(t.client, waiting, step({ type: 'supplement_requested', on: '2026-11-18' }), 1, actor, NOW));
    const closed = await register({ channel: '当面', submittedOn: '2026-08-03' });
    okId(await recordDisclosureEvent(t.client, closed, step({ type: 'closed', on: '2026-08-20', category: 'DISCLOSE', art36Item: 'DISCLOSE' }), 1, actor, NOW));
    const old = await register({ channel: '当面', submittedOn: '2025-12-22' });

    const all = await listDisclosureRequests(t.client, {}, TODAY);
    expect(all.rows.map((r) => r.id)).toEqual([old, late, soon, fresh, waiting, closed]);
    expect(all.rows.map((r) => r.sla)).toEqual(['black', 'black', 'red', 'green', 'none', 'none']);
    const soonRow = all.rows[2];
    expect(soonRow?.workingDaysLeft).toBe(workingDaysBetween(TODAY, soonRow?.dueDate ?? '').value);
    expect(soonRow?.workingDaysLeft).toBeLessThanOrEqual(2);
    expect(all.years).toEqual([2026, 2025]);

    expect((await listDisclosureRequests(t.client, { overdueOnly: true }, TODAY)).rows.map((r) => r.id)).toEqual([old, late]);
    expect((await listDisclosureRequests(t.client, { state: 'closed' }, TODAY)).rows.map((r) => r.id)).toEqual([closed]);
    expect((await listDisclosureRequests(t.client, { state: 'awaiting_supplement' }, TODAY)).rows.map((r) => r.id)).toEqual([waiting]);
    expect((await listDisclosureRequests(t.client, { state: 'in_progress' }, TODAY)).rows.map((r) => r.id)).toEqual([old, late, soon, fresh]);
    expect((await listDisclosureRequests(t.client, { year: 2025 }, TODAY)).rows.map((r) => r.id)).toEqual([old]);
  });
});

describe('the yearly statistics from stored data', () => {
  test('new, carried in, results by category and reason, carried out; the report check holds', async () => {
    // Received in 2025, closed in 2026: carried into 2026.
    const carried = await register({ channel: '当面', submittedOn: '2025-12-22', applicantType: 'commercial' }, new Date('2025-12-22T02:00:00Z'));
    okId(await recordDisclosureEvent(t.client, carried, step({ type: 'closed', on: '2026-01-08', category: 'REFUSE', reason: 'THIRD_PARTY', art36Item: 'REFUSE' }), 1, actor, NOW));
    const a = await register({ channel: '当面', submittedOn: '2026-03-02' });
    okId(await recordDisclosureEvent(t.client, a, step({ type: 'closed', on: '2026-03-10', category: 'DISCLOSE', art36Item: 'DISCLOSE' }), 1, actor, NOW));
    const b = await register({ channel: '网络', confirmedOn: '2026-05-11', applicantType: 'legal_service' });
    okId(await recordDisclosureEvent(t.client, b, step({ type: 'closed', on: '2026-05-20', category: 'UNABLE', reason: 'NOT_HELD', art36Item: 'NOT_EXIST' }), 1, actor, NOW));
    const c = await register({ channel: '当面', submittedOn: '2026-06-01' });
    okId(await recordDisclosureEvent(t.client, c, step({ type: 'supplement_requested', on: '2026-06-03' }), 1, actor, NOW));
    okId(await recordDisclosureEvent(t.client, c, step({ type: 'supplement_abandoned', on: '2026-06-30' }), 2, actor, NOW));
    await register({ channel: '当面', submittedOn: '2026-11-20' }); // open at year end
    okId(await recordDisclosureReview(t.client, a, { kind: 'review', filedOn: '2026-04-01', result: 'upheld', decidedOn: '2026-05-30' }, actor, NOW));

    const s = await getDisclosureYearStats(t.client, 2026);
    const total = (key: string) => s.rows.find((r) => r.key === key)?.counts?.total;
    expect(total('new')).toBe(4);
    expect(total('carried_in')).toBe(1);
    expect(total('DISCLOSE')).toBe(1);
    expect(total('REFUSE.THIRD_PARTY')).toBe(1);
    expect(s.rows.find((r) => r.key === 'REFUSE')?.counts?.commercial).toBe(1);
    expect(total('UNABLE.NOT_HELD')).toBe(1);
    expect(s.rows.find((r) => r.key === 'UNABLE.NOT_HELD')?.counts?.legal_service).toBe(1);
    expect(total('OTHER.NO_SUPPLEMENT')).toBe(1);
    expect(total('results_total')).toBe(4);
    expect(total('carried_out')).toBe(1);
    expect(s.check).toEqual({ ok: true, failures: [] });
    expect(s.reviewRows.find((r) => r.kind === 'review')?.counts).toMatchObject({ upheld: 1, total: 1 });

    const s2025 = await getDisclosureYearStats(t.client, 2025);
    expect(s2025.rows.find((r) => r.key === 'carried_out')?.counts?.commercial).toBe(1);
    expect(s2025.check.ok).toBe(true);
  });
});
