import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { CrawlError } from '@/lib/errors';
import { fetchResource } from '@/lib/fetch';
import type { FetchOptions } from '@/lib/fetch';
import { startServer, startTcpServer } from '../helpers/evil-server';
import type { EvilServer } from '../helpers/evil-server';

const UA = 'SafetyOpinionMonitor/0.1 (+test)';
const FEED = '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>应急管理部</title></channel></rss>';
const ETAG = '"v1-abc"';
const LAST_MODIFIED = 'Sun, 01 Mar 2026 08:10:00 GMT'; // server clock ahead of ours is fine (F10)

let s: EvilServer;
let redirectHits = 0;

beforeAll(async () => {
  s = await startServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    const q = u.searchParams;
    switch (u.pathname) {
      case '/feed':
        res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag: ETAG, 'last-modified': LAST_MODIFIED });
        res.end(FEED);
        return;
      case '/gbk': // bytes pass through untouched: charset decoding is another module's job
        res.writeHead(200, { 'content-type': 'text/html; charset=gbk' });
        res.end(Buffer.from([0xb0, 0xb2, 0xc8, 0xab])); // 安全 in GBK
        return;
      case '/encoded': {
        const enc = q.get('e') ?? '';
        const body = Buffer.from(FEED);
        const data =
          enc === 'gzip' ? gzipSync(body)
          : enc === 'gzip, gzip' ? gzipSync(gzipSync(body))
          : enc === 'br' ? brotliCompressSync(body)
          : enc === 'deflate' ? deflateSync(body)
          : enc === 'deflate-raw' ? deflateRawSync(body)
          : body;
        res.writeHead(200, { 'content-encoding': enc === 'deflate-raw' ? 'deflate' : enc, 'content-length': data.length });
        res.end(data);
        return;
      }
      case '/bad-encoding': {
        const e = q.get('e') ?? 'gzip';
        res.writeHead(200, { 'content-encoding': e });
        res.end(e === 'br' ? Buffer.from([0xff, 0xff, 0xff, 0xff, 0x00, 0x01]) : 'this is not compressed at all');
        return;
      }
      case '/conditional': {
        const inm = req.headers['if-none-match'];
        const ims = req.headers['if-modified-since'];
        if (inm === ETAG || ims === LAST_MODIFIED) {
          res.writeHead(304, { etag: ETAG });
          res.end();
          return;
        }
        res.writeHead(200, { etag: ETAG, 'last-modified': LAST_MODIFIED });
        res.end(FEED);
        return;
      }
      case '/always304':
        res.writeHead(304);
        res.end();
        return;
      case '/status': {
        const code = Number(q.get('code'));
        const headers: Record<string, string> = {};
        const ra = q.get('ra');
        if (ra !== null) headers['retry-after'] = ra;
        res.writeHead(code, headers);
        res.end(code === 204 || code === 304 ? undefined : 'error page');
        return;
      }
      case '/empty':
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        res.end();
        return;
      case '/hop': {
        // /hop?n=3&code=301 → 3 more redirects, then the feed
        redirectHits++;
        const n = Number(q.get('n'));
        const code = Number(q.get('code') ?? '302');
        const next = n > 0 ? `/hop?n=${n - 1}&code=${code}` : '/feed';
        res.writeHead(code, { location: next });
        res.end();
        return;
      }
      case '/mixed': // 301 → 302 → 301 → feed: only the first hop is a permanent move
        res.writeHead(301, { location: '/mixed2' });
        res.end();
        return;
      case '/mixed2':
        res.writeHead(302, { location: '/mixed3' });
        res.end();
        return;
      case '/mixed3':
        res.writeHead(301, { location: '/feed' });
        res.end();
        return;
      case '/loopA':
        redirectHits++;
        res.writeHead(302, { location: '/loopB' });
        res.end();
        return;
      case '/loopB':
        redirectHits++;
        res.writeHead(302, { location: '/loopA' });
        res.end();
        return;
      case '/self':
        res.writeHead(301, { location: s.url('/self#frag') });
        res.end();
        return;
      case '/nolocation':
        res.writeHead(302);
        res.end();
        return;
      default:
        res.writeHead(404);
        res.end('not found');
    }
  });
});
afterAll(async () => s.close());

