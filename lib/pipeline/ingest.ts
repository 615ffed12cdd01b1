/**
 * The one pipeline every source goes through:
 * fetch → decode charset → parse → normalise + hash → de-duplicate and store (one transaction).
 * Failures come back as a typed outcome; the scheduler decides how they count (egress outage).
 */
import { CrawlError, NETWORK_ERROR_CODES, toCrawlError } from '@/lib/errors';
import type { CrawlErrorCode } from '@/lib/errors';
import { existingItemHashes, storeFetchSuccess } from '@/lib/db';
import type { Db, ItemRow, SourceRow } from '@/lib/db';
import dns from 'node:dns';
import { isIP } from 'node:net';
import { fetchResource, isAddressAllowed, isPublicAddress } from '@/lib/fetch';
import type { FetchOptions, FetchResult, HostLimiter, LookupFn, RobotsCache } from '@/lib/fetch';
import { decodeBody } from '@/lib/parse/charset';
import { parseFeed } from '@/lib/parse/feed';
import { parseArticlePage, parseHtmlList } from '@/lib/parse/html-list';
import { normaliseBatch, normaliseBatchPairs } from '@/lib/pipeline/normalise';
import type { NormalisedItem } from '@/lib/pipeline/normalise';
import { sourceConfigFromRow } from '@/lib/db';
import type { SourceConfig } from '@/lib/sources/schema';
import type { RawItem } from '@/lib/types';
import { nextCheckAfterSuccess } from '@/lib/scheduler/backoff';
import { log } from '@/lib/log';

export interface CrawlContext {
  db: Db;
  workerId: string;
  now: () => Date;
  fetch: Omit<FetchOptions, 'kind' | 'etag' | 'lastModified' | 'hostLimiter'>;
  hostLimiter: HostLimiter;
  robots: RobotsCache | null;
  maxItemsPerFetch: number;
  /** Decoded-size caps per kind (feeds may be larger than pages). */
  maxBytes: { feed: number; html: number };
}

export type IngestOutcome =
  | {
      status: 'ok' | 'not_modified';
      sourceId: string;
      fetched: number;
      duplicates: number;
      newItems: ItemRow[];
      httpStatus: number;
      permanentRedirectTo?: string;
    }
  | {
      status: 'error';
      sourceId: string;
      error: CrawlError;
      /** DNS/connect failures: counted by the egress-outage detector. */
      networkError: boolean;
      debugBody?: Buffer;
    };

