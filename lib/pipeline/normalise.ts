/**
 * Pipeline step 1–2 (STYLE rule 3): RawItem → NormalisedItem. Plain text for scoring, canonical URL,
 * field caps (TESTPLAN 2.0), invisible/control characters removed (B44) and the dedupe hashes
 * (STYLE rule 6, B34/B35). HTML is kept as untrusted raw text: sanitising is the UI's job, last.
 */
import { createHash } from 'node:crypto';
import { parseDate, type DateFlag } from '@/lib/dates';
import { htmlToText, stripInvisible } from '@/lib/parse/html-text';
import type { RawItem } from '@/lib/types';

export { htmlToText, stripInvisible } from '@/lib/parse/html-text';

export type DedupeKey = 'guid' | 'link';

export interface NormaliseContext {
  sourceId: string;
  /** Base for relative item links (the feed or list page URL). */
  baseUrl: string;
  /** Reference time for relative/future dates. */
  fetchedAt: Date;
  dedupeKey: DedupeKey;
  /** The item's GUID is shared by other items in this fetch (set by normaliseBatch). */
  duplicateGuid?: boolean;
  /** …and so is its GUID+link pair: the title separates them. */
  duplicateGuidUrl?: boolean;
}

export type BatchContext = Omit<NormaliseContext, 'duplicateGuid' | 'duplicateGuidUrl'>;

export interface NormalisedItem {
  /** Canonical absolute http(s) URL, tracking parameters removed; null when absent or unsafe. */
  url: string | null;
  /** Plain text, ≤ 1000 characters; may be empty when the item only has a link. */
  title: string;
  /** Plain text of the summary, ≤ 64 KiB. */
  summaryText: string;
  /** Plain text of the full body, ≤ 256 KiB; empty when the source has no body. */
  contentText: string;
  /** Raw untrusted HTML as received (controls stripped, capped). Must be sanitised before rendering. */
  summaryHtml: string | null;
  contentHtml: string | null;
  author: string | null;
  categories: string[];
  publishedAt: Date | null;
  publishedRaw: string | null;
  dateFlag: DateFlag | null;
  guid: string | null;
  /** sha256 hex, unique per source: the dedupe key. */
  itemHash: string;
  /** sha256 hex of normalised title + text, no source: finds the same story across sources. */
  contentHash: string;
}

export const FIELD_CAPS = {
  titleChars: 1000,
  summaryTextBytes: 64 * 1024,
  contentTextBytes: 256 * 1024,
  summaryHtmlBytes: 64 * 1024,
  contentHtmlBytes: 1024 * 1024,
  urlChars: 2048,
  guidChars: 2048,
  authorChars: 200,
  categories: 50,
  categoryChars: 100,
  publishedRawChars: 200,
  /** HTML beyond this is not even parsed for text. */
  htmlInputChars: 2 * 1024 * 1024,
} as const;

// ---------------------------------------------------------------------------------------------
// Text hygiene
// ---------------------------------------------------------------------------------------------

/** Cuts to at most `max` UTF-16 units without splitting a surrogate pair. */
export function truncateChars(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

/** Cuts to at most `maxBytes` of UTF-8 without splitting a character. */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (text.length <= maxBytes / 3 || Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  let bytes = 0;
  let i = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    const len = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    if (bytes + len > maxBytes) break;
    bytes += len;
    i += ch.length;
  }
  return text.slice(0, i);
}

function looksLikeHtml(text: string): boolean {
  return /<[A-Za-z!/]|&(?:#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);/i.test(text);
}

/** One-line plain text: tags dropped and entities decoded if present, whitespace collapsed. */
function plainLine(raw: string | null | undefined, maxChars: number): string {
  if (!raw) return '';
  const input = truncateChars(stripInvisible(raw), FIELD_CAPS.htmlInputChars);
  const text = looksLikeHtml(input) ? htmlToText(input) : input;
  return truncateChars(stripInvisible(text).replace(/\s+/g, ' ').trim(), maxChars);
}

function plainBlock(raw: string | null | undefined, maxBytes: number): string {
  if (!raw) return '';
  const text = htmlToText(stripInvisible(raw), { maxInput: FIELD_CAPS.htmlInputChars });
  return truncateUtf8(stripInvisible(text), maxBytes);
}

function rawHtml(raw: string | null | undefined, maxBytes: number): string | null {
  if (raw === null || raw === undefined) return null;
  const cleaned = truncateUtf8(stripInvisible(raw), maxBytes);
  return cleaned.trim() ? cleaned : null;
}

// ---------------------------------------------------------------------------------------------
// URLs
// ---------------------------------------------------------------------------------------------

/**
 * Query parameters that only track the click (analytics, share tokens, WeChat/Bilibili/Taobao
 * referral noise). Removing them makes the same article dedupe across shares.
 */
const TRACKING_PARAM =
  /^(?:utm_[a-z0-9_]*|spm|scm|from|fbclid|gclid|gclsrc|dclid|msclkid|yclid|twclid|ttclid|igshid|mc_cid|mc_eid|wt\.[a-z_]+|_hsenc|_hsmi|mkt_tok|share_token|sharetoken|share_source|share_medium|share_from|share_id|shareid|share_plat|share_tag|sharer_[a-z_]*|isappinstalled|chksm|scene|subscene|clicktime|enterid|ascene|pass_ticket|sessionid|vd_source|bd_vid|ref_src|ref_url|_ga|_gl|from_source|fromsource|src_type|wxshare_count)$/i;

function decodeParamName(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return raw;
  }
}

