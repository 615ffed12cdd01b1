/**
 * Golden tests of the 事故信息公开 replay (lib/workflow/accident-case.ts): every clock on its
 * boundary day, the report extension and the appraisal exclusion (493号 arts. 27, 29), the 批复
 * clock including 特别重大 30 + 30 (art. 32), the 7-working-day penalty clock across the 2026 国庆
 * holiday and its 调休 Saturday (安全生产法 art. 78), the rescue-release cadence (80号 5 h, 续报
 * 12 h / 24 h), published Releases counted as rescue releases, the completeness summary, and every
 * refused entry with its Chinese reason. Expected dates are written out, counted by hand.
 */
import { describe, expect, test } from 'vitest';
import {
  addCalendarMonths,
  computeAccidentCase,
  type AccidentCaseGrade,
  type AccidentCaseStatus,
  type AccidentEntry,
  type Duty,
  type PublishedRelease,
} from '@/lib/workflow/accident-case';
import { listingStatus, listingTerms, removalRefusal } from '@/lib/workflow/accident-listing';

/** Monday 2 March 2026, 06:30 Beijing time. */
const OCCURRED = new Date('2026-03-02T06:30:00+08:00');

function at(local: string): Date {
  return new Date(`${local}+08:00`);
}

/** Noon Beijing time on a day. */
function noon(day: string): Date {
  return at(`${day}T12:00:00`);
}

function run(entries: AccidentEntry[], now: Date, grade: AccidentCaseGrade | null = '重大', releases: PublishedRelease[] = []): AccidentCaseStatus {
  return computeAccidentCase({ occurredAt: OCCURRED, grade }, entries.map((entry, i) => ({ seq: i + 1, entry })), { now, releases });
}

function duty(s: AccidentCaseStatus, id: string): Duty {
  const d = s.duties.find((x) => x.id === id);
  if (!d) throw new Error(`no duty ${id}: ${s.duties.map((x) => x.id).join(',')}`);
  return d;
}

const submitted = (on: string): AccidentEntry => ({ type: 'report_submitted', on });
const approved = (on: string): AccidentEntry => ({ type: 'closure_approved', on, documentNo: '澄政函〔2026〕12号' });
const extension = (on: string, days: number): AccidentEntry => ({ type: 'extension_approved', on, days, approvedBy: '澄河市人民政府', documentNo: '澄政函〔2026〕8号' });
const release = (local: string, title = '救援进展'): AccidentEntry => ({ type: 'rescue_release', at: `${local}+08:00`, title });

describe('the investigation report clock (493号 art. 29)', () => {
  test('60 days from the accident day: due on the 60th day, overdue the day after', () => {
    const onDue = run([], noon('2026-05-01'));
    expect(onDue.report.dueOn).toBe('2026-05-01');
    expect(onDue.report.startOn).toBe('2026-03-02');
    expect(duty(onDue, 'report')).toMatchObject({ state: 'due', daysLeft: 0, dueOn: '2026-05-01' });
    const after = run([], noon('2026-05-02'));
    expect(duty(after, 'report')).toMatchObject({ state: 'overdue', daysLeft: -1 });
    expect(after.summary.overdue).toContain('提交事故调查报告');
  });

  test('submitted on the due day is on time; a day later is late', () => {
    expect(duty(run([submitted('2026-05-01')], noon('2026-05-03')), 'report').state).toBe('done');
    expect(duty(run([submitted('2026-05-02')], noon('2026-05-03')), 'report').state).toBe('done_late');
  });

  test('an approved extension of at most 60 days moves the due date once', () => {
    const s = run([extension('2026-04-20', 60)], noon('2026-05-10'));
    expect(s.report).toMatchObject({ statutoryDueOn: '2026-05-01', dueOn: '2026-06-30', extensionDays: 60 });
    expect(s.report.extension).toEqual({ on: '2026-04-20', approvedBy: '澄河市人民政府', documentNo: '澄政函〔2026〕8号' });
    expect(duty(s, 'report').state).toBe('due');
    expect(s.errors).toEqual([]);
  });

  test('an extension may be approved on the due day itself', () => {
    const s = run([extension('2026-05-01', 10)], noon('2026-05-05'));
    expect(s.report.dueOn).toBe('2026-05-11');
    expect(s.errors).toEqual([]);
  });

  test('technical appraisal days inside the period are not counted (art. 27)', () => {
    const s = run([{ type: 'appraisal', from: '2026-03-10', to: '2026-03-19', subject: '瓦斯爆炸技术鉴定' }], noon('2026-04-01'));
    expect(s.report.appraisalDays).toBe(10);
    expect(s.report.dueOn).toBe('2026-05-11');
    expect(duty(s, 'report').detail).toContain('技术鉴定10日不计入');
  });

  test('appraisal and extension together', () => {
    const s = run([{ type: 'appraisal', from: '2026-03-10', to: '2026-03-19' }, extension('2026-05-05', 30)], noon('2026-05-20'));
    expect(s.report.dueOn).toBe('2026-06-10');
  });
});

