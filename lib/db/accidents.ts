/**
 * 事故信息公开 cases, their entries and the responsible-enterprise list (严重失信主体名单).
 *
 * A case is its facts plus its ordered entries; lib/workflow/accident-case.ts replays them (with the
 * published first_report / follow_up Releases of the case's event, which count as rescue releases).
 * An entry is appended inside one locked transaction that re-reads the case, refuses a stale write
 * (the version the form was shown with), replays the entries with the new one and refuses it,
 * storing nothing, when the replay does not accept it. The same transaction recomputes the summary
 * columns after `state` and writes the audit row.
 *
 * Public addresses (DOMAIN §3.3, "公开是长期的，严禁公开几天后又撤回"): checkAccidentLinks, run by
 * the worker, GETs every URL recorded in a case at most once a day through the hardened fetcher and
 * appends a system `link_check` entry only when a URL's state changes (first check, gone, restored).
 * The day-to-day bookkeeping (last checked, last status, days of consecutive failures) lives in one
 * Setting row, so the ledger shows changes, not a daily "still there".
 */
import { z } from 'zod';
import { CRAWL_ERROR_MESSAGES, CrawlError } from '@/lib/errors';
import { fetchResource } from '@/lib/fetch';
import type { FetchOptions } from '@/lib/fetch';
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
  isSystemEntryType,
  parseStoredEntry,
  type AccidentCaseGrade,
  type AccidentCaseStatus,
  type AccidentEntry,
  type LinkChange,
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
  if (isSystemEntryType(input.entry.type)) return { ok: false, message: `“${ENTRY_LABELS[input.entry.type]}”由系统记录，不能手工记录` };
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
  if (entry.type === 'link_check') return entry.checkedAt;
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
  /** The worker's last check of each public address (only changes are entries). */
  linkChecks: Record<string, LinkCheckSeen>;
  listings: ListingRow[];
}

export interface LinkCheckSeen {
  lastCheckedAt: Date;
  lastStatus: string;
  /** Days in a row the address has failed without a conclusion yet (timeouts, 5xx …). */
  failureDays: number;
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
    linkChecks: await getLinkCheckBook(client, status.links.map((l) => l.url)),
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
  /** Public addresses of the case that no longer answer (链接失效). */
  goneLinks: number;
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
      goneLinks: s.summary.goneLinks,
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

// ---------------------------------------------------------------------------------------------
// Public addresses: are they still there? (DOMAIN §3.3 product rule)

export const LINK_CHECK_ACTOR = 'system:accidents';
const LINK_CHECK_ACTOR_NAME = '系统（公开网址检查）';
const LINK_BOOK_KEY = 'accidents.link-checks';
/** Timeouts, 5xx and other failures count as gone only on this many days in a row. */
export const LINK_FAILURE_DAYS = 3;

export const LINK_CHECK_DEFAULTS = {
  /** A page that exists answers within a few KiB; a larger body is read up to here and counted as OK. */
  maxBytes: 64 * 1024,
  totalTimeoutMs: 15_000,
  /** No retries within a run: the next day's check is the retry. */
  retries: 0,
  concurrency: 4,
} as const;

/** The fetcher settings a link check uses (config.crawl): user agent, allow-lists, timeouts. */
export type LinkFetchSettings = Pick<FetchOptions, 'userAgent'> &
  Partial<
    Pick<
      FetchOptions,
      'allowPrivate' | 'allowPorts' | 'totalTimeoutMs' | 'connectTimeoutMs' | 'headerTimeoutMs' | 'maxRedirects' | 'maxBytes' | 'retries' | 'lookup' | 'hostLimiter' | 'ca'
    >
  >;

export interface LinkCheckOptions {
  fetch: LinkFetchSettings;
  /** Wall-clock budget of the whole run (ms): checks still running then are abandoned, not counted. */
  deadlineMs: number;
  /** At most this many URLs per run; never checked and least recently checked go first. */
  maxUrls: number;
  /** Parallel checks (default 4). */
  concurrency?: number;
  signal?: AbortSignal;
}

export interface LinkCheckRun {
  /** Distinct public URLs recorded across all cases. */
  urls: number;
  /** URLs fetched to an outcome in this run. */
  checked: number;
  /** URLs already checked today (Asia/Shanghai day). */
  checkedToday: number;
  /** Due URLs left for a later run (per-run cap or deadline). */
  deferred: number;
  /** Entries recorded, by change. */
  recorded: Record<LinkChange, number>;
  /** URLs gone at the end of the run (by outcome of this run's checks). */
  gone: string[];
}

/** What one GET said about a URL. */
export type LinkOutcome =
  | { kind: 'ok'; status: string; httpStatus: number }
  | { kind: 'gone'; status: string; httpStatus?: number }
  /** Timeouts, 5xx, connection failures …: gone only after LINK_FAILURE_DAYS days in a row. */
  | { kind: 'failing'; status: string; httpStatus?: number }
  /** The address cannot be checked from here (private address, port not allowed): nothing is concluded. */
  | { kind: 'uncheckable'; status: string };

const UNCHECKABLE = new Set(['invalid_url', 'scheme_not_allowed', 'port_not_allowed', 'private_address']);

/**
 * Maps a fetch error to an outcome: only the site's own 404/410 means gone at once. A name that does
 * not resolve is treated like a timeout (gone after LINK_FAILURE_DAYS days): on an intranet whose DNS
 * does not know public names every address would otherwise be "withdrawn" on the first check.
 */
export function linkOutcomeOfError(e: unknown): LinkOutcome {
  if (!(e instanceof CrawlError)) return { kind: 'failing', status: CRAWL_ERROR_MESSAGES.internal_error };
  const http = e.httpStatus !== undefined ? { httpStatus: e.httpStatus } : {};
  if (e.code === 'http_not_found') return { kind: 'gone', status: `HTTP ${e.httpStatus ?? 404}`, ...http };
  if (e.code === 'dns_error' && (e.cause as NodeJS.ErrnoException | undefined)?.code === 'ENOTFOUND') {
    return { kind: 'failing', status: '域名无法解析（NXDOMAIN）' };
  }
  if (UNCHECKABLE.has(e.code)) return { kind: 'uncheckable', status: CRAWL_ERROR_MESSAGES[e.code] };
  return { kind: 'failing', status: e.httpStatus !== undefined ? `HTTP ${e.httpStatus}` : CRAWL_ERROR_MESSAGES[e.code], ...http };
}

const Iso = z.iso.datetime({ offset: true });
const LinkBookEntrySchema = z.object({
  lastCheckedAt: Iso,
  lastStatus: z.string().max(200),
  /** true: reachable; false: gone; null: failing or not checkable. */
  lastOk: z.boolean().nullable(),
  /** The first failing check of the current run of failures. */
  failingSince: Iso.nullable(),
  /** Distinct days in the current run of failures, and the last of them. */
  failureDays: z.number().int().min(0),
  lastFailureDay: z.string().nullable(),
});
type LinkBookEntry = z.infer<typeof LinkBookEntrySchema>;
const LinkBookSchema = z.record(z.string(), LinkBookEntrySchema);
type LinkBook = Record<string, LinkBookEntry>;

async function readLinkBook(client: Db): Promise<LinkBook> {
  const row = await client.setting.findUnique({ where: { key: LINK_BOOK_KEY } });
  if (!row) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(row.valueJson);
  } catch {
    return {};
  }
  // A bookkeeping row that no longer parses only costs a re-check: start over rather than stop checking.
  const parsed = LinkBookSchema.safeParse(raw);
  return parsed.success ? parsed.data : {};
}

