/**
 * One scheduler tick: claim due sources, crawl them with bounded concurrency, record outcomes.
 * Called by the worker's node-cron job and by `npm run crawl -- --once`.
 */
import {
  claimDueSources,
  clearPendingClaim,
  closeSystemEvents,
  isCrashSuspect,
  notePermanentRedirect,
  openSystemEvent,
  recordFailure,
  openSystemEvents,
  releaseLeases,
  renewLease,
} from '@/lib/db';
import type { SourceOrigin, SourceRow } from '@/lib/db';
import { CrawlError } from '@/lib/errors';
import { ingestSource } from '@/lib/pipeline/ingest';
import type { CrawlContext, IngestOutcome } from '@/lib/pipeline/ingest';
import { FAILING_AFTER, nextCheckAfterFailure } from './backoff';
import { mapWithConcurrency } from './pool';
import { log } from '@/lib/log';

export interface TickOptions {
  limit: number;
  concurrency: number;
  leaseMs: number;
  ids?: string[];
  ignoreSchedule?: boolean;
  perHostLimit?: number;
  perHostExempt?: string[];
  excludeOrigins?: SourceOrigin[];
  /** Stop claiming (SIGTERM): in-flight work finishes, nothing new starts. */
  signal?: AbortSignal;
}

export interface SourceRunResult {
  source: string;
  status: 'ok' | 'not_modified' | 'error';
  fetched: number;
  new: number;
  duplicates: number;
  errorClass: string | null;
  message: string | null;
}

export interface TickResult {
  results: SourceRunResult[];
  egressOutage: boolean;
}

const MIN_EXTERNAL_FOR_VERDICT = 4;

/**
 * More than half of a cycle's external sources failing at the network layer is one fault on our
 * side, not N broken sources. Only sources that leave this machine count (the local demo server
 * answering proves nothing about the outside world). Returns null when the cycle says nothing
 * either way (too few external fetches and no external success).
 */
export function egressVerdict(outcomes: { outcome: IngestOutcome; external: boolean }[]): boolean | null {
  const external = outcomes.filter((o) => o.external).map((o) => o.outcome);
  const network = external.filter((o) => o.status === 'error' && o.networkError).length;
  if (external.length >= MIN_EXTERNAL_FOR_VERDICT && network / external.length > 0.5) return true;
  if (external.some((o) => o.status !== 'error')) return false;
  return null;
}

