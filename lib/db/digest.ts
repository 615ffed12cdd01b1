/**
 * 舆情日报 / 舆情专报 storage and the queries behind them. The facts functions read what a digest
 * says (lib/digest composes the sentences); the write functions store a digest with its 期号, its
 * deliveries, 审核/签发, 批示 and subscriptions, each audited in the same transaction.
 */
import type { Db } from './client';
import type { Prisma } from './generated/client';
import { appendAuditInTx } from './audit';
import type { AuditContext } from './audit';
import { takeWriteLock } from './dialect';
import { TX_OPTIONS } from './sources';
import { hazardWarningsInForce } from './warning';
import { getEvent, getEventAlerts, getEventFactReports, getEventTimelineMembers } from './queries/get-event';
import type { EventAlertRow, EventHeader } from './queries/get-event';
import { matchPlansForEvent } from './plans';
import type { PlanRow } from './plans';
import type { PlanMatch } from '../plans/matching';
import type { FactReport } from '../events-view/facts';
import type { TimelineMember } from '../events-view/timeline';

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

const DAY = 86_400_000;
/** Evidence samples: enough to check a figure, small enough to store with every digest. */
export const EVIDENCE_SAMPLE = 20;

// ---------------------------------------------------------------------------------------------
// Facts of a daily digest

export interface PeriodRange {
  start: Date;
  end: Date;
}

export interface DigestEventFact {
  id: number;
  title: string;
  grade: string | null;
  heat: number;
  itemCount: number;
  sourceCount: number;
  negativeCount: number;
  province: string | null;
  city: string | null;
  accidentType: string | null;
  deaths: number | null;
  missing: number | null;
  firstSeenAt: Date;
  lastSeenAt: Date;
  itemsInPeriod: number;
  negativeInPeriod: number;
  sampleItemIds: number[];
  openAlerts: { id: number; level: string }[];
  clocks: { id: number; label: string; state: string; dueAt: Date; metAt: Date | null }[];
  replyTaskId: number | null;
  replyState: string | null;
}

export interface DigestAlertFact {
  id: number;
  kind: string;
  level: string;
  state: string;
  subjectLabel: string;
  why: string;
  eventId: number | null;
  firstRaisedAt: Date;
  acknowledgedAt: Date | null;
  resolvedAt: Date | null;
}

export interface DigestClockFact {
  id: number;
  eventId: number;
  eventTitle: string;
  label: string;
  state: string;
  dueAt: Date;
}

export interface DigestReplyFact {
  id: number;
  subjectType: string;
  subjectId: number;
  subjectTitle: string;
  state: string;
  dueAt: Date;
  assigneeName: string | null;
}

export interface DigestReleaseFact {
  id: number;
  title: string;
  eventId: number | null;
  publishedAt: Date;
  reaction: { items: number; negative: number; sampleItemIds: number[] } | null;
}

export interface DigestHazardFact {
  id: number;
  hazard: string;
  level: string;
  region: string | null;
  publisher: string | null;
  issuedAt: Date;
  validUntil: Date | null;
  title: string;
}

export interface DailyDigestFacts {
  period: PeriodRange;
  items: number;
  previousItems: number;
  sampleItemIds: number[];
  byCategory: { category: string; count: number }[];
  bySource: { sourceId: string; name: string; count: number }[];
  sentiment: { negative: number; neutral: number; positive: number };
  negativeSample: { id: number; title: string; risk: number; sourceName: string }[];
  previousNegative: number;
  events: DigestEventFact[];
  alertsRaised: DigestAlertFact[];
  alertsRaisedTotal: number;
  alertsHandled: DigestAlertFact[];
  alertsHandledTotal: number;
  repliesOpen: DigestReplyFact[];
  clocksOverdue: DigestClockFact[];
  releases: DigestReleaseFact[];
  hazards: DigestHazardFact[];
  tomorrowClocks: DigestClockFact[];
  tomorrowReplies: DigestReplyFact[];
  hazardsContinuing: DigestHazardFact[];
  /** Hazard kinds warned of in the 30 days before the period end (what the season is bringing). */
  recentHazardKinds: { hazard: string; count: number; ids: number[] }[];
}

const inRange = (p: PeriodRange) => ({ gte: p.start, lt: p.end });

const ALERT_FACT_SELECT = {
  id: true,
  kind: true,
  level: true,
  state: true,
  subjectLabel: true,
  why: true,
  eventId: true,
  firstRaisedAt: true,
  acknowledgedAt: true,
  resolvedAt: true,
} as const satisfies Prisma.AlertSelect;


async function sentimentOf(client: Db, p: PeriodRange): Promise<{ negative: number; neutral: number; positive: number }> {
  const rows = await client.itemAnalysis.groupBy({ by: ['label'], where: { item: { sortAt: inRange(p) } }, _count: { itemId: true } });
  const of = (l: string) => rows.find((r) => r.label === l)?._count.itemId ?? 0;
  return { negative: of('negative'), neutral: of('neutral'), positive: of('positive') };
}

