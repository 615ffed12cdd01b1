/**
 * Size and time budgets (B8–B15). Bombs are generated while streaming; nothing big is allocated
 * up front and nothing is committed. Timeouts are shrunk so the suite never waits 20 s.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { Transform } from 'node:stream';
import { constants as zc, createBrotliCompress, createGzip, gzipSync } from 'node:zlib';
import { CrawlError } from '@/lib/errors';
import { fetchResource } from '@/lib/fetch';
import type { FetchOptions, LookupFn } from '@/lib/fetch';
import { startServer, startTcpServer } from '../helpers/evil-server';
import type { EvilServer } from '../helpers/evil-server';

const UA = 'SafetyOpinionMonitor/0.1 (+test)';
const MiB = 1024 * 1024;
const ZEROS = Buffer.alloc(64 * 1024);
/** Hex text: gzip shrinks it only ~2×, so the decoded-size cap (not the ratio rule) must stop it. */
const TEXT = Buffer.from(randomBytes(32 * 1024).toString('hex'));

/** One gzip member = 16 MiB of zeros in ~16 KiB; members concatenate, so 64 of them are a 1 GiB bomb. */
const GZIP_16M = gzipSync(Buffer.alloc(16 * MiB));
/** gzip(gzip): one outer member that inflates to 64 inner members = 1 GiB, a few hundred bytes on the wire. */
const GZIP_GZIP_1G = gzipSync(Buffer.concat(Array.from({ length: 64 }, () => GZIP_16M)));

/** Bytes the server actually put on the wire per path (to prove we stopped early). */
const wireBytes = new Map<string, number>();

/** Writes `block` up to `total` bytes (Infinity = forever) through the encoders into res, honouring back-pressure. */
function stream(res: ServerResponse, path: string, block: Buffer, total: number, encoders: Transform[]): void {
  let sent = 0;
  let wire = 0;
  const head: NodeJS.WritableStream = encoders[0] ?? res;
  let prev: NodeJS.ReadableStream | undefined;
  for (const e of encoders) {
    if (prev) prev.pipe(e);
    prev = e;
  }
  const last = encoders.at(-1);
  if (last) {
    last.on('data', (d: Buffer) => {
      wire += d.length;
      wireBytes.set(path, wire);
    });
    last.pipe(res);
  }
  let closed = false;
  res.on('close', () => {
    closed = true;
    for (const e of encoders) e.destroy();
  });
  const pump = (): void => {
    while (!closed && sent < total) {
      sent += block.length;
      if (!last) wireBytes.set(path, sent);
      if (!head.write(block)) {
        (head as NodeJS.WritableStream & NodeJS.EventEmitter).once('drain', pump);
        return;
      }
    }
    if (!closed) head.end();
  };
  pump();
}

let s: EvilServer;

beforeAll(async () => {
  s = await startServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const h = (extra: Record<string, string | number> = {}): void => {
      res.writeHead(200, { 'content-type': 'application/rss+xml', ...extra });
    };
    switch (path) {
      case '/gzip-bomb': // B8: 1 GiB of zeros, ~1 MiB on the wire
        h({ 'content-encoding': 'gzip' });
        return stream(res, path, GZIP_16M, GZIP_16M.length * 64, []);
      case '/brotli-bomb': // B9
        h({ 'content-encoding': 'br' });
        return stream(res, path, ZEROS, 1024 * MiB, [
          createBrotliCompress({ params: { [zc.BROTLI_PARAM_QUALITY]: 4 } }),
        ]);
      case '/double-gzip-bomb': // B9: Content-Encoding: gzip, gzip
        h({ 'content-encoding': 'gzip, gzip' });
        return stream(res, path, GZIP_GZIP_1G, GZIP_GZIP_1G.length, []);
      case '/gzip-text': // 50 MB that compresses only ~2×: must stop at the decoded cap
        h({ 'content-encoding': 'gzip' });
        return stream(res, path, TEXT, 50 * MiB, [createGzip({ level: 1 })]);
      case '/big-declared': // B10: truthful Content-Length, refused from the header
        h({ 'content-length': 50 * 1000 * 1000 });
        return stream(res, path, TEXT, 50 * 1000 * 1000, []);
      case '/big-chunked': // B11: 50 MB, no Content-Length
        h();
        return stream(res, path, TEXT, 50 * MiB, []);
      case '/endless': // B12: fast infinite stream
        h();
        return stream(res, path, TEXT, Infinity, []);
      case '/endless-slow': { // B12 below the cap: the deadline ends it
        h();
        const t = setInterval(() => res.write(TEXT.subarray(0, 1024)), 50);
        res.on('close', () => clearInterval(t));
        return;
      }
      case '/slowloris': { // B13: headers, then one byte at a time
        h();
        res.flushHeaders();
        const t = setInterval(() => res.write('<'), 200);
        res.on('close', () => clearInterval(t));
        return;
      }
      case '/slow-redirect': // deadline spans hops
        setTimeout(() => {
          res.writeHead(302, { location: '/slowloris' });
          res.end();
        }, 400);
        return;
      default:
        res.writeHead(404);
        res.end();
    }
  });
});
afterAll(async () => s.close());

