/**
 * 事故信息公开 cases, their entries and the responsible-enterprise list (严重失信主体名单).
 *
 * A case is its facts plus its ordered entries; lib/workflow/accident-case.ts replays them (with the
 * published first_report / follow_up Releases of the case's event, which count as rescue releases).
 * An entry is appended inside one locked transaction that re-reads the case, refuses a stale write
 * (the version the form was shown with), replays the entries with the new one and refuses it,
 * storing nothing, when the replay does not accept it. The same transaction recomputes the summary
 * columns after `state` and writes the audit row.
 */
import type { Db } from './client';
import type { Prisma } from './generated/client';
import { appendAuditInTx } from './audit';
import type { AuditContext } from './audit';
import { Refusal, refusableTx } from './refusal';
import type { Tx } from './refusal';
import { getEvent } from './queries/get-event';
import {
  ACCIDENT_GRADES,
  ENTRY_LABELS,
  computeAccidentCase,
  entryDay,
  parseStoredEntry,
  type AccidentCaseGrade,
  type AccidentCaseStatus,
  type AccidentEntry,
  type PublishedRelease,
  type RecordedEntry,
} from '../workflow/accident-case';
import type { CaseInput, EntryInput, ListFilter, ListingInput } from '../workflow/accident-form';
import { listingStatus, listingTerms, removalRefusal, type ListingStatus } from '../workflow/accident-listing';
import { calendarDayInShanghai, type CalendarDay } from '../workflow/calendar';

type Reader = Pick<Db, 'release' | 'accidentCase'> | Tx;

export interface AccidentActor {
  username: string;
  name: string;
  audit: AuditContext;
}

export type AccidentWriteResult = { ok: true; id: number; warnings: string[] } | { ok: false; message: string; field?: string };



function gradeOf(v: string | null): AccidentCaseGrade | null {
  return v && (ACCIDENT_GRADES as readonly string[]).includes(v) ? (v as AccidentCaseGrade) : null;
}

const RESCUE_KINDS = ['first_report', 'follow_up'];

/** Published rescue-progress Releases of these events, by event. */
async function publishedReleases(client: Reader, eventIds: readonly number[]): Promise<Map<number, PublishedRelease[]>> {
  const out = new Map<number, PublishedRelease[]>();
  if (eventIds.length === 0) return out;
  const rows = await client.release.findMany({
    where: { eventId: { in: [...eventIds] }, state: 'published', kind: { in: RESCUE_KINDS }, publishedAt: { not: null } },
    select: { id: true, eventId: true, kind: true, title: true, publishedAt: true },
    orderBy: { publishedAt: 'asc' },
  });
  for (const r of rows) {
    if (r.eventId === null || !r.publishedAt) continue;
    const list = out.get(r.eventId) ?? [];
    list.push({ id: r.id, kind: r.kind, title: r.title, publishedAt: r.publishedAt });
    out.set(r.eventId, list);
  }
  return out;
}

function summaryColumns(s: AccidentCaseStatus) {
  return {
    state: s.state,
    reportDueOn: s.report.dueOn,
    reportPublishedOn: s.reportPublished?.on ?? null,
    supervisedOn: s.supervision?.on ?? null,
    closureApprovedOn: s.approval.approvedOn,
    accountabilityPublishedOn: s.accountability?.on ?? null,
    rectificationReviewDueOn: s.rectification.dueOn,
    rectificationPublishedOn: s.rectification.publishedOn,
    rescueReleaseCount: s.rescue.releases.length,
    lastRescueReleaseAt: s.rescue.lastReleaseAt,
    openDuties: s.summary.openDuties,
    overdueDuties: s.summary.overdueDuties,
  };
}

function recorded(rows: readonly { seq: number; payload: string }[]): RecordedEntry[] {
  return rows.map((r) => ({ seq: r.seq, entry: parseStoredEntry(r.payload, r.seq) }));
}

// ---------------------------------------------------------------------------------------------
// Writing