function clockFact(c: { id: number; eventId: number; label: string; state: string; dueAt: Date }, titles: Map<number, string>): DigestClockFact {
  return { id: c.id, eventId: c.eventId, eventTitle: titles.get(c.eventId) ?? `事件 #${c.eventId}`, label: c.label, state: c.state, dueAt: c.dueAt };
}

async function eventTitles(client: Db, ids: readonly number[]): Promise<Map<number, string>> {
  const rows = await client.event.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true, title: true } });
  return new Map(rows.map((r) => [r.id, r.title]));
}

const OPEN_REPLY_STATES = ['open', 'assigned'];
const OPEN_CLOCK_STATES = ['running', 'overdue'];

/** Everything a daily digest of `p` states, read in one round of queries. */
export async function dailyDigestFacts(client: Db, p: PeriodRange, opts: { keyEvents?: number } = {}): Promise<DailyDigestFacts> {
  const len = p.end.getTime() - p.start.getTime();
  const prev: PeriodRange = { start: new Date(p.start.getTime() - len), end: p.start };
  const tomorrow: PeriodRange = { start: p.end, end: new Date(p.end.getTime() + DAY) };
  const handledWhere: Prisma.AlertWhereInput = { OR: [{ acknowledgedAt: inRange(p) }, { resolvedAt: inRange(p) }] };
  const [items, previousItems, sample, bySourceRows, sentiment, prevSentiment, negativeRows, eventRows] = await Promise.all([
    client.item.count({ where: { sortAt: inRange(p) } }),
    client.item.count({ where: { sortAt: inRange(prev) } }),
    client.item.findMany({ where: { sortAt: inRange(p) }, select: { id: true }, orderBy: [{ sortAt: 'desc' }, { id: 'desc' }], take: EVIDENCE_SAMPLE }),
    client.item.groupBy({ by: ['sourceId'], where: { sortAt: inRange(p) }, _count: { id: true } }),
    sentimentOf(client, p),
    sentimentOf(client, prev),
    client.itemAnalysis.findMany({
      where: { label: 'negative', item: { sortAt: inRange(p) } },
      select: { itemId: true, risk: true, item: { select: { title: true, source: { select: { name: true } } } } },
      orderBy: [{ risk: 'desc' }, { itemId: 'asc' }],
      take: 5,
    }),
    client.event.findMany({
      where: { lastSeenAt: { gte: p.start }, firstSeenAt: { lt: p.end } },
      orderBy: [{ heat: 'desc' }, { id: 'asc' }],
      take: opts.keyEvents ?? 8,
      select: {
        id: true, title: true, grade: true, heat: true, itemCount: true, sourceCount: true, negativeCount: true, province: true, city: true,
        accidentType: true, deaths: true, missing: true, firstSeenAt: true, lastSeenAt: true,
      },
    }),
  ]);
  const sources = await client.source.findMany({ where: { id: { in: bySourceRows.map((r) => r.sourceId) } }, select: { id: true, name: true, category: true } });
  const sourceOf = new Map(sources.map((s) => [s.id, s]));
  const categoryCounts = new Map<string, number>();
  for (const r of bySourceRows) {
    const cat = sourceOf.get(r.sourceId)?.category ?? 'unknown';
    categoryCounts.set(cat, (categoryCounts.get(cat) ?? 0) + r._count.id);
  }
  const eventIds = eventRows.map((e) => e.id);
  const [eventCounts, eventNegative, eventSamples, eventAlerts, eventClocks, eventReplies] = await Promise.all([
    client.itemAnalysis.groupBy({ by: ['eventId'], where: { eventId: { in: eventIds }, item: { sortAt: inRange(p) } }, _count: { itemId: true } }),
    client.itemAnalysis.groupBy({ by: ['eventId'], where: { eventId: { in: eventIds }, label: 'negative', item: { sortAt: inRange(p) } }, _count: { itemId: true } }),
    Promise.all(
      eventIds.map((id) =>
        client.itemAnalysis.findMany({ where: { eventId: id, item: { sortAt: inRange(p) } }, select: { itemId: true }, orderBy: [{ risk: 'desc' }, { itemId: 'asc' }], take: 3 }),
      ),
    ),
    client.alert.findMany({ where: { eventId: { in: eventIds }, state: { not: 'resolved' } }, select: { id: true, level: true, eventId: true } }),
    client.responseClock.findMany({ where: { eventId: { in: eventIds } }, select: { id: true, eventId: true, label: true, state: true, dueAt: true, metAt: true }, orderBy: { dueAt: 'asc' } }),
    client.replyTask.findMany({ where: { subjectType: 'event', subjectId: { in: eventIds } }, select: { id: true, subjectId: true, state: true } }),
  ]);
  const events: DigestEventFact[] = eventRows.map((e, i) => {
    const reply = eventReplies.find((r) => r.subjectId === e.id);
    return {
      ...e,
      itemsInPeriod: eventCounts.find((c) => c.eventId === e.id)?._count.itemId ?? 0,
      negativeInPeriod: eventNegative.find((c) => c.eventId === e.id)?._count.itemId ?? 0,
      sampleItemIds: (eventSamples[i] ?? []).map((s) => s.itemId),
      openAlerts: eventAlerts.filter((a) => a.eventId === e.id).map((a) => ({ id: a.id, level: a.level })),
      clocks: eventClocks.filter((c) => c.eventId === e.id).map(({ eventId: _e, ...c }) => c),
      replyTaskId: reply?.id ?? null,
      replyState: reply?.state ?? null,
    };
  });

  const [alertsRaised, alertsRaisedTotal, alertsHandled, alertsHandledTotal, repliesOpen, overdueClocks, releases, hazards, tomorrowClockRows, tomorrowReplies, continuing, recentHazards] =
    await Promise.all([
      client.alert.findMany({ where: { firstRaisedAt: inRange(p) }, select: ALERT_FACT_SELECT, orderBy: [{ firstRaisedAt: 'asc' }, { id: 'asc' }], take: 30 }),
      client.alert.count({ where: { firstRaisedAt: inRange(p) } }),
      client.alert.findMany({ where: handledWhere, select: ALERT_FACT_SELECT, orderBy: [{ id: 'asc' }], take: 30 }),
      client.alert.count({ where: handledWhere }),
      client.replyTask.findMany({
        where: { state: { in: OPEN_REPLY_STATES }, createdAt: { lt: p.end } },
        select: { id: true, subjectType: true, subjectId: true, subjectTitle: true, state: true, dueAt: true, assigneeName: true },
        orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
        take: 30,
      }),
      client.responseClock.findMany({
        where: { state: { in: OPEN_CLOCK_STATES }, dueAt: { lt: p.end }, startedAt: { lt: p.end } },
        select: { id: true, eventId: true, label: true, state: true, dueAt: true },
        orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
        take: 30,
      }),
      client.release.findMany({
        where: { state: 'published', publishedAt: inRange(p) },
        select: { id: true, title: true, eventId: true, publishedAt: true },
        orderBy: [{ publishedAt: 'asc' }, { id: 'asc' }],
      }),
      hazardWarningsInForce(client, p.end),
      client.responseClock.findMany({
        where: { state: 'running', dueAt: inRange(tomorrow) },
        select: { id: true, eventId: true, label: true, state: true, dueAt: true },
        orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
        take: 30,
      }),
      client.replyTask.findMany({
        where: { state: { in: OPEN_REPLY_STATES }, dueAt: inRange(tomorrow) },
        select: { id: true, subjectType: true, subjectId: true, subjectTitle: true, state: true, dueAt: true, assigneeName: true },
        orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
        take: 30,
      }),
      hazardWarningsInForce(client, tomorrow.end),
      client.hazardWarning.findMany({
        where: { issuedAt: { gte: new Date(p.end.getTime() - 30 * DAY), lt: p.end }, action: { not: 'lift' } },
        select: { id: true, hazard: true },
        orderBy: [{ issuedAt: 'desc' }, { id: 'desc' }],
        take: 500,
      }),
    ]);
  const titles = await eventTitles(client, [...overdueClocks, ...tomorrowClockRows].map((c) => c.eventId));
  const releaseFacts = await Promise.all(
    releases.map(async (r): Promise<DigestReleaseFact> => {
      const publishedAt = r.publishedAt ?? p.start;
      if (r.eventId === null) return { id: r.id, title: r.title, eventId: null, publishedAt, reaction: null };
      const after = { eventId: r.eventId, item: { sortAt: { gte: publishedAt, lt: p.end } } };
      const [n, neg, sampleRows] = await Promise.all([
        client.itemAnalysis.count({ where: after }),
        client.itemAnalysis.count({ where: { ...after, label: 'negative' } }),
        client.itemAnalysis.findMany({ where: after, select: { itemId: true }, orderBy: { itemId: 'asc' }, take: 5 }),
      ]);
      return { id: r.id, title: r.title, eventId: r.eventId, publishedAt, reaction: { items: n, negative: neg, sampleItemIds: sampleRows.map((s) => s.itemId) } };
    }),
  );
  const kinds = new Map<string, number[]>();
  for (const h of recentHazards) kinds.set(h.hazard, [...(kinds.get(h.hazard) ?? []), h.id]);
  const hazardFact = (h: DigestHazardFact): DigestHazardFact => ({
    id: h.id, hazard: h.hazard, level: h.level, region: h.region, publisher: h.publisher, issuedAt: h.issuedAt, validUntil: h.validUntil, title: h.title,
  });
  return {
    period: p,
    items,
    previousItems,
    sampleItemIds: sample.map((s) => s.id),
    byCategory: [...categoryCounts].map(([category, count]) => ({ category, count })).sort((a, b) => b.count - a.count || a.category.localeCompare(b.category)),
    bySource: bySourceRows
      .map((r) => ({ sourceId: r.sourceId, name: sourceOf.get(r.sourceId)?.name ?? r.sourceId, count: r._count.id }))
      .sort((a, b) => b.count - a.count || a.sourceId.localeCompare(b.sourceId)),
    sentiment,
    negativeSample: negativeRows.map((r) => ({ id: r.itemId, title: r.item.title, risk: r.risk, sourceName: r.item.source.name })),
    previousNegative: prevSentiment.negative,
    events,
    alertsRaised,
    alertsRaisedTotal,
    alertsHandled,
    alertsHandledTotal,
    repliesOpen,
    clocksOverdue: overdueClocks.map((c) => clockFact(c, titles)),
    releases: releaseFacts,
    hazards: hazards.map(hazardFact),
    tomorrowClocks: tomorrowClockRows.map((c) => clockFact(c, titles)),
    tomorrowReplies,
    hazardsContinuing: continuing.map(hazardFact),
    recentHazardKinds: [...kinds].map(([hazard, ids]) => ({ hazard, count: ids.length, ids: ids.slice(0, 5) })).sort((a, b) => b.count - a.count),
  };
}

