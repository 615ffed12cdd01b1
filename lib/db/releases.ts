/**
 * 发布: release drafts, their 保密审查 records and steps, and the public channel. Every change runs
 * in one locked transaction that re-reads the release, asks the workflow (lib/releases/workflow)
 * whether the step is legal, stores it with its step row (and review row) and writes the audit row,
 * so a refused or stale step stores nothing and a change without its audit row cannot exist.
 */
import type { Db } from './client';
import type { Prisma } from './generated/client';
import { appendAuditInTx } from './audit';
import type { AuditAction, AuditContext } from './audit';
import { Refusal, refusableTx } from './refusal';
import type { Tx } from './refusal';
import { getEvent, getEventFactReports } from './queries/get-event';
import type { AccidentGrade } from '../analysis/grade';
import { can } from '../auth/permissions';
import type { Role } from '../auth/roles';
import { compareFacts } from '../events-view/facts';
import { checkRelease } from '../releases/checks';
import type { CheckResult, Finding } from '../releases/checks';
import { forecastReaction } from '../releases/forecast';
import type { ArchiveEvent, ReactionForecast } from '../releases/forecast';
import type { CreateReleaseInput, ReleaseListQuery } from '../releases/forms';
import type { ReleaseKind } from '../releases/kinds';
import { hourlySeries, trackReaction } from '../releases/reaction';
import type { RollupRow, TrackedReaction } from '../releases/reaction';
import { officialFiguresFromFacts, releaseFactsFromEvent } from '../releases/templates';
import type { OfficialFigures, ReleaseFacts } from '../releases/templates';
import {
  applyRedactions,
  decideReleaseStep,
  isReleaseKind,
  isReleaseState,
  isReleaseStepType,
  RELEASE_STATES,
  RELEASE_STEP_LABELS,
  releaseText,
  releaseTextHash,
} from '../releases/workflow';
import type { Redaction, ReleaseState, ReleaseStep, ReleaseStepType } from '../releases/workflow';


const HOUR = 3_600_000;

/** Who is acting: the signed-in person's username, name and roles (read fresh on the request), and the audit context. */
export interface ReleaseActor {
  username: string;
  name: string;
  roles: readonly Role[];
  audit: AuditContext;
}

export type ReleaseWriteResult = { ok: true; id: number; state: ReleaseState; message: string } | { ok: false; message: string; field?: string };



const AUDIT_OF: Readonly<Record<ReleaseStepType, AuditAction>> = {
  create: 'release.create',
  edit: 'release.edit',
  submit: 'release.submit',
  clear: 'release.clear',
  return: 'release.return',
  approve: 'release.approve',
  reject: 'release.reject',
  publish: 'release.publish',
  withdraw: 'release.withdraw',
};

// ---------------------------------------------------------------------------------------------
// Facts and checks

export interface StoredFigures {
  figures: OfficialFigures;
  asOf: Date | null;
}

/** The latest official figures of an event (the facts table's official column); none without an event. */
export async function officialFiguresOfEvent(client: Db | Tx, eventId: number | null): Promise<StoredFigures> {
  if (eventId === null) return { figures: {}, asOf: null };
  const reports = await getEventFactReports(client as Db, eventId);
  return officialFiguresFromFacts(compareFacts(reports));
}

export function runReleaseChecks(kind: ReleaseKind, title: string, body: string, official: OfficialFigures): CheckResult {
  return checkRelease({ kind, text: releaseText(title, body), official });
}

function checksJson(result: CheckResult, at: Date): string {
  return JSON.stringify({ at: at.toISOString(), blocked: result.blocked, findings: result.findings });
}

function figuresJson(f: StoredFigures): string {
  return JSON.stringify({ figures: f.figures, asOf: f.asOf?.toISOString() ?? null });
}

function blockingMessages(result: CheckResult): string[] {
  return result.findings.filter((f) => f.severity === 'block').map((f) => f.message);
}

