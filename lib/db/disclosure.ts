/**
 * 依申请公开 requests: registration, the steps of each case, the list and the yearly statistics.
 *
 * A case is its ordered events; the clock (lib/workflow/disclosure-deadline.ts) replays them. A new
 * step is appended inside one locked transaction that re-reads the events, replays them with the
 * new one and refuses it, storing nothing, when the clock does not accept it at that point (a second
 * 补正 before the first was answered, an extension after the due date, a date before the previous
 * step …). The same transaction refreshes the request's summary columns and writes the audit row,
 * so a step without its audit row cannot exist.
 */
import type { Db } from './client';
import type { Prisma } from './generated/client';
import { appendAuditInTx } from './audit';
import type { AuditContext } from './audit';
import { Refusal, refusableTx } from './refusal';
import { calendarDayInShanghai, type CalendarDay } from '../workflow/calendar';
import {
  DisclosureEventSchema,
  EVENT_LABELS,
  computeDisclosureClock,
  receiptDateOf,
  type DisclosureClock,
  type DisclosureEvent,
  type DisclosureState,
  type OutcomeCategory,
  type OutcomeReason,
} from '../workflow/disclosure-deadline';
import {
  APPLICANT_TYPES,
  computeDisclosureStats,
  type ApplicantType,
  type DisclosureStatsRequest,
  type DisclosureYearStats,
  type ReviewLitigationCase,
} from '../workflow/disclosure-stats';
import { disclosureNumber, type RegistrationInput, type StepInput } from '../workflow/disclosure-form';


/** Who is recording: the signed-in person's username and name, and the audit context of the request. */
export interface DisclosureActor {
  username: string;
  name: string;
  audit: AuditContext;
}

export type DisclosureWriteResult =
  | { ok: true; id: number; number: string; warnings: string[] }
  | { ok: false; message: string; field?: string };


function isApplicantType(v: string): v is ApplicantType {
  return v in APPLICANT_TYPES;
}

/** The stored events, parsed again (a row that no longer parses is a bug, not data to skip). */
function parseStored(rows: readonly { seq: number; payload: string }[]): DisclosureEvent[] {
  return rows.map((r) => {
    const parsed = DisclosureEventSchema.safeParse(JSON.parse(r.payload));
    if (!parsed.success) throw new Error(`依申请公开事件 #${r.seq} 无法解析：${parsed.error.issues[0]?.message ?? ''}`);
    return parsed.data;
  });
}

function summaryColumns(clock: DisclosureClock) {
  return {
    receivedOn: clock.receivedOn ?? '',
    dueDate: clock.dueDate,
    closedOn: clock.closedOn,
    state: clock.state,
    outcomeCategory: clock.outcome?.category ?? null,
    outcomeReason: clock.outcome?.reason ?? null,
    sla: clock.sla,
  };
}


/**
 * Registers a request with its receipt event and gives it the next 申请编号 of the registration
 * year (Asia/Shanghai), both inside the transaction so two registrations never share a number.
 */
export async function createDisclosureRequest(
  client: Db,
  input: RegistrationInput,
  actor: DisclosureActor,
  now = new Date(),
): Promise<DisclosureWriteResult> {
  const today = calendarDayInShanghai(now);
  const receipt = receiptDateOf(input.received);
  if (!receipt.date) return { ok: false, message: receipt.errors.join('；') || '无法确定收到申请之日' };
  if (receipt.date > today) return { ok: false, message: `收到申请之日（${receipt.date}）不能晚于今天（${today}）` };
  const clock = computeDisclosureClock([input.received], { today });
  if (clock.errors.length > 0) return { ok: false, message: clock.errors.join('；') };
  const year = Number(today.slice(0, 4));
  return refusableTx(client, async (tx) => {
    const last = await tx.disclosureRequest.findFirst({ where: { year }, orderBy: { seq: 'desc' }, select: { seq: true } });
    const seq = (last?.seq ?? 0) + 1;
    const number = disclosureNumber(year, seq);
    const request = await tx.disclosureRequest.create({
      data: {
        year,
        seq,
        number,
        applicantName: input.applicantName,
        applicantType: input.applicantType,
        contact: input.contact,
        description: input.description,
        channel: input.received.channel,
        createdAt: now,
        createdBy: actor.username,
        updatedAt: now,
        eventCount: 1,
        ...summaryColumns(clock),
      },
    });
    await tx.disclosureEvent.create({
      data: {
        requestId: request.id,
        seq: 1,
        type: 'received',
        payload: JSON.stringify(input.received),
        note: input.note,
        recordedBy: actor.username,
        recordedByName: actor.name,
        recordedAt: now,
      },
    });
    // No applicant data in the log: the object is named by its number.
    await appendAuditInTx(tx, actor.audit, {
      action: 'disclosure.create',
      objectType: 'disclosure_request',
      objectId: number,
      detail: { id: request.id, channel: input.received.channel, receivedOn: clock.receivedOn, applicantType: input.applicantType },
      at: now,
    });
    return { ok: true as const, id: request.id, number, warnings: clock.warnings };
  });
}