/** Creates a case (from an event or by hand). One case per event. */
export async function createAccidentCase(client: Db, input: CaseInput, actor: AccidentActor, now = new Date()): Promise<AccidentWriteResult> {
  if (input.occurredAt.getTime() > now.getTime()) return { ok: false, message: '事故发生时间不能晚于现在', field: 'occurredAt' };
  return refusableTx(client, async (tx) => {
    if (input.eventId !== null) {
      const event = await tx.event.findUnique({ where: { id: input.eventId }, select: { id: true } });
      if (!event) throw new Refusal('所关联的事件不存在', 'eventId');
      const existing = await tx.accidentCase.findUnique({ where: { eventId: input.eventId }, select: { id: true } });
      if (existing) throw new Refusal(`该事件已建立事故信息公开台账（编号 ${existing.id}）`);
    }
    const releases = input.eventId !== null ? ((await publishedReleases(tx, [input.eventId])).get(input.eventId) ?? []) : [];
    const status = computeAccidentCase({ occurredAt: input.occurredAt, grade: input.grade }, [], { now, releases });
    const row = await tx.accidentCase.create({
      data: {
        eventId: input.eventId,
        title: input.title,
        occurredAt: input.occurredAt,
        province: input.province,
        city: input.city,
        enterprise: input.enterprise,
        accidentTypeCode: input.accidentTypeCode,
        accidentType: input.accidentType,
        grade: input.grade,
        deaths: input.deaths,
        injuries: input.injuries,
        missing: input.missing,
        createdAt: now,
        createdBy: actor.username,
        updatedAt: now,
        ...summaryColumns(status),
      },
    });
    await appendAuditInTx(tx, actor.audit, {
      action: 'accident.create',
      objectType: 'accident_case',
      objectId: String(row.id),
      detail: { eventId: input.eventId, grade: input.grade, occurredAt: input.occurredAt.toISOString() },
      at: now,
    });
    return { ok: true as const, id: row.id, warnings: status.warnings };
  });
}

/**
 * Appends one entry. `expectedVersion` is the case version the form was shown with: a write over a
 * case someone else changed meanwhile is refused rather than applied to a state its author has not seen.
 */
export async function recordAccidentEntry(
  client: Db,
  caseId: number,
  input: EntryInput,
  expectedVersion: number,
  actor: AccidentActor,
  now = new Date(),
): Promise<AccidentWriteResult> {
  return refusableTx(client, async (tx) => {
    const c = await tx.accidentCase.findUnique({
      where: { id: caseId },
      include: { entries: { orderBy: { seq: 'asc' }, select: { seq: true, payload: true } } },
    });
    if (!c) throw new Refusal('该事故台账不存在');
    if (c.version !== expectedVersion) throw new Refusal('该台账已被他人更新，请刷新页面查看最新情况后再操作');
    const entries = recorded(c.entries);
    const seq = (c.entries.at(-1)?.seq ?? 0) + 1;
    const releases = c.eventId !== null ? ((await publishedReleases(tx, [c.eventId])).get(c.eventId) ?? []) : [];
    const facts = { occurredAt: c.occurredAt, grade: gradeOf(c.grade) };
    const before = computeAccidentCase(facts, entries, { now, releases });
    const after = computeAccidentCase(facts, [...entries, { seq, entry: input.entry }], { now, releases });
    if (after.refusedSeqs.includes(seq)) {
      const why = after.errors.find((e) => !before.errors.includes(e)) ?? '';
      throw new Refusal(`不能记录：${why.replace(/，未计入$/, '')}`);
    }
    await tx.accidentCaseEntry.create({
      data: {
        caseId,
        seq,
        type: input.entry.type,
        occurredOn: occurredOnOf(input.entry),
        payload: JSON.stringify(input.entry),
        note: input.note,
        recordedBy: actor.username,
        recordedByName: actor.name,
        recordedAt: now,
      },
    });
    await tx.accidentCase.update({ where: { id: caseId }, data: { ...summaryColumns(after), updatedAt: now, version: { increment: 1 } } });
    await appendAuditInTx(tx, actor.audit, {
      action: 'accident.entry',
      objectType: 'accident_case',
      objectId: String(caseId),
      detail: { seq, type: input.entry.type, on: entryDay(input.entry), openDuties: after.summary.openDuties, overdueDuties: after.summary.overdueDuties },
      at: now,
    });
    return { ok: true as const, id: caseId, warnings: after.warnings.filter((w) => !before.warnings.includes(w)) };
  });
}

function occurredOnOf(entry: AccidentEntry): string {
  return entry.type === 'rescue_release' || entry.type === 'rescue_ended' ? entry.at : entryDay(entry);
}

/**
 * Recomputes the summary columns of every open case for `now` (duties fall overdue with time, not
 * with a write), so the list and its filters are right. For the worker, once a day. The version is
 * not bumped: nothing a person sees in a form has changed.
 */