function checkSummary(result: CheckResult): { blocked: boolean; block: number; warn: number } {
  return { blocked: result.blocked, block: result.findings.filter((f) => f.severity === 'block').length, warn: result.findings.filter((f) => f.severity === 'warn').length };
}

export interface ReleaseDraftContext {
  event: { id: number; title: string; accidentType: string | null; grade: string | null; province: string | null; city: string | null };
  facts: ReleaseFacts;
  official: StoredFigures;
}

/** What /releases/new needs to prefill a draft from an event: its facts with the latest official figures. */
export async function releaseDraftContext(client: Db, eventId: number): Promise<ReleaseDraftContext | null> {
  const event = await getEvent(client, eventId);
  if (!event) return null;
  const rows = compareFacts(await getEventFactReports(client, eventId));
  const facts = releaseFactsFromEvent(
    { accidentType: event.accidentType, grade: event.grade, province: event.province, city: event.city, enterprises: event.enterprises },
    rows,
  );
  return {
    event: { id: event.id, title: event.title, accidentType: event.accidentType, grade: event.grade, province: event.province, city: event.city },
    facts,
    official: officialFiguresFromFacts(rows),
  };
}

// ---------------------------------------------------------------------------------------------
// Writing

async function authorsOf(tx: Tx, releaseId: number): Promise<string[]> {
  const steps = await tx.releaseStep.findMany({ where: { releaseId, action: { in: ['create', 'edit'] } }, select: { actor: true }, distinct: ['actor'] });
  return steps.map((s) => s.actor);
}

/** Creates a draft (state 草稿) with its checks, step and audit row. */
export async function createRelease(client: Db, input: CreateReleaseInput, actor: ReleaseActor, now = new Date()): Promise<ReleaseWriteResult> {
  if (!can(actor.roles, 'releases.draft')) return { ok: false, message: '只有起草人或舆情值班员可以起草发布稿' };
  return refusableTx(client, async (tx) => {
    let eventTitle: string | null = null;
    if (input.eventId !== null) {
      const event = await tx.event.findUnique({ where: { id: input.eventId }, select: { title: true } });
      if (!event) throw new Refusal('该事件不存在', 'eventId');
      eventTitle = event.title.slice(0, 500);
    }
    const official = await officialFiguresOfEvent(tx, input.eventId);
    const checks = runReleaseChecks(input.kind, input.title, input.body, official.figures);
    const hash = releaseTextHash(input.title, input.body);
    const release = await tx.release.create({
      data: {
        kind: input.kind,
        eventId: input.eventId,
        eventTitle,
        title: input.title,
        body: input.body,
        state: 'draft',
        checksJson: checksJson(checks, now),
        factsJson: figuresJson(official),
        channelsJson: JSON.stringify(['website']),
        createdAt: now,
        createdBy: actor.username,
        createdByName: actor.name,
        updatedAt: now,
        version: 1,
      },
    });
    await tx.releaseStep.create({
      data: {
        releaseId: release.id,
        seq: 1,
        action: 'create',
        fromState: null,
        toState: 'draft',
        note: null,
        detail: JSON.stringify({ kind: input.kind, eventId: input.eventId, textHash: hash, checks: checkSummary(checks) }),
        actor: actor.username,
        actorName: actor.name,
        at: now,
      },
    });
    await appendAuditInTx(tx, actor.audit, {
      action: 'release.create',
      objectType: 'release',
      objectId: String(release.id),
      detail: { kind: input.kind, eventId: input.eventId, textHash: hash, checks: checkSummary(checks) },
      at: now,
    });
    return { ok: true as const, id: release.id, state: 'draft' as const, message: '已保存草稿' };
  });
}

/**
 * Takes one step. `expectedVersion` is the release's version the form was shown with: a step on a
 * release someone else changed meanwhile is refused instead of applied to a text its author has not seen.
 */
