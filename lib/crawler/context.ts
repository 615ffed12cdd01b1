/** Builds the crawl context (fetch budgets, politeness, robots) from the configuration. */
import type { AppConfig } from '@/lib/config';
import type { Db } from '@/lib/db';
import { HostLimiter, RobotsCache } from '@/lib/fetch';
import type { CrawlContext } from '@/lib/pipeline/ingest';

export function createCrawlContext(o: {
  cfg: AppConfig;
  db: Db;
  workerId: string;
  now?: () => Date;
  /** Extra allow-listed private hosts (the local demo server). */
  extraAllowPrivate?: string[];
  /** Hosts with their own politeness gap (ms), e.g. the local demo server, which is ours. */
  hostGapOverrides?: Record<string, number>;
}): CrawlContext {
  const c = o.cfg.crawl;
  const fetch = {
    userAgent: c.userAgent,
    allowPrivate: [...c.allowPrivate, ...(o.extraAllowPrivate ?? [])],
    allowPorts: c.allowPorts,
    totalTimeoutMs: c.totalTimeoutMs,
    connectTimeoutMs: c.connectTimeoutMs,
    headerTimeoutMs: c.headerTimeoutMs,
    maxRedirects: c.maxRedirects,
  };
  const hostLimiter = new HostLimiter({ minGapMs: c.hostDelayMs, gapOverrides: o.hostGapOverrides });
  return {
    db: o.db,
    workerId: o.workerId,
    now: o.now ?? (() => new Date()),
    fetch,
    hostLimiter,
    robots: c.respectRobots ? new RobotsCache({ fetch: { ...fetch, hostLimiter } }) : null,
    maxItemsPerFetch: c.maxItemsPerFetch,
    maxBytes: { feed: c.maxFeedBytes, html: c.maxHtmlBytes },
  };
}
