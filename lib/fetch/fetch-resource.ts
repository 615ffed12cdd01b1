/**
 * The one hardened HTTP fetcher. node:http/https directly (not undici) because we need the connect-time
 * lookup hook for the SSRF guard and our own connect/header/total deadlines (undici's 300 s body
 * timeout must never apply, B13).
 */
import http from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import https from 'node:https';
import { rootCertificates } from 'node:tls';
import type { Socket } from 'node:net';
import { CrawlError } from '@/lib/errors';
import { log } from '@/lib/log';
import { readBody } from './body';
import { parseRetryAfter } from './retry-after';
import { assertUrlAllowed, effectivePort, guardedLookup } from './ssrf-guard';
import { FETCH_DEFAULTS } from './types';
import type { FetchKind, FetchOptions, FetchResult } from './types';

const ACCEPT: Record<FetchKind, string> = {
  feed: 'application/rss+xml, application/atom+xml, application/feed+json;q=0.9, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5',
  html: 'text/html, application/xhtml+xml;q=0.9, */*;q=0.5',
  robots: 'text/plain, */*;q=0.5',
};

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const PERMANENT_STATUSES = new Set([301, 308]);
/** Header values Node would refuse (CR/LF injection from a stored validator). */
const SAFE_HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

type Resolved = Required<
  Pick<
    FetchOptions,
    'totalTimeoutMs' | 'connectTimeoutMs' | 'headerTimeoutMs' | 'maxBytes' | 'maxRedirects' | 'retries' | 'retryDelayMs' | 'truncateOversize'
  >
> &
  FetchOptions;

type Outcome =
  | { type: 'redirect'; status: number; location: string }
  | { type: 'not_modified'; headers: Record<string, string> }
  | { type: 'ok'; status: number; headers: Record<string, string>; body: Buffer; truncatedAtCap: boolean };

/** Errors worth another try inside the same attempt: connect and read failures only (never HTTP 4xx). */
const retryable = new WeakSet<CrawlError>();

function resolveOptions(o: FetchOptions): Resolved {
  return {
    ...o,
    totalTimeoutMs: o.totalTimeoutMs ?? FETCH_DEFAULTS.totalTimeoutMs,
    connectTimeoutMs: o.connectTimeoutMs ?? FETCH_DEFAULTS.connectTimeoutMs,
    headerTimeoutMs: o.headerTimeoutMs ?? FETCH_DEFAULTS.headerTimeoutMs,
    maxBytes: o.maxBytes ?? FETCH_DEFAULTS.maxBytes[o.kind],
    maxRedirects: o.maxRedirects ?? FETCH_DEFAULTS.maxRedirects,
    retries: Math.max(0, o.retries ?? FETCH_DEFAULTS.retries),
    retryDelayMs: o.retryDelayMs ?? FETCH_DEFAULTS.retryDelayMs,
    truncateOversize: o.truncateOversize ?? o.kind === 'robots',
  };
}

function lowerHeaders(h: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) {
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

function requestHeaders(o: Resolved): OutgoingHttpHeaders {
  const h: OutgoingHttpHeaders = {
    'user-agent': o.userAgent,
    accept: ACCEPT[o.kind],
    'accept-language': 'zh-CN,zh;q=0.9,en;q=0.5',
    'accept-encoding': 'gzip, deflate, br',
    connection: 'close',
  };
  if (o.etag && SAFE_HEADER_VALUE.test(o.etag)) h['if-none-match'] = o.etag;
  if (o.lastModified && SAFE_HEADER_VALUE.test(o.lastModified)) h['if-modified-since'] = o.lastModified;
  return h;
}

function abortReason(signal: AbortSignal): CrawlError {
  const r: unknown = signal.reason;
  return r instanceof CrawlError ? r : new CrawlError('timeout', '已取消', { cause: r });
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(abortReason(signal));
    const onAbort = (): void => {
      clearTimeout(t);
      reject(abortReason(signal));
    };
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

const TLS_CODE = /CERT|SSL|TLS|SELF_SIGNED|DEPTH_ZERO|UNABLE_TO_|HOSTNAME|ALTNAME|ERR_OSSL/i;
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'EAI_NODATA', 'ENODATA', 'ESERVFAIL']);

