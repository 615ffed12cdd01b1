/**
 * One event for its detail page, in parts the page streams separately: the header, the members'
 * times/categories/sentiment for the timeline, the figures for the facts table, the newest items,
 * and the linked alerts with the response clocks.
 */
import type { FactReport } from '@/lib/events-view/facts';
import type { TimelineMember } from '@/lib/events-view/timeline';
import { levelRank } from '@/lib/warning/levels';
import type { Db } from '../client';
import type { Prisma } from '../generated/client';
import type { ClockRow } from '../warning';
import type { EventListRow } from './list-events';
import { EVENT_ROW_SELECT } from './list-events';

export interface EventHeader extends Omit<EventListRow, 'heatNow' | 'alerts' | 'clock'> {
  accidentTypeCode: string | null;
  heatJson: string;
  /** Enterprises named by the event's items, most often named first (official voices count double). */
  enterprises: string[];
}

export async function getEvent(client: Db, id: number): Promise<EventHeader | null> {
  const event = await client.event.findUnique({
    where: { id },
    select: { ...EVENT_ROW_SELECT, accidentTypeCode: true, heatJson: true },
  });
  if (!event) return null;
  const named = await client.itemAnalysis.groupBy({
    by: ['enterprise', 'officialVoice'],
    where: { eventId: id, enterprise: { not: null }, rumour: false },
    _count: { itemId: true },
  });
  const score = new Map<string, number>();
  for (const n of named) {
    if (!n.enterprise) continue;
    score.set(n.enterprise, (score.get(n.enterprise) ?? 0) + n._count.itemId * (n.officialVoice ? 2 : 1));
  }
  const enterprises = [...score].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([name]) => name).slice(0, 3);
  return { ...event, enterprises };
}

/** Members read for the charts: the newest ones when an event is larger than this. */
export const TIMELINE_MEMBER_LIMIT = 20_000;

export async function getEventTimelineMembers(
  client: Db,
  id: number,
): Promise<{ members: TimelineMember[]; truncated: boolean }> {
  const rows = await client.itemAnalysis.findMany({
    where: { eventId: id },
    select: { label: true, item: { select: { sortAt: true, source: { select: { category: true } } } } },
    orderBy: { item: { sortAt: 'desc' } },
    take: TIMELINE_MEMBER_LIMIT + 1,
  });
  const truncated = rows.length > TIMELINE_MEMBER_LIMIT;
  return {
    members: rows.slice(0, TIMELINE_MEMBER_LIMIT).map((r) => ({ at: r.item.sortAt, category: r.item.source.category, label: r.label })),
    truncated,
  };
}

/** Items with at least one casualty or loss figure, newest first (bounded). */
export async function getEventFactReports(client: Db, id: number, limit = 2000): Promise<FactReport[]> {
  const rows = await client.itemAnalysis.findMany({
    where: {
      eventId: id,
      aggregate: false,
      OR: [
        { deaths: { not: null } },
        { seriousInjuries: { not: null } },
        { injuries: { not: null } },
        { missing: { not: null } },
        { trapped: { not: null } },
        { lossYuan: { not: null } },
      ],
    },
    select: {
      itemId: true,
      officialVoice: true,
      rumour: true,
      aggregate: true,
      deaths: true,
      seriousInjuries: true,
      injuries: true,
      missing: true,
      trapped: true,
      lossYuan: true,
      item: { select: { title: true, sortAt: true, source: { select: { name: true, category: true } } } },
    },
    orderBy: { item: { sortAt: 'desc' } },
    take: limit,
  });
  return rows.map((r) => ({
    itemId: r.itemId,
    at: r.item.sortAt,
    title: r.item.title,
    sourceName: r.item.source.name,
    category: r.item.source.category,
    officialVoice: r.officialVoice,
    rumour: r.rumour,
    aggregate: r.aggregate,
    figures: {
      deaths: r.deaths,
      seriousInjuries: r.seriousInjuries,
      injuries: r.injuries,
      missing: r.missing,
      trapped: r.trapped,
      lossYuan: r.lossYuan,
    },
  }));
}

