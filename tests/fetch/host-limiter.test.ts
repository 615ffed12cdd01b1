/** Per-host politeness and host-wide back-off (budget "per host", F13). */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CrawlError } from '@/lib/errors';
import { HostLimiter, fetchResource } from '@/lib/fetch';
import type { FetchOptions, LookupFn } from '@/lib/fetch';
import { sleep, startServer } from '../helpers/evil-server';
import type { EvilServer } from '../helpers/evil-server';

const UA = 'SafetyOpinionMonitor/0.1 (+test)';

describe('HostLimiter (unit)', () => {
  test('one slot per host, and a gap after each release', async () => {
    const lim = new HostLimiter({ minGapMs: 200 });
    const r1 = await lim.acquire('a.example');
    let second = 0;
    const t0 = performance.now();
    const p2 = lim.acquire('a.example').then((r) => {
      second = performance.now() - t0;
      return r;
    });
    await sleep(100);
    expect(second).toBe(0); // still waiting: the first holds the slot
    expect(lim.inFlight('a.example')).toBe(1);
    r1();
    const r2 = await p2;
    expect(second).toBeGreaterThanOrEqual(100 + 180); // released at ~100 ms, then the 200 ms gap
    r2();
  });

  test('hosts never wait for each other', async () => {
    const lim = new HostLimiter({ minGapMs: 5000 });
    const a = await lim.acquire('a.example');
    const t0 = performance.now();
    const b = await lim.acquire('B.example');
    expect(performance.now() - t0).toBeLessThan(50);
    a();
    b();
  });

  test('a per-host gap override replaces the default gap for that host only', async () => {
    const lim = new HostLimiter({ minGapMs: 5000, gapOverrides: { 'Demo.Local': 0 } });
    const t0 = performance.now();
    for (let i = 0; i < 3; i++) {
       
      (await lim.acquire('demo.local'))();
    }
    expect(performance.now() - t0).toBeLessThan(100);
    (await lim.acquire('other.example'))();
    let second = false;
    void lim.acquire('other.example').then((r) => {
      second = true;
      r();
    });
    await sleep(200);
    expect(second).toBe(false); // still inside the default 5 s gap
  });

  test('release is idempotent', async () => {
    const lim = new HostLimiter({ minGapMs: 0 });
    const r = await lim.acquire('x');
    r();
    r();
    const r2 = await lim.acquire('x');
    const p3 = lim.acquire('x');
    r(); // a stale release must not free the slot now held by r2
    const raced = await Promise.race([p3.then(() => 'acquired'), sleep(50).then(() => 'waiting')]);
    expect(raced).toBe('waiting');
    r2();
    (await p3)();
  });

  test('a blocked host rejects at once with the remaining back-off; others are unaffected', async () => {
    let now = 1_000_000;
    const lim = new HostLimiter({ minGapMs: 0, now: () => now });
    lim.block('a.example', 60_000, { code: 'http_too_many_requests', httpStatus: 429 });
    const err = await lim.acquire('a.example').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CrawlError);
    expect(err).toMatchObject({ code: 'http_too_many_requests', retryAfterMs: 60_000, httpStatus: 429 });
    expect(lim.blockedForMs('a.example')).toBe(60_000);
    (await lim.acquire('b.example'))();
    now += 59_000;
    expect(await lim.acquire('a.example').catch((e: CrawlError) => e.retryAfterMs)).toBe(1000);
    now += 1000;
    (await lim.acquire('a.example'))();
  });

  test('block only extends and is capped at 24 h', () => {
    const now = 0;
    const lim = new HostLimiter({ now: () => now });
    lim.block('h', 10_000);
    lim.block('h', 5_000);
    expect(lim.blockedForMs('h')).toBe(10_000);
    lim.block('h', 7 * 24 * 3600 * 1000);
    expect(lim.blockedForMs('h')).toBe(24 * 3600 * 1000);
  });

  test('waiters queued before a block are rejected when their turn comes', async () => {
    const lim = new HostLimiter({ minGapMs: 0 });
    const r = await lim.acquire('h');
    const waiting = lim.acquire('h');
    lim.block('h', 30_000, { code: 'http_server_error', httpStatus: 503 });
    r();
    await expect(waiting).rejects.toMatchObject({ code: 'http_server_error' });
  });

  test('an aborted waiter leaves the queue', async () => {
    const lim = new HostLimiter({ minGapMs: 0 });
    const r = await lim.acquire('h');
    const ac = new AbortController();
    const aborted = lim.acquire('h', ac.signal);
    const next = lim.acquire('h');
    ac.abort();
    await expect(aborted).rejects.toBeInstanceOf(CrawlError);
    r();
    (await next)();
  });
});

