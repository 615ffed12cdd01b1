import { describe, expect, test } from 'vitest';
import {
  computeDisclosureClock,
  parseDisclosureEvents,
  receiptDateOf,
  type DisclosureEventInput,
} from '@/lib/workflow/disclosure-deadline';

/** Events go through the zod schema, as they will from forms and the API. */
function clock(events: DisclosureEventInput[], today: string) {
  const parsed = parseDisclosureEvents(events);
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return computeDisclosureClock(parsed.events, { today });
}

// 2025-03-03 (Mon), in person. March 2025 has no holidays: WD 1–4 3/4–3/7, 5–9 3/10–3/14,
// 10–14 3/17–3/21, 15–19 3/24–3/28, 20 3/31. 2025 清明: 4/4–4/6; 劳动节 5/1–5/5, 4/27 (Sun) 上班.
const RECEIVED: DisclosureEventInput = { type: 'received', channel: '当面', submittedOn: '2025-03-03' };

describe('receipt date (art. 31)', () => {
  test.each<[string, DisclosureEventInput, string | null]>([
    ['当面: day of submission', { type: 'received', channel: '当面', submittedOn: '2025-03-03' }, '2025-03-03'],
    [
      '邮寄: day the agency signs for it',
      { type: 'received', channel: '邮寄', submittedOn: '2025-03-01', signedOn: '2025-03-05' },
      '2025-03-05',
    ],
    [
      '平常信函: day of confirmation with the applicant',
      { type: 'received', channel: '邮寄', postKind: '平常信函', arrivedOn: '2025-03-05', confirmedOn: '2025-03-05' },
      '2025-03-05',
    ],
    [
      '网络: day both sides confirm',
      { type: 'received', channel: '网络', submittedOn: '2025-03-02', confirmedOn: '2025-03-04' },
      '2025-03-04',
    ],
    ['传真: day both sides confirm', { type: 'received', channel: '传真', confirmedOn: '2025-03-04' }, '2025-03-04'],
    ['邮寄 without a 签收 day', { type: 'received', channel: '邮寄', submittedOn: '2025-03-01' }, null],
    ['网络 without confirmation', { type: 'received', channel: '网络', submittedOn: '2025-03-01' }, null],
    [
      'signed before it was sent',
      { type: 'received', channel: '邮寄', submittedOn: '2025-03-05', signedOn: '2025-03-04' },
      null,
    ],
  ])('%s', (_name, input, expected) => {
    const parsed = parseDisclosureEvents([input]);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok || parsed.events[0]?.type !== 'received') return;
    const receipt = receiptDateOf(parsed.events[0]);
    expect(receipt.date).toBe(expected);
    if (expected === null) expect(receipt.errors.length).toBeGreaterThan(0);
    else expect(receipt.rule).toMatch(/第31条/);
  });

  test('平常信函 confirmed after the day it arrived is flagged', () => {
    const c = clock(
      [{ type: 'received', channel: '邮寄', postKind: '平常信函', arrivedOn: '2025-03-05', confirmedOn: '2025-03-07' }],
      '2025-03-07',
    );
    expect(c.receivedOn).toBe('2025-03-07');
    expect(c.warnings.join()).toContain('收到当日');
  });

  test('其他 channel uses the confirmation day with a warning', () => {
    const c = clock([{ type: 'received', channel: '其他', confirmedOn: '2025-03-04' }], '2025-03-04');
    expect(c.receivedOn).toBe('2025-03-04');
    expect(c.warnings.join()).toContain('第31条未规定');
  });

  test('a receipt without its required day is an error, and later events are refused', () => {
    const c = clock(
      [{ type: 'received', channel: '邮寄' }, { type: 'closed', on: '2025-03-10', category: 'DISCLOSE' }],
      '2025-03-10',
    );
    expect(c.state).toBe('not_received');
    expect(c.errors[0]).toContain('签收日期');
    expect(c.errors[1]).toContain('须先登记收到申请');
  });
});

