/**
 * 待回应 on a real SQLite file: marking an item or event sets its due time from the response clocks
 * in effect (48 h for an item, 5 h for a 重大 event, the settings page's values when changed); each
 * step is stored with its step row and audit row in one transaction (rolled back when the audit row
 * cannot be written); an illegal step is refused with the reason and nothing stored; the worker's
 * escalation marks an overdue task once; proposals come from the overview's attention rule and
 * never become tasks by themselves.
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  applyReplyStep,
  createReplyTask,
  escalateOverdueReplies,
  getReplyTask,
  listReplyProposals,
  listReplyTasks,
  replyTaskForSubject,
  verifyAuditChain,
} from '@/lib/db';
import type { ReplyActor, ReplyWriteResult } from '@/lib/db';
import { ATTENTION_RISK } from '@/lib/db/queries/get-overview';
import { parseStepForm } from '@/lib/replies/forms';
import { createTestDb, failAuditInserts } from '../helpers/test-db';
import type { TestDb } from '../helpers/test-db';

const HOUR = 3_600_000;
const NOW = new Date('2026-11-25T04:00:00Z');
const actor: ReplyActor = { username: 'press', name: '值班员甲', audit: { actor: 'user:press', role: 'press_officer', clientIp: '10.0.0.1', requestId: 'r-1' } };
let t: TestDb;

beforeEach(async () => {
  t = await createTestDb();
  await t.client.source.create({ data: { id: 'src', name: '某论坛', url: 'https://bbs.example.com/', kind: 'rss', category: 'forum_social' } });
  for (const [username, name, role, status] of [
    ['press', '值班员甲', 'press_officer', 'active'],
    ['lead', '领导乙', 'leader', 'active'],
    ['writer', '撰稿人丙', 'drafter', 'active'],
    ['gone', '离职丁', 'press_officer', 'disabled'],
  ] as const) {
    await t.client.user.create({ data: { id: username, username, name, status, createdBy: 'test' } });
    await t.client.roleAssignment.create({ data: { userId: username, role, grantedBy: 'test' } });
  }
});
afterEach(async () => {
  await t.cleanup();
});

let nextItem = 1;
async function item(opts: { publishedAt?: Date | null; fetchedAt?: Date; risk?: number; official?: boolean; title?: string } = {}): Promise<number> {
  const fetchedAt = opts.fetchedAt ?? new Date(NOW.getTime() - 2 * HOUR);
  const publishedAt = opts.publishedAt === undefined ? new Date(NOW.getTime() - 3 * HOUR) : opts.publishedAt;
  const n = nextItem++;
  const it = await t.client.item.create({
    data: { sourceId: 'src', itemHash: `h${n}`, contentHash: `c${n}`, title: opts.title ?? `网传某矿透水 ${n}`, publishedAt, fetchedAt, sortAt: publishedAt ?? fetchedAt },
  });
  if (opts.risk !== undefined) {
    await t.client.itemAnalysis.create({
      data: {
        itemId: it.id, lexiconVersion: 1, analysedAt: fetchedAt, sentiment: -0.8, label: 'negative', risk: opts.risk, sensitivity: 'high',
        officialVoice: opts.official ?? false, cuesJson: '[]', riskJson: '[]', factsJson: '{}', simhash: '0', minhash: '[]', sortAt: publishedAt ?? fetchedAt,
      },
    });
  }
  return it.id;
}

async function event(grade: string | null, firstSeenAt = new Date(NOW.getTime() - HOUR)): Promise<number> {
  const e = await t.client.event.create({ data: { title: `某地${grade ?? ''}事故`, firstSeenAt, lastSeenAt: NOW, grade, fingerprintsJson: '[]' } });
  return e.id;
}

async function mark(subjectType: 'item' | 'event', subjectId: number, origin: 'rule' | 'manual' = 'manual'): Promise<number> {
  const r = await createReplyTask(t.client, { subjectType, subjectId, origin }, actor, NOW);
  if (!r.ok) throw new Error(r.message);
  return r.id;
}

async function step(taskId: number, values: Record<string, string>, at = NOW, expected: number | null = null): Promise<ReplyWriteResult> {
  const task = await t.client.replyTask.findUniqueOrThrow({ where: { id: taskId } });
  const parsed = parseStepForm({ taskId: String(taskId), expectedVersion: String(task.version), ...values });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return applyReplyStep(t.client, taskId, parsed.value.step, expected ?? parsed.value.expectedVersion, actor, at);
}

async function auditRows() {
  return t.client.auditLog.findMany({ where: { objectType: 'reply_task' }, orderBy: { id: 'asc' } });
}

async function snapshot() {
  return {
    tasks: await t.client.replyTask.findMany({ orderBy: { id: 'asc' } }),
    steps: await t.client.replyStep.count(),
    audit: await t.client.auditLog.count(),
  };
}

describe('due time from the response clocks', () => {
  test('an item: published time + 48 h (replyHours), labelled by the clock', async () => {
    const published = new Date(NOW.getTime() - 3 * HOUR);
    const id = await mark('item', await item({ publishedAt: published }));
    const task = await t.client.replyTask.findUniqueOrThrow({ where: { id } });
    expect(task.startedAt).toEqual(published);
    expect(task.dueAt).toEqual(new Date(published.getTime() + 48 * HOUR));
    expect(task.clockLabel).toBe('政务舆情回应 48 小时内');
  });

  test('an item without a publication time (or one later than the fetch) starts when it was fetched', async () => {
    const fetchedAt = new Date(NOW.getTime() - 5 * HOUR);
    const a = await mark('item', await item({ publishedAt: null, fetchedAt }));
    const b = await mark('item', await item({ publishedAt: new Date(NOW.getTime() + 10 * HOUR), fetchedAt }));
    for (const id of [a, b]) {
      expect((await t.client.replyTask.findUniqueOrThrow({ where: { id } })).dueAt).toEqual(new Date(fetchedAt.getTime() + 48 * HOUR));
    }
  });

  test('a 重大 event is due 5 h after it was first seen; a 较大 one 48 h', async () => {
    const first = new Date(NOW.getTime() - HOUR);
    const major = await t.client.replyTask.findUniqueOrThrow({ where: { id: await mark('event', await event('重大', first)) } });
    expect(major.dueAt).toEqual(new Date(first.getTime() + 5 * HOUR));
    expect(major.clockLabel).toBe('发布权威信息 5 小时内');
    const larger = await t.client.replyTask.findUniqueOrThrow({ where: { id: await mark('event', await event('较大', first)) } });
    expect(larger.dueAt).toEqual(new Date(first.getTime() + 48 * HOUR));
  });

  test('the settings page’s clock values apply (replyHours 24, a 3 h local rule for 较大)', async () => {
    await t.client.setting.create({
      data: { key: 'warning.clocks', valueJson: JSON.stringify({ replyHours: 24, localFirstRelease: { hours: 3, grades: ['较大'], label: '首次发布（贵州）' } }) },
    });
    const published = new Date(NOW.getTime() - 3 * HOUR);
    const it = await t.client.replyTask.findUniqueOrThrow({ where: { id: await mark('item', await item({ publishedAt: published })) } });
    expect(it.dueAt).toEqual(new Date(published.getTime() + 24 * HOUR));
    const first = new Date(NOW.getTime() - HOUR);
    const ev = await t.client.replyTask.findUniqueOrThrow({ where: { id: await mark('event', await event('较大', first)) } });
    expect(ev.dueAt).toEqual(new Date(first.getTime() + 3 * HOUR));
    expect(ev.clockLabel).toBe('首次发布（贵州） 3 小时内');
  });
});

describe('marking', () => {
  test('is audited in the same transaction with the subject, origin and due time', async () => {
    const itemId = await item({ risk: 80 });
    const id = await mark('item', itemId, 'rule');
    const rows = await auditRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: 'reply.create', actor: 'user:press', objectId: String(id), result: 'ok' });
    expect(JSON.parse(rows[0]?.detailJson ?? '{}')).toMatchObject({ subjectType: 'item', subjectId: itemId, origin: 'rule' });
    expect(await replyTaskForSubject(t.client, 'item', itemId)).toEqual({ id, state: 'open' });
  });

  test('a subject already marked, or one that does not exist, is refused and nothing is stored', async () => {
    const itemId = await item();
    const id = await mark('item', itemId);
    const before = await snapshot();
    expect(await createReplyTask(t.client, { subjectType: 'item', subjectId: itemId, origin: 'manual' }, actor, NOW)).toEqual({
      ok: false,
      message: `已标记需回应（任务 #${id}）`,
      existingId: id,
    });
    expect(await createReplyTask(t.client, { subjectType: 'event', subjectId: 999, origin: 'manual' }, actor, NOW)).toEqual({ ok: false, message: '该事件不存在' });
    expect(await snapshot()).toEqual(before);
  });

  test('when the audit row cannot be written, the task is not created (fail closed)', async () => {
    const itemId = await item();
    await failAuditInserts(t, 'audit store down');
    await expect(createReplyTask(t.client, { subjectType: 'item', subjectId: itemId, origin: 'manual' }, actor, NOW)).rejects.toThrow(/audit store down/);
    expect(await t.client.replyTask.count()).toBe(0);
    expect(await t.client.replyStep.count()).toBe(0);
  });
});

describe('the steps', () => {
  test('open → assigned → answered → closed → reopened, each stored with who and when and audited in order', async () => {
    const id = await mark('event', await event('一般'));
    expect(await step(id, { op: 'assign', assignee: 'lead', note: '请领导审定口径' })).toMatchObject({ ok: true, state: 'assigned' });
    expect(await step(id, { op: 'answer', text: '已在官网发布情况通报', url: 'https://yjj.example.gov.cn/tzgg/1.html' }, new Date(NOW.getTime() + HOUR))).toMatchObject({ ok: true, state: 'answered' });
    expect(await step(id, { op: 'close', note: '' }, new Date(NOW.getTime() + 2 * HOUR))).toMatchObject({ ok: true, state: 'closed' });
    expect(await step(id, { op: 'reopen', note: '通报有误，需更正' }, new Date(NOW.getTime() + 3 * HOUR))).toMatchObject({ ok: true, state: 'assigned' });

    const task = await getReplyTask(t.client, id, NOW);
    expect(task).toMatchObject({ state: 'assigned', assignee: 'lead', assigneeName: '领导乙', answerText: null, answerUrl: null, closedAt: null, version: 5, subjectExists: true });
    expect(task?.steps.map((s) => [s.seq, s.action, s.fromState, s.toState, s.actor])).toEqual([
      [1, 'create', null, 'open', 'press'],
      [2, 'assign', 'open', 'assigned', 'press'],
      [3, 'answer', 'assigned', 'answered', 'press'],
      [4, 'close', 'answered', 'closed', 'press'],
      [5, 'reopen', 'closed', 'assigned', 'press'],
    ]);
    // The earlier answer stays in the history after the reopen.
    expect(task?.steps[2]?.detail).toEqual({ text: '已在官网发布情况通报', url: 'https://yjj.example.gov.cn/tzgg/1.html' });
    expect((await auditRows()).map((r) => r.action)).toEqual(['reply.create', 'reply.assign', 'reply.answer', 'reply.close', 'reply.reopen']);
    expect((await verifyAuditChain(t.client)).ok).toBe(true);
  });

  const illegal: [string, string[], Record<string, string>, RegExp][] = [
    ['answer before assigning', [], { op: 'answer', text: '口径' }, /不能登记回应：请先分派承办人/],
    ['answer twice', ['assign', 'answer'], { op: 'answer', text: '又一次' }, /已登记回应；如需更正请先重新打开/],
    ['assign a closed task', ['assign', 'answer', 'close'], { op: 'assign', assignee: 'press' }, /不能分派：任务已关闭/],
    ['close twice', ['assign', 'answer', 'close'], { op: 'close' }, /任务已关闭/],
    ['close unanswered without a reason', ['assign'], { op: 'close' }, /请在说明中写明理由/],
    ['reopen an open task', [], { op: 'reopen', note: '为何' }, /无需重新打开/],
    ['assign the same person again', ['assign'], { op: 'assign', assignee: 'lead' }, /已分派给 领导乙/],
    ['assign a drafter', [], { op: 'assign', assignee: 'writer' }, /承办人须是可办理待回应的在用账号/],
    ['assign a disabled account', [], { op: 'assign', assignee: 'gone' }, /承办人须是可办理待回应的在用账号/],
    ['assign an unknown account', [], { op: 'assign', assignee: 'nobody' }, /承办人须是可办理待回应的在用账号/],
  ];
  const prepare: Record<string, Record<string, string>> = {
    assign: { op: 'assign', assignee: 'lead' },
    answer: { op: 'answer', text: '已回应' },
    close: { op: 'close' },
  };
  test.each(illegal)('refused with the reason, nothing stored: %s', async (_name, before, values, reason) => {
    const id = await mark('item', await item());
    for (const s of before) expect(await step(id, prepare[s] ?? {})).toMatchObject({ ok: true });
    const stored = await snapshot();
    const r = await step(id, values);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(reason);
    expect(await snapshot()).toEqual(stored);
  });

  test('closing without a reply is allowed with a reason', async () => {
    const id = await mark('item', await item());
    expect(await step(id, { op: 'close', note: '经研判无需回应' })).toMatchObject({ ok: true, state: 'closed' });
    expect((await t.client.replyTask.findUniqueOrThrow({ where: { id } })).closedAt).toEqual(NOW);
  });

  test('a step on a task changed meanwhile is refused (stale form)', async () => {
    const id = await mark('item', await item());
    expect(await step(id, { op: 'assign', assignee: 'lead' })).toMatchObject({ ok: true });
    const stored = await snapshot();
    expect(await step(id, { op: 'close', note: '无需回应' }, NOW, 1)).toEqual({ ok: false, message: '该任务已被他人更新，请刷新页面查看最新情况后再操作' });
    expect(await snapshot()).toEqual(stored);
  });

  test('when the audit row cannot be written, the step is rolled back', async () => {
    const id = await mark('item', await item());
    await failAuditInserts(t, 'audit store down');
    await expect(step(id, { op: 'assign', assignee: 'lead' })).rejects.toThrow(/audit store down/);
    const task = await t.client.replyTask.findUniqueOrThrow({ where: { id } });
    expect(task).toMatchObject({ state: 'open', assignee: null, version: 1 });
    expect(await t.client.replyStep.count()).toBe(1);
  });
});

describe('escalation (the worker hook)', () => {
  test('an overdue open or assigned task is escalated once, by system:replies; answered and not-yet-due ones are not', async () => {
    const old = new Date(NOW.getTime() - 60 * HOUR);
    const overdueOpen = await mark('item', await item({ publishedAt: old }));
    const overdueAssigned = await mark('item', await item({ publishedAt: old }));
    await step(overdueAssigned, { op: 'assign', assignee: 'press' });
    const answered = await mark('item', await item({ publishedAt: old }));
    await step(answered, { op: 'assign', assignee: 'press' });
    await step(answered, { op: 'answer', text: '已回应' });
    const fresh = await mark('item', await item());
    // Due exactly now is still on time ("within 48 hours" includes the boundary).
    const boundary = await mark('item', await item({ publishedAt: new Date(NOW.getTime() - 48 * HOUR) }));

    expect(await escalateOverdueReplies(t.client, NOW)).toEqual({ escalated: [overdueOpen, overdueAssigned] });
    const audits = (await auditRows()).filter((r) => r.action === 'reply.escalate');
    expect(audits.map((r) => [r.objectId, r.actor])).toEqual([
      [String(overdueOpen), 'system:replies'],
      [String(overdueAssigned), 'system:replies'],
    ]);
    const task = await getReplyTask(t.client, overdueAssigned, NOW);
    expect(task).toMatchObject({ state: 'assigned', escalatedAt: NOW, overdue: true });
    expect(task?.steps.at(-1)).toMatchObject({ action: 'escalate', actor: 'system:replies', fromState: 'assigned', toState: 'assigned' });
    for (const id of [answered, fresh, boundary]) expect((await t.client.replyTask.findUniqueOrThrow({ where: { id } })).escalatedAt).toBeNull();

    // Once: the next runs find nothing new, even after an escalated task is answered and reopened.
    await step(overdueAssigned, { op: 'answer', text: '已回应' });
    await step(overdueAssigned, { op: 'reopen', note: '回应不充分' });
    expect(await escalateOverdueReplies(t.client, new Date(NOW.getTime() + HOUR))).toEqual({ escalated: [boundary] });
    expect(await escalateOverdueReplies(t.client, new Date(NOW.getTime() + 2 * HOUR))).toEqual({ escalated: [] });
    expect((await auditRows()).filter((r) => r.action === 'reply.escalate')).toHaveLength(3);
  });
});

describe('the list and the proposals', () => {
  test('filters by state, overdue and assignee; waiting tasks by due time', async () => {
    const late = await mark('item', await item({ publishedAt: new Date(NOW.getTime() - 50 * HOUR) }));
    const soon = await mark('event', await event('重大'));
    const mine = await mark('item', await item());
    await step(mine, { op: 'assign', assignee: 'press' });
    const done = await mark('item', await item());
    await step(done, { op: 'close', note: '无需回应' });

    const ids = async (q: Parameters<typeof listReplyTasks>[1]) => (await listReplyTasks(t.client, q, NOW)).rows.map((r) => r.id);
    expect(await ids({ state: 'active', overdue: false })).toEqual([late, soon, mine]);
    expect(await ids({ state: 'active', overdue: true })).toEqual([late]);
    expect(await ids({ state: 'active', overdue: false, assignee: 'press' })).toEqual([mine]);
    expect(await ids({ state: 'active', overdue: false, assignee: 'none' })).toEqual([late, soon]);
    expect(await ids({ state: 'closed', overdue: false })).toEqual([done]);
    expect(await ids({ state: 'all', overdue: false })).toEqual([late, soon, mine, done]);
    expect((await listReplyTasks(t.client, { state: 'all', overdue: false }, NOW)).counts).toEqual({ active: 3, overdue: 1 });
  });

  test('proposals are the attention rule’s items not yet marked; confirming one makes a rule task', async () => {
    const risky = await item({ risk: ATTENTION_RISK, title: '网传某矿瞒报' });
    await item({ risk: ATTENTION_RISK - 1 });
    await item({ risk: 90, official: true });
    await item({ risk: 90, publishedAt: new Date(NOW.getTime() - 30 * HOUR), fetchedAt: new Date(NOW.getTime() - 29 * HOUR) });
    expect((await listReplyProposals(t.client, NOW)).map((p) => p.itemId)).toEqual([risky]);
    // Listing proposes only: nothing was created.
    expect(await t.client.replyTask.count()).toBe(0);
    await mark('item', risky, 'rule');
    expect(await listReplyProposals(t.client, NOW)).toEqual([]);
    expect((await t.client.replyTask.findFirstOrThrow()).origin).toBe('rule');
  });

  test('a “confirmed proposal” the rule does not make is refused (a forged origin), nothing stored', async () => {
    const calm = await item({ risk: ATTENTION_RISK - 1 });
    const official = await item({ risk: 90, official: true });
    for (const subjectId of [calm, official]) {
      expect(await createReplyTask(t.client, { subjectType: 'item', subjectId, origin: 'rule' }, actor, NOW)).toEqual({
        ok: false,
        message: '该信息不在建议回应之列，请在信息页手工标记',
      });
    }
    expect(await t.client.replyTask.count()).toBe(0);
    expect(await t.client.auditLog.count()).toBe(0);
  });
});
