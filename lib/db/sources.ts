/** Sources: registration, claiming due ones under a lease, and recording each fetch's outcome. */
import { CrawlError } from '../errors';
import { appendAuditInTx } from './audit';
import type { AuditContext, AuditEntry } from './audit';
import { recomputeHourlyRollups, takeWriteLock } from './dialect';
import type { SourceConfig } from '../sources/schema';
import { HtmlSelectorsSchema } from '../sources/schema';
import type { Db } from './client';
import type { Source } from './generated/client';

export type SourceRow = Source;

/**
 * Transactions queue behind each other on the one connection (and behind other processes' locks):
 * give them the same patience as a store, not Prisma's 2 s default.
 */
export const TX_OPTIONS = { maxWait: 10_000, timeout: 15_000 } as const;
export type SourceOrigin = 'catalogue' | 'demo' | 'user' | 'cli';
export type SourceHealth = 'unknown' | 'ok' | 'degraded' | 'failing';

/** Rebuilds the validated config from a row (selectors are stored as JSON); throws invalid_source_config. */
export function sourceConfigFromRow(row: SourceRow): SourceConfig {
  try {
    return rowToConfig(row);
  } catch (e) {
    throw new CrawlError('invalid_source_config', e instanceof Error ? e.message.slice(0, 200) : undefined, { cause: e });
  }
}

function rowToConfig(row: SourceRow): SourceConfig {
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    homepage: row.homepage ?? undefined,
    kind: row.kind as SourceConfig['kind'],
    category: row.category as SourceConfig['category'],
    region: row.region ?? undefined,
    intervalMinutes: row.intervalMinutes,
    priority: row.priority,
    enabled: row.enabled,
    dedupeKey: row.dedupeKey as SourceConfig['dedupeKey'],
    encoding: row.encoding ?? undefined,
    html: row.selectorsJson ? HtmlSelectorsSchema.parse(JSON.parse(row.selectorsJson)) : undefined,
    demo: row.demo,
    note: row.note ?? undefined,
  };
}

function definitionFields(s: SourceConfig) {
  return {
    name: s.name,
    url: s.url,
    homepage: s.homepage ?? null,
    kind: s.kind,
    category: s.category,
    region: s.region ?? null,
    intervalMinutes: s.intervalMinutes,
    priority: s.priority,
    enabled: s.enabled,
    dedupeKey: s.dedupeKey,
    encoding: s.encoding ?? null,
    selectorsJson: s.html ? JSON.stringify(s.html) : null,
    demo: s.demo,
    note: s.note ?? null,
  };
}

/**
 * Inserts or updates source definitions, keeping their health and scheduling state.
 * A changed URL resets the conditional-GET validators, which belonged to the old URL.
 */
export async function upsertSources(
  client: Db,
  sources: SourceConfig[],
  origin: SourceOrigin,
  now: Date,
): Promise<void> {
  await client.$transaction(
    async (tx) => {
    await takeWriteLock(tx);
    /* eslint-disable no-await-in-loop -- one transaction on one connection: statements run in order anyway */
    for (const s of sources) {
      const existing = await tx.source.findUnique({ where: { id: s.id }, select: { url: true } });
      if (!existing) {
        await tx.source.create({
          data: { id: s.id, ...definitionFields(s), origin, nextCheckAt: now },
        });
      } else {
        const urlChanged = existing.url !== s.url;
        await tx.source.update({
          where: { id: s.id },
          data: {
            ...definitionFields(s),
            ...(urlChanged ? { etag: null, lastModified: null, nextCheckAt: now } : {}),
          },
        });
      }
    }
    /* eslint-enable no-await-in-loop */
    },
    TX_OPTIONS,
  );
}

export async function listSources(client: Db): Promise<SourceRow[]> {
  return client.source.findMany({ orderBy: [{ demo: 'desc' }, { category: 'asc' }, { id: 'asc' }] });
}

export async function getSource(client: Db, id: string): Promise<SourceRow | null> {
  return client.source.findUnique({ where: { id } });
}