describe('basic period and SLA colours', () => {
  test('20 WD from the day after receipt', () => {
    const c = clock([RECEIVED], '2025-03-04');
    expect(c.regime).toBe('OGI2019');
    expect(c.dueDate).toBe('2025-03-31');
    expect(c.supplementNoticeDeadline).toBe('2025-03-12');
    expect(c.state).toBe('in_progress');
  });

  test.each([
    ['2025-03-03', 0, 20, 'green'],
    ['2025-03-21', 14, 6, 'green'],
    ['2025-03-24', 15, 5, 'yellow'],
    ['2025-03-27', 18, 2, 'red'],
    ['2025-03-31', 20, 0, 'red'],
    ['2025-04-01', 21, -1, 'black'],
    ['2025-04-07', 24, -4, 'black'], // 4/1–4/3, 4/7: 4/4 清明 and the weekend do not count
  ])('today %s: elapsed %i, left %i, %s', (today, elapsed, left, sla) => {
    const c = clock([RECEIVED], today);
    expect(c.workingDaysElapsed).toBe(elapsed);
    expect(c.workingDaysLeft).toBe(left);
    expect(c.sla).toBe(sla);
    expect(c.overdue).toBe(sla === 'black');
  });

  test('overdue and last-days warnings are in Chinese', () => {
    expect(clock([RECEIVED], '2025-04-01').warnings.join()).toContain('已超过答复期限（2025-03-31）1个工作日');
    expect(clock([RECEIVED], '2025-03-31').warnings.join()).toContain('今天是答复期限');
  });

  test('2008 regime for receipts before 2019-05-15: 15 WD', () => {
    // 2019-05-06 (Mon): WD 5/7–5/10 (4), 5/13–5/14 (6); received under the old regulation.
    const c = clock([{ type: 'received', channel: '当面', submittedOn: '2019-05-06' }], '2019-05-07');
    expect(c.regime).toBe('OGI2008');
    expect(c.supplementNoticeDeadline).toBeNull();
    // 2019 has no table: Monday–Friday, with the warning. 15 WD → 5/27.
    expect(c.dueDate).toBe('2019-05-27');
    expect(c.missingCalendarYears).toEqual([2019]);
    expect(c.warnings.join()).toContain('缺少2019年');
  });
});

describe('补正 (art. 30)', () => {
  test('notice within 7 WD is on time; the 8th WD is late', () => {
    const onTime = clock([RECEIVED, { type: 'supplement_requested', on: '2025-03-12' }], '2025-03-12');
    expect(onTime.supplementNoticeLate).toBe(false);
    const late = clock([RECEIVED, { type: 'supplement_requested', on: '2025-03-13' }], '2025-03-13');
    expect(late.supplementNoticeLate).toBe(true);
    expect(late.warnings.join()).toContain('不符合第30条');
  });

  test('waiting for the 补正 suspends the clock: no due date', () => {
    const c = clock(
      [RECEIVED, { type: 'supplement_requested', on: '2025-03-05', replyBy: '2025-03-20' }],
      '2025-04-30',
    );
    expect(c.state).toBe('awaiting_supplement');
    expect(c.dueDate).toBeNull();
    expect(c.sla).toBe('none');
    expect(c.workingDaysElapsed).toBe(2);
    expect(c.supplementReplyBy).toBe('2025-03-20');
  });

  test('the 补正 restarts the period from zero (4/4 清明 skipped)', () => {
    // Day 0 = 3/10. WD 3/11–3/14 (4), 3/17–21 (9), 3/24–28 (14), 3/31–4/3 (18), 4/7 (19), 4/8 (20).
    const c = clock(
      [
        RECEIVED,
        { type: 'supplement_requested', on: '2025-03-05' },
        { type: 'supplement_received', on: '2025-03-10' },
      ],
      '2025-03-10',
    );
    expect(c.clockStartOn).toBe('2025-03-10');
    expect(c.dueDate).toBe('2025-04-08');
    expect(c.workingDaysLeft).toBe(20);
  });

  test('a second notice before the applicant answers is refused (一次性告知)', () => {
    const c = clock(
      [RECEIVED, { type: 'supplement_requested', on: '2025-03-05' }, { type: 'supplement_requested', on: '2025-03-06' }],
      '2025-03-06',
    );
    expect(c.errors[0]).toContain('一次性告知');
  });

  test('no 补正 means abandoned, booked as 其他处理', () => {
    const c = clock(
      [
        RECEIVED,
        { type: 'supplement_requested', on: '2025-03-05', replyBy: '2025-03-20' },
        { type: 'supplement_abandoned', on: '2025-03-24' },
      ],
      '2025-04-01',
    );
    expect(c.state).toBe('closed');
    expect(c.outcome?.category).toBe('OTHER');
    expect(c.outcome?.reason).toBe('NO_SUPPLEMENT');
    expect(c.sla).toBe('none');
  });

  test('abandoned without a pending notice is refused', () => {
    const c = clock([RECEIVED, { type: 'supplement_abandoned', on: '2025-03-24' }], '2025-03-24');
    expect(c.errors[0]).toContain('没有待补正的告知');
    expect(c.state).toBe('in_progress');
  });
});

