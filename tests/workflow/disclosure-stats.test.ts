import { describe, expect, test } from 'vitest';
import { computeDisclosureClock, parseDisclosureEvents } from '@/lib/workflow/disclosure-deadline';
import {
  computeDisclosureStats,
  statsRequestFromClock,
  type DisclosureStatsRequest,
  type ReviewLitigationCase,
} from '@/lib/workflow/disclosure-stats';

const requests: DisclosureStatsRequest[] = [
  // carried in from 2024, closed in January
  { id: 'A', applicantType: 'natural_person', receivedOn: '2024-12-20', closedOn: '2025-01-10', outcome: { category: 'DISCLOSE', reason: null }, dueDate: '2025-01-20' },
  // closed in 2024: not in the 2025 table
  { id: 'B', applicantType: 'natural_person', receivedOn: '2024-11-01', closedOn: '2024-12-01', outcome: { category: 'DISCLOSE', reason: null }, dueDate: '2024-11-29' },
  { id: 'C', applicantType: 'commercial', receivedOn: '2025-03-03', closedOn: '2025-03-20', outcome: { category: 'REFUSE', reason: 'THIRD_PARTY' }, dueDate: '2025-03-31' },
  // still open on 31 December, not yet due
  { id: 'D', applicantType: 'natural_person', receivedOn: '2025-12-20', closedOn: null, outcome: null, dueDate: '2026-01-20' },
  // closed late
  { id: 'E', applicantType: 'research', receivedOn: '2025-05-06', closedOn: '2025-06-30', outcome: { category: 'UNABLE', reason: 'NOT_HELD' }, dueDate: '2025-06-03' },
  // open and overdue at year end
  { id: 'F', applicantType: 'legal_service', receivedOn: '2025-10-09', closedOn: null, outcome: null, dueDate: '2025-11-06' },
  // 2026: not in the 2025 table
  { id: 'G', applicantType: 'natural_person', receivedOn: '2026-01-05', closedOn: null, outcome: null, dueDate: null },
  { id: 'H', applicantType: 'public_interest', receivedOn: '2025-07-01', closedOn: '2025-07-20', outcome: { category: 'OTHER', reason: 'NO_SUPPLEMENT' }, dueDate: null },
  { id: 'I', applicantType: 'other_org', receivedOn: '2025-08-01', closedOn: '2025-08-20', outcome: { category: 'PARTIAL', reason: null }, dueDate: '2025-08-29' },
  // inconsistent: left out with an error
  { id: 'X', applicantType: 'natural_person', receivedOn: '2025-04-01', closedOn: '2025-03-01', outcome: { category: 'DISCLOSE', reason: null }, dueDate: null },
];

function row(stats: ReturnType<typeof computeDisclosureStats>, key: string) {
  const found = stats.rows.find((r) => r.key === key);
  if (!found) throw new Error(`no row ${key}`);
  return found;
}