export async function applyReleaseStep(
  client: Db,
  releaseId: number,
  step: ReleaseStep,
  expectedVersion: number | null,
  actor: ReleaseActor,
  now = new Date(),
): Promise<ReleaseWriteResult> {
  return refusableTx(client, async (tx) => {
    const r = await tx.release.findUnique({ where: { id: releaseId } });
    if (!r) throw new Refusal('该发布稿不存在');
    if (expectedVersion !== null && r.version !== expectedVersion) {
      throw new Refusal('该稿件已被他人更新，请刷新页面查看最新内容后再操作');
    }
    if (!isReleaseState(r.state)) throw new Error(`release #${releaseId}: unknown state ${r.state}`);
    if (!isReleaseKind(r.kind)) throw new Error(`release #${releaseId}: unknown kind ${r.kind}`);
    const kind = r.kind;
    const textHash = releaseTextHash(r.title, r.body);
    const latest = await tx.secrecyReview.findFirst({ where: { releaseId }, orderBy: [{ reviewedAt: 'desc' }, { id: 'desc' }], select: { result: true, textHash: true } });
    const authors = await authorsOf(tx, releaseId);
    // Submitting is checked against the event's official figures as they are now.
    let checks: CheckResult | null = null;
    let official: StoredFigures | null = null;
    if (step.type === 'submit' || step.type === 'edit') {
      official = await officialFiguresOfEvent(tx, r.eventId);
      checks = step.type === 'edit' ? runReleaseChecks(kind, step.title, step.body, official.figures) : runReleaseChecks(kind, r.title, r.body, official.figures);
    }
    const decision = decideReleaseStep(
      {
        state: r.state,
        textHash,
        clearedHash: r.clearedHash,
        approvedHash: r.approvedHash,
        latestReview: latest,
        authors,
        blocked: checks?.blocked ?? false,
        blockingMessages: checks ? blockingMessages(checks) : [],
      },
      step,
      { username: actor.username, roles: actor.roles },
    );
    if (!decision.ok) throw new Refusal(`不能${RELEASE_STEP_LABELS[step.type]}：${decision.reason}`, decision.field);

    const data: Prisma.ReleaseUpdateInput = { state: decision.to, updatedAt: now, version: r.version + 1 };
    let note: string | null = null;
    let detail: Record<string, unknown> = {};
    switch (step.type) {
      case 'edit': {
        const newHash = releaseTextHash(step.title, step.body);
        Object.assign(data, { title: step.title, body: step.body, clearedHash: null, approvedHash: null });
        if (checks && official) Object.assign(data, { checksJson: checksJson(checks, now), factsJson: figuresJson(official) });
        detail = {
          textHash: newHash,
          previousHash: textHash,
          titleChanged: step.title !== r.title,
          voided: [r.clearedHash ? 'clearance' : null, r.approvedHash ? 'approval' : null].filter(Boolean),
          checks: checks ? checkSummary(checks) : null,
        };
        break;
      }
      case 'submit':
        if (checks && official) Object.assign(data, { checksJson: checksJson(checks, now), factsJson: figuresJson(official) });
        detail = { textHash, checks: checks ? checkSummary(checks) : null };
        break;
      case 'clear': {
        const redacted = applyRedactions(r.title, r.body, step.redactions);
        if (!redacted.ok) throw new Refusal(`不能${RELEASE_STEP_LABELS.clear}：稿件中没有要删除的内容“${redacted.missing.slice(0, 40)}”`, 'redactions');
        const clearedHash = releaseTextHash(redacted.title, redacted.body);
        const result = step.redactions.length > 0 ? 'cleared_with_redactions' : 'cleared';
        const recheck = runReleaseChecks(kind, redacted.title, redacted.body, (await officialFiguresOfEvent(tx, r.eventId)).figures);
        Object.assign(data, { title: redacted.title, body: redacted.body, clearedHash, approvedHash: null, checksJson: checksJson(recheck, now) });
        await tx.secrecyReview.create({
          data: { releaseId, result, redactions: JSON.stringify(step.redactions), opinion: step.opinion, textHash: clearedHash, reviewer: actor.username, reviewerName: actor.name, reviewedAt: now },
        });
        note = step.opinion;
        detail = { result, redactions: step.redactions.length, reviewedHash: textHash, textHash: clearedHash };
        break;
      }
      case 'return':
        await tx.secrecyReview.create({
          data: { releaseId, result: 'returned', redactions: '[]', opinion: step.opinion, textHash, reviewer: actor.username, reviewerName: actor.name, reviewedAt: now },
        });
        Object.assign(data, { clearedHash: null, approvedHash: null });
        note = step.opinion;
        detail = { result: 'returned', textHash };
        break;
      case 'approve':
        Object.assign(data, { approvedHash: textHash });
        note = step.note;
        detail = { textHash };
        break;
      case 'reject':
        // Back to the drafter; the clearance goes too, so the revised text is reviewed again.
        Object.assign(data, { clearedHash: null, approvedHash: null });
        note = step.opinion;
        detail = { textHash };
        break;
      case 'publish':
        Object.assign(data, { publishedAt: now, publishedBy: actor.username });
        detail = { textHash, channels: ['website'] };
        break;
      case 'withdraw':
        Object.assign(data, { withdrawnAt: now, withdrawnBy: actor.username, withdrawReason: step.reason });
        note = step.reason;
        detail = { textHash, publishedAt: r.publishedAt?.toISOString() ?? null };
        break;
    }
    await tx.release.update({ where: { id: releaseId }, data });
    await tx.releaseStep.create({
      data: {
        releaseId,
        seq: r.version + 1,
        action: step.type,
        fromState: r.state,
        toState: decision.to,
        note,
        detail: JSON.stringify(step.type === 'clear' ? { ...detail, items: step.redactions } : detail),
        actor: actor.username,
        actorName: actor.name,
        at: now,
      },
    });
    await appendAuditInTx(tx, actor.audit, {
      action: AUDIT_OF[step.type],
      objectType: 'release',
      objectId: String(releaseId),
      detail: { from: r.state, to: decision.to, ...detail },
      at: now,
    });
    return { ok: true as const, id: releaseId, state: decision.to, message: `已${RELEASE_STEP_LABELS[step.type]}` };
  });
}