export async function refreshAccidentCases(client: Db, now = new Date()): Promise<{ checked: number; updated: number }> {
  const cases = await client.accidentCase.findMany({
    where: { state: 'open' },
    include: { entries: { orderBy: { seq: 'asc' }, select: { seq: true, payload: true } } },
  });
  const releases = await publishedReleases(client, cases.map((c) => c.eventId).filter((id): id is number => id !== null));
  let updated = 0;
  for (const c of cases) {
    const status = computeAccidentCase({ occurredAt: c.occurredAt, grade: gradeOf(c.grade) }, recorded(c.entries), {
      now,
      releases: c.eventId !== null ? (releases.get(c.eventId) ?? []) : [],
    });
    const cols = summaryColumns(status);
    const changed =
      cols.state !== c.state ||
      cols.openDuties !== c.openDuties ||
      cols.overdueDuties !== c.overdueDuties ||
      cols.rescueReleaseCount !== c.rescueReleaseCount ||
      (cols.lastRescueReleaseAt?.getTime() ?? null) !== (c.lastRescueReleaseAt?.getTime() ?? null);
    if (!changed) continue;
    // Only if nobody wrote in between (the version is unchanged): a concurrent write already recomputed.
    // eslint-disable-next-line no-await-in-loop -- one small update per changed case, in order
    const r = await client.accidentCase.updateMany({ where: { id: c.id, version: c.version }, data: cols });
    updated += r.count;
  }
  return { checked: cases.length, updated };
}

/** Lists an enterprise (严重失信主体名单), with the 3-year term and the 12-month early-removal date. */
export async function createEnterpriseListing(client: Db, input: ListingInput, actor: AccidentActor, now = new Date()): Promise<AccidentWriteResult> {
  const terms = listingTerms(input.listedOn);
  return refusableTx(client, async (tx) => {
    if (input.caseId !== null) {
      const c = await tx.accidentCase.findUnique({ where: { id: input.caseId }, select: { id: true } });
      if (!c) throw new Refusal('所关联的事故台账不存在', 'caseId');
    }
    const active = await tx.enterpriseListing.findFirst({
      where: { enterprise: input.enterprise, removedOn: null, expiresOn: { gt: calendarDayInShanghai(now) } },
      select: { id: true, listedOn: true },
    });
    if (active) throw new Refusal(`该企业已在名单中（${active.listedOn} 列入）`, 'enterprise');
    const row = await tx.enterpriseListing.create({
      data: { ...input, ...terms, createdAt: now, createdBy: actor.username, updatedAt: now },
    });
    await appendAuditInTx(tx, actor.audit, {
      action: 'accident.listing',
      objectType: 'enterprise_listing',
      objectId: String(row.id),
      detail: { op: 'list', caseId: input.caseId, listedOn: input.listedOn, expiresOn: terms.expiresOn, decisionNo: input.decisionNo },
      at: now,
    });
    return { ok: true as const, id: row.id, warnings: [] };
  });
}

/** Records a removal (early after 12 months, or at any time after the term) with its reason. */
export async function removeEnterpriseListing(
  client: Db,
  input: { listingId: number; removedOn: CalendarDay; reason: string },
  actor: AccidentActor,
  now = new Date(),
): Promise<AccidentWriteResult> {
  const today = calendarDayInShanghai(now);
  return refusableTx(client, async (tx) => {
    const l = await tx.enterpriseListing.findUnique({ where: { id: input.listingId } });
    if (!l) throw new Refusal('该名单记录不存在');
    const why = removalRefusal(l, input.removedOn, today);
    if (why) throw new Refusal(why, 'removedOn');
    await tx.enterpriseListing.update({ where: { id: l.id }, data: { removedOn: input.removedOn, removalReason: input.reason, updatedAt: now } });
    await appendAuditInTx(tx, actor.audit, {
      action: 'accident.listing',
      objectType: 'enterprise_listing',
      objectId: String(l.id),
      detail: { op: 'remove', removedOn: input.removedOn, early: input.removedOn < l.expiresOn },
      at: now,
    });
    return { ok: true as const, id: l.caseId ?? l.id, warnings: [] };
  });
}

// ---------------------------------------------------------------------------------------------
// Reading

export interface AccidentTimelineEntry {
  seq: number;
  entry: AccidentEntry;
  label: string;
  note: string | null;
  recordedBy: string;
  recordedByName: string;
  recordedAt: Date;
  refused: boolean;
}

export interface ListingRow {
  id: number;
  caseId: number | null;
  caseTitle: string | null;
  enterprise: string;
  creditCode: string | null;
  grounds: string;
  decisionNo: string | null;
  listedOn: CalendarDay;
  expiresOn: CalendarDay;
  earlyRemovalFrom: CalendarDay;
  removedOn: CalendarDay | null;
  removalReason: string | null;
  publishedUrl: string | null;
  status: ListingStatus;
}