describe('the 批复 clock (493号 art. 32)', () => {
  test('重大: 15 days from the report; approved on day 15 on time, day 16 late', () => {
    const pending = run([submitted('2026-04-20')], noon('2026-05-05'));
    expect(pending.approval).toMatchObject({ startOn: '2026-04-20', baseDays: 15, dueOn: '2026-05-05', daysLeft: 0, extensionAllowed: false });
    expect(duty(run([submitted('2026-04-20')], noon('2026-05-06')), 'approval').state).toBe('overdue');
    expect(duty(run([submitted('2026-04-20'), approved('2026-05-05')], noon('2026-05-06')), 'approval').state).toBe('done');
    expect(duty(run([submitted('2026-04-20'), approved('2026-05-06')], noon('2026-05-07')), 'approval').state).toBe('done_late');
  });

  test('before the report is submitted the 批复 clock has not started', () => {
    const s = run([], noon('2026-03-10'));
    expect(s.approval.dueOn).toBeNull();
    expect(duty(s, 'approval')).toMatchObject({ state: 'due', dueOn: null });
  });

  test('特别重大: 30 days, extendable once by at most 30', () => {
    const base = run([submitted('2026-04-20')], noon('2026-05-20'), '特别重大');
    expect(base.approval).toMatchObject({ baseDays: 30, dueOn: '2026-05-20', extensionAllowed: true });
    const extended = run(
      [submitted('2026-04-20'), { type: 'approval_extended', on: '2026-05-15', days: 30, approvedBy: '国务院' }],
      noon('2026-06-19'),
      '特别重大',
    );
    expect(extended.approval).toMatchObject({ dueOn: '2026-06-19', extensionDays: 30 });
    expect(duty(extended, 'approval').state).toBe('due');
    expect(duty(run([submitted('2026-04-20'), { type: 'approval_extended', on: '2026-05-15', days: 30, approvedBy: '国务院' }], noon('2026-06-20'), '特别重大'), 'approval').state).toBe('overdue');
  });

  test('较大 and 一般 (and an ungraded case) have 15 days', () => {
    for (const g of ['较大', '一般', null] as const) {
      expect(run([submitted('2026-04-20')], noon('2026-04-21'), g).approval.dueOn).toBe('2026-05-05');
    }
  });
});

