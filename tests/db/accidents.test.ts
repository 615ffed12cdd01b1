/**
 * 事故信息公开 on a real SQLite file: a case created from an event's facts, entries stored in
 * order with the summary columns recomputed in the same transaction, audit rows in that transaction
 * (a failing audit store rolls the change back), a stale version refused, an impossible entry
 * refused with nothing stored, a published Release of the event counted as a rescue release, the
 * worker's daily refresh, and the responsible-enterprise list with early removal.
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  createAccidentCase,
  createEnterpriseListing,
  getAccidentCase,
  getAccidentCaseForEvent,
  getEventFactsForAccident,
  listAccidentCases,
  listEnterpriseListings,
  recordAccidentEntry,
  refreshAccidentCases,
  removeEnterpriseListing,
  searchAuditLog,
  verifyAuditChain,
} from '@/lib/db';
import type { AccidentActor, AccidentWriteResult } from '@/lib/db';
import { parseCaseForm, parseEntryForm, parseListingForm, toShanghaiLocalInput } from '@/lib/workflow/accident-form';
import type { CaseInput, EntryInput, FormValues } from '@/lib/workflow/accident-form';
import { createTestDb, dropTrigger, failAuditInserts } from '../helpers/test-db';
import type { TestDb } from '../helpers/test-db';

/** 2026-04-10 12:00 Beijing time. */
const NOW = new Date('2026-04-10T04:00:00Z');
const actor: AccidentActor = {
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

async function makeEvent(): Promise<number> {
  const e = await t.client.event.create({
    data: {
      title: '澄河市北坪煤矿透水事故',
      firstSeenAt: new Date('2026-03-02T06:30:00+08:00'),
      lastSeenAt: new Date('2026-03-03T10:00:00+08:00'),
      accidentTypeCode: '12',
      accidentType: '透水',
      province: '演示省',
      city: '澄河市',
      deaths: 12,
      injuries: 3,
      missing: 2,
      grade: '重大',
      fingerprintsJson: '[]',
    },
  });
  return e.id;
}

function entry(values: FormValues, now = NOW): EntryInput {
  const r = parseEntryForm(values, now);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
}

function ok(r: AccidentWriteResult): number {
  if (!r.ok) throw new Error(r.message);
  return r.id;
}

async function caseFromEvent(eventId: number): Promise<number> {
  const facts = await getEventFactsForAccident(t.client, eventId);
  if (!facts) throw new Error('no event');
  const form = parseCaseForm(
    {
      eventId: String(eventId),
      title: facts.title,
      occurredAt: toShanghaiLocalInput(facts.occurredAt),
      province: facts.province ?? '',
      city: facts.city ?? '',
      accidentType: facts.accidentType ?? '',
      accidentTypeCode: facts.accidentTypeCode ?? '',
      grade: facts.grade ?? '',
      deaths: String(facts.deaths ?? ''),
      injuries: String(facts.injuries ?? ''),
      missing: String(facts.missing ?? ''),
    },
    NOW,
  );
  if (!form.ok) throw new Error(JSON.stringify(form.errors));
  return ok(await createAccidentCase(t.client, form.value, actor, NOW));
}

async function version(id: number): Promise<number> {
  return (await t.client.accidentCase.findUniqueOrThrow({ where: { id } })).version;
}

describe('creating a case', () => {
  test('from an event: its facts prefill the case (first report as the accident time); audited; one case per event', async () => {
    const eventId = await makeEvent();
    const facts = await getEventFactsForAccident(t.client, eventId);
    expect(facts).toMatchObject({ title: '澄河市北坪煤矿透水事故', grade: '重大', deaths: 12, missing: 2, existingCaseId: null });
    expect(toShanghaiLocalInput(facts!.occurredAt)).toBe('2026-03-02T06:30');
    const id = await caseFromEvent(eventId);
    const row = await t.client.accidentCase.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ eventId, grade: '重大', state: 'open', reportDueOn: '2026-05-01', version: 1, rescueReleaseCount: 0 });
    // 40 days after the accident: first release and follow-up overdue, the report still due.
    expect(row.overdueDuties).toBe(2);
    const audit = (await searchAuditLog(t.client, { action: 'accident.create' }, { limit: 10 })).rows;
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ objectId: String(id), actor: 'user:press' });

    const second = await createAccidentCase(t.client, (parseCaseForm({ eventId: String(eventId), title: 'x', occurredAt: '2026-03-02T06:30' }, NOW) as { ok: true; value: CaseInput }).value, actor, NOW);
    expect(second).toEqual({ ok: false, message: `该事件已建立事故信息公开台账（编号 ${id}）` });
    expect((await getEventFactsForAccident(t.client, eventId))?.existingCaseId).toBe(id);
    expect(await getAccidentCaseForEvent(t.client, eventId, NOW)).toMatchObject({ id, state: 'open', overdueDuties: 2 });
  });

  test('by hand, without an event; an unknown event is refused', async () => {
    const form = parseCaseForm({ title: '某化工厂爆炸', occurredAt: '2026-04-01T09:15', grade: '较大' }, NOW);
    if (!form.ok) throw new Error(JSON.stringify(form.errors));
    const id = ok(await createAccidentCase(t.client, form.value, actor, NOW));
    expect((await getAccidentCase(t.client, id, NOW))?.status.report.dueOn).toBe('2026-05-31');
    const unknown = await createAccidentCase(t.client, { ...form.value, eventId: 999 }, actor, NOW);
    expect(unknown).toEqual({ ok: false, message: '所关联的事件不存在', field: 'eventId' });
  });
});