/** The bookkeeping after one check, and what it concludes: a state to record, or nothing yet. */
export function nextLinkBookEntry(
  prev: LinkBookEntry | undefined,
  outcome: LinkOutcome,
  now: Date,
): { book: LinkBookEntry; verdict: { ok: boolean; status: string; httpStatus?: number; since?: string } | null } {
  const at = now.toISOString();
  const today = calendarDayInShanghai(now);
  if (outcome.kind === 'ok' || outcome.kind === 'gone') {
    const ok = outcome.kind === 'ok';
    return {
      book: { lastCheckedAt: at, lastStatus: outcome.status, lastOk: ok, failingSince: null, failureDays: 0, lastFailureDay: null },
      verdict: { ok, status: outcome.status, ...(outcome.httpStatus !== undefined ? { httpStatus: outcome.httpStatus } : {}) },
    };
  }
  if (outcome.kind === 'uncheckable') {
    // Nothing concluded, the failure count untouched: a configuration matter, not the site's.
    const base = prev ?? { lastOk: null, failingSince: null, failureDays: 0, lastFailureDay: null };
    return { book: { ...base, lastCheckedAt: at, lastStatus: outcome.status }, verdict: null };
  }
  const continuing = prev !== undefined && prev.failingSince !== null;
  const failingSince = continuing ? (prev.failingSince as string) : at;
  const failureDays = continuing ? prev.failureDays + (prev.lastFailureDay === today ? 0 : 1) : 1;
  const book: LinkBookEntry = { lastCheckedAt: at, lastStatus: outcome.status, lastOk: prev?.lastOk === false ? false : null, failingSince, failureDays, lastFailureDay: today };
  if (failureDays < LINK_FAILURE_DAYS) return { book, verdict: null };
  return {
    book: { ...book, lastOk: false },
    verdict: { ok: false, status: `连续${failureDays}日无法访问（${outcome.status}）`, ...(outcome.httpStatus !== undefined ? { httpStatus: outcome.httpStatus } : {}), since: failingSince },
  };
}

