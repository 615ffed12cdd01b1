/**
 * Local demo server: replays the bundled corpus (demo/corpus.ts) as real feeds and pages so the
 * product starts offline and the REAL crawler has something to fetch. Pages are rendered per
 * request from the entries whose publication time (startedAt + offset) has passed, so items
 * keep arriving while someone watches. It behaves like a well-run site — ETag/Last-Modified
 * with 304, gzip, robots.txt — and carries the ugliness real sites have: a GBK feed, zone-less
 * and relative Chinese dates, HTML entities, relative links, undated entries.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { log } from '@/lib/log';
import { corpus, expandText, publishedAt, type CorpusEntry } from '@/demo/corpus';
import { DEMO_FEEDS, articlePath, type DemoFeed } from '@/demo/feeds';

export interface DemoServerOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  /** Offsets in the corpus are relative to this moment. */
  startedAt?: Date;
  /** Injected clock, so tests can move time forward. */
  now?: () => Date;
}

export interface DemoServer {
  url: string;
  startedAt: Date;
  close(): Promise<void>;
}

const MAX_ITEMS_PER_FEED = 100;

export async function startDemoServer(opts: DemoServerOptions): Promise<DemoServer> {
  const host = opts.host ?? '127.0.0.1';
  const startedAt = opts.startedAt ?? new Date();
  const now = opts.now ?? (() => new Date());
  let baseUrl = `http://${host}:${opts.port}`;
  const server = http.createServer((req, res) => {
    try {
      handle(req, res, { startedAt, now: now(), fallbackBase: baseUrl });
    } catch (e) {
      log.error('demo server error', { path: req.url, message: e instanceof Error ? e.message : String(e) });
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('internal error');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  baseUrl = `http://${shownHost}:${port}`;
  log.info('demo server listening', { url: baseUrl, startedAt: startedAt.toISOString() });
  return {
    url: baseUrl,
    startedAt,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // Keep-alive sockets from the crawler would otherwise hold close() open.
        server.closeAllConnections();
      }),
  };
}

// ── request handling ─────────────────────────────────────────────────────────────────

interface Ctx {
  startedAt: Date;
  now: Date;
  fallbackBase: string;
}

interface Page {
  status: number;
  type: string;
  body: Buffer;
  lastModified?: Date;
}

function handle(req: http.IncomingMessage, res: http.ServerResponse, ctx: Ctx): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('method not allowed');
    return;
  }
  const path = new URL(req.url ?? '/', 'http://demo.invalid').pathname;
  const base = requestBase(req, ctx.fallbackBase);
  const page = route(path, base, ctx) ?? notFound();
  log.debug('demo request', { path, status: page.status });
  send(req, res, page);
}

function route(path: string, base: string, ctx: Ctx): Page | null {
  if (path === '/robots.txt') {
    return { status: 200, type: 'text/plain; charset=utf-8', body: Buffer.from('User-agent: *\nAllow: /\n') };
  }
  if (path === '/' || path === '/index.html') return html(renderIndex(base), ctx.startedAt);
  for (const feed of DEMO_FEEDS) {
    if (path === feed.path) return renderFeed(feed, base, ctx);
    if (path.startsWith(feed.articlePrefix) && path.endsWith('.html')) {
      const id = decodeURIComponent(path.slice(feed.articlePrefix.length, -'.html'.length));
      const entry = visibleEntries(feed, ctx).find((e) => e.id === id);
      // Not yet published entries must not leak through their article URL.
      return entry ? renderArticle(feed, entry, base, ctx) : null;
    }
  }
  return null;
}

/** Links in feeds use the host the client asked for, so they work behind any port mapping. */
function requestBase(req: http.IncomingMessage, fallback: string): string {
  const h = req.headers.host;
  return h && /^[\w.-]+(:\d+)?$|^\[[\d:a-f]+\](:\d+)?$/i.test(h) ? `http://${h}` : fallback;
}

