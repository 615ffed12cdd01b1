/**
 * The crawler worker: a separate process from the web server (a hostile feed that eats CPU or
 * memory must not take the dashboard down, TESTPLAN F11/F12). `npm run worker` runs it alone;
 * `npm start` launches and supervises it.
 */
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import cron from 'node-cron';
import { loadConfig } from '@/lib/config';
import type { AppConfig } from '@/lib/config';
import { beat, db, dbPathsForUrl, deleteExpiredSessions, escalateOverdueReplies, refreshAccidentCases, checkAccidentLinks, openSystemEvents, seedPlanLibrary, ensureMigrated, disconnectDb, migrationTarget, prepareSqlite, releaseLeases } from '@/lib/db';
import { createCrawlContext } from '@/lib/crawler/context';
import { runTick } from '@/lib/scheduler/tick';
import { runDigestJobs } from '@/lib/digest/job';
import { AnalysisRunner } from '@/lib/pipeline/analyse';
import { seedAnalysisLexicon } from '@/lib/pipeline/seed';
import { runDetection } from '@/lib/pipeline/detect';
import { deliverDue } from '@/lib/pipeline/deliver';
import { isAuditJobDue, runAuditJob } from '@/lib/pipeline/audit';
import { syncBuiltInSources } from '@/lib/sources/sync';
import { log } from '@/lib/log';
import { catalogue } from './catalogue';
import { demoSources } from '@/demo/feeds';

const HEARTBEAT_MS = 10_000;
const SHUTDOWN_GRACE_MS = 25_000;
/** Analysis time after each tick; a backlog (re-analysis) goes on in further slices between ticks. */
const ANALYSIS_SLICE_MS = 5_000;
/** Early-warning detection runs at most this often (it reads rollups, not items). */
const DETECTION_EVERY_MS = 60_000;

export function demoBaseUrl(cfg: AppConfig): string {
  return `http://127.0.0.1:${cfg.demo.port}`;
}