describe('HostLimiter with the fetcher (F13)', () => {
  let s: EvilServer;
  beforeAll(async () => {
    s = await startServer(async (req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path === '/limited') {
        res.writeHead(429, { 'retry-after': '60' });
        res.end();
        return;
      }
      if (path === '/unavailable') {
        res.writeHead(503, { 'retry-after': '30' });
        res.end();
        return;
      }
      if (path === '/hop') {
        res.writeHead(302, { location: '/feed' });
        res.end();
        return;
      }
      if (path === '/to-b') {
        res.writeHead(302, { location: `http://b.test:${s.port}/feed` });
        res.end();
        return;
      }
      await sleep(100); // long enough for overlapping requests to show up in maxInFlight
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end('<rss/>');
    });
  });
  afterAll(async () => s.close());

  // a.test, b.test, c.test, d.test all resolve to the evil server; the limiter keys on the hostname.
  const lookup: LookupFn = (_h, _o, cb) => cb(null, [{ address: '127.0.0.1', family: 4 }]);
  const opts = (hostLimiter: HostLimiter): FetchOptions => ({
    kind: 'feed',
    userAgent: UA,
    allowPrivate: ['a.test', 'b.test', 'c.test', 'd.test'].map((h) => `${h}:${s.port}`),
    lookup,
    hostLimiter,
    retries: 0,
    totalTimeoutMs: 5000,
  });
  const url = (host: string, path: string): string => `http://${host}:${s.port}${path}`;

  test('at most 1 in flight per host, gaps honoured, other hosts not delayed', async () => {
    const lim = new HostLimiter({ minGapMs: 150 });
    const t0 = performance.now();
    const bDone: number[] = [];
    await Promise.all([
      ...Array.from({ length: 5 }, () => fetchResource(url('a.test', '/feed'), opts(lim))),
      ...Array.from({ length: 2 }, () =>
        fetchResource(url('b.test', '/feed'), opts(lim)).then(() => bDone.push(performance.now() - t0)),
      ),
    ]);
    expect(s.maxInFlight.get('a.test')).toBe(1);
    expect(s.maxInFlight.get('b.test')).toBe(1);
    const aReqs = s.requests.filter((r) => r.host === 'a.test');
    expect(aReqs).toHaveLength(5);
    for (let i = 1; i < aReqs.length; i++) {
      const prevEnd = aReqs[i - 1]?.end ?? Infinity;
      expect((aReqs[i]?.start ?? 0) - prevEnd).toBeGreaterThanOrEqual(120);
    }
    // b.test's two requests (100 ms each + one gap) finish long before a.test's five (≥ 5×100 + 4×150 ms).
    expect(Math.max(...bDone)).toBeLessThan(900);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(1000);
  });

  test('a 429 storm: one request reaches the host, the rest back off at once; other hosts continue', async () => {
    const lim = new HostLimiter({ minGapMs: 0 });
    const before = s.requests.filter((r) => r.host === 'c.test').length;
    const first = await fetchResource(url('c.test', '/limited'), opts(lim)).catch((e: unknown) => e);
    expect(first).toMatchObject({ code: 'http_too_many_requests', retryAfterMs: 60_000 });
    const storm = await Promise.all(
      Array.from({ length: 20 }, (_, i) => fetchResource(url('c.test', `/feed?src=${i}`), opts(lim)).catch((e: unknown) => e)),
    );
    for (const e of storm) {
      expect(e).toMatchObject({ code: 'http_too_many_requests' });
      expect((e as CrawlError).retryAfterMs).toBeGreaterThan(55_000);
    }
    expect(s.requests.filter((r) => r.host === 'c.test').length - before).toBe(1);
    const other = await fetchResource(url('d.test', '/feed'), opts(lim));
    expect(other.status).toBe('ok');
  });

  test('503 with Retry-After blocks the host as http_server_error', async () => {
    const lim = new HostLimiter({ minGapMs: 0 });
    await expect(fetchResource(url('a.test', '/unavailable'), opts(lim))).rejects.toMatchObject({
      code: 'http_server_error',
      retryAfterMs: 30_000,
    });
    await expect(fetchResource(url('a.test', '/feed'), opts(lim))).rejects.toMatchObject({ code: 'http_server_error' });
    expect(lim.blockedForMs('a.test')).toBeGreaterThan(25_000);
  });

  test('a same-host redirect keeps its slot instead of waiting a gap; a cross-host hop takes the other host\'s slot', async () => {
    const lim = new HostLimiter({ minGapMs: 2000 });
    const t0 = performance.now();
    const r = await fetchResource(url('b.test', '/hop'), opts(lim));
    expect(r.status).toBe('ok');
    expect(performance.now() - t0).toBeLessThan(1500);
    expect(lim.inFlight('b.test')).toBe(0);
    // b.test was just used: a redirect into it from d.test must wait b.test's gap.
    const t1 = performance.now();
    const viaD = await fetchResource(url('d.test', '/to-b'), opts(lim));
    expect(viaD).toMatchObject({ status: 'ok', url: url('b.test', '/feed') });
    expect(performance.now() - t1).toBeGreaterThanOrEqual(1500);
  });

  test('the politeness wait is not charged to the total deadline', async () => {
    const lim = new HostLimiter({ minGapMs: 1200 });
    await fetchResource(url('d.test', '/feed'), opts(lim));
    const r = await fetchResource(url('d.test', '/feed'), { ...opts(lim), totalTimeoutMs: 800 });
    expect(r.status).toBe('ok');
  });
});