// ---------------------------------------------------------------------------------------------
// Reading

export interface ReleaseRow {
  id: number;
  kind: ReleaseKind;
  eventId: number | null;
  eventTitle: string | null;
  title: string;
  state: ReleaseState;
  createdBy: string;
  createdByName: string;
  createdAt: Date;
  updatedAt: Date;
  publishedAt: Date | null;
  withdrawnAt: Date | null;
  version: number;
}

export interface ReleaseStepRow {
  seq: number;
  action: ReleaseStepType;
  fromState: ReleaseState | null;
  toState: ReleaseState;
  note: string | null;
  detail: Record<string, unknown>;
  actor: string;
  actorName: string;
  at: Date;
}

export interface SecrecyReviewRow {
  id: number;
  result: 'cleared' | 'cleared_with_redactions' | 'returned';
  redactions: Redaction[];
  opinion: string | null;
  textHash: string;
  reviewer: string;
  reviewerName: string;
  reviewedAt: Date;
}

export interface StoredChecks {
  at: Date | null;
  blocked: boolean;
  findings: Finding[];
}

export interface ReleaseDetail extends ReleaseRow {
  body: string;
  textHash: string;
  clearedHash: string | null;
  approvedHash: string | null;
  publishedBy: string | null;
  withdrawnBy: string | null;
  withdrawReason: string | null;
  /** The checks as stored with the last change (the page also runs them afresh). */
  storedChecks: StoredChecks;
  /** The official figures the last check used. */
  figures: StoredFigures;
  steps: ReleaseStepRow[];
  /** Newest first. */
  reviews: SecrecyReviewRow[];
  /** Who drafted or edited the text: they may not review it. */
  authors: string[];
}