/** Appends one link_check entry if the case's state for the URL differs; false when nothing changed. */
async function recordLinkChange(
  client: Db,
  caseId: number,
  url: string,
  verdict: { ok: boolean; status: string; httpStatus?: number; since?: string },
  now: Date,
): Promise<LinkChange | null> {
  const r = await refusableTx(client, async (tx) => {
    const c = await tx.accidentCase.findUnique({
      where: { id: caseId },
      include: { entries: { orderBy: { seq: 'asc' }, select: { seq: true, payload: true } } },
    });
    if (!c) return { ok: true as const, change: null };
    const entries = recorded(c.entries);
    const releases = c.eventId !== null ? ((await publishedReleases(tx, [c.eventId])).get(c.eventId) ?? []) : [];
    const facts = { occurredAt: c.occurredAt, grade: gradeOf(c.grade) };
    const before = computeAccidentCase(facts, entries, { now, releases });
    const link = before.links.find((l) => l.url === url);
    // Re-read inside the lock: a concurrent run (or a removed entry) may already have settled it.
    if (!link || link.state === (verdict.ok ? 'ok' : 'gone')) return { ok: true as const, change: null };
    const change: LinkChange = link.state === 'unchecked' ? (verdict.ok ? 'first_ok' : 'gone') : verdict.ok ? 'restored' : 'gone';
    const entry: AccidentEntry = {
      type: 'link_check',
      checkedAt: now.toISOString(),
      url,
      ok: verdict.ok,
      status: verdict.status,
      change,
      ...(verdict.httpStatus !== undefined ? { httpStatus: verdict.httpStatus } : {}),
      ...(verdict.since !== undefined ? { since: verdict.since } : {}),
    };
    const seq = (c.entries.at(-1)?.seq ?? 0) + 1;
    const after = computeAccidentCase(facts, [...entries, { seq, entry }], { now, releases });
    if (after.refusedSeqs.includes(seq)) return { ok: true as const, change: null };
    await tx.accidentCaseEntry.create({
      data: {
        caseId,
        seq,
        type: entry.type,
        occurredOn: occurredOnOf(entry),
        payload: JSON.stringify(entry),
        note: null,
        recordedBy: LINK_CHECK_ACTOR,
        recordedByName: LINK_CHECK_ACTOR_NAME,
        recordedAt: now,
      },
    });
    // The version moves: a form shown before the change must not be applied over it unseen.
    await tx.accidentCase.update({ where: { id: caseId }, data: { ...summaryColumns(after), updatedAt: now, version: { increment: 1 } } });
    await appendAuditInTx(
      tx,
      { actor: LINK_CHECK_ACTOR, role: null, clientIp: null, requestId: null },
      {
        action: 'accident.entry',
        objectType: 'accident_case',
        objectId: String(caseId),
        detail: { seq, type: entry.type, on: entryDay(entry), url, ok: verdict.ok, status: verdict.status, change, openDuties: after.summary.openDuties, overdueDuties: after.summary.overdueDuties },
        at: now,
      },
    );
    return { ok: true as const, change };
  });
  return r.ok ? r.change : null;
}

/** GETs the due URLs with a bounded pool; stops starting new checks once the run's deadline passes. */
async function runLinkChecks(urls: readonly string[], opts: LinkCheckOptions): Promise<Map<string, LinkOutcome>> {
  const outcomes = new Map<string, LinkOutcome>();
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(new CrawlError('timeout', '超过本轮公开网址检查时限')), Math.max(0, opts.deadlineMs));
  const signal = opts.signal ? AbortSignal.any([deadline.signal, opts.signal]) : deadline.signal;
  const perFetch = opts.fetch.totalTimeoutMs ?? LINK_CHECK_DEFAULTS.totalTimeoutMs;
  const queue = [...urls];
  const worker = async (): Promise<void> => {
    for (let url = queue.shift(); url !== undefined && !signal.aborted; url = queue.shift()) {
      let outcome: LinkOutcome;
      try {
        // eslint-disable-next-line no-await-in-loop -- a bounded pool: each worker checks one URL at a time
        const r = await fetchResource(url, {
          retries: LINK_CHECK_DEFAULTS.retries,
          maxBytes: LINK_CHECK_DEFAULTS.maxBytes,
          ...opts.fetch,
          kind: 'html',
          // A page larger than the cap exists: read a prefix, do not fail with too_large.
          truncateOversize: true,
          // Not shortened to the time left: a check the run's deadline cuts must not pass for a timeout.
          totalTimeoutMs: perFetch,
          signal,
        });
        outcome = r.status === 'ok' ? { kind: 'ok', status: `HTTP ${r.httpStatus}`, httpStatus: r.httpStatus } : { kind: 'failing', status: 'HTTP 304' };
      } catch (e) {
        outcome = linkOutcomeOfError(e);
      }
      // A check cut short by the run's deadline says nothing about the site.
      if (signal.aborted) return;
      outcomes.set(url, outcome);
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(opts.concurrency ?? LINK_CHECK_DEFAULTS.concurrency, urls.length)) }, worker);
  // The fetcher honours the signal; the grace race only guards against a hang we did not foresee.
  let grace: ReturnType<typeof setTimeout> | undefined;
  const hardStop = new Promise<void>((resolve) => {
    const stop = (): void => {
      grace = setTimeout(resolve, 1_000);
    };
    if (signal.aborted) stop();
    else signal.addEventListener('abort', stop, { once: true });
  });
  try {
    await Promise.race([Promise.all(workers), hardStop]);
  } finally {
    clearTimeout(timer);
    clearTimeout(grace);
  }
  return new Map(outcomes);
}

