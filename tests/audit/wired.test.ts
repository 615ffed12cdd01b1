/**
 * TESTPLAN S18: every sensitive action that exists today writes its audit row (actor, action,
 * object, result) in the same transaction as the change; when the row cannot be written the
 * change is rolled back (fail closed).
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  appendAudit,
  applyAlertOps,
  createUserSource,
  deleteTopicAndRetag,
  deleteUserSource,
  getAlert,
  getSetting,
  markClockMet,
  putSetting,
  saveLexiconEntryAndReanalyse,
  saveTopicAndRetag,
  searchAuditLog,
  setTopicEnabledAndRetag,
  updateSourceSchedule,
  updateUserSource,
  upsertChannel,
  upsertRule,
  verifyAuditChain,
} from '@/lib/db';
import type { AuditContext, AuditRow } from '@/lib/db';
import { auditContextFromHeaders, clientIpFrom } from '@/lib/audit/context';
import { applyAlertAction, parseAlertAction } from '@/lib/events-view/alert-actions';
import { SETTING_THRESHOLDS } from '@/lib/pipeline/detect';
import { testSendAudit } from '@/lib/settings/notifications';
import { SourceListSchema } from '@/lib/sources/schema';
import { createTestDb, failAuditInserts as failAuditStore } from '../helpers/test-db';
import type { TestDb } from '../helpers/test-db';

const NOW = new Date('2026-07-10T04:00:00Z');
const ctx: AuditContext = { actor: 'web:张三', role: null, clientIp: '10.1.2.3', requestId: 'r-1' };
let t: TestDb;

beforeEach(async () => {
  t = await createTestDb();
});
afterEach(async () => {
  await t.cleanup();
});

async function auditRows(): Promise<AuditRow[]> {
  return (await searchAuditLog(t.client, {}, { limit: 100 })).rows.reverse();
}

function failAuditInserts(): Promise<void> {
  return failAuditStore(t);
}

async function openAlert(): Promise<number> {
  const [id] = await applyAlertOps(t.client, [
    {
      op: 'create',
      alert: {
        dedupeKey: 'k1', kind: 'accident_grade', subjectType: 'event', subjectKey: '1', subjectLabel: '某矿透水', level: 'orange',
        why: '较大事故', factorsJson: '[]', metricsJson: '{}', eventId: null, at: NOW, cooldownUntil: NOW, isDemo: false,
      },
    },
  ]);
  return id ?? 0;
}

function alertInput(alertId: number, raw: Record<string, string>) {
  const r = parseAlertAction({ alertId: String(alertId), ...raw });
  if (!r.ok) throw new Error(r.error);
  return r.input;
}

const source = SourceListSchema.parse([{ id: 'my-feed', name: '某市应急管理局', url: 'https://yjj.example.gov.cn/rss.xml', kind: 'rss', category: 'official' }])[0]!;

describe('alerts', () => {
  test('each lifecycle step writes its row with actor, object and result', async () => {
    const id = await openAlert();
    const at = (m: number) => new Date(NOW.getTime() + m * 60_000);
    expect(await applyAlertAction(t.client, alertInput(id, { op: 'acknowledge', actor: '张三' }), at(1), ctx)).toMatchObject({ ok: true });
    expect(await applyAlertAction(t.client, alertInput(id, { op: 'assign', actor: '张三', assignee: '李四' }), at(2), ctx)).toMatchObject({ ok: true });
    expect(await applyAlertAction(t.client, alertInput(id, { op: 'resolve', actor: '张三', note: '已发布' }), at(3), ctx)).toMatchObject({ ok: true });
    expect(await applyAlertAction(t.client, alertInput(id, { op: 'reopen', actor: '张三' }), at(4), ctx)).toMatchObject({ ok: true });
    const rows = await auditRows();
    expect(rows.map((r) => r.action)).toEqual(['alert.acknowledge', 'alert.assign', 'alert.resolve', 'alert.reopen']);
    for (const r of rows) expect(r).toMatchObject({ actor: 'web:张三', objectType: 'alert', objectId: String(id), result: 'ok', clientIp: '10.1.2.3' });
    expect(JSON.parse(rows[1]!.detailJson ?? '{}')).toMatchObject({ to: 'assigned', assignee: '李四', by: '张三' });
    expect(rows[0]!.at).toEqual(at(1));
  });

  test('when the audit row cannot be written, the alert keeps its state and log', async () => {
    const id = await openAlert();
    await failAuditInserts();
    await expect(applyAlertAction(t.client, alertInput(id, { op: 'acknowledge', actor: '张三' }), NOW, ctx)).rejects.toThrow(/audit store down/);
    const alert = await getAlert(t.client, id);
    expect(alert).toMatchObject({ state: 'open', acknowledgedBy: null });
    expect(alert?.actions.map((a) => a.action)).toEqual(['raised']);
  });
});

describe('sources', () => {
  test('create, update, schedule and delete are recorded; refusals as failed', async () => {
    expect(await createUserSource(t.client, source, NOW, ctx)).toMatchObject({ ok: true });
    expect(await createUserSource(t.client, source, NOW, ctx)).toEqual({ ok: false, reason: 'id_taken' });
    expect(await updateUserSource(t.client, 'my-feed', { ...source, url: 'https://yjj.example.gov.cn/new.xml' }, NOW, ctx)).toMatchObject({ ok: true });
    expect(await updateSourceSchedule(t.client, 'my-feed', { enabled: false }, NOW, ctx)).toMatchObject({ ok: true });
    expect(await deleteUserSource(t.client, 'my-feed', ctx)).toEqual({ ok: true, items: 0 });
    expect(await deleteUserSource(t.client, 'my-feed', ctx)).toEqual({ ok: false, reason: 'not_found' });
    const rows = await auditRows();
    expect(rows.map((r) => [r.action, r.objectType, r.objectId, r.result, r.reason])).toEqual([
      ['source.create', 'source', 'my-feed', 'ok', null],
      ['source.create', 'source', 'my-feed', 'failed', 'id_taken'],
      ['source.update', 'source', 'my-feed', 'ok', null],
      ['source.schedule', 'source', 'my-feed', 'ok', null],
      ['source.delete', 'source', 'my-feed', 'ok', null],
      ['source.delete', 'source', 'my-feed', 'failed', 'not_found'],
    ]);
    expect(JSON.parse(rows[2]!.detailJson ?? '{}')).toMatchObject({ moved: true });
    expect(await verifyAuditChain(t.client)).toMatchObject({ ok: true, checked: 6 });
  });

  test('a source is not created when its audit row cannot be written', async () => {
    await failAuditInserts();
    await expect(createUserSource(t.client, source, NOW, ctx)).rejects.toThrow(/audit store down/);
    expect(await t.client.source.count({ where: { id: 'my-feed' } })).toBe(0);
  });
});

describe('topics, lexicon and settings', () => {
  test('saves and deletes are recorded', async () => {
    const saved = await saveTopicAndRetag(t.client, { id: null, name: '煤矿透水', rule: '透水', description: null, enabled: true }, 'web', ctx);
    if (!saved.ok) throw new Error(saved.message);
    const topicId = saved.topic.id;
    expect(await saveTopicAndRetag(t.client, { id: null, name: '煤矿透水', rule: '突水', description: null, enabled: true }, 'web', ctx)).toMatchObject({ ok: false });
    await setTopicEnabledAndRetag(t.client, topicId, false, 'web', ctx);
    await deleteTopicAndRetag(t.client, topicId, 'web', ctx);
    await saveLexiconEntryAndReanalyse(t.client, { kind: 'sentiment', term: '瞒报', category: 'sensitive.reporting', weight: -2, by: 'web:张三' }, ctx);
    await putSetting(t.client, SETTING_THRESHOLDS, { cooldownMinutes: { red: 60 } }, 'web:张三', ctx);
    const rows = await auditRows();
    expect(rows.map((r) => [r.action, r.objectType, r.objectId, r.result])).toEqual([
      ['topic.save', 'topic', String(topicId), 'ok'],
      ['topic.save', 'topic', 'new', 'failed'],
      ['topic.save', 'topic', String(topicId), 'ok'],
      ['topic.delete', 'topic', String(topicId), 'ok'],
      ['lexicon.save', 'lexicon', 'sentiment:瞒报', 'ok'],
      ['settings.thresholds', 'setting', SETTING_THRESHOLDS, 'ok'],
    ]);
    expect(rows.every((r) => r.actor === 'web:张三')).toBe(true);
    expect(JSON.parse(rows[5]!.detailJson ?? '{}')).toEqual({ value: { cooldownMinutes: { red: 60 } } });
  });

  test('a setting is not changed when its audit row cannot be written', async () => {
    await putSetting(t.client, SETTING_THRESHOLDS, { cooldownMinutes: { red: 30 } }, 'web:张三', ctx);
    await failAuditInserts();
    await expect(putSetting(t.client, SETTING_THRESHOLDS, { cooldownMinutes: { red: 60 } }, 'web:李四', ctx)).rejects.toThrow(/audit store down/);
    expect(await getSetting(t.client, SETTING_THRESHOLDS)).toEqual({ cooldownMinutes: { red: 30 } });
  });
});

describe('request context', () => {
  const h = (o: Record<string, string>) => new Headers(o);
  test('the client address comes from proxy headers only when the proxy is trusted', () => {
    const headers = h({ 'x-forwarded-for': '1.2.3.4, 10.0.0.7' });
    expect(clientIpFrom(headers, false)).toBeNull();
    expect(clientIpFrom(headers, true)).toBe('10.0.0.7');
    expect(clientIpFrom(h({ 'x-real-ip': '192.0.2.5', 'x-forwarded-for': '1.2.3.4' }), true)).toBe('192.0.2.5');
    expect(clientIpFrom(h({ 'x-forwarded-for': '<script>' }), true)).toBeNull();
  });

  test('each request gets its own id', () => {
    const a = auditContextFromHeaders('web', h({}), false);
    const b = auditContextFromHeaders('web', h({}), false);
    expect(a.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.requestId).not.toBe(b.requestId);
  });
});

describe('response clocks and notification settings', () => {
  async function runningClock(): Promise<number> {
    const clock = await t.client.responseClock.create({
      data: { eventId: 1, kind: 'reply', label: '48 小时内回应', startedAt: NOW, dueAt: new Date(NOW.getTime() + 48 * 3_600_000), state: 'running' },
    });
    return clock.id;
  }

  test('marking a clock met is recorded, and rolled back when its row cannot be written', async () => {
    const id = await runningClock();
    await markClockMet(t.client, id, { at: NOW, by: '张三', note: '已召开发布会', state: 'met' }, ctx);
    expect((await auditRows()).map((r) => [r.action, r.objectType, r.objectId])).toEqual([['clock.met', 'clock', String(id)]]);
    const other = await t.client.responseClock.create({
      data: { eventId: 2, kind: 'reply', label: '48 小时内回应', startedAt: NOW, dueAt: NOW, state: 'running' },
    });
    await failAuditInserts();
    await expect(markClockMet(t.client, other.id, { at: NOW, by: '张三', note: 'x', state: 'met' }, ctx)).rejects.toThrow(/audit store down/);
    expect(await t.client.responseClock.findUnique({ where: { id: other.id } })).toMatchObject({ state: 'running', metAt: null });
  });

  test('channel and rule saves are recorded without the channel secrets; a test send records its outcome', async () => {
    const secret = 'SEC-very-secret-signing-key';
    const channel = await upsertChannel(
      t.client,
      { name: '值班群', kind: 'dingtalk', configJson: JSON.stringify({ kind: 'dingtalk', webhookUrl: 'https://oapi.dingtalk.com/robot/send?access_token=tok123', secret }) },
      ctx,
    );
    await upsertRule(t.client, { name: '黄色以上', ruleJson: JSON.stringify({ minLevel: 'yellow', channelIds: [String(channel.id)] }) }, ctx);
    await appendAudit(t.client, ctx, testSendAudit(channel, { ok: false, retryable: true, error: '连接超时' }));
    const rows = await auditRows();
    expect(rows.map((r) => [r.action, r.result])).toEqual([
      ['notify.channel.save', 'ok'],
      ['notify.rule.save', 'ok'],
      ['notify.channel.test', 'failed'],
    ]);
    expect(rows[2]!.reason).toBe('连接超时');
    for (const r of rows) {
      expect(r.detailJson ?? '').not.toContain(secret);
      expect(r.detailJson ?? '').not.toContain('tok123');
    }
    expect((await verifyAuditChain(t.client)).ok).toBe(true);
  });
});