const ROW_SELECT = {
  id: true,
  kind: true,
  eventId: true,
  eventTitle: true,
  title: true,
  state: true,
  createdBy: true,
  createdByName: true,
  createdAt: true,
  updatedAt: true,
  publishedAt: true,
  withdrawnAt: true,
  version: true,
} as const satisfies Prisma.ReleaseSelect;

type RowRecord = Prisma.ReleaseGetPayload<{ select: typeof ROW_SELECT }>;

function toRow(r: RowRecord): ReleaseRow {
  return { ...r, kind: isReleaseKind(r.kind) ? r.kind : 'first_report', state: isReleaseState(r.state) ? r.state : 'draft' };
}

function parseObject(s: string | null): Record<string, unknown> {
  if (!s) return {};
  try {
    const v: unknown = JSON.parse(s);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function parseRedactions(s: string): Redaction[] {
  try {
    const v: unknown = JSON.parse(s);
    if (!Array.isArray(v)) return [];
    return v.flatMap((x: unknown) => {
      if (!x || typeof x !== 'object') return [];
      const o = x as Record<string, unknown>;
      return typeof o.text === 'string' ? [{ text: o.text, reason: typeof o.reason === 'string' ? o.reason : null }] : [];
    });
  } catch {
    return [];
  }
}

function parseChecks(s: string): StoredChecks {
  const o = parseObject(s);
  return {
    at: typeof o.at === 'string' ? new Date(o.at) : null,
    blocked: o.blocked === true,
    findings: Array.isArray(o.findings) ? (o.findings as Finding[]) : [],
  };
}

function parseFigures(s: string): StoredFigures {
  const o = parseObject(s);
  const figures = o.figures && typeof o.figures === 'object' ? (o.figures as OfficialFigures) : {};
  return { figures, asOf: typeof o.asOf === 'string' ? new Date(o.asOf) : null };
}

export async function getRelease(client: Db, id: number): Promise<ReleaseDetail | null> {
  const r = await client.release.findUnique({
    where: { id },
    include: { steps: { orderBy: { seq: 'asc' } }, reviews: { orderBy: [{ reviewedAt: 'desc' }, { id: 'desc' }] } },
  });
  if (!r) return null;
  const steps: ReleaseStepRow[] = r.steps.map((s) => ({
    seq: s.seq,
    action: isReleaseStepType(s.action) ? s.action : 'edit',
    fromState: s.fromState && isReleaseState(s.fromState) ? s.fromState : null,
    toState: isReleaseState(s.toState) ? s.toState : 'draft',
    note: s.note,
    detail: parseObject(s.detail),
    actor: s.actor,
    actorName: s.actorName,
    at: s.at,
  }));
  return {
    ...toRow(r),
    body: r.body,
    textHash: releaseTextHash(r.title, r.body),
    clearedHash: r.clearedHash,
    approvedHash: r.approvedHash,
    publishedBy: r.publishedBy,
    withdrawnBy: r.withdrawnBy,
    withdrawReason: r.withdrawReason,
    storedChecks: parseChecks(r.checksJson),
    figures: parseFigures(r.factsJson),
    steps,
    reviews: r.reviews.map((v) => ({
      id: v.id,
      result: v.result === 'cleared' || v.result === 'cleared_with_redactions' ? v.result : 'returned',
      redactions: parseRedactions(v.redactions),
      opinion: v.opinion,
      textHash: v.textHash,
      reviewer: v.reviewer,
      reviewerName: v.reviewerName,
      reviewedAt: v.reviewedAt,
    })),
    authors: [...new Set(steps.filter((s) => s.action === 'create' || s.action === 'edit').map((s) => s.actor))],
  };
}

export const RELEASE_LIST_CAP = 500;

export interface ReleaseList {
  rows: ReleaseRow[];
  truncated: boolean;
  counts: Record<ReleaseState, number>;
}

/** Releases, latest change first, with the count per state. */
export async function listReleases(client: Db, query: ReleaseListQuery): Promise<ReleaseList> {
  const where: Prisma.ReleaseWhereInput = query.state === 'all' ? {} : { state: query.state };
  const [found, grouped] = await Promise.all([
    client.release.findMany({ where, select: ROW_SELECT, orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }], take: RELEASE_LIST_CAP + 1 }),
    client.release.groupBy({ by: ['state'], _count: { id: true } }),
  ]);
  const counts = Object.fromEntries(RELEASE_STATES.map((s) => [s, 0])) as Record<ReleaseState, number>;
  for (const g of grouped) if (isReleaseState(g.state)) counts[g.state] = g._count.id;
  return { rows: found.slice(0, RELEASE_LIST_CAP).map(toRow), truncated: found.length > RELEASE_LIST_CAP, counts };
}