describe('publication duties', () => {
  test('report and accountability: 20 working days after the 批复 (OGI art. 26), rectification review within 1 year', () => {
    // 批复 Monday 2026-04-27: 28–30 Apr (3), 劳动节 1–5 May, 6–8 May (6), the 9 May 调休 Saturday (7),
    // then 13 weekdays from 11 May: the 20th working day is Wednesday 2026-05-27.
    const s = run([submitted('2026-04-20'), approved('2026-04-27')], noon('2026-05-27'));
    expect(duty(s, 'report_publication')).toMatchObject({ dueOn: '2026-05-27', state: 'due', publication: true });
    expect(duty(s, 'accountability').dueOn).toBe('2026-05-27');
    expect(duty(s, 'rectification_review')).toMatchObject({ dueOn: '2027-04-27', state: 'due' });
    expect(s.summary.unpublished).toEqual(expect.arrayContaining(['公布事故调查报告', '公布责任追究情况', '公布整改措施落实情况评估']));
    const late = run([submitted('2026-04-20'), approved('2026-04-27')], noon('2026-05-28'));
    expect(duty(late, 'report_publication').state).toBe('overdue');
  });

  test('publishing the report and the accountability records them as done with the address', () => {
    const s = run(
      [
        submitted('2026-04-20'),
        approved('2026-04-27'),
        { type: 'report_published', on: '2026-05-08', url: 'https://yjj.example.gov.cn/sgbg/1.html' },
        { type: 'accountability_published', on: '2026-05-08', url: 'https://yjj.example.gov.cn/zz/1.html', peopleHandled: 12, transferredToJustice: 3 },
      ],
      noon('2026-05-10'),
    );
    expect(duty(s, 'report_publication').state).toBe('done');
    expect(s.reportPublished).toEqual({ on: '2026-05-08', url: 'https://yjj.example.gov.cn/sgbg/1.html' });
    expect(s.accountability).toMatchObject({ peopleHandled: 12, transferredToJustice: 3 });
  });

  test('a penalty decision is published within 7 working days, skipping 国庆 and counting the 10 October 调休 Saturday', () => {
    const decided: AccidentEntry = { type: 'penalty_decided', on: '2026-09-29', decisionNo: '（澄）应急罚〔2026〕7号', target: '澄河煤业有限公司' };
    const s = run([decided], noon('2026-10-14'));
    // 30 Sep (1), 1–7 Oct holiday, 8 (2), 9 (3), Sat 10 调休 (4), 12 (5), 13 (6), 14 (7).
    expect(duty(s, 'penalty:（澄）应急罚〔2026〕7号')).toMatchObject({ dueOn: '2026-10-14', state: 'due', label: '公开行政处罚决定（（澄）应急罚〔2026〕7号）' });
    expect(s.penalties[0]).toMatchObject({ target: '澄河煤业有限公司', decidedOn: '2026-09-29' });
    const publish = (on: string): AccidentEntry => ({ type: 'penalty_published', on, decisionNo: '（澄）应急罚〔2026〕7号', url: 'https://yjj.example.gov.cn/cf/7.html' });
    expect(duty(run([decided, publish('2026-10-14')], noon('2026-10-20')), 'penalty:（澄）应急罚〔2026〕7号').state).toBe('done');
    expect(duty(run([decided, publish('2026-10-15')], noon('2026-10-20')), 'penalty:（澄）应急罚〔2026〕7号').state).toBe('done_late');
    expect(duty(run([decided], noon('2026-10-15')), 'penalty:（澄）应急罚〔2026〕7号').state).toBe('overdue');
  });

  test('挂牌督办: completion due 60 days after the notice; not applicable without one', () => {
    expect(duty(run([], noon('2026-03-03')), 'supervision').state).toBe('not_applicable');
    const s = run([{ type: 'supervision', on: '2026-03-05', by: '国务院安委会', noticeNo: '安委督〔2026〕3号' }], noon('2026-05-04'));
    expect(duty(s, 'supervision')).toMatchObject({ dueOn: '2026-05-04', state: 'due' });
    expect(s.supervision).toMatchObject({ by: '国务院安委会', noticeNo: '安委督〔2026〕3号' });
    expect(duty(run([{ type: 'supervision', on: '2026-03-05', by: '国务院安委会', noticeNo: '安委督〔2026〕3号' }, { type: 'supervision_closed', on: '2026-05-04' }], noon('2026-05-06')), 'supervision').state).toBe('done');
  });

  test('every duty names its rule with source and confidence tag', () => {
    const s = run([submitted('2026-04-20'), approved('2026-04-27')], noon('2026-04-28'));
    for (const d of s.duties) {
      expect(d.rules.length, d.id).toBeGreaterThan(0);
      for (const r of d.rules) expect(['V', 'P', 'R']).toContain(r.confidence);
    }
    expect(duty(s, 'report').rules[0]).toMatchObject({ confidence: 'V', source: expect.stringContaining('第29条') });
    expect(duty(s, 'approval').rules[0]?.source).toContain('第32条');
    expect(duty(s, 'rectification_review').rules[0]?.source).toContain('第86条');
    expect(duty(s, 'first_release').rules[0]).toMatchObject({ confidence: 'P', source: expect.stringContaining('80号') });
  });
});