export async function setSourcesEnabled(
  client: Db,
  where: { origin?: SourceOrigin; demo?: boolean },
  enabled: boolean,
): Promise<number> {
  const r = await client.source.updateMany({ where, data: { enabled } });
  return r.count;
}

export interface ClaimOptions {
  now: Date;
  workerId: string;
  leaseMs: number;
  limit: number;
  /** Restrict to these ids (CLI `--sources`). */
  ids?: string[];
  /** Ignore nextCheckAt (a one-off `crawl --once`). */
  ignoreSchedule?: boolean;
  /**
   * At most this many sources of one host per claim: the fetcher lets one request per host through
   * at a time, so claiming more only lets leases run out while they queue.
   */
  perHostLimit?: number;
  /** Hosts the per-host limit does not apply to (our own local demo server). */
  perHostExempt?: string[];
  /** Origins this claimer leaves alone (the worker does not poll sources a one-off CLI run added). */
  excludeOrigins?: SourceOrigin[];
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return url;
  }
}

/**
 * Claims due sources for this worker. Each row is taken by a conditional update on its lease,
 * so two processes racing for one source cannot both win, and a killed worker's lease simply
 * expires (then the source is due again: no run lost).
 */
export async function claimDueSources(client: Db, o: ClaimOptions): Promise<SourceRow[]> {
  const leaseFree = { OR: [{ leaseUntil: null }, { leaseUntil: { lt: o.now } }] };
  const rows = await client.source.findMany({
    where: {
      enabled: true,
      ...(o.ids ? { id: { in: o.ids } } : {}),
      ...(o.excludeOrigins?.length ? { origin: { notIn: o.excludeOrigins } } : {}),
      ...(o.ignoreSchedule ? {} : { nextCheckAt: { lte: o.now } }),
      ...leaseFree,
    },
    orderBy: [{ priority: 'desc' }, { nextCheckAt: 'asc' }],
    take: o.perHostLimit ? o.limit * 8 : o.limit,
    select: { id: true, url: true },
  });
  const perHost = new Map<string, number>();
  const candidates = rows
    .filter((r) => {
      if (!o.perHostLimit) return true;
      const host = hostOf(r.url);
      if (o.perHostExempt?.includes(host)) return true;
      const n = perHost.get(host) ?? 0;
      perHost.set(host, n + 1);
      return n < o.perHostLimit;
    })
    .slice(0, o.limit);
  const leaseUntil = new Date(o.now.getTime() + o.leaseMs);
  const claimed: SourceRow[] = [];
  for (const { id } of candidates) {
    // Sequential on purpose: each claim is one tiny conditional write; SQLite serialises writes anyway.
    // eslint-disable-next-line no-await-in-loop
    const r = await client.source.updateMany({
      where: { id, ...leaseFree },
      data: { leaseOwner: o.workerId, leaseUntil },
    });
    if (r.count === 1) {
      // eslint-disable-next-line no-await-in-loop
      const row = await client.source.findUnique({ where: { id } });
      if (row) claimed.push(row);
    }
  }
  return claimed;
}

/**
 * Extends this worker's lease as a fetch really starts, and counts the start (see isCrashSuspect);
 * false when the lease was lost to another worker.
 */
export async function renewLease(client: Db, id: string, workerId: string, until: Date): Promise<boolean> {
  const r = await client.source.updateMany({
    where: { id, leaseOwner: workerId },
    data: { leaseUntil: until, pendingClaims: { increment: 1 } },
  });
  return r.count === 1;
}

/** The fetch this worker started came back (with any outcome): it did not kill the process. */
export async function clearPendingClaim(client: Db, id: string, workerId: string): Promise<void> {
  await client.source.updateMany({ where: { id, leaseOwner: workerId }, data: { pendingClaims: 0 } });
}

/**
 * Gives back leases without recording a run (SIGTERM, or a db_busy/storage_full re-queue): not a
 * crash. `nextCheckAt` postpones the retry where retrying at once would only refetch in vain.
 */
