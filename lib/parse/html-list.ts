/**
 * HTML sources (mostly government 通知公告 lists): list page → RawItem[] with configured selectors,
 * and article page → 正文 with a configured selector or a readability-style fallback.
 */
import { load, type CheerioAPI, type Cheerio } from 'cheerio/slim';
import type { AnyNode, Element } from 'domhandler';
import { parseDate, type DateFlag } from '@/lib/dates';
import { CrawlError } from '@/lib/errors';
import type { HtmlSelectors } from '@/lib/sources/schema';
import type { RawItem } from '@/lib/types';
import { collapseWhitespace, nodesToText, stripInvisible } from '@/lib/parse/html-text';
import { classifyHtmlPage } from '@/lib/parse/sniff';

export interface ParseHtmlListOptions {
  baseUrl: string;
  selectors: HtmlSelectors;
  now: Date;
}

export interface ArticleSelectors {
  content: string;
  date?: string;
  title?: string;
}

export interface ParseArticleOptions {
  baseUrl: string;
  selectors?: ArticleSelectors;
  /** Reference time for relative dates; defaults to the current time. */
  now?: Date;
}

export interface ArticlePage {
  title: string | null;
  /** Inner HTML of the content node (untrusted, links made absolute); null if none was found. */
  content: string | null;
  /** Plain text of the content node. */
  text: string;
  publishedRaw: string | null;
  publishedAt: Date | null;
  dateFlag: DateFlag | null;
}

/** Serialise extracted HTML as UTF-8: the default escapes every hanzi as `&#x…;` (3 bytes → 8). */
const LOAD_OPTIONS = { xml: { xmlMode: false, encodeEntities: 'utf8' } } as const;

/** A page with less visible text than this is "empty", not a selector problem. */
const MIN_PAGE_TEXT = 50;

// Dates as they appear in list entries and article headers.
const FULL_DATE_RE =
  /\d{4}\s*(?:年|-|\/|\.)\s*\d{1,2}\s*(?:月|-|\/|\.)\s*\d{1,2}\s*日?(?:\s*\d{1,2}\s*[:：时]\s*\d{1,2}(?:\s*[:：分]\s*\d{1,2})?)?/;
const MONTH_DAY_RE = /[[(（【]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?\s*[\])）】]|(?<![\d.\-/])\d{1,2}-\d{1,2}(?![\d.\-/])/;
const RELATIVE_RE = /刚刚|\d+\s*(?:秒|分钟|小时|天)前|(?:今天|昨天|前天)\s*\d{1,2}:\d{2}/;
const LABELLED_DATE_RE =
  /(?:发布|成文|印发|发文|发表|更新|公开|生成)?(?:时间|日期)\s*[:：]?\s*(\d{4}\s*(?:年|-|\/|\.)\s*\d{1,2}\s*(?:月|-|\/|\.)\s*\d{1,2}\s*日?(?:\s*\d{1,2}\s*[:：]\s*\d{2}(?:\s*[:：]\s*\d{2})?)?)/;

/** Finds a date string inside free text, most specific pattern first. */
export function findDateInText(text: string): string | null {
  const labelled = LABELLED_DATE_RE.exec(text);
  if (labelled?.[1]) return labelled[1].trim();
  for (const re of [FULL_DATE_RE, RELATIVE_RE, MONTH_DAY_RE]) {
    const m = re.exec(text);
    if (m) return m[0].trim();
  }
  return null;
}