describe('rescue releases', () => {
  test('重大: first authoritative release within 5 h; exactly 5 h is on time, a minute later is late', () => {
    expect(run([release('2026-03-02T11:30:00')], at('2026-03-02T12:00:00')).duties[0]).toMatchObject({ id: 'first_release', state: 'done' });
    expect(duty(run([release('2026-03-02T11:31:00')], at('2026-03-02T12:00:00')), 'first_release').state).toBe('done_late');
    expect(duty(run([], at('2026-03-02T11:30:00')), 'first_release').state).toBe('due');
    expect(duty(run([], at('2026-03-02T11:31:00')), 'first_release').state).toBe('overdue');
    expect(run([], at('2026-03-02T08:00:00')).rescue.firstDueAt?.toISOString()).toBe('2026-03-02T03:30:00.000Z');
  });

  test('重特大 follow-ups twice a day while rescue goes on; rescue_ended stops the cadence', () => {
    const entries = [release('2026-03-02T10:00:00'), release('2026-03-02T21:00:00'), release('2026-03-03T10:00:00')];
    const s = run(entries, at('2026-03-03T21:00:00'));
    expect(s.rescue).toMatchObject({ intervalHours: 12, ongoing: true, lateFollowUps: 1 });
    expect(s.rescue.nextDueAt?.toISOString()).toBe(at('2026-03-03T22:00:00').toISOString());
    expect(s.rescue.releases.map((r) => r.late)).toEqual([false, false, true]);
    expect(duty(s, 'follow_up').state).toBe('due');
    expect(duty(run(entries, at('2026-03-03T22:01:00')), 'follow_up').state).toBe('overdue');
    const ended = run([...entries, { type: 'rescue_ended', at: '2026-03-03T18:00:00+08:00' }], at('2026-03-05T12:00:00'));
    expect(ended.rescue.ongoing).toBe(false);
    expect(duty(ended, 'follow_up')).toMatchObject({ state: 'done_late', doneOn: '2026-03-03' });
  });

  test('较大: no national hour limit for the first release, Guizhou 3 h noted; daily follow-ups', () => {
    const s = run([], at('2026-03-03T12:00:00'), '较大');
    expect(s.rescue.firstDueAt).toBeNull();
    expect(s.rescue.localNote).toContain('3小时');
    expect(duty(s, 'first_release')).toMatchObject({ state: 'due', dueAt: null });
    expect(duty(s, 'first_release').rules[0]?.source).toContain('贵州');
    expect(s.rescue.intervalHours).toBe(24);
    expect(duty(s, 'follow_up').state).toBe('overdue');
  });

  test('一般: no follow-up cadence', () => {
    expect(duty(run([], at('2026-03-05T12:00:00'), '一般'), 'follow_up').state).toBe('not_applicable');
  });

  test('published Releases of kind first_report / follow_up count beside hand-recorded releases; other kinds do not', () => {
    const releases: PublishedRelease[] = [
      { id: 7, kind: 'first_report', title: '关于澄河煤矿事故的情况通报', publishedAt: at('2026-03-02T10:00:00') },
      { id: 8, kind: 'investigation', title: '调查结果', publishedAt: at('2026-03-02T10:30:00') },
    ];
    const s = run([release('2026-03-02T20:00:00', '续报')], at('2026-03-02T21:00:00'), '重大', releases);
    expect(s.rescue.releases.map((r) => [r.origin, r.releaseId, r.title])).toEqual([
      ['release', 7, '关于澄河煤矿事故的情况通报'],
      ['entry', null, '续报'],
    ]);
    expect(duty(s, 'first_release').state).toBe('done');
  });
});

