/** The 信源 pages: every source with its health and daily volume, and one source's fetch history. */
import { NETWORK_ERROR_CODES } from '../../errors';
import type { Db } from '../client';
import type { SourceRow } from '../sources';
import { openSystemEvents } from '../system';

/** Days shown in the items-per-day bars (today included). */
export const SOURCE_DAYS = 14;

const DAY_MS = 86_400_000;
/** Asia/Shanghai has no DST: a calendar day there starts at 16:00 UTC the day before. */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

export interface DayCount {
  /** YYYY-MM-DD in Asia/Shanghai. */
  day: string;
  count: number;
}

export type SourceHealthFilter = 'ok' | 'degraded' | 'failing' | 'unknown' | 'disabled';

export interface SourceListFilters {
  health?: SourceHealthFilter;
  category?: string;
}

export interface SourceListRow {
  id: string;
  name: string;
  url: string;
  kind: string;
  category: string;
  region: string | null;
  origin: string;
  demo: boolean;
  enabled: boolean;
  intervalMinutes: number;
  health: string;
  errorCount: number;
  lastCheckedAt: Date | null;
  lastSuccessAt: Date | null;
  lastNewItemAt: Date | null;
  lastErrorCode: string | null;
  lastErrorMessage: string | null;
  lastErrorAt: Date | null;
  nextCheckAt: Date;
  itemsTotal: number;
  perDay: DayCount[];
  /** Failing at the network layer while an egress outage is open: the outage, not the source. */
  cutOffByOutage: boolean;
}

export interface SourceList {
  generatedAt: Date;
  rows: SourceListRow[];
  /** Counts over all sources (not only the filtered ones), for the filter labels. */
  counts: Record<SourceHealthFilter, number> & { total: number };
  categories: string[];
  /** Open egress outages: while one lasts, sources failing at the network layer share that one cause. */
  outages: { id: number; message: string; openedAt: Date }[];
}

