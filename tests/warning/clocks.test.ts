import { describe, expect, test } from 'vitest';
import { ResponseClockConfigSchema, clockStatus, clocksFor } from '@/lib/warning/clocks';

const START = new Date('2026-07-03T08:00:00+08:00');
const H = 3_600_000;
const at = (ms: number) => new Date(START.getTime() + ms);

describe('clocksFor', () => {
  test('特别重大/重大: 5 h authoritative information and 24 h press conference', () => {
    for (const grade of ['特别重大', '重大'] as const) {
      const c = clocksFor({ grade, firstSeenAt: START, governmentRelated: false });
      expect(c.map((x) => [x.kind, x.dueAt.getTime() - START.getTime()])).toEqual([
        ['authoritative_info', 5 * H],
        ['press_conference', 24 * H],
      ]);
      expect(c[0]?.startedAt).toEqual(START);
    }
  });

  test('other government-related opinion: 48 h; not government-related: none', () => {
    expect(clocksFor({ grade: '较大', firstSeenAt: START, governmentRelated: true }).map((c) => [c.kind, c.hours])).toEqual([['reply', 48]]);
    expect(clocksFor({ grade: null, firstSeenAt: START, governmentRelated: true })).toHaveLength(1);
    expect(clocksFor({ grade: '一般', firstSeenAt: START, governmentRelated: false })).toEqual([]);
  });

  test('a local rule (Guizhou: 3 h first release for 较大 and above) is configurable', () => {
    const cfg = ResponseClockConfigSchema.parse({
      localFirstRelease: { hours: 3, grades: ['特别重大', '重大', '较大'], label: '首次发布（贵州）' },
    });
    expect(clocksFor({ grade: '较大', firstSeenAt: START, governmentRelated: true }, cfg).map((c) => [c.kind, c.hours])).toEqual([
      ['authoritative_info', 3],
      ['reply', 48],
    ]);
    const major = clocksFor({ grade: '重大', firstSeenAt: START, governmentRelated: true }, cfg);
    expect(major.map((c) => [c.kind, c.hours])).toEqual([
      ['authoritative_info', 3],
      ['press_conference', 24],
    ]);
    expect(major[0]?.label).toBe('首次发布（贵州） 3 小时内');
  });
});

describe('clockStatus at the boundaries', () => {
  const [info, press] = clocksFor({ grade: '重大', firstSeenAt: START, governmentRelated: false });
  const reply = clocksFor({ grade: null, firstSeenAt: START, governmentRelated: true })[0];

  test.each([
    ['5 h', info, 5],
    ['24 h', press, 24],
    ['48 h', reply, 48],
  ] as const)('%s: met exactly at the deadline is on time; one minute later is late', (_label, clock, hours) => {
    if (!clock) throw new Error('clock missing');
    expect(clockStatus(clock, { metAt: at(hours * H) }, at(hours * H + 1)).state).toBe('met');
    expect(clockStatus(clock, { metAt: at(hours * H + 60_000) }, at(hours * H + H))).toMatchObject({
      state: 'met_late',
      overdueMs: 60_000,
      text: '已完成（超时 1 分）',
    });
    // Not met: at the deadline still running with 0 left; 1 ms later overdue.
    expect(clockStatus(clock, { metAt: null }, at(hours * H))).toMatchObject({ state: 'running', remainingMs: 0, escalate: true });
    expect(clockStatus(clock, { metAt: null }, at(hours * H + 1))).toMatchObject({ state: 'overdue', overdueMs: 1, escalate: true });
  });

  test('texts and escalation margin', () => {
    if (!press) throw new Error('clock missing');
    const s = clockStatus(press, { metAt: null }, at(24 * H - (3 * H + 12 * 60_000)));
    expect(s).toMatchObject({ state: 'running', text: '剩余 3 小时 12 分', escalate: false });
    expect(clockStatus(press, { metAt: null }, at(23 * H)).escalate).toBe(true); // within 60 min
    expect(clockStatus(press, { metAt: null }, at(23 * H - 1)).escalate).toBe(false);
    const late = clockStatus(press, { metAt: null }, at(25 * H + 5 * 60_000));
    expect(late).toMatchObject({ state: 'overdue', text: '已超时 1 小时 5 分', escalate: true });
    // Already reported overdue: no new escalation.
    expect(clockStatus(press, { metAt: null }, at(26 * H), { previousState: 'overdue' }).escalate).toBe(false);
  });
});
