/**
 * Feed text → ParsedFeed. RSS 0.9x/1.0/2.0, Atom 0.3/1.0 (via rss-parser's parseString, never
 * parseURL: no network here) and JSON Feed 1.x. Real Chinese feeds are often not well-formed XML, so
 * the text is repaired first (invalid chars, HTML entities, bare `&`, `<` in titles, junk after the
 * root) and a lenient parse is tried when the strict one fails. DOCTYPEs are removed: no entity
 * expansion and no external fetch can happen (B2–B5).
 */
import type { EventEmitter } from 'node:events';
import Parser from 'rss-parser';
import { CrawlError } from '@/lib/errors';
import { log } from '@/lib/log';
import { parseDate, type ParsedDate } from '@/lib/dates';
import type { ParsedFeed, RawItem } from '@/lib/types';
import { decodeHtmlEntity, escapeHtml, htmlToText, stripInvisible } from '@/lib/parse/html-text';
import { classifyHtmlPage, sniffDocument, type NonFeedVerdict } from '@/lib/parse/sniff';

export interface ParseFeedOptions {
  /** The feed URL: base for relative links. */
  baseUrl: string;
  /** Newest items kept (default 500, B43). */
  maxItems?: number;
  /** Reference time for relative and future dates; the fetch time. Defaults to the current time. */
  now?: Date;
}

const DEFAULT_MAX_ITEMS = 500;
const MAX_DISTINCT_HTML_ENTITIES = 256;

// ---------------------------------------------------------------------------------------------
// XML repair
// ---------------------------------------------------------------------------------------------

/** XML 1.0 forbids these; miniflux filterValidXMLChars (B7). */
const INVALID_XML_CHARS =
  /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function stripInvalidXmlChars(text: string): string {
  return text.replace(INVALID_XML_CHARS, '');
}

const XML_ENTITIES = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);