const opts = (extra: Partial<FetchOptions> = {}): FetchOptions => ({
  kind: 'feed',
  userAgent: UA,
  allowPrivate: [s.allow],
  retries: 0,
  totalTimeoutMs: 5000,
  ...extra,
});

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    return e instanceof CrawlError ? e.code : `not a CrawlError: ${String(e)}`;
  }
}

describe('happy path', () => {
  test('returns body, headers and the server validators verbatim', async () => {
    const r = await fetchResource(s.url('/feed'), opts());
    expect(r.status).toBe('ok');
    if (r.status !== 'ok') return;
    expect(r.httpStatus).toBe(200);
    expect(r.body.toString('utf8')).toBe(FEED);
    expect(r.contentType).toBe('application/rss+xml; charset=utf-8');
    expect(r.etag).toBe(ETAG);
    expect(r.lastModified).toBe(LAST_MODIFIED);
    expect(r.url).toBe(s.url('/feed'));
    expect(r.requestedUrl).toBe(s.url('/feed'));
    expect(r.headers['content-type']).toBe('application/rss+xml; charset=utf-8');
    expect(r.permanentRedirectTo).toBeUndefined();
    expect(r.durationMs).toBeGreaterThanOrEqual(0);
  });

  test('sends a clear User-Agent, Accept per kind and Accept-Encoding', async () => {
    await fetchResource(s.url('/feed'), opts());
    const feedReq = s.requests.at(-1);
    expect(feedReq?.headers['user-agent']).toBe(UA);
    expect(feedReq?.headers.accept).toContain('application/rss+xml');
    expect(feedReq?.headers['accept-encoding']).toBe('gzip, deflate, br');
    expect(feedReq?.headers['if-none-match']).toBeUndefined();
    await fetchResource(s.url('/feed'), opts({ kind: 'html' }));
    expect(s.requests.at(-1)?.headers.accept).toMatch(/^text\/html/);
  });

  test('body bytes are not charset-decoded', async () => {
    const r = await fetchResource(s.url('/gbk'), opts({ kind: 'html' }));
    expect(r.status === 'ok' && [...r.body]).toEqual([0xb0, 0xb2, 0xc8, 0xab]);
  });

  test.each(['gzip', 'gzip, gzip', 'br', 'deflate', 'deflate-raw', 'identity'])('Content-Encoding %s is decoded', async (e) => {
    const r = await fetchResource(s.url(`/encoded?e=${encodeURIComponent(e)}`), opts());
    expect(r.status === 'ok' && r.body.toString('utf8')).toBe(FEED);
  });
});

describe('broken encodings', () => {
  test.each([
    ['gzip', 'http_error'],
    ['deflate', 'http_error'],
    ['br', 'http_error'],
    ['zstd', 'http_error'], // not advertised in Accept-Encoding, so not decoded either
    ['gzip, gzip, gzip, gzip', 'too_large'], // stacking layers only serves bombs
  ])('Content-Encoding %s with a bad body → %s', async (e, code) => {
    const err = await fetchResource(s.url(`/bad-encoding?e=${encodeURIComponent(e)}`), opts()).catch((x: unknown) => x);
    expect(err).toBeInstanceOf(CrawlError);
    expect((err as CrawlError).code).toBe(code);
  });
});

describe('conditional GET (F9, F10, B40)', () => {
  test('sends stored validators verbatim and maps 304 to not_modified', async () => {
    const r = await fetchResource(s.url('/conditional'), opts({ etag: ETAG, lastModified: LAST_MODIFIED }));
    expect(r).toMatchObject({ status: 'not_modified', httpStatus: 304, etag: ETAG, lastModified: LAST_MODIFIED });
    const seen = s.requests.at(-1);
    expect(seen?.headers['if-none-match']).toBe(ETAG);
    expect(seen?.headers['if-modified-since']).toBe(LAST_MODIFIED);
  });

  test('Last-Modified alone works, even when it is "in the future" for our clock', async () => {
    const r = await fetchResource(s.url('/conditional'), opts({ lastModified: LAST_MODIFIED }));
    expect(r.status).toBe('not_modified');
  });

  test('a stale validator gets the full body and the new validators', async () => {
    const r = await fetchResource(s.url('/conditional'), opts({ etag: '"old"' }));
    expect(r).toMatchObject({ status: 'ok', etag: ETAG, lastModified: LAST_MODIFIED });
  });

  test('304 to a request without validators is unexpected_not_modified', async () => {
    expect(await codeOf(fetchResource(s.url('/always304'), opts()))).toBe('unexpected_not_modified');
    expect(await codeOf(fetchResource(s.url('/always304'), opts({ etag: null, lastModified: null })))).toBe(
      'unexpected_not_modified',
    );
  });

  test('validators with CR/LF are not sent (header injection)', async () => {
    const r = await fetchResource(s.url('/conditional'), opts({ etag: '"x"\r\nX-Evil: 1' }));
    expect(r.status).toBe('ok');
    expect(s.requests.at(-1)?.headers['x-evil']).toBeUndefined();
  });
});