/** Maps a socket/request error to a typed error, from the phase it happened in. */
function classifyRequestError(e: unknown, phase: { https: boolean; tcpConnected: boolean; tlsDone: boolean }): CrawlError {
  if (e instanceof CrawlError) return e;
  const err = e as NodeJS.ErrnoException;
  const code = typeof err?.code === 'string' ? err.code : '';
  // Node messages usually repeat the code ("getaddrinfo ENOTFOUND host"): say it once.
  const message = err?.message ?? '';
  const detail = (code && message.includes(code) ? message : `${code || 'error'} ${message}`).trim().slice(0, 200);
  let out: CrawlError;
  if (DNS_CODES.has(code)) {
    out = new CrawlError('dns_error', detail, { cause: e });
    if (code === 'EAI_AGAIN') retryable.add(out); // resolver hiccup, not "no such host"
    return out;
  }
  if (code.startsWith('HPE_')) return new CrawlError('http_error', `响应格式错误 ${detail}`, { cause: e });
  if (phase.https && (TLS_CODE.test(code) || (phase.tcpConnected && !phase.tlsDone))) {
    return new CrawlError('tls_error', detail, { cause: e });
  }
  out = new CrawlError('connect_error', phase.tcpConnected ? `连接被对方关闭 ${detail}` : detail, { cause: e });
  retryable.add(out);
  return out;
}

function statusError(status: number, headers: Record<string, string>): CrawlError {
  const retryAfterMs = status === 429 || status === 503 ? parseRetryAfter(headers['retry-after'], new Date()) : undefined;
  const extra = { httpStatus: status, retryAfterMs };
  if (status === 401 || status === 403) return new CrawlError('http_forbidden', String(status), extra);
  if (status === 404 || status === 410) return new CrawlError('http_not_found', String(status), extra);
  if (status === 429) return new CrawlError('http_too_many_requests', undefined, extra);
  if (status >= 500) return new CrawlError('http_server_error', String(status), extra);
  return new CrawlError('http_error', String(status), extra);
}

function parseContentLength(v: string | undefined): number | undefined {
  if (v === undefined || !/^\s*\d+\s*$/.test(v)) return undefined;
  return Number(v);
}

/** One request/response exchange, body included; no retries, no redirects. */
function requestOnce(url: URL, o: Resolved, headers: OutgoingHttpHeaders, signal: AbortSignal): Promise<Outcome> {
  return new Promise<Outcome>((resolve, reject) => {
    const isHttps = url.protocol === 'https:';
    const phase = { https: isHttps, tcpConnected: false, tlsDone: false };
    let settled = false;
    let headerTimer: ReturnType<typeof setTimeout> | undefined;
    let response: IncomingMessage | undefined;

    const cleanup = (): void => {
      clearTimeout(connectTimer);
      clearTimeout(headerTimer);
      signal.removeEventListener('abort', onAbort);
    };
    // The first cause wins: a deadline that destroys the socket must not be reported as "reset".
    const fail = (e: CrawlError): void => {
      if (settled) return;
      settled = true;
      cleanup();
      response?.destroy();
      req.destroy();
      reject(e);
    };
    const succeed = (v: Outcome): void => {
      if (settled) return;
      settled = true;
      cleanup();
      resolve(v);
    };
    // The overall deadline hitting before any TCP connection is a connect failure (black-holed
    // network, dropped SYNs): report it as such so the egress-outage detector can count it.
    const onAbort = (): void => {
      const reason = abortReason(signal);
      fail(reason.code === 'timeout' && !phase.tcpConnected ? new CrawlError('connect_timeout', '总时限内未能建立连接', { cause: reason }) : reason);
    };

    const hostname = url.hostname.replace(/^\[|\]$/g, '');
    const port = effectivePort(url);
    const mod = isHttps ? https : http;
    const req = mod.request({
      protocol: url.protocol,
      host: hostname,
      port,
      path: `${url.pathname}${url.search}`,
      method: 'GET',
      headers,
      agent: false,
      lookup: guardedLookup({ hostname, port, allowPrivate: o.allowPrivate, lookup: o.lookup }),
      ...(isHttps
        ? {
            rejectUnauthorized: true,
            minVersion: 'TLSv1.2' as const,
            ...(o.ca ? { ca: [...rootCertificates, ...(Array.isArray(o.ca) ? o.ca : [o.ca])] } : {}),
          }
        : {}),
    });

    const connectTimer = setTimeout(
      () => fail(retryableError(new CrawlError('connect_timeout', `${o.connectTimeoutMs} ms`))),
      o.connectTimeoutMs,
    );
    const onConnect = (): void => {
      phase.tcpConnected = true;
      clearTimeout(connectTimer);
      headerTimer = setTimeout(
        () => fail(new CrawlError('timeout', `${o.headerTimeoutMs} ms 内未收到响应头`)),
        o.headerTimeoutMs,
      );
    };
    req.on('socket', (s: Socket) => {
      if (s.connecting) s.once('connect', onConnect);
      else onConnect();
      s.once('secureConnect', () => {
        phase.tlsDone = true;
      });
    });
    req.on('error', (e) => fail(classifyRequestError(e, phase)));
    req.on('response', (res) => {
      response = res;
      clearTimeout(headerTimer);
      handleResponse(res, o).then(succeed, (e: unknown) => fail(classifyBodyError(e, res)));
    });
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    req.end();
  });
}

