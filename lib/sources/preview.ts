/**
 * 测试/预览: fetches a source's URL now, through the crawler's own path (SSRF guard, size and time
 * caps, robots.txt for HTML, charset decoding, the feed and HTML-list parsers, normalisation), and
 * returns what would be stored — WITHOUT storing anything: the context it runs in has no database.
 */
import dns from 'node:dns';
import { isIP } from 'node:net';
import type { AppConfig } from '@/lib/config';
import { createCrawlContext } from '@/lib/crawler/context';
import type { Db } from '@/lib/db';
import { CrawlError, NETWORK_ERROR_CODES, toCrawlError } from '@/lib/errors';
import type { CrawlErrorCode } from '@/lib/errors';
import { assertUrlAllowed, fetchResource } from '@/lib/fetch';
import type { FetchResult, LookupFn } from '@/lib/fetch';
import { decodeBody } from '@/lib/parse/charset';
import { parseFeed } from '@/lib/parse/feed';
import { parseArticlePage, parseHtmlList } from '@/lib/parse/html-list';
import { allowPrivateForArticles, sameSite } from '@/lib/pipeline/ingest';
import type { CrawlContext } from '@/lib/pipeline/ingest';
import { normaliseBatch } from '@/lib/pipeline/normalise';
import type { RawItem } from '@/lib/types';
import type { SourceConfig } from './schema';

/** Entries shown (the crawler itself keeps up to CRAWLER_MAX_ITEMS_PER_FETCH). */
export const PREVIEW_ITEMS = 20;
const ARTICLE_TEXT_CHARS = 600;
const SUMMARY_CHARS = 200;
/** More replacement characters than this share of the text: the page was decoded with the wrong charset. */
const GARBLED_RATIO = 0.01;

/** Everything a crawl needs except the database (nothing here can store) and a worker identity. */
export type PreviewContext = Omit<CrawlContext, 'db' | 'workerId'>;

export type PreviewTarget = Pick<SourceConfig, 'url' | 'kind' | 'encoding' | 'html' | 'dedupeKey'>;

export interface PreviewItem {
  title: string;
  url: string | null;
  /** The date text as the page or feed gave it. */
  publishedRaw: string | null;
  publishedAt: Date | null;
  /** Why a present date string was not used (future_date, unparseable). */
  dateFlag: string | null;
  summary: string;
}

export type PreviewArticle =
  | { ok: true; url: string; title: string | null; publishedRaw: string | null; text: string; usedSelector: boolean }
  | { ok: false; url: string; code: CrawlErrorCode; message: string };

export type PreviewResult =
  | {
      ok: true;
      requestedUrl: string;
      finalUrl: string;
      httpStatus: number;
      contentType: string | null;
      charset: string;
      durationMs: number;
      /** Feed format (rss, atom, rdf, json) or 'html'. */
      format: string;
      feedTitle: string | null;
      /** Entries the parser found, and how many would be stored after normalisation and de-duplication. */
      found: number;
      usable: number;
      items: PreviewItem[];
      /** HTML with "follow article": the first entry's article page as the crawler would read it. */
      article: PreviewArticle | null;
      /** Things worth knowing that are not errors (charset fixed, no dates, an empty list). */
      notes: string[];
    }
  | {
      ok: false;
      requestedUrl: string;
      code: CrawlErrorCode;
      /** The crawler's Chinese message with its detail, e.g. 内网地址不允许（…）：127.0.0.1:6379. */
      message: string;
      /** True for DNS/connect failures (the network path, not the source). */
      network: boolean;
    };

/**
 * The crawler's context as the worker builds it from the same configuration, including the
 * allowance for the local demo server in demo mode (crawlers/worker.ts), so a preview is allowed
 * exactly what the crawler will be allowed.
 */