async function main(): Promise<void> {
  const cfg = loadConfig();
  await ensureMigrated(migrationTarget(cfg.db.url), dbPathsForUrl(cfg.db.url));
  const client = db();
  if (cfg.db.engine === 'sqlite') await prepareSqlite(client);

  const workerId = `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const startedAt = new Date();
  const synced = await syncBuiltInSources(client, {
    catalogue: cfg.crawl.catalogueEnabled ? catalogue : null,
    demo: cfg.demo.enabled ? demoSources(demoBaseUrl(cfg)) : null,
    now: startedAt,
  });
  const seeded = await seedAnalysisLexicon(client, { demo: cfg.demo.enabled });
  // The built-in response plans: added once, never overwriting a press officer's edits.
  await seedPlanLibrary(client);
  log.info('worker started', { workerId, ...synced, lexicon: seeded, demo: cfg.demo.enabled });
  const analysis = new AnalysisRunner(client);

  // The demo server is our own process on loopback: no need to be polite to it, and the whole demo
  // (list pages and their articles) should be in within the first minute.
  const ownHosts = cfg.demo.enabled ? ['127.0.0.1'] : [];
  const ctx = createCrawlContext({
    cfg,
    db: client,
    workerId,
    extraAllowPrivate: cfg.demo.enabled ? [`127.0.0.1:${cfg.demo.port}`] : [],
    hostGapOverrides: Object.fromEntries(ownHosts.map((h) => [h, 0])),
  });
  const stop = new AbortController();
  // At most one tick at a time: a slow tick (sources waiting on a polite host) must not be joined
  // by another, or the concurrency limit multiplies and shutdown cannot know what is in flight.
  let inFlight: Promise<void> | null = null;
  let lastStats: unknown;

  const tick = async (): Promise<void> => {
    if (stop.signal.aborted) return;
    const t0 = Date.now();
    try {
      const r = await runTick(ctx, {
        limit: cfg.crawl.concurrency * 2,
        concurrency: cfg.crawl.concurrency,
        leaseMs: cfg.crawl.leaseMs,
        perHostLimit: 2,
        perHostExempt: ownHosts,
        excludeOrigins: ['cli'],
        signal: stop.signal,
      });
      if (r.results.length) {
        lastStats = {
          sources: r.results.length,
          errors: r.results.filter((x) => x.status === 'error').length,
          new: r.results.reduce((n, x) => n + x.new, 0),
          egressOutage: r.egressOutage,
          durationMs: Date.now() - t0,
        };
        log.info('tick', lastStats as Record<string, unknown>);
        await beat(client, { id: workerId, pid: process.pid, host: os.hostname(), startedAt, now: new Date(), state: 'running', tickStats: lastStats });
      }
    } catch (e) {
      log.error('tick failed', { errorClass: 'internal_error', message: e instanceof Error ? e.message : String(e) });
    }
    await analyse();
    await warn();
  };
  let lastDetection = 0;
  // Detection after the tick's analysis, so a new accident is judged in the same minute; then the
  // notification outbox, whose retries are due on their own clock.
  const warn = async (): Promise<void> => {
    if (stop.signal.aborted) return;
    try {
      if (Date.now() - lastDetection >= DETECTION_EVERY_MS) {
        lastDetection = Date.now();
        const r = await runDetection(client, new Date(), { isDemo: cfg.demo.enabled });
        if (r.notified.length) log.info('alerts', { notified: r.notified.length, findings: r.findings.length });
      }
      // 待回应 past their due time and still waiting: marked escalated once, audited.
      const replies = await escalateOverdueReplies(client, new Date());
      if (replies.escalated.length) log.warn('replies escalated', { tasks: replies.escalated });
      const d = await deliverDue(client, {
        now: () => new Date(),
        baseUrl: cfg.notify.baseUrl,
        allowPrivate: cfg.notify.allowPrivate,
        timeoutMs: cfg.notify.timeoutMs,
        deadline: Date.now() + 20_000,
      });
      if (d.sent || d.failed || d.retrying) log.info('notifications', { ...d });
    } catch (e) {
      log.error('warning failed', { errorClass: 'internal_error', message: e instanceof Error ? e.message : String(e) });
    }
    await auditJob();
    await sessionSweep();
    await digestJob();
    await accidentRefresh();
  };
  // 事故信息公开 duties fall overdue with the calendar, not with a write: recount them hourly so the
  // ledger's list is right without anyone touching a case.
  let lastAccidentRefresh = 0;
  const accidentRefresh = async (): Promise<void> => {
    if (stop.signal.aborted || Date.now() - lastAccidentRefresh < 3_600_000) return;
    lastAccidentRefresh = Date.now();
    try {
      const r = await refreshAccidentCases(client, new Date());
      if (r.updated) log.info('accident cases', { ...r });
      // Published addresses are re-checked once a day each (公开是长期的，严禁撤回), but not while the
      // crawler sees an egress outage: an unreachable network is not a withdrawn report. This runs
      // inside the tick, so it gets one minute an hour: what is left is checked in the next hours.
      if ((await openSystemEvents(client)).some((e) => e.kind === 'egress_outage')) return;
      const links = await checkAccidentLinks(client, new Date(), {
        fetch: {
          userAgent: cfg.crawl.userAgent,
          allowPrivate: cfg.crawl.allowPrivate,
          allowPorts: cfg.crawl.allowPorts,
          connectTimeoutMs: cfg.crawl.connectTimeoutMs,
          headerTimeoutMs: cfg.crawl.headerTimeoutMs,
          maxRedirects: cfg.crawl.maxRedirects,
        },
        deadlineMs: 60_000,
        maxUrls: 200,
        signal: stop.signal,
      });
      if (links.gone.length || links.recorded.gone || links.recorded.restored) log.warn('accident links', { goneUrls: links.gone.length, changes: links.recorded });
    } catch (e) {
      log.error('accident refresh failed', { errorClass: 'internal_error', message: e instanceof Error ? e.message : String(e) });
    }
  };
  // The daily digest once its time has passed (idempotent across restarts and workers), then the
  // digest emails that are due, retried with backoff: checked once a minute at most.
  let lastDigestCheck = 0;
  const digestJob = async (): Promise<void> => {
    if (stop.signal.aborted || Date.now() - lastDigestCheck < 60_000) return;
    lastDigestCheck = Date.now();
    try {
      const r = await runDigestJobs(client, new Date());
      if (r.generated !== null || r.sent || r.retrying || r.failed) log.info('digest', { ...r });
    } catch (e) {
      log.error('digest job failed', { errorClass: 'internal_error', message: e instanceof Error ? e.message : String(e) });
    }
  };
  // Expired and idle sessions are deleted, not merely ignored (MLPS 8.1.4.10a): once a minute at most.
  let lastSweep = 0;
  const sessionSweep = async (): Promise<void> => {
    if (stop.signal.aborted || Date.now() - lastSweep < 60_000) return;
    lastSweep = Date.now();
    try {
      const removed = await deleteExpiredSessions(client, new Date());
      if (removed) log.info('sessions expired', { removed });
    } catch (e) {
      log.error('session sweep failed', { errorClass: 'internal_error', message: e instanceof Error ? e.message : String(e) });
    }
  };
  // Daily: audit retention and the hash-chain check (due by the last recorded check, so restarts don't skip it).
  const auditJob = async (): Promise<void> => {
    if (stop.signal.aborted) return;
    try {
      const now = new Date();
      if (!(await isAuditJobDue(client, now))) return;
      const r = await runAuditJob(client, { now, retentionDays: cfg.audit.retentionDays });
      const summary = { deleted: r.deleted, checked: r.verification.checked, broken: r.verification.broken, disabledAccounts: r.disabledAccounts };
      if (r.verification.ok) log.info('audit check', summary);
      else log.error('audit chain broken', summary);
    } catch (e) {
      log.error('audit job failed', { errorClass: 'internal_error', message: e instanceof Error ? e.message : String(e) });
    }
  };
  let analysisTimer: NodeJS.Timeout | null = null;
  // New items are analysed right after the tick that stored them; a re-analysis backlog continues
  // in slices while no tick runs, so the crawler never waits long behind it.
  const analyse = async (): Promise<void> => {
    if (stop.signal.aborted) return;
    try {
      const r = await analysis.catchUp(Date.now() + ANALYSIS_SLICE_MS);
      if (r.analysed || r.failed) log.info('analysis', { ...r });
      if (r.remaining !== 0 && !stop.signal.aborted && !analysisTimer) {
        analysisTimer = setTimeout(() => {
          analysisTimer = null;
          if (inFlight || stop.signal.aborted) return;
          inFlight = analyse().finally(() => {
            inFlight = null;
          });
        }, 200);
      }
    } catch (e) {
      log.error('analysis failed', { errorClass: 'internal_error', message: e instanceof Error ? e.message : String(e) });
    }
  };
  const runGuarded = (): Promise<void> => {
    if (inFlight || stop.signal.aborted) return inFlight ?? Promise.resolve();
    inFlight = tick().finally(() => {
      inFlight = null;
    });
    return inFlight;
  };

  const heartbeat = async (state: string): Promise<void> => {
    try {
      await beat(client, { id: workerId, pid: process.pid, host: os.hostname(), startedAt, now: new Date(), state });
    } catch (e) {
      log.warn('heartbeat failed', { message: e instanceof Error ? e.message : String(e) });
    }
  };
  await heartbeat('running');
  const beatTimer = setInterval(() => void heartbeat('running'), HEARTBEAT_MS);
  const task = cron.schedule(cfg.crawl.tickCron, runGuarded, {
    timezone: cfg.crawl.timezone,
    noOverlap: true,
    name: 'crawl-tick',
  });
  void runGuarded();

  const shutdown = async (signal: string): Promise<void> => {
    if (stop.signal.aborted) return;
    log.info('worker stopping', { signal, workerId });
    stop.abort();
    if (analysisTimer) clearTimeout(analysisTimer);
    await task.stop();
    clearInterval(beatTimer);
    const grace = new Promise((r) => setTimeout(r, SHUTDOWN_GRACE_MS).unref());
    await Promise.race([inFlight ?? Promise.resolve(), grace]);
    await releaseLeases(client, workerId).catch(() => undefined);
    await heartbeat('stopped');
    await disconnectDb();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((e: unknown) => {
  log.error('worker failed to start', { message: e instanceof Error ? e.message : String(e) });
  process.exit(1);
});