export async function releaseLeases(client: Db, workerId: string, ids?: string[], nextCheckAt?: Date): Promise<void> {
  await client.source.updateMany({
    where: { leaseOwner: workerId, ...(ids ? { id: { in: ids } } : {}) },
    data: { leaseOwner: null, leaseUntil: null, pendingClaims: 0, ...(nextCheckAt ? { nextCheckAt } : {}) },
  });
}

/**
 * Fetches that started but never came back (no outcome, no release) mean the process doing them
 * died. After this many in a row the source is taken to be what kills the worker.
 */
export const MAX_PENDING_CLAIMS = 3;

export function isCrashSuspect(row: SourceRow): boolean {
  return row.pendingClaims >= MAX_PENDING_CLAIMS;
}

/** Ends a run's lease, but only our own: if it expired and another worker holds the source now, theirs stays. */
export async function releaseOwnLease(tx: Pick<Db, 'source'>, sourceId: string, workerId: string): Promise<void> {
  await tx.source.updateMany({ where: { id: sourceId, leaseOwner: workerId }, data: { leaseOwner: null, leaseUntil: null } });
}

/** The run a fetch-log row describes; the duration is derived from it. */
interface RunTimes {
  sourceId: string;
  workerId: string;
  startedAt: Date;
  finishedAt: Date;
}

/** Writes the fetch-log row of one run (success or failure), inside the run's transaction. */
export async function logFetch(
  tx: Pick<Db, 'fetchLog'>,
  run: RunTimes,
  outcome: {
    status: 'ok' | 'not_modified' | 'error';
    httpStatus: number | null;
    fetched?: number;
    newCount?: number;
    duplicates?: number;
    errorCode?: string;
    errorMessage?: string;
    debugBody?: Buffer;
  },
): Promise<void> {
  const { debugBody, ...rest } = outcome;
  await tx.fetchLog.create({
    data: {
      // Named, not spread: callers pass their whole record, which has more fields than a log row.
      sourceId: run.sourceId,
      workerId: run.workerId,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
      ...rest,
      durationMs: run.finishedAt.getTime() - run.startedAt.getTime(),
      // B1: the first 1 MiB of a body we could not parse, to debug without refetching.
      debugBody: debugBody ? new Uint8Array(debugBody.subarray(0, 1024 * 1024)) : null,
    },
  });
}

export interface FailureRecord {
  sourceId: string;
  workerId: string;
  startedAt: Date;
  finishedAt: Date;
  errorCode: string;
  errorMessage: string;
  httpStatus?: number;
  nextCheckAt: Date;
  /** False during an egress outage: the network failed, not the source. */
  countStrike: boolean;
  /** Consecutive failures at which the state turns red. */
  failingAfter: number;
  debugBody?: Buffer;
}

/**
 * Records a failed run. ETag/Last-Modified and items are untouched (nothing already stored is
 * lost); the lease is released and the next check is scheduled by the caller's backoff.
 */
export async function recordFailure(client: Db, f: FailureRecord): Promise<void> {
  await client.$transaction(
    async (tx) => {
    await takeWriteLock(tx);
    const src = await tx.source.findUnique({ where: { id: f.sourceId }, select: { errorCount: true } });
    const errorCount = (src?.errorCount ?? 0) + (f.countStrike ? 1 : 0);
    const health: SourceHealth = errorCount >= f.failingAfter ? 'failing' : 'degraded';
    await tx.source.update({
      where: { id: f.sourceId },
      data: {
        errorCount,
        health,
        lastCheckedAt: f.finishedAt,
        lastErrorCode: f.errorCode,
        lastErrorMessage: f.errorMessage.slice(0, 500),
        lastErrorAt: f.finishedAt,
        nextCheckAt: f.nextCheckAt,
        pendingClaims: 0,
      },
    });
    await releaseOwnLease(tx, f.sourceId, f.workerId);
    await logFetch(tx, f, {
      status: 'error',
      httpStatus: f.httpStatus ?? null,
      errorCode: f.errorCode,
      errorMessage: f.errorMessage.slice(0, 500),
      debugBody: f.debugBody,
    });
    },
    TX_OPTIONS,
  );
}