const opts = (extra: Partial<FetchOptions> = {}): FetchOptions => ({
  kind: 'feed',
  userAgent: UA,
  allowPrivate: [s.allow],
  retries: 0,
  totalTimeoutMs: 15_000,
  ...extra,
});

async function timed(p: Promise<unknown>): Promise<{ err: CrawlError | undefined; ms: number; value: unknown }> {
  const t0 = performance.now();
  try {
    const value = await p;
    return { err: undefined, ms: performance.now() - t0, value };
  } catch (e) {
    if (!(e instanceof CrawlError)) throw e;
    return { err: e, ms: performance.now() - t0, value: undefined };
  }
}

/** Samples RSS while `p` runs; returns the peak growth in MiB. */
async function peakRssGrowth<T>(p: () => Promise<T>): Promise<{ result: Awaited<T> | CrawlError; growthMiB: number }> {
  const base = process.memoryUsage().rss;
  let peak = base;
  const t = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  try {
    const result = await p().catch((e: unknown) => {
      if (e instanceof CrawlError) return e;
      throw e;
    });
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, growthMiB: (peak - base) / MiB };
  } finally {
    clearInterval(t);
  }
}

describe('decompression bombs (B8, B9)', () => {
  test.each(['/gzip-bomb', '/brotli-bomb', '/double-gzip-bomb'])('%s aborts as too_large with bounded memory', async (path) => {
    const { result, growthMiB } = await peakRssGrowth(() => fetchResource(s.url(path), opts()));
    expect(result).toBeInstanceOf(CrawlError);
    expect((result as CrawlError).code).toBe('too_large');
    // The ratio rule fires after ~1 MiB decoded; well under the 10 MiB cap, far under 1 GiB.
    expect((result as CrawlError).message).toMatch(/压缩炸弹|解码后超过/);
    expect(wireBytes.get(path) ?? 0).toBeLessThan(16 * MiB);
    expect(growthMiB).toBeLessThan(64);
  });

  test('the ratio rule alone stops a bomb even when the cap is far away', async () => {
    const { err } = await timed(fetchResource(s.url('/gzip-bomb'), opts({ maxBytes: 512 * MiB })));
    expect(err?.code).toBe('too_large');
    expect(err?.message).toContain('压缩炸弹');
  });

  test('moderately compressible data stops at the decoded cap (10 MiB feed default)', async () => {
    const { err } = await timed(fetchResource(s.url('/gzip-text'), opts()));
    expect(err?.code).toBe('too_large');
    expect(err?.message).toContain(`解码后超过 ${10 * MiB}`);
    // Stopped long before the 50 MB (≈25 MB compressed) were sent.
    expect(wireBytes.get('/gzip-text') ?? 0).toBeLessThan(20 * MiB);
  });

  test('html kind has the 5 MiB cap; maxBytes is configurable', async () => {
    const html = await timed(fetchResource(s.url('/gzip-text'), opts({ kind: 'html' })));
    expect(html.err?.message).toContain(`解码后超过 ${5 * MiB}`);
    const small = await timed(fetchResource(s.url('/gzip-text'), opts({ maxBytes: 256 * 1024 })));
    expect(small.err?.message).toContain(`解码后超过 ${256 * 1024}`);
  });
});

