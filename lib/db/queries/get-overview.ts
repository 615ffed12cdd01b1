/** Everything the overview page shows, in one round of queries. */
import type { Db } from '../client';
import { itemsPerHour, latestItems } from '../items';
import type { LatestItem } from '../items';
import { openSystemEvents } from '../system';
import { hazardWarningsInForce } from '../warning';

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
  perHour: { hour: Date; count: number }[];
  latest: LatestItem[];
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

export interface OverviewAlert {
  id: number;
  kind: string;
  level: string;
  state: string;
  subjectLabel: string;
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

const LEVEL_RANK: Readonly<Record<string, number>> = { red: 4, orange: 3, yellow: 2, blue: 1 };


export async function getOverview(client: Db, now: Date): Promise<Overview> {
  const dayAgo = new Date(now.getTime() - 86_400_000);
  const hourAgo = new Date(now.getTime() - 3_600_000);
  const [items, last24h, lastHour, demoItems, perHour, latest, sources, events, alerts, clocks, hotEvents, hazards] = await Promise.all([
    client.item.count(),
    client.item.count({ where: { sortAt: { gte: dayAgo, lte: now } } }),
    client.item.count({ where: { sortAt: { gte: hourAgo, lte: now } } }),
    client.item.count({ where: { isDemo: true } }),
    itemsPerHour(client, now, 48),
    latestItems(client, 30),
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
      select: { id: true, kind: true, level: true, state: true, subjectLabel: true, why: true, firstRaisedAt: true, lastRaisedAt: true, assignedTo: true, isDemo: true },
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
    perHour,
    latest,
    health,
    sources,
    events: events.map((e) => ({ id: e.id, kind: e.kind, message: e.message, openedAt: e.openedAt })),
    alerts: [...alerts].sort((a, b) => (LEVEL_RANK[b.level] ?? 0) - (LEVEL_RANK[a.level] ?? 0) || b.lastRaisedAt.getTime() - a.lastRaisedAt.getTime()),
    clocks: clocks.map((c) => ({ ...c, eventTitle: eventTitles.get(c.eventId) ?? `事件 ${c.eventId}` })),
    hotEvents,
    hazards: hazards.map((h) => ({ id: h.id, hazard: h.hazard, level: h.level, publisher: h.publisher, region: h.region, issuedAt: h.issuedAt, validUntil: h.validUntil, title: h.title, isDemo: h.isDemo })),
  };
}