describe('consultation (arts. 32–34): paused time excluded', () => {
  test('a reply after 4 WD moves the due date by 4 WD', () => {
    // Paused (3/10, 3/14] = 4 WD. 3/31 + 4 WD: 4/1, 4/2, 4/3, (4/4 清明), 4/7.
    const c = clock(
      [
        RECEIVED,
        { type: 'consultation_started', on: '2025-03-10', party: 'third_party' },
        { type: 'consultation_ended', on: '2025-03-14' },
      ],
      '2025-03-17',
    );
    expect(c.statutoryDueDate).toBe('2025-04-07');
    expect(c.dueDate).toBe('2025-04-07');
    expect(c.workingDaysElapsed).toBe(6); // 3/4–3/7, 3/10, 3/17
    expect(c.consultations[0]?.pausedWorkingDays).toBe(4);
  });

  test('an open consultation shows the state and freezes the count', () => {
    const events: DisclosureEventInput[] = [
      RECEIVED,
      { type: 'consultation_started', on: '2025-03-10', party: 'other_agency' },
    ];
    const a = clock(events, '2025-03-12');
    const b = clock(events, '2025-03-19');
    expect(a.state).toBe('consulting');
    expect(a.workingDaysElapsed).toBe(5);
    expect(b.workingDaysElapsed).toBe(5);
    expect(b.workingDaysLeft).toBe(15);
    expect(b.warnings.join()).toContain('期限暂停');
  });

  test('the pause ends by itself after 15 WD', () => {
    // Letter received 3/4; 15 WD → 3/25. Counted: 3/4 (1), pause to 3/25, 3/26–3/28 (4), 3/31 (5),
    // 4/1–4/3 (8), 4/7–4/11 (13), 4/14–4/18 (18), 4/21 (19), 4/22 (20).
    const c = clock(
      [
        RECEIVED,
        { type: 'consultation_started', on: '2025-03-04', party: 'third_party', letterReceivedOn: '2025-03-04' },
        { type: 'consultation_ended', on: '2025-03-28' },
      ],
      '2025-03-28',
    );
    expect(c.consultations[0]?.limitOn).toBe('2025-03-25');
    expect(c.dueDate).toBe('2025-04-22');
    expect(c.warnings.join()).toContain('已超过15个工作日');
  });

  test('ending a consultation that never started is refused', () => {
    const c = clock([RECEIVED, { type: 'consultation_ended', on: '2025-03-14' }], '2025-03-14');
    expect(c.errors[0]).toContain('没有进行中的征求意见');
  });
});

describe('extension (art. 33) and reasonable delay (art. 35)', () => {
  const extension = (on: string, workingDays = 20): DisclosureEventInput => ({
    type: 'extension_approved',
    on,
    workingDays,
    approvedBy: '政府信息公开办公室主任',
    noticeSentOn: on,
  });

  test('+20 WD from the old due date, counting the 4/27 Sunday 调休', () => {
    // 3/31 + 20: 4/1–4/3 (3), 4/7–11 (8), 4/14–18 (13), 4/21–25 (18), 4/27 Sun (19), 4/28 (20).
    const c = clock([RECEIVED, extension('2025-03-28')], '2025-03-28');
    expect(c.statutoryDueDate).toBe('2025-03-31');
    expect(c.dueDate).toBe('2025-04-28');
    expect(c.extensionWorkingDays).toBe(20);
  });

  test('may be decided on the due day itself, not after it', () => {
    expect(clock([RECEIVED, extension('2025-03-31')], '2025-03-31').dueDate).toBe('2025-04-28');
    const late = clock([RECEIVED, extension('2025-04-01')], '2025-04-01');
    expect(late.dueDate).toBe('2025-03-31');
    expect(late.errors[0]).toContain('期限届满后不能再延长');
    expect(late.sla).toBe('black');
  });

  test('more than 20 WD is refused by the schema; a second extension by the clock', () => {
    expect(parseDisclosureEvents([RECEIVED, extension('2025-03-28', 21)]).ok).toBe(false);
    const twice = clock([RECEIVED, extension('2025-03-20', 5), extension('2025-03-21', 5)], '2025-03-21');
    expect(twice.errors[0]).toContain('不能再次延长');
    expect(twice.extensionWorkingDays).toBe(5);
  });

  test('2008 regime allows at most 15 WD', () => {
    const c = clock(
      [{ type: 'received', channel: '当面', submittedOn: '2019-05-06' }, extension('2019-05-10', 16)],
      '2019-05-10',
    );
    expect(c.errors[0]).toContain('15个工作日');
  });

  test('an extension needs the approver', () => {
    const parsed = parseDisclosureEvents([
      RECEIVED,
      { type: 'extension_approved', on: '2025-03-20', workingDays: 5, approvedBy: ' ', noticeSentOn: '2025-03-20' },
    ]);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors[0]).toContain('批准人');
  });

  test('art. 35 sets a custom due date with its reason', () => {
    const c = clock(
      [RECEIVED, { type: 'reasonable_delay', on: '2025-03-20', dueDate: '2025-05-30', reason: '申请数量明显超过合理范围' }],
      '2025-03-20',
    );
    expect(c.dueDate).toBe('2025-05-30');
    expect(c.reasonableDelay?.reason).toBe('申请数量明显超过合理范围');
    expect(parseDisclosureEvents([{ type: 'reasonable_delay', on: '2025-03-20', dueDate: '2025-05-30', reason: '' }]).ok).toBe(false);
  });
});