describe('size limits (B10, B11, B12)', () => {
  test('B10: Content-Length above the cap is refused before reading', async () => {
    const { err, ms } = await timed(fetchResource(s.url('/big-declared'), opts()));
    expect(err?.code).toBe('too_large');
    expect(err?.message).toContain('Content-Length');
    expect(ms).toBeLessThan(3000);
  });

  test('B11: 50 MB chunked without Content-Length stops at 10 MiB', async () => {
    const { err } = await timed(fetchResource(s.url('/big-chunked'), opts()));
    expect(err?.code).toBe('too_large');
    expect(wireBytes.get('/big-chunked') ?? 0).toBeLessThan(40 * MiB);
  });

  test('B12: an endless fast stream stops at the cap', async () => {
    const { err, ms } = await timed(fetchResource(s.url('/endless'), opts()));
    expect(err?.code).toBe('too_large');
    expect(ms).toBeLessThan(10_000);
  });

  test('B12: an endless slow stream (below the cap) is ended by the total deadline', async () => {
    const { err, ms } = await timed(fetchResource(s.url('/endless-slow'), opts({ totalTimeoutMs: 1000 })));
    expect(err?.code).toBe('timeout');
    expect(ms).toBeGreaterThanOrEqual(900);
    expect(ms).toBeLessThan(3000);
  });
});

describe('timeouts (B13, B14, B15)', () => {
  test('B13: slowloris body ends at the total deadline, not a body idle timeout', async () => {
    const { err, ms } = await timed(fetchResource(s.url('/slowloris'), opts({ totalTimeoutMs: 1500, headerTimeoutMs: 500 })));
    expect(err?.code).toBe('timeout');
    // Headers arrived at once, so the header timeout (500 ms) must not be what ended it.
    expect(ms).toBeGreaterThanOrEqual(1400);
    expect(ms).toBeLessThan(3000);
  });

  test('the total deadline spans redirect hops', async () => {
    const { err, ms } = await timed(fetchResource(s.url('/slow-redirect'), opts({ totalTimeoutMs: 1200 })));
    expect(err?.code).toBe('timeout');
    expect(ms).toBeLessThan(2500);
  });

  test('B14: TCP accepted, headers never sent → timeout at the header timeout', async () => {
    const raw = await startTcpServer((sock) => sock.on('data', () => undefined));
    try {
      const { err, ms } = await timed(
        fetchResource(raw.url('/'), opts({ allowPrivate: [raw.allow], headerTimeoutMs: 500, totalTimeoutMs: 5000 })),
      );
      expect(err?.code).toBe('timeout');
      expect(ms).toBeGreaterThanOrEqual(450);
      expect(ms).toBeLessThan(2500);
    } finally {
      await raw.close();
    }
  });

  test('headers dribbled byte by byte are still bounded by the header timeout', async () => {
    const raw = await startTcpServer((sock) => {
      const head = 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Pad: ' + 'a'.repeat(200);
      let i = 0;
      const t = setInterval(() => (i < head.length ? sock.write(head[i++] ?? '') : clearInterval(t)), 50);
      sock.on('close', () => clearInterval(t));
    });
    try {
      const { err, ms } = await timed(
        fetchResource(raw.url('/'), opts({ allowPrivate: [raw.allow], headerTimeoutMs: 600, totalTimeoutMs: 5000 })),
      );
      expect(err?.code).toBe('timeout');
      expect(ms).toBeLessThan(2500);
    } finally {
      await raw.close();
    }
  });

  // B15: a true black hole (SYN dropped) needs a firewall; this sandbox even answers SYNs to 10.255.255.1.
  // A resolver that never answers exercises the same connect-phase timer deterministically.
  test('B15: connect timeout covers a resolve/connect that never completes (and is retried)', async () => {
    let calls = 0;
    const lookup: LookupFn = () => {
      calls++; // never calls back
    };
    const { err, ms } = await timed(
      fetchResource('http://hang.test/', opts({ lookup, connectTimeoutMs: 300, retries: 1, retryDelayMs: 50 })),
    );
    expect(err?.code).toBe('connect_timeout');
    expect(calls).toBe(2);
    expect(ms).toBeGreaterThanOrEqual(550);
    expect(ms).toBeLessThan(3000);
  });

  test('the total deadline hitting before any connection is reported as connect_timeout (egress detection)', async () => {
    const lookup: LookupFn = () => undefined; // never answers
    const { err, ms } = await timed(
      fetchResource('http://hang.test/', opts({ lookup, connectTimeoutMs: 5000, totalTimeoutMs: 400, retries: 0 })),
    );
    expect(err?.code).toBe('connect_timeout');
    expect(ms).toBeLessThan(2000);
  });

  test('retries never outlive the total deadline', async () => {
    const raw = await startTcpServer(() => undefined);
    const { url, allow } = raw;
    await raw.close(); // connection refused from now on
    const { err, ms } = await timed(
      fetchResource(url('/'), opts({ allowPrivate: [allow], retries: 5, retryDelayMs: 5000, totalTimeoutMs: 800 })),
    );
    expect(err?.code).toBe('timeout');
    expect(ms).toBeLessThan(2500);
  });
});