/**
 * Appends one step. `expectedEventCount` is the number of events the form was shown with: when
 * someone else recorded a step in the meantime the step is refused instead of applied to a case
 * its author has not seen.
 */
export async function recordDisclosureEvent(
  client: Db,
  requestId: number,
  step: StepInput,
  expectedEventCount: number | null,
  actor: DisclosureActor,
  now = new Date(),
): Promise<DisclosureWriteResult> {
  const today = calendarDayInShanghai(now);
  return refusableTx(client, async (tx) => {
    const request = await tx.disclosureRequest.findUnique({
      where: { id: requestId },
      include: { events: { orderBy: { seq: 'asc' }, select: { seq: true, payload: true } } },
    });
    if (!request) throw new Refusal('该申请不存在');
    if (expectedEventCount !== null && request.events.length !== expectedEventCount) {
      throw new Refusal('该申请已被他人更新，请刷新页面查看最新办理情况后再操作');
    }
    const events = parseStored(request.events);
    const seq = request.events.length + 1;
    let event: DisclosureEvent = step.event;
    if (event.type === 'consultation_started' && event.consultationId === 'default') {
      event = { ...event, consultationId: `c${seq}` };
    }
    if (event.type !== 'received' && event.on > today) throw new Refusal(`日期（${event.on}）不能晚于今天（${today}）`, 'on');
    const before = computeDisclosureClock(events, { today });
    const after = computeDisclosureClock([...events, event], { today });
    if (after.errors.length > before.errors.length) {
      // The clock names the refused event by its position; the form is about this one step.
      const prefix = `第${seq}条事件（${EVENT_LABELS[event.type]}）：`;
      const last = after.errors[after.errors.length - 1] ?? '';
      const why = (last.startsWith(prefix) ? last.slice(prefix.length) : last).replace(/，未计入$/, '');
      throw new Refusal(`不能记录这一步：${why}`);
    }
    await tx.disclosureEvent.create({
      data: {
        requestId,
        seq,
        type: event.type,
        payload: JSON.stringify(event),
        note: step.note,
        recordedBy: actor.username,
        recordedByName: actor.name,
        recordedAt: now,
      },
    });
    await tx.disclosureRequest.update({ where: { id: requestId }, data: { ...summaryColumns(after), eventCount: seq, updatedAt: now } });
    await appendAuditInTx(tx, actor.audit, {
      action: 'disclosure.event',
      objectType: 'disclosure_request',
      objectId: request.number,
      detail: { id: requestId, seq, type: event.type, on: event.type === 'received' ? null : event.on, state: after.state },
      at: now,
    });
    const newWarnings = after.warnings.filter((w) => !before.warnings.includes(w));
    return { ok: true as const, id: requestId, number: request.number, warnings: newWarnings };
  });
}

export const REVIEW_RESULTS = { upheld: '结果维持', corrected: '结果纠正', other: '其他结果' } as const;

/** Records a 行政复议 or 行政诉讼 about a request (for the annual report's last table), audited. */
export async function recordDisclosureReview(
  client: Db,
  requestId: number,
  review: Omit<ReviewLitigationCase, 'id'>,
  actor: DisclosureActor,
  now = new Date(),
): Promise<DisclosureWriteResult> {
  return refusableTx(client, async (tx) => {
    const request = await tx.disclosureRequest.findUnique({ where: { id: requestId }, select: { number: true } });
    if (!request) throw new Refusal('该申请不存在');
    const row = await tx.disclosureReview.create({
      data: { requestId, kind: review.kind, filedOn: review.filedOn, result: review.result, decidedOn: review.decidedOn, recordedBy: actor.username, recordedAt: now },
    });
    await appendAuditInTx(tx, actor.audit, {
      action: 'disclosure.event',
      objectType: 'disclosure_request',
      objectId: request.number,
      detail: { id: requestId, review: row.id, kind: review.kind, result: review.result },
      at: now,
    });
    return { ok: true as const, id: requestId, number: request.number, warnings: [] };
  });
}

