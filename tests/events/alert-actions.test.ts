/**
 * Alert handling from the dashboard on a real SQLite file: the alerts are the ones the real
 * pipeline raised on the demo week; each step goes through the form schema and the lifecycle state
 * machine, and what is stored (state, who, when, the log) is read back from the database.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createDb, getAlert } from '@/lib/db';
import type { Db } from '@/lib/db';
import { applyAlertAction, parseAlertAction } from '@/lib/events-view/alert-actions';
import type { AlertActionInput } from '@/lib/events-view/alert-actions';
import { demoReplayItems } from '@/lib/eval/alerts';
import { replay } from '@/lib/pipeline/replay';

let dir: string;
let client: Db;
let alertId = 0;
/** Each step one minute after the last: the state machine refuses steps back in time. */
let clock = new Date('2026-06-01T03:00:00Z');
const tick = () => (clock = new Date(clock.getTime() + 60_000));

function input(raw: Record<string, string>): AlertActionInput {
  const r = parseAlertAction({ alertId: String(alertId), ...raw });
  if (!r.ok) throw new Error(r.error);
  return r.input;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'som-events-alerts-'));
  await replay(demoReplayItems(new Date('2026-06-01T00:00:00Z')), { keepDir: dir });
  client = createDb(`file:${path.join(dir, 'replay.db')}`);
  const alert = await client.alert.findFirstOrThrow({ where: { kind: 'accident_grade', state: 'open', eventId: { not: null } }, orderBy: { id: 'asc' } });
  alertId = alert.id;
}, 180_000);

afterAll(async () => {
  await client?.$disconnect();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the alert form', () => {
  test('needs an actor, a known step and a valid id; refuses markup in names', () => {
    expect(parseAlertAction({ alertId: '1', op: 'acknowledge' })).toEqual({ ok: false, error: '请填写操作人' });
    expect(parseAlertAction({ alertId: '1', op: 'acknowledge', actor: '   ' })).toEqual({ ok: false, error: '请填写操作人' });
    expect(parseAlertAction({ alertId: '1', op: 'delete', actor: '张三' })).toEqual({ ok: false, error: '未知的操作' });
    expect(parseAlertAction({ alertId: 'abc', op: 'acknowledge', actor: '张三' })).toEqual({ ok: false, error: '预警编号无效' });
    expect(parseAlertAction({ alertId: '1', op: 'acknowledge', actor: '<img src=x>' })).toEqual({ ok: false, error: '操作人含有不允许的字符' });
    expect(parseAlertAction({ alertId: '1', op: 'acknowledge', actor: '张'.repeat(41) })).toEqual({ ok: false, error: '操作人不能超过 40 个字' });
    const ok = parseAlertAction({ alertId: '7', op: 'assign', actor: ' 张三 ', assignee: '', note: '' });
    expect(ok).toEqual({ ok: true, input: { alertId: 7, op: 'assign', actor: '张三' } });
  });
});

