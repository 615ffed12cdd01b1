/** Public types and defaults of the fetcher. Defaults mirror lib/config.ts; nothing here reads env. */
import type { LookupAddress } from 'node:dns';
import type { HostLimiter } from './host-limiter';

export type FetchKind = 'feed' | 'html' | 'robots';

/**
 * DNS resolver used at connect time. Always called in the "all addresses" form; `dns.lookup`
 * fits. Tests inject one to simulate DNS rebinding (B29).
 */
export type LookupFn = (
  hostname: string,
  options: { all: true; family?: number; hints?: number },
  callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

export interface FetchOptions {
  kind: FetchKind;
  /** Validators from the previous successful fetch, sent verbatim (never computed from our clock, F9). */
  etag?: string | null;
  lastModified?: string | null;
  userAgent: string;
  /** Private hosts/addresses that may be fetched: '127.0.0.1', '127.0.0.1:4000', '10.0.0.0/8', 'intranet.example.gov.cn[:port]'. */
  allowPrivate?: readonly string[];
  /** Ports allowed in addition to 80, 443, 8080, 8443. */
  allowPorts?: readonly number[];
  /** Whole exchange incl. redirects, retries and body (not the politeness wait before the first request). */
  totalTimeoutMs?: number;
  /** DNS lookup + TCP connect. */
  connectTimeoutMs?: number;
  /** TCP connected → response headers received (includes the TLS handshake). */
  headerTimeoutMs?: number;
  /** Decoded body cap; default by kind. */
  maxBytes?: number;
  maxRedirects?: number;
  /** Retries on connect/read errors only. */
  retries?: number;
  /** First retry delay; doubles per retry, ±20 % jitter. */
  retryDelayMs?: number;
  /** Robots: read at most maxBytes and return what was read instead of failing with too_large. */
  truncateOversize?: boolean;
  lookup?: LookupFn;
  signal?: AbortSignal;
  hostLimiter?: HostLimiter;
  /** Extra trust anchors (intranet CA, tests). Added to the public roots; verification is never disabled. */
  ca?: string | Buffer | ReadonlyArray<string | Buffer>;
}

interface Timing {
  /** Final URL after redirects. */
  url: string;
  durationMs: number;
}

export type FetchResult =
  | (Timing & {
      status: 'ok';
      requestedUrl: string;
      httpStatus: number;
      /** Lower-cased names; repeated headers joined with ', '. */
      headers: Record<string, string>;
      contentType: string | null;
      /** Content-Encoding removed; charset NOT decoded (lib/parse does that). */
      body: Buffer;
      /** The server's validators, verbatim. */
      etag: string | null;
      lastModified: string | null;
      /** Set when the chain started with 301/308s: the URL the source permanently moved to (B33). */
      permanentRedirectTo?: string;
      /** Only with truncateOversize: the body was cut at maxBytes. */
      truncatedAtCap?: boolean;
    })
  | (Timing & {
      status: 'not_modified';
      httpStatus: 304;
      etag: string | null;
      lastModified: string | null;
    });

const MiB = 1024 * 1024;

export const FETCH_DEFAULTS = {
  totalTimeoutMs: 20_000,
  connectTimeoutMs: 10_000,
  headerTimeoutMs: 10_000,
  maxRedirects: 5,
  retries: 2,
  retryDelayMs: 500,
  maxBytes: { feed: 10 * MiB, html: 5 * MiB, robots: 512 * 1024 } satisfies Record<FetchKind, number>,
  /** Decompression bomb heuristic: ratio above this once more than ratioMinBytes were decoded. */
  maxRatio: 100,
  ratioMinBytes: MiB,
  hostDelayMs: 2_000,
} as const;
