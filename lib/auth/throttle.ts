/**
 * In-memory fixed-window rate limits (TESTPLAN L7, S22): sign-in attempts per client address,
 * expensive actions per user. Kept off the database on purpose, so an attack on the login form does
 * not turn into database writes; lockout (lib/auth/login.ts) is the per-account net behind it.
 * `now` is passed in, so tests need no fake timers.
 */
import { config } from '@/lib/config';
import { clientIpFrom } from '@/lib/audit/context';

export interface LimitDecision {
  allowed: boolean;
  /** Attempts left in this window after this one (0 when refused). */
  remaining: number;
  /** Seconds until the window ends (for Retry-After). */
  retryAfterSec: number;
  /** True only for the first refusal of a key in a window: record it once, not once per request. */
  firstRefusal: boolean;
}

export interface Limiter {
  /** Counts one attempt for `key` and says whether it is allowed. */
  take(key: string, now: Date): LimitDecision;
  /** Gives back one allowed attempt of the current window (a sign-in that succeeded). */
  refund(key: string, now: Date): void;
  /** Forgets a key (tests, or after an administrator's unlock). */
  reset(key: string): void;
  readonly size: number;
}

interface Window {
  start: number;
  count: number;
}

/**
 * A fixed-window counter per key. Keys are capped (`maxKeys`): when full, windows that have ended
 * are swept, and if none has, the oldest key is dropped, so rotating keys cannot exhaust memory.
 */
export function createLimiter(opts: { limit: number; windowMs: number; maxKeys?: number }): Limiter {
  const { limit, windowMs } = opts;
  const maxKeys = opts.maxKeys ?? 50_000;
  if (!Number.isInteger(limit) || limit < 1) throw new Error('limit must be a positive integer');
  if (!(windowMs > 0)) throw new Error('windowMs must be positive');
  const windows = new Map<string, Window>();

  function sweep(t: number): void {
    for (const [k, w] of windows) if (t - w.start >= windowMs) windows.delete(k);
    while (windows.size >= maxKeys) {
      const oldest = windows.keys().next();
      if (oldest.done) break;
      windows.delete(oldest.value);
    }
  }

  return {
    take(key, now) {
      const t = now.getTime();
      let w = windows.get(key);
      if (!w || t - w.start >= windowMs || t < w.start) {
        if (!w && windows.size >= maxKeys) sweep(t);
        w = { start: t, count: 0 };
        windows.delete(key);
        windows.set(key, w);
      }
      w.count += 1;
      const retryAfterSec = Math.max(1, Math.ceil((w.start + windowMs - t) / 1000));
      if (w.count <= limit) return { allowed: true, remaining: limit - w.count, retryAfterSec, firstRefusal: false };
      return { allowed: false, remaining: 0, retryAfterSec, firstRefusal: w.count === limit + 1 };
    },
    refund(key, now) {
      const w = windows.get(key);
      if (w && now.getTime() - w.start < windowMs && w.count > 0 && w.count <= limit) w.count -= 1;
    },
    reset(key) {
      windows.delete(key);
    },
    get size() {
      return windows.size;
    },
  };
}

/**
 * One limiter per name for the whole server process. Next may load a module more than once (one copy
 * per route bundle); the registry on globalThis makes every copy count against the same windows.
 */
export function sharedLimiter(name: string, opts: { limit: number; windowMs: number; maxKeys?: number }): Limiter {
  const g = globalThis as unknown as { __somLimiters?: Map<string, Limiter> };
  g.__somLimiters ??= new Map();
  let l = g.__somLimiters.get(name);
  if (!l) {
    l = createLimiter(opts);
    g.__somLimiters.set(name, l);
  }
  return l;
}

export const LOGIN_LIMIT = { limit: 20, windowMs: 60_000 } as const;

/** The per-minute sign-in limit: AUTH_LOGIN_RATE_PER_MIN, default 20. */
function loginLimitPerMinute(): number {
  return config().auth.loginRatePerMinute;
}
export const THROTTLED_MESSAGE = '请求过于频繁，请稍后再试';

/**
 * Sign-in attempts (password, demo button and TOTP code) per client address: 20 a minute. Successful
 * ones are given back, so a whole office behind one NAT address signing in at nine is not held up;
 * an attacker's guesses all fail and all count.
 */
export function loginLimiter(): Limiter {
  return sharedLimiter('login', { limit: loginLimitPerMinute(), windowMs: LOGIN_LIMIT.windowMs });
}

/** File exports (items, audit log) per account: EXPORT_RATE_PER_MIN a minute, default 5 (TESTPLAN S22). */
export function exportLimiter(): Limiter {
  return sharedLimiter('export', { limit: config().auth.exportRatePerMinute, windowMs: 60_000 });
}

/**
 * Other expensive actions per account (TESTPLAN S22): a source preview fetches from the network on
 * the server; a lexicon change re-analyses every stored item.
 */
export const ACTION_LIMITS = {
  sourcePreview: { limit: 10, windowMs: 60_000 },
  reanalysis: { limit: 5, windowMs: 60_000 },
} as const;

export function actionLimiter(name: keyof typeof ACTION_LIMITS): Limiter {
  return sharedLimiter(name, ACTION_LIMITS[name]);
}

/** The Chinese refusal of a server action over its limit. */
export function throttledMessage(decision: Pick<LimitDecision, 'retryAfterSec'>): string {
  return `${THROTTLED_MESSAGE}（约 ${decision.retryAfterSec} 秒后可再试）`;
}

/**
 * The address to throttle by: the one a trusted reverse proxy reports; otherwise the
 * X-Forwarded-For that Next's own server fills in from the socket when the request had none.
 * Without a trusted proxy a client can send its own X-Forwarded-For, so in production run behind
 * the reverse proxy (which overwrites the header) with TRUST_PROXY=1; the per-account lockout
 * holds either way.
 */
export function throttleKeyFrom(headers: Pick<Headers, 'get'>, trustProxy: boolean): string {
  const trusted = clientIpFrom(headers, trustProxy);
  if (trusted) return trusted;
  const socket = headers.get('x-forwarded-for')?.split(',')[0]?.trim();
  return socket ? socket.slice(0, 64) : 'unknown';
}

/** The 429 answer of a route handler over its limit, in the shared error shape, with Retry-After. */
export function throttledResponse(decision: Pick<LimitDecision, 'retryAfterSec'>): Response {
  return Response.json(
    { error: { code: 'rate_limited', message: THROTTLED_MESSAGE, status: 429 } },
    { status: 429, headers: { 'Retry-After': String(decision.retryAfterSec) } },
  );
}
