/**
 * Yearly 依申请公开 statistics for the 政府信息公开工作年度报告 (DOMAIN §1.5; table format of
 * 国办公开办函〔2021〕30号). Pure: give it every request the office has registered (any year) and
 * the year; it works out which requests are new, carried in, closed and carried out.
 *
 * Year membership uses Asia/Shanghai calendar days ('YYYY-MM-DD'):
 * - 一、本年新收: received (art. 31 receipt date) within the year;
 * - 二、上年结转: received before the year and not closed before 1 January;
 * - 三、本年度办理结果: closed within the year, by outcome category and sub-reason;
 * - 四、结转下年度继续办理: received by 31 December and not closed by then.
 * The report's own check, 一 + 二 = 三 + 四, holds for every column when the data is consistent;
 * `check` says which column fails otherwise.
 */
import type { CalendarDay } from './calendar';
import {
  OUTCOME_CATEGORIES,
  OUTCOME_REASONS,
  type DisclosureClock,
  type OutcomeCategory,
  type OutcomeReason,
} from './disclosure-deadline';

/** 申请人情况 columns of the annual table. */
export const APPLICANT_TYPES = {
  natural_person: '自然人',
  commercial: '商业企业',
  research: '科研机构',
  public_interest: '社会公益组织',
  legal_service: '法律服务机构',
  other_org: '其他',
} as const;
export type ApplicantType = keyof typeof APPLICANT_TYPES;

export type StatsColumnKey = ApplicantType | 'total';

export interface StatsColumn {
  key: StatsColumnKey;
  label: string;
  /** Column group heading in the report ('法人或其他组织' spans five columns). */
  group: string | null;
}

export const STATS_COLUMNS: readonly StatsColumn[] = [
  { key: 'natural_person', label: '自然人', group: null },
  { key: 'commercial', label: '商业企业', group: '法人或其他组织' },
  { key: 'research', label: '科研机构', group: '法人或其他组织' },
  { key: 'public_interest', label: '社会公益组织', group: '法人或其他组织' },
  { key: 'legal_service', label: '法律服务机构', group: '法人或其他组织' },
  { key: 'other_org', label: '其他', group: '法人或其他组织' },
  { key: 'total', label: '总计', group: null },
];

export interface DisclosureStatsRequest {
  /** Shown in error messages. */
  id: string;
  applicantType: ApplicantType;
  receivedOn: CalendarDay;
  closedOn: CalendarDay | null;
  outcome: { category: OutcomeCategory; reason: OutcomeReason | null } | null;
  /** Due date in force (for the overdue counts); null if unknown. */
  dueDate: CalendarDay | null;
}

/** Builds a stats record from a computed clock; null while the request is not registered. */
export function statsRequestFromClock(
  id: string,
  applicantType: ApplicantType,
  clock: DisclosureClock,
): DisclosureStatsRequest | null {
  if (!clock.receivedOn) return null;
  return {
    id,
    applicantType,
    receivedOn: clock.receivedOn,
    closedOn: clock.closedOn,
    outcome: clock.outcome ? { category: clock.outcome.category, reason: clock.outcome.reason } : null,
    dueDate: clock.dueDate,
  };
}

export type Counts = Record<StatsColumnKey, number>;

export interface StatsRow {
  key: string;
  label: string;
  /** 0 = 一/二/三/四, 1 = (一)…(七), 2 = numbered sub-reasons. */
  depth: 0 | 1 | 2;
  /** null for the heading row 三、本年度办理结果 (its total is row (七) 总计). */
  counts: Counts | null;
}

export type ReviewResult = 'upheld' | 'corrected' | 'other';

export interface ReviewLitigationCase {
  id: string;
  kind: 'review' | 'litigation_direct' | 'litigation_after_review';
  filedOn: CalendarDay;
  /** Result and the day it was decided; a case undecided by 31 December counts as 尚未审结. */
  result: ReviewResult | null;
  decidedOn: CalendarDay | null;
}

