/**
 * The 事故信息公开 tracker of one accident, as a pure function over the case's entries (DOMAIN §2.3,
 * §3.3, §6.1, §7): which disclosure duties are due, done, still unpublished or overdue. Pass `now`
 * in; nothing here reads the system clock.
 *
 * The rules encoded, with DOMAIN's confidence tags:
 * - 493号 art. 29 [V]: the investigation report is due within 60 days of the accident; with the
 *   investigating government's approval +≤60 days (once). Art. 27: technical appraisal (技术鉴定)
 *   time is not counted.
 * - 493号 art. 32 [V]: 批复 within 15 days of receiving the report (重大/较大/一般); 特别重大 within
 *   30 days, extendable by ≤30 days.
 * - 安全生产法(2021) art. 86 [V]: the report is published 依法及时; within 1 year of the 批复 the
 *   rectification is evaluated and the result published. "及时" has no number: we use the 20 working
 *   days of 政府信息公开条例(2019) art. 26 [V] (主动公开 within 20 WD of the information being formed).
 * - 安全生产法(2021) art. 78 [V]: a penalty decision is published within 7 working days.
 * - 国办发〔2016〕80号 [P]: first authoritative release within 5 h for 特别重大/重大; Guizhou 2014 [P]:
 *   3 h for 较大 and above (a local rule, shown as a note). 总局 notice [P]: 续报 twice a day for
 *   重特大, once a day for 较大, until rescue ends.
 * - 挂牌督办 [P, local practice: Henan, Jiangsu]: the 督办事项 are completed within 60 days of the notice.
 * - 应急管理部 2026-02-27 [P]: "公开是长期的，严禁公开几天后又撤回". Every public address recorded in a
 *   case is checked by the worker (lib/db/accidents.ts checkAccidentLinks); it records a `link_check`
 *   entry only when a URL's state changes, and a gone URL is an overdue duty "保持公开（严禁撤回）".
 *
 * Counting: calendar-day limits follow 《民法典》art. 201 (the start day is day 0); days are
 * Asia/Shanghai calendar days ('YYYY-MM-DD'). Entries are replayed in date order (same day: the order
 * they were recorded), so a release recorded late still lands in its place; an entry impossible at
 * its point is reported in `errors` with the reason in Chinese and not applied.
 */
import { z } from 'zod';
import {
  CalendarDaySchema,
  addCalendarDays,
  addWorkingDays,
  calendarDayInShanghai,
  isValidCalendarDay,
  missingYearWarning,
  type CalendarDay,
} from './calendar';

// ---------------------------------------------------------------------------------------------
// Vocabularies

export const ACCIDENT_GRADES = ['特别重大', '重大', '较大', '一般'] as const;
export type AccidentCaseGrade = (typeof ACCIDENT_GRADES)[number];

export const SUPERVISORS = ['国务院安委会', '国务院安委办', '省安委会', '市安委会'] as const;
export type Supervisor = (typeof SUPERVISORS)[number];

export const REPORT_BASE_DAYS = 60;
export const REPORT_MAX_EXTENSION_DAYS = 60;
export const APPROVAL_DAYS = 15;
export const APPROVAL_DAYS_MOST_SERIOUS = 30;
export const APPROVAL_MAX_EXTENSION_DAYS = 30;
export const PUBLICATION_WORKING_DAYS = 20;
export const PENALTY_PUBLICATION_WORKING_DAYS = 7;
export const SUPERVISION_DAYS = 60;
export const FIRST_RELEASE_HOURS = 5;
export const GUIZHOU_FIRST_RELEASE_HOURS = 3;

const HOUR_MS = 3_600_000;

// ---------------------------------------------------------------------------------------------
// Entry schemas (zod at the edge: stored payloads and forms pass through them)