export interface AccidentCaseDetail {
  id: number;
  eventId: number | null;
  title: string;
  occurredAt: Date;
  province: string | null;
  city: string | null;
  enterprise: string | null;
  accidentType: string | null;
  grade: AccidentCaseGrade | null;
  deaths: number | null;
  injuries: number | null;
  missing: number | null;
  createdAt: Date;
  createdBy: string;
  version: number;
  timeline: AccidentTimelineEntry[];
  status: AccidentCaseStatus;
  listings: ListingRow[];
}

type ListingDb = Prisma.EnterpriseListingGetPayload<{ include: { accidentCase: { select: { title: true } } } }>;

function toListingRow(l: ListingDb, today: CalendarDay): ListingRow {
  return {
    id: l.id,
    caseId: l.caseId,
    caseTitle: l.accidentCase?.title ?? null,
    enterprise: l.enterprise,
    creditCode: l.creditCode,
    grounds: l.grounds,
    decisionNo: l.decisionNo,
    listedOn: l.listedOn,
    expiresOn: l.expiresOn,
    earlyRemovalFrom: l.earlyRemovalFrom,
    removedOn: l.removedOn,
    removalReason: l.removalReason,
    publishedUrl: l.publishedUrl,
    status: listingStatus(l, today),
  };
}

export async function getAccidentCase(client: Db, id: number, now = new Date()): Promise<AccidentCaseDetail | null> {
  const c = await client.accidentCase.findUnique({
    where: { id },
    include: { entries: { orderBy: { seq: 'asc' } }, listings: { include: { accidentCase: { select: { title: true } } }, orderBy: { listedOn: 'desc' } } },
  });
  if (!c) return null;
  const entries = recorded(c.entries);
  const releases = c.eventId !== null ? ((await publishedReleases(client, [c.eventId])).get(c.eventId) ?? []) : [];
  const grade = gradeOf(c.grade);
  const status = computeAccidentCase({ occurredAt: c.occurredAt, grade }, entries, { now, releases });
  const refused = new Set(status.refusedSeqs);
  const today = calendarDayInShanghai(now);
  return {
    id: c.id,
    eventId: c.eventId,
    title: c.title,
    occurredAt: c.occurredAt,
    province: c.province,
    city: c.city,
    enterprise: c.enterprise,
    accidentType: c.accidentType,
    grade,
    deaths: c.deaths,
    injuries: c.injuries,
    missing: c.missing,
    createdAt: c.createdAt,
    createdBy: c.createdBy,
    version: c.version,
    timeline: c.entries.map((e, i) => {
      const entry = (entries[i] as RecordedEntry).entry;
      return { seq: e.seq, entry, label: ENTRY_LABELS[entry.type], note: e.note, recordedBy: e.recordedBy, recordedByName: e.recordedByName, recordedAt: e.recordedAt, refused: refused.has(e.seq) };
    }),
    status,
    listings: c.listings.map((l) => toListingRow(l, today)),
  };
}

export interface AccidentListRow {
  id: number;
  eventId: number | null;
  title: string;
  grade: AccidentCaseGrade | null;
  occurredAt: Date;
  daysSinceAccident: number;
  reportDueOn: CalendarDay;
  reportDaysLeft: number | null;
  state: 'open' | 'closed';
  openDuties: number;
  overdueDuties: number;
  unpublished: string[];
  overdue: string[];
  nextDueOn: CalendarDay | null;
}

export type AccidentSort = 'urgency' | 'recent';

/** Urgency: most overdue duties first, then the nearest open due date, then the newest accident. */
export function compareByUrgency(a: AccidentListRow, b: AccidentListRow): number {
  if (a.state !== b.state) return a.state === 'open' ? -1 : 1;
  if (a.overdueDuties !== b.overdueDuties) return b.overdueDuties - a.overdueDuties;
  if (a.nextDueOn !== b.nextDueOn) {
    if (a.nextDueOn === null) return 1;
    if (b.nextDueOn === null) return -1;
    return a.nextDueOn < b.nextDueOn ? -1 : 1;
  }
  return b.occurredAt.getTime() - a.occurredAt.getTime() || b.id - a.id;
}

export const ACCIDENT_LIST_CAP = 500;

