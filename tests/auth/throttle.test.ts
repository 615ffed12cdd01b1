/** TESTPLAN L7/S22: the fixed-window limiter behind the sign-in throttle and expensive actions. */
import { describe, expect, test } from 'vitest';
import { LOGIN_LIMIT, createLimiter, loginLimiter, sharedLimiter, throttleKeyFrom, throttledResponse } from '@/lib/auth/throttle';

const T0 = new Date('2026-11-25T02:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

describe('createLimiter', () => {
  test('allows `limit` per window per key, refuses the rest, and opens again when the window ends', () => {
    const l = createLimiter({ limit: 20, windowMs: 60_000 });
    const decisions = Array.from({ length: 25 }, (_, i) => l.take('10.0.0.1', at(i * 100)));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(20);
    expect(decisions.slice(20).every((d) => !d.allowed && d.remaining === 0)).toBe(true);
    expect(decisions.map((d) => d.firstRefusal)).toEqual([...Array(20).fill(false), true, false, false, false, false]);
    expect(decisions[20]!.retryAfterSec).toBe(58);
    // Another address is not affected.
    expect(l.take('10.0.0.2', at(3000)).allowed).toBe(true);
    // The window is fixed from its first attempt: one millisecond before its end still refused, at its end open.
    expect(l.take('10.0.0.1', at(59_999)).allowed).toBe(false);
    expect(l.take('10.0.0.1', at(60_000))).toMatchObject({ allowed: true, remaining: 19 });
  });

  test('a clock that goes back starts a new window instead of refusing for ever', () => {
    const l = createLimiter({ limit: 1, windowMs: 60_000 });
    expect(l.take('k', at(10_000)).allowed).toBe(true);
    expect(l.take('k', at(10_001)).allowed).toBe(false);
    expect(l.take('k', at(0)).allowed).toBe(true);
  });

  test('rotating keys cannot grow memory past maxKeys', () => {
    const l = createLimiter({ limit: 5, windowMs: 60_000, maxKeys: 100 });
    for (let i = 0; i < 1000; i += 1) l.take(`ip-${i}`, at(i));
    expect(l.size).toBeLessThanOrEqual(100);
    expect(l.take('ip-999', at(1000)).remaining).toBe(3); // recent keys kept their count
  });

  test('refund gives back one attempt of the current window (successful sign-ins do not count)', () => {
    const l = createLimiter({ limit: 2, windowMs: 60_000 });
    l.take('k', at(0));
    l.refund('k', at(1));
    l.take('k', at(2));
    expect(l.take('k', at(3)).allowed).toBe(true);
    expect(l.take('k', at(4)).allowed).toBe(false);
    l.refund('k', at(5)); // a refused attempt is not given back
    expect(l.take('k', at(6)).allowed).toBe(false);
    l.refund('other', at(7)); // unknown key: nothing happens
    expect(l.size).toBe(1);
  });

  test('reset forgets a key; bad settings are refused', () => {
    const l = createLimiter({ limit: 1, windowMs: 1000 });
    l.take('k', T0);
    expect(l.take('k', T0).allowed).toBe(false);
    l.reset('k');
    expect(l.take('k', T0).allowed).toBe(true);
    expect(() => createLimiter({ limit: 0, windowMs: 1000 })).toThrow();
    expect(() => createLimiter({ limit: 1, windowMs: 0 })).toThrow();
  });
});

test('one shared limiter per name for the process (every module copy counts together)', () => {
  expect(sharedLimiter('test-x', { limit: 2, windowMs: 1000 })).toBe(sharedLimiter('test-x', { limit: 2, windowMs: 1000 }));
  expect(loginLimiter()).toBe(loginLimiter());
  expect(LOGIN_LIMIT).toEqual({ limit: 20, windowMs: 60_000 });
});

describe('throttleKeyFrom', () => {
  const h = (o: Record<string, string>) => new Headers(o);
  test('uses the trusted proxy address when the proxy is trusted', () => {
    expect(throttleKeyFrom(h({ 'x-real-ip': '203.0.113.9', 'x-forwarded-for': '1.1.1.1' }), true)).toBe('203.0.113.9');
  });
  test("otherwise the address Next's server put in X-Forwarded-For, else 'unknown'", () => {
    expect(throttleKeyFrom(h({ 'x-forwarded-for': '127.0.0.1' }), false)).toBe('127.0.0.1');
    expect(throttleKeyFrom(h({ 'x-real-ip': '203.0.113.9', 'x-forwarded-for': '::1' }), false)).toBe('::1');
    expect(throttleKeyFrom(h({}), false)).toBe('unknown');
  });
});

test('route handlers answer 429 in Chinese with Retry-After', async () => {
  const l = createLimiter({ limit: 1, windowMs: 60_000 });
  l.take('u', T0);
  const d = l.take('u', at(15_000));
  const r = throttledResponse(d);
  expect(r.status).toBe(429);
  expect(r.headers.get('retry-after')).toBe('45');
  expect(await r.json()).toEqual({ error: { code: 'rate_limited', message: '请求过于频繁，请稍后再试', status: 429 } });
});