// ---------------------------------------------------------------------------------------------
// Facts of a special report

export interface SpecialItemFact {
  id: number;
  title: string;
  sortAt: Date;
  sourceName: string;
  category: string;
  label: string;
  risk: number;
  officialVoice: boolean;
  rumour: boolean;
}

export interface SpecialReportFacts {
  event: EventHeader;
  members: TimelineMember[];
  facts: FactReport[];
  /** First report, first official report, highest-risk items: the key nodes. */
  firstItem: SpecialItemFact | null;
  firstOfficial: SpecialItemFact | null;
  critical: SpecialItemFact[];
  official: SpecialItemFact[];
  media: SpecialItemFact[];
  carriers: { sourceId: string; name: string; category: string; count: number; firstItemId: number }[];
  alerts: EventAlertRow[];
  clocks: { id: number; label: string; state: string; startedAt: Date; dueAt: Date; metAt: Date | null }[];
  plans: PlanMatch<PlanRow>[];
  releases: { id: number; title: string; state: string; publishedAt: Date | null }[];
  replyTask: { id: number; state: string; dueAt: Date } | null;
}

const SPECIAL_ITEM_SELECT = {
  label: true,
  risk: true,
  officialVoice: true,
  rumour: true,
  item: { select: { id: true, title: true, sortAt: true, sourceId: true, source: { select: { name: true, category: true } } } },
} as const satisfies Prisma.ItemAnalysisSelect;