export async function ingestSource(row: SourceRow, ctx: CrawlContext): Promise<IngestOutcome> {
  const startedAt = ctx.now();
  let debugBody: Buffer | undefined;
  try {
    // Inside the try: a row that no longer validates is that source's error, not the whole tick's.
    const source = sourceConfigFromRow(row);
    const result = await fetchPage(source.url, source.kind === 'rss' ? 'feed' : 'html', ctx, {
      etag: row.etag,
      lastModified: row.lastModified,
    });
    if (result.status === 'not_modified') {
      const stored = await storeFetchSuccess(ctx.db, {
        sourceId: row.id,
        workerId: ctx.workerId,
        startedAt,
        finishedAt: ctx.now(),
        httpStatus: 304,
        status: 'not_modified',
        items: [],
        etag: row.etag,
        lastModified: row.lastModified,
        nextCheckAt: nextCheckAfterSuccess(ctx.now(), source.intervalMinutes),
        isDemo: source.demo,
      });
      return { status: 'not_modified', sourceId: row.id, ...stored, httpStatus: 304 };
    }
    debugBody = result.body;
    const decoded = decodeBody(result.body, {
      contentType: result.contentType,
      forced: source.encoding,
      kind: source.kind === 'rss' ? 'feed' : 'html',
    });
    if (decoded.mismatch) {
      log.warn('charset mismatch', { sourceId: row.id, errorClass: 'charset_mismatch', charset: decoded.charset });
    }
    const baseUrl = result.url;
    let raws: RawItem[];
    if (source.kind === 'rss') {
      raws = parseFeed(decoded.text, { baseUrl, maxItems: ctx.maxItemsPerFetch, now: startedAt }).items;
    } else {
      const selectors = source.html;
      if (!selectors) throw new CrawlError('selector_error', '缺少 html 选择器配置');
      raws = parseHtmlList(decoded.text, { baseUrl, selectors, now: startedAt }).slice(
        0,
        ctx.maxItemsPerFetch,
      );
    }
    // A source that normally has items and suddenly has none is broken, not quiet (STYLE rule 3).
    if (raws.length === 0 && row.itemsTotal > 0) throw new CrawlError('empty_source');

    const normCtx = {
      sourceId: row.id,
      baseUrl,
      fetchedAt: startedAt,
      dedupeKey: source.dedupeKey,
    };
    let items = normaliseBatch(raws, normCtx);
    if (source.kind === 'html' && source.html?.followArticle) {
      items = await followArticles(row, source, raws, items, ctx, normCtx);
    }
    const stored = await storeFetchSuccess(ctx.db, {
      sourceId: row.id,
      workerId: ctx.workerId,
      startedAt,
      finishedAt: ctx.now(),
      httpStatus: result.httpStatus,
      status: 'ok',
      items, // a NormalisedItem is the NewItem the store takes
      etag: result.etag,
      lastModified: result.lastModified,
      nextCheckAt: nextCheckAfterSuccess(ctx.now(), source.intervalMinutes),
      isDemo: source.demo,
    });
    return {
      status: 'ok',
      sourceId: row.id,
      ...stored,
      httpStatus: result.httpStatus,
      permanentRedirectTo: result.permanentRedirectTo,
    };
  } catch (e) {
    const error = classifyStoreError(toCrawlError(e));
    log.warn('source failed', { sourceId: row.id, url: row.url, errorClass: error.code, message: error.message });
    const keepBody = error.code === 'parse_error' || error.code === 'not_a_feed' || error.code === 'selector_error';
    return {
      status: 'error',
      sourceId: row.id,
      error,
      networkError: NETWORK_ERROR_CODES.has(error.code),
      debugBody: keepBody ? debugBody : undefined,
    };
  }
}

async function fetchPage(
  url: string,
  kind: 'feed' | 'html',
  ctx: CrawlContext,
  validators: { etag?: string | null; lastModified?: string | null } = {},
  allowPrivate: readonly string[] | undefined = ctx.fetch.allowPrivate,
): Promise<FetchResult> {
  if (kind === 'html' && ctx.robots) {
    const robots = await ctx.robots.check(url, ctx.fetch.userAgent);
    // robots.txt unreachable for a network reason: report that reason (it counts toward egress outage).
    if (robots.reason === 'unreachable' && robots.cause && NETWORK_ERROR_CODES.has(robots.cause.code)) throw robots.cause;
    if (!robots.allowed) {
      throw new CrawlError('robots_disallowed', robots.reason === 'unreachable' ? 'robots.txt 暂时无法读取，按规范暂停抓取' : url);
    }
  }
  return fetchResource(url, {
    ...ctx.fetch,
    allowPrivate,
    kind,
    ...validators,
    maxBytes: ctx.maxBytes[kind],
    hostLimiter: ctx.hostLimiter,
  });
}

function siteOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase().replace(/^www\./, '');
  } catch {
    return '';
  }
}

/** Same host, ignoring a leading www., or one a subdomain of the other (news.x.gov.cn and x.gov.cn). */
export function sameSite(a: string, b: string): boolean {
  const x = siteOf(a);
  const y = siteOf(b);
  return x !== '' && (x === y || x.endsWith(`.${y}`) || y.endsWith(`.${x}`));
}

/**
 * Private-address allowances an article fetch may use: none, unless the list page itself lives at an
 * allow-listed private address — then that host name (and port) only. A redirect from an article can
 * then reach a private address only where the list page already was; a public site never can.
 * `addresses` are what the list page's host resolves to.
 */