/** The releases of one event, latest change first (for the event page). */
export async function listEventReleases(client: Db, eventId: number): Promise<ReleaseRow[]> {
  const rows = await client.release.findMany({ where: { eventId }, select: ROW_SELECT, orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }], take: 100 });
  return rows.map(toRow);
}

// ---------------------------------------------------------------------------------------------
// Forecast and tracking

function gradeOf(g: string | null): AccidentGrade | null {
  return g === '一般' || g === '较大' || g === '重大' || g === '特别重大' ? g : null;
}

async function eventRollups(client: Db, eventId: number, from: Date, to: Date): Promise<RollupRow[]> {
  return client.hourlyRollup.findMany({
    where: { dimension: 'event', key: String(eventId), bucket: { gte: new Date(from.getTime() - HOUR), lt: to } },
    select: { bucket: true, items: true, negative: true },
    orderBy: { bucket: 'asc' },
  });
}

/** How many past releases the forecast reads at most (newest first). */
export const FORECAST_ARCHIVE_RELEASES = 300;

/**
 * The reaction forecast for a release: past published releases of events of the same type, with
 * their events' hourly volume around each release (lib/releases/forecast cites them).
 */
export async function releaseForecast(client: Db, release: Pick<ReleaseRow, 'id' | 'kind' | 'eventId'>, now: Date): Promise<ReactionForecast> {
  const event = release.eventId === null ? null : await client.event.findUnique({ where: { id: release.eventId }, select: { accidentType: true, grade: true, province: true } });
  const target = { kind: release.kind, type: event?.accidentType ?? null, grade: gradeOf(event?.grade ?? null), province: event?.province ?? null, excludeEventId: release.eventId ?? undefined };
  if (target.type === null) return forecastReaction(target, []);
  const past = await client.release.findMany({
    where: { publishedAt: { not: null, lt: now }, eventId: { not: null }, id: { not: release.id } },
    select: { eventId: true, kind: true, publishedAt: true },
    orderBy: { publishedAt: 'desc' },
    take: FORECAST_ARCHIVE_RELEASES,
  });
  const eventIds = [...new Set(past.flatMap((p) => (p.eventId === null ? [] : [p.eventId])))];
  const events = await client.event.findMany({
    where: { id: { in: eventIds }, accidentType: target.type },
    select: { id: true, title: true, accidentType: true, grade: true, province: true },
  });
  const archive: ArchiveEvent[] = [];
  for (const e of events) {
    const releases = past.flatMap((p) => (p.eventId === e.id && p.publishedAt && isReleaseKind(p.kind) ? [{ at: p.publishedAt, kind: p.kind }] : []));
    const from = new Date(Math.min(...releases.map((x) => x.at.getTime())) - 24 * HOUR);
    const to = new Date(Math.min(now.getTime(), Math.max(...releases.map((x) => x.at.getTime())) + 24 * HOUR));
    // eslint-disable-next-line no-await-in-loop -- one bounded query per comparable event (same type only)
    const rows = await eventRollups(client, e.id, from, to);
    archive.push({ id: e.id, title: e.title, type: e.accidentType, grade: gradeOf(e.grade), province: e.province, releases, hourly: hourlySeries(rows, from, to) });
  }
  return forecastReaction(target, archive);
}

