import { describe, expect, test } from 'vitest';
import type { Finding } from '@/lib/warning/detectors';
import type { AlertState } from '@/lib/warning/dedupe';
import { decideAlert, dedupeKey, transition } from '@/lib/warning/dedupe';
import type { WarningLevel } from '@/lib/warning/levels';

const T0 = new Date('2026-07-03T08:00:00+08:00');
const MIN = 60_000;
const at = (min: number) => new Date(T0.getTime() + min * MIN);

function finding(level: WarningLevel, count = 100): Finding {
  return {
    kind: 'volume_spike',
    subject: { type: 'topic', key: 'coal', label: '煤矿' },
    at: T0,
    level,
    factors: { volume_ratio: 4 },
    why: `声量 ${count}`,
    metrics: { count },
  };
}

function created(level: WarningLevel = 'yellow'): AlertState {
  const d = decideAlert([], finding(level), T0);
  expect(d.action).toBe('create');
  return { ...d.alert, id: 'a1' };
}

describe('decideAlert', () => {
  test('create → refresh inside the cooldown → reopen after it', () => {
    const a = created('yellow'); // yellow cooldown: 12 h
    expect(a.key).toBe(dedupeKey(finding('yellow')));
    const r = decideAlert([a], finding('yellow', 150), at(60));
    expect(r).toMatchObject({ action: 'refresh', notify: false });
    expect(r.alert.metrics.count).toBe(150);
    expect(r.alert.occurrences).toBe(2);
    expect(decideAlert([a], finding('blue'), at(60)).action).toBe('refresh'); // lower level
    expect(decideAlert([a], finding('yellow'), at(12 * 60 - 1)).action).toBe('refresh');
    const again = decideAlert([a], finding('yellow'), at(12 * 60));
    expect(again).toMatchObject({ action: 'reopen', notify: true });
    expect(again.alert.status).toBe('open');
  });

  test('escalate when the level rises above the peak, at any time', () => {
    const a = created('yellow');
    const e = decideAlert([a], finding('red'), at(5));
    expect(e).toMatchObject({ action: 'escalate', from: 'yellow', to: 'red', notify: true });
    expect(e.alert.level).toBe('red');
    // Back down then up to the same peak: no flapping.
    const down = decideAlert([e.alert], finding('blue'), at(10));
    expect(down.action).toBe('refresh');
    expect(decideAlert([down.alert], finding('red'), at(15)).action).toBe('refresh');
  });

  test('a resolved alert: refresh inside the cooldown, reopen after, escalate reopens at once', () => {
    const a = created('orange'); // 6 h cooldown
    const ack = transition(a, { type: 'acknowledge', by: '张三', at: at(10) }, at(10));
    if (!ack.ok) throw new Error(ack.error);
    const res = transition(ack.alert, { type: 'resolve', by: '张三', at: at(20), resolution: '已核实，已回应' }, at(20));
    if (!res.ok) throw new Error(res.error);
    const r1 = decideAlert([res.alert], finding('orange'), at(20 + 60));
    expect(r1.action).toBe('refresh');
    expect(r1.alert.status).toBe('resolved');
    const r2 = decideAlert([res.alert], finding('orange'), at(20 + 6 * 60));
    expect(r2.action).toBe('reopen');
    expect(r2.alert.status).toBe('open');
    const r3 = decideAlert([res.alert], finding('red'), at(30));
    expect(r3).toMatchObject({ action: 'escalate', to: 'red' });
    expect(r3.alert.status).toBe('open');
  });

  test('different subjects or kinds are different alerts', () => {
    const a = created();
    const other = { ...finding('yellow'), subject: { type: 'topic' as const, key: 'chem', label: '危化品' } };
    expect(decideAlert([a], other, at(1)).action).toBe('create');
  });
});

describe('lifecycle transitions', () => {
  test('open → acknowledged → assigned → resolved → open', () => {
    let a = created();
    const steps = [
      { type: 'acknowledge', by: '张三', at: at(1) },
      { type: 'assign', by: '张三', at: at(2), assignee: '李四' },
      { type: 'assign', by: '张三', at: at(3), assignee: '王五' },
      { type: 'resolve', by: '王五', at: at(4), resolution: '已发布情况通报' },
      { type: 'reopen', by: '张三', at: at(5), note: '出现新的质疑' },
    ] as const;
    for (const s of steps) {
      const r = transition(a, s, at(10));
      if (!r.ok) throw new Error(r.error);
      a = r.alert;
    }
    expect(a.status).toBe('open');
    expect(a.history.map((h) => h.to)).toEqual(['open', 'acknowledged', 'assigned', 'assigned', 'resolved', 'open']);
    expect(a.assignee).toBe('王五');
  });

  test('illegal transitions and bad who/when are refused in Chinese', () => {
    const a = created();
    const cases: [Parameters<typeof transition>[1], string][] = [
      [{ type: 'resolve', by: '张三', at: at(1), resolution: 'x' }, '预警当前为“待处理”，不能办结，请先确认或分派'],
      [{ type: 'reopen', by: '张三', at: at(1) }, '预警当前为“待处理”，不能重新打开'],
      [{ type: 'acknowledge', by: ' ', at: at(1) }, '确认预警须注明操作人'],
      [{ type: 'acknowledge', by: '张三', at: at(20) }, '操作时间不能晚于当前时间'],
      [{ type: 'acknowledge', by: '张三', at: at(-5) }, '操作时间不能早于该预警的上一次变更'],
      [{ type: 'assign', by: '张三', at: at(1), assignee: '' }, '分派预警须指定承办人'],
    ];
    for (const [action, error] of cases) expect(transition(a, action, at(10))).toEqual({ ok: false, error });
    const ack = transition(a, { type: 'acknowledge', by: '张三', at: at(1) }, at(10));
    expect(ack.ok).toBe(true);
    if (!ack.ok) return;
    expect(transition(ack.alert, { type: 'acknowledge', by: '李四', at: at(2) }, at(10))).toEqual({
      ok: false,
      error: '预警当前为“已确认”，不能确认',
    });
    expect(transition(ack.alert, { type: 'resolve', by: '李四', at: at(2), resolution: ' ' }, at(10))).toEqual({
      ok: false,
      error: '办结预警须填写处理结果',
    });
    // The input is never mutated.
    expect(a.status).toBe('open');
  });
});