// ---------------------------------------------------------------------------------------------
// Reading

export interface DisclosureTimelineEntry {
  seq: number;
  event: DisclosureEvent;
  note: string | null;
  recordedBy: string;
  recordedByName: string;
  recordedAt: Date;
}

export interface DisclosureCase {
  id: number;
  number: string;
  applicantName: string;
  applicantType: ApplicantType;
  contact: string;
  description: string;
  channel: string;
  createdAt: Date;
  createdBy: string;
  eventCount: number;
  timeline: DisclosureTimelineEntry[];
  reviews: ReviewLitigationCase[];
  clock: DisclosureClock;
}

export async function getDisclosureCase(client: Db, id: number, today: CalendarDay): Promise<DisclosureCase | null> {
  const r = await client.disclosureRequest.findUnique({
    where: { id },
    include: { events: { orderBy: { seq: 'asc' } }, reviews: { orderBy: { filedOn: 'asc' } } },
  });
  if (!r) return null;
  const events = parseStored(r.events);
  return {
    id: r.id,
    number: r.number,
    applicantName: r.applicantName,
    applicantType: isApplicantType(r.applicantType) ? r.applicantType : 'other_org',
    contact: r.contact,
    description: r.description,
    channel: r.channel,
    createdAt: r.createdAt,
    createdBy: r.createdBy,
    eventCount: r.events.length,
    timeline: r.events.map((e, i) => ({
      seq: e.seq,
      event: events[i] as DisclosureEvent,
      note: e.note,
      recordedBy: e.recordedBy,
      recordedByName: e.recordedByName,
      recordedAt: e.recordedAt,
    })),
    reviews: r.reviews.map(toReviewCase),
    clock: computeDisclosureClock(events, { today }),
  };
}

function toReviewCase(r: { id: number; kind: string; filedOn: string; result: string | null; decidedOn: string | null }): ReviewLitigationCase {
  const kind = r.kind === 'litigation_direct' || r.kind === 'litigation_after_review' ? r.kind : 'review';
  const result = r.result === 'upheld' || r.result === 'corrected' || r.result === 'other' ? r.result : null;
  return { id: String(r.id), kind, filedOn: r.filedOn, result, decidedOn: r.decidedOn };
}

/** List filters (from the query string, already checked). */
export interface DisclosureListFilter {
  /** open = not closed (办理中, 征求意见中, 待补正); the others are clock states. */
  state?: 'open' | 'in_progress' | 'awaiting_supplement' | 'closed';
  /** Receipt year. */
  year?: number;
  overdueOnly?: boolean;
}

export interface DisclosureListRow {
  id: number;
  number: string;
  applicantName: string;
  applicantType: ApplicantType;
  channel: string;
  receivedOn: CalendarDay | null;
  dueDate: CalendarDay | null;
  closedOn: CalendarDay | null;
  state: DisclosureState;
  stateLabel: string;
  sla: DisclosureClock['sla'];
  slaLabel: string;
  workingDaysLeft: number | null;
  overdue: boolean;
  closedLate: boolean;
  outcomeLabel: string | null;
  missingCalendarYears: number[];
}

export interface DisclosureList {
  rows: DisclosureListRow[];
  /** Rows matching before the cap. */
  total: number;
  truncated: boolean;
  /** Receipt years present, newest first (for the year filter). */
  years: number[];
}

export const DISCLOSURE_LIST_CAP = 500;

/**
 * The list order: open cases first, by due date (so overdue ones lead), those without a running
 * due date (awaiting 补正) after them; then closed cases, latest closed first.
 */
export function compareDisclosureRows(a: DisclosureListRow, b: DisclosureListRow): number {
  const closedA = a.state === 'closed';
  const closedB = b.state === 'closed';
  if (closedA !== closedB) return closedA ? 1 : -1;
  if (!closedA) {
    if (a.dueDate !== b.dueDate) {
      if (a.dueDate === null) return 1;
      if (b.dueDate === null) return -1;
      return a.dueDate < b.dueDate ? -1 : 1;
    }
    return a.id - b.id;
  }
  if (a.closedOn !== b.closedOn) return (a.closedOn ?? '') < (b.closedOn ?? '') ? 1 : -1;
  return b.id - a.id;
}