export async function listAccidentCases(
  client: Db,
  filter: ListFilter,
  sort: AccidentSort,
  now = new Date(),
): Promise<{ rows: AccidentListRow[]; total: number; truncated: boolean; counts: { open: number; overdue: number; closed: number } }> {
  const cases = await client.accidentCase.findMany({
    include: { entries: { orderBy: { seq: 'asc' }, select: { seq: true, payload: true } } },
    orderBy: { occurredAt: 'desc' },
  });
  const releases = await publishedReleases(client, cases.map((c) => c.eventId).filter((id): id is number => id !== null));
  const all = cases.map((c): AccidentListRow => {
    const grade = gradeOf(c.grade);
    const s = computeAccidentCase({ occurredAt: c.occurredAt, grade }, recorded(c.entries), {
      now,
      releases: c.eventId !== null ? (releases.get(c.eventId) ?? []) : [],
    });
    return {
      id: c.id,
      eventId: c.eventId,
      title: c.title,
      grade,
      occurredAt: c.occurredAt,
      daysSinceAccident: s.daysSinceAccident,
      reportDueOn: s.report.dueOn,
      reportDaysLeft: s.report.daysLeft,
      state: s.state,
      openDuties: s.summary.openDuties,
      overdueDuties: s.summary.overdueDuties,
      unpublished: s.summary.unpublished,
      overdue: s.summary.overdue,
      nextDueOn: s.summary.nextDueOn,
    };
  });
  const counts = {
    open: all.filter((r) => r.state === 'open').length,
    overdue: all.filter((r) => r.overdueDuties > 0).length,
    closed: all.filter((r) => r.state === 'closed').length,
  };
  let rows = all;
  if (filter === 'open') rows = all.filter((r) => r.state === 'open');
  else if (filter === 'closed') rows = all.filter((r) => r.state === 'closed');
  else if (filter === 'overdue') rows = all.filter((r) => r.overdueDuties > 0);
  rows = [...rows].sort(sort === 'recent' ? (a, b) => b.occurredAt.getTime() - a.occurredAt.getTime() || b.id - a.id : compareByUrgency);
  return { rows: rows.slice(0, ACCIDENT_LIST_CAP), total: rows.length, truncated: rows.length > ACCIDENT_LIST_CAP, counts };
}

/** The case of an event, for the event page: status with a link, or none. */
export async function getAccidentCaseForEvent(
  client: Db,
  eventId: number,
  now = new Date(),
): Promise<{ id: number; state: 'open' | 'closed'; openDuties: number; overdueDuties: number; unpublished: string[]; reportDueOn: CalendarDay } | null> {
  const c = await client.accidentCase.findUnique({ where: { eventId }, select: { id: true } });
  if (!c) return null;
  const detail = await getAccidentCase(client, c.id, now);
  if (!detail) return null;
  const s = detail.status;
  return { id: c.id, state: s.state, openDuties: s.summary.openDuties, overdueDuties: s.summary.overdueDuties, unpublished: s.summary.unpublished, reportDueOn: s.report.dueOn };
}

/** An event's facts for the new-case form: its first report as the accident time, until corrected. */
export async function getEventFactsForAccident(
  client: Db,
  eventId: number,
): Promise<{ eventId: number; existingCaseId: number | null; title: string; occurredAt: Date; province: string | null; city: string | null; enterprise: string | null; accidentTypeCode: string | null; accidentType: string | null; grade: AccidentCaseGrade | null; deaths: number | null; injuries: number | null; missing: number | null } | null> {
  const event = await getEvent(client, eventId);
  if (!event) return null;
  const existing = await client.accidentCase.findUnique({ where: { eventId }, select: { id: true } });
  return {
    eventId,
    existingCaseId: existing?.id ?? null,
    title: event.title,
    occurredAt: event.firstSeenAt,
    province: event.province,
    city: event.city,
    enterprise: event.enterprises[0] ?? null,
    accidentTypeCode: event.accidentTypeCode,
    accidentType: event.accidentType,
    grade: gradeOf(event.grade),
    deaths: event.deaths,
    injuries: event.injuries,
    missing: event.missing,
  };
}

/** The responsible-enterprise list: in force and expiring first, then removed and expired. */
export async function listEnterpriseListings(client: Db, now = new Date()): Promise<ListingRow[]> {
  const today = calendarDayInShanghai(now);
  const rows = await client.enterpriseListing.findMany({
    include: { accidentCase: { select: { title: true } } },
    orderBy: [{ expiresOn: 'asc' }, { id: 'asc' }],
    take: 2000,
  });
  const order: Record<ListingStatus, number> = { expiring: 0, in_force: 1, removed: 2, expired: 3 };
  return rows.map((l) => toListingRow(l, today)).sort((a, b) => order[a.status] - order[b.status]);
}

/** Open cases for the listing form's case picker. */
export async function accidentCaseChoices(client: Db): Promise<{ id: number; title: string }[]> {
  return client.accidentCase.findMany({ select: { id: true, title: true }, orderBy: { occurredAt: 'desc' }, take: 200 });
}
