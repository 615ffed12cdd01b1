/** Worker heartbeats and system-level events (egress outage), for /api/health and the overview. */
import type { Db } from './client';

export async function beat(
  client: Db,
  w: { id: string; pid: number; host: string; startedAt: Date; now: Date; state: string; tickStats?: unknown },
): Promise<void> {
  const data = {
    pid: w.pid,
    host: w.host,
    startedAt: w.startedAt,
    lastBeatAt: w.now,
    state: w.state,
    ...(w.tickStats !== undefined ? { lastTickAt: w.now, lastTickStats: JSON.stringify(w.tickStats) } : {}),
  };
  await client.workerHeartbeat.upsert({ where: { id: w.id }, create: { id: w.id, ...data }, update: data });
}

export async function listWorkers(client: Db) {
  return client.workerHeartbeat.findMany({ orderBy: { lastBeatAt: 'desc' }, take: 20 });
}

/** Opens an event of this kind unless one is already open (one fault, one alert). */
export async function openSystemEvent(
  client: Db,
  e: { kind: string; subject?: string; message: string; now: Date },
): Promise<boolean> {
  const open = await client.systemEvent.findFirst({
    where: { kind: e.kind, subject: e.subject ?? null, closedAt: null },
  });
  if (open) return false;
  await client.systemEvent.create({
    data: { kind: e.kind, subject: e.subject ?? null, message: e.message, openedAt: e.now },
  });
  return true;
}

export async function closeSystemEvents(client: Db, kind: string, now: Date): Promise<number> {
  const r = await client.systemEvent.updateMany({ where: { kind, closedAt: null }, data: { closedAt: now } });
  return r.count;
}

export async function openSystemEvents(client: Db) {
  return client.systemEvent.findMany({ where: { closedAt: null }, orderBy: { openedAt: 'desc' } });
}

export async function dbPing(client: Db): Promise<boolean> {
  await client.$queryRawUnsafe('SELECT 1');
  return true;
}