function validXmlCodePoint(cp: number): boolean {
  return (
    cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

/** Escapes `<` inside plain `<title>` elements (草根网 writes `<title>…<草根网></title>`). Linear scan. */
function escapeLtInTitles(segment: string): string {
  const openRe = /<title\b([^>]*)>/gi;
  const closeRe = /<\/title\s*>/gi;
  let out = '';
  let pos = 0;
  let close: RegExpExecArray | null = null;
  for (let open = openRe.exec(segment); open; open = openRe.exec(segment)) {
    const contentStart = open.index + open[0].length;
    if (!close || close.index < contentStart) {
      closeRe.lastIndex = contentStart;
      close = closeRe.exec(segment);
      if (!close) break; // no close tag anywhere after this point
    }
    const inner = segment.slice(contentStart, close.index);
    if (/<title\b/i.test(inner) || !inner.includes('<') || /(?:type|mode)\s*=\s*["'][^"']*(?:xhtml|xml)/i.test(open[1] ?? '')) {
      continue;
    }
    out += segment.slice(pos, contentStart) + inner.replace(/</g, '&lt;');
    pos = close.index;
    openRe.lastIndex = close.index;
  }
  return out + segment.slice(pos);
}

/**
 * Outside CDATA and comments: HTML named entities → numeric refs (B6), unknown names and bare `&`
 * → `&amp;`, numeric refs to characters XML forbids → dropped, stray DOCTYPE/ENTITY declarations
 * turned into text, `<` in titles escaped.
 */
function repairMarkup(segment: string, seen: Set<string>): string {
  const fixed = segment.replace(
    /&(?:#(\d{1,8})|#[xX]([0-9a-fA-F]{1,7})|([A-Za-z][A-Za-z0-9]{0,31}))?(;?)/g,
    (whole, dec: string | undefined, hex: string | undefined, name: string | undefined, semi: string) => {
      if (dec !== undefined || hex !== undefined) {
        if (!semi) return `&amp;${whole.slice(1)}`;
        const cp = dec !== undefined ? Number(dec) : parseInt(hex ?? '', 16);
        return validXmlCodePoint(cp) ? whole : '';
      }
      if (name === undefined || !semi) return `&amp;${whole.slice(1)}`;
      if (XML_ENTITIES.has(name)) return whole;
      if (seen.size < MAX_DISTINCT_HTML_ENTITIES || seen.has(name)) {
        seen.add(name);
        const ch = decodeHtmlEntity(name);
        if (ch) return [...ch].map((c) => `&#${c.codePointAt(0) ?? 0xfffd};`).join('');
      }
      return `&amp;${name};`;
    },
  );
  return escapeLtInTitles(fixed.replace(/<!(DOCTYPE|ENTITY)/gi, '&lt;!$1'));
}

/** Applies `repairMarkup` to everything except CDATA sections and comments (indexOf-based, linear). */
function repairOutsideCdata(text: string): string {
  const seen = new Set<string>();
  const out: string[] = [];
  let pos = 0;
  while (pos < text.length) {
    const cdata = text.indexOf('<![CDATA[', pos);
    const comment = text.indexOf('<!--', pos);
    const start = cdata === -1 ? comment : comment === -1 ? cdata : Math.min(cdata, comment);
    if (start === -1) break;
    const isCdata = start === cdata;
    const end = text.indexOf(isCdata ? ']]>' : '-->', start + (isCdata ? 9 : 4));
    out.push(repairMarkup(text.slice(pos, start), seen));
    if (end === -1) {
      // Unterminated (truncated body): keep verbatim, the parser will report it.
      out.push(text.slice(start));
      pos = text.length;
      break;
    }
    out.push(text.slice(start, end + 3));
    pos = end + 3;
  }
  if (pos < text.length) out.push(repairMarkup(text.slice(pos), seen));
  return out.join('');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Everything a strict XML parser would choke on but a human reader would not. */
export function prepareXml(text: string, rootName: string, start: number): string {
  // The prolog (XML declaration, PIs, DOCTYPE with any ENTITY declarations) is dropped whole: no
  // expansion, no external DTD fetch (B2–B5), and no stale encoding= after decoding.
  const xml = repairOutsideCdata(stripInvalidXmlChars(text.slice(start)));
  // Junk after the root (`</feed>>`, appended HTML) and a root close tag missing its `>`.
  const closeRe = new RegExp(`</${escapeRegExp(rootName)}(\\s*>|\\s*$)`, 'g');
  let last: RegExpExecArray | null = null;
  for (let m = closeRe.exec(xml); m; m = closeRe.exec(xml)) last = m;
  if (last) return `${xml.slice(0, last.index)}</${rootName}>`;
  return closeMissingRoot(xml, rootName);
}

/**
 * Appends the missing `</channel></rss>` when a body ends right after a complete item (some CMSs
 * never write the root close). A body cut inside an item, tag or CDATA stays broken: B1 wants
 * `parse_error` for truncated downloads, not a silently shortened item.
 */
function closeMissingRoot(xml: string, rootName: string): string {
  const body = xml.trimEnd();
  if (body.lastIndexOf('<') > body.lastIndexOf('>')) return xml;
  if (body.lastIndexOf('<![CDATA[') > body.lastIndexOf(']]>')) return xml;
  const itemTag = /(?:^|:)feed$/i.test(rootName) ? 'entry' : 'item';
  const openRe = new RegExp(`<${itemTag}[\\s>/]`, 'g');
  let lastOpen = -1;
  for (let m = openRe.exec(body); m; m = openRe.exec(body)) lastOpen = m.index;
  if (lastOpen > body.lastIndexOf(`</${itemTag}>`)) return xml;
  const channel = rootName.toLowerCase() === 'rss' && /<channel[\s>]/.test(body) && !/<\/channel\s*>/.test(body);
  return `${body}${channel ? '</channel>' : ''}</${rootName}>`;
}

// ---------------------------------------------------------------------------------------------
// rss-parser glue
// ---------------------------------------------------------------------------------------------

/** An xml2js element (explicitArray: every child is an array; `_` text, `$` attributes). */
type XmlValue = string | XmlElement;
interface XmlElement {
  [key: string]: unknown;
}

interface Captured {
  captured: true;
  format: 'rss' | 'atom' | 'rdf';
  root: unknown;
}

/**
 * rss-parser does the XML parse and the RSS/Atom/RDF dispatch; its own field mapping is replaced
 * because it throws on a bad Atom date (`new Date(x).toISOString()`), crashes on `<link>` without
 * attributes and drops xml:base. We map the raw xml2js tree ourselves below.
 */
class CapturingParser extends Parser {
  captured: Captured | null = null;
  private capture(format: Captured['format'], root: unknown): Captured {
    this.captured = { captured: true, format, root };
    return this.captured;
  }
  buildAtomFeed(xmlObj: XmlElement): Captured {
    return this.capture('atom', xmlObj.feed);
  }
  buildRSS0_9(xmlObj: XmlElement): Captured {
    return this.capture('rss', xmlObj.rss);
  }
  buildRSS1(xmlObj: XmlElement): Captured {
    return this.capture('rdf', xmlObj['rdf:RDF']);
  }
  buildRSS2(xmlObj: XmlElement): Captured {
    return this.capture('rss', xmlObj.rss);
  }
}

/** sax in non-strict mode upper-cases names; restore the spellings rss-parser and we look for. */
const CANONICAL_NAMES: Record<string, string> = {
  'rdf:rdf': 'rdf:RDF',
  pubdate: 'pubDate',
  lastbuilddate: 'lastBuildDate',
};
function lowerName(name: string): string {
  const lower = name.toLowerCase();
  return CANONICAL_NAMES[lower] ?? lower;
}

/**
 * Runs rss-parser's `parseString` and reads the outcome synchronously: xml2js (async: false) parses
 * inside the Promise executor, so by the time `parseString` returns, our build hook has captured the
 * tree or xml2js has emitted its error. Keeping parseFeed synchronous keeps callers simple.
 */
function xmlToTree(xml: string, strict: boolean, format: Captured['format']): Captured {
  const parser = new CapturingParser({
    defaultRSS: 2,
    xml2js: strict
      ? { strict: true }
      : { strict: false, tagNameProcessors: [lowerName], attrNameProcessors: [(n: string) => n.toLowerCase()] },
  });
  const events = (parser as unknown as { xmlParser: EventEmitter }).xmlParser;
  let error: unknown = null;
  let ended = false;
  events.prependListener('error', (e: unknown) => {
    error ??= e;
  });
  events.prependListener('end', () => {
    ended = true;
  });
  parser.parseString(xml).catch(() => undefined); // outcome already read via the hooks above
  if (parser.captured) return parser.captured;
  if (error) throw error;
  // A root rss-parser does not recognise (`<rss></rss>` with no content): an empty feed.
  if (ended) return { captured: true, format, root: null };
  throw new Error('rss-parser did not finish synchronously');
}

function errorSummary(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.replace(/\s+/g, ' ').trim().slice(0, 200);
}

// ---------------------------------------------------------------------------------------------
// Tree accessors
// ---------------------------------------------------------------------------------------------

function isElement(v: unknown): v is XmlElement {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function children(node: unknown, name: string): XmlValue[] {
  if (!isElement(node)) return [];
  const v = node[name];
  if (!Array.isArray(v)) return [];
  return v.filter((c): c is XmlValue => typeof c === 'string' || isElement(c));
}

function child(node: unknown, ...names: string[]): XmlValue | undefined {
  for (const n of names) {
    const c = children(node, n)[0];
    if (c !== undefined) return c;
  }
  return undefined;
}

function attr(node: unknown, name: string): string | undefined {
  if (!isElement(node)) return undefined;
  const attrs = node.$;
  if (!isElement(attrs)) return undefined;
  const v = attrs[name] ?? attrs[name.toLowerCase()];
  return typeof v === 'string' ? v : undefined;
}

/** Text content of an element (its own text; child markup is serialised only by `innerXml`). */
function text(node: XmlValue | undefined): string {
  if (node === undefined) return '';
  if (typeof node === 'string') return node;
  const t = node._;
  return typeof t === 'string' ? t : '';
}

/**
 * Re-serialises inline XHTML (Atom type="xhtml", xhtml:body). xml2js does not keep the order of text
 * and child elements, so this is text first, then children: good enough for text extraction.
 */
function innerXml(node: XmlValue, depth = 0): string {
  if (typeof node === 'string') return escapeHtml(node);
  if (depth > 64) return '';
  let out = typeof node._ === 'string' ? escapeHtml(node._) : '';
  for (const [key, value] of Object.entries(node)) {
    if (key === '_' || key === '$' || !Array.isArray(value)) continue;
    const tag = key.replace(/^[\w-]+:/, '');
    if (!/^[A-Za-z][\w-]*$/.test(tag)) continue;
    for (const c of value) {
      if (typeof c !== 'string' && !isElement(c)) continue;
      const attrs = isElement(c) && isElement(c.$) ? c.$ : {};
      const attrText = Object.entries(attrs)
        .filter(([k, v]) => typeof v === 'string' && /^[A-Za-z][\w:-]*$/.test(k) && !k.startsWith('xmlns'))
        .map(([k, v]) => ` ${k}="${escapeHtml(String(v))}"`)
        .join('');
      out += `<${tag}${attrText}>${innerXml(c, depth + 1)}</${tag}>`;
    }
  }
  return out;
}

/**
 * Atom text constructs (1.0 `type`, 0.3 `type` + `mode`) → HTML-ish string. Explicit plain text is
 * escaped so that later HTML→text conversion gives back the same characters.
 */
function textConstruct(node: XmlValue | undefined): string {
  if (node === undefined) return '';
  const type = (attr(node, 'type') ?? '').toLowerCase();
  const mode = (attr(node, 'mode') ?? '').toLowerCase();
  if (mode === 'base64') {
    const decoded = Buffer.from(text(node).replace(/\s+/g, ''), 'base64').toString('utf8');
    return type === 'text' || type === 'text/plain' ? escapeHtml(decoded) : decoded;
  }
  if (type === 'xhtml' || mode === 'xml' || type === 'application/xhtml+xml') {
    if (typeof node === 'string') return escapeHtml(node);
    const div = child(node, 'div', 'xhtml:div');
    return div !== undefined ? innerXml(div) : innerXml(node);
  }
  if (typeof node !== 'string' && typeof node._ !== 'string' && Object.keys(node).some((k) => k !== '$')) {
    // Undeclared inline markup (illegally nested elements): keep what we can.
    return innerXml(node);
  }
  const t = text(node);
  return type === 'text' || type === 'text/plain' ? escapeHtml(t) : t;
}

// ---------------------------------------------------------------------------------------------
// URLs
// ---------------------------------------------------------------------------------------------

function isHttpUrl(u: URL): boolean {
  return u.protocol === 'http:' || u.protocol === 'https:';
}

/** A new base from xml:base, only if it resolves to http(s); hostile bases are ignored (B24). */
function deriveBase(candidate: string | undefined, parent: string | null): string | null {
  if (!candidate || !candidate.trim()) return parent;
  try {
    const u = parent ? new URL(candidate.trim(), parent) : new URL(candidate.trim());
    return isHttpUrl(u) ? u.href : parent;
  } catch {
    return parent;
  }
}

/** Absolute http(s) link or null: `javascript:`, `data:` and friends never survive (B23). */
export function resolveHttpUrl(href: string | null | undefined, base: string | null): string | null {
  if (!href) return null;
  // Zero-width/bidi characters would otherwise be percent-encoded into the URL for good.
  const h = stripInvisible(href).trim();
  if (!h || h.length > 8192) return null;
  try {
    const u = base ? new URL(h, base) : new URL(h);
    return isHttpUrl(u) ? u.href : null;
  } catch {
    return null;
  }
}

function safeBase(url: string): string | null {
  return deriveBase(url, null);
}

// ---------------------------------------------------------------------------------------------
// Item mapping
// ---------------------------------------------------------------------------------------------

function firstNonEmpty(values: Array<string | undefined>): string | undefined {
  for (const v of values) if (v !== undefined && v.trim()) return v.trim();
  return undefined;
}

interface DateInfo {
  raw: string | null;
  parsed: ParsedDate;
}

function dateFrom(candidates: Array<string | undefined>, now: Date): DateInfo {
  const present = candidates.map((c) => c?.trim()).filter((c): c is string => !!c);
  for (const raw of present) {
    const parsed = parseDate(raw, { now });
    if (parsed.date) return { raw, parsed };
  }
  const raw = present[0] ?? null;
  return { raw, parsed: raw ? parseDate(raw, { now }) : { date: null } };
}

function withDate(item: RawItem, d: DateInfo): RawItem {
  item.publishedRaw = d.raw;
  item.publishedAt = d.parsed.date;
  item.dateFlag = d.parsed.flag ?? null;
  return item;
}

function categoriesOf(node: XmlValue): string[] {
  const out: string[] = [];
  for (const c of [...children(node, 'category'), ...children(node, 'dc:subject')]) {
    const v = (attr(c, 'term') ?? attr(c, 'label') ?? text(c)).trim();
    if (v) out.push(v);
  }
  return out;
}

const RSS_DATES = ['pubDate', 'dc:date', 'published', 'updated', 'dcterms:modified', 'dc:created'];
const ATOM_DATES = ['published', 'issued', 'created', 'updated', 'modified', 'dc:date'];

function nodeDate(node: XmlValue, names: string[], now: Date): DateInfo {
  return dateFrom(names.map((n) => text(child(node, n))), now);
}

function mapRssItem(node: XmlValue, base: string | null, date: DateInfo): RawItem {
  const itemBase = deriveBase(attr(node, 'xml:base'), base);
  const guidNode = child(node, 'guid');
  const guid = text(guidNode).trim() || attr(node, 'rdf:about')?.trim() || null;
  const atomLink = children(node, 'atom:link').find((l) => !attr(l, 'rel') || attr(l, 'rel') === 'alternate');
  const permaLink = guidNode !== undefined && (attr(guidNode, 'isPermaLink') ?? 'true').toLowerCase() !== 'false' ? guid : undefined;
  const linkCandidates = [
    ...children(node, 'link').map((l) => text(l) || attr(l, 'href')),
    attr(atomLink, 'href'),
    permaLink ?? undefined,
    attr(node, 'rdf:about'),
  ];
  let url: string | null = null;
  for (const c of linkCandidates) {
    url = resolveHttpUrl(c, itemBase);
    if (url) break;
  }
  const body = child(node, 'xhtml:body', 'body');
  const encoded = child(node, 'content:encoded');
  const description = child(node, 'description');
  const item: RawItem = {
    guid,
    url,
    title: firstNonEmpty([textConstruct(child(node, 'title')), text(child(node, 'dc:title'))]) ?? null,
    summary: description !== undefined ? textConstruct(description) : null,
    content: encoded !== undefined ? text(encoded) : body !== undefined ? innerXml(body) : null,
    author: firstNonEmpty([text(child(node, 'author')), text(child(node, 'dc:creator')), text(child(node, 'itunes:author'))]) ?? null,
    categories: categoriesOf(node),
  };
  return withDate(item, date);
}

function atomAuthor(node: XmlValue | undefined): string | undefined {
  if (node === undefined) return undefined;
  const author = child(node, 'author');
  if (author === undefined) return undefined;
  return firstNonEmpty([text(child(author, 'name')), text(author)]);
}

function atomLink(node: XmlValue, base: string | null): string | null {
  const links = children(node, 'link');
  const ranked = [
    ...links.filter((l) => (attr(l, 'rel') ?? 'alternate') === 'alternate' && /html/i.test(attr(l, 'type') ?? 'text/html')),
    ...links.filter((l) => (attr(l, 'rel') ?? 'alternate') === 'alternate'),
    ...links,
  ];
  for (const l of ranked) {
    const href = attr(l, 'href') ?? text(l);
    const url = resolveHttpUrl(href, deriveBase(attr(l, 'xml:base'), base));
    if (url) return url;
  }
  return null;
}

function mapAtomEntry(node: XmlValue, base: string | null, feedAuthor: string | undefined, date: DateInfo): RawItem {
  const entryBase = deriveBase(attr(node, 'xml:base'), base);
  const content = child(node, 'content');
  const summary = child(node, 'summary');
  const item: RawItem = {
    guid: text(child(node, 'id')).trim() || null,
    url: atomLink(node, entryBase),
    title: textConstruct(child(node, 'title')).trim() || null,
    summary: summary !== undefined ? textConstruct(summary) : null,
    content: content !== undefined && !attr(content, 'src') ? textConstruct(content) : null,
    author: atomAuthor(node) ?? feedAuthor ?? null,
    categories: categoriesOf(node),
  };
  return withDate(item, date);
}

/** The feed's own title is shown as the source name: plain text, one line (item titles stay raw). */
function feedTitle(html: string): string | null {
  return htmlToText(html).replace(/\s+/g, ' ').trim().slice(0, 300) || null;
}

function mapXmlFeed(captured: Captured, baseUrl: string, now: Date, maxItems: number): MappedFeed {
  const root = captured.root;
  const rootBase = deriveBase(attr(root, 'xml:base'), safeBase(baseUrl));
  if (captured.format === 'atom') {
    const feedAuthor = atomAuthor(isElement(root) ? root : undefined);
    const entries = children(root, 'entry');
    const { kept, dropped } = selectNewest(entries.map((e) => nodeDate(e, ATOM_DATES, now)), maxItems);
    const items = kept.map(({ index, date }) => mapAtomEntry(entries[index] ?? '', rootBase, feedAuthor, date));
    const title = feedTitle(textConstruct(child(root, 'title')));
    return { feed: { title, link: isElement(root) ? atomLink(root, rootBase) : null, items, format: 'atom' }, dropped };
  }
  // RSS 0.9x/2.0: items live in <channel>; RDF (RSS 0.90/1.0) and broken RSS put them beside it.
  const channel = child(root, 'channel');
  const channelBase = deriveBase(attr(channel, 'xml:base'), rootBase);
  const itemNodes = [...children(channel, 'item'), ...children(root, 'item')];
  const { kept, dropped } = selectNewest(itemNodes.map((n) => nodeDate(n, RSS_DATES, now)), maxItems);
  const items = kept.map(({ index, date }) => mapRssItem(itemNodes[index] ?? '', channelBase, date));
  const title = feedTitle(text(child(channel, 'title')) || text(child(channel, 'dc:title')));
  const link = resolveHttpUrl(text(child(channel, 'link')), channelBase);
  return { feed: { title, link, items, format: captured.format }, dropped };
}

// ---------------------------------------------------------------------------------------------
// JSON Feed 1.x
// ---------------------------------------------------------------------------------------------

function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

function jsonAuthor(v: unknown): string | undefined {
  if (Array.isArray(v)) return firstNonEmpty(v.map(jsonAuthor));
  return isElement(v) ? str(v.name) : undefined;
}

function mapJsonFeed(text: string, baseUrl: string, now: Date, maxItems: number): MappedFeed {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new CrawlError('parse_error', `JSON 语法错误：${errorSummary(e)}`, { cause: e });
  }
  const version = isElement(doc) ? str(doc.version) : undefined;
  if (!isElement(doc) || !version || !/^https?:\/\/jsonfeed\.org\/version\/1/i.test(version)) {
    throw nonFeedError({ code: 'not_a_feed', reason: 'json_not_feed', detailZh: 'JSON 数据但不是 JSON Feed' });
  }
  if (doc.items !== undefined && !Array.isArray(doc.items)) {
    throw new CrawlError('parse_error', 'JSON Feed 的 items 不是数组');
  }
  const base = safeBase(baseUrl);
  const feedAuthor = jsonAuthor(doc.authors) ?? jsonAuthor(doc.author);
  const rawItems = (Array.isArray(doc.items) ? doc.items : []).filter(isElement);
  const dates = rawItems.map((raw) => dateFrom([str(raw.date_published), str(raw.date_modified)], now));
  const { kept, dropped } = selectNewest(dates, maxItems);
  const items = kept.map(({ index, date }): RawItem => {
    const raw = rawItems[index] ?? {};
    const html = str(raw.content_html);
    const plain = str(raw.content_text);
    const summary = str(raw.summary);
    const tags = Array.isArray(raw.tags) ? raw.tags.map(str).filter((t): t is string => !!t && !!t.trim()) : [];
    const item: RawItem = {
      guid: str(raw.id)?.trim() || null,
      url: resolveHttpUrl(str(raw.url), base) ?? resolveHttpUrl(str(raw.external_url), base),
      title: str(raw.title)?.trim() || null,
      summary: summary !== undefined ? escapeHtml(summary) : null,
      content: html ?? (plain !== undefined ? escapeHtml(plain) : null),
      author: jsonAuthor(raw.authors) ?? jsonAuthor(raw.author) ?? feedAuthor ?? null,
      categories: tags,
    };
    return withDate(item, date);
  });
  const feed: ParsedFeed = {
    title: feedTitle(escapeHtml(str(doc.title) ?? '')),
    link: resolveHttpUrl(str(doc.home_page_url), base),
    items,
    format: 'json',
  };
  return { feed, dropped };
}

// ---------------------------------------------------------------------------------------------
// Entry point
// ---------------------------------------------------------------------------------------------

function nonFeedError(v: NonFeedVerdict): CrawlError {
  return new CrawlError(v.code, `${v.reason} ${v.detailZh}`);
}

interface MappedFeed {
  feed: ParsedFeed;
  dropped: number;
}

/**
 * Picks the `max` newest entries (dated ones by date, then undated ones in feed order) and returns
 * them in feed order. Ranking needs only the dates, so only kept entries are mapped (B43).
 */
function selectNewest(dates: DateInfo[], max: number): { kept: Array<{ index: number; date: DateInfo }>; dropped: number } {
  const all = dates.map((date, index) => ({ index, date }));
  if (all.length <= max) return { kept: all, dropped: 0 };
  const time = (d: DateInfo) => d.parsed.date?.getTime();
  const ranked = [...all].sort((a, b) => {
    const ta = time(a.date);
    const tb = time(b.date);
    if (ta !== undefined && tb !== undefined && ta !== tb) return tb - ta;
    if (ta !== undefined && tb === undefined) return -1;
    if (ta === undefined && tb !== undefined) return 1;
    return a.index - b.index;
  });
  const kept = ranked.slice(0, max).sort((a, b) => a.index - b.index);
  return { kept, dropped: all.length - max };
}

/**
 * Parses decoded feed text. Throws CrawlError only: `empty_response` (nothing but whitespace or
 * comments), `not_a_feed` / `blocked_by_waf` (HTML, challenge or parked pages, foreign XML/JSON; the
 * detail starts with a NonFeedReason) and `parse_error` (XML or JSON broken beyond repair).
 */
export function parseFeed(text: string, opts: ParseFeedOptions): ParsedFeed {
  const now = opts.now ?? new Date();
  const maxItems = Math.max(1, opts.maxItems ?? DEFAULT_MAX_ITEMS);
  const sniff = sniffDocument(text);

  let mapped: MappedFeed;
  let recovered = false;
  switch (sniff.type) {
    case 'empty':
      throw new CrawlError('empty_response', '文档为空（只有空白或注释）');
    case 'html':
      throw nonFeedError(classifyHtmlPage(text));
    case 'text':
      throw nonFeedError({ code: 'not_a_feed', reason: 'plain_text', detailZh: '纯文本内容' });
    case 'xml':
      throw nonFeedError({ code: 'not_a_feed', reason: 'xml_not_feed', detailZh: `XML 根元素为 <${sniff.rootName.slice(0, 40)}>` });
    case 'json':
      mapped = mapJsonFeed(stripInvalidXmlChars(text.slice(sniff.start)), opts.baseUrl, now, maxItems);
      break;
    case 'feed': {
      const xml = prepareXml(text, sniff.rootName, sniff.start);
      let tree: Captured;
      try {
        tree = xmlToTree(xml, true, sniff.format);
      } catch (strictError) {
        try {
          tree = xmlToTree(xml, false, sniff.format);
          recovered = true;
          log.debug('feed parsed leniently', { baseUrl: opts.baseUrl, error: errorSummary(strictError) });
        } catch {
          throw new CrawlError('parse_error', errorSummary(strictError), { cause: strictError });
        }
      }
      mapped = mapXmlFeed(tree, opts.baseUrl, now, maxItems);
      break;
    }
  }

  const { feed, dropped } = mapped;
  if (dropped > 0) log.info('feed items over cap skipped', { baseUrl: opts.baseUrl, kept: feed.items.length, dropped });
  return { ...feed, droppedItems: dropped, recovered };
}
