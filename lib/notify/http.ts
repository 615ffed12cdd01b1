/**
 * One small POST client for notification webhooks.
 *
 *  - one deadline for the whole exchange (connect, headers, body);
 *  - redirects are never followed (a 3xx is returned as is and treated as a permanent error by the
 *    caller), so a webhook key or signed URL is never replayed to another host;
 *  - the response body is read up to `maxBytes` and then dropped;
 *  - default transport is node:http/https with the project SSRF guard in the socket's lookup hook
 *    (lib/fetch/ssrf-guard), so a public hostname that resolves to 10.x/127.x/169.254.x is refused at
 *    connect time, not just when the URL was saved. With `allowPrivate` the guard is off (tests).
 *  - an injected `fetch` (tests, proxies) gets the same deadline, `redirect: 'manual'` and body cap, but
 *    connect-time address checks are then the injected fetch's responsibility.
 */
import http from 'node:http';
import https from 'node:https';
import { effectivePort, guardedLookup } from '@/lib/fetch/ssrf-guard';
import type { LookupFn } from '@/lib/fetch/types';

export interface PostResult {
  status: number;
  body: string;
  /** The body was longer than maxBytes and was cut. */
  truncated: boolean;
}

export type PostErrorKind = 'timeout' | 'network' | 'blocked' | 'tls';

export class PostError extends Error {
  readonly kind: PostErrorKind;
  /** Node/undici error code (ECONNREFUSED …), never a message that could carry a URL. */
  readonly code: string | undefined;
  constructor(kind: PostErrorKind, code?: string) {
    super(`${kind}${code ? ` (${code})` : ''}`);
    this.name = 'PostError';
    this.kind = kind;
    this.code = code;
  }
}

export interface PostOptions {
  timeoutMs: number;
  maxBytes: number;
  allowPrivate: boolean;
  fetch?: typeof fetch;
  /** DNS resolver behind the SSRF guard (tests inject one). */
  lookup?: LookupFn;
}

const TLS_CODES = /CERT|TLS|SSL|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_SSL/i;

function errorCode(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let i = 0; i < 4 && cur && typeof cur === 'object'; i++) {
    const o = cur as { code?: unknown; cause?: unknown; name?: unknown };
    if (typeof o.code === 'string') return o.code;
    if (o.name === 'CrawlError') return 'private_address';
    cur = o.cause;
  }
  return undefined;
}

function classify(e: unknown, timedOut: boolean): PostError {
  if (e instanceof PostError) return e;
  if (timedOut) return new PostError('timeout');
  const code = errorCode(e);
  if (code === 'private_address') return new PostError('blocked', code);
  if (code && TLS_CODES.test(code)) return new PostError('tls', code);
  return new PostError('network', code);
}

export async function postJson(
  url: URL,
  body: string,
  headers: Record<string, string>,
  o: PostOptions,
): Promise<PostResult> {
  const allHeaders: Record<string, string> = {
    'content-type': 'application/json; charset=utf-8',
    accept: 'application/json, */*;q=0.5',
    'user-agent': 'safety-opinion-monitor-notify/1.0',
    ...headers,
  };
  return o.fetch ? viaFetch(o.fetch, url, body, allHeaders, o) : viaNode(url, body, allHeaders, o);
}

async function viaFetch(
  f: typeof fetch,
  url: URL,
  body: string,
  headers: Record<string, string>,
  o: PostOptions,
): Promise<PostResult> {
  const ctrl = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    ctrl.abort();
  }, o.timeoutMs);
  try {
    const res = await f(url.href, { method: 'POST', headers, body, redirect: 'manual', signal: ctrl.signal });
    const chunks: Buffer[] = [];
    let size = 0;
    let truncated = false;
    const reader = res.body?.getReader();
    if (reader) {
      for (;;) {
        // Sequential reads of one stream: the loop is the point.
        // eslint-disable-next-line no-await-in-loop
        const { done, value } = await reader.read();
        if (done) break;
        size += value.byteLength;
        if (size > o.maxBytes) {
          chunks.push(Buffer.from(value.subarray(0, value.byteLength - (size - o.maxBytes))));
          truncated = true;
          // eslint-disable-next-line no-await-in-loop -- leaves the loop right after
          await reader.cancel().catch(() => undefined);
          break;
        }
        chunks.push(Buffer.from(value));
      }
    }
    return { status: res.status, body: Buffer.concat(chunks).toString('utf8'), truncated };
  } catch (e) {
    throw classify(e, timedOut);
  } finally {
    clearTimeout(timer);
  }
}

function viaNode(url: URL, body: string, headers: Record<string, string>, o: PostOptions): Promise<PostResult> {
  return new Promise<PostResult>((resolve, reject) => {
    let timedOut = false;
    let settled = false;
    const payload = Buffer.from(body, 'utf8');
    const port = effectivePort(url);
    const mod = url.protocol === 'https:' ? https : http;
    const req = mod.request(url, {
      method: 'POST',
      headers: { ...headers, 'content-length': String(payload.byteLength) },
      agent: false,
      ...(o.allowPrivate ? {} : { lookup: guardedLookup({ hostname: url.hostname, port, lookup: o.lookup }) }),
      ...(url.protocol === 'https:' ? { minVersion: 'TLSv1.2' as const } : {}),
    });
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const timer = setTimeout(() => {
      timedOut = true;
      req.destroy();
      finish(() => reject(new PostError('timeout')));
    }, o.timeoutMs);
    req.on('error', (e) => finish(() => reject(classify(e, timedOut))));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let truncated = false;
      const done = (): void =>
        finish(() => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), truncated }));
      res.on('data', (c: Buffer) => {
        if (truncated) return;
        size += c.byteLength;
        if (size > o.maxBytes) {
          chunks.push(c.subarray(0, c.byteLength - (size - o.maxBytes)));
          truncated = true;
          done();
          res.destroy();
          return;
        }
        chunks.push(c);
      });
      res.on('end', done);
      res.on('error', (e) => finish(() => reject(classify(e, timedOut))));
      res.on('close', () => {
        if (!res.complete && !truncated) finish(() => reject(classify(new PostError('network', 'ECONNRESET'), timedOut)));
      });
    });
    req.end(payload);
  });
}