describe('completeness', () => {
  test('summary counts open and overdue duties and names what is unpublished', () => {
    const s = run([], noon('2026-05-02'));
    expect(s.summary.overdue).toEqual(['首次发布权威信息', '续报救援进展', '提交事故调查报告']);
    expect(s.summary.overdueDuties).toBe(3);
    expect(s.summary.openDuties).toBe(s.duties.filter((d) => d.state === 'due' || d.state === 'overdue').length);
    expect(s.summary.unpublished).toContain('公布事故调查报告');
    expect(s.daysSinceAccident).toBe(61);
    expect(s.state).toBe('open');
  });

  test('a case with every duty done is closed', () => {
    const s = run(
      [
        release('2026-03-02T10:00:00'),
        { type: 'rescue_ended', at: '2026-03-02T18:00:00+08:00' },
        submitted('2026-04-20'),
        approved('2026-04-27'),
        { type: 'report_published', on: '2026-05-08', url: 'https://yjj.example.gov.cn/sgbg/1.html' },
        { type: 'accountability_published', on: '2026-05-08', url: 'https://yjj.example.gov.cn/zz/1.html', peopleHandled: 5 },
        { type: 'rectification_reviewed', on: '2027-03-01', url: 'https://yjj.example.gov.cn/pg/1.html' },
      ],
      noon('2027-03-02'),
    );
    expect(s.summary).toMatchObject({ openDuties: 0, overdueDuties: 0, unpublished: [] });
    expect(s.state).toBe('closed');
  });
});

describe('impossible entries are refused with the reason', () => {
  const cases: [string, AccidentEntry[], string, AccidentCaseGrade?][] = [
    ['a second extension', [extension('2026-04-01', 10), extension('2026-04-05', 10)], '批准延长调查期限（2026-04-05）：调查期限已于2026-04-01延长过一次，第29条只允许延长一次，未计入'],
    ['an extension over 60 days', [extension('2026-04-01', 61)], '批准延长调查期限（2026-04-01）：延长的期限最长不得超过60日（第29条），申请延长61日，未计入'],
    ['an extension after the due date', [extension('2026-05-02', 10)], '批准延长调查期限（2026-05-02）：批准日（2026-05-02）晚于原调查期限（2026-05-01），期限届满后不能再延长，未计入'],
    ['an extension after the report', [submitted('2026-04-01'), extension('2026-04-02', 10)], '批准延长调查期限（2026-04-02）：调查报告已于2026-04-01提交，无需延长，未计入'],
    ['a publication before the accident', [{ type: 'report_published', on: '2026-03-01', url: 'https://x.example.gov.cn/a.html' }], '公布事故调查报告（2026-03-01）：日期早于事故发生之日（2026-03-02），未计入'],
    ['a release before the accident time', [release('2026-03-02T06:00:00')], '发布救援进展（2026-03-02）：时间早于事故发生时间，未计入'],
    ['批复 before the report', [approved('2026-04-10'), submitted('2026-04-20')], '批复结案（2026-04-10）：尚未记录调查报告提交：批复须在收到调查报告之后（第32条），未计入'],
    ['a second 批复', [submitted('2026-04-01'), approved('2026-04-10'), approved('2026-04-11')], '批复结案（2026-04-11）：已于2026-04-10批复结案，未计入'],
    ['a second report', [submitted('2026-04-01'), submitted('2026-04-02')], '提交事故调查报告（2026-04-02）：调查报告已于2026-04-01提交，未计入'],
    ['a 批复 extension for a 重大 accident', [submitted('2026-04-01'), { type: 'approval_extended', on: '2026-04-05', days: 10, approvedBy: '省政府' }], '延长批复期限（2026-04-05）：只有特别重大事故的批复期限可以延长（第32条），未计入'],
    ['a 批复 extension over 30 days', [submitted('2026-04-01'), { type: 'approval_extended', on: '2026-04-05', days: 31, approvedBy: '国务院' }], '延长批复期限（2026-04-05）：批复期限延长最长不得超过30日（第32条），申请延长31日，未计入', '特别重大'],
    ['a second 批复 extension', [submitted('2026-04-01'), { type: 'approval_extended', on: '2026-04-05', days: 10, approvedBy: '国务院' }, { type: 'approval_extended', on: '2026-04-06', days: 10, approvedBy: '国务院' }], '延长批复期限（2026-04-06）：批复期限已延长过一次，未计入', '特别重大'],
    ['an appraisal ending before it starts', [{ type: 'appraisal', from: '2026-03-10', to: '2026-03-09' }], '技术鉴定（2026-03-10）：技术鉴定结束日早于开始日，未计入'],
    ['an appraisal after the report', [submitted('2026-04-01'), { type: 'appraisal', from: '2026-04-02', to: '2026-04-05' }], '技术鉴定（2026-04-02）：调查报告已于2026-04-01提交，之后的技术鉴定不影响调查期限，未计入'],
    ['a penalty published without its decision', [{ type: 'penalty_published', on: '2026-04-01', decisionNo: 'X1', url: 'https://x.example.gov.cn/p.html' }], '公开行政处罚决定（2026-04-01）：没有文号为“X1”的处罚决定，请先记录处罚决定，未计入'],
    ['a rectification review before the 批复', [{ type: 'rectification_reviewed', on: '2026-04-01', url: 'https://x.example.gov.cn/r.html' }], '公布整改评估结果（2026-04-01）：尚未批复结案：整改评估在批复后1年内进行（安全生产法第86条），未计入'],
    ['closing a supervision that never started', [{ type: 'supervision_closed', on: '2026-04-01' }], '督办事项办结（2026-04-01）：没有挂牌督办记录，未计入'],
    ['rescue ended twice', [{ type: 'rescue_ended', at: '2026-03-02T20:00:00+08:00' }, { type: 'rescue_ended', at: '2026-03-03T20:00:00+08:00' }], '救援结束（2026-03-03）：已记录救援于2026-03-02结束，未计入'],
    ['a date after today', [{ type: 'note', on: '2026-06-02', text: '将来' }], '备注（2026-06-02）：日期晚于今天（2026-06-01），未计入'],
  ];
  test.each(cases)('%s', (_name, entries, message, grade) => {
    const s = run(entries, noon('2026-06-01'), grade ?? '重大');
    expect(s.errors).toEqual([message]);
    expect(s.refusedSeqs).toHaveLength(1);
  });

  test('a refused entry changes nothing: the clocks are those without it', () => {
    const without = run([extension('2026-04-01', 10)], noon('2026-04-10'));
    const withRefused = run([extension('2026-04-01', 10), extension('2026-04-05', 20)], noon('2026-04-10'));
    expect(withRefused.report.dueOn).toBe(without.report.dueOn);
    expect(withRefused.report.dueOn).toBe('2026-05-11');
  });

  test('entries are replayed in date order, whatever order they were recorded in', () => {
    const s = run([approved('2026-04-25'), submitted('2026-04-20')].reverse(), noon('2026-04-26'));
    expect(s.errors).toEqual([]);
    const recordedLate = computeAccidentCase(
      { occurredAt: OCCURRED, grade: '重大' },
      [
        { seq: 1, entry: submitted('2026-04-20') },
        { seq: 2, entry: approved('2026-04-25') },
        { seq: 3, entry: release('2026-03-02T10:00:00', '迟录的首报') },
      ],
      { now: noon('2026-04-26') },
    );
    expect(recordedLate.errors).toEqual([]);
    expect(duty(recordedLate, 'first_release').state).toBe('done');
  });
});