function shanghaiDay(d: Date): string {
  return new Date(d.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The first instant of the Shanghai day `days - 1` days before `now`'s day. */
function windowStart(now: Date, days: number): Date {
  const local = now.getTime() + SHANGHAI_OFFSET_MS;
  const midnight = local - (local % DAY_MS) - SHANGHAI_OFFSET_MS;
  return new Date(midnight - (days - 1) * DAY_MS);
}

function emptyDays(now: Date, days: number): DayCount[] {
  const start = windowStart(now, days).getTime();
  return Array.from({ length: days }, (_, i) => ({ day: shanghaiDay(new Date(start + i * DAY_MS)), count: 0 }));
}

/**
 * Items per Shanghai day for each source, from the hourly rollups (by publication time, else fetch
 * time; analysed items), so the page never scans the items table.
 */
async function itemsPerDay(client: Db, now: Date, sourceIds: readonly string[] | null): Promise<Map<string, DayCount[]>> {
  const rows = await client.hourlyRollup.findMany({
    where: {
      dimension: 'source',
      bucket: { gte: windowStart(now, SOURCE_DAYS), lte: now },
      ...(sourceIds ? { key: { in: [...sourceIds] } } : {}),
    },
    select: { key: true, bucket: true, items: true },
  });
  const out = new Map<string, DayCount[]>();
  for (const r of rows) {
    let days = out.get(r.key);
    if (!days) {
      days = emptyDays(now, SOURCE_DAYS);
      out.set(r.key, days);
    }
    const day = days.find((d) => d.day === shanghaiDay(r.bucket));
    if (day) day.count += r.items;
  }
  return out;
}

type Rankable = Pick<SourceRow, 'enabled' | 'health' | 'errorCount' | 'name' | 'id' | 'lastErrorCode'>;

const NETWORK_CODES: ReadonlySet<string> = NETWORK_ERROR_CODES;
const HEALTH_ORDER: Readonly<Record<string, number>> = { failing: 0, degraded: 1, unknown: 3, ok: 4 };

export function healthFilterOf(row: Pick<SourceRow, 'enabled' | 'health'>): SourceHealthFilter {
  if (!row.enabled) return 'disabled';
  return row.health === 'ok' || row.health === 'degraded' || row.health === 'failing' ? row.health : 'unknown';
}

/** True for a failing source whose last error is the network path (DNS, connect) during an egress outage. */
export function failedByOutage(s: Pick<SourceRow, 'enabled' | 'health' | 'lastErrorCode'>, egressOutage: boolean): boolean {
  return egressOutage && s.enabled && (s.health === 'failing' || s.health === 'degraded') && NETWORK_CODES.has(s.lastErrorCode ?? '');
}

/**
 * Problems first: 故障, 异常, (during an egress outage: the sources it cut off), 未检查, 正常, then
 * disabled sources; more consecutive failures first within a state.
 */
export function sourceProblemOrder(egressOutage: boolean): (a: Rankable, b: Rankable) => number {
  const rank = (s: Rankable) => (!s.enabled ? 9 : failedByOutage(s, egressOutage) ? 2 : (HEALTH_ORDER[s.health] ?? 3));
  return (a, b) => rank(a) - rank(b) || b.errorCount - a.errorCount || a.name.localeCompare(b.name, 'zh-CN') || a.id.localeCompare(b.id);
}

export const compareSourcesByProblem = sourceProblemOrder(false);

export async function getSourceList(client: Db, now: Date, filters: SourceListFilters = {}): Promise<SourceList> {
  const [all, perDay, events] = await Promise.all([
    client.source.findMany({
      select: {
        id: true,
        name: true,
        url: true,
        kind: true,
        category: true,
        region: true,
        origin: true,
        demo: true,
        enabled: true,
        intervalMinutes: true,
        health: true,
        errorCount: true,
        lastCheckedAt: true,
        lastSuccessAt: true,
        lastNewItemAt: true,
        lastErrorCode: true,
        lastErrorMessage: true,
        lastErrorAt: true,
        nextCheckAt: true,
        itemsTotal: true,
      },
    }),
    itemsPerDay(client, now, null),
    openSystemEvents(client),
  ]);
  const outages = events.filter((e) => e.kind === 'egress_outage').map((e) => ({ id: e.id, message: e.message, openedAt: e.openedAt }));
  const counts = { ok: 0, degraded: 0, failing: 0, unknown: 0, disabled: 0, total: all.length };
  for (const s of all) counts[healthFilterOf(s)] += 1;
  const rows = all
    .filter((s) => (!filters.health || healthFilterOf(s) === filters.health) && (!filters.category || s.category === filters.category))
    .sort(sourceProblemOrder(outages.length > 0))
    .map((s) => ({ ...s, perDay: perDay.get(s.id) ?? emptyDays(now, SOURCE_DAYS), cutOffByOutage: failedByOutage(s, outages.length > 0) }));
  return { generatedAt: now, rows, counts, categories: [...new Set(all.map((s) => s.category))].sort(), outages };
}

export interface FetchLogRow {
  id: number;
  startedAt: Date;
  finishedAt: Date | null;
  status: string;
  httpStatus: number | null;
  fetched: number;
  newCount: number;
  duplicates: number;
  durationMs: number | null;
  errorCode: string | null;
  errorMessage: string | null;
}

export interface SourceItemRow {
  id: number;
  title: string;
  url: string | null;
  sortAt: Date;
  publishedAt: Date | null;
  isDemo: boolean;
}

export interface SourceDetail {
  generatedAt: Date;
  source: SourceRow;
  perDay: DayCount[];
  fetchLogs: FetchLogRow[];
  latestItems: SourceItemRow[];
  itemCount: number;
}

/** One source with its most recent fetches and items; null when there is no such source. */
export async function getSourceDetail(
  client: Db,
  id: string,
  now: Date,
  o: { logs?: number; items?: number } = {},
): Promise<SourceDetail | null> {
  const source = await client.source.findUnique({ where: { id } });
  if (!source) return null;
  const [fetchLogs, latestItems, itemCount, perDay] = await Promise.all([
    client.fetchLog.findMany({
      where: { sourceId: id },
      orderBy: [{ startedAt: 'desc' }, { id: 'desc' }],
      take: o.logs ?? 50,
      select: {
        id: true,
        startedAt: true,
        finishedAt: true,
        status: true,
        httpStatus: true,
        fetched: true,
        newCount: true,
        duplicates: true,
        durationMs: true,
        errorCode: true,
        errorMessage: true,
      },
    }),
    client.item.findMany({
      where: { sourceId: id },
      orderBy: [{ sortAt: 'desc' }, { id: 'desc' }],
      take: o.items ?? 20,
      select: { id: true, title: true, url: true, sortAt: true, publishedAt: true, isDemo: true },
    }),
    client.item.count({ where: { sourceId: id } }),
    itemsPerDay(client, now, [id]),
  ]);
  return { generatedAt: now, source, perDay: perDay.get(id) ?? emptyDays(now, SOURCE_DAYS), fetchLogs, latestItems, itemCount };
}