function retryableError(e: CrawlError): CrawlError {
  retryable.add(e);
  return e;
}

function classifyBodyError(e: unknown, res: IncomingMessage): CrawlError {
  if (e instanceof CrawlError) return e;
  const err = e as NodeJS.ErrnoException;
  const code = typeof err?.code === 'string' ? err.code : '';
  if (code.startsWith('HPE_')) return new CrawlError('http_error', `响应格式错误 ${code}`, { cause: e });
  // zlib codes are Z_*; brotli's are ERR__ERROR_FORMAT_* and friends.
  if (code.startsWith('Z_') || code.startsWith('ERR__') || code.startsWith('ERR_BROTLI')) {
    return new CrawlError('http_error', `解压失败 ${code}`, { cause: e });
  }
  // The connection ended before the body did: a read error (retryable), reported as truncated.
  const expected = parseContentLength(lowerHeaders(res.headers)['content-length']);
  return retryableError(
    new CrawlError('truncated', expected !== undefined ? `Content-Length ${expected}` : '连接在响应体结束前关闭', {
      cause: e,
      httpStatus: res.statusCode,
    }),
  );
}

async function handleResponse(res: IncomingMessage, o: Resolved): Promise<Outcome> {
  const status = res.statusCode ?? 0;
  const headers = lowerHeaders(res.headers);
  if (REDIRECT_STATUSES.has(status) && headers.location) {
    res.destroy();
    return { type: 'redirect', status, location: headers.location };
  }
  if (status === 304) {
    res.destroy();
    return { type: 'not_modified', headers };
  }
  if (status < 200 || status >= 300) {
    res.destroy();
    throw statusError(status, headers);
  }
  if (status === 204 || status === 205) {
    res.destroy();
    throw new CrawlError('empty_response', String(status), { httpStatus: status });
  }
  const contentLength = parseContentLength(headers['content-length']);
  // B10: refuse from the header before reading a byte (robots.txt reads a prefix instead).
  if (contentLength !== undefined && contentLength > o.maxBytes && !o.truncateOversize) {
    res.destroy();
    throw new CrawlError('too_large', `Content-Length ${contentLength} > ${o.maxBytes}`, { httpStatus: status });
  }
  const read = await readBody(res, headers['content-encoding'], {
    maxBytes: o.maxBytes,
    truncateOversize: o.truncateOversize,
    maxRatio: FETCH_DEFAULTS.maxRatio,
    ratioMinBytes: FETCH_DEFAULTS.ratioMinBytes,
  });
  if (!read.truncatedAtCap && contentLength !== undefined && read.encodedBytes < contentLength) {
    throw retryableError(new CrawlError('truncated', `${read.encodedBytes}/${contentLength}`, { httpStatus: status }));
  }
  if (read.body.length === 0) throw new CrawlError('empty_response', String(status), { httpStatus: status });
  return { type: 'ok', status, headers, body: read.body, truncatedAtCap: read.truncatedAtCap };
}

async function requestWithRetries(url: URL, o: Resolved, headers: OutgoingHttpHeaders, signal: AbortSignal): Promise<Outcome> {
  for (let attempt = 0; ; attempt++) {
    try {
      // eslint-disable-next-line no-await-in-loop -- retries are sequential by definition
      return await requestOnce(url, o, headers, signal);
    } catch (e) {
      const err = e instanceof CrawlError ? e : new CrawlError('internal_error', String(e), { cause: e });
      if (!retryable.has(err) || attempt >= o.retries || signal.aborted) throw err;
      // 0.5 s → 1 s, ±20 % jitter so many sources failing together don't retry in lockstep.
      const delay = o.retryDelayMs * 2 ** attempt * (0.8 + Math.random() * 0.4);
      log.debug('fetch retry', { url: url.href, attempt: attempt + 1, errorClass: err.code, delayMs: Math.round(delay) });
      // eslint-disable-next-line no-await-in-loop
      await sleep(delay, signal);
    }
  }
}

interface Slot {
  host: string;
  release: () => void;
}

/**
 * GET a feed, page or robots.txt with every crawl budget enforced. Resolves with the (decoded) body or
 * a not-modified marker; everything else is a CrawlError with a stable code.
 */