export async function listDisclosureRequests(client: Db, filter: DisclosureListFilter, today: CalendarDay): Promise<DisclosureList> {
  const where: Prisma.DisclosureRequestWhereInput = {};
  if (filter.year) where.receivedOn = { gte: `${filter.year}-01-01`, lte: `${filter.year}-12-31` };
  if (filter.state === 'closed') where.closedOn = { not: null };
  else if (filter.state === 'open' || filter.overdueOnly || filter.state === 'in_progress') where.closedOn = null;
  else if (filter.state === 'awaiting_supplement') where.state = 'awaiting_supplement';
  const [found, years] = await Promise.all([
    client.disclosureRequest.findMany({
      where,
      include: { events: { orderBy: { seq: 'asc' }, select: { seq: true, payload: true } } },
      orderBy: { id: 'asc' },
    }),
    disclosureYears(client),
  ]);
  let rows = found.map((r): DisclosureListRow => {
    const clock = computeDisclosureClock(parseStored(r.events), { today });
    return {
      id: r.id,
      number: r.number,
      applicantName: r.applicantName,
      applicantType: isApplicantType(r.applicantType) ? r.applicantType : 'other_org',
      channel: r.channel,
      receivedOn: clock.receivedOn,
      dueDate: clock.dueDate,
      closedOn: clock.closedOn,
      state: clock.state,
      stateLabel: clock.stateLabel,
      sla: clock.sla,
      slaLabel: clock.slaLabel,
      workingDaysLeft: clock.workingDaysLeft,
      overdue: clock.overdue,
      closedLate: clock.closedLate,
      outcomeLabel: clock.outcome ? (clock.outcome.reasonLabel ? `${clock.outcome.categoryLabel}：${clock.outcome.reasonLabel}` : clock.outcome.categoryLabel) : null,
      missingCalendarYears: clock.missingCalendarYears,
    };
  });
  if (filter.state === 'in_progress') rows = rows.filter((r) => r.state === 'in_progress' || r.state === 'consulting');
  if (filter.overdueOnly) rows = rows.filter((r) => r.overdue && r.state !== 'closed');
  rows.sort(compareDisclosureRows);
  return { rows: rows.slice(0, DISCLOSURE_LIST_CAP), total: rows.length, truncated: rows.length > DISCLOSURE_LIST_CAP, years };
}

const OUTCOME_CATEGORY_KEYS = new Set<string>(['DISCLOSE', 'PARTIAL', 'REFUSE', 'UNABLE', 'NOT_HANDLED', 'OTHER']);

/**
 * The annual-report table for `year` from the stored summary columns: requests received by
 * 31 December and not closed before 1 January, and the reviews filed within the year.
 */
export async function getDisclosureYearStats(client: Db, year: number): Promise<DisclosureYearStats> {
  const yearStart = `${year}-01-01`;
  const yearEnd = `${year}-12-31`;
  const [requests, reviews] = await Promise.all([
    client.disclosureRequest.findMany({
      where: { receivedOn: { lte: yearEnd, not: '' }, OR: [{ closedOn: null }, { closedOn: { gte: yearStart } }] },
      select: { number: true, applicantType: true, receivedOn: true, closedOn: true, outcomeCategory: true, outcomeReason: true, dueDate: true },
    }),
    client.disclosureReview.findMany({ where: { filedOn: { gte: yearStart, lte: yearEnd } } }),
  ]);
  const records: DisclosureStatsRequest[] = requests.map((r) => ({
    id: r.number,
    applicantType: isApplicantType(r.applicantType) ? r.applicantType : 'other_org',
    receivedOn: r.receivedOn,
    closedOn: r.closedOn,
    outcome:
      r.outcomeCategory && OUTCOME_CATEGORY_KEYS.has(r.outcomeCategory)
        ? { category: r.outcomeCategory as OutcomeCategory, reason: (r.outcomeReason as OutcomeReason | null) ?? null }
        : null,
    dueDate: r.dueDate,
  }));
  return computeDisclosureStats(records, year, reviews.map(toReviewCase));
}

/** Receipt years with any request, newest first. */
export async function disclosureYears(client: Db): Promise<number[]> {
  const rows = await client.disclosureRequest.findMany({ select: { receivedOn: true }, distinct: ['receivedOn'] });
  return [...new Set(rows.map((y) => Number(y.receivedOn.slice(0, 4))).filter((y) => y > 0))].sort((a, b) => b - a);
}
