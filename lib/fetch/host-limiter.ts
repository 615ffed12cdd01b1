/**
 * Per-host politeness (budget "per host": 1 request in flight, ≥ 2 s apart) and host-wide back-off:
 * a 429/503 Retry-After on one source makes every source on that host wait (F13). Hosts never wait
 * for each other.
 */
import { CrawlError } from '@/lib/errors';
import type { CrawlErrorCode } from '@/lib/errors';
import { log } from '@/lib/log';
import { MAX_RETRY_AFTER_MS } from './retry-after';
import { FETCH_DEFAULTS } from './types';

export interface HostLimiterOptions {
  /** Minimum gap between the end of one request and the start of the next on the same host. */
  minGapMs?: number;
  /** Per-host gaps replacing minGapMs (lower-case host name → ms), e.g. the local demo server or an own intranet site. */
  gapOverrides?: Readonly<Record<string, number>>;
  /** Clock for the blocked-until bookkeeping (tests). */
  now?: () => number;
}

type Release = () => void;

interface Waiter {
  resolve: (release: Release) => void;
  reject: (e: CrawlError) => void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

interface HostState {
  active: boolean;
  lastEnd: number;
  queue: Waiter[];
  timer?: ReturnType<typeof setTimeout>;
  blockedUntil: number;
  blockCode: CrawlErrorCode;
  blockStatus?: number;
}

function abortError(signal: AbortSignal): CrawlError {
  const r: unknown = signal.reason;
  return r instanceof CrawlError ? r : new CrawlError('timeout', '已取消', { cause: r });
}

export class HostLimiter {
  readonly minGapMs: number;
  private readonly gapOverrides: ReadonlyMap<string, number>;
  private readonly now: () => number;
  private readonly hosts = new Map<string, HostState>();

  constructor(opts: HostLimiterOptions = {}) {
    this.minGapMs = Math.max(0, opts.minGapMs ?? FETCH_DEFAULTS.hostDelayMs);
    this.gapOverrides = new Map(
      Object.entries(opts.gapOverrides ?? {}).map(([h, ms]) => [h.toLowerCase(), Math.max(0, ms)]),
    );
    this.now = opts.now ?? Date.now;
  }

  /**
   * Waits for this host's turn and returns the release function (call it exactly when the request is
   * over). Throws at once if the host is in a Retry-After back-off: the caller reschedules rather than
   * holding a worker for up to 24 h.
   */
  acquire(host: string, signal?: AbortSignal): Promise<Release> {
    const key = host.toLowerCase();
    const st = this.state(key);
    const blocked = this.blockedError(key, st);
    if (blocked) return Promise.reject(blocked);
    if (signal?.aborted) return Promise.reject(abortError(signal));
    return new Promise<Release>((resolve, reject) => {
      const w: Waiter = { resolve, reject, signal };
      if (signal) {
        w.onAbort = () => {
          const i = st.queue.indexOf(w);
          if (i >= 0) st.queue.splice(i, 1);
          reject(abortError(signal));
        };
        signal.addEventListener('abort', w.onAbort, { once: true });
      }
      st.queue.push(w);
      this.pump(key, st);
    });
  }

  /** Runs fn holding the host's slot. */
  async run<T>(host: string, fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const release = await this.acquire(host, signal);
    try {
      return await fn();
    } finally {
      release();
    }
  }

  /** Host-wide back-off from a 429/503 Retry-After; only ever extends, capped at 24 h. */
  block(host: string, retryAfterMs: number, reason: { code?: CrawlErrorCode; httpStatus?: number } = {}): void {
    if (!(retryAfterMs > 0)) return;
    const key = host.toLowerCase();
    const st = this.state(key);
    const until = this.now() + Math.min(retryAfterMs, MAX_RETRY_AFTER_MS);
    if (until <= st.blockedUntil) return;
    st.blockedUntil = until;
    st.blockCode = reason.code ?? 'http_too_many_requests';
    st.blockStatus = reason.httpStatus;
    log.warn('host backing off', { host: key, retryAfterMs, errorClass: st.blockCode });
  }

  /** Remaining back-off for a host in ms (0 when not blocked). */
  blockedForMs(host: string): number {
    const st = this.hosts.get(host.toLowerCase());
    return st ? Math.max(0, st.blockedUntil - this.now()) : 0;
  }

  /** Requests currently holding a slot on this host (0 or 1). */
  inFlight(host: string): number {
    return this.hosts.get(host.toLowerCase())?.active ? 1 : 0;
  }

  private gapFor(host: string): number {
    return this.gapOverrides.get(host) ?? this.minGapMs;
  }

  private blockedError(host: string, st: HostState): CrawlError | undefined {
    const remaining = st.blockedUntil - this.now();
    if (remaining <= 0) return undefined;
    return new CrawlError(st.blockCode, `${host} 要求延后 ${Math.ceil(remaining / 1000)} 秒`, {
      retryAfterMs: remaining,
      httpStatus: st.blockStatus,
    });
  }

  private state(host: string): HostState {
    let st = this.hosts.get(host);
    if (!st) {
      if (this.hosts.size > 1000) this.sweep();
      st = { active: false, lastEnd: -Infinity, queue: [], blockedUntil: 0, blockCode: 'http_too_many_requests' };
      this.hosts.set(host, st);
    }
    return st;
  }

  /** Forgets idle hosts whose gap and back-off are over, so the map stays bounded. */
  private sweep(): void {
    const t = this.now();
    for (const [host, st] of this.hosts) {
      const idle = !st.active && st.queue.length === 0 && !st.timer;
      if (idle && st.blockedUntil <= t && st.lastEnd + this.gapFor(host) <= t) this.hosts.delete(host);
    }
  }

  private pump(host: string, st: HostState): void {
    while (!st.active && !st.timer && st.queue.length > 0) {
      const wait = st.lastEnd + this.gapFor(host) - this.now();
      if (wait > 0) {
        st.timer = setTimeout(() => {
          st.timer = undefined;
          this.pump(host, st);
        }, wait);
        return;
      }
      const w = st.queue.shift();
      if (!w) return;
      if (w.signal && w.onAbort) w.signal.removeEventListener('abort', w.onAbort);
      const blocked = this.blockedError(host, st);
      if (blocked) {
        w.reject(blocked);
        continue;
      }
      st.active = true;
      let released = false;
      w.resolve(() => {
        if (released) return;
        released = true;
        st.active = false;
        st.lastEnd = this.now();
        this.pump(host, st);
      });
    }
  }
}