describe('recording entries', () => {
  test('entries are stored, the summary columns recomputed and the version bumped, each with its audit row', async () => {
    const id = await caseFromEvent(await makeEvent());
    ok(await recordAccidentEntry(t.client, id, entry({ type: 'rescue_release', at: '2026-03-02T10:00', title: '首报' }), 1, actor, NOW));
    ok(await recordAccidentEntry(t.client, id, entry({ type: 'rescue_ended', at: '2026-03-04T08:00' }), 2, actor, NOW));
    ok(await recordAccidentEntry(t.client, id, entry({ type: 'extension_approved', on: '2026-04-08', days: '30', approvedBy: '演示省人民政府', documentNo: '演政函〔2026〕5号' }), 3, actor, NOW));
    const row = await t.client.accidentCase.findUniqueOrThrow({ where: { id } });
    // No follow-up between the first release and the end of rescue (46 h): done late, not overdue.
    expect(row).toMatchObject({ version: 4, reportDueOn: '2026-05-31', rescueReleaseCount: 1, overdueDuties: 0, openDuties: 5 });
    expect((await getAccidentCase(t.client, id, NOW))?.status.duties.find((d) => d.id === 'follow_up')?.state).toBe('done_late');
    expect(row.lastRescueReleaseAt?.toISOString()).toBe('2026-03-02T02:00:00.000Z');
    const entries = await t.client.accidentCaseEntry.findMany({ where: { caseId: id }, orderBy: { seq: 'asc' } });
    expect(entries.map((e) => [e.seq, e.type, e.occurredOn, e.recordedByName])).toEqual([
      [1, 'rescue_release', '2026-03-02T10:00:00+08:00', '值班员甲'],
      [2, 'rescue_ended', '2026-03-04T08:00:00+08:00', '值班员甲'],
      [3, 'extension_approved', '2026-04-08', '值班员甲'],
    ]);
    const audit = (await searchAuditLog(t.client, { action: 'accident.entry' }, { limit: 10 })).rows;
    expect(audit.map((a) => (JSON.parse(a.detailJson ?? '{}') as { type?: string }).type).sort()).toEqual(['extension_approved', 'rescue_ended', 'rescue_release']);
    expect((await verifyAuditChain(t.client)).ok).toBe(true);
  });

  test('a stale version is refused and stores nothing', async () => {
    const id = await caseFromEvent(await makeEvent());
    ok(await recordAccidentEntry(t.client, id, entry({ type: 'note', on: '2026-04-01', text: '调查组进驻' }), 1, actor, NOW));
    const stale = await recordAccidentEntry(t.client, id, entry({ type: 'report_submitted', on: '2026-04-05' }), 1, actor, NOW);
    expect(stale).toEqual({ ok: false, message: '该台账已被他人更新，请刷新页面查看最新情况后再操作' });
    expect(await t.client.accidentCaseEntry.count({ where: { caseId: id } })).toBe(1);
    expect(await version(id)).toBe(2);
  });

  test('an impossible entry is refused with the replay’s reason; nothing stored, no audit row', async () => {
    const id = await caseFromEvent(await makeEvent());
    ok(await recordAccidentEntry(t.client, id, entry({ type: 'extension_approved', on: '2026-04-01', days: '10', approvedBy: '省政府', documentNo: 'A1' }), 1, actor, NOW));
    const second = await recordAccidentEntry(t.client, id, entry({ type: 'extension_approved', on: '2026-04-02', days: '10', approvedBy: '省政府', documentNo: 'A2' }), 2, actor, NOW);
    expect(second).toEqual({ ok: false, message: '不能记录：批准延长调查期限（2026-04-02）：调查期限已于2026-04-01延长过一次，第29条只允许延长一次' });
    const closure = await recordAccidentEntry(t.client, id, entry({ type: 'closure_approved', on: '2026-04-03', documentNo: 'P1' }), 2, actor, NOW);
    expect(closure.ok).toBe(false);
    expect(await t.client.accidentCaseEntry.count({ where: { caseId: id } })).toBe(1);
    expect(await version(id)).toBe(2);
    expect((await searchAuditLog(t.client, { action: 'accident.entry' }, { limit: 10 })).rows).toHaveLength(1);
  });

  test('when the audit row cannot be written, the entry and the recomputed columns are rolled back', async () => {
    const id = await caseFromEvent(await makeEvent());
    await failAuditInserts(t);
    await expect(recordAccidentEntry(t.client, id, entry({ type: 'report_submitted', on: '2026-04-05' }), 1, actor, NOW)).rejects.toThrow(/audit store down/);
    for (const sql of dropTrigger(t, 'test_audit_down', 'AuditLog')) await t.client.$executeRawUnsafe(sql);
    expect(await t.client.accidentCaseEntry.count()).toBe(0);
    expect(await t.client.accidentCase.findUniqueOrThrow({ where: { id } })).toMatchObject({ version: 1, state: 'open' });
  });
});