export const REVIEW_KINDS = {
  review: '行政复议',
  litigation_direct: '行政诉讼（未经复议直接起诉）',
  litigation_after_review: '行政诉讼（复议后起诉）',
} as const;

export const REVIEW_COLUMNS = {
  upheld: '结果维持',
  corrected: '结果纠正',
  other: '其他结果',
  pending: '尚未审结',
  total: '总计',
} as const;
export type ReviewColumnKey = keyof typeof REVIEW_COLUMNS;

export interface ReviewRow {
  kind: ReviewLitigationCase['kind'];
  label: string;
  counts: Record<ReviewColumnKey, number>;
}

export interface DisclosureYearStats {
  year: number;
  columns: readonly StatsColumn[];
  rows: StatsRow[];
  /** 一 + 二 = 三 + 四 for every column. */
  check: { ok: boolean; failures: string[] };
  /** Not in the official table, but the office reports and watches them. */
  overdue: {
    /** Closed this year after the due date. */
    closedLate: number;
    /** Still open on 31 December with the due date already passed. */
    openOverdueAtYearEnd: number;
    /** Share of this year's closings that were on time, 0–1; null with no closings. */
    onTimeRate: number | null;
  };
  reviewRows: ReviewRow[];
  /** Records left out, with why (Chinese). */
  errors: string[];
}

const OUTCOME_ROW_NUMBERS: Record<OutcomeCategory, string> = {
  DISCLOSE: '（一）',
  PARTIAL: '（二）',
  REFUSE: '（三）',
  UNABLE: '（四）',
  NOT_HANDLED: '（五）',
  OTHER: '（六）',
};

function zeroCounts(): Counts {
  return {
    natural_person: 0,
    commercial: 0,
    research: 0,
    public_interest: 0,
    legal_service: 0,
    other_org: 0,
    total: 0,
  };
}

function bump(counts: Counts, type: ApplicantType): void {
  counts[type]++;
  counts.total++;
}