type SpecialItemRow = Prisma.ItemAnalysisGetPayload<{ select: typeof SPECIAL_ITEM_SELECT }>;
const toSpecialItem = (r: SpecialItemRow): SpecialItemFact => ({
  id: r.item.id,
  title: r.item.title,
  sortAt: r.item.sortAt,
  sourceName: r.item.source.name,
  category: r.item.source.category,
  label: r.label,
  risk: r.risk,
  officialVoice: r.officialVoice,
  rumour: r.rumour,
});

/** What a 专报 of one event states; null for an unknown event. */
export async function specialReportFacts(client: Db, eventId: number): Promise<SpecialReportFacts | null> {
  const event = await getEvent(client, eventId);
  if (!event) return null;
  const byTime = { orderBy: [{ item: { sortAt: 'asc' as const } }, { itemId: 'asc' as const }] };
  const [timeline, facts, first, firstOfficial, critical, official, media, perSource, alerts, clocks, plans, releases, reply] = await Promise.all([
    getEventTimelineMembers(client, eventId),
    getEventFactReports(client, eventId),
    client.itemAnalysis.findFirst({ where: { eventId }, select: SPECIAL_ITEM_SELECT, ...byTime }),
    client.itemAnalysis.findFirst({ where: { eventId, officialVoice: true }, select: SPECIAL_ITEM_SELECT, ...byTime }),
    client.itemAnalysis.findMany({ where: { eventId, label: 'negative' }, select: SPECIAL_ITEM_SELECT, orderBy: [{ risk: 'desc' }, { itemId: 'asc' }], take: 5 }),
    client.itemAnalysis.findMany({ where: { eventId, officialVoice: true }, select: SPECIAL_ITEM_SELECT, orderBy: [{ item: { sortAt: 'desc' } }, { itemId: 'desc' }], take: 3 }),
    client.itemAnalysis.findMany({
      where: { eventId, officialVoice: false, item: { source: { category: { in: ['central_media', 'local_media'] } } } },
      select: SPECIAL_ITEM_SELECT,
      orderBy: [{ risk: 'desc' }, { itemId: 'asc' }],
      take: 3,
    }),
    client.itemAnalysis.findMany({ where: { eventId }, select: { itemId: true, item: { select: { sourceId: true, sortAt: true, source: { select: { name: true, category: true } } } } }, take: 5000 }),
    getEventAlerts(client, eventId),
    client.responseClock.findMany({ where: { eventId }, select: { id: true, label: true, state: true, startedAt: true, dueAt: true, metAt: true }, orderBy: { dueAt: 'asc' } }),
    matchPlansForEvent(client, { accidentTypeCode: event.accidentTypeCode, grade: event.grade }),
    client.release.findMany({ where: { eventId }, select: { id: true, title: true, state: true, publishedAt: true }, orderBy: { id: 'asc' } }),
    client.replyTask.findUnique({ where: { subjectType_subjectId: { subjectType: 'event', subjectId: eventId } }, select: { id: true, state: true, dueAt: true } }),
  ]);
  const carriers = new Map<string, { sourceId: string; name: string; category: string; count: number; firstItemId: number; firstAt: number }>();
  for (const r of perSource) {
    const c = carriers.get(r.item.sourceId);
    const at = r.item.sortAt.getTime();
    if (!c) carriers.set(r.item.sourceId, { sourceId: r.item.sourceId, name: r.item.source.name, category: r.item.source.category, count: 1, firstItemId: r.itemId, firstAt: at });
    else {
      c.count += 1;
      if (at < c.firstAt || (at === c.firstAt && r.itemId < c.firstItemId)) {
        c.firstAt = at;
        c.firstItemId = r.itemId;
      }
    }
  }
  return {
    event,
    members: timeline.members,
    facts,
    firstItem: first ? toSpecialItem(first) : null,
    firstOfficial: firstOfficial ? toSpecialItem(firstOfficial) : null,
    critical: critical.map(toSpecialItem),
    official: official.map(toSpecialItem),
    media: media.map(toSpecialItem),
    carriers: [...carriers.values()]
      .sort((a, b) => b.count - a.count || a.firstAt - b.firstAt)
      .slice(0, 10)
      .map(({ firstAt: _f, ...c }) => c),
    alerts: alerts.alerts,
    clocks,
    plans: plans.slice(0, 3),
    releases,
    replyTask: reply,
  };
}