export async function fetchResource(url: string, opts: FetchOptions): Promise<FetchResult> {
  const o = resolveOptions(opts);
  const requested = assertUrlAllowed(url, o);
  requested.hash = '';
  const limiter = o.hostLimiter;
  const external = o.signal;
  if (external?.aborted) throw abortReason(external);

  let slot: Slot | undefined;
  const deadline = new AbortController();
  const onExternalAbort = (): void => {
    if (external) deadline.abort(abortReason(external));
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    // The politeness wait is not part of the fetch budget: 50 sources queued on one host must not time out.
    if (limiter) slot = { host: requested.hostname, release: await limiter.acquire(requested.hostname, external) };
    const started = performance.now();
    external?.addEventListener('abort', onExternalAbort, { once: true });
    timer = setTimeout(
      () => deadline.abort(new CrawlError('timeout', `超过总时限 ${o.totalTimeoutMs} ms`)),
      o.totalTimeoutMs,
    );
    const headers = requestHeaders(o);
    const sentValidators = headers['if-none-match'] !== undefined || headers['if-modified-since'] !== undefined;
    let current = requested;
    const visited = new Set([current.href]);
    let redirects = 0;
    let permanentRedirectTo: string | undefined;
    let permanentChain = true;

    for (;;) {
      let outcome: Outcome;
      try {
        // eslint-disable-next-line no-await-in-loop -- redirect hops are sequential
        outcome = await requestWithRetries(current, o, headers, deadline.signal);
      } catch (e) {
        if (limiter && e instanceof CrawlError && e.retryAfterMs !== undefined && (e.httpStatus === 429 || e.httpStatus === 503)) {
          limiter.block(current.hostname, e.retryAfterMs, { code: e.code, httpStatus: e.httpStatus });
        }
        throw e;
      }
      const durationMs = Math.round(performance.now() - started);

      if (outcome.type === 'redirect') {
        let next: URL;
        try {
          next = new URL(outcome.location, current);
        } catch {
          throw new CrawlError('invalid_url', `重定向地址无效：${outcome.location.slice(0, 200)}`);
        }
        next.hash = '';
        if (current.protocol === 'https:' && next.protocol === 'http:') {
          throw new CrawlError('insecure_redirect', `${current.href} → ${next.href}`);
        }
        // B30: every hop passes the same static checks; its addresses are checked again at connect.
        next = assertUrlAllowed(next, o);
        if (visited.has(next.href)) throw new CrawlError('too_many_redirects', `循环：${next.href}`);
        if (++redirects > o.maxRedirects) throw new CrawlError('too_many_redirects', `超过 ${o.maxRedirects} 次`);
        visited.add(next.href);
        // Only a chain that starts with permanent moves says the source itself moved (B33).
        if (permanentChain && PERMANENT_STATUSES.has(outcome.status)) permanentRedirectTo = next.href;
        else permanentChain = false;
        log.debug('fetch redirect', { from: current.href, to: next.href, httpStatus: outcome.status });
        if (limiter && slot && slot.host !== next.hostname) {
          slot.release();
          slot = undefined;
          // eslint-disable-next-line no-await-in-loop
          slot = { host: next.hostname, release: await limiter.acquire(next.hostname, deadline.signal) };
        }
        current = next;
        continue;
      }

      if (outcome.type === 'not_modified') {
        // B40: a 304 to a request without validators is a broken server or cache, not "nothing new".
        if (!sentValidators) throw new CrawlError('unexpected_not_modified', undefined, { httpStatus: 304 });
        return {
          status: 'not_modified',
          url: current.href,
          httpStatus: 304,
          etag: outcome.headers.etag ?? o.etag ?? null,
          lastModified: outcome.headers['last-modified'] ?? o.lastModified ?? null,
          durationMs,
        };
      }

      const result: FetchResult = {
        status: 'ok',
        url: current.href,
        requestedUrl: requested.href,
        httpStatus: outcome.status,
        headers: outcome.headers,
        contentType: outcome.headers['content-type'] ?? null,
        body: outcome.body,
        etag: outcome.headers.etag ?? null,
        lastModified: outcome.headers['last-modified'] ?? null,
        durationMs,
      };
      if (permanentRedirectTo !== undefined && permanentRedirectTo !== requested.href) {
        result.permanentRedirectTo = permanentRedirectTo;
      }
      if (outcome.truncatedAtCap) result.truncatedAtCap = true;
      return result;
    }
  } finally {
    clearTimeout(timer);
    external?.removeEventListener('abort', onExternalAbort);
    slot?.release();
  }
}