export interface Pickup {
  itemId: number;
  title: string;
  url: string | null;
  sourceName: string;
  category: string;
  at: Date;
}

export interface ReleaseTracking {
  reaction: TrackedReaction | null;
  /** The first item per other source in the event after publishing, earliest first. */
  pickups: Pickup[];
}

export const PICKUPS_SHOWN = 20;

/** After publishing: the event's volume and negative share before and after, and the first pickups. */
export async function releaseTracking(client: Db, release: Pick<ReleaseRow, 'eventId' | 'publishedAt'>, now: Date): Promise<ReleaseTracking> {
  if (release.eventId === null || release.publishedAt === null) return { reaction: null, pickups: [] };
  const at = release.publishedAt;
  const [rows, items] = await Promise.all([
    eventRollups(client, release.eventId, new Date(at.getTime() - 24 * HOUR), new Date(Math.min(now.getTime(), at.getTime() + 24 * HOUR) + HOUR)),
    client.itemAnalysis.findMany({
      where: { eventId: release.eventId, item: { sortAt: { gte: at }, source: { category: { not: 'own_site' } } } },
      select: { item: { select: { id: true, title: true, url: true, sortAt: true, sourceId: true, source: { select: { name: true, category: true } } } } },
      orderBy: { item: { sortAt: 'asc' } },
      take: 2000,
    }),
  ]);
  const seen = new Set<string>();
  const pickups: Pickup[] = [];
  for (const { item } of items) {
    if (seen.has(item.sourceId)) continue;
    seen.add(item.sourceId);
    pickups.push({ itemId: item.id, title: item.title, url: item.url, sourceName: item.source.name, category: item.source.category, at: item.sortAt });
    if (pickups.length >= PICKUPS_SHOWN) break;
  }
  return { reaction: trackReaction(rows, at, now), pickups };
}

// ---------------------------------------------------------------------------------------------
// The public channel: published (and withdrawn) releases only, and only their public fields.

export interface PublicRelease {
  id: number;
  kind: ReleaseKind;
  title: string;
  body: string;
  publishedAt: Date;
  withdrawnAt: Date | null;
  withdrawReason: string | null;
}

const PUBLIC_SELECT = { id: true, kind: true, title: true, body: true, publishedAt: true, withdrawnAt: true, withdrawReason: true } as const satisfies Prisma.ReleaseSelect;
const PUBLIC_WHERE = { state: { in: ['published', 'withdrawn'] }, publishedAt: { not: null } } as const satisfies Prisma.ReleaseWhereInput;

function toPublic(r: Prisma.ReleaseGetPayload<{ select: typeof PUBLIC_SELECT }>): PublicRelease | null {
  if (!r.publishedAt || !isReleaseKind(r.kind)) return null;
  return { ...r, kind: r.kind, publishedAt: r.publishedAt };
}

export const PUBLIC_LIST_LIMIT = 200;

/** Published releases newest first; withdrawn ones stay listed, marked (never a silent disappearance). */
export async function listPublicReleases(client: Db, limit = PUBLIC_LIST_LIMIT): Promise<PublicRelease[]> {
  const rows = await client.release.findMany({ where: PUBLIC_WHERE, select: PUBLIC_SELECT, orderBy: [{ publishedAt: 'desc' }, { id: 'desc' }], take: limit });
  return rows.flatMap((r) => toPublic(r) ?? []);
}

/** One published or withdrawn release; null for an unknown or never-published id. */
export async function getPublicRelease(client: Db, id: number): Promise<PublicRelease | null> {
  const r = await client.release.findFirst({ where: { id, ...PUBLIC_WHERE }, select: PUBLIC_SELECT });
  return r ? toPublic(r) : null;
}