describe('HTTP status mapping', () => {
  test.each([
    [404, 'http_not_found'],
    [410, 'http_not_found'],
    [401, 'http_forbidden'],
    [403, 'http_forbidden'],
    [400, 'http_error'],
    [418, 'http_error'],
    [500, 'http_server_error'],
    [502, 'http_server_error'],
    [503, 'http_server_error'],
    [204, 'empty_response'],
    [205, 'empty_response'],
    [300, 'http_error'],
  ])('%i → %s', async (code, expected) => {
    const err = await fetchResource(s.url(`/status?code=${code}`), opts()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CrawlError);
    expect(err).toMatchObject({ code: expected, httpStatus: code });
  });

  test('B41: 429 with Retry-After seconds', async () => {
    const err = await fetchResource(s.url('/status?code=429&ra=3600'), opts()).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'http_too_many_requests', retryAfterMs: 3_600_000, httpStatus: 429 });
  });

  test('B41: 429 with an HTTP date', async () => {
    const at = new Date(Date.now() + 120_000).toUTCString();
    const err = (await fetchResource(s.url(`/status?code=429&ra=${encodeURIComponent(at)}`), opts()).catch(
      (e: unknown) => e,
    )) as CrawlError;
    expect(err.code).toBe('http_too_many_requests');
    expect(err.retryAfterMs).toBeGreaterThan(100_000);
    expect(err.retryAfterMs).toBeLessThanOrEqual(120_000);
  });

  test('B41: 429 with a garbage Retry-After, and one above 24 h', async () => {
    const garbage = (await fetchResource(s.url('/status?code=429&ra=soon'), opts()).catch((e: unknown) => e)) as CrawlError;
    expect(garbage.code).toBe('http_too_many_requests');
    expect(garbage.retryAfterMs).toBeUndefined();
    const huge = (await fetchResource(s.url('/status?code=429&ra=9999999'), opts()).catch((e: unknown) => e)) as CrawlError;
    expect(huge.retryAfterMs).toBe(24 * 3600 * 1000);
  });

  test('B41: 503 with Retry-After is http_server_error with retryAfterMs', async () => {
    const err = await fetchResource(s.url('/status?code=503&ra=120'), opts()).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'http_server_error', retryAfterMs: 120_000, httpStatus: 503 });
  });

  test('4xx is never retried', async () => {
    const before = s.requests.length;
    await codeOf(fetchResource(s.url('/status?code=404'), opts({ retries: 2, retryDelayMs: 10 })));
    expect(s.requests.length - before).toBe(1);
  });

  test('errors carry a Chinese message', async () => {
    const err = (await fetchResource(s.url('/status?code=404'), opts()).catch((e: unknown) => e)) as CrawlError;
    expect(err.messageZh).toContain('页面不存在');
  });
});