describe('published Releases count as rescue releases', () => {
  test('a published first_report of the event fulfils the first release; drafts and other kinds do not count', async () => {
    const eventId = await makeEvent();
    const id = await caseFromEvent(eventId);
    const release = (kind: string, state: string, publishedAt: Date | null) =>
      t.client.release.create({
        data: { kind, eventId, title: `${kind}-${state}`, body: '正文', state, publishedAt, createdAt: NOW, createdBy: 'press', createdByName: '值班员甲', updatedAt: NOW },
      });
    await release('follow_up', 'draft', null);
    await release('investigation', 'published', new Date('2026-03-02T09:00:00+08:00'));
    let detail = await getAccidentCase(t.client, id, NOW);
    expect(detail?.status.rescue.releases).toEqual([]);
    const published = await release('first_report', 'published', new Date('2026-03-02T10:00:00+08:00'));
    detail = await getAccidentCase(t.client, id, NOW);
    expect(detail?.status.rescue.releases.map((r) => [r.origin, r.releaseId])).toEqual([['release', published.id]]);
    expect(detail?.status.duties.find((d) => d.id === 'first_release')?.state).toBe('done');

    // The stored columns catch up at the next write, or at the worker's daily refresh without one.
    expect((await t.client.accidentCase.findUniqueOrThrow({ where: { id } })).rescueReleaseCount).toBe(0);
    expect(await refreshAccidentCases(t.client, NOW)).toEqual({ checked: 1, updated: 1 });
    const row = await t.client.accidentCase.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ rescueReleaseCount: 1, overdueDuties: 1, version: 1 });
    expect(await refreshAccidentCases(t.client, NOW)).toEqual({ checked: 1, updated: 0 });
  });
});

