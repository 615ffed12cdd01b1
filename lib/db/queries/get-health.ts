/** The facts behind GET /api/health. */
import type { Db } from '../client';

/** A worker that has not beaten for this long is considered gone. */
export const WORKER_STALE_MS = 60_000;

export interface Health {
  status: 'ok' | 'degraded' | 'down';
  time: string;
  database: { ok: boolean; error?: string };
  worker: { ok: boolean; workers: { id: string; state: string; lastBeatAt: string; lastTickAt: string | null }[] };
  sources: { total: number; enabled: number; ok: number; degraded: number; failing: number; unknown: number };
  items: { total: number; lastFetchedAt: string | null };
  events: { kind: string; message: string; openedAt: string }[];
  /** Analysis coverage and the latest (re-)analysis job, so a stalled analysis is visible. */
  analysis: {
    lexiconVersion: number;
    analysed: number;
    failed: number;
    /** Items stored but not analysed yet (new, or waiting after a crash). */
    pending: number;
    events: number;
    job: { id: number; kind: string; state: string; done: number; total: number; failed: number } | null;
  };
  /** Unresolved alerts by level, and notifications that failed for good or are being retried. */
  alerts: { unresolved: Record<'red' | 'orange' | 'yellow' | 'blue', number>; failedDeliveries: number; retryingDeliveries: number };
}

/**
 * What a monitoring probe may see without signing in: up/down, worker, counts and analysis progress;
 * not the open alerts or the system events (which name security problems such as a broken audit chain).
 */
export type PublicHealth = Omit<Health, 'alerts' | 'events'>;

export function publicHealth(h: Health): PublicHealth {
  const { alerts: _alerts, events: _events, ...rest } = h;
  return rest;
}

export async function getHealth(client: Db, now: Date): Promise<Health> {
  const time = now.toISOString();
  try {
    const [workers, sources, total, last, events, analysed, failed, eventCount, state, job, alertLevels, failedDeliveries, retrying] = await Promise.all([
      client.workerHeartbeat.findMany({ orderBy: { lastBeatAt: 'desc' }, take: 10 }),
      client.source.groupBy({ by: ['health', 'enabled'], _count: { _all: true } }),
      client.item.count(),
      client.item.findFirst({ orderBy: { fetchedAt: 'desc' }, select: { fetchedAt: true } }),
      client.systemEvent.findMany({ where: { closedAt: null }, orderBy: { openedAt: 'desc' } }),
      client.itemAnalysis.count(),
      client.itemAnalysis.count({ where: { label: 'error' } }),
      client.event.count(),
      client.lexiconState.findUnique({ where: { id: 1 } }),
      client.analysisJob.findFirst({ orderBy: { id: 'desc' } }),
      client.alert.groupBy({ by: ['level'], where: { state: { not: 'resolved' } }, _count: { _all: true } }),
      client.delivery.count({ where: { state: 'failed' } }),
      client.delivery.count({ where: { state: 'pending', attempts: { gt: 0 } } }),
    ]);
    const unresolved = { red: 0, orange: 0, yellow: 0, blue: 0 };
    for (const g of alertLevels) if (g.level in unresolved) unresolved[g.level as keyof typeof unresolved] = g._count._all;
    const live = workers.filter(
      (w) => w.state === 'running' && now.getTime() - w.lastBeatAt.getTime() < WORKER_STALE_MS,
    );
    const s = { total: 0, enabled: 0, ok: 0, degraded: 0, failing: 0, unknown: 0 };
    for (const g of sources) {
      const n = g._count._all;
      s.total += n;
      if (!g.enabled) continue;
      s.enabled += n;
      if (g.health === 'ok' || g.health === 'degraded' || g.health === 'failing') s[g.health] += n;
      else s.unknown += n;
    }
    const workerOk = live.length > 0;
    return {
      // A notification that could not be delivered is a fault someone must see.
      status: workerOk && events.length === 0 && failedDeliveries === 0 ? 'ok' : 'degraded',
      time,
      database: { ok: true },
      worker: {
        ok: workerOk,
        workers: workers.map((w) => ({
          id: w.id,
          state: live.includes(w) ? w.state : w.state === 'running' ? 'stale' : w.state,
          lastBeatAt: w.lastBeatAt.toISOString(),
          lastTickAt: w.lastTickAt?.toISOString() ?? null,
        })),
      },
      sources: s,
      items: { total, lastFetchedAt: last?.fetchedAt.toISOString() ?? null },
      events: events.map((e) => ({ kind: e.kind, message: e.message, openedAt: e.openedAt.toISOString() })),
      analysis: {
        lexiconVersion: state?.version ?? 0,
        analysed,
        failed,
        pending: Math.max(0, total - analysed),
        events: eventCount,
        job: job
          ? { id: job.id, kind: job.kind, state: job.state, done: job.done, total: job.total, failed: job.failed }
          : null,
      },
      alerts: { unresolved, failedDeliveries, retryingDeliveries: retrying },
    };
  } catch (e) {
    return {
      status: 'down',
      time,
      // Prisma messages start with a blank line and a code excerpt; the cause is the last line.
      database: { ok: false, error: (e instanceof Error ? e.message : String(e)).trim().split('\n').slice(-1)[0]?.trim() },
      worker: { ok: false, workers: [] },
      sources: { total: 0, enabled: 0, ok: 0, degraded: 0, failing: 0, unknown: 0 },
      items: { total: 0, lastFetchedAt: null },
      events: [],
      analysis: { lexiconVersion: 0, analysed: 0, failed: 0, pending: 0, events: 0, job: null },
      alerts: { unresolved: { red: 0, orange: 0, yellow: 0, blue: 0 }, failedDeliveries: 0, retryingDeliveries: 0 },
    };
  }
}