/**
 * Checks the public addresses recorded in every case (open and closed: publication is for good),
 * each at most once a Shanghai day, and records the changes. For the worker, once a day or more often
 * (a second run the same day only picks up what the cap or the deadline left).
 */
export async function checkAccidentLinks(client: Db, now: Date, opts: LinkCheckOptions): Promise<LinkCheckRun> {
  const cases = await client.accidentCase.findMany({
    include: { entries: { orderBy: { seq: 'asc' }, select: { seq: true, payload: true } } },
    orderBy: { id: 'asc' },
  });
  const releases = await publishedReleases(client, cases.map((c) => c.eventId).filter((id): id is number => id !== null));
  const casesByUrl = new Map<string, number[]>();
  for (const c of cases) {
    const s = computeAccidentCase({ occurredAt: c.occurredAt, grade: gradeOf(c.grade) }, recorded(c.entries), {
      now,
      releases: c.eventId !== null ? (releases.get(c.eventId) ?? []) : [],
    });
    for (const l of s.links) casesByUrl.set(l.url, [...(casesByUrl.get(l.url) ?? []), c.id]);
  }
  const book = await readLinkBook(client);
  const today = calendarDayInShanghai(now);
  const checkedToday = (u: string) => {
    const b = book[u];
    return b !== undefined && calendarDayInShanghai(new Date(b.lastCheckedAt)) === today;
  };
  const allUrls = [...casesByUrl.keys()];
  const due = allUrls
    .filter((u) => !checkedToday(u))
    .sort((a, b) => (book[a]?.lastCheckedAt ?? '').localeCompare(book[b]?.lastCheckedAt ?? '') || a.localeCompare(b));
  const batch = due.slice(0, Math.max(0, opts.maxUrls));
  const outcomes = batch.length > 0 ? await runLinkChecks(batch, opts) : new Map<string, LinkOutcome>();

  const recordedChanges: Record<LinkChange, number> = { first_ok: 0, gone: 0, restored: 0 };
  const gone: string[] = [];
  const nextBook: LinkBook = {};
  // Keep only addresses still recorded somewhere: a corrected URL stops being tracked.
  for (const u of allUrls) if (book[u]) nextBook[u] = book[u];
  for (const [url, outcome] of outcomes) {
    const { book: entry, verdict } = nextLinkBookEntry(book[url], outcome, now);
    nextBook[url] = entry;
    if (!verdict) continue;
    if (!verdict.ok) gone.push(url);
    for (const caseId of casesByUrl.get(url) ?? []) {
      // eslint-disable-next-line no-await-in-loop -- one short locked transaction per change, in order
      const change = await recordLinkChange(client, caseId, url, verdict, now);
      if (change) recordedChanges[change]++;
    }
  }
  const valueJson = JSON.stringify(nextBook);
  await client.setting.upsert({
    where: { key: LINK_BOOK_KEY },
    create: { key: LINK_BOOK_KEY, valueJson, updatedBy: LINK_CHECK_ACTOR },
    update: { valueJson, updatedBy: LINK_CHECK_ACTOR },
  });
  return {
    urls: allUrls.length,
    checked: outcomes.size,
    checkedToday: allUrls.length - due.length,
    deferred: due.length - outcomes.size,
    recorded: recordedChanges,
    gone,
  };
}

/** Last check of each public address (bookkeeping), for the case page. */
export async function getLinkCheckBook(client: Db, urls: readonly string[]): Promise<Record<string, LinkCheckSeen>> {
  if (urls.length === 0) return {};
  const book = await readLinkBook(client);
  const out: Record<string, LinkCheckSeen> = {};
  for (const u of urls) {
    const b = book[u];
    if (b) out[u] = { lastCheckedAt: new Date(b.lastCheckedAt), lastStatus: b.lastStatus, failureDays: b.failureDays };
  }
  return out;
}