/**
 * Canonical form of an item link: absolute against `baseUrl`, http/https only, lower-case host,
 * default port and fragment removed (hash-routes like `#/detail/1` and `#!` are kept: they are the
 * page identity on SPA sites), tracking parameters dropped, remaining parameter order kept.
 */
export function canonicalUrl(href: string | null | undefined, baseUrl?: string | null): string | null {
  if (!href) return null;
  const cleaned = stripInvisible(href).trim();
  if (!cleaned) return null;
  let u: URL;
  try {
    u = baseUrl ? new URL(cleaned, baseUrl) : new URL(cleaned);
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  u.username = '';
  u.password = '';
  if (u.search) {
    const kept = u.search
      .slice(1)
      .split('&')
      .filter((pair) => pair !== '' && !TRACKING_PARAM.test(decodeParamName(pair.split('=')[0] ?? '')));
    u.search = kept.length ? `?${kept.join('&')}` : '';
  }
  if (!/^#!?\//.test(u.hash)) u.hash = '';
  const out = u.href;
  return out.length > FIELD_CAPS.urlChars ? null : out;
}

// ---------------------------------------------------------------------------------------------
// Hashes
// ---------------------------------------------------------------------------------------------

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Text for cross-source comparison: width/case folded, whitespace ignored. */
function comparableText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
}

function computeItemHash(
  ctx: NormaliseContext,
  guid: string | null,
  url: string | null,
  title: string,
  summaryText: string,
  contentText: string,
): string {
  const { sourceId } = ctx;
  // GUID first (STYLE rule 6). Broken feeds that share GUIDs (B34) fall back to GUID+link, then
  // GUID+link+title; never to the position, which would hand an old item's hash to a new one.
  const byGuid = (): string | null => {
    if (!guid) return null;
    if (!ctx.duplicateGuid) return sha256(`${sourceId}|${guid}`);
    if (url && !ctx.duplicateGuidUrl) return sha256(`${sourceId}|${guid}|${url}`);
    return sha256(`${sourceId}|${guid}|${url ?? ''}|${title}`);
  };
  const byUrl = (): string | null => (url ? sha256(`${sourceId}|${url}`) : null);
  const byText = (): string => sha256(`${sourceId}|${title}|${summaryText || contentText}`);
  // dedupeKey 'link' is for sources that rotate GUIDs on every fetch (B35).
  return (ctx.dedupeKey === 'link' ? (byUrl() ?? byGuid()) : (byGuid() ?? byUrl())) ?? byText();
}

// ---------------------------------------------------------------------------------------------
// Items
// ---------------------------------------------------------------------------------------------

function normaliseDate(raw: RawItem, fetchedAt: Date): { publishedAt: Date | null; dateFlag: DateFlag | null } {
  const publishedRaw = raw.publishedRaw?.trim() ? raw.publishedRaw : null;
  if (raw.publishedAt instanceof Date && !Number.isNaN(raw.publishedAt.getTime())) {
    // Crawler-supplied dates get the same plausibility rules as parsed ones.
    if (raw.publishedAt.getTime() > fetchedAt.getTime() + 24 * 3600_000) return { publishedAt: null, dateFlag: 'future_date' };
    if (raw.publishedAt.getUTCFullYear() < 1970) return { publishedAt: null, dateFlag: 'unparseable' };
    return { publishedAt: raw.publishedAt, dateFlag: null };
  }
  if (raw.publishedAt === null && raw.dateFlag) return { publishedAt: null, dateFlag: raw.dateFlag };
  const parsed = parseDate(publishedRaw, { now: fetchedAt });
  return { publishedAt: parsed.date, dateFlag: parsed.flag ?? null };
}

function normaliseCategories(raw: RawItem): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const c of raw.categories ?? []) {
    if (out.length >= FIELD_CAPS.categories) break;
    if (typeof c !== 'string') continue;
    const v = plainLine(truncateChars(c, FIELD_CAPS.categoryChars * 4), FIELD_CAPS.categoryChars);
    if (v && !seen.has(v)) {
      seen.add(v);
      out.push(v);
    }
  }
  return out;
}