describe('annual 依申请公开 table', () => {
  const stats = computeDisclosureStats(requests, 2025);

  test('一、二、三、四 with the applicant columns', () => {
    expect(row(stats, 'new').counts).toEqual({
      natural_person: 1, commercial: 1, research: 1, public_interest: 1, legal_service: 1, other_org: 1, total: 6,
    });
    expect(row(stats, 'carried_in').counts?.total).toBe(1);
    expect(row(stats, 'carried_in').counts?.natural_person).toBe(1);
    expect(row(stats, 'results_total').counts?.total).toBe(5);
    expect(row(stats, 'carried_out').counts).toMatchObject({ natural_person: 1, legal_service: 1, total: 2 });
    expect(stats.check).toEqual({ ok: true, failures: [] });
  });

  test('outcomes by category and sub-reason', () => {
    expect(row(stats, 'DISCLOSE').counts?.total).toBe(1);
    expect(row(stats, 'PARTIAL').counts?.other_org).toBe(1);
    expect(row(stats, 'REFUSE').counts?.commercial).toBe(1);
    expect(row(stats, 'REFUSE.THIRD_PARTY').counts?.commercial).toBe(1);
    expect(row(stats, 'REFUSE.STATE_SECRET').counts?.total).toBe(0);
    expect(row(stats, 'UNABLE.NOT_HELD').counts?.research).toBe(1);
    expect(row(stats, 'OTHER.NO_SUPPLEMENT').counts?.public_interest).toBe(1);
  });

  test('rows carry the report labels in order', () => {
    const labels = stats.rows.map((r) => r.label);
    expect(labels[0]).toBe('一、本年新收政府信息公开申请数量');
    expect(labels).toContain('（二）部分公开（区分处理的，只计这一情形，不计其他情形）');
    expect(labels).toContain('3.危及“三安全一稳定”');
    expect(labels).toContain('5.要求行政机关确认或重新出具已获取信息');
    expect(labels.indexOf('（七）总计')).toBe(labels.length - 2);
    expect(labels[labels.length - 1]).toBe('四、结转下年度继续办理');
    expect(stats.rows.filter((r) => r.depth === 2)).toHaveLength(8 + 3 + 5 + 3);
    expect(stats.columns.map((c) => c.label)).toEqual(['自然人', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他', '总计']);
  });

  test('overdue counts', () => {
    // Closings with a due date: A, C, E, I → E late.
    expect(stats.overdue).toEqual({ closedLate: 1, openOverdueAtYearEnd: 1, onTimeRate: 0.75 });
  });

  test('inconsistent records are named, not counted', () => {
    expect(stats.errors).toHaveLength(1);
    expect(stats.errors[0]).toContain('申请 X');
  });

  test('the previous year sees A as carried out', () => {
    const y2024 = computeDisclosureStats(requests, 2024);
    expect(row(y2024, 'new').counts?.total).toBe(2);
    expect(row(y2024, 'results_total').counts?.total).toBe(1);
    expect(row(y2024, 'carried_out').counts?.total).toBe(1);
    expect(y2024.check.ok).toBe(true);
  });
});

describe('行政复议、行政诉讼', () => {
  const cases: ReviewLitigationCase[] = [
    { id: 'r1', kind: 'review', filedOn: '2025-03-01', result: 'upheld', decidedOn: '2025-05-01' },
    { id: 'r2', kind: 'review', filedOn: '2025-06-01', result: 'corrected', decidedOn: '2025-08-01' },
    { id: 'l1', kind: 'litigation_direct', filedOn: '2025-11-01', result: 'corrected', decidedOn: '2026-02-01' },
    { id: 'l2', kind: 'litigation_after_review', filedOn: '2024-10-01', result: 'other', decidedOn: '2025-01-10' },
  ];
  const stats = computeDisclosureStats([], 2025, cases);

  test('counted by filing year, undecided by 31 December is 尚未审结', () => {
    const [review, direct, afterReview] = stats.reviewRows;
    expect(review?.counts).toEqual({ upheld: 1, corrected: 1, other: 0, pending: 0, total: 2 });
    expect(direct?.counts).toEqual({ upheld: 0, corrected: 0, other: 0, pending: 1, total: 1 });
    expect(afterReview?.counts.total).toBe(0);
    expect(review?.label).toBe('行政复议');
  });
});

describe('from computed clocks', () => {
  test('a clock feeds the table', () => {
    const parsed = parseDisclosureEvents([
      { type: 'received', channel: '当面', submittedOn: '2025-03-03' },
      { type: 'closed', on: '2025-04-02', category: 'NOT_HANDLED', reason: 'DUPLICATE', art36Item: 'DUPLICATE' },
    ]);
    if (!parsed.ok) throw new Error(parsed.errors.join());
    const clock = computeDisclosureClock(parsed.events, { today: '2025-12-31' });
    const record = statsRequestFromClock('Z', 'natural_person', clock);
    expect(record).toMatchObject({ receivedOn: '2025-03-03', closedOn: '2025-04-02', dueDate: '2025-03-31' });
    const stats = computeDisclosureStats(record ? [record] : [], 2025);
    expect(row(stats, 'NOT_HANDLED.DUPLICATE').counts?.natural_person).toBe(1);
    expect(stats.overdue.closedLate).toBe(1);
  });
});