describe('closing (art. 36 outcome) and impossible sequences', () => {
  test('outcome with sub-reason and art. 36 label', () => {
    const c = clock(
      [RECEIVED, { type: 'closed', on: '2025-03-25', category: 'REFUSE', reason: 'THIRD_PARTY', art36Item: 'REFUSE' }],
      '2025-04-10',
    );
    expect(c.state).toBe('closed');
    expect(c.outcome).toMatchObject({ categoryLabel: '不予公开', reasonLabel: '保护第三方合法权益' });
    expect(c.outcome?.art36Label).toContain('（三）');
    expect(c.closedLate).toBe(false);
    expect(c.workingDaysElapsed).toBe(16);
    expect(c.sla).toBe('none');
  });

  test('不予公开 without a reason is refused', () => {
    const c = clock([RECEIVED, { type: 'closed', on: '2025-03-25', category: 'REFUSE' }], '2025-03-25');
    expect(c.state).toBe('in_progress');
    expect(c.errors[0]).toContain('须选择具体理由');
  });

  test('a reason from another category is refused', () => {
    const c = clock([RECEIVED, { type: 'closed', on: '2025-03-25', category: 'UNABLE', reason: 'DUPLICATE' }], '2025-03-25');
    expect(c.errors[0]).toContain('不属于“无法提供”');
  });

  test('an art. 36 item that does not fit the category is a warning', () => {
    const c = clock(
      [RECEIVED, { type: 'closed', on: '2025-03-25', category: 'DISCLOSE', art36Item: 'NOT_EXIST' }],
      '2025-03-25',
    );
    expect(c.state).toBe('closed');
    expect(c.warnings.join()).toContain('不一致');
  });

  test('closing late is recorded', () => {
    const c = clock([RECEIVED, { type: 'closed', on: '2025-04-02', category: 'DISCLOSE' }], '2025-04-10');
    expect(c.closedLate).toBe(true);
    expect(c.warnings.join()).toContain('逾期办结');
  });

  test('closing twice, events after closing, and events out of order', () => {
    const c = clock(
      [
        RECEIVED,
        { type: 'consultation_started', on: '2025-03-10', party: 'third_party' },
        { type: 'consultation_ended', on: '2025-03-07' },
        { type: 'closed', on: '2025-03-20', category: 'DISCLOSE' },
        { type: 'closed', on: '2025-03-21', category: 'PARTIAL' },
        { type: 'received', channel: '当面', submittedOn: '2025-03-22' },
      ],
      '2025-03-25',
    );
    expect(c.errors).toHaveLength(3);
    expect(c.errors[0]).toContain('早于前一事件');
    expect(c.errors[1]).toContain('已于2025-03-20办结');
    expect(c.errors[2]).toContain('不能重复登记');
    expect(c.outcome?.category).toBe('DISCLOSE');
  });

  test('events before the receipt are refused', () => {
    const c = clock([{ type: 'supplement_requested', on: '2025-03-05' }, RECEIVED], '2025-03-05');
    expect(c.errors[0]).toContain('须先登记收到申请');
    expect(c.dueDate).toBe('2025-03-31');
  });

  test('unknown event types and bad dates are rejected by the schema', () => {
    expect(parseDisclosureEvents([{ type: 'reopened', on: '2025-03-05' }]).ok).toBe(false);
    expect(parseDisclosureEvents([{ type: 'supplement_requested', on: '2025-02-30' }]).ok).toBe(false);
  });
});