// ---------------------------------------------------------------------------------------------
// Storage

export interface DigestRow {
  id: number;
  kind: string;
  year: number;
  seq: number;
  title: string;
  periodStart: Date;
  periodEnd: Date;
  eventId: number | null;
  contentJson: string;
  generatedBy: string;
  generatedAt: Date;
  reviewedBy: string | null;
  signedBy: string | null;
  instruction: string | null;
  instructedBy: string | null;
  instructedAt: Date | null;
}

export interface NewDigest {
  kind: 'daily' | 'special';
  year: number;
  title: string;
  periodStart: Date;
  periodEnd: Date;
  eventId: number | null;
  contentJson: string;
  /** schedule | user:<username> */
  generatedBy: string;
}

export type DigestCreateResult = { created: true; id: number; year: number; seq: number; deliveries: number } | { created: false; existingId: number };

/** Addresses subscribed to `kind`: by address, or every active account holding the role with an email. */
export async function subscriberAddresses(client: Pick<Db, 'digestSubscription' | 'user'>, kind: 'daily' | 'special'): Promise<string[]> {
  const subs = await client.digestSubscription.findMany({ where: { enabled: true, kinds: { in: [kind, 'all'] } } });
  const out = new Set<string>();
  for (const s of subs) if (s.target === 'address' && s.address) out.add(s.address.toLowerCase());
  const roles = subs.filter((s) => s.target === 'role' && s.role).map((s) => s.role as string);
  if (roles.length) {
    const users = await client.user.findMany({ where: { status: 'active', email: { not: null }, roles: { some: { role: { in: roles } } } }, select: { email: true } });
    for (const u of users) if (u.email) out.add(u.email.toLowerCase());
  }
  return [...out].sort();
}

/**
 * Stores a digest with the next 期号 of its kind and year and a pending delivery per subscriber, in
 * one locked transaction with its audit row. With `oncePerPeriod` (the schedule) a daily digest
 * already stored for the same period makes this a no-op, and so does losing the race on the
 * unique (kind, year, seq) to a concurrent worker.
 */