export function previewContextFromConfig(cfg: AppConfig, client: Db): PreviewContext {
  const demoHost = cfg.demo.enabled ? [`127.0.0.1:${cfg.demo.port}`] : [];
  const { db: _db, workerId: _workerId, ...ctx } = createCrawlContext({
    cfg,
    db: client,
    workerId: 'preview',
    extraAllowPrivate: demoHost,
    hostGapOverrides: cfg.demo.enabled ? { '127.0.0.1': 0 } : undefined,
  });
  return ctx;
}

/** The URL policy the add-source form checks against: the crawler's. */
export function urlPolicyOf(ctx: Pick<PreviewContext, 'fetch'>): { allowPrivate: readonly string[]; allowPorts: readonly number[] } {
  return { allowPrivate: ctx.fetch.allowPrivate ?? [], allowPorts: ctx.fetch.allowPorts ?? [] };
}

/** As ingest's fetchPage: robots.txt first for HTML pages, then the hardened fetcher. */
async function fetchLikeCrawler(
  url: string,
  kind: 'feed' | 'html',
  ctx: PreviewContext,
  allowPrivate: readonly string[] | undefined = ctx.fetch.allowPrivate,
): Promise<FetchResult> {
  if (kind === 'html' && ctx.robots) {
    const robots = await ctx.robots.check(url, ctx.fetch.userAgent);
    if (robots.reason === 'unreachable' && robots.cause && NETWORK_ERROR_CODES.has(robots.cause.code)) throw robots.cause;
    if (!robots.allowed) {
      throw new CrawlError('robots_disallowed', robots.reason === 'unreachable' ? 'robots.txt 暂时无法读取，按规范暂停抓取' : url);
    }
  }
  return fetchResource(url, { ...ctx.fetch, allowPrivate, kind, maxBytes: ctx.maxBytes[kind], hostLimiter: ctx.hostLimiter });
}

