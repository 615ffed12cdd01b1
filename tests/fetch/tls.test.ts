/** TLS (B42) and the https→http downgrade (B32), against local HTTPS servers with throw-away certificates. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CrawlError } from '@/lib/errors';
import { fetchResource } from '@/lib/fetch';
import type { FetchOptions, LookupFn } from '@/lib/fetch';
import { makeCert, startServer } from '../helpers/evil-server';
import type { EvilServer } from '../helpers/evil-server';

const UA = 'SafetyOpinionMonitor/0.1 (+test)';

let good: { key: string; cert: string };
let wrongName: { key: string; cert: string };
let expired: { key: string; cert: string };
let tlsServer: EvilServer;
let mismatchServer: EvilServer;
let expiredServer: EvilServer;
let plain: EvilServer;

beforeAll(async () => {
  good = makeCert('IP:127.0.0.1,DNS:feed.test', 'feed.test');
  wrongName = makeCert('DNS:other.test', 'other.test');
  expired = makeCert('IP:127.0.0.1', 'expired.test', { expired: true });
  plain = await startServer((req, res) => {
    if (req.url === '/up') {
      res.writeHead(301, { location: tlsServer.url('/feed') });
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('plain http');
  });
  tlsServer = await startServer(
    (req, res) => {
      if (req.url === '/down') {
        res.writeHead(302, { location: plain.url('/feed') });
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end('<rss/>');
    },
    { tls: good },
  );
  mismatchServer = await startServer(
    (_req, res) => {
      res.writeHead(200);
      res.end('should never be read');
    },
    { tls: wrongName },
  );
  expiredServer = await startServer(
    (_req, res) => {
      res.writeHead(200);
      res.end('should never be read');
    },
    { tls: expired },
  );
});

afterAll(async () => {
  await Promise.all([tlsServer.close(), mismatchServer.close(), expiredServer.close(), plain.close()]);
});

const opts = (extra: Partial<FetchOptions> = {}): FetchOptions => ({
  kind: 'feed',
  userAgent: UA,
  allowPrivate: [tlsServer.allow, mismatchServer.allow, expiredServer.allow, plain.allow],
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

describe('TLS (B42)', () => {
  test('a self-signed certificate is tls_error, and no request is ever sent', async () => {
    const before = tlsServer.requests.length;
    expect(await codeOf(fetchResource(tlsServer.url('/feed'), opts()))).toBe('tls_error');
    expect(tlsServer.requests.length).toBe(before);
  });

  test('the same server works once its certificate is an explicit trust anchor', async () => {
    const r = await fetchResource(tlsServer.url('/feed'), opts({ ca: good.cert }));
    expect(r.status === 'ok' && r.body.toString()).toBe('<rss/>');
  });

  test('SNI hostname is verified (via an injected resolver)', async () => {
    const lookup: LookupFn = (_h, _o, cb) => cb(null, [{ address: '127.0.0.1', family: 4 }]);
    const r = await fetchResource(`https://feed.test:${tlsServer.port}/feed`, {
      ...opts({ ca: good.cert, lookup }),
      allowPrivate: [`feed.test:${tlsServer.port}`],
    });
    expect(r.status).toBe('ok');
  });

  test('hostname mismatch is tls_error even with the certificate trusted', async () => {
    const err = await fetchResource(mismatchServer.url('/'), opts({ ca: wrongName.cert })).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'tls_error' });
    expect((err as CrawlError).message).toMatch(/ALTNAME|altname|IP: 127\.0\.0\.1/i);
    expect(mismatchServer.requests.length).toBe(0);
  });

  test('an expired certificate is tls_error even with the certificate trusted', async () => {
    const err = await fetchResource(expiredServer.url('/'), opts({ ca: expired.cert })).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'tls_error' });
    expect((err as CrawlError).message).toMatch(/EXPIRED/i);
    expect(expiredServer.requests.length).toBe(0);
  });

  test('https:// to a plain-HTTP port is tls_error', async () => {
    expect(await codeOf(fetchResource(`https://127.0.0.1:${plain.port}/`, opts()))).toBe('tls_error');
  });

  test('tls_error is not retried into an insecure fallback', async () => {
    const before = plain.requests.length;
    expect(await codeOf(fetchResource(tlsServer.url('/feed'), opts({ retries: 2, retryDelayMs: 10 })))).toBe('tls_error');
    expect(plain.requests.length).toBe(before);
  });
});

describe('redirect scheme changes (B32)', () => {
  test('https → http downgrade is insecure_redirect and the http target is never contacted', async () => {
    const before = plain.requests.length;
    expect(await codeOf(fetchResource(tlsServer.url('/down'), opts({ ca: good.cert })))).toBe('insecure_redirect');
    expect(plain.requests.length).toBe(before);
  });

  test('http → https upgrade is followed', async () => {
    const r = await fetchResource(plain.url('/up'), opts({ ca: good.cert }));
    expect(r).toMatchObject({ status: 'ok', url: tlsServer.url('/feed'), permanentRedirectTo: tlsServer.url('/feed') });
  });
});
