/** Everything the overview page shows, in one round of queries. */
import { hourlyWithUsual, shanghaiMidnight, todayVsUsual } from '@/lib/overview/today';
import type { HourWithUsual, TodayVsUsual } from '@/lib/overview/today';
import type { Db } from '../client';
import type { Prisma } from '../generated/client';
import { latestItems } from '../items';
import type { LatestItem } from '../items';
import { openSystemEvents } from '../system';
import { hazardWarningsInForce, hourlySeries } from '../warning';
import { compareAlertsForAttention } from './get-event';

export interface SourceHealthRow {
  id: string;
  name: string;
  category: string;
  kind: string;
  health: string;
  enabled: boolean;
  demo: boolean;
  lastCheckedAt: Date | null;
  lastSuccessAt: Date | null;
  lastNewItemAt: Date | null;
  lastErrorCode: string | null;
  lastErrorMessage: string | null;
  errorCount: number;
  itemsTotal: number;
  nextCheckAt: Date;
}

export interface Overview {
  generatedAt: Date;
  totals: { items: number; last24h: number; lastHour: number; demoItems: number };
  /** Today so far (Asia/Shanghai) against the same span of the previous 7 monitored days. */
  today: TodayVsUsual;
  /** The last 48 hours of analysed items, each hour with its usual. */
  trend: HourWithUsual[];
  latest: LatestItem[];
  /** High-risk items of the last 24 h not from an official voice: what may need a reply. */
  attention: AttentionItem[];
  health: { ok: number; degraded: number; failing: number; unknown: number; disabled: number };
  sources: SourceHealthRow[];
  events: { id: number; kind: string; message: string; openedAt: Date }[];
  /** Unresolved alerts, most severe first. */
  alerts: OverviewAlert[];
  /** Response clocks still running or overdue, earliest deadline first, with their event. */
  clocks: OverviewClock[];
  /** Events of the last 72 h by heat. */
  hotEvents: OverviewEvent[];
  hazards: { id: number; hazard: string; level: string; publisher: string | null; region: string | null; issuedAt: Date; validUntil: Date | null; title: string; isDemo: boolean }[];
}

export interface AttentionItem {
  id: number;
  title: string;
  url: string | null;
  sortAt: Date;
  sourceName: string;
  category: string;
  risk: number;
  label: string;
  sensitivity: string;
  eventId: number | null;
  isDemo: boolean;
}

/** Risk at or above this puts a non-official item on the overview's attention list. */
export const ATTENTION_RISK = 60;
const TREND_HOURS = 48;
const USUAL_DAYS = 7;

export interface OverviewAlert {
  id: number;
  kind: string;
  level: string;
  state: string;
  subjectType: string;
  subjectLabel: string;
  eventId: number | null;
  why: string;
  firstRaisedAt: Date;
  lastRaisedAt: Date;
  assignedTo: string | null;
  isDemo: boolean;
}

export interface OverviewClock {
  id: number;
  eventId: number;
  eventTitle: string;
  kind: string;
  label: string;
  startedAt: Date;
  dueAt: Date;
  state: string;
}

export interface OverviewEvent {
  id: number;
  title: string;
  firstSeenAt: Date;
  lastSeenAt: Date;
  itemCount: number;
  sourceCount: number;
  officialSourceCount: number;
  negativeCount: number;
  heat: number;
  grade: string | null;
  accidentType: string | null;
  province: string | null;
  city: string | null;
  deaths: number | null;
  missing: number | null;
}