function httpUrl(href: string | undefined, base: string | null): string | null {
  if (!href) return null;
  const h = stripInvisible(href).trim();
  if (!h) return null;
  try {
    const u = base ? new URL(h, base) : new URL(h);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

/** The page's <base href> if it is http(s), else the fetch URL (a `javascript:` base is ignored, B24). */
function pageBase($: CheerioAPI, baseUrl: string): string | null {
  const fetchBase = httpUrl(baseUrl, null);
  return httpUrl($('base[href]').first().attr('href'), fetchBase) ?? fetchBase;
}

function select($: CheerioAPI, selector: string, scope?: Cheerio<AnyNode>): Cheerio<AnyNode> {
  try {
    return scope ? scope.find(selector) : $(selector);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    throw new CrawlError('selector_error', `选择器“${selector.slice(0, 100)}”无效：${msg.slice(0, 120)}`, { cause: e });
  }
}

function textOf(nodes: Cheerio<AnyNode>): string {
  return collapseWhitespace(nodesToText(nodes.toArray())).replace(/\s+/g, ' ').trim();
}

function dated(raw: string | null, now: Date): Pick<RawItem, 'publishedRaw' | 'publishedAt' | 'dateFlag'> {
  if (!raw) return { publishedRaw: null, publishedAt: null, dateFlag: null };
  const parsed = parseDate(raw, { now });
  return { publishedRaw: raw, publishedAt: parsed.date, dateFlag: parsed.flag ?? null };
}

/**
 * One RawItem per `selectors.item` element. Throws CrawlError: `selector_error` when nothing matches
 * (or nothing usable) on a page that has content, `blocked_by_waf` when the page is a challenge,
 * `empty_response` when the page is blank.
 */
export function parseHtmlList(html: string, opts: ParseHtmlListOptions): RawItem[] {
  const $ = load(html, LOAD_OPTIONS);
  const base = pageBase($, opts.baseUrl);
  const { selectors } = opts;
  const entries = select($, selectors.item);

  const items: RawItem[] = [];
  entries.each((_, el) => {
    const entry = $(el);
    const linkSelector = selectors.link || 'a';
    let link = select($, linkSelector, entry).first();
    if (!link.length && entry.is(linkSelector)) link = entry;
    const url = httpUrl(link.attr('href'), base);

    let title = selectors.title ? textOf(select($, selectors.title, entry).first()) : textOf(link);
    // Lists truncate long titles (“关于…的通…”) and keep the full one in the title attribute.
    const attrTitle = collapseWhitespace(link.attr('title') ?? '').replace(/\s+/g, ' ');
    if (!selectors.title && attrTitle.length > title.length) title = attrTitle;

    let dateText: string | null = null;
    if (selectors.date) {
      const node = select($, selectors.date, entry).first();
      dateText = textOf(node) || node.attr('datetime')?.trim() || null;
    } else {
      const clone = entry.clone();
      clone.find(linkSelector).remove();
      dateText = findDateInText(textOf(clone)) ?? findDateInText(textOf(entry));
    }

    const summaryNode = selectors.summary ? select($, selectors.summary, entry).first() : null;
    if (!title && !url) return;
    items.push({
      guid: null,
      url,
      title: title || null,
      summary: summaryNode?.length ? (summaryNode.html() ?? null) : null,
      content: null,
      author: null,
      categories: [],
      ...dated(dateText, opts.now),
    });
  });

  if (items.length === 0) {
    const verdict = classifyHtmlPage(html);
    if (verdict.code === 'blocked_by_waf') throw new CrawlError(verdict.code, `${verdict.reason} ${verdict.detailZh}`);
    $('script, style, noscript').remove();
    if (textOf($.root()).length < MIN_PAGE_TEXT) throw new CrawlError('empty_response', '页面没有可见内容');
    const detail = entries.length
      ? `“${selectors.item.slice(0, 100)}”匹配 ${entries.length} 个元素，但没有标题或链接`
      : `“${selectors.item.slice(0, 100)}”没有匹配任何元素`;
    throw new CrawlError('selector_error', detail);
  }
  return items;
}

// ---------------------------------------------------------------------------------------------
// Article pages
// ---------------------------------------------------------------------------------------------

/** 正文 containers of common CMSs (TRS/拓尔思, 大汉, 政府网站集约化平台, WordPress …), most specific first. */
const CONTENT_SELECTORS = [
  '#zoom', '.TRS_Editor', '.trs_editor_view', '#UCAP-CONTENT', '.pages_content', '#fontzoom', '.Custom_UnionStyle',
  '#Zoom', '.zoom', '.article-content', '.article_content', '.articleContent', '#articleContent', '.art_content',
  '.news_content', '.newsContent', '.detail-content', '.detail_content', '.content-text', '.post-content',
  '.entry-content', '#article', '.article', 'article', '.zw', '#zw', '#content', '.content',
];

const BLOCKS_SELECTOR = 'p, pre, blockquote, td, li, h2, h3, h4, div, section';
const COMMA_RE = /[，、。,；;！？!?]/g;

function linkDensity($: CheerioAPI, node: Cheerio<AnyNode>, textLength: number): number {
  if (textLength === 0) return 1;
  const linkText = node
    .find('a')
    .toArray()
    .reduce((n, a) => n + textOf($(a)).length, 0);
  return Math.min(1, linkText / textLength);
}

/** Readability-lite: paragraphs vote for their parent (full) and grandparent (half). */
function bestContentNode($: CheerioAPI): Cheerio<AnyNode> | null {
  const scores = new Map<Element, number>();
  $(BLOCKS_SELECTOR).each((_, el) => {
    // Only leaf-ish blocks vote, so a wrapper does not count its children twice.
    if (el.tagName === 'div' || el.tagName === 'section') {
      if ($(el).children('p, div, section, table, ul, ol').length) return;
    }
    const text = textOf($(el));
    if (text.length < 20) return;
    const score = 1 + (text.match(COMMA_RE)?.length ?? 0) + Math.min(Math.floor(text.length / 100), 3);
    const parent = el.parent && el.parent.type === 'tag' ? el.parent : null;
    if (parent) scores.set(parent, (scores.get(parent) ?? 0) + score);
    const grand = parent?.parent && parent.parent.type === 'tag' ? parent.parent : null;
    if (grand) scores.set(grand, (scores.get(grand) ?? 0) + score / 2);
  });
  let best: Element | null = null;
  let bestScore = 0;
  for (const [el, score] of scores) {
    const node = $(el);
    const adjusted = score * (1 - linkDensity($, node, textOf(node).length));
    if (adjusted > bestScore) {
      best = el;
      bestScore = adjusted;
    }
  }
  return best ? $(best) : null;
}

function findContentNode($: CheerioAPI, selector: string | undefined): Cheerio<AnyNode> | null {
  if (selector) {
    const node = select($, selector).first();
    return node.length ? node : null;
  }
  for (const sel of CONTENT_SELECTORS) {
    const node = $(sel).first();
    if (!node.length) continue;
    const len = textOf(node).length;
    if (len >= 30 && linkDensity($, node, len) < 0.5) return node;
  }
  return bestContentNode($);
}

function metaContent($: CheerioAPI, names: string[]): string | null {
  for (const n of names) {
    const v = $(`meta[name="${n}"], meta[property="${n}"], meta[itemprop="${n}"]`).first().attr('content')?.trim();
    if (v) return v;
  }
  return null;
}

function isInside(node: AnyNode, container: Cheerio<AnyNode>): boolean {
  const roots = new Set<AnyNode>(container.toArray());
  for (let p: AnyNode | null = node; p; p = p.parent) if (roots.has(p)) return true;
  return false;
}

function findTitle($: CheerioAPI, selector: string | undefined, content: Cheerio<AnyNode> | null): string | null {
  if (selector) return textOf(select($, selector).first()) || null;
  const meta = metaContent($, ['ArticleTitle', 'og:title', 'twitter:title']);
  if (meta) return collapseWhitespace(meta).replace(/\s+/g, ' ');
  const pageTitle = textOf($('title').first());
  for (const sel of ['h1', '.article-title', '.title', '#title', 'h2']) {
    for (const el of $(sel).toArray()) {
      // An <h2> inside the 正文 is a section heading, not the article title.
      if (sel === 'h2' && content && isInside(el, content)) continue;
      const t = textOf($(el));
      // A real headline is usually part of <title> ("标题_栏目_站点"); very long ones only then.
      if (t.length < 4) continue;
      if (pageTitle.startsWith(t) && t.length <= 1000) return t;
      if (t.length <= 200 && (!pageTitle || pageTitle.includes(t) || sel === 'h1')) return t;
    }
  }
  return pageTitle || null;
}

function findDate($: CheerioAPI, selector: string | undefined, content: Cheerio<AnyNode> | null): string | null {
  if (selector) {
    const node = select($, selector).first();
    const t = textOf(node) || node.attr('datetime') || node.attr('content') || '';
    return findDateInText(t) ?? (t.trim() || null);
  }
  const meta = metaContent($, [
    'PubDate', 'pubdate', 'publishdate', 'publish_date', 'article:published_time', 'datePublished', 'og:release_date',
    'firstpublishedtime', 'created',
  ]);
  if (meta) return meta;
  const time = $('time[datetime]').first().attr('datetime')?.trim();
  if (time) return time;
  // The date line sits above the 正文 on gov pages ("发布时间：2024-04-16 来源：…").
  const body: Cheerio<AnyNode> = $('body').length ? $('body').first() : $.root();
  const clone = body.clone();
  clone.find('script, style, noscript').remove();
  if (content) {
    const before = textOf(clone).split(textOf(content).slice(0, 30))[0] ?? '';
    const hit = findDateInText(before.slice(-2000));
    if (hit) return hit;
  }
  const text = textOf(clone);
  const labelled = LABELLED_DATE_RE.exec(text);
  return labelled?.[1]?.trim() ?? findDateInText(text.slice(0, 3000));
}

/** Rewrites relative href/src in the extracted content so it still works out of context. */
function absolutise(node: Cheerio<AnyNode>, base: string | null): void {
  node.find('[href], [src]').each((_, el) => {
    for (const attrName of ['href', 'src'] as const) {
      const v = el.attribs[attrName];
      if (v === undefined) continue;
      const abs = httpUrl(v, base);
      if (abs) el.attribs[attrName] = abs;
    }
  });
}

/** Extracts title, 正文 (HTML + text) and publication date from an article page. */
export function parseArticlePage(html: string, opts: ParseArticleOptions): ArticlePage {
  const $ = load(html, LOAD_OPTIONS);
  const base = pageBase($, opts.baseUrl);
  const content = findContentNode($, opts.selectors?.content);
  const title = findTitle($, opts.selectors?.title, content);
  const publishedRaw = findDate($, opts.selectors?.date, content);
  if (content) absolutise(content, base);
  const parsed = publishedRaw ? parseDate(publishedRaw, { now: opts.now ?? new Date() }) : { date: null };
  return {
    title,
    content: content ? (content.html() ?? null) : null,
    text: content ? collapseWhitespace(nodesToText(content.toArray())) : '',
    publishedRaw,
    publishedAt: parsed.date,
    dateFlag: parsed.flag ?? null,
  };
}