function cleanGuid(guid: string | null | undefined): string | null {
  if (!guid) return null;
  const g = stripInvisible(guid).trim();
  return g ? g : null;
}

/** Characters of a title made from the text of an item that has none. */
const DERIVED_TITLE_CHARS = 60;

/**
 * An item without a title (RSS 2.0 allows a description alone; microblog feeds do this) is listed by
 * the start of its text, the way feed readers show it: the first line, cut at the first sentence end.
 */
export function titleFromText(text: string): string {
  const line = text.split('\n').map((l) => l.replace(/\s+/g, ' ').trim()).find((l) => l.length > 0) ?? '';
  const sentence = /^(.{8,}?[。！？!?])/.exec(line)?.[1] ?? line;
  const chars = [...sentence];
  return chars.length > DERIVED_TITLE_CHARS ? `${chars.slice(0, DERIVED_TITLE_CHARS).join('')}…` : sentence;
}

/**
 * Normalises one item; null when it has no title, no usable link and no text. Call `normaliseBatch`
 * for a whole fetch so duplicate GUIDs and in-batch duplicates are handled.
 */
export function normaliseItem(raw: RawItem, ctx: NormaliseContext): NormalisedItem | null {
  const url = canonicalUrl(raw.url, ctx.baseUrl);
  const summaryText = plainBlock(raw.summary, FIELD_CAPS.summaryTextBytes);
  const contentText = plainBlock(raw.content, FIELD_CAPS.contentTextBytes);
  const title = plainLine(raw.title, FIELD_CAPS.titleChars) || titleFromText(summaryText || contentText);
  if (!title && !url) return null;

  const guid = cleanGuid(raw.guid);
  const { publishedAt, dateFlag } = normaliseDate(raw, ctx.fetchedAt);
  const publishedRaw = raw.publishedRaw ? truncateChars(stripInvisible(raw.publishedRaw).trim(), FIELD_CAPS.publishedRawChars) || null : null;

  return {
    url,
    title,
    summaryText,
    contentText,
    summaryHtml: rawHtml(raw.summary, FIELD_CAPS.summaryHtmlBytes),
    contentHtml: rawHtml(raw.content, FIELD_CAPS.contentHtmlBytes),
    author: plainLine(raw.author, FIELD_CAPS.authorChars) || null,
    categories: normaliseCategories(raw),
    publishedAt,
    publishedRaw,
    dateFlag,
    guid: guid ? truncateChars(guid, FIELD_CAPS.guidChars) : null,
    itemHash: computeItemHash(ctx, guid, url, title, summaryText, contentText),
    contentHash: sha256(`${comparableText(title)}\n${comparableText(contentText || summaryText)}`),
  };
}

/**
 * Normalises one fetch, keeping each item beside the raw entry it came from: detects GUIDs shared by
 * several items (their hash falls back to GUID+link, then GUID+link+title) and drops items whose
 * hash repeats within the batch (first one wins).
 */
export function normaliseBatchPairs(raws: readonly RawItem[], ctx: BatchContext): { raw: RawItem; item: NormalisedItem }[] {
  const guidCount = new Map<string, number>();
  const pairCount = new Map<string, number>();
  const keys = raws.map((raw) => {
    const guid = cleanGuid(raw.guid);
    const url = canonicalUrl(raw.url, ctx.baseUrl);
    const pair = guid ? `${guid}\u0000${url ?? ''}` : null;
    if (guid) guidCount.set(guid, (guidCount.get(guid) ?? 0) + 1);
    if (pair) pairCount.set(pair, (pairCount.get(pair) ?? 0) + 1);
    return { guid, pair };
  });
  const out: { raw: RawItem; item: NormalisedItem }[] = [];
  const seen = new Set<string>();
  raws.forEach((raw, i) => {
    const key = keys[i];
    const item = normaliseItem(raw, {
      ...ctx,
      duplicateGuid: key?.guid ? (guidCount.get(key.guid) ?? 0) > 1 : false,
      duplicateGuidUrl: key?.pair ? (pairCount.get(key.pair) ?? 0) > 1 : false,
    });
    if (!item || seen.has(item.itemHash)) return;
    seen.add(item.itemHash);
    out.push({ raw, item });
  });
  return out;
}

export function normaliseBatch(raws: readonly RawItem[], ctx: BatchContext): NormalisedItem[] {
  return normaliseBatchPairs(raws, ctx).map((p) => p.item);
}