export async function getOverview(client: Db, now: Date): Promise<Overview> {
  const dayAgo = new Date(now.getTime() - 86_400_000);
  const hourAgo = new Date(now.getTime() - 3_600_000);
  // Rollups from the first day the trend or the usual needs, to the end of the current hour.
  const rollupFrom = new Date(
    Math.min(shanghaiMidnight(now).getTime() - USUAL_DAYS * 86_400_000, now.getTime() - (TREND_HOURS + USUAL_DAYS * 24) * 3_600_000),
  );
  const [items, last24h, lastHour, demoItems, rollups, latest, attention, sources, events, alerts, clocks, hotEvents, hazards] = await Promise.all([
    client.item.count(),
    client.item.count({ where: { sortAt: { gte: dayAgo, lte: now } } }),
    client.item.count({ where: { sortAt: { gte: hourAgo, lte: now } } }),
    // Per-source running totals: counting flagged rows would scan the whole table.
    client.source.aggregate({ where: { demo: true }, _sum: { itemsTotal: true } }).then((r) => r._sum.itemsTotal ?? 0),
    hourlySeries(client, { dimension: 'all', key: '', from: rollupFrom, to: new Date(now.getTime() + 3_600_000) }),
    latestItems(client, 30),
    attentionItems(client, now),
    client.source.findMany({
      orderBy: [{ enabled: 'desc' }, { health: 'desc' }, { id: 'asc' }],
      select: {
        id: true,
        name: true,
        category: true,
        kind: true,
        health: true,
        enabled: true,
        demo: true,
        lastCheckedAt: true,
        lastSuccessAt: true,
        lastNewItemAt: true,
        lastErrorCode: true,
        lastErrorMessage: true,
        errorCount: true,
        itemsTotal: true,
        nextCheckAt: true,
      },
    }),
    openSystemEvents(client),
    client.alert.findMany({
      where: { state: { not: 'resolved' } },
      select: { id: true, kind: true, level: true, state: true, subjectType: true, subjectLabel: true, eventId: true, why: true, firstRaisedAt: true, lastRaisedAt: true, assignedTo: true, isDemo: true },
      orderBy: { lastRaisedAt: 'desc' },
      take: 200,
    }),
    client.responseClock.findMany({ where: { state: { in: ['running', 'overdue'] } }, orderBy: { dueAt: 'asc' }, take: 20 }),
    client.event.findMany({
      where: { lastSeenAt: { gte: new Date(now.getTime() - 72 * 3_600_000), lte: now }, itemCount: { gt: 1 } },
      orderBy: { heat: 'desc' },
      take: 10,
      select: {
        id: true, title: true, firstSeenAt: true, lastSeenAt: true, itemCount: true, sourceCount: true, officialSourceCount: true,
        negativeCount: true, heat: true, grade: true, accidentType: true, province: true, city: true, deaths: true, missing: true,
      },
    }),
    hazardWarningsInForce(client, now),
  ]);
  const eventTitles = new Map(
    (await client.event.findMany({ where: { id: { in: clocks.map((c) => c.eventId) } }, select: { id: true, title: true } })).map((e) => [e.id, e.title]),
  );
  const health = { ok: 0, degraded: 0, failing: 0, unknown: 0, disabled: 0 };
  for (const s of sources) {
    if (!s.enabled) health.disabled++;
    else if (s.health === 'ok' || s.health === 'degraded' || s.health === 'failing') health[s.health]++;
    else health.unknown++;
  }
  return {
    generatedAt: now,
    totals: { items, last24h, lastHour, demoItems },
    today: todayVsUsual(rollups, now, USUAL_DAYS),
    trend: hourlyWithUsual(rollups, now, TREND_HOURS, USUAL_DAYS),
    latest,
    attention,
    health,
    sources,
    events: events.map((e) => ({ id: e.id, kind: e.kind, message: e.message, openedAt: e.openedAt })),
    alerts: [...alerts].sort(compareAlertsForAttention),
    clocks: clocks.map((c) => ({ ...c, eventTitle: eventTitles.get(c.eventId) ?? `事件 ${c.eventId}` })),
    hotEvents,
    hazards: hazards.map((h) => ({ id: h.id, hazard: h.hazard, level: h.level, publisher: h.publisher, region: h.region, issuedAt: h.issuedAt, validUntil: h.validUntil, title: h.title, isDemo: h.isDemo })),
  };
}

/**
 * Items that may need a reply: high risk, not an official voice, from the last 24 h, riskiest first.
 * One rule for the overview's attention list and the 待回应 proposals.
 */
export function attentionItemsQuery(now: Date): { where: Prisma.ItemWhereInput; orderBy: Prisma.ItemOrderByWithRelationInput[] } {
  return {
    where: {
      sortAt: { gte: new Date(now.getTime() - 86_400_000), lte: now },
      analysis: { risk: { gte: ATTENTION_RISK }, officialVoice: false },
    },
    orderBy: [{ analysis: { risk: 'desc' } }, { sortAt: 'desc' }],
  };
}

async function attentionItems(client: Db, now: Date): Promise<AttentionItem[]> {
  const rows = await client.item.findMany({
    ...attentionItemsQuery(now),
    take: 10,
    select: {
      id: true,
      title: true,
      url: true,
      sortAt: true,
      isDemo: true,
      source: { select: { name: true, category: true } },
      analysis: { select: { risk: true, label: true, sensitivity: true, eventId: true } },
    },
  });
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    url: r.url,
    sortAt: r.sortAt,
    isDemo: r.isDemo,
    sourceName: r.source.name,
    category: r.source.category,
    risk: r.analysis?.risk ?? 0,
    label: r.analysis?.label ?? 'neutral',
    sensitivity: r.analysis?.sensitivity ?? 'none',
    eventId: r.analysis?.eventId ?? null,
  }));
}