export function computeDisclosureStats(
  requests: readonly DisclosureStatsRequest[],
  year: number,
  reviews: readonly ReviewLitigationCase[] = [],
): DisclosureYearStats {
  const yearStart = `${year}-01-01`;
  const yearEnd = `${year}-12-31`;
  const errors: string[] = [];

  const newThisYear = zeroCounts();
  const carriedIn = zeroCounts();
  const carriedOut = zeroCounts();
  const byCategory = new Map<OutcomeCategory, Counts>();
  const byReason = new Map<string, Counts>();
  for (const category of Object.keys(OUTCOME_CATEGORIES) as OutcomeCategory[]) {
    byCategory.set(category, zeroCounts());
  }
  const closedTotal = zeroCounts();
  let closedLate = 0;
  let closedWithDue = 0;
  let openOverdueAtYearEnd = 0;

  for (const r of requests) {
    if (r.closedOn && r.closedOn < r.receivedOn) {
      errors.push(`申请 ${r.id}：办结日（${r.closedOn}）早于收到日（${r.receivedOn}），未计入`);
      continue;
    }
    if (r.closedOn && !r.outcome) {
      errors.push(`申请 ${r.id}：已办结但没有办理结果，未计入`);
      continue;
    }
    if (r.receivedOn > yearEnd) continue;
    if (r.closedOn && r.closedOn < yearStart) continue;

    if (r.receivedOn >= yearStart) bump(newThisYear, r.applicantType);
    else bump(carriedIn, r.applicantType);

    if (r.closedOn && r.closedOn <= yearEnd && r.outcome) {
      const { category, reason } = r.outcome;
      bump(byCategory.get(category) as Counts, r.applicantType);
      bump(closedTotal, r.applicantType);
      if (category !== 'DISCLOSE' && category !== 'PARTIAL') {
        const key = `${category}.${reason ?? 'OTHER'}`;
        if (!byReason.has(key)) byReason.set(key, zeroCounts());
        bump(byReason.get(key) as Counts, r.applicantType);
      }
      if (r.dueDate) {
        closedWithDue++;
        if (r.closedOn > r.dueDate) closedLate++;
      }
    } else {
      bump(carriedOut, r.applicantType);
      if (r.dueDate && r.dueDate < yearEnd) openOverdueAtYearEnd++;
    }
  }

  const rows: StatsRow[] = [
    { key: 'new', label: '一、本年新收政府信息公开申请数量', depth: 0, counts: newThisYear },
    { key: 'carried_in', label: '二、上年结转政府信息公开申请数量', depth: 0, counts: carriedIn },
    { key: 'results', label: '三、本年度办理结果', depth: 0, counts: null },
  ];
  for (const category of Object.keys(OUTCOME_CATEGORIES) as OutcomeCategory[]) {
    const label =
      category === 'PARTIAL'
        ? '（二）部分公开（区分处理的，只计这一情形，不计其他情形）'
        : `${OUTCOME_ROW_NUMBERS[category]}${OUTCOME_CATEGORIES[category]}`;
    rows.push({ key: category, label, depth: 1, counts: byCategory.get(category) as Counts });
    if (category === 'DISCLOSE' || category === 'PARTIAL') continue;
    const reasons: Record<string, string> = OUTCOME_REASONS[category];
    Object.entries(reasons).forEach(([reason, reasonLabel], i) => {
      const key = `${category}.${reason}`;
      rows.push({ key, label: `${i + 1}.${reasonLabel}`, depth: 2, counts: byReason.get(key) ?? zeroCounts() });
    });
  }
  rows.push({ key: 'results_total', label: '（七）总计', depth: 1, counts: closedTotal });
  rows.push({ key: 'carried_out', label: '四、结转下年度继续办理', depth: 0, counts: carriedOut });

  const failures: string[] = [];
  for (const column of STATS_COLUMNS) {
    const left = newThisYear[column.key] + carriedIn[column.key];
    const right = closedTotal[column.key] + carriedOut[column.key];
    if (left !== right) failures.push(`“${column.label}”列：一+二=${left}，三+四=${right}`);
  }

  return {
    year,
    columns: STATS_COLUMNS,
    rows,
    check: { ok: failures.length === 0, failures },
    overdue: {
      closedLate,
      openOverdueAtYearEnd,
      onTimeRate: closedWithDue === 0 ? null : (closedWithDue - closedLate) / closedWithDue,
    },
    reviewRows: reviewTable(reviews, yearStart, yearEnd, errors),
    errors,
  };
}

/** 行政复议、行政诉讼情况: cases filed within the year, by their result as of 31 December. */
function reviewTable(
  reviews: readonly ReviewLitigationCase[],
  yearStart: CalendarDay,
  yearEnd: CalendarDay,
  errors: string[],
): ReviewRow[] {
  const rows = (Object.keys(REVIEW_KINDS) as ReviewLitigationCase['kind'][]).map(
    (kind): ReviewRow => ({
      kind,
      label: REVIEW_KINDS[kind],
      counts: { upheld: 0, corrected: 0, other: 0, pending: 0, total: 0 },
    }),
  );
  for (const c of reviews) {
    if (c.filedOn < yearStart || c.filedOn > yearEnd) continue;
    if (c.decidedOn && c.decidedOn < c.filedOn) {
      errors.push(`复议/诉讼 ${c.id}：决定日早于提起日，未计入`);
      continue;
    }
    const row = rows.find((r) => r.kind === c.kind) as ReviewRow;
    const decided = c.result !== null && c.decidedOn !== null && c.decidedOn <= yearEnd;
    row.counts[decided ? (c.result as ReviewResult) : 'pending']++;
    row.counts.total++;
  }
  return rows;
}