describe('calendar and listing terms', () => {
  test('months are added on the wall calendar; a missing day falls back to the month end', () => {
    expect(addCalendarMonths('2026-04-27', 12)).toBe('2027-04-27');
    expect(addCalendarMonths('2024-02-29', 12)).toBe('2025-02-28');
    expect(addCalendarMonths('2026-01-31', 1)).toBe('2026-02-28');
  });

  test('严重失信主体名单: 3 years, early removal after 12 months, statuses', () => {
    const terms = listingTerms('2026-03-02');
    expect(terms).toEqual({ expiresOn: '2029-03-02', earlyRemovalFrom: '2027-03-02' });
    const l = { listedOn: '2026-03-02', ...terms, removedOn: null };
    expect(removalRefusal(l, '2027-03-01', '2027-06-01')).toBe('列入满12个月（2027-03-02）后方可提前移出（应急管理部令第11号）');
    expect(removalRefusal(l, '2027-03-02', '2027-06-01')).toBeNull();
    expect(removalRefusal({ ...l, removedOn: '2027-04-01' }, '2027-05-01', '2027-06-01')).toBe('该企业已于2027-04-01移出名单');
    expect(listingStatus(l, '2026-06-01')).toBe('in_force');
    expect(listingStatus(l, '2029-01-01')).toBe('expiring');
    expect(listingStatus(l, '2029-03-02')).toBe('expired');
    expect(listingStatus({ ...l, removedOn: '2027-04-01' }, '2027-06-01')).toBe('removed');
  });
});