export async function createDigest(
  client: Db,
  d: NewDigest,
  audit: AuditContext,
  now: Date,
  opts: { oncePerPeriod?: boolean } = {},
): Promise<DigestCreateResult> {
  try {
    return await client.$transaction(async (tx) => {
      await takeWriteLock(tx);
      if (opts.oncePerPeriod) {
        const existing = await tx.digest.findFirst({ where: { kind: d.kind, periodStart: d.periodStart, periodEnd: d.periodEnd, generatedBy: d.generatedBy }, select: { id: true } });
        if (existing) return { created: false as const, existingId: existing.id };
      }
      const last = await tx.digest.aggregate({ where: { kind: d.kind, year: d.year }, _max: { seq: true } });
      const seq = (last._max.seq ?? 0) + 1;
      const row = await tx.digest.create({ data: { ...d, seq, generatedAt: now } });
      const addresses = await subscriberAddresses(tx, d.kind);
      if (addresses.length) {
        await tx.digestDelivery.createMany({ data: addresses.map((address) => ({ digestId: row.id, address, state: 'pending', attempts: 0, nextAttemptAt: now, createdAt: now })) });
      }
      await appendAuditInTx(tx, audit, {
        action: 'digest.generate',
        objectType: 'digest',
        objectId: String(row.id),
        detail: { kind: d.kind, year: d.year, seq, eventId: d.eventId, periodStart: d.periodStart.toISOString(), periodEnd: d.periodEnd.toISOString(), deliveries: addresses.length },
        at: now,
      });
      return { created: true as const, id: row.id, year: d.year, seq, deliveries: addresses.length };
    }, TX_OPTIONS);
  } catch (e) {
    if (opts.oncePerPeriod && (e as { code?: string }).code === 'P2002') {
      const existing = await client.digest.findFirst({ where: { kind: d.kind, periodStart: d.periodStart, periodEnd: d.periodEnd }, select: { id: true } });
      if (existing) return { created: false, existingId: existing.id };
    }
    throw e;
  }
}

/** The scheduled daily digest of a period, if stored. */
export async function findScheduledDigest(client: Db, period: PeriodRange): Promise<{ id: number } | null> {
  return client.digest.findFirst({ where: { kind: 'daily', generatedBy: 'schedule', periodStart: period.start, periodEnd: period.end }, select: { id: true } });
}

export interface DigestListRow {
  id: number;
  kind: string;
  year: number;
  seq: number;
  title: string;
  periodStart: Date;
  periodEnd: Date;
  eventId: number | null;
  generatedBy: string;
  generatedAt: Date;
  reviewedBy: string | null;
  signedBy: string | null;
  instructedAt: Date | null;
  deliveries: { sent: number; pending: number; failed: number };
}

export const DIGEST_LIST_CAP = 200;

/** Digests newest first, with their delivery counts. */
export async function listDigests(client: Db, q: { kind?: 'daily' | 'special' } = {}): Promise<DigestListRow[]> {
  const rows = await client.digest.findMany({
    where: q.kind ? { kind: q.kind } : {},
    orderBy: [{ generatedAt: 'desc' }, { id: 'desc' }],
    take: DIGEST_LIST_CAP,
    select: {
      id: true, kind: true, year: true, seq: true, title: true, periodStart: true, periodEnd: true, eventId: true, generatedBy: true, generatedAt: true,
      reviewedBy: true, signedBy: true, instructedAt: true,
    },
  });
  const counts = await client.digestDelivery.groupBy({ by: ['digestId', 'state'], where: { digestId: { in: rows.map((r) => r.id) } }, _count: { id: true } });
  return rows.map((r) => {
    const of = (s: string) => counts.find((c) => c.digestId === r.id && c.state === s)?._count.id ?? 0;
    return { ...r, deliveries: { sent: of('sent'), pending: of('pending'), failed: of('failed') } };
  });
}

export async function getDigest(client: Db, id: number): Promise<DigestRow | null> {
  return client.digest.findUnique({ where: { id } });
}

export interface DigestDeliveryRow {
  id: number;
  address: string;
  state: string;
  attempts: number;
  nextAttemptAt: Date | null;
  lastError: string | null;
  sentAt: Date | null;
  createdAt: Date;
}

export async function listDigestDeliveries(client: Db, digestId: number): Promise<DigestDeliveryRow[]> {
  return client.digestDelivery.findMany({
    where: { digestId },
    orderBy: [{ address: 'asc' }],
    select: { id: true, address: true, state: true, attempts: true, nextAttemptAt: true, lastError: true, sentAt: true, createdAt: true },
  });
}

/** Which ids of each kind exist: the page marks evidence whose row has gone since (a deleted source). */
export async function existingEvidence(client: Db, refs: readonly { kind: string; id: number }[]): Promise<Set<string>> {
  const ids = (k: string) => [...new Set(refs.filter((r) => r.kind === k).map((r) => r.id))];
  const [items, events, alerts, clocks, hazards, replies, releases, plans] = await Promise.all([
    client.item.findMany({ where: { id: { in: ids('item') } }, select: { id: true } }),
    client.event.findMany({ where: { id: { in: ids('event') } }, select: { id: true } }),
    client.alert.findMany({ where: { id: { in: ids('alert') } }, select: { id: true } }),
    client.responseClock.findMany({ where: { id: { in: ids('clock') } }, select: { id: true } }),
    client.hazardWarning.findMany({ where: { id: { in: ids('hazard') } }, select: { id: true } }),
    client.replyTask.findMany({ where: { id: { in: ids('reply') } }, select: { id: true } }),
    client.release.findMany({ where: { id: { in: ids('release') } }, select: { id: true } }),
    client.responsePlan.findMany({ where: { id: { in: ids('plan') } }, select: { id: true } }),
  ]);
  const out = new Set<string>();
  const add = (k: string, rows: { id: number }[]) => rows.forEach((r) => out.add(`${k}:${r.id}`));
  add('item', items);
  add('event', events);
  add('alert', alerts);
  add('clock', clocks);
  add('hazard', hazards);
  add('reply', replies);
  add('release', releases);
  add('plan', plans);
  return out;
}