/** Remembers a permanent redirect; after 3 identical ones in a row the stored URL moves (B33). */
export async function notePermanentRedirect(
  client: Db,
  sourceId: string,
  target: string | undefined,
): Promise<void> {
  const src = await client.source.findUnique({
    where: { id: sourceId },
    select: { redirectUrl: true, redirectCount: true },
  });
  if (!src) return;
  if (!target) {
    if (src.redirectUrl) await client.source.update({ where: { id: sourceId }, data: { redirectUrl: null, redirectCount: 0 } });
    return;
  }
  const count = src.redirectUrl === target ? src.redirectCount + 1 : 1;
  await client.source.update({
    where: { id: sourceId },
    data:
      count >= 3
        ? { url: target, redirectUrl: null, redirectCount: 0 }
        : { redirectUrl: target, redirectCount: count },
  });
}

// ---------------------------------------------------------------- editing from the dashboard (信源页)

/**
 * Origins whose definition lives in a file the worker (catalogue, demo) or the CLI (`--sources`)
 * writes back on its next run: only their schedule is edited here; the rest would be overwritten.
 */
export const BUILT_IN_ORIGINS: readonly SourceOrigin[] = ['catalogue', 'demo', 'cli'];

export function isBuiltInOrigin(origin: string): boolean {
  return (BUILT_IN_ORIGINS as readonly string[]).includes(origin);
}

export type SourceEditResult =
  | { ok: true; row: SourceRow }
  | { ok: false; reason: 'not_found' | 'id_taken' | 'built_in' };

type AuditTx = Parameters<typeof appendAuditInTx>[0];

/** Records the outcome of a source edit in the edit's own transaction; a refusal is recorded as failed. */
async function auditSourceEdit(
  tx: AuditTx,
  audit: AuditContext | undefined,
  e: Omit<AuditEntry, 'objectType' | 'result' | 'reason'>,
  refused?: string,
): Promise<void> {
  if (!audit) return;
  await appendAuditInTx(tx, audit, { ...e, objectType: 'source', result: refused ? 'failed' : 'ok', reason: refused ?? null });
}

/** Adds a source created in the dashboard (origin 'user'); it is due at once. */
export async function createUserSource(client: Db, s: SourceConfig, now: Date, audit?: AuditContext): Promise<SourceEditResult> {
  return client.$transaction(async (tx) => {
    await takeWriteLock(tx);
    const entry = { action: 'source.create', objectId: s.id, at: now, detail: { name: s.name, url: s.url, kind: s.kind } } as const;
    if (await tx.source.findUnique({ where: { id: s.id }, select: { id: true } })) {
      await auditSourceEdit(tx, audit, entry, 'id_taken');
      return { ok: false, reason: 'id_taken' } as const;
    }
    // A dashboard source is never demo data, whatever the form said.
    const row = await tx.source.create({
      data: { id: s.id, ...definitionFields({ ...s, demo: false }), origin: 'user', nextCheckAt: now },
    });
    await auditSourceEdit(tx, audit, entry);
    return { ok: true, row } as const;
  }, TX_OPTIONS);
}

/**
 * Replaces a dashboard source's definition (the id stays). A changed URL or kind drops the
 * conditional-GET validators, which belonged to the old page, and makes the source due at once.
 */
export async function updateUserSource(
  client: Db,
  id: string,
  s: SourceConfig,
  now: Date,
  audit?: AuditContext,
): Promise<SourceEditResult> {
  return client.$transaction(async (tx) => {
    await takeWriteLock(tx);
    const existing = await tx.source.findUnique({ where: { id }, select: { url: true, kind: true, origin: true } });
    const moved = existing !== null && (existing.url !== s.url || existing.kind !== s.kind);
    const entry = { action: 'source.update', objectId: id, at: now, detail: { name: s.name, url: s.url, kind: s.kind, moved } } as const;
    if (!existing || isBuiltInOrigin(existing.origin)) {
      const reason = existing ? 'built_in' : 'not_found';
      await auditSourceEdit(tx, audit, entry, reason);
      return { ok: false, reason } as const;
    }
    const row = await tx.source.update({
      where: { id },
      data: {
        ...definitionFields({ ...s, demo: false }),
        ...(moved ? { etag: null, lastModified: null, nextCheckAt: now, redirectUrl: null, redirectCount: 0 } : {}),
      },
    });
    await auditSourceEdit(tx, audit, entry);
    return { ok: true, row } as const;
  }, TX_OPTIONS);
}