describe('the lifecycle from the dashboard', () => {
  test('resolving an open alert is refused with the reason, and nothing is stored', async () => {
    const before = await getAlert(client, alertId);
    const r = await applyAlertAction(client, input({ op: 'resolve', actor: '张三', note: '已发布权威信息' }), tick());
    expect(r).toEqual({ ok: false, alertId, error: '预警当前为“待处理”，不能办结，请先确认或分派' });
    const after = await getAlert(client, alertId);
    expect(after?.state).toBe('open');
    expect(after?.actions).toHaveLength(before?.actions.length ?? -1);
  });

  test('acknowledge: stored with who and when, as typed', async () => {
    const at = tick();
    const r = await applyAlertAction(client, input({ op: 'acknowledge', actor: '值班员 王五', expectedState: 'open' }), at);
    expect(r).toEqual({ ok: true, alertId, state: 'acknowledged', message: `预警 #${alertId} 已确认（操作人：值班员 王五）` });
    const row = await getAlert(client, alertId);
    expect(row).toMatchObject({ state: 'acknowledged', acknowledgedBy: '值班员 王五', acknowledgedAt: at });
    expect(row?.actions.at(-1)).toMatchObject({ action: 'acknowledged', actor: '值班员 王五', at });
  });

  test('a step on a page that is out of date is refused', async () => {
    const r = await applyAlertAction(client, input({ op: 'acknowledge', actor: '李四', expectedState: 'open' }), tick());
    expect(r).toEqual({ ok: false, alertId, error: `预警 #${alertId} 已被更新为“已确认”，请核对最新状态后再操作` });
    // Without the page's state, the state machine itself refuses a second acknowledgement.
    const again = await applyAlertAction(client, input({ op: 'acknowledge', actor: '李四' }), tick());
    expect(again).toMatchObject({ ok: false, error: '预警当前为“已确认”，不能确认' });
  });

  test('assign needs an assignee; assigning the same person twice is refused', async () => {
    expect(await applyAlertAction(client, input({ op: 'assign', actor: '王五' }), tick())).toEqual({ ok: false, alertId, error: '分派预警须填写承办人' });
    const at = tick();
    const r = await applyAlertAction(client, input({ op: 'assign', actor: '王五', assignee: '新闻科 李四', expectedState: 'acknowledged' }), at);
    expect(r).toMatchObject({ ok: true, state: 'assigned', message: `预警 #${alertId} 已分派给 新闻科 李四（操作人：王五）` });
    expect(await getAlert(client, alertId)).toMatchObject({ state: 'assigned', assignedTo: '新闻科 李四', assignedBy: '王五', assignedAt: at });
    const twice = await applyAlertAction(client, input({ op: 'assign', actor: '王五', assignee: '新闻科 李四' }), tick());
    expect(twice).toMatchObject({ ok: false, error: '预警已分派给“新闻科 李四”' });
  });

  test('resolve needs the outcome; then reopen', async () => {
    expect(await applyAlertAction(client, input({ op: 'resolve', actor: '李四' }), tick())).toEqual({
      ok: false,
      alertId,
      error: '办结预警须在“说明”中填写处理结果',
    });
    const at = tick();
    expect(await applyAlertAction(client, input({ op: 'resolve', actor: '李四', note: '已发布权威信息并召开发布会' }), at)).toMatchObject({ ok: true, state: 'resolved' });
    expect(await getAlert(client, alertId)).toMatchObject({ state: 'resolved', resolvedBy: '李四', resolvedAt: at, resolution: '已发布权威信息并召开发布会' });
    expect(await applyAlertAction(client, input({ op: 'resolve', actor: '李四', note: '再次办结' }), tick())).toMatchObject({
      ok: false,
      error: '预警当前为“已办结”，不能办结，请先重新打开',
    });
    const reopenAt = tick();
    expect(await applyAlertAction(client, input({ op: 'reopen', actor: '张三', note: '家属聚集，舆情反弹' }), reopenAt)).toMatchObject({ ok: true, state: 'open' });
    const row = await getAlert(client, alertId);
    expect(row).toMatchObject({ state: 'open', resolvedAt: null, resolvedBy: null, resolution: null });
    expect(row?.actions.filter((a) => a.actor !== 'system').map((a) => [a.action, a.actor])).toEqual([
      ['acknowledged', '值班员 王五'],
      ['assigned', '王五'],
      ['resolved', '李四'],
      ['open', '张三'],
    ]);
  });

  test('an unknown alert is reported, not thrown', async () => {
    const r = await applyAlertAction(client, { alertId: 987_654, op: 'acknowledge', actor: '张三' }, tick());
    expect(r).toEqual({ ok: false, alertId: 987_654, error: '没有编号为 987654 的预警' });
  });

  test('a step dated before the alert last changed is refused', async () => {
    const r = await applyAlertAction(client, input({ op: 'acknowledge', actor: '张三' }), new Date('2026-05-01T00:00:00Z'));
    expect(r).toMatchObject({ ok: false, error: '操作时间不能早于该预警的上一次变更' });
  });
});