describe('empty and truncated bodies (B39)', () => {
  test('200 with an empty body', async () => {
    expect(await codeOf(fetchResource(s.url('/empty'), opts()))).toBe('empty_response');
  });

  test('body shorter than Content-Length is truncated (and retried as a read error)', async () => {
    const raw = await startTcpServer((sock) => {
      sock.once('data', () => {
        sock.write('HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: 1000\r\n\r\n<rss>only part');
        setTimeout(() => sock.end(), 20);
      });
    });
    try {
      const err = await fetchResource(raw.url('/'), opts({ allowPrivate: [raw.allow], retries: 1, retryDelayMs: 10 })).catch(
        (e: unknown) => e,
      );
      expect(err).toMatchObject({ code: 'truncated' });
      expect(raw.connections()).toBe(2);
    } finally {
      await raw.close();
    }
  });

  test('chunked body cut mid-stream is truncated', async () => {
    const raw = await startTcpServer((sock) => {
      sock.once('data', () => {
        sock.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n');
        setTimeout(() => sock.destroy(), 20);
      });
    });
    try {
      expect(await codeOf(fetchResource(raw.url('/'), opts({ allowPrivate: [raw.allow] })))).toBe('truncated');
    } finally {
      await raw.close();
    }
  });

  test('a malformed HTTP response is http_error', async () => {
    const raw = await startTcpServer((sock) => {
      sock.once('data', () => sock.end('SSH-2.0-OpenSSH_9.6\r\n'));
    });
    try {
      expect(await codeOf(fetchResource(raw.url('/'), opts({ allowPrivate: [raw.allow] })))).toBe('http_error');
    } finally {
      await raw.close();
    }
  });

  test('connection refused is connect_error, retried with back-off', async () => {
    const raw = await startTcpServer(() => undefined);
    const { url, allow } = raw;
    await raw.close();
    const t0 = performance.now();
    const err = await fetchResource(url('/'), opts({ allowPrivate: [allow], retries: 2, retryDelayMs: 100 })).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code: 'connect_error' });
    // Two retries: ~100 ms then ~200 ms (±20 %) of back-off.
    expect(performance.now() - t0).toBeGreaterThanOrEqual(230);
  });
});

describe('redirects (B32, B33)', () => {
  test('follows up to 5 hops', async () => {
    const r = await fetchResource(s.url('/hop?n=4'), opts());
    expect(r).toMatchObject({ status: 'ok', url: s.url('/feed'), requestedUrl: s.url('/hop?n=4') });
    expect(r.status === 'ok' && r.permanentRedirectTo).toBeUndefined(); // 302s never move the source
  });

  test('a chain of 6 hops is too_many_redirects', async () => {
    expect(await codeOf(fetchResource(s.url('/hop?n=5'), opts()))).toBe('too_many_redirects');
  });

  test('maxRedirects is configurable', async () => {
    expect(await codeOf(fetchResource(s.url('/hop?n=1'), opts({ maxRedirects: 1 })))).toBe('too_many_redirects');
    expect(await codeOf(fetchResource(s.url('/hop?n=0'), opts({ maxRedirects: 1 })))).toBe('ok');
  });

  test('a loop A→B→A is detected before the hop limit', async () => {
    redirectHits = 0;
    expect(await codeOf(fetchResource(s.url('/loopA'), opts()))).toBe('too_many_redirects');
    expect(redirectHits).toBe(2);
  });

  test('a self-redirect (ignoring the fragment) is a loop', async () => {
    expect(await codeOf(fetchResource(s.url('/self'), opts()))).toBe('too_many_redirects');
  });

  test('301/308 chains report permanentRedirectTo', async () => {
    const r301 = await fetchResource(s.url('/hop?n=1&code=301'), opts());
    expect(r301.status === 'ok' && r301.permanentRedirectTo).toBe(s.url('/feed'));
    const r308 = await fetchResource(s.url('/hop?n=0&code=308'), opts());
    expect(r308.status === 'ok' && r308.permanentRedirectTo).toBe(s.url('/feed'));
  });

  test('a permanent move followed by a temporary one reports only the permanent part', async () => {
    const r = await fetchResource(s.url('/mixed'), opts());
    expect(r).toMatchObject({ status: 'ok', url: s.url('/feed'), permanentRedirectTo: s.url('/mixed2') });
  });

  test('conditional GET still works through a redirect', async () => {
    const r = await fetchResource(s.url('/hop?n=0&code=301'), opts({ etag: '"nope"' }));
    expect(r.status).toBe('ok');
    expect(s.requests.at(-1)?.headers['if-none-match']).toBe('"nope"');
  });

  test('3xx without Location is http_error', async () => {
    expect(await codeOf(fetchResource(s.url('/nolocation'), opts()))).toBe('http_error');
  });
});

describe('cancellation', () => {
  test('an aborted signal rejects with a CrawlError', async () => {
    const ac = new AbortController();
    ac.abort();
    expect(await codeOf(fetchResource(s.url('/feed'), opts({ signal: ac.signal })))).toBe('timeout');
  });
});