export function allowPrivateForArticles(
  listUrl: string,
  allowPrivate: readonly string[] | undefined,
  addresses: readonly string[],
): string[] {
  if (!allowPrivate?.length) return [];
  let u: URL;
  try {
    u = new URL(listUrl);
  } catch {
    return [];
  }
  const host = u.hostname.toLowerCase();
  const port = Number(u.port || (u.protocol === 'https:' ? 443 : 80));
  const bare = host.replace(/^\[|\]$/g, '');
  const needed = addresses.some((a) => !isPublicAddress(a) && isAddressAllowed(a, port, allowPrivate, bare));
  return needed ? [`${host}:${port}`] : [];
}

function resolveAll(hostname: string, lookup: LookupFn | undefined): Promise<string[]> {
  const bare = hostname.replace(/^\[|\]$/g, '');
  if (isIP(bare)) return Promise.resolve([bare]);
  const fn: LookupFn = lookup ?? ((h, o, cb) => dns.lookup(h, o, cb));
  return new Promise((resolve) => {
    fn(bare, { all: true }, (err, addrs) => resolve(err ? [] : addrs.map((a) => a.address)));
  });
}

/** Reads full text from article pages for entries we have not stored yet; a failed page keeps the list entry. */
async function followArticles(
  row: SourceRow,
  source: SourceConfig,
  raws: RawItem[],
  items: NormalisedItem[],
  ctx: CrawlContext,
  normCtx: Parameters<typeof normaliseBatch>[1],
): Promise<NormalisedItem[]> {
  const known = await existingItemHashes(ctx.db, row.id, items.map((i) => i.itemHash));
  const listUrl = normCtx.baseUrl;
  const articleAllowPrivate = ctx.fetch.allowPrivate?.length
    ? allowPrivateForArticles(listUrl, ctx.fetch.allowPrivate, await resolveAll(new URL(listUrl).hostname, ctx.fetch.lookup))
    : [];
  const limit = source.html?.maxArticles ?? 20;
  let followed = 0;
  const enriched: RawItem[] = [];
  // Hashes from the whole batch, exactly as they will be stored, so known articles are not refetched.
  for (const { raw, item: probe } of normaliseBatchPairs(raws, normCtx)) {
    // Only links on the list page's own site are followed: a hostile list page must not steer the
    // crawler to other hosts (least of all allow-listed intranet ones).
    if (known.has(probe.itemHash) || !probe.url || followed >= limit || !sameSite(probe.url, listUrl)) {
      enriched.push(raw);
      continue;
    }
    followed++;
    try {
      // Sequential: article pages share the list page's host, which allows one request at a time.
      // eslint-disable-next-line no-await-in-loop
      const page = await fetchPage(probe.url, 'html', ctx, {}, articleAllowPrivate);
      if (page.status !== 'ok') {
        enriched.push(raw);
        continue;
      }
      const text = decodeBody(page.body, { contentType: page.contentType, forced: source.encoding, kind: 'html' }).text;
      const article = parseArticlePage(text, { baseUrl: page.url, selectors: source.html?.article });
      enriched.push({
        ...raw,
        title: raw.title || article.title,
        content: article.content ?? raw.content,
        publishedRaw: raw.publishedRaw ?? article.publishedRaw,
        publishedAt: raw.publishedAt ?? article.publishedAt,
      });
    } catch (e) {
      log.info('article page skipped', { sourceId: row.id, url: probe.url, errorClass: toCrawlError(e).code });
      enriched.push(raw);
    }
  }
  return normaliseBatch(enriched, normCtx);
}

/** SQLite lock and disk-full errors surface as driver errors; give them their stable codes (F1, F6). */
function classifyStoreError(e: CrawlError): CrawlError {
  if (e.code !== 'internal_error') return e;
  const text = `${e.message} ${String((e.cause as Error | undefined)?.message ?? '')}`;
  const code: CrawlErrorCode | null = /SQLITE_BUSY|database is locked|Timed out|timed out during query/i.test(text)
    ? 'db_busy'
    : /SQLITE_FULL|database or disk is full/i.test(text)
      ? 'storage_full'
      : null;
  return code ? new CrawlError(code, undefined, { cause: e }) : e;
}