describe('the list and the daily refresh', () => {
  test('overdue counts move with time: refresh updates them without a write; the list sorts by urgency and filters', async () => {
    const earlier = new Date('2026-03-02T10:00:00+08:00');
    const a = ok(await createAccidentCase(t.client, { eventId: null, title: '甲事故', occurredAt: new Date('2026-03-02T06:30:00+08:00'), province: null, city: null, enterprise: null, accidentTypeCode: null, accidentType: null, grade: '一般', deaths: 1, injuries: null, missing: null }, actor, earlier));
    const b = ok(await createAccidentCase(t.client, { eventId: null, title: '乙事故', occurredAt: new Date('2026-04-01T08:00:00+08:00'), province: null, city: null, enterprise: null, accidentTypeCode: null, accidentType: null, grade: '一般', deaths: 2, injuries: null, missing: null }, actor, NOW));
    expect((await t.client.accidentCase.findUniqueOrThrow({ where: { id: a } })).overdueDuties).toBe(0);
    const may2 = new Date('2026-05-02T04:00:00Z');
    expect(await refreshAccidentCases(t.client, may2)).toEqual({ checked: 2, updated: 1 });
    expect((await t.client.accidentCase.findUniqueOrThrow({ where: { id: a } })).overdueDuties).toBe(1);
    const list = await listAccidentCases(t.client, 'open', 'urgency', may2);
    expect(list.rows.map((r) => r.id)).toEqual([a, b]);
    expect(list.rows[0]).toMatchObject({ overdue: ['提交事故调查报告'], reportDueOn: '2026-05-01', daysSinceAccident: 61 });
    expect((await listAccidentCases(t.client, 'overdue', 'urgency', may2)).rows.map((r) => r.id)).toEqual([a]);
    expect((await listAccidentCases(t.client, 'open', 'recent', may2)).rows.map((r) => r.id)).toEqual([b, a]);
    expect((await listAccidentCases(t.client, 'closed', 'urgency', may2)).rows).toEqual([]);
  });
});

describe('严重失信主体名单', () => {
  test('listed for 3 years; early removal refused before 12 months, then recorded with its reason; audited', async () => {
    const id = await caseFromEvent(await makeEvent());
    const form = parseListingForm({ caseId: String(id), enterprise: '澄河煤业有限公司', grounds: '发生重大生产安全事故，负有责任', decisionNo: '演应急失信〔2026〕1号', listedOn: '2026-04-08' }, NOW);
    if (!form.ok) throw new Error(JSON.stringify(form.errors));
    const listingId = ok(await createEnterpriseListing(t.client, form.value, actor, NOW));
    expect(await t.client.enterpriseListing.findUniqueOrThrow({ where: { id: listingId } })).toMatchObject({ expiresOn: '2029-04-08', earlyRemovalFrom: '2027-04-08' });
    const again = await createEnterpriseListing(t.client, form.value, actor, NOW);
    expect(again).toEqual({ ok: false, message: '该企业已在名单中（2026-04-08 列入）', field: 'enterprise' });

    const early = await removeEnterpriseListing(t.client, { listingId, removedOn: '2026-04-09', reason: '整改完成' }, actor, NOW);
    expect(early).toEqual({ ok: false, message: '列入满12个月（2027-04-08）后方可提前移出（应急管理部令第11号）', field: 'removedOn' });
    const later = new Date('2027-05-01T04:00:00Z');
    ok(await removeEnterpriseListing(t.client, { listingId, removedOn: '2027-04-30', reason: '信用修复，申请提前移出获准' }, actor, later));
    const rows = await listEnterpriseListings(t.client, later);
    expect(rows[0]).toMatchObject({ status: 'removed', removedOn: '2027-04-30', removalReason: '信用修复，申请提前移出获准', caseTitle: '澄河市北坪煤矿透水事故' });
    expect((await getAccidentCase(t.client, id, later))?.listings).toHaveLength(1);
    const audit = (await searchAuditLog(t.client, { action: 'accident.listing' }, { limit: 10 })).rows;
    expect(audit.map((a) => (JSON.parse(a.detailJson ?? '{}') as { op?: string }).op).sort()).toEqual(['list', 'remove']);
  });
});
