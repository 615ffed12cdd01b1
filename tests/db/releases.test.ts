/**
 * 发布 on a real SQLite file: the full flow (draft → submit → 保密审查 with redactions → 签发 →
 * publish → withdraw) with every step stored, audited in the same transaction and shown on the
 * public channel only once published; the reviewer may be neither the drafter nor an editor (one
 * account holding both roles is refused); an edit after clearance or signing voids both; a stale
 * version, an illegal step, a submission with a blocking finding (a phone number, a death toll that
 * disagrees with the latest official one) and a publication without a matching clearance are
 * refused with nothing stored; the reaction tracking reads the event's hourly rollups and the first
 * pickup per source.
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  applyReleaseStep,
  createRelease,
  getPublicRelease,
  getRelease,
  listEventReleases,
  listPublicReleases,
  listReleases,
  releaseDraftContext,
  releaseForecast,
  releaseTracking,
  verifyAuditChain,
} from '@/lib/db';
import type { ReleaseActor, ReleaseWriteResult } from '@/lib/db';
import type { Role } from '@/lib/auth/roles';
import { parseStepForm } from '@/lib/releases/forms';
import { draftRelease } from '@/lib/releases/templates';
import { releaseTextHash } from '@/lib/releases/workflow';
import { createTestDb, failAuditInserts as failAuditStore } from '../helpers/test-db';
import type { TestDb } from '../helpers/test-db';

const HOUR = 3_600_000;
const NOW = new Date('2026-11-25T04:00:00Z');
let t: TestDb;

function who(username: string, name: string, roles: Role[]): ReleaseActor {
  return { username, name, roles, audit: { actor: `user:${username}`, role: roles.join(','), clientIp: '10.0.0.1', requestId: `r-${username}` } };
}
const writer = who('writer', '撰稿人甲', ['drafter']);
const editor = who('press', '值班员乙', ['press_officer']);
const checker = who('checker', '审查员丙', ['reviewer']);
const both = who('dual', '兼任丁', ['drafter', 'reviewer']);
const boss = who('boss', '领导戊', ['leader']);

const TITLE = '关于山西省临汾市某煤矿透水事故后续工作进展情况的通报';
const BODY = [
  '2026年11月20日8时许，山西省临汾市某煤业有限公司发生一起透水事故。现将后续工作进展情况通报如下：',
  '目前，善后处置工作正在有序开展，井下三区排水工作持续进行，全省煤矿安全大检查已经启动。',
  '后续进展将持续发布。',
  '临汾市应急管理局',
].join('\n');

let eventId = 0;

beforeEach(async () => {
  t = await createTestDb();
  await t.client.source.create({ data: { id: 'gov', name: '临汾市应急管理局', url: 'https://yjj.example.gov.cn/', kind: 'rss', category: 'official' } });
  await t.client.source.create({ data: { id: 'news', name: '某新闻网', url: 'https://news.example.com/', kind: 'rss', category: 'local_media' } });
  await t.client.source.create({ data: { id: 'bbs', name: '某论坛', url: 'https://bbs.example.com/', kind: 'rss', category: 'forum_social' } });
  const e = await t.client.event.create({
    data: { title: '临汾某煤矿透水', firstSeenAt: new Date(NOW.getTime() - 48 * HOUR), lastSeenAt: NOW, accidentType: '透水', grade: '较大', province: '山西省', city: '临汾市', fingerprintsJson: '[]' },
  });
  eventId = e.id;
  // The latest official figure: 3 dead (an earlier official report said 2).
  await item('gov', '某煤矿透水事故造成2人死亡', new Date(NOW.getTime() - 40 * HOUR), { deaths: 2, official: true });
  await item('gov', '某煤矿透水事故已造成3人死亡', new Date(NOW.getTime() - 30 * HOUR), { deaths: 3, official: true });
});
afterEach(async () => {
  await t.cleanup();
});

let n = 0;
async function item(sourceId: string, title: string, at: Date, opts: { deaths?: number; official?: boolean } = {}): Promise<number> {
  n += 1;
  const it = await t.client.item.create({ data: { sourceId, itemHash: `h${n}`, contentHash: `c${n}`, title, url: `https://${sourceId}.example.com/${n}.html`, publishedAt: at, fetchedAt: at, sortAt: at } });
  await t.client.itemAnalysis.create({
    data: {
      itemId: it.id, lexiconVersion: 1, analysedAt: at, sentiment: -0.5, label: 'negative', risk: 40, sensitivity: 'none', officialVoice: opts.official ?? false,
      cuesJson: '[]', riskJson: '[]', factsJson: '{}', simhash: '0', minhash: '[]', sortAt: at, eventId, deaths: opts.deaths ?? null,
    },
  });
  return it.id;
}

async function draft(actor = writer, body = BODY): Promise<number> {
  const r = await createRelease(t.client, { kind: 'positive_update', eventId, title: TITLE, body }, actor, NOW);
  if (!r.ok) throw new Error(r.message);
  return r.id;
}

let minute = 0;
async function step(id: number, values: Record<string, string>, actor: ReleaseActor, expected?: number): Promise<ReleaseWriteResult> {
  const r = await t.client.release.findUniqueOrThrow({ where: { id } });
  const parsed = parseStepForm({ releaseId: String(id), expectedVersion: String(expected ?? r.version), ...values });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  minute += 1;
  return applyReleaseStep(t.client, id, parsed.value.step, parsed.value.expectedVersion, actor, new Date(NOW.getTime() + minute * 60_000));
}

async function stored(id: number) {
  const [release, steps, reviews, audits] = await Promise.all([
    t.client.release.findUniqueOrThrow({ where: { id } }),
    t.client.releaseStep.count({ where: { releaseId: id } }),
    t.client.secrecyReview.count({ where: { releaseId: id } }),
    t.client.auditLog.count(),
  ]);
  return { release, steps, reviews, audits };
}

async function auditActions(id: number): Promise<string[]> {
  const rows = await t.client.auditLog.findMany({ where: { objectType: 'release', objectId: String(id) }, orderBy: { id: 'asc' } });
  return rows.map((r) => `${r.action}:${r.actor}`);
}

describe('drafting', () => {
  test('the event context prefills a template with the latest official figures', async () => {
    const ctx = await releaseDraftContext(t.client, eventId);
    expect(ctx?.official.figures).toEqual({ deaths: 3 });
    const d = draftRelease('first_report', ctx!.facts);
    expect(d.text).toContain('3人死亡');
    expect(d.text).toContain('山西省临汾市');
    expect(await releaseDraftContext(t.client, 99999)).toBeNull();
  });

  test('a draft is stored with its checks, one step and one audit row; an unknown event is refused', async () => {
    const id = await draft();
    const r = await getRelease(t.client, id);
    expect(r).toMatchObject({ state: 'draft', kind: 'positive_update', eventId, eventTitle: '临汾某煤矿透水', createdBy: 'writer', version: 1, authors: ['writer'] });
    expect(r?.storedChecks.blocked).toBe(false);
    expect(r?.figures.figures).toEqual({ deaths: 3 });
    expect(r?.steps.map((s) => s.action)).toEqual(['create']);
    expect(await auditActions(id)).toEqual(['release.create:user:writer']);
    expect(await createRelease(t.client, { kind: 'follow_up', eventId: 99999, title: '标题', body: '正文' }, writer, NOW)).toEqual({ ok: false, message: '该事件不存在', field: 'eventId' });
    expect(await createRelease(t.client, { kind: 'follow_up', eventId: null, title: '标题', body: '正文' }, checker, NOW)).toMatchObject({ ok: false });
    expect(await t.client.release.count()).toBe(1);
  });
});

describe('the full flow', () => {
  test('draft → submit → clear with a redaction → sign → publish → withdraw; each step audited; public only once published', async () => {
    const id = await draft();
    expect(await getPublicRelease(t.client, id)).toBeNull();
    expect(await step(id, { op: 'submit' }, writer)).toMatchObject({ ok: true, state: 'in_review' });
    expect(await step(id, { op: 'clear', redactions: '井下三区｜涉及生产布局', opinion: '删去井下位置后可以公开' }, checker)).toMatchObject({ ok: true, state: 'cleared' });

    const cleared = await getRelease(t.client, id);
    expect(cleared?.body).toContain('■■■■排水工作');
    expect(cleared?.body).not.toContain('井下三区');
    expect(cleared?.clearedHash).toBe(releaseTextHash(cleared!.title, cleared!.body));
    expect(cleared?.reviews).toHaveLength(1);
    expect(cleared?.reviews[0]).toMatchObject({ result: 'cleared_with_redactions', redactions: [{ text: '井下三区', reason: '涉及生产布局' }], reviewer: 'checker', textHash: cleared?.clearedHash });

    expect(await step(id, { op: 'approve', note: '同意发布' }, boss)).toMatchObject({ ok: true, state: 'approved' });
    expect(await step(id, { op: 'publish' }, editor)).toMatchObject({ ok: true, state: 'published' });
    const pub = await getPublicRelease(t.client, id);
    expect(pub).toMatchObject({ id, title: TITLE, withdrawnAt: null });
    expect(Object.keys(pub!).sort()).toEqual(['body', 'id', 'kind', 'publishedAt', 'title', 'withdrawReason', 'withdrawnAt']);
    expect((await listPublicReleases(t.client)).map((r) => r.id)).toEqual([id]);

    expect(await step(id, { op: 'withdraw', reason: '数字有误，更正后重新发布' }, writer)).toMatchObject({ ok: true, state: 'withdrawn' });
    // Withdrawn is still public, with the date and the reason.
    expect(await getPublicRelease(t.client, id)).toMatchObject({ id, withdrawReason: '数字有误，更正后重新发布' });
    expect((await getPublicRelease(t.client, id))?.withdrawnAt).toBeInstanceOf(Date);

    const r = await getRelease(t.client, id);
    expect(r?.steps.map((s) => [s.seq, s.action, s.fromState, s.toState, s.actor])).toEqual([
      [1, 'create', null, 'draft', 'writer'],
      [2, 'submit', 'draft', 'in_review', 'writer'],
      [3, 'clear', 'in_review', 'cleared', 'checker'],
      [4, 'approve', 'cleared', 'approved', 'boss'],
      [5, 'publish', 'approved', 'published', 'press'],
      [6, 'withdraw', 'published', 'withdrawn', 'writer'],
    ]);
    expect(await auditActions(id)).toEqual([
      'release.create:user:writer',
      'release.submit:user:writer',
      'release.clear:user:checker',
      'release.approve:user:boss',
      'release.publish:user:press',
      'release.withdraw:user:writer',
    ]);
    expect((await verifyAuditChain(t.client)).ok).toBe(true);
    expect((await listReleases(t.client, { state: 'withdrawn' })).rows.map((x) => x.id)).toEqual([id]);
    expect((await listReleases(t.client, { state: 'all' })).counts.withdrawn).toBe(1);
    expect((await listEventReleases(t.client, eventId)).map((x) => x.id)).toEqual([id]);
  });

  test('return with an opinion, edit, resubmit; the leader rejects and the text is reviewed again', async () => {
    const id = await draft();
    await step(id, { op: 'submit' }, writer);
    expect(await step(id, { op: 'return', opinion: '请删去井下位置' }, checker)).toMatchObject({ ok: true, state: 'returned' });
    expect((await getRelease(t.client, id))?.reviews[0]).toMatchObject({ result: 'returned', opinion: '请删去井下位置' });
    expect(await step(id, { op: 'edit', title: TITLE, body: BODY.replace('井下三区', '') }, writer)).toMatchObject({ ok: true, state: 'draft' });
    await step(id, { op: 'submit' }, writer);
    await step(id, { op: 'clear' }, checker);
    expect(await step(id, { op: 'reject', opinion: '请补充善后进展' }, boss)).toMatchObject({ ok: true, state: 'returned' });
    const r = await getRelease(t.client, id);
    expect(r).toMatchObject({ state: 'returned', clearedHash: null, approvedHash: null });
    // Resubmitted without change: reviewed again before anyone can sign.
    expect(await step(id, { op: 'approve' }, boss)).toMatchObject({ ok: false });
    expect(await step(id, { op: 'submit' }, writer)).toMatchObject({ ok: true, state: 'in_review' });
  });
});

describe('who may review', () => {
  test('an account holding both drafter and reviewer roles may not review its own draft, nor one it edited', async () => {
    const own = await draft(both);
    await step(own, { op: 'submit' }, both);
    const before = await stored(own);
    const r = await step(own, { op: 'clear' }, both);
    expect(r).toEqual({ ok: false, message: '不能保密审查通过：保密审查须由起草和修改稿件以外的人员进行：您起草或修改过本稿，不能审查自己的稿件' });
    expect(await step(own, { op: 'return', opinion: '自己退回' }, both)).toMatchObject({ ok: false });
    expect(await stored(own)).toEqual(before);

    // Drafted by someone else but edited by the dual-role account: still refused.
    const edited = await draft(writer);
    expect(await step(edited, { op: 'edit', title: TITLE, body: BODY.replace('持续发布', '及时发布') }, both)).toMatchObject({ ok: true });
    await step(edited, { op: 'submit' }, writer);
    expect(await step(edited, { op: 'clear' }, both)).toMatchObject({ ok: false });
    // Someone else's untouched draft: the same account may review it.
    const other = await draft(writer);
    await step(other, { op: 'submit' }, writer);
    expect(await step(other, { op: 'clear' }, both)).toMatchObject({ ok: true, state: 'cleared' });
  });
});

describe('refusals store nothing', () => {
  test('an edit after clearance or signing voids both and goes back to draft; publishing then is refused', async () => {
    const id = await draft();
    await step(id, { op: 'submit' }, writer);
    await step(id, { op: 'clear' }, checker);
    await step(id, { op: 'approve' }, boss);
    expect(await step(id, { op: 'edit', title: TITLE, body: BODY.replace('持续发布', '及时发布') }, editor)).toMatchObject({ ok: true, state: 'draft' });
    const r = await getRelease(t.client, id);
    expect(r).toMatchObject({ state: 'draft', clearedHash: null, approvedHash: null, authors: ['writer', 'press'] });
    expect(r?.steps.at(-1)?.detail.voided).toEqual(['clearance', 'approval']);
    const before = await stored(id);
    expect(await step(id, { op: 'publish' }, editor)).toMatchObject({ ok: false, message: '不能发布：稿件草稿，只有已签发的稿件才能发布' });
    expect(await step(id, { op: 'approve' }, boss)).toMatchObject({ ok: false });
    expect(await stored(id)).toEqual(before);
  });

  test('publish is refused without a cleared review of the current text, even if the row says approved', async () => {
    const id = await draft();
    await step(id, { op: 'submit' }, writer);
    await step(id, { op: 'clear' }, checker);
    await step(id, { op: 'approve' }, boss);
    // A text changed behind the workflow's back (e.g. by hand in the database): hashes no longer match.
    await t.client.release.update({ where: { id }, data: { body: `${BODY}（改）` } });
    const before = await stored(id);
    expect(await step(id, { op: 'publish' }, editor)).toEqual({ ok: false, message: '不能发布：签发的不是当前文本，须重新送审和签发' });
    // Approved hash matching but the review record for another text.
    const hash = releaseTextHash(TITLE, `${BODY}（改）`);
    await t.client.release.update({ where: { id }, data: { approvedHash: hash, clearedHash: hash } });
    expect(await step(id, { op: 'publish' }, editor)).toEqual({ ok: false, message: '不能发布：没有针对当前文本的保密审查通过记录，不能发布' });
    expect((await stored(id)).steps).toBe(before.steps);
    expect((await stored(id)).audits).toBe(before.audits);
    expect(await getPublicRelease(t.client, id)).toBeNull();
  });

  test('a stale version is refused and nothing stored', async () => {
    const id = await draft();
    const before = await stored(id);
    await expect(step(id, { op: 'submit' }, writer, 7)).resolves.toEqual({ ok: false, message: '该稿件已被他人更新，请刷新页面查看最新内容后再操作' });
    expect(await stored(id)).toEqual(before);
  });

  test('illegal steps and wrong roles are refused and nothing stored', async () => {
    const id = await draft();
    const before = await stored(id);
    for (const [values, actor] of [
      [{ op: 'clear' }, checker],
      [{ op: 'approve' }, boss],
      [{ op: 'publish' }, writer],
      [{ op: 'withdraw', reason: '测试' }, writer],
      [{ op: 'submit' }, checker],
      [{ op: 'submit' }, boss],
    ] as const) {
       
      const r = await step(id, values, actor);
      expect(r.ok).toBe(false);
    }
    expect(await stored(id)).toEqual(before);
  });

  test('a phone number or a death toll that disagrees with the latest official one blocks submission', async () => {
    const phone = await draft(writer, BODY.replace('后续进展将持续发布。', '后续进展将持续发布。家属可联系13812345678。'));
    expect((await getRelease(t.client, phone))?.storedChecks.blocked).toBe(true);
    const before = await stored(phone);
    const r = await step(phone, { op: 'submit' }, writer);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain('含手机号码（138****5678）');
    expect(await stored(phone)).toEqual(before);
    // Fixed: accepted.
    expect(await step(phone, { op: 'edit', title: TITLE, body: BODY }, writer)).toMatchObject({ ok: true });
    expect(await step(phone, { op: 'submit' }, writer)).toMatchObject({ ok: true, state: 'in_review' });

    const stale = await draft(writer, BODY.replace('现将后续', '事故共造成4人死亡。现将后续'));
    const s = await step(stale, { op: 'submit' }, writer);
    expect(s.ok).toBe(false);
    if (!s.ok) expect(s.message).toContain('与官方最新通报的 3 人不一致');
  });

  test('when the audit row cannot be written, the step is rolled back', async () => {
    const id = await draft();
    await failAuditStore(t);
    await expect(step(id, { op: 'submit' }, writer)).rejects.toThrow(/audit store down/);
    const r = await t.client.release.findUniqueOrThrow({ where: { id } });
    expect(r).toMatchObject({ state: 'draft', version: 1 });
    expect(await t.client.releaseStep.count({ where: { releaseId: id } })).toBe(1);
    await expect(createRelease(t.client, { kind: 'follow_up', eventId: null, title: '标题', body: '正文' }, writer, NOW)).rejects.toThrow(/audit store down/);
    expect(await t.client.release.count()).toBe(1);
  });
});

describe('after publishing', () => {
  test('the event volume and negative share before and after, and the first item per other source', async () => {
    const id = await draft();
    await step(id, { op: 'submit' }, writer);
    await step(id, { op: 'clear' }, checker);
    await step(id, { op: 'approve' }, boss);
    await step(id, { op: 'publish' }, editor);
    const publishedAt = (await t.client.release.findUniqueOrThrow({ where: { id } })).publishedAt!;
    // Hour buckets start before the publishing time they contain: that hour counts as "before".
    const hour0 = Math.floor(publishedAt.getTime() / HOUR) * HOUR;
    // Before: 2 items/h over 24 h, all negative; after: 1 item/h, half negative.
    for (let h = 0; h < 24; h++) {
       
      await t.client.hourlyRollup.create({ data: { dimension: 'event', key: String(eventId), bucket: new Date(hour0 - h * HOUR), items: 2, negative: 2 } });
       
      await t.client.hourlyRollup.create({ data: { dimension: 'event', key: String(eventId), bucket: new Date(hour0 + (h + 1) * HOUR), items: 1, negative: h % 2 } });
    }
    await t.client.hourlyRollup.create({ data: { dimension: 'event', key: '999', bucket: new Date(hour0 + HOUR), items: 50, negative: 50 } });
    const a = await item('news', '临汾通报煤矿透水事故善后进展', new Date(publishedAt.getTime() + 10 * 60_000));
    await item('news', '第二篇同源报道', new Date(publishedAt.getTime() + 20 * 60_000));
    const b = await item('bbs', '网友热议善后进展', new Date(publishedAt.getTime() + 30 * 60_000));
    await item('bbs', '发布前的帖子', new Date(publishedAt.getTime() - 30 * 60_000));

    const later = new Date(publishedAt.getTime() + 30 * HOUR);
    const tr = await releaseTracking(t.client, { eventId, publishedAt }, later);
    expect(tr.pickups.map((p) => [p.itemId, p.sourceName])).toEqual([
      [a, '某新闻网'],
      [b, '某论坛'],
    ]);
    expect(tr.reaction?.complete).toBe(true);
    expect(tr.reaction?.before.items).toBe(48);
    expect(tr.reaction?.before.negativeShare).toBe(1);
    expect(tr.reaction?.after.negativeShare).toBeCloseTo(0.5, 5);
    const m = tr.reaction?.measured;
    expect(m && 'volumeChange' in m ? m.volumeChange : null).toBeCloseTo(-0.5, 5);

    // Within the first day the after-window is partial and says so.
    const early = await releaseTracking(t.client, { eventId, publishedAt }, new Date(publishedAt.getTime() + 3 * HOUR));
    expect(early.reaction?.complete).toBe(false);
    expect(early.reaction?.measured).toEqual({ reason: '发布后不足 24 小时的数据' });

    // The forecast for a new draft of another same-type event cites this one (too few cases to predict).
    const other = await t.client.event.create({ data: { title: '另一起透水', firstSeenAt: NOW, lastSeenAt: NOW, accidentType: '透水', grade: '较大', province: '山西省', fingerprintsJson: '[]' } });
    const f = await releaseForecast(t.client, { id: 0, kind: 'positive_update', eventId: other.id }, later);
    expect(f.status).toBe('too_few_cases');
    expect(f.cases.map((c) => c.id)).toEqual([eventId]);
    expect(f.message).toContain(`#${eventId}「临汾某煤矿透水」`);
  });
});