function replacementRatio(text: string): number {
  if (!text.length) return 0;
  let n = 0;
  for (const ch of text) if (ch === '\uFFFD') n++;
  return n / text.length;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

export async function previewSource(target: PreviewTarget, ctx: PreviewContext): Promise<PreviewResult> {
  const requestedUrl = target.url;
  const startedAt = ctx.now();
  const t0 = Date.now();
  try {
    // The static checks first, so a refused address is never even resolved.
    assertUrlAllowed(target.url, urlPolicyOf(ctx));
    const kind = target.kind === 'rss' ? 'feed' : 'html';
    const result = await fetchLikeCrawler(target.url, kind, ctx);
    if (result.status !== 'ok') throw new CrawlError('unexpected_not_modified', undefined, { httpStatus: 304 });
    const decoded = decodeBody(result.body, { contentType: result.contentType, forced: target.encoding, kind });
    const notes: string[] = [];
    if (decoded.mismatch) notes.push(`页面声明的字符集与实际内容不符，已按 ${decoded.charset} 解码（与抓取时相同）。`);
    if (replacementRatio(decoded.text) > GARBLED_RATIO) {
      notes.push(`按 ${decoded.charset} 解码后仍有较多乱码字符：请在“字符集”中指定正确的编码（如 gbk、big5）。`);
    }

    let raws: RawItem[];
    let format = 'html';
    let feedTitle: string | null = null;
    if (target.kind === 'rss') {
      const feed = parseFeed(decoded.text, { baseUrl: result.url, maxItems: ctx.maxItemsPerFetch, now: startedAt });
      raws = feed.items;
      format = feed.format ?? 'rss';
      feedTitle = feed.title;
      if (feed.recovered) notes.push('订阅源不是规范的 XML，已按容错方式读取（抓取时相同）。');
      if (feed.droppedItems) notes.push(`订阅源共有 ${feed.items.length + feed.droppedItems} 条，抓取时只保留最新的 ${feed.items.length} 条。`);
    } else {
      if (!target.html) throw new CrawlError('selector_error', '缺少 html 选择器配置');
      raws = parseHtmlList(decoded.text, { baseUrl: result.url, selectors: target.html, now: startedAt }).slice(0, ctx.maxItemsPerFetch);
    }

    const items = normaliseBatch(raws, { sourceId: 'preview', baseUrl: result.url, fetchedAt: startedAt, dedupeKey: target.dedupeKey });
    if (items.length === 0) notes.push('没有读到任何条目：保存后首次抓取会成功但没有信息；平时有内容的信源出现这种情况会记为“信源没有返回任何条目”。');
    else if (items.every((i) => !i.publishedAt)) {
      notes.push(
        target.kind === 'html'
          ? '所有条目都没有读到发布时间：请填写“日期选择器”；没有时间的信息按抓取时间排序。'
          : '所有条目都没有可用的发布时间：这些信息将按抓取时间排序。',
      );
    }
    if (items.length < raws.length) notes.push(`${raws.length - items.length} 个条目既无标题也无有效链接，或与其他条目重复，不会保存。`);

    let article: PreviewArticle | null = null;
    const first = items.find((i) => i.url);
    if (target.kind === 'html' && target.html?.followArticle && first?.url) {
      article = await previewArticle(first.url, result.url, target, ctx);
    }

    return {
      ok: true,
      requestedUrl,
      finalUrl: result.url,
      httpStatus: result.httpStatus,
      contentType: result.contentType,
      charset: decoded.charset,
      durationMs: Date.now() - t0,
      format,
      feedTitle,
      found: raws.length,
      usable: items.length,
      items: items.slice(0, PREVIEW_ITEMS).map((i) => ({
        title: i.title,
        url: i.url,
        publishedRaw: i.publishedRaw,
        publishedAt: i.publishedAt,
        dateFlag: i.dateFlag,
        summary: clip(i.summaryText, SUMMARY_CHARS),
      })),
      article,
      notes,
    };
  } catch (e) {
    const err = toCrawlError(e);
    return { ok: false, requestedUrl, code: err.code, message: err.messageZh, network: NETWORK_ERROR_CODES.has(err.code) };
  }
}

/** What a host name resolves to (as ingest does before following articles); [] when it does not. */
function resolveAll(hostname: string, lookup: LookupFn | undefined): Promise<string[]> {
  const bare = hostname.replace(/^\[|\]$/g, '');
  if (isIP(bare)) return Promise.resolve([bare]);
  const fn: LookupFn = lookup ?? ((h, o, cb) => dns.lookup(h, o, cb));
  return new Promise((resolve) => {
    fn(bare, { all: true }, (err, addrs) => resolve(err ? [] : addrs.map((a) => a.address)));
  });
}

/** The first article page, under the crawler's rules: same site only, private only where the list page was. */
async function previewArticle(url: string, listUrl: string, target: PreviewTarget, ctx: PreviewContext): Promise<PreviewArticle> {
  if (!sameSite(url, listUrl)) {
    return { ok: false, url, code: 'invalid_source_config', message: '第一条链接不在列表页所在网站，抓取时不会跟进（只跟进本站文章）。' };
  }
  try {
    const allowPrivate = ctx.fetch.allowPrivate?.length
      ? allowPrivateForArticles(listUrl, ctx.fetch.allowPrivate, await resolveAll(new URL(listUrl).hostname, ctx.fetch.lookup))
      : [];
    const page = await fetchLikeCrawler(url, 'html', ctx, allowPrivate);
    if (page.status !== 'ok') throw new CrawlError('unexpected_not_modified');
    const textBody = decodeBody(page.body, { contentType: page.contentType, forced: target.encoding, kind: 'html' }).text;
    const parsed = parseArticlePage(textBody, { baseUrl: page.url, selectors: target.html?.article, now: ctx.now() });
    return {
      ok: true,
      url: page.url,
      title: parsed.title,
      publishedRaw: parsed.publishedRaw,
      text: clip(parsed.text, ARTICLE_TEXT_CHARS),
      usedSelector: Boolean(target.html?.article?.content),
    };
  } catch (e) {
    const err = toCrawlError(e);
    return { ok: false, url, code: err.code, message: err.messageZh };
  }
}