export type DigestWriteResult = { ok: true; message: string } | { ok: false; message: string };

/** Records 审核 or 签发 (press office, digest.manage) with who; audited as digest.sign. */
export async function recordDigestSignoff(
  client: Db,
  req: { digestId: number; step: 'review' | 'sign'; name: string },
  audit: AuditContext,
  now: Date,
): Promise<DigestWriteResult> {
  return client.$transaction(async (tx) => {
    await takeWriteLock(tx);
    const d = await tx.digest.findUnique({ where: { id: req.digestId }, select: { id: true, reviewedBy: true, signedBy: true } });
    if (!d) return { ok: false, message: '该日报/专报不存在' };
    if (req.step === 'sign' && !d.reviewedBy) return { ok: false, message: '请先记录审核人，再记录签发人' };
    const data = req.step === 'review' ? { reviewedBy: req.name } : { signedBy: req.name };
    await tx.digest.update({ where: { id: d.id }, data });
    await appendAuditInTx(tx, audit, { action: 'digest.sign', objectType: 'digest', objectId: String(d.id), detail: { step: req.step, name: req.name }, at: now });
    return { ok: true, message: req.step === 'review' ? `已记录审核人：${req.name}` : `已记录签发人：${req.name}` };
  }, TX_OPTIONS);
}

/** Records a leader's 批示 (DOMAIN §4.4) with who and when; audited as digest.instruct. */
export async function recordDigestInstruction(
  client: Db,
  req: { digestId: number; text: string; by: string },
  audit: AuditContext,
  now: Date,
): Promise<DigestWriteResult> {
  return client.$transaction(async (tx) => {
    await takeWriteLock(tx);
    const d = await tx.digest.findUnique({ where: { id: req.digestId }, select: { id: true, instruction: true } });
    if (!d) return { ok: false, message: '该日报/专报不存在' };
    await tx.digest.update({ where: { id: d.id }, data: { instruction: req.text, instructedBy: req.by, instructedAt: now } });
    await appendAuditInTx(tx, audit, {
      action: 'digest.instruct',
      objectType: 'digest',
      objectId: String(d.id),
      detail: { by: req.by, chars: req.text.length, replaced: d.instruction !== null },
      at: now,
    });
    return { ok: true, message: '批示已记录' };
  }, TX_OPTIONS);
}

/** An export of a digest (docx/pdf/print), audited as digest.export. */
export async function auditDigestExport(client: Db, digestId: number, format: string, audit: AuditContext, now = new Date()): Promise<void> {
  await client.$transaction(async (tx) => {
    await appendAuditInTx(tx, audit, { action: 'digest.export', objectType: 'digest', objectId: String(digestId), detail: { format }, at: now });
  }, TX_OPTIONS);
}

/** Puts a failed (or pending) delivery back in the queue for an immediate retry; audited as digest.resend. */
export async function resendDigestDelivery(client: Db, deliveryId: number, audit: AuditContext, now: Date): Promise<DigestWriteResult> {
  return client.$transaction(async (tx) => {
    await takeWriteLock(tx);
    const d = await tx.digestDelivery.findUnique({ where: { id: deliveryId }, select: { id: true, digestId: true, state: true, address: true } });
    if (!d) return { ok: false, message: '该投递记录不存在' };
    if (d.state === 'sent') return { ok: false, message: '已发送成功，无需重发' };
    await tx.digestDelivery.update({ where: { id: d.id }, data: { state: 'pending', attempts: 0, nextAttemptAt: now, lastError: d.state === 'failed' ? null : undefined } });
    await appendAuditInTx(tx, audit, { action: 'digest.resend', objectType: 'digest_delivery', objectId: String(d.id), detail: { digestId: d.digestId, address: d.address }, at: now });
    return { ok: true, message: `已重新排队：${d.address}` };
  }, TX_OPTIONS);
}

// ---- deliveries (the worker) ---------------------------------------------------------------------

export interface DueDigestDelivery {
  id: number;
  digestId: number;
  address: string;
  attempts: number;
}

export async function dueDigestDeliveries(client: Db, now: Date, limit = 20): Promise<DueDigestDelivery[]> {
  return client.digestDelivery.findMany({
    where: { state: 'pending', OR: [{ nextAttemptAt: null }, { nextAttemptAt: { lte: now } }] },
    orderBy: [{ nextAttemptAt: 'asc' }, { id: 'asc' }],
    take: limit,
    select: { id: true, digestId: true, address: true, attempts: true },
  });
}

/**
 * Claims a delivery for one attempt: attempts is bumped and nextAttemptAt pushed past the lease only
 * if nobody else claimed it meanwhile (a concurrent worker's claim makes this return false).
 */