function send(req: http.IncomingMessage, res: http.ServerResponse, page: Page): void {
  const headers: Record<string, string> = {
    'Content-Type': page.type,
    'Cache-Control': 'no-cache',
    Vary: 'Accept-Encoding',
  };
  if (page.status === 200) {
    headers.ETag = `"${createHash('sha1').update(page.body).digest('hex').slice(0, 24)}"`;
    if (page.lastModified) headers['Last-Modified'] = page.lastModified.toUTCString();
    if (notModified(req, headers.ETag, page.lastModified)) {
      const h304: Record<string, string> = { ...headers };
      delete h304['Content-Type'];
      res.writeHead(304, h304);
      res.end();
      return;
    }
  }
  let body = page.body;
  if (acceptsGzip(req.headers['accept-encoding'])) {
    body = gzipSync(body);
    headers['Content-Encoding'] = 'gzip';
  }
  headers['Content-Length'] = String(body.length);
  res.writeHead(page.status, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
}

function notModified(req: http.IncomingMessage, etag: string, lastModified?: Date): boolean {
  const inm = req.headers['if-none-match'];
  if (inm !== undefined) {
    // If-None-Match wins over If-Modified-Since (RFC 9110 §13.2.2); weak comparison.
    const tags = inm.split(',').map((t) => t.trim().replace(/^W\//, ''));
    return tags.includes('*') || tags.includes(etag);
  }
  const ims = req.headers['if-modified-since'];
  if (ims && lastModified) {
    const since = Date.parse(ims);
    return Number.isFinite(since) && Math.floor(lastModified.getTime() / 1000) * 1000 <= since;
  }
  return false;
}

function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  return header.split(',').some((part) => {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (name?.trim() !== 'gzip') return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

function notFound(): Page {
  return {
    status: 404,
    type: 'text/html; charset=utf-8',
    body: Buffer.from('<!DOCTYPE html><html><head><meta charset="utf-8"><title>404</title></head><body><h1>404 页面不存在</h1></body></html>'),
  };
}

function html(text: string, lastModified: Date | undefined, encoding: DemoFeed['encoding'] = 'utf-8'): Page {
  return {
    status: 200,
    type: `text/html; charset=${encoding}`,
    body: encode(text, encoding),
    lastModified,
  };
}

function encode(text: string, encoding: DemoFeed['encoding']): Buffer {
  return encoding === 'gbk' ? iconv.encode(text, 'gbk') : Buffer.from(text, 'utf8');
}

// ── corpus selection ─────────────────────────────────────────────────────────────────

const byFeed = new Map<string, CorpusEntry[]>();
for (const e of corpus) {
  const list = byFeed.get(e.feed) ?? [];
  list.push(e);
  byFeed.set(e.feed, list);
}

/** Published entries of one feed, newest first, at most 100. */
export function visibleEntries(feed: DemoFeed, ctx: { startedAt: Date; now: Date }): CorpusEntry[] {
  const cutoff = ctx.now.getTime();
  return (byFeed.get(feed.id) ?? [])
    .filter((e) => publishedAt(e, ctx.startedAt).getTime() <= cutoff)
    .sort((a, b) => b.offsetMinutes - a.offsetMinutes || a.id.localeCompare(b.id))
    .slice(0, MAX_ITEMS_PER_FEED);
}

function newest(entries: CorpusEntry[], startedAt: Date): Date {
  const first = entries[0];
  // An empty feed still needs a stable validator: the week before the demo started.
  return first ? publishedAt(first, startedAt) : new Date(startedAt.getTime() - 7 * 86_400_000);
}

// ── dates (Beijing time, fixed +08:00: China has no DST) ─────────────────────────────

const BJ = 8 * 3600_000;
const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function bj(d: Date) {
  const x = new Date(d.getTime() + BJ);
  return {
    y: x.getUTCFullYear(),
    mo: x.getUTCMonth() + 1,
    d: x.getUTCDate(),
    h: x.getUTCHours(),
    mi: x.getUTCMinutes(),
    s: x.getUTCSeconds(),
    wd: x.getUTCDay(),
    dayNumber: Math.floor(x.getTime() / 86_400_000),
  };
}

const ymd = (d: Date) => {
  const t = bj(d);
  return `${t.y}-${pad(t.mo)}-${pad(t.d)}`;
};
const hm = (d: Date) => {
  const t = bj(d);
  return `${pad(t.h)}:${pad(t.mi)}`;
};
const plainLocal = (d: Date) => `${ymd(d)} ${hm(d)}:${pad(bj(d).s)}`;

function rfc822Cst(d: Date): string {
  const t = bj(d);
  return `${DAYS[t.wd]}, ${pad(t.d)} ${MONTHS[t.mo - 1]} ${t.y} ${pad(t.h)}:${pad(t.mi)}:${pad(t.s)} +0800`;
}

const isoCst = (d: Date) => `${ymd(d)}T${hm(d)}:${pad(bj(d).s)}+08:00`;

function chineseDate(d: Date): string {
  const t = bj(d);
  return `${t.y}年${pad(t.mo)}月${pad(t.d)}日`;
}

/** Forum style: 刚刚 / N分钟前 / N小时前 / 今天 HH:mm / 昨天 HH:mm / 前天 HH:mm / MM-DD HH:mm. */
export function relativeZh(d: Date, now: Date): string {
  const mins = Math.floor((now.getTime() - d.getTime()) / 60_000);
  if (mins < 1) return '刚刚';
  if (mins < 60) return `${mins}分钟前`;
  const days = bj(now).dayNumber - bj(d).dayNumber;
  if (days === 0) return mins < 180 ? `${Math.floor(mins / 60)}小时前` : `今天 ${hm(d)}`;
  if (days === 1) return `昨天 ${hm(d)}`;
  if (days === 2) return `前天 ${hm(d)}`;
  const t = bj(d);
  return bj(now).y === t.y ? `${pad(t.mo)}-${pad(t.d)} ${hm(d)}` : `${ymd(d)} ${hm(d)}`;
}

function rssDate(feed: DemoFeed, d: Date): string {
  switch (feed.rssDates) {
    case 'rfc822-gmt':
      return d.toUTCString();
    case 'plain-local':
      return plainLocal(d);
    default:
      return rfc822Cst(d);
  }
}

// ── text helpers ─────────────────────────────────────────────────────────────────────

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** TRS-style pages write curly quotes as named entities. */
const entityQuotes = (s: string) => s.replace(/“/g, '&ldquo;').replace(/”/g, '&rdquo;');
/** Some feeds write them as numeric character references. */
const numericQuotes = (s: string) => s.replace(/“/g, '&#8220;').replace(/”/g, '&#8221;');

function cdata(s: string): string {
  return `<![CDATA[${s.split(']]>').join(']]]]><![CDATA[>')}]]>`;
}

function paragraphs(text: string): string[] {
  return text.split('\n').map((p) => p.trim()).filter(Boolean);
}

function paragraphsHtml(text: string, indent = '　　'): string {
  return paragraphs(text)
    .map((p) => `<p>${indent}${esc(p)}</p>`)
    .join('\n');
}

/** First sentence, as list pages and summary-only feeds show it. */
function lead(text: string, max = 90): string {
  const first = text.split('\n')[0] ?? text;
  const m = /^.*?[。！？]/.exec(first);
  const s = m ? m[0] : first;
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

/** Stable pseudo-random number per entry (reply counts and the like). */
function stableNumber(id: string, mod: number): number {
  return createHash('md5').update(id).digest().readUInt32BE(0) % mod;
}

// ── renderers ────────────────────────────────────────────────────────────────────────

function renderFeed(feed: DemoFeed, base: string, ctx: Ctx): Page {
  const entries = visibleEntries(feed, ctx);
  const lastModified = newest(entries, ctx.startedAt);
  switch (feed.format) {
    case 'rss':
      return {
        status: 200,
        type: `application/rss+xml; charset=${feed.encoding}`,
        body: encode(renderRss(feed, entries, base, ctx, lastModified), feed.encoding),
        lastModified,
      };
    case 'atom':
      return {
        status: 200,
        type: 'application/atom+xml; charset=utf-8',
        body: encode(renderAtom(feed, entries, base, ctx, lastModified), 'utf-8'),
        lastModified,
      };
    case 'html-forum':
      return html(renderForumList(feed, entries, ctx), lastModified);
    case 'html-gov':
      return html(renderGovList(feed, entries, ctx), lastModified);
  }
}

function renderRss(feed: DemoFeed, entries: CorpusEntry[], base: string, ctx: Ctx, lastBuild: Date): string {
  const gbk = feed.encoding === 'gbk';
  const items = entries.map((e) => {
    const link = `${base}${articlePath(feed, e.id)}`;
    const body = expandText(e.body, ctx.startedAt);
    const title = feed.id === 'demo-central-media' ? numericQuotes(esc(e.title)) : esc(e.title);
    const parts = [`<title>${title}</title>`, `<link>${esc(link)}</link>`];
    // Each feed identifies items differently, as real ones do: opaque GUID, permalink GUID, none.
    if (feed.id === 'demo-central-media') parts.push(`<guid isPermaLink="true">${esc(link)}</guid>`);
    else if (!gbk) parts.push(`<guid isPermaLink="false">${feed.id}:${e.id}</guid>`);
    if (gbk) parts.push(`<description>${esc(body.replace(/\n/g, ' '))}</description>`);
    else if (feed.fullContent) {
      parts.push(`<description>${cdata(esc(lead(body, 120)))}</description>`);
      parts.push(`<content:encoded>${cdata(paragraphsHtml(body))}</content:encoded>`);
    } else if (feed.id === 'demo-central-media') {
      parts.push(`<description>${cdata(`<p>&nbsp;&nbsp;${esc(lead(body, 120))}</p>`)}</description>`);
    } else parts.push(`<description>${cdata(paragraphsHtml(body))}</description>`);
    if (e.author) {
      parts.push(feed.id === 'demo-central-media' || feed.fullContent ? `<dc:creator>${esc(e.author)}</dc:creator>` : `<author>${esc(e.author)}</author>`);
    }
    for (const c of e.categories ?? []) parts.push(`<category>${esc(c)}</category>`);
    if (!e.noDate) parts.push(`<pubDate>${rssDate(feed, publishedAt(e, ctx.startedAt))}</pubDate>`);
    return `<item>\n  ${parts.join('\n  ')}\n</item>`;
  });
  return [
    `<?xml version="1.0" encoding="${gbk ? 'gbk' : 'UTF-8'}"?>`,
    '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">',
    '<channel>',
    `<title>${esc(feed.siteTitle)}</title>`,
    `<link>${esc(base)}/</link>`,
    `<description>${esc(feed.description)}</description>`,
    '<language>zh-cn</language>',
    `<lastBuildDate>${rssDate(feed, lastBuild)}</lastBuildDate>`,
    '<ttl>1</ttl>',
    ...items,
    '</channel>',
    '</rss>',
    '',
  ].join('\n');
}

function renderAtom(feed: DemoFeed, entries: CorpusEntry[], base: string, ctx: Ctx, updated: Date): string {
  const items = entries.map((e) => {
    const link = `${base}${articlePath(feed, e.id)}`;
    const body = expandText(e.body, ctx.startedAt);
    const when = isoCst(publishedAt(e, ctx.startedAt));
    return [
      '<entry>',
      `  <title>${esc(e.title)}</title>`,
      `  <id>urn:demo:${feed.id}:${e.id}</id>`,
      `  <link rel="alternate" type="text/html" href="${esc(link)}"/>`,
      ...(e.noDate ? [] : [`  <published>${when}</published>`, `  <updated>${when}</updated>`]),
      ...(e.author ? [`  <author><name>${esc(e.author)}</name></author>`] : []),
      ...(e.categories ?? []).map((c) => `  <category term="${esc(c)}"/>`),
      `  <summary type="text">${esc(lead(body, 120))}</summary>`,
      `  <content type="html">${esc(paragraphsHtml(body))}</content>`,
      '</entry>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">',
    `<title>${esc(feed.siteTitle)}</title>`,
    `<subtitle>${esc(feed.description)}</subtitle>`,
    `<id>urn:demo:${feed.id}</id>`,
    `<updated>${isoCst(updated)}</updated>`,
    `<link rel="self" href="${esc(base + feed.path)}"/>`,
    `<link rel="alternate" href="${esc(base)}/"/>`,
    ...items,
    '</feed>',
    '',
  ].join('\n');
}

function pageShell(title: string, body: string, encoding: DemoFeed['encoding'] = 'utf-8'): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="zh-CN">',
    `<head><meta http-equiv="Content-Type" content="text/html; charset=${encoding}"><title>${title}</title></head>`,
    '<body>',
    '<div class="demo-banner">【演示】本页由内置演示服务生成，内容均为虚构</div>',
    body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function renderForumList(feed: DemoFeed, entries: CorpusEntry[], ctx: Ctx): string {
  const lis = entries.map((e) => {
    const when = relativeZh(publishedAt(e, ctx.startedAt), ctx.now);
    return [
      '<li>',
      `<a href="${articlePath(feed, e.id)}" target="_blank">${esc(e.title)}</a>`,
      `<p class="summary">${esc(lead(expandText(e.body, ctx.startedAt), 60))}</p>`,
      `<span class="author">${esc(e.author ?? '匿名网友')}</span>`,
      e.noDate ? '' : `<span class="time">${when}</span>`,
      `<span class="replies">回复 ${stableNumber(e.id, 300)}</span>`,
      '</li>',
    ].join('');
  });
  return pageShell(
    esc(feed.siteTitle),
    `<div class="board"><h2>社会民生</h2>\n<ul class="list">\n${lis.join('\n')}\n</ul></div>`,
  );
}

function renderGovList(feed: DemoFeed, entries: CorpusEntry[], ctx: Ctx): string {
  const lis = entries.map((e) => {
    // Relative links, curly quotes as entities and date-only Chinese dates, as TRS sites print them.
    const href = `./art/${encodeURIComponent(e.id)}.html`;
    const date = e.noDate ? '' : `<span class="date">${chineseDate(publishedAt(e, ctx.startedAt))}</span>`;
    return `<li><a href="${href}" title="${entityQuotes(esc(e.title))}" target="_blank">${entityQuotes(esc(e.title))}</a>${date}</li>`;
  });
  return pageShell(
    `工作动态_${esc(feed.siteTitle)}`,
    `<div class="position">当前位置：首页 &gt; 新闻中心 &gt; 工作动态</div>\n<div class="list_con">\n<ul>\n${lis.join('\n')}\n</ul>\n</div>`,
  );
}

function renderArticle(feed: DemoFeed, e: CorpusEntry, base: string, ctx: Ctx): Page {
  const when = publishedAt(e, ctx.startedAt);
  const body = expandText(e.body, ctx.startedAt);
  if (feed.format === 'html-forum') {
    const replies = stableNumber(e.id, 300);
    return html(
      pageShell(
        `${esc(e.title)} - ${esc(feed.siteTitle)}`,
        [
          '<div class="post">',
          `<h1 class="post-title">${esc(e.title)}</h1>`,
          `<div class="post-meta"><span class="post-author">楼主：${esc(e.author ?? '匿名网友')}</span>` +
            `<span class="post-time">${ymd(when)} ${hm(when)}</span><span class="post-replies">回复：${replies}</span></div>`,
          `<div class="post-content">\n${paragraphsHtml(body, '')}\n</div>`,
          '</div>',
        ].join('\n'),
      ),
      when,
    );
  }
  // Government-style article page (TRS): metadata in <meta>, body in #zoom > .TRS_Editor.
  const title = feed.format === 'html-gov' ? entityQuotes(esc(e.title)) : esc(e.title);
  const source = esc(e.author ?? feed.siteTitle);
  const text = paragraphs(body)
    .map((p) => `<p>&nbsp;&nbsp;&nbsp;&nbsp;${entityQuotes(esc(p))}</p>`)
    .join('\n');
  const meta = [
    `<meta name="ArticleTitle" content="${esc(e.title)}">`,
    `<meta name="ContentSource" content="${source}">`,
    e.noDate ? '' : `<meta name="PubDate" content="${plainLocal(when)}">`,
  ].join('');
  const page = [
    '<!DOCTYPE html>',
    '<html lang="zh-CN">',
    `<head><meta http-equiv="Content-Type" content="text/html; charset=${feed.encoding}">${meta}<title>${title}_${esc(feed.siteTitle)}</title></head>`,
    '<body>',
    '<div class="demo-banner">【演示】本页由内置演示服务生成，内容均为虚构</div>',
    '<div class="article">',
    `<h1 class="article-title">${title}</h1>`,
    `<div class="article-info">${e.noDate ? '' : `<span class="pubtime">发布时间：${plainLocal(when)}</span>`}<span class="source">来源：${source}</span></div>`,
    `<div id="zoom" class="article-content"><div class="TRS_Editor">\n${text}\n</div></div>`,
    `<div class="back"><a href="${esc(base + feed.path)}">返回列表</a></div>`,
    '</div>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
  return html(page, when, feed.encoding);
}

function renderIndex(base: string): string {
  const rows = DEMO_FEEDS.map(
    (f) => `<li><a href="${esc(base + f.path)}">${esc(f.name)}</a> <code>${f.format}</code> <code>${f.encoding}</code></li>`,
  );
  return pageShell('演示信源服务', `<h1>演示信源服务</h1>\n<ul>\n${rows.join('\n')}\n</ul>`);
}
