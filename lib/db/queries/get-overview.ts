/** Everything the overview page shows, in one round of queries. */
import type { Db } from '../client';
import { itemsPerHour, latestItems } from '../items';
import type { LatestItem } from '../items';
import { openSystemEvents } from '../system';

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
}

export async function getOverview(client: Db, now: Date): Promise<Overview> {
  const dayAgo = new Date(now.getTime() - 86_400_000);
  const hourAgo = new Date(now.getTime() - 3_600_000);
  const [items, last24h, lastHour, demoItems, perHour, latest, sources, events] = await Promise.all([
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
  ]);
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
  };
}