/**
 * Enables/disables a source and sets its interval (any origin). Enabling makes it due at once; a
 * shorter interval brings the next check forward. Built-in sources get their file's values back at
 * the next worker start (see lib/sources/sync.ts).
 */
export async function updateSourceSchedule(
  client: Db,
  id: string,
  o: { enabled?: boolean; intervalMinutes?: number },
  now: Date,
  audit?: AuditContext,
): Promise<SourceEditResult> {
  return client.$transaction(async (tx) => {
    await takeWriteLock(tx);
    const existing = await tx.source.findUnique({ where: { id }, select: { enabled: true, nextCheckAt: true } });
    const entry = { action: 'source.schedule', objectId: id, at: now, detail: { ...o } } as const;
    if (!existing) {
      await auditSourceEdit(tx, audit, entry, 'not_found');
      return { ok: false, reason: 'not_found' } as const;
    }
    let nextCheckAt: Date | undefined;
    if (o.enabled === true && !existing.enabled) nextCheckAt = now;
    else if (o.intervalMinutes !== undefined) {
      const soonest = new Date(now.getTime() + o.intervalMinutes * 60_000);
      if (existing.nextCheckAt > soonest) nextCheckAt = soonest;
    }
    const row = await tx.source.update({
      where: { id },
      data: {
        ...(o.enabled !== undefined ? { enabled: o.enabled } : {}),
        ...(o.intervalMinutes !== undefined ? { intervalMinutes: o.intervalMinutes } : {}),
        ...(nextCheckAt ? { nextCheckAt } : {}),
      },
    });
    await auditSourceEdit(tx, audit, entry);
    return { ok: true, row } as const;
  }, TX_OPTIONS);
}

export type SourceDeleteResult =
  | { ok: true; items: number }
  | { ok: false; reason: 'not_found' | 'built_in' };

/**
 * Deletes a dashboard source with everything it fetched: its items (and their analyses and topic
 * links, by cascade), its fetch log and the hazard warnings read from its items; the hourly rollups
 * of the hours its items were in are recomputed. Events and alerts already raised stay as they were
 * (they are the record of what the office was told).
 */
export async function deleteUserSource(client: Db, id: string, audit?: AuditContext): Promise<SourceDeleteResult> {
  return client.$transaction(async (tx) => {
    await takeWriteLock(tx);
    const existing = await tx.source.findUnique({ where: { id }, select: { origin: true, name: true, url: true } });
    if (!existing || existing.origin !== 'user') {
      const reason = existing ? 'built_in' : 'not_found';
      await auditSourceEdit(tx, audit, { action: 'source.delete', objectId: id }, reason);
      return { ok: false, reason } as const;
    }
    const items = await tx.item.findMany({ where: { sourceId: id }, select: { id: true, sortAt: true } });
    const ids = items.map((i) => i.id);
    for (let i = 0; i < ids.length; i += 500) {
      // eslint-disable-next-line no-await-in-loop -- one transaction; chunks keep the IN list bounded
      await tx.hazardWarning.deleteMany({ where: { itemId: { in: ids.slice(i, i + 500) } } });
    }
    await tx.source.delete({ where: { id } });
    await recomputeHourlyRollups(tx, items.map((i) => i.sortAt));
    await auditSourceEdit(tx, audit, { action: 'source.delete', objectId: id, detail: { name: existing.name, url: existing.url, items: ids.length } });
    return { ok: true, items: ids.length } as const;
  }, TX_OPTIONS);
}
