/**
 * What a user types into the search box, turned into an FTS5 MATCH expression that can only ever
 * mean "these words". Every word is segmented the way the index is (lib/search/document.ts) and
 * every token is quoted, so FTS5 operators typed by a user (OR, NOT, NEAR(, *, ^, column:) are
 * searched for as plain words and never change the query.
 *
 * The language, explained in the UI (SEARCH_HELP):
 * - words separated by spaces must all occur (AND);
 * - "a quoted phrase" must occur as written (its words in this order, adjacent);
 * - -word or -"phrase" excludes items that contain it;
 * - an unquoted word that the segmenter cuts into several words is a phrase too (煤矿透水 finds
 *   煤矿透水, not 煤矿 … 透水 far apart).
 */
import { segment } from '@/lib/analysis/segment';

export const MAX_QUERY_CHARS = 100;
export const MAX_QUERY_TERMS = 8;

export const SEARCH_HELP =
  '按词检索：空格分隔的词须同时出现；用 "双引号" 检索完整短语；在词前加减号排除，如 -演练。单个汉字只匹配独立成词的字。';

export interface SearchTerm {
  /** The word or phrase as typed (without quotes and minus). */
  text: string;
  exclude: boolean;
  /** Segmented tokens of the term, as the index holds them. */
  tokens: string[];
}

export type ParsedSearch =
  | { kind: 'empty' }
  | { kind: 'error'; message: string }
  | {
      kind: 'ok';
      /** Bind as a parameter: `… WHERE "ItemSearch" MATCH ?`. */
      match: string;
      terms: SearchTerm[];
      /** Words to highlight in results: the included terms and their tokens, longest first. */
      highlight: string[];
    };

const WORD_CHAR = /[\p{L}\p{N}]/u;
const QUOTES = /["“”„«»「」『』]/;

interface RawTerm {
  text: string;
  exclude: boolean;
  quoted: boolean;
}

/** Splits the input into words and "phrases", each optionally excluded with a leading minus. */
export function splitSearchInput(input: string): RawTerm[] {
  const out: RawTerm[] = [];
  const s = input.normalize('NFKC');
  let i = 0;
  while (i < s.length) {
    const ch = s[i] as string;
    if (/\s/u.test(ch)) {
      i += 1;
      continue;
    }
    let exclude = false;
    let j = i;
    if ((s[j] === '-' || s[j] === '−') && j + 1 < s.length && !/\s/u.test(s[j + 1] as string)) {
      exclude = true;
      j += 1;
    }
    if (QUOTES.test(s[j] as string)) {
      // A phrase runs to the next quote mark, or to the end when the user left it open.
      const close = s.slice(j + 1).search(QUOTES);
      const end = close < 0 ? s.length : j + 1 + close;
      out.push({ text: s.slice(j + 1, end).trim(), exclude, quoted: true });
      i = end + 1;
      continue;
    }
    let end = j;
    while (end < s.length && !/\s/u.test(s[end] as string) && !QUOTES.test(s[end] as string)) end += 1;
    out.push({ text: s.slice(j, end), exclude, quoted: false });
    i = end;
  }
  return out.filter((t) => t.text.length > 0);
}

/** An FTS5 string literal: the only special character inside double quotes is the quote itself. */
function ftsString(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

function tokensOf(text: string): string[] {
  return segment(text)
    .map((s) => s.word)
    .filter((w) => WORD_CHAR.test(w));
}

/** One term as FTS5: a phrase of its tokens; a single unquoted word also matches when kept whole. */
function termExpression(tokens: readonly string[], whole: string | null): string {
  const phrase = ftsString(tokens.join(' '));
  return whole && tokens.length > 1 ? `(${phrase} OR ${ftsString(whole)})` : phrase;
}

export function parseSearchQuery(input: string | null | undefined): ParsedSearch {
  const raw = (input ?? '').trim();
  if (!raw) return { kind: 'empty' };
  if (raw.length > MAX_QUERY_CHARS) return { kind: 'error', message: `检索词过长（最多 ${MAX_QUERY_CHARS} 个字符）` };
  const split = splitSearchInput(raw);
  const terms: SearchTerm[] = [];
  const include: string[] = [];
  const exclude: string[] = [];
  for (const t of split) {
    const tokens = tokensOf(t.text);
    // Pure punctuation (a lone "(" or "*") searches for nothing: dropped, like a search engine does.
    if (tokens.length === 0) continue;
    // The whole word as one token, when the user typed it without spaces or punctuation.
    const whole = !t.quoted && /^[\p{L}\p{N}]+$/u.test(t.text) ? t.text : null;
    const expr = termExpression(tokens, whole);
    terms.push({ text: t.text, exclude: t.exclude, tokens });
    (t.exclude ? exclude : include).push(expr);
  }
  if (terms.length > MAX_QUERY_TERMS) return { kind: 'error', message: `检索词过多（最多 ${MAX_QUERY_TERMS} 个词或短语）` };
  if (include.length === 0) {
    if (exclude.length > 0) return { kind: 'error', message: '请至少输入一个要包含的词（减号只用于排除）' };
    return { kind: 'error', message: '检索词中没有可检索的文字（标点和符号不参与检索）' };
  }
  let match = include.join(' AND ');
  if (exclude.length) match = `(${match}) NOT (${exclude.join(' OR ')})`;
  const highlight = new Set<string>();
  for (const t of terms) {
    if (t.exclude) continue;
    highlight.add(t.text);
    for (const tok of t.tokens) highlight.add(tok);
  }
  return {
    kind: 'ok',
    match,
    terms,
    highlight: [...highlight].filter((w) => WORD_CHAR.test(w)).sort((a, b) => b.length - a.length),
  };
}