export interface EventItemRow {
  id: number;
  title: string;
  url: string | null;
  sortAt: Date;
  publishedAt: Date | null;
  sourceName: string;
  category: string;
  label: string;
  risk: number;
  sensitivity: string;
  officialVoice: boolean;
  rumour: boolean;
  isDemo: boolean;
}

export const EVENT_ITEMS_SHOWN = 50;

/** The event's newest items (a bounded list; the item list filtered by event has them all). */
export async function getEventItems(client: Db, id: number, limit = EVENT_ITEMS_SHOWN): Promise<EventItemRow[]> {
  const rows = await client.itemAnalysis.findMany({
    where: { eventId: id },
    select: {
      label: true,
      risk: true,
      sensitivity: true,
      officialVoice: true,
      rumour: true,
      item: {
        select: {
          id: true,
          title: true,
          url: true,
          sortAt: true,
          publishedAt: true,
          isDemo: true,
          source: { select: { name: true, category: true } },
        },
      },
    },
    orderBy: [{ item: { sortAt: 'desc' } }, { itemId: 'desc' }],
    take: limit,
  });
  return rows.map(({ item, ...a }) => ({
    id: item.id,
    title: item.title,
    url: item.url,
    sortAt: item.sortAt,
    publishedAt: item.publishedAt,
    isDemo: item.isDemo,
    sourceName: item.source.name,
    category: item.source.category,
    ...a,
  }));
}

export interface EventAlertRow {
  id: number;
  kind: string;
  level: string;
  state: string;
  subjectType: string;
  subjectKey: string;
  subjectLabel: string;
  why: string;
  firstRaisedAt: Date;
  lastRaisedAt: Date;
  escalatedAt: Date | null;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
  assignedTo: string | null;
  assignedAt: Date | null;
  assignedBy: string | null;
  resolvedAt: Date | null;
  resolvedBy: string | null;
  resolution: string | null;
  eventId: number | null;
  isDemo: boolean;
  /** The latest entries of the alert's log, newest first. */
  actions: { id: number; at: Date; actor: string; action: string; note: string | null }[];
}


/** The columns of an alert as the dashboard shows it, with the latest entries of its log. */
export const ALERT_ROW_SELECT = {
  id: true,
  kind: true,
  level: true,
  state: true,
  subjectType: true,
  subjectKey: true,
  subjectLabel: true,
  why: true,
  firstRaisedAt: true,
  lastRaisedAt: true,
  escalatedAt: true,
  acknowledgedAt: true,
  acknowledgedBy: true,
  assignedTo: true,
  assignedAt: true,
  assignedBy: true,
  resolvedAt: true,
  resolvedBy: true,
  resolution: true,
  eventId: true,
  isDemo: true,
  actions: { select: { id: true, at: true, actor: true, action: true, note: true }, orderBy: [{ at: 'desc' }, { id: 'desc' }], take: 8 },
} satisfies Prisma.AlertSelect;

/** Unresolved first, then most severe, then most recently raised. */
export function compareAlertsForAttention(a: Pick<EventAlertRow, 'state' | 'level' | 'lastRaisedAt'>, b: Pick<EventAlertRow, 'state' | 'level' | 'lastRaisedAt'>): number {
  const open = (s: string) => (s === 'resolved' ? 0 : 1);
  return open(b.state) - open(a.state) || levelRank(b.level) - levelRank(a.level) || b.lastRaisedAt.getTime() - a.lastRaisedAt.getTime();
}

/** Alerts about the event (unresolved first, most severe first) and its response clocks. */
export type EventClockRow = ClockRow & { metNote: string | null };

export async function getEventAlerts(client: Db, id: number): Promise<{ alerts: EventAlertRow[]; clocks: EventClockRow[] }> {
  const [alerts, clocks] = await Promise.all([
    client.alert.findMany({
      where: { eventId: id },
      select: ALERT_ROW_SELECT,
      orderBy: [{ lastRaisedAt: 'desc' }],
      take: 100,
    }),
    client.responseClock.findMany({ where: { eventId: id }, orderBy: { dueAt: 'asc' } }),
  ]);
  alerts.sort(compareAlertsForAttention);
  return { alerts, clocks };
}