export async function claimDigestDelivery(client: Db, d: DueDigestDelivery, leaseUntil: Date): Promise<boolean> {
  const r = await client.digestDelivery.updateMany({
    where: { id: d.id, state: 'pending', attempts: d.attempts },
    data: { attempts: d.attempts + 1, nextAttemptAt: leaseUntil },
  });
  return r.count === 1;
}

export async function finishDigestDelivery(
  client: Db,
  id: number,
  outcome: { state: 'sent' | 'pending' | 'failed'; nextAttemptAt: Date | null; lastError: string | null; sentAt: Date | null },
): Promise<void> {
  await client.digestDelivery.update({ where: { id }, data: outcome });
}

/** The enabled email channels' stored configuration (JSON, validated by the caller). */
export async function emailChannelConfigs(client: Db): Promise<{ id: number; name: string; configJson: string }[]> {
  return client.notificationChannel.findMany({ where: { enabled: true, kind: 'email' }, select: { id: true, name: true, configJson: true }, orderBy: { id: 'asc' } });
}

// ---- subscriptions ---------------------------------------------------------------------------------

export interface DigestSubscriptionRow {
  id: number;
  target: string;
  role: string | null;
  address: string | null;
  kinds: string;
  enabled: boolean;
  createdAt: Date;
  createdBy: string;
  /** For a role: the active accounts with an email it reaches now. */
  reaches: string[];
}

export async function listDigestSubscriptions(client: Db): Promise<DigestSubscriptionRow[]> {
  const subs = await client.digestSubscription.findMany({ orderBy: [{ id: 'asc' }] });
  return Promise.all(
    subs.map(async (s) => {
      if (s.target !== 'role' || !s.role) return { ...s, reaches: s.address ? [s.address] : [] };
      const users = await client.user.findMany({ where: { status: 'active', email: { not: null }, roles: { some: { role: s.role } } }, select: { email: true }, orderBy: { username: 'asc' } });
      return { ...s, reaches: users.map((u) => u.email as string) };
    }),
  );
}

export type SubscriptionChange =
  | { op: 'create'; target: 'role'; role: string; kinds: string }
  | { op: 'create'; target: 'address'; address: string; kinds: string }
  | { op: 'toggle'; id: number; enabled: boolean }
  | { op: 'delete'; id: number };

export async function changeDigestSubscription(client: Db, change: SubscriptionChange, by: string, audit: AuditContext, now: Date): Promise<DigestWriteResult> {
  return client.$transaction(async (tx) => {
    await takeWriteLock(tx);
    let objectId: string;
    let message: string;
    if (change.op === 'create') {
      const dup = await tx.digestSubscription.findFirst({
        where: change.target === 'role' ? { target: 'role', role: change.role, kinds: change.kinds } : { target: 'address', address: change.address, kinds: change.kinds },
        select: { id: true },
      });
      if (dup) return { ok: false, message: '相同的订阅已存在' };
      const row = await tx.digestSubscription.create({
        data: {
          target: change.target,
          role: change.target === 'role' ? change.role : null,
          address: change.target === 'address' ? change.address : null,
          kinds: change.kinds,
          enabled: true,
          createdAt: now,
          createdBy: by,
        },
      });
      objectId = String(row.id);
      message = '订阅已添加';
    } else {
      const row = await tx.digestSubscription.findUnique({ where: { id: change.id }, select: { id: true } });
      if (!row) return { ok: false, message: '该订阅不存在' };
      if (change.op === 'toggle') await tx.digestSubscription.update({ where: { id: row.id }, data: { enabled: change.enabled } });
      else await tx.digestSubscription.delete({ where: { id: row.id } });
      objectId = String(row.id);
      message = change.op === 'delete' ? '订阅已删除' : change.enabled ? '订阅已启用' : '订阅已停用';
    }
    await appendAuditInTx(tx, audit, { action: 'digest.subscription', objectType: 'digest_subscription', objectId, detail: { ...change }, at: now });
    return { ok: true, message };
  }, TX_OPTIONS);
}

/** Sets (or clears) one's own work email; audited as account.email. */
export async function setAccountEmail(client: Db, userId: string, email: string | null, audit: AuditContext, now: Date): Promise<DigestWriteResult> {
  return client.$transaction(async (tx: Tx) => {
    const u = await tx.user.findUnique({ where: { id: userId }, select: { id: true, email: true } });
    if (!u) return { ok: false, message: '账号不存在' };
    await tx.user.update({ where: { id: userId }, data: { email } });
    await appendAuditInTx(tx, audit, { action: 'account.email', objectType: 'user', objectId: userId, detail: { set: email !== null, changed: u.email !== email }, at: now });
    return { ok: true, message: email ? `工作邮箱已保存：${email}` : '工作邮箱已清除' };
  }, TX_OPTIONS);
}

export async function getAccountEmail(client: Db, userId: string): Promise<string | null> {
  const u = await client.user.findUnique({ where: { id: userId }, select: { email: true } });
  return u?.email ?? null;
}