export async function runTick(ctx: CrawlContext, o: TickOptions): Promise<TickResult> {
  if (o.signal?.aborted) return { results: [], egressOutage: false };
  const claimed = await claimDueSources(ctx.db, {
    now: ctx.now(),
    workerId: ctx.workerId,
    leaseMs: o.leaseMs,
    limit: o.limit,
    ids: o.ids,
    ignoreSchedule: o.ignoreSchedule,
    perHostLimit: o.perHostLimit,
    perHostExempt: o.perHostExempt,
    excludeOrigins: o.excludeOrigins,
  });
  if (!claimed.length) return { results: [], egressOutage: false };

  const started = new Map<string, Date>();
  const outcomes = await mapWithConcurrency(claimed, o.concurrency, async (row): Promise<IngestOutcome | null> => {
    if (o.signal?.aborted) return null; // not started: its lease is released below
    // Claimed again and again with no outcome: this source kills the worker. Record that and back off.
    if (isCrashSuspect(row)) {
      return { status: 'error', sourceId: row.id, error: new CrawlError('worker_crashed'), networkError: false };
    }
    // The lease runs from the claim; renew it as the fetch really starts. Lost it? Someone else has the source.
    if (!(await renewLease(ctx.db, row.id, ctx.workerId, new Date(ctx.now().getTime() + o.leaseMs)))) return null;
    started.set(row.id, ctx.now());
    const outcome = await ingestSource(row, ctx);
    // It came back, so it did not kill the worker; the outcome itself is recorded after the tick.
    if (outcome.status === 'error') await clearPendingClaim(ctx.db, row.id, ctx.workerId).catch(() => undefined);
    return outcome;
  });
  const ran = outcomes.filter((x): x is IngestOutcome => x !== null);
  const unstarted = claimed.filter((_, i) => outcomes[i] === null).map((r) => r.id);
  if (unstarted.length) await releaseLeases(ctx.db, ctx.workerId, unstarted);

  const byId = new Map<string, SourceRow>(claimed.map((r) => [r.id, r]));
  const now = ctx.now();
  const verdict = egressVerdict(ran.map((outcome) => ({ outcome, external: !byId.get(outcome.sourceId)?.demo })));
  const openOutage = (await openSystemEvents(ctx.db)).some((e) => e.kind === 'egress_outage');
  // An outage stays declared until an external source gets through again.
  const egressOutage = verdict ?? openOutage;
  if (verdict === true) {
    const failed = ran.filter((r) => r.status === 'error' && r.networkError).length;
    const opened = await openSystemEvent(ctx.db, {
      kind: 'egress_outage',
      message: `出口网络异常：${failed} 个外部信源无法解析域名或连接，暂不计入信源故障次数`,
      now,
    });
    if (opened) log.error('egress outage', { errorClass: 'egress_outage', sources: failed });
  } else if (verdict === false && openOutage) {
    await closeSystemEvents(ctx.db, 'egress_outage', now);
    log.info('egress recovered', {});
  }

  // A full disk is one fault for the administrator, not a strike against every source it touched.
  if (ran.some((r) => r.status === 'error' && r.error.code === 'storage_full')) {
    const opened = await openSystemEvent(ctx.db, {
      kind: 'storage_full',
      message: '存储空间已满：新抓取的信息无法保存，已保存的数据不受影响。请清理磁盘或扩容。',
      now,
    }).catch(() => false); // the event itself may not fit; the log line below still says it
    log.error('storage full', { errorClass: 'storage_full', alertOpened: opened });
  } else if (ran.some((r) => r.status === 'ok' && r.newItems.length > 0)) {
    // Only a store that wrote rows proves there is room again (a run with nothing new writes little).
    await closeSystemEvents(ctx.db, 'storage_full', now).catch(() => 0);
  }

  const results: SourceRunResult[] = [];
  for (const out of ran) {
    const row = byId.get(out.sourceId);
    if (!row) continue;
    // Bookkeeping for one source must never sink the others' (the database may be busy or full):
    // if it fails, the lease simply expires and the source is fetched again.
    // eslint-disable-next-line no-await-in-loop
    await recordOutcome(ctx, row, out, { now, egressOutage, startedAt: started.get(row.id) ?? now }).catch((e: unknown) =>
      log.error('could not record outcome', {
        sourceId: row.id,
        errorClass: 'internal_error',
        message: e instanceof Error ? e.message.split('\n').slice(-1)[0] : String(e),
      }),
    );
    results.push(
      out.status === 'error'
        ? { source: row.id, status: 'error', fetched: 0, new: 0, duplicates: 0, errorClass: out.error.code, message: out.error.messageZh }
        : {
            source: row.id,
            status: out.status,
            fetched: out.fetched,
            new: out.newItems.length,
            duplicates: out.duplicates,
            errorClass: null,
            message: null,
          },
    );
  }
  return { results, egressOutage };
}

async function recordOutcome(
  ctx: CrawlContext,
  row: SourceRow,
  out: IngestOutcome,
  o: { now: Date; egressOutage: boolean; startedAt: Date },
): Promise<void> {
  if (out.status !== 'error') {
    if (out.status === 'ok') await notePermanentRedirect(ctx.db, row.id, out.permanentRedirectTo);
    return;
  }
  // db_busy / storage_full: the batch never reached the database and the source is not to blame;
  // give it back untouched to retry.
  if (out.error.code === 'db_busy') {
    await releaseLeases(ctx.db, ctx.workerId, [row.id]);
    return;
  }
  // A full disk will not be fixed by refetching every tick: come back after the interval (≤ 15 min).
  if (out.error.code === 'storage_full') {
    const wait = Math.min(row.intervalMinutes, 15) * 60_000;
    await releaseLeases(ctx.db, ctx.workerId, [row.id], new Date(o.now.getTime() + wait));
    return;
  }
  // Not the source's fault: our network is down, or the server asked us to come back later.
  const countStrike = !(o.egressOutage && out.networkError) && !out.error.retryAfterMs;
  const errorCount = row.errorCount + (countStrike ? 1 : 0);
  await recordFailure(ctx.db, {
    sourceId: row.id,
    workerId: ctx.workerId,
    startedAt: o.startedAt,
    finishedAt: o.now,
    errorCode: out.error.code,
    errorMessage: out.error.messageZh,
    httpStatus: out.error.httpStatus,
    nextCheckAt: nextCheckAfterFailure({
      now: o.now,
      intervalMinutes: row.intervalMinutes,
      errorCount,
      retryAfterMs: out.error.retryAfterMs,
    }),
    countStrike,
    failingAfter: FAILING_AFTER,
    debugBody: out.debugBody,
  });
}