const Day = CalendarDaySchema;
/** An instant with its offset, e.g. 2026-03-02T14:30:00+08:00 or …Z. */
const Instant = z.iso.datetime({ offset: true, message: '时间格式应为 ISO 8601（含时区）' });
const HttpUrl = z
  .string()
  .trim()
  .max(1000, '网址过长')
  .refine((u) => /^https?:\/\//i.test(u) && URL.canParse(u), '网址须以 http:// 或 https:// 开头');
const Count = z.number().int().min(0).max(100_000);
const Text = (max: number, missing: string) => z.string().trim().min(1, missing).max(max, `最多 ${max} 个字`);

export const RescueReleaseEntrySchema = z.object({
  type: z.literal('rescue_release'),
  at: Instant,
  title: Text(200, '请填写发布标题'),
  url: HttpUrl.optional(),
  deaths: Count.optional(),
  injuries: Count.optional(),
  missing: Count.optional(),
});
export const RescueEndedEntrySchema = z.object({ type: z.literal('rescue_ended'), at: Instant });
export const ReportSubmittedEntrySchema = z.object({ type: z.literal('report_submitted'), on: Day });
export const AppraisalEntrySchema = z.object({
  type: z.literal('appraisal'),
  from: Day,
  to: Day,
  subject: z.string().trim().max(200).optional(),
});
export const ExtensionApprovedEntrySchema = z.object({
  type: z.literal('extension_approved'),
  on: Day,
  /** Checked against the 60-day cap by the replay, so a stored over-long extension is refused with the reason. */
  days: z.number().int().min(1, '延长至少 1 日'),
  approvedBy: Text(100, '请填写批准机关'),
  documentNo: Text(100, '请填写批准文号'),
});
export const ReportPublishedEntrySchema = z.object({ type: z.literal('report_published'), on: Day, url: HttpUrl });
export const ApprovalExtendedEntrySchema = z.object({
  type: z.literal('approval_extended'),
  on: Day,
  days: z.number().int().min(1, '延长至少 1 日'),
  approvedBy: Text(100, '请填写批准机关'),
});
export const ClosureApprovedEntrySchema = z.object({
  type: z.literal('closure_approved'),
  on: Day,
  documentNo: Text(100, '请填写批复文号'),
});
export const SupervisionEntrySchema = z.object({
  type: z.literal('supervision'),
  on: Day,
  by: z.enum(SUPERVISORS),
  noticeNo: Text(100, '请填写督办通知书文号'),
});
export const SupervisionClosedEntrySchema = z.object({ type: z.literal('supervision_closed'), on: Day, url: HttpUrl.optional() });
export const AccountabilityPublishedEntrySchema = z.object({
  type: z.literal('accountability_published'),
  on: Day,
  url: HttpUrl,
  peopleHandled: Count,
  transferredToJustice: Count.optional(),
});
export const PenaltyDecidedEntrySchema = z.object({
  type: z.literal('penalty_decided'),
  on: Day,
  decisionNo: Text(100, '请填写处罚决定书文号'),
  target: Text(200, '请填写被处罚单位或个人'),
});
export const PenaltyPublishedEntrySchema = z.object({
  type: z.literal('penalty_published'),
  on: Day,
  decisionNo: Text(100, '请填写处罚决定书文号'),
  url: HttpUrl,
});
export const RectificationReviewedEntrySchema = z.object({ type: z.literal('rectification_reviewed'), on: Day, url: HttpUrl });
export const NoteEntrySchema = z.object({ type: z.literal('note'), on: Day, text: Text(1000, '请填写备注内容') });

/** What changed for a URL: its first definitive check was OK, it disappeared, it came back. */
export const LINK_CHANGES = ['first_ok', 'gone', 'restored'] as const;
export type LinkChange = (typeof LINK_CHANGES)[number];

/**
 * Recorded by the system only (actor system:accidents), and only when a URL's state changes, so the
 * timeline shows the change and not a daily "still there".
 */
export const LinkCheckEntrySchema = z.object({
  type: z.literal('link_check'),
  checkedAt: Instant,
  url: HttpUrl,
  ok: z.boolean(),
  /** What the check saw, short and in Chinese where it is not a code: 'HTTP 404', '域名不存在', '连续3日超时'. */
  status: z.string().trim().min(1).max(200),
  httpStatus: z.number().int().min(100).max(599).optional(),
  change: z.enum(LINK_CHANGES),
  /** For a URL declared gone after repeated failures: the first failing check. */
  since: Instant.optional(),
});

export const AccidentEntrySchema = z.discriminatedUnion('type', [
  RescueReleaseEntrySchema,
  RescueEndedEntrySchema,
  ReportSubmittedEntrySchema,
  AppraisalEntrySchema,
  ExtensionApprovedEntrySchema,
  ReportPublishedEntrySchema,
  ApprovalExtendedEntrySchema,
  ClosureApprovedEntrySchema,
  SupervisionEntrySchema,
  SupervisionClosedEntrySchema,
  AccountabilityPublishedEntrySchema,
  PenaltyDecidedEntrySchema,
  PenaltyPublishedEntrySchema,
  RectificationReviewedEntrySchema,
  NoteEntrySchema,
  LinkCheckEntrySchema,
]);
export type AccidentEntry = z.output<typeof AccidentEntrySchema>;
export type AccidentEntryType = AccidentEntry['type'];
export const ENTRY_TYPES = AccidentEntrySchema.options.map((o) => o.shape.type.value) as AccidentEntryType[];
/** Entry types only the system records (never offered as a form, refused from a person). */
export const SYSTEM_ENTRY_TYPES = ['link_check'] as const satisfies readonly AccidentEntryType[];
export type SystemEntryType = (typeof SYSTEM_ENTRY_TYPES)[number];
/** Entry types a press officer records through a form. */
export type FormEntryType = Exclude<AccidentEntryType, SystemEntryType>;

export function isSystemEntryType(type: string): type is SystemEntryType {
  return (SYSTEM_ENTRY_TYPES as readonly string[]).includes(type);
}

export const ENTRY_LABELS: Record<AccidentEntryType, string> = {
  rescue_release: '发布救援进展',
  rescue_ended: '救援结束',
  report_submitted: '提交事故调查报告',
  appraisal: '技术鉴定',
  extension_approved: '批准延长调查期限',
  report_published: '公布事故调查报告',
  approval_extended: '延长批复期限',
  closure_approved: '批复结案',
  supervision: '挂牌督办',
  supervision_closed: '督办事项办结',
  accountability_published: '公布责任追究情况',
  penalty_decided: '作出行政处罚决定',
  penalty_published: '公开行政处罚决定',
  rectification_reviewed: '公布整改评估结果',
  note: '备注',
  link_check: '公开网址检查',
};

/** Entries that carry an instant (not just a day). */
function isTimed(entry: AccidentEntry): entry is Extract<AccidentEntry, { type: 'rescue_release' | 'rescue_ended' | 'link_check' }> {
  return entry.type === 'rescue_release' || entry.type === 'rescue_ended' || entry.type === 'link_check';
}

/** The public address an entry records, if any (every type with a url, the system's checks aside). */
export function entryUrl(entry: AccidentEntry): string | null {
  if (entry.type === 'link_check') return null;
  return 'url' in entry && typeof entry.url === 'string' ? entry.url : null;
}

/** The calendar day an entry happened (instants on the Asia/Shanghai calendar). */
export function entryDay(entry: AccidentEntry): CalendarDay {
  switch (entry.type) {
    case 'rescue_release':
    case 'rescue_ended':
      return calendarDayInShanghai(new Date(entry.at));
    case 'link_check':
      return calendarDayInShanghai(new Date(entry.checkedAt));
    case 'appraisal':
      return entry.from;
    default:
      return entry.on;
  }
}

/** The instant an entry happened: its time, or the start of its day in Shanghai. */
export function entryInstant(entry: AccidentEntry): Date {
  if (entry.type === 'rescue_release' || entry.type === 'rescue_ended') return new Date(entry.at);
  if (entry.type === 'link_check') return new Date(entry.checkedAt);
  return new Date(`${entryDay(entry)}T00:00:00+08:00`);
}

// ---------------------------------------------------------------------------------------------
// Inputs and results

export interface AccidentFacts {
  /** When the accident happened: every clock starts here. */
  occurredAt: Date;
  grade: AccidentCaseGrade | null;
}

/** A recorded entry, with its recording order (seq) for same-day ties. */
export interface RecordedEntry {
  seq: number;
  entry: AccidentEntry;
}

/** A published Release (first_report / follow_up) of the case's event: counts as a rescue release. */
export interface PublishedRelease {
  id: number;
  kind: string;
  title: string;
  publishedAt: Date;
}

export type DutyState = 'done' | 'done_late' | 'due' | 'overdue' | 'not_applicable';

export const DUTY_STATE_LABELS: Record<DutyState, string> = {
  done: '已完成',
  done_late: '逾期完成',
  due: '待完成',
  overdue: '已逾期',
  not_applicable: '不适用',
};

export type Confidence = 'V' | 'P' | 'R';

export interface DutyRule {
  /** What the rule says, in Chinese. */
  text: string;
  /** Where it comes from. */
  source: string;
  /** DOMAIN confidence tag: [V] verified, [P] page excerpt, [R] recollection. */
  confidence: Confidence;
}

export interface Duty {
  /** Stable id: 'report', 'approval', 'penalty:<文号>' … */
  id: string;
  label: string;
  /** Column of the regulator's site where it is published (DOMAIN §6.1), when it is a publication. */
  publication: boolean;
  state: DutyState;
  stateLabel: string;
  dueOn: CalendarDay | null;
  /** For hour-level duties (releases): the instant it is due. */
  dueAt: Date | null;
  doneOn: CalendarDay | null;
  doneAt: Date | null;
  /** Days left until dueOn (negative when overdue), for open day-level duties. */
  daysLeft: number | null;
  rules: DutyRule[];
  /** One line on how the due date was computed, or why it does not apply. */
  detail: string;
}

export interface ReportClock {
  startOn: CalendarDay;
  baseDays: number;
  extensionDays: number;
  extension: { on: CalendarDay; approvedBy: string; documentNo: string } | null;
  /** Appraisal days that fell inside the period and were not counted (art. 27). */
  appraisalDays: number;
  appraisals: { from: CalendarDay; to: CalendarDay; subject: string | null }[];
  statutoryDueOn: CalendarDay;
  dueOn: CalendarDay;
  submittedOn: CalendarDay | null;
  daysLeft: number | null;
}

export interface ApprovalClock {
  /** Day 0: the report's receipt; null until the report is submitted. */
  startOn: CalendarDay | null;
  baseDays: number;
  extensionDays: number;
  extensionAllowed: boolean;
  dueOn: CalendarDay | null;
  approvedOn: CalendarDay | null;
  documentNo: string | null;
  daysLeft: number | null;
}

export interface RescueRelease {
  at: Date;
  title: string;
  url: string | null;
  /** 'entry' (recorded by hand) or 'release' (a published Release of the event). */
  origin: 'entry' | 'release';
  releaseId: number | null;
  /** Hours since the previous release (or the accident for the first). */
  gapHours: number;
  /** Whether it came later than the cadence asked. */
  late: boolean;
}

export interface RescueCadence {
  /** First authoritative release due (5 h for 重大/特别重大), null when no national rule applies. */
  firstDueAt: Date | null;
  /** Guizhou's 3 h rule for 较大 and above: shown, not enforced. */
  localNote: string | null;
  /** 续报 interval: 12 h (twice a day) for 重特大, 24 h for 较大; null for 一般. */
  intervalHours: number | null;
  ongoing: boolean;
  endedAt: Date | null;
  releases: RescueRelease[];
  lastReleaseAt: Date | null;
  nextDueAt: Date | null;
  lateFollowUps: number;
}

export type LinkState = 'unchecked' | 'ok' | 'gone';

export const LINK_STATE_LABELS: Record<LinkState, string> = { unchecked: '尚未检查', ok: '可以访问', gone: '无法访问' };

/** A public address recorded in the case, with what the worker's checks last recorded for it. */
export interface PublicLink {
  url: string;
  /** Labels of the entries that recorded it (调查报告、责任追究 …). */
  recordedIn: string[];
  publishedOn: CalendarDay;
  state: LinkState;
  /** The first check that found it reachable. */
  firstOkAt: Date | null;
  /** The last recorded change (first check, gone, restored). */
  changedAt: Date | null;
  /** What that check saw ('HTTP 404' …). */
  status: string | null;
  /** Since when it fails (the first failing check), while gone. */
  goneSince: Date | null;
}

export interface CompletenessSummary {
  openDuties: number;
  overdueDuties: number;
  /** Public addresses recorded in the case that no longer answer (HTTP 404/410, no such domain …). */
  goneLinks: number;
  /** Labels of publication duties not yet done. */
  unpublished: string[];
  /** Labels of duties past their due date. */
  overdue: string[];
  /** The most urgent open due date (day), for sorting. */
  nextDueOn: CalendarDay | null;
}

export interface AccidentCaseStatus {
  state: 'open' | 'closed';
  stateLabel: string;
  accidentDay: CalendarDay;
  daysSinceAccident: number;
  duties: Duty[];
  report: ReportClock;
  approval: ApprovalClock;
  rescue: RescueCadence;
  supervision: { by: Supervisor; on: CalendarDay; noticeNo: string; dueOn: CalendarDay; closedOn: CalendarDay | null } | null;
  reportPublished: { on: CalendarDay; url: string } | null;
  accountability: { on: CalendarDay; url: string; peopleHandled: number; transferredToJustice: number | null } | null;
  rectification: { dueOn: CalendarDay | null; publishedOn: CalendarDay | null; url: string | null };
  penalties: { decisionNo: string; target: string; decidedOn: CalendarDay; dueOn: CalendarDay; publishedOn: CalendarDay | null; url: string | null }[];
  /** Every public address recorded in the case, in the order first published. */
  links: PublicLink[];
  summary: CompletenessSummary;
  warnings: string[];
  /** Impossible entries: named here, not applied. */
  errors: string[];
  /** Entries the replay refused, by seq (for the timeline). */
  refusedSeqs: number[];
  missingCalendarYears: number[];
}

// ---------------------------------------------------------------------------------------------
// Calendar helpers

/** Calendar days in (a, b]: negative when b < a. */
export function daysBetween(a: CalendarDay, b: CalendarDay): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** The same day `months` later; a day the month lacks (31st, 29 Feb) falls back to its last day. */
export function addCalendarMonths(day: CalendarDay, months: number): CalendarDay {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  for (let dd = d; dd >= 28; dd--) {
    const candidate = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(dd).padStart(2, '0')}`;
    if (isValidCalendarDay(candidate)) return candidate;
  }
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, 28)).padStart(2, '0')}`;
}

/** The day on which `budget` counted calendar days after `start` are used up, skipping excluded days. */
function walkCalendarDays(start: CalendarDay, budget: number, excluded: (day: CalendarDay) => boolean): CalendarDay {
  let day = start;
  let counted = 0;
  for (let i = 0; counted < budget; i++) {
    if (i > 15_000) throw new RangeError('期限计算超出范围');
    day = addCalendarDays(day, 1);
    if (!excluded(day)) counted++;
  }
  return day;
}

// ---------------------------------------------------------------------------------------------
// Rules (text, source, tag), shown beside each duty

export const RULES = {
  firstRelease: {
    text: '特别重大、重大突发事件最迟5小时内发布权威信息，24小时内举行新闻发布会',
    source: '国办发〔2016〕80号《〈关于全面推进政务公开工作的意见〉实施细则》',
    confidence: 'P',
  },
  guizhou: {
    text: `较大及以上事故${GUIZHOU_FIRST_RELEASE_HOURS}小时内首次发布（地方规定，仅作提示）`,
    source: '贵州省（2014）事故信息发布规定',
    confidence: 'P',
  },
  followUp: {
    text: '续报：重特大及社会影响大的事故每日早、晚各一次，较大事故每日一次，直至救援结束',
    source: '安监总局关于加强事故信息报告工作的通知；74号“及时发布救援进展”',
    confidence: 'P',
  },
  report: {
    text: '自事故发生之日起60日内提交事故调查报告；特殊情况经批准可延长，延长最长不超过60日；技术鉴定时间不计入',
    source: '《生产安全事故报告和调查处理条例》（国务院令第493号）第29条、第27条',
    confidence: 'V',
  },
  approval: {
    text: '重大、较大、一般事故收到调查报告之日起15日内批复；特别重大事故30日内批复，特殊情况可延长，最长不超过30日',
    source: '国务院令第493号第32条',
    confidence: 'V',
  },
  publishReport: {
    text: '事故调查报告应当依法及时向社会公布；批复结案后公开调查报告全文',
    source: '《安全生产法》（2021）第86条；安监总局2013年《关于深入推进安全生产信息公开工作的通知》；国办2015年通知“全文公布调查报告”',
    confidence: 'V',
  },
  twentyWorkingDays: {
    text: '主动公开的信息自形成或变更之日起20个工作日内公开（“及时”无具体天数，按此计算）',
    source: '《政府信息公开条例》（2019）第26条',
    confidence: 'V',
  },
  accountability: {
    text: '公开事故原因、调查报告、责任追究、挂牌督办、批复结案等调查处理信息',
    source: '安监总厅〔2012〕74号及2013年后续通知（调查处理信息栏目）',
    confidence: 'P',
  },
  supervision: {
    text: '挂牌督办事项自督办通知之日起60日内办结；结案后公开督办和办结情况（地方做法）',
    source: '河南、江苏较大事故挂牌督办办法；《重大事故查处挂牌督办办法》（安委〔2010〕6号）',
    confidence: 'P',
  },
  penalty: {
    text: '行政处罚决定自作出之日起7个工作日内依法公开',
    source: '《安全生产法》（2021）第78条',
    confidence: 'V',
  },
  rectification: {
    text: '批复后1年内组织开展整改措施落实情况评估，并及时向社会公开评估结果',
    source: '《安全生产法》（2021）第86条',
    confidence: 'V',
  },
  keepPublic: {
    text: '公开是长期的，严禁公开几天后又撤回；涉密内容可依法删节，但不得以此为由不公开',
    source: '应急管理部2026年2月27日新闻发布会（调查统计司）',
    confidence: 'P',
  },
} as const satisfies Record<string, DutyRule>;

// ---------------------------------------------------------------------------------------------
// The replay

export interface ReplayOptions {
  now: Date;
  /** Published releases (first_report / follow_up) of the case's event. */
  releases?: readonly PublishedRelease[];
}

const RESCUE_RELEASE_KINDS = new Set(['first_report', 'follow_up']);

/** Replay order: by day, then the instant (for releases), then the recording order. */
function replayOrder(entries: readonly RecordedEntry[]): RecordedEntry[] {
  return [...entries].sort((a, b) => {
    const da = entryDay(a.entry);
    const dbb = entryDay(b.entry);
    if (da !== dbb) return da < dbb ? -1 : 1;
    const ia = entryInstant(a.entry).getTime();
    const ib = entryInstant(b.entry).getTime();
    if (isTimed(a.entry) && isTimed(b.entry) && ia !== ib) return ia - ib;
    return a.seq - b.seq;
  });
}

export function computeAccidentCase(
  facts: AccidentFacts,
  entries: readonly RecordedEntry[],
  { now, releases = [] }: ReplayOptions,
): AccidentCaseStatus {
  const today = calendarDayInShanghai(now);
  const accidentDay = calendarDayInShanghai(facts.occurredAt);
  const grade = facts.grade;
  const mostSerious = grade === '特别重大';
  const serious = grade === '特别重大' || grade === '重大';
  const errors: string[] = [];
  const warnings: string[] = [];
  const refusedSeqs: number[] = [];
  const missingYears = new Set<number>();
  const wd = (start: CalendarDay, n: number): CalendarDay => {
    const r = addWorkingDays(start, n);
    for (const y of r.missingYears) missingYears.add(y);
    return r.value;
  };

  let extension: ReportClock['extension'] = null;
  const appraisals: ReportClock['appraisals'] = [];
  let submittedOn: CalendarDay | null = null;
  let approvalExtension = 0;
  let approvedOn: CalendarDay | null = null;
  let approvalDocumentNo: string | null = null;
  let reportPublished: AccidentCaseStatus['reportPublished'] = null;
  let supervision: AccidentCaseStatus['supervision'] = null;
  let accountability: AccidentCaseStatus['accountability'] = null;
  let rectification: { on: CalendarDay; url: string } | null = null;
  let rescueEndedAt: Date | null = null;
  const handReleases: { at: Date; title: string; url: string | null }[] = [];
  const penalties: AccidentCaseStatus['penalties'] = [];
  const linkByUrl = new Map<string, PublicLink>();
  const linkChecks: Extract<AccidentEntry, { type: 'link_check' }>[] = [];

  const inAppraisal = (day: CalendarDay) => appraisals.some((a) => day >= a.from && day <= a.to);
  let extensionDays = 0;
  const reportDue = (withExtension: boolean) =>
    walkCalendarDays(accidentDay, REPORT_BASE_DAYS + (withExtension ? extensionDays : 0), inAppraisal);
  const approvalBase = mostSerious ? APPROVAL_DAYS_MOST_SERIOUS : APPROVAL_DAYS;
  const approvalDue = () => (submittedOn ? addCalendarDays(submittedOn, approvalBase + approvalExtension) : null);

  for (const { seq, entry } of replayOrder(entries)) {
    const day = entryDay(entry);
    const label = `${ENTRY_LABELS[entry.type]}（${day}）`;
    const reject = (why: string) => {
      errors.push(`${label}：${why}，未计入`);
      refusedSeqs.push(seq);
    };
    const timed = isTimed(entry);
    if (timed ? entryInstant(entry).getTime() < facts.occurredAt.getTime() : day < accidentDay) {
      reject(timed ? '时间早于事故发生时间' : `日期早于事故发生之日（${accidentDay}）`);
      continue;
    }
    if (day > today) {
      reject(`日期晚于今天（${today}）`);
      continue;
    }
    switch (entry.type) {
      case 'rescue_release':
        handReleases.push({ at: new Date(entry.at), title: entry.title, url: entry.url ?? null });
        break;
      case 'rescue_ended':
        if (rescueEndedAt) {
          reject(`已记录救援于${calendarDayInShanghai(rescueEndedAt)}结束`);
          continue;
        }
        rescueEndedAt = new Date(entry.at);
        break;
      case 'appraisal':
        if (entry.to < entry.from) {
          reject('技术鉴定结束日早于开始日');
          continue;
        }
        if (submittedOn) {
          reject(`调查报告已于${submittedOn}提交，之后的技术鉴定不影响调查期限`);
          continue;
        }
        if (appraisals.some((a) => entry.from <= a.to && entry.to >= a.from)) {
          reject('与已记录的技术鉴定期间重叠');
          continue;
        }
        appraisals.push({ from: entry.from, to: entry.to, subject: entry.subject ?? null });
        break;
      case 'extension_approved': {
        if (extension) {
          reject(`调查期限已于${extension.on}延长过一次，第29条只允许延长一次`);
          continue;
        }
        if (entry.days > REPORT_MAX_EXTENSION_DAYS) {
          reject(`延长的期限最长不得超过${REPORT_MAX_EXTENSION_DAYS}日（第29条），申请延长${entry.days}日`);
          continue;
        }
        if (submittedOn) {
          reject(`调查报告已于${submittedOn}提交，无需延长`);
          continue;
        }
        const due = reportDue(false);
        if (entry.on > due) {
          reject(`批准日（${entry.on}）晚于原调查期限（${due}），期限届满后不能再延长`);
          continue;
        }
        extension = { on: entry.on, approvedBy: entry.approvedBy, documentNo: entry.documentNo };
        extensionDays = entry.days;
        break;
      }
      case 'report_submitted':
        if (submittedOn) {
          reject(`调查报告已于${submittedOn}提交`);
          continue;
        }
        submittedOn = entry.on;
        break;
      case 'approval_extended': {
        if (!mostSerious) {
          reject('只有特别重大事故的批复期限可以延长（第32条）');
          continue;
        }
        if (!submittedOn) {
          reject('尚未记录调查报告提交，批复期限未起算');
          continue;
        }
        if (approvedOn) {
          reject(`已于${approvedOn}批复`);
          continue;
        }
        if (approvalExtension > 0) {
          reject('批复期限已延长过一次');
          continue;
        }
        if (entry.days > APPROVAL_MAX_EXTENSION_DAYS) {
          reject(`批复期限延长最长不得超过${APPROVAL_MAX_EXTENSION_DAYS}日（第32条），申请延长${entry.days}日`);
          continue;
        }
        const due = approvalDue() as CalendarDay;
        if (entry.on > due) {
          reject(`批准日（${entry.on}）晚于原批复期限（${due}）`);
          continue;
        }
        approvalExtension = entry.days;
        break;
      }
      case 'closure_approved':
        if (!submittedOn) {
          reject('尚未记录调查报告提交：批复须在收到调查报告之后（第32条）');
          continue;
        }
        if (approvedOn) {
          reject(`已于${approvedOn}批复结案`);
          continue;
        }
        approvedOn = entry.on;
        approvalDocumentNo = entry.documentNo;
        break;
      case 'report_published':
        if (!submittedOn) {
          reject('尚未记录调查报告提交，不能公布调查报告');
          continue;
        }
        if (reportPublished) {
          reject(`调查报告已于${reportPublished.on}公布；如网址变化请记在备注中`);
          continue;
        }
        if (!approvedOn) warnings.push(`调查报告于${entry.on}公布时尚未记录批复结案：通常批复结案后公布`);
        reportPublished = { on: entry.on, url: entry.url };
        break;
      case 'supervision':
        if (supervision) {
          reject(`已于${supervision.on}由${supervision.by}挂牌督办`);
          continue;
        }
        supervision = { by: entry.by, on: entry.on, noticeNo: entry.noticeNo, dueOn: addCalendarDays(entry.on, SUPERVISION_DAYS), closedOn: null };
        break;
      case 'supervision_closed':
        if (!supervision) {
          reject('没有挂牌督办记录');
          continue;
        }
        if (supervision.closedOn) {
          reject(`督办事项已于${supervision.closedOn}办结`);
          continue;
        }
        supervision.closedOn = entry.on;
        break;
      case 'accountability_published':
        if (accountability) {
          reject(`责任追究情况已于${accountability.on}公布`);
          continue;
        }
        if (!approvedOn) warnings.push(`责任追究情况于${entry.on}公布时尚未记录批复结案`);
        accountability = { on: entry.on, url: entry.url, peopleHandled: entry.peopleHandled, transferredToJustice: entry.transferredToJustice ?? null };
        break;
      case 'penalty_decided':
        if (penalties.some((p) => p.decisionNo === entry.decisionNo)) {
          reject(`处罚决定“${entry.decisionNo}”已记录`);
          continue;
        }
        penalties.push({ decisionNo: entry.decisionNo, target: entry.target, decidedOn: entry.on, dueOn: wd(entry.on, PENALTY_PUBLICATION_WORKING_DAYS), publishedOn: null, url: null });
        break;
      case 'penalty_published': {
        const p = penalties.find((x) => x.decisionNo === entry.decisionNo);
        if (!p) {
          reject(`没有文号为“${entry.decisionNo}”的处罚决定，请先记录处罚决定`);
          continue;
        }
        if (p.publishedOn) {
          reject(`处罚决定“${entry.decisionNo}”已于${p.publishedOn}公开`);
          continue;
        }
        p.publishedOn = entry.on;
        p.url = entry.url;
        break;
      }
      case 'rectification_reviewed':
        if (!approvedOn) {
          reject('尚未批复结案：整改评估在批复后1年内进行（安全生产法第86条）');
          continue;
        }
        if (rectification) {
          reject(`整改评估结果已于${rectification.on}公布`);
          continue;
        }
        rectification = { on: entry.on, url: entry.url };
        break;
      case 'note':
        break;
      case 'link_check':
        // Applied after the replay, to the addresses the accepted entries recorded.
        linkChecks.push(entry);
        break;
    }
    const url = entryUrl(entry);
    if (url) {
      const known = linkByUrl.get(url);
      if (known) {
        if (!known.recordedIn.includes(ENTRY_LABELS[entry.type])) known.recordedIn.push(ENTRY_LABELS[entry.type]);
      } else {
        linkByUrl.set(url, { url, recordedIn: [ENTRY_LABELS[entry.type]], publishedOn: day, state: 'unchecked', firstOkAt: null, changedAt: null, status: null, goneSince: null });
      }
    }
  }

  // ---- Public addresses: the checks in time order; a check of an address no entry records is ignored.
  for (const check of [...linkChecks].sort((a, b) => Date.parse(a.checkedAt) - Date.parse(b.checkedAt))) {
    const link = linkByUrl.get(check.url);
    if (!link) continue;
    const at = new Date(check.checkedAt);
    link.state = check.ok ? 'ok' : 'gone';
    link.changedAt = at;
    link.status = check.status;
    if (check.ok) {
      link.firstOkAt ??= at;
      link.goneSince = null;
    } else {
      link.goneSince = check.since ? new Date(check.since) : at;
    }
  }
  const links = [...linkByUrl.values()];
  const goneLinks = links.filter((l) => l.state === 'gone');

  // ---- Rescue releases: hand-recorded ones and published Releases of the event, in time order
  const allReleases = [
    ...handReleases.map((r) => ({ ...r, origin: 'entry' as const, releaseId: null })),
    ...releases
      .filter((r) => RESCUE_RELEASE_KINDS.has(r.kind) && r.publishedAt.getTime() >= facts.occurredAt.getTime() && r.publishedAt.getTime() <= now.getTime())
      .map((r) => ({ at: r.publishedAt, title: r.title, url: null, origin: 'release' as const, releaseId: r.id })),
  ].sort((a, b) => a.at.getTime() - b.at.getTime());
  const intervalHours = serious ? 12 : grade === '较大' ? 24 : null;
  const firstDueAt = serious ? new Date(facts.occurredAt.getTime() + FIRST_RELEASE_HOURS * HOUR_MS) : null;
  const rescueReleases: RescueRelease[] = [];
  let previous = facts.occurredAt;
  for (const [i, r] of allReleases.entries()) {
    const gapHours = (r.at.getTime() - previous.getTime()) / HOUR_MS;
    let late = false;
    if (i === 0) late = firstDueAt !== null && r.at.getTime() > firstDueAt.getTime();
    else if (intervalHours !== null && (!rescueEndedAt || previous.getTime() < rescueEndedAt.getTime())) late = gapHours > intervalHours;
    rescueReleases.push({ at: r.at, title: r.title, url: r.url, origin: r.origin, releaseId: r.releaseId, gapHours: Math.round(gapHours * 10) / 10, late });
    previous = r.at;
  }
  const lastReleaseAt = allReleases.at(-1)?.at ?? null;
  const ongoing = rescueEndedAt === null;
  const nextDueAt = ongoing && intervalHours !== null && lastReleaseAt ? new Date(lastReleaseAt.getTime() + intervalHours * HOUR_MS) : null;
  // A rescue that ended longer than one interval after the last release before its end missed a 续报 too.
  const lastBeforeEnd = rescueEndedAt ? ([...allReleases].reverse().find((r) => r.at.getTime() <= (rescueEndedAt as Date).getTime())?.at ?? facts.occurredAt) : null;
  const missedBeforeEnd =
    rescueEndedAt && lastBeforeEnd && intervalHours !== null && (rescueEndedAt.getTime() - lastBeforeEnd.getTime()) / HOUR_MS > intervalHours ? 1 : 0;
  const lateFollowUps = rescueReleases.slice(1).filter((r) => r.late).length + missedBeforeEnd;
  const rescue: RescueCadence = {
    firstDueAt,
    localNote: grade === '较大' || serious ? `贵州等地要求较大及以上事故${GUIZHOU_FIRST_RELEASE_HOURS}小时内首次发布（地方规定，此处不计逾期）` : null,
    intervalHours,
    ongoing,
    endedAt: rescueEndedAt,
    releases: rescueReleases,
    lastReleaseAt,
    nextDueAt,
    lateFollowUps,
  };

  // ---- Clocks
  const statutoryDueOn = reportDue(false);
  const reportDueOn = reportDue(true);
  const appraisalDays = countExcluded(accidentDay, reportDueOn, inAppraisal);
  const report: ReportClock = {
    startOn: accidentDay,
    baseDays: REPORT_BASE_DAYS,
    extensionDays,
    extension,
    appraisalDays,
    appraisals,
    statutoryDueOn,
    dueOn: reportDueOn,
    submittedOn,
    daysLeft: submittedOn ? null : daysBetween(today, reportDueOn),
  };
  const approvalDueOn = approvalDue();
  const approval: ApprovalClock = {
    startOn: submittedOn,
    baseDays: approvalBase,
    extensionDays: approvalExtension,
    extensionAllowed: mostSerious,
    dueOn: approvalDueOn,
    approvedOn,
    documentNo: approvalDocumentNo,
    daysLeft: approvalDueOn && !approvedOn ? daysBetween(today, approvalDueOn) : null,
  };

  // ---- Duties
  const duties: Duty[] = [];
  const dayDuty = (
    d: Omit<Duty, 'state' | 'stateLabel' | 'dueAt' | 'doneAt' | 'daysLeft'> & { applicable?: boolean },
  ): void => {
    const { applicable = true, ...rest } = d;
    let state: DutyState;
    if (!applicable) state = 'not_applicable';
    else if (d.doneOn) state = d.dueOn && d.doneOn > d.dueOn ? 'done_late' : 'done';
    else state = d.dueOn && today > d.dueOn ? 'overdue' : 'due';
    const daysLeft = state === 'due' || state === 'overdue' ? (d.dueOn ? daysBetween(today, d.dueOn) : null) : null;
    duties.push({ ...rest, state, stateLabel: DUTY_STATE_LABELS[state], dueAt: null, doneAt: null, daysLeft });
  };

  // First authoritative release (hours).
  {
    const first = allReleases[0] ?? null;
    let state: DutyState;
    if (first) state = firstDueAt && first.at.getTime() > firstDueAt.getTime() ? 'done_late' : 'done';
    else state = firstDueAt && now.getTime() > firstDueAt.getTime() ? 'overdue' : 'due';
    const rules: DutyRule[] = serious ? [RULES.firstRelease, RULES.guizhou] : grade === '较大' ? [RULES.guizhou] : [];
    duties.push({
      id: 'first_release',
      label: '首次发布权威信息',
      publication: true,
      state,
      stateLabel: DUTY_STATE_LABELS[state],
      dueOn: firstDueAt ? calendarDayInShanghai(firstDueAt) : null,
      dueAt: firstDueAt,
      doneOn: first ? calendarDayInShanghai(first.at) : null,
      doneAt: first?.at ?? null,
      daysLeft: null,
      rules: rules.length ? rules : [{ text: '及时发布事故应急处置和救援进展信息（无全国统一小时数）', source: '安监总厅〔2012〕74号', confidence: 'P' }],
      detail: serious
        ? `事故发生后${FIRST_RELEASE_HOURS}小时内（${grade}）`
        : grade === '较大'
          ? `全国无统一小时数；${rescue.localNote ?? ''}`
          : '全国无统一小时数，按“及时发布”要求办理',
    });
  }
  // 续报 cadence while rescue goes on.
  {
    const applicable = intervalHours !== null;
    let state: DutyState;
    let dueAt: Date | null = null;
    if (!applicable) state = 'not_applicable';
    else if (!ongoing) state = lateFollowUps > 0 ? 'done_late' : 'done';
    else {
      dueAt = nextDueAt ?? new Date(facts.occurredAt.getTime() + (intervalHours ?? 24) * HOUR_MS);
      state = now.getTime() > dueAt.getTime() ? 'overdue' : 'due';
    }
    duties.push({
      id: 'follow_up',
      label: '续报救援进展',
      publication: true,
      state,
      stateLabel: DUTY_STATE_LABELS[state],
      dueOn: dueAt ? calendarDayInShanghai(dueAt) : null,
      dueAt,
      doneOn: rescueEndedAt ? calendarDayInShanghai(rescueEndedAt) : null,
      doneAt: rescueEndedAt,
      daysLeft: null,
      rules: [RULES.followUp],
      detail: !applicable
        ? '一般事故没有续报频次要求'
        : `${intervalHours === 12 ? '每日早、晚两次' : '每日一次'}，直至救援结束${ongoing ? '' : `（${calendarDayInShanghai(rescueEndedAt as Date)}结束）`}；已发布${rescueReleases.length}次${lateFollowUps > 0 ? `，${lateFollowUps}次间隔超时` : ''}`,
    });
  }
  dayDuty({
    id: 'report',
    label: '提交事故调查报告',
    publication: false,
    dueOn: reportDueOn,
    doneOn: submittedOn,
    rules: [RULES.report],
    detail: `${accidentDay}起${REPORT_BASE_DAYS}日${extensionDays ? `，经批准延长${extensionDays}日` : ''}${appraisalDays ? `，技术鉴定${appraisalDays}日不计入` : ''}`,
  });
  dayDuty({
    id: 'approval',
    label: '批复结案',
    publication: false,
    dueOn: approvalDueOn,
    doneOn: approvedOn,
    rules: [RULES.approval],
    detail: submittedOn
      ? `收到调查报告（${submittedOn}）起${approvalBase}日${approvalExtension ? `，延长${approvalExtension}日` : ''}`
      : '收到调查报告之日起算',
  });
  const publicationDue = approvedOn ? wd(approvedOn, PUBLICATION_WORKING_DAYS) : null;
  dayDuty({
    id: 'report_publication',
    label: '公布事故调查报告',
    publication: true,
    dueOn: publicationDue,
    doneOn: reportPublished?.on ?? null,
    rules: [RULES.publishReport, RULES.twentyWorkingDays],
    detail: approvedOn ? `批复（${approvedOn}）后${PUBLICATION_WORKING_DAYS}个工作日内` : '批复结案后起算',
  });
  dayDuty({
    id: 'accountability',
    label: '公布责任追究情况',
    publication: true,
    dueOn: publicationDue,
    doneOn: accountability?.on ?? null,
    rules: [RULES.accountability, RULES.twentyWorkingDays],
    detail: approvedOn ? `批复（${approvedOn}）后${PUBLICATION_WORKING_DAYS}个工作日内` : '批复结案后起算',
  });
  dayDuty({
    id: 'supervision',
    label: '挂牌督办事项办结',
    publication: false,
    applicable: supervision !== null,
    dueOn: supervision?.dueOn ?? null,
    doneOn: supervision?.closedOn ?? null,
    rules: [RULES.supervision],
    detail: supervision ? `${supervision.by}督办（${supervision.noticeNo}，${supervision.on}）后${SUPERVISION_DAYS}日内` : '未挂牌督办',
  });
  for (const p of penalties) {
    dayDuty({
      id: `penalty:${p.decisionNo}`,
      label: `公开行政处罚决定（${p.decisionNo}）`,
      publication: true,
      dueOn: p.dueOn,
      doneOn: p.publishedOn,
      rules: [RULES.penalty],
      detail: `${p.target}；决定日${p.decidedOn}后${PENALTY_PUBLICATION_WORKING_DAYS}个工作日内`,
    });
  }
  const rectificationDue = approvedOn ? addCalendarMonths(approvedOn, 12) : null;
  dayDuty({
    id: 'rectification_review',
    label: '公布整改措施落实情况评估',
    publication: true,
    dueOn: rectificationDue,
    doneOn: rectification?.on ?? null,
    rules: [RULES.rectification],
    detail: approvedOn ? `批复（${approvedOn}）后1年内` : '批复结案后起算',
  });

  // Keeping published information public (严禁撤回): overdue from the day an address disappeared.
  if (links.length > 0) {
    const firstGone = goneLinks.map((l) => l.goneSince as Date).sort((a, b) => a.getTime() - b.getTime())[0] ?? null;
    const state: DutyState = firstGone ? 'overdue' : 'done';
    duties.push({
      id: 'keep_public',
      label: '保持公开（严禁撤回）',
      publication: true,
      state,
      stateLabel: DUTY_STATE_LABELS[state],
      dueOn: firstGone ? calendarDayInShanghai(firstGone) : null,
      dueAt: null,
      doneOn: firstGone ? null : ([...links].map((l) => l.publishedOn).sort()[0] ?? null),
      doneAt: null,
      daysLeft: null,
      rules: [RULES.keepPublic],
      detail: firstGone
        ? goneLinks.map((l) => `${l.url} 自${calendarDayInShanghai(l.goneSince as Date)}起无法访问（${l.status ?? '未知'}）`).join('；')
        : `已公开 ${links.length} 个网址，${links.filter((l) => l.state === 'ok').length} 个经检查可以访问`,
    });
  }

  // ---- Summary
  const open = duties.filter((d) => d.state === 'due' || d.state === 'overdue');
  const overdue = duties.filter((d) => d.state === 'overdue');
  const nextDueOn = open.map((d) => d.dueOn).filter((d): d is CalendarDay => d !== null).sort()[0] ?? null;
  const summary: CompletenessSummary = {
    openDuties: open.length,
    overdueDuties: overdue.length,
    goneLinks: goneLinks.length,
    unpublished: open.filter((d) => d.publication).map((d) => d.label),
    overdue: overdue.map((d) => d.label),
    nextDueOn,
  };
  const closed = approvedOn !== null && open.length === 0;
  // A gone address has its own red banner on the case page, with the addresses.
  for (const d of overdue) if (d.id !== 'keep_public') warnings.push(`${d.label}已逾期${d.dueOn ? `（期限${d.dueOn}）` : ''}`);
  const missingCalendarYears = [...missingYears].sort((a, b) => a - b);

  return {
    state: closed ? 'closed' : 'open',
    stateLabel: closed ? '已完成' : '办理中',
    accidentDay,
    daysSinceAccident: daysBetween(accidentDay, today),
    duties,
    report,
    approval,
    rescue,
    supervision,
    reportPublished,
    accountability,
    rectification: { dueOn: rectificationDue, publishedOn: rectification?.on ?? null, url: rectification?.url ?? null },
    penalties,
    links,
    summary,
    warnings: [...new Set([...missingCalendarYears.map(missingYearWarning), ...warnings])],
    errors,
    refusedSeqs,
    missingCalendarYears,
  };
}

function countExcluded(start: CalendarDay, end: CalendarDay, excluded: (day: CalendarDay) => boolean): number {
  let n = 0;
  for (let day = addCalendarDays(start, 1); day <= end; day = addCalendarDays(day, 1)) if (excluded(day)) n++;
  return n;
}

/** Parses a stored payload; throws on a row that no longer parses (a bug, not data to skip). */
export function parseStoredEntry(payload: string, seq: number): AccidentEntry {
  const parsed = AccidentEntrySchema.safeParse(JSON.parse(payload));
  if (!parsed.success) throw new Error(`事故台账记录 #${seq} 无法解析：${parsed.error.issues[0]?.message ?? ''}`);
  return parsed.data;
}
