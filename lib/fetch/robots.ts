/**
 * robots.txt for HTML sources (B47, RFC 9309): fetched through the same hardened fetcher and host
 * limiter, cached per origin. 4xx = no rules (allow); 5xx/unreachable = assume disallow (skip) but
 * re-check sooner; files are read up to 512 KiB (≥ the 500 KiB RFC minimum) and parsed, not rejected.
 */
import { CrawlError, NETWORK_ERROR_CODES, isCrawlError } from '@/lib/errors';
import { log } from '@/lib/log';
import { fetchResource } from './fetch-resource';
import { RobotsTxt } from './robots-parser';
import type { FetchOptions, FetchResult } from './types';

export type RobotsReason = 'allowed' | 'disallowed' | 'unavailable' | 'unreachable';

export interface RobotsDecision {
  allowed: boolean;
  /** unavailable: 4xx, no rules apply; unreachable: 5xx/network error, skipped for now. */
  reason: RobotsReason;
  /** For 'unreachable': why robots.txt could not be read (a network error here is the page's fate too). */
  cause?: CrawlError;
}

export interface RobotsCacheOptions {
  /** Fetch settings shared with page fetches (userAgent, allowPrivate, hostLimiter, timeouts…). */
  fetch: Omit<FetchOptions, 'kind' | 'etag' | 'lastModified'>;
  /** How long a fetched (or 4xx) robots.txt is trusted. RFC 9309: not more than 24 h. */
  ttlMs?: number;
  /** How long "unreachable" is remembered before trying again. */
  errorTtlMs?: number;
  now?: () => number;
  /** Injected in tests; defaults to fetchResource. */
  fetcher?: (url: string, opts: FetchOptions) => Promise<FetchResult>;
}

type Entry =
  | { state: 'rules'; robots: RobotsTxt; expires: number }
  | { state: 'unavailable'; expires: number }
  | { state: 'unreachable'; expires: number; cause?: CrawlError };

const DAY_MS = 24 * 60 * 60 * 1000;
const NETWORK_ERROR_TTL_MS = 5 * 60 * 1000;
const MAX_ENTRIES = 5000;

export class RobotsCache {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<Entry>>();
  private readonly ttlMs: number;
  private readonly errorTtlMs: number;
  private readonly now: () => number;
  private readonly fetcher: (url: string, opts: FetchOptions) => Promise<FetchResult>;

  constructor(private readonly opts: RobotsCacheOptions) {
    this.ttlMs = opts.ttlMs ?? DAY_MS;
    this.errorTtlMs = opts.errorTtlMs ?? 60 * 60 * 1000;
    this.now = opts.now ?? Date.now;
    this.fetcher = opts.fetcher ?? fetchResource;
  }

  async isAllowed(url: string, userAgent: string = this.opts.fetch.userAgent): Promise<boolean> {
    return (await this.check(url, userAgent)).allowed;
  }

  async check(url: string, userAgent: string = this.opts.fetch.userAgent): Promise<RobotsDecision> {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      throw new CrawlError('invalid_url', url.slice(0, 200));
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new CrawlError('scheme_not_allowed', u.protocol);
    const entry = await this.entryFor(u.origin);
    if (entry.state === 'unavailable') return { allowed: true, reason: 'unavailable' };
    if (entry.state === 'unreachable') return { allowed: false, reason: 'unreachable', cause: entry.cause };
    const allowed = entry.robots.isAllowed(u.pathname + u.search, userAgent);
    return { allowed, reason: allowed ? 'allowed' : 'disallowed' };
  }

  /** Drops cached entries (all, or one origin). */
  clear(origin?: string): void {
    if (origin === undefined) this.entries.clear();
    else this.entries.delete(origin);
  }

  private entryFor(origin: string): Promise<Entry> {
    const cached = this.entries.get(origin);
    if (cached && cached.expires > this.now()) return Promise.resolve(cached);
    const inflight = this.pending.get(origin);
    if (inflight) return inflight;
    const p = this.load(origin).then((entry) => {
      if (this.entries.size >= MAX_ENTRIES) this.evictExpired();
      this.entries.set(origin, entry);
      return entry;
    });
    this.pending.set(origin, p);
    return p.finally(() => this.pending.delete(origin));
  }

  private evictExpired(): void {
    const t = this.now();
    for (const [k, e] of this.entries) if (e.expires <= t) this.entries.delete(k);
    // Still full: drop the oldest insertions (Map keeps insertion order).
    for (const k of this.entries.keys()) {
      if (this.entries.size < MAX_ENTRIES) break;
      this.entries.delete(k);
    }
  }

  private async load(origin: string): Promise<Entry> {
    const url = `${origin}/robots.txt`;
    try {
      const r = await this.fetcher(url, { ...this.opts.fetch, kind: 'robots' });
      if (r.status !== 'ok') return { state: 'unavailable', expires: this.now() + this.ttlMs };
      let text = r.body.toString('utf8');
      // Cut at the cap: a half line could turn "Disallow: /private" into "Disallow: /p".
      if (r.truncatedAtCap) text = text.slice(0, Math.max(0, text.lastIndexOf('\n')));
      return { state: 'rules', robots: RobotsTxt.parse(text), expires: this.now() + this.ttlMs };
    } catch (e) {
      const err = isCrawlError(e) ? e : undefined;
      const status = err?.httpStatus;
      const noFile =
        err !== undefined &&
        (err.code === 'http_not_found' ||
          err.code === 'http_forbidden' ||
          err.code === 'empty_response' ||
          // RFC 9309 §2.3.1.2: more than five redirects may be treated as unavailable.
          err.code === 'too_many_redirects' ||
          (err.code === 'http_error' && status !== undefined && status >= 400 && status < 500));
      if (noFile) return { state: 'unavailable', expires: this.now() + this.ttlMs };
      log.info('robots.txt unreachable, skipping host for now', { url, errorClass: err?.code ?? 'internal_error' });
      // A network failure is usually ours (egress outage): look again soon rather than in an hour.
      const ttl = err?.retryAfterMs
        ? Math.min(this.errorTtlMs, Math.max(err.retryAfterMs, 60_000))
        : err && NETWORK_ERROR_CODES.has(err.code)
          ? Math.min(this.errorTtlMs, NETWORK_ERROR_TTL_MS)
          : this.errorTtlMs;
      return { state: 'unreachable', expires: this.now() + ttl, cause: err };
    }
  }
}
