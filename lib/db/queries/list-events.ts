/**
 * The /events list: events matching the filters, ranked by their heat now (stored heat decayed for
 * the time since their last item) or by latest activity, one bounded page at a time, each with its
 * unresolved alerts and the state of its response clocks.
 */
import { summariseClocks, summariseOpenAlerts, currentHeat } from '@/lib/events-view/status';
import type { AlertSummary, ClockSummary } from '@/lib/events-view/status';
import { EVENT_MAX_PAGES, EVENT_PAGE_SIZE, RANGE_HOURS } from '@/lib/events-view/list-query';
import type { EventListQuery } from '@/lib/events-view/list-query';
import type { Db } from '../client';
import type { Prisma } from '../generated/client';
import type { OverviewEvent } from './get-overview';

/** An event as the list shows it: the overview's row plus what the list adds. */
export interface EventListRow extends OverviewEvent {
  injuries: number | null;
  /** Heat decayed to now (the stored heat is as of the event's last item). */
  heatNow: number;
  alerts: AlertSummary;
  clock: ClockSummary;
}

export interface EventList {
  generatedAt: Date;
  rows: EventListRow[];
  /** Events matching the filters. */
  total: number;
  /** Pages that can be opened (bounded by EVENT_MAX_PAGES). */
  pages: number;
  /** More events match than the bounded pages reach: narrow the filters. */
  beyondLastPage: boolean;
  /** Provinces of events in the time range, busiest first, for the filter. */
  provinces: string[];
}

export const EVENT_ROW_SELECT = {
  id: true,
  title: true,
  firstSeenAt: true,
  lastSeenAt: true,
  itemCount: true,
  sourceCount: true,
  officialSourceCount: true,
  negativeCount: true,
  heat: true,
  grade: true,
  accidentType: true,
  province: true,
  city: true,
  deaths: true,
  injuries: true,
  missing: true,
} as const satisfies Prisma.EventSelect;

const HOUR = 3_600_000;
/** Heat ranking reads candidates in chunks of stored heat and stops once no later one can rank. */
const HEAT_CHUNK = 500;
const HEAT_MAX_SCAN = 20_000;

function whereOf(q: EventListQuery, now: Date, openAlertEvents: readonly number[] | null): Prisma.EventWhereInput {
  const hours = RANGE_HOURS[q.range];
  const and: Prisma.EventWhereInput[] = [{ itemCount: { gte: q.minItems } }];
  if (hours !== null) and.push({ lastSeenAt: { gte: new Date(now.getTime() - hours * HOUR) } });
  if (q.grade === '较大及以上') and.push({ grade: { in: ['较大', '重大', '特别重大'] } });
  else if (q.grade) and.push({ grade: q.grade });
  if (q.type) and.push({ accidentTypeCode: q.type });
  if (q.province) and.push({ province: q.province });
  if (openAlertEvents) and.push({ id: { in: [...openAlertEvents] } });
  return { AND: and };
}

/**
 * Ids of the `need` hottest events now. Current heat never exceeds stored heat, so reading by
 * stored heat can stop as soon as the need-th best current heat beats the stored heat of the
 * last one read: nothing after it can rank higher.
 */
async function hottestIds(client: Db, where: Prisma.EventWhereInput, now: Date, need: number): Promise<number[]> {
  let best: { id: number; heat: number; last: number }[] = [];
  let after: { heat: number; id: number } | null = null;
  for (let scanned = 0; scanned < HEAT_MAX_SCAN; ) {
    const page: Prisma.EventWhereInput = after
      ? { AND: [where, { OR: [{ heat: { lt: after.heat } }, { heat: after.heat, id: { lt: after.id } }] }] }
      : where;
    // eslint-disable-next-line no-await-in-loop -- each chunk decides whether the next is needed
    const chunk = await client.event.findMany({
      where: page,
      orderBy: [{ heat: 'desc' }, { id: 'desc' }],
      take: HEAT_CHUNK,
      select: { id: true, heat: true, lastSeenAt: true },
    });
    scanned += chunk.length;
    for (const e of chunk) best.push({ id: e.id, heat: currentHeat(e.heat, e.lastSeenAt, now), last: e.lastSeenAt.getTime() });
    best.sort((a, b) => b.heat - a.heat || b.last - a.last || b.id - a.id);
    best = best.slice(0, need);
    const last = chunk.at(-1);
    if (!last || chunk.length < HEAT_CHUNK) break;
    const bar = best[need - 1];
    if (bar && bar.heat > last.heat) break;
    after = { heat: last.heat, id: last.id };
  }
  return best.map((b) => b.id);
}

export async function listEvents(client: Db, q: EventListQuery, now: Date): Promise<EventList> {
  const openAlertEvents = q.openAlerts
    ? (
        await client.alert.findMany({
          where: { state: { not: 'resolved' }, eventId: { not: null } },
          select: { eventId: true },
          distinct: ['eventId'],
        })
      ).flatMap((a) => (a.eventId === null ? [] : [a.eventId]))
    : null;
  const where = whereOf(q, now, openAlertEvents);
  const hours = RANGE_HOURS[q.range];
  const skip = (q.page - 1) * EVENT_PAGE_SIZE;

  const [total, provinceRows, ordered] = await Promise.all([
    client.event.count({ where }),
    client.event.groupBy({
      by: ['province'],
      where: {
        province: { not: null },
        itemCount: { gte: q.minItems },
        ...(hours !== null ? { lastSeenAt: { gte: new Date(now.getTime() - hours * HOUR) } } : {}),
      },
      _count: { province: true },
      orderBy: { _count: { province: 'desc' } },
      take: 60,
    }),
    q.sort === 'heat'
      ? hottestIds(client, where, now, q.page * EVENT_PAGE_SIZE).then((ids) => ids.slice(skip))
      : client.event
          .findMany({ where, orderBy: [{ lastSeenAt: 'desc' }, { id: 'desc' }], skip, take: EVENT_PAGE_SIZE, select: { id: true } })
          .then((rows) => rows.map((r) => r.id)),
  ]);

  const [events, alerts, clocks] = await Promise.all([
    client.event.findMany({ where: { id: { in: ordered } }, select: EVENT_ROW_SELECT }),
    client.alert.findMany({ where: { eventId: { in: ordered }, state: { not: 'resolved' } }, select: { eventId: true, level: true, state: true } }),
    client.responseClock.findMany({ where: { eventId: { in: ordered } }, select: { eventId: true, label: true, dueAt: true, metAt: true } }),
  ]);
  const byId = new Map(events.map((e) => [e.id, e]));
  const rows: EventListRow[] = ordered.flatMap((id) => {
    const e = byId.get(id);
    if (!e) return [];
    return [
      {
        ...e,
        heatNow: currentHeat(e.heat, e.lastSeenAt, now),
        alerts: summariseOpenAlerts(alerts.filter((a) => a.eventId === id)),
        clock: summariseClocks(clocks.filter((c) => c.eventId === id), now),
      },
    ];
  });
  const pages = Math.min(EVENT_MAX_PAGES, Math.max(1, Math.ceil(total / EVENT_PAGE_SIZE)));
  return {
    generatedAt: now,
    rows,
    total,
    pages,
    beyondLastPage: total > EVENT_MAX_PAGES * EVENT_PAGE_SIZE,
    provinces: provinceRows.flatMap((p) => (p.province ? [p.province] : [])),
  };
}