describe('a realistic case across the 2026 Spring Festival (computed by hand)', () => {
  /*
   * Online application sent 2026-02-10 (Tue), confirmed by both sides 2026-02-11 (Wed): day 0 = 2/11.
   * 补正 deadline (7 WD): 2/12 (1), 2/13 (2), 2/14 Sat 调休 (3), 2/15–2/23 春节, 2/24 (4), 2/25 (5),
   *   2/26 (6), 2/27 (7) → 2026-02-27. Notice given 2/26: on time.
   * 补正 received 2026-03-04 (Wed): the period restarts, day 0 = 3/4.
   * Third party: letter sent 3/9 (Mon), received 3/10; its 15 WD end 3/31. Reply on 3/20 (Fri):
   *   paused (3/9, 3/20] = 3/10–3/13, 3/16–3/20 = 9 WD.
   * Counted days: 3/5 (1), 3/6 (2), 3/9 (3), [pause], 3/23–3/27 (8), 3/30–4/3 (13),
   *   4/4–4/6 清明, 4/7 (14), 4/8 (15), 4/9 (16), 4/10 (17), 4/13 (18), 4/14 (19), 4/15 (20)
   *   → statutory due 2026-04-15.
   * Extension of 10 WD approved and notified 4/14 (before the due date):
   *   4/16 (1), 4/17 (2), 4/20–4/24 (7), 4/27 (8), 4/28 (9), 4/29 (10) → due 2026-04-29.
   * On 4/22: elapsed 20 + 4/16, 4/17, 4/20, 4/21, 4/22 = 25; left 4/23, 4/24, 4/27, 4/28, 4/29 = 5 → yellow.
   * Closed 4/28 with 部分公开: elapsed 29, left 1, on time.
   */
  const events: DisclosureEventInput[] = [
    { type: 'received', channel: '网络', submittedOn: '2026-02-10', confirmedOn: '2026-02-11' },
    { type: 'supplement_requested', on: '2026-02-26', replyBy: '2026-03-13' },
    { type: 'supplement_received', on: '2026-03-04' },
    { type: 'consultation_started', on: '2026-03-09', party: 'third_party', letterReceivedOn: '2026-03-10' },
    { type: 'consultation_ended', on: '2026-03-20' },
    { type: 'extension_approved', on: '2026-04-14', workingDays: 10, approvedBy: '信息公开办主任', noticeSentOn: '2026-04-14' },
  ];

  test('while open', () => {
    const c = clock(events, '2026-04-22');
    expect(c.errors).toEqual([]);
    expect(c.receivedOn).toBe('2026-02-11');
    expect(c.supplementNoticeDeadline).toBe('2026-03-13'); // restarted period: 3/5, 3/6, 3/9–3/13 = 7 WD
    expect(c.supplementNoticeLate).toBe(false);
    expect(c.clockStartOn).toBe('2026-03-04');
    expect(c.consultations[0]).toMatchObject({ limitOn: '2026-03-31', pausedWorkingDays: 9 });
    expect(c.statutoryDueDate).toBe('2026-04-15');
    expect(c.dueDate).toBe('2026-04-29');
    expect(c.workingDaysElapsed).toBe(25);
    expect(c.workingDaysLeft).toBe(5);
    expect(c.sla).toBe('yellow');
    expect(c.missingCalendarYears).toEqual([]);
  });

  test('closed', () => {
    const c = clock(
      [...events, { type: 'closed', on: '2026-04-28', category: 'PARTIAL', art36Item: 'DISCLOSE' }],
      '2026-05-20',
    );
    expect(c.state).toBe('closed');
    expect(c.workingDaysElapsed).toBe(29);
    expect(c.workingDaysLeft).toBe(1);
    expect(c.closedLate).toBe(false);
    expect(c.outcome?.categoryLabel).toBe('部分公开');
    expect(c.warnings).toEqual([]);
  });

  test('the 7-WD 补正 check at the first period: notice on 2/27 is on time, 3/2 is late', () => {
    const first = events[0] as DisclosureEventInput;
    expect(clock([first, { type: 'supplement_requested', on: '2026-02-27' }], '2026-02-27').supplementNoticeLate).toBe(false);
    expect(clock([first, { type: 'supplement_requested', on: '2026-03-02' }], '2026-03-02').supplementNoticeLate).toBe(true);
  });
});

describe('missing holiday year', () => {
  test('the result carries the warning and the year', () => {
    const c = clock([{ type: 'received', channel: '当面', submittedOn: '2027-01-05' }], '2027-01-06');
    expect(c.missingCalendarYears).toEqual([2027]);
    expect(c.warnings[0]).toContain('缺少2027年的法定节假日安排');
    expect(c.dueDate).toBe('2027-02-02'); // Monday–Friday fallback
  });
});
