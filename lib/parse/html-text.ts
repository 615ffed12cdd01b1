/**
 * HTML → plain text for scoring and search. Not a sanitizer: the output is text, and the UI escapes
 * it. Walks the tree iteratively so a 50 000-level nesting bomb cannot overflow the stack (B43).
 */
// htmlparser2 (what cheerio/slim uses), not parse5: parse5 is quadratic on deep nesting (50k levels ≈ 26 s).
// Called for every field of every item, so it parses directly: a cheerio wrapper triples the cost.
import { load } from 'cheerio/slim';
import { parseDocument } from 'htmlparser2';
import type { AnyNode } from 'domhandler';

/** Inputs beyond this are cut before parsing; callers cap the resulting text again. */
const DEFAULT_MAX_INPUT = 2 * 1024 * 1024;

// Elements whose content is never shown as text (iframe content is raw text browsers ignore).
// <object> is not here: its children are fallback content that browsers do render.
const DROP = new Set([
  'script', 'style', 'noscript', 'template', 'head', 'iframe', 'embed', 'svg', 'math', 'canvas', 'select',
  'option', 'button', 'textarea', 'audio', 'video',
]);
const BLOCK = new Set([
  'address', 'article', 'aside', 'blockquote', 'center', 'dd', 'details', 'dialog', 'dir', 'div', 'dl', 'dt',
  'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup',
  'hr', 'li', 'main', 'menu', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'thead',
  'tfoot', 'tr', 'ul', 'caption', 'body', 'html', 'title',
]);
const CELL = new Set(['td', 'th']);

// NUL/C0 (except tab, LF, CR), DEL/C1, bidi embeddings/overrides/isolates, zero-width characters,
// BOM and lone surrogates. PostgreSQL rejects 0x00 and would fail the whole batch (B44).
const INVISIBLE =
  /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\u200B-\u200D\u2060\uFEFF\u202A-\u202E\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Removes characters that are invisible, directional tricks or illegal in storage. */
export function stripInvisible(text: string): string {
  return text.replace(INVISIBLE, '');
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** Collapses runs of spaces inside lines and drops blank lines; full-width indent spaces go too. */
export function collapseWhitespace(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  for (const line of lines) {
    const l = line.replace(/[ \t\f\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+/g, ' ').trim();
    if (l) out.push(l);
  }
  return out.join('\n');
}

/** Text of an already-parsed node list, with block elements on their own lines. */
export function nodesToText(roots: readonly AnyNode[]): string {
  const parts: string[] = [];
  // Reverse-order stack of nodes; the string marker emits a line break after a block closes.
  const stack: Array<AnyNode | '\n'> = [...roots].reverse();
  while (stack.length) {
    const node = stack.pop();
    if (node === undefined) break;
    if (node === '\n') {
      parts.push('\n');
      continue;
    }
    if (node.type === 'text') {
      parts.push(node.data);
      continue;
    }
    if (node.type === 'cdata') {
      stack.push(...[...node.children].reverse());
      continue;
    }
    if (node.type !== 'tag' && node.type !== 'root') continue; // comments, directives, script, style
    if (node.type === 'tag') {
      const name = node.name.toLowerCase();
      if (DROP.has(name)) continue;
      if (name === 'br') {
        parts.push('\n');
        continue;
      }
      if (BLOCK.has(name)) {
        parts.push('\n');
        stack.push('\n');
      } else if (CELL.has(name)) {
        parts.push(' ');
      }
    }
    for (let i = node.children.length - 1; i >= 0; i--) {
      const child = node.children[i];
      if (child) stack.push(child);
    }
  }
  return collapseWhitespace(parts.join(''));
}

/** Nesting beyond this is an attack or garbage; miniflux's sanitizer gives up at the same depth. */
const MAX_DEPTH = 512;
const VOID_TAGS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);

/** Linear scan of tag nesting; true as soon as it exceeds `limit`. */
export function nestingExceeds(html: string, limit = MAX_DEPTH): boolean {
  const re = /<(\/?)([A-Za-z][A-Za-z0-9-]*)[^>]*?(\/?)>/g;
  let depth = 0;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    if (m[1]) depth = Math.max(0, depth - 1);
    else if (!m[3] && !VOID_TAGS.has((m[2] ?? '').toLowerCase()) && ++depth > limit) return true;
  }
  return false;
}

/**
 * Flat fallback for absurdly nested HTML: htmlparser2 searches its open-element stack on every
 * close tag, which is quadratic at 50 000 levels (B43). Drops script/style bodies, turns block
 * tags into line breaks, strips the rest, then decodes entities on the tag-free text.
 */
function flatHtmlToText(html: string): string {
  let out = '';
  let pos = 0;
  const lower = html.toLowerCase();
  const opener = /<(script|style|noscript|template|iframe|textarea)\b/gi;
  for (let m = opener.exec(html); m; m = opener.exec(html)) {
    const close = lower.indexOf(`</${(m[1] ?? '').toLowerCase()}`, m.index);
    out += html.slice(pos, m.index);
    pos = close === -1 ? html.length : close;
    opener.lastIndex = pos + 1;
    if (close === -1) break;
  }
  out += html.slice(pos);
  const stripped = out
    .replace(/<\/?(?:p|div|br|li|tr|h[1-6]|ul|ol|table|section|article|blockquote|pre|hr)\b[^>]*>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/</g, '&lt;');
  return collapseWhitespace(load(stripped, null, false).root().text());
}

/**
 * Plain text of an HTML fragment: entities decoded, scripts/styles dropped, block elements → line
 * breaks, whitespace collapsed.
 */
export function htmlToText(html: string, opts: { maxInput?: number } = {}): string {
  if (!html) return '';
  const input = html.length > (opts.maxInput ?? DEFAULT_MAX_INPUT) ? html.slice(0, opts.maxInput ?? DEFAULT_MAX_INPUT) : html;
  if (!/[<&]/.test(input)) return collapseWhitespace(input);
  if (nestingExceeds(input)) return flatHtmlToText(input);
  return nodesToText(parseDocument(input).children);
}

const entityCache = new Map<string, string | null>();
const ENTITY_CACHE_MAX = 2048;

/**
 * Decodes one HTML named entity (`nbsp` → U+00A0) using the HTML parser's full table; null when the
 * name is not an HTML entity. Cached: feeds repeat the same handful of names.
 */
export function decodeHtmlEntity(name: string): string | null {
  if (!/^[A-Za-z][A-Za-z0-9]{1,31}$/.test(name)) return null;
  const cached = entityCache.get(name);
  if (cached !== undefined) return cached;
  const ref = `&${name};`;
  const decoded = load(`<p>${ref}</p>`, null, false)('p').text();
  const value = decoded && decoded !== ref ? decoded : null;
  if (entityCache.size < ENTITY_CACHE_MAX) entityCache.set(name, value);
  return value;
}
