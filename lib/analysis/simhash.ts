/**
 * Near-duplicate fingerprints for event grouping: a 64-bit SimHash (reposts of long articles) and a
 * MinHash signature over token bigrams (a second opinion for short posts, where SimHash is weak).
 *
 * Stored fingerprints depend on every detail here (cleaning, token filter, hash function, seeds):
 * a change invalidates the `simhash`/`minhash` columns, so the golden values in
 * tests/analysis/simhash.test.ts must fail first and the stored rows be recomputed.
 *
 * Representation: a SimHash is a pair of unsigned 32-bit numbers `[hi, lo]`, not a bigint. The inner
 * loops then stay in small-integer arithmetic (Math.imul, shifts), which V8 runs without allocation;
 * BigInt would allocate per operation. `toHex`/`fromHex` give the 16-hex-digit column value.
 */
import { segment } from './segment';
import type { Segment } from './segment';
import { CharBitset, CharTable } from './char-table';

/** 64-bit SimHash as two unsigned 32-bit halves: bits 63..32 in `hi`, bits 31..0 in `lo`. */
export type SimHash64 = readonly [hi: number, lo: number];

export interface Fingerprint {
  tokens: string[];
  simhash: SimHash64;
  minhash: Uint32Array;
}

/** Characters of the body that are fingerprinted; the lead carries the story, the tail is boilerplate. */
export const FINGERPRINT_TEXT_CHARS = 1000;
/** Raw characters read before cleaning, so that stripped boilerplate does not shorten the window. */
export const RAW_TEXT_CHARS = 1400;
/** Title characters read, as analyzeItem reads them. */
const TITLE_CHARS = 1000;
/** Default MinHash size (bottom-64: standard error of the Jaccard estimate ≤ 0.06). */
export const MINHASH_K = 64;

/**
 * Words dropped from fingerprints: function words, plus the units that follow the (dropped)
 * numbers of dates and counts (年月日时分许, 人名起). They occur in every report and only blur the
 * SimHash, pulling unrelated accident reports together.
 */
export const FINGERPRINT_STOPWORDS: ReadonlySet<string> = new Set([
  ...'的了在是和与及等据将已对为被把从向于以之其而或并也都就还又这那个有着过让给由至则但所该此各每我你他她它们吗呢吧啊呀哦嘛么得地很更最会要能可中上下'.split(''),
  ...'年月日时分秒许某人名起'.split(''),
  '一个', '我们', '他们', '她们', '它们', '这个', '那个', '这些', '那些', '以及', '并且', '而且', '但是', '因为',
  '所以', '如果', '已经', '目前', '记者', '日电', '本报讯', '消息', '获悉', '了解', '表示', '称',
]);

// Cleaning runs after NFKC, which turns full-width ：（），！ into ASCII; the patterns accept both anyway.
const URL_RE = /(?:https?:\/\/|www\.)[A-Za-z0-9\-._~:/?#[\]@!$&'*+,;=%]+/gi;
/** Weibo repost markers "//@name:" and "回复@name:". */
const REPOST_MARK_RE = /(?:\/\/\s*|回复\s*)@[^:：\s]{1,30}\s*[:：]/g;
/** Remaining @mentions: user names differ between reposts and say nothing about the story. */
const MENTION_RE = /@[^\s@:：,，.。!！?？、;；()（）【】[\]#"“”'‘’]{1,20}/g;
const REPOST_BOILERPLATE_RE = /转发微博|轉發微博|\bRepost\b|网页链接|展开全文|收起全文|查看图片|的微博视频/gi;
/** "（记者 张三 李四）", "(通讯员 王五)". */
const REPORTER_RE = /[（(]\s*(?:记者|通讯员|实习生|见习记者|特约记者|实习记者)[^）)]{0,40}[）)]/g;
/**
 * "来源：新华网", "责任编辑：张三", "编辑：李四" with the name that follows. Anchored on the keyword:
 * a leading optional bracket made the engine try every position (20× slower).
 */
const CREDIT_RE =
  /(?:来源|稿源|责任编辑|责编|编辑|作者|校对|审核|监制|主编|摄影|撰文|通讯员)\s*[:：]\s*[^\s,，。;；)）\]】]{1,20}/g;
const MARKER_RE = /原标题\s*[:：]|(?:本报|本台|本网)讯|[（(]完[）)]|【纠错】|扫一扫|返回搜狐[,，]?查看更多/g;
/** Site suffix of a title: "…致3死_新闻频道_央视网", "…致3死 | 人民网", "…致3死 - 新浪新闻". */
const TITLE_SITE_SUFFIX_RE = /\s*(?:[_|｜]\s*[^_|｜]{1,24}|\s[-–—]\s+[^_|｜\-–—]{1,24})$/;
const SITE_WORD_RE = /网|报|新闻|频道|在线|客户端|com|cn|头条|资讯|电视台|广播/i;
/** Characters of a pure number: digits, Chinese numerals and number punctuation. */
const NUMERAL_CHARS = new CharTable([['0123456789.,%零〇一二两三四五六七八九十百千万亿', 1]]);
/** NUMERAL_CHARS as a bitset, for the per-character test of the common path (a shift and a mask, no probe). */
const NUMERAL_BITS = new CharBitset();
for (const ch of '0123456789.,%零〇一二两三四五六七八九十百千万亿') NUMERAL_BITS.add(ch.charCodeAt(0));
const WORD_CHAR_RE = /[\p{L}\p{N}]/u;

/** Letter or digit? CJK ideographs and ASCII are decided without a regex (this runs per token). */
function isWordChar(code: number): boolean {
  if (code >= 0x4e00 && code <= 0x9fff) return true;
  if (code < 0x80) return (code >= 48 && code <= 57) || ((code | 32) >= 97 && (code | 32) <= 122);
  if (code >= 0x3000 && code <= 0x303f) return code === 0x3007; // CJK punctuation, except 〇
  return WORD_CHAR_RE.test(String.fromCharCode(code));
}

/** Same for the astral character starting at `i` (rare CJK extensions, emoji). */
function isWordCodePoint(w: string, i: number): boolean {
  return WORD_CHAR_RE.test(String.fromCodePoint(w.codePointAt(i) ?? 0));
}

/**
 * The word as it enters the fingerprint, or null for punctuation, whitespace, emoji and pure
 * numbers ("24", "三", "1.5万": counts change between follow-ups). Lower-cased.
 */
function contentWord(w: string): string | null {
  let word = false;
  let numeral = true;
  let upper = false;
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (!word && (c >= 0xd800 && c <= 0xdbff ? isWordCodePoint(w, i) : isWordChar(c))) word = true;
    if (numeral && NUMERAL_CHARS.get(c) === 0) numeral = false;
    if ((c >= 65 && c <= 90) || (c >= 0xc0 && c < 0x2000)) upper = true; // ASCII, Latin-1…Cyrillic
  }
  if (!word || numeral) return null;
  return upper ? w.toLowerCase() : w;
}

function stripTitleSiteSuffix(title: string): string {
  let t = title;
  for (let i = 0; i < 3; i++) {
    const m = TITLE_SITE_SUFFIX_RE.exec(t);
    if (!m || m.index === 0) break;
    const sep = m[0].trim().charAt(0);
    // "_" and "|" are almost always site separators; a dash only when a site word follows it.
    if (sep !== '_' && sep !== '|' && sep !== '｜' && !SITE_WORD_RE.test(m[0])) break;
    t = t.slice(0, m.index);
  }
  return t;
}

/** Removes what differs between copies of one story: repost chains, credits, links, site names. */
export function cleanForFingerprint(input: string): string {
  return cleanNormalized(input.normalize('NFKC'));
}

/** cleanForFingerprint after NFKC. */
function cleanNormalized(input: string): string {
  return input
    .replace(URL_RE, ' ')
    .replace(REPOST_MARK_RE, ' ')
    .replace(MENTION_RE, ' ')
    .replace(REPOST_BOILERPLATE_RE, ' ')
    .replace(REPORTER_RE, ' ')
    .replace(CREDIT_RE, ' ')
    .replace(MARKER_RE, ' ')
    .replace(/[【】#]/g, ' ');
}

/**
 * NFKC of a token, when it can change it. The text is cut before it is normalised (the cut is
 * shared with the other analysers), so full-width letters and digits arrive as they were written.
 * CJK ideographs and the CJK punctuation 、。〃…〵 are NFKC-stable and skip the call.
 */
function normalizeToken(w: string): string {
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (c >= 0x80 && !(c >= 0x4e00 && c <= 0x9fff) && !(c >= 0x3001 && c <= 0x3035)) return w.normalize('NFKC');
  }
  return w;
}

const NON_WORD_RUN_RE = /[^\p{L}\p{N}]+/u;

function pushContent(out: string[], token: string): void {
  const w = contentWord(token);
  if (w !== null && !FINGERPRINT_STOPWORDS.has(w)) out.push(w);
}

/** Single-unit stopwords (most of them), found without hashing the token. */
const STOP_UNITS = new CharTable([[[...FINGERPRINT_STOPWORDS].filter((w) => w.length === 1).join(''), 1]]);
/** First units of the longer stopwords: other words skip the set lookup. */
const STOP_STARTS = new CharTable([[[...FINGERPRINT_STOPWORDS].filter((w) => w.length > 1).map((w) => w.charAt(0)).join(''), 1]]);

/**
 * pushSlowWord for the common tokens, in one pass over the characters: CJK ideographs, ASCII and
 * the NFKC-stable CJK punctuation. Anything else may change under NFKC and takes the slow path.
 * Same decisions as contentWord.
 */
function pushWord(out: string[], raw: string): void {
  let word = false;
  let numeral = true;
  let upper = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c >= 0x4e00 && c <= 0x9fff) {
      word = true;
      if (numeral && !NUMERAL_BITS.has(c)) numeral = false;
    } else if (c < 0x80) {
      if (c >= 48 && c <= 57) {
        word = true;
      } else if ((c | 32) >= 97 && (c | 32) <= 122) {
        word = true;
        numeral = false;
        if (c <= 90) upper = true;
      } else if (c !== 0x2e && c !== 0x2c && c !== 0x25) {
        numeral = false;
      }
    } else if (c >= 0x3001 && c <= 0x3035) {
      if (c === 0x3007) word = true; // 〇: a letter and a numeral
      else numeral = false;
    } else {
      pushSlowWord(out, raw);
      return;
    }
  }
  if (!word || numeral) return;
  const w = upper ? raw.toLowerCase() : raw;
  if (w.length === 1 ? STOP_UNITS.get(w.charCodeAt(0)) !== 0 : STOP_STARTS.get(w.charCodeAt(0)) !== 0 && FINGERPRINT_STOPWORDS.has(w)) return;
  out.push(w);
}

/**
 * pushSlowWord results for single code units. jieba cuts every character outside its blocks
 * (full-width and general punctuation, full-width letters, symbols) into a token of its own,
 * so most slow tokens are one unit long and repeat constantly ("，", "“"); their words are
 * computed once instead of normalising each occurrence.
 */
const slowUnitWords = new Map<number, readonly string[]>();

function pushSlowWord(out: string[], raw: string): void {
  if (raw.length === 1) {
    const c = raw.charCodeAt(0);
    let words = slowUnitWords.get(c);
    if (words === undefined) {
      const found: string[] = [];
      pushSlowWordUncached(found, raw);
      words = found;
      slowUnitWords.set(c, words);
    }
    for (let i = 0; i < words.length; i++) out.push(words[i] as string);
    return;
  }
  pushSlowWordUncached(out, raw);
}

function pushSlowWordUncached(out: string[], raw: string): void {
  const norm = normalizeToken(raw);
  // "℃" becomes "°C", which the cut of normalised text would have split: keep the word parts.
  if (norm !== raw && norm.length > 1) {
    for (const piece of norm.split(NON_WORD_RUN_RE)) pushContent(out, piece);
  } else {
    pushContent(out, norm);
  }
}

function pushTokens(out: string[], text: string): void {
  if (text.trim() === '') return;
  for (const { word } of segment(text)) pushWord(out, word);
}

/**
 * Body boilerplate: what cleanForFingerprint replaces, as sorted, merged [start, end) pairs of `raw`.
 * Each pattern comes with a cheap test for a character or word every match holds: most texts
 * have no @, no colon or no reporter credit, and the test skips a regex scan of the lead.
 */
const BOILERPLATE_RES: readonly (readonly [RegExp, (raw: string) => boolean])[] = [
  [URL_RE, (raw) => raw.includes(':') || raw.includes('.')], // "http(s)://", "www."
  [REPOST_MARK_RE, (raw) => raw.includes('@')],
  [MENTION_RE, (raw) => raw.includes('@')],
  [REPOST_BOILERPLATE_RE, () => true],
  [REPORTER_RE, (raw) => raw.includes('记者') || raw.includes('通讯员') || raw.includes('实习生')],
  [CREDIT_RE, (raw) => raw.includes(':') || raw.includes('：')],
  [MARKER_RE, () => true],
];

function boilerplateSpans(raw: string): number[] {
  const found: [number, number][] = [];
  for (const [re, possible] of BOILERPLATE_RES) {
    if (!possible(raw)) continue;
    re.lastIndex = 0;
    for (let m = re.exec(raw); m !== null; m = re.exec(raw)) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      found.push([m.index, m.index + m[0].length]);
    }
  }
  if (found.length === 0) return [];
  found.sort((x, y) => x[0] - y[0]);
  const spans: number[] = [];
  for (const [start, end] of found) {
    const last = spans.length - 1;
    if (last > 0 && start <= (spans[last] as number)) spans[last] = Math.max(spans[last] as number, end);
    else spans.push(start, end);
  }
  return spans;
}

/**
 * Does jieba end a block at this character? Its blocks are runs of CJK ideographs and
 * [A-Za-z0-9+#&._%-]; anything else (punctuation, spaces) is a token of its own. The cut of the
 * text before such a character is therefore the same whatever follows it. Conservative: only
 * ASCII, general and CJK punctuation and full-width punctuation count ("\r" may pair with "\n").
 */
function isBlockBreak(c: number): boolean {
  if (c < 0x80) {
    if ((c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122)) return false;
    return c !== 0x2b && c !== 0x23 && c !== 0x26 && c !== 0x2e && c !== 0x25 && c !== 0x2d && c !== 0x5f && c !== 0x0d;
  }
  return (
    (c >= 0x2000 && c <= 0x206f) ||
    (c >= 0x3000 && c <= 0x303f) ||
    (c >= 0xff01 && c <= 0xff0f) ||
    (c >= 0xff1a && c <= 0xff20) ||
    (c >= 0xff3b && c <= 0xff40) ||
    (c >= 0xff5b && c <= 0xff65)
  );
}

/**
 * Body tokens from segments already cut for the other analysers. Equivalent in intent to
 * cutting the cleaned lead again: tokens touching boilerplate spans (same patterns as
 * cleanForFingerprint) are dropped, and the lead ends after FINGERPRINT_TEXT_CHARS characters
 * of kept text (a stripped span counts as the one space it becomes).
 *
 * The result depends only on text[0, RAW_TEXT_CHARS), never on how far the caller cut: segments
 * are used up to the last block break before the lead's end, and the few characters after it are
 * cut on their own, as if the text stopped there. So analyzeItem (which cuts MAX_ANALYSED_CHARS)
 * and fingerprint() (which cuts RAW_TEXT_CHARS) give the same tokens.
 */
function pushBodyTokens(out: string[], text: string, segs: readonly Segment[]): void {
  const raw = text.length > RAW_TEXT_CHARS ? text.slice(0, RAW_TEXT_CHARS) : text;
  const spans = boilerplateSpans(raw);
  // Raw offset where the kept text reaches FINGERPRINT_TEXT_CHARS characters.
  let limit = raw.length;
  let removed = 0;
  for (let s = 0; s < spans.length; s += 2) {
    const start = spans[s] as number;
    if (start - removed >= FINGERPRINT_TEXT_CHARS) break;
    removed += (spans[s + 1] as number) - start - 1;
  }
  if (raw.length - removed > FINGERPRINT_TEXT_CHARS) limit = FINGERPRINT_TEXT_CHARS + removed;
  // Where the text goes on, its cut near `limit` depends on what follows: the lead's tail after
  // the last block break is cut again on its own.
  let stable = limit;
  if (limit < text.length) {
    while (stable > 0 && !isBlockBreak(raw.charCodeAt(stable - 1))) stable--;
  }
  let span = 0;
  const keep = (start: number, end: number): boolean => {
    while (span < spans.length && (spans[span + 1] as number) <= start) span += 2;
    return span >= spans.length || end <= (spans[span] as number);
  };
  // jieba cuts full-width letters and digits one by one ("Ｓ３３３", "15ＫＭ"); the NFKC-cleaned
  // text would have given one word ("s333", "15km"), so a contiguous run of letters and digits
  // that holds a full-width one is joined first. Runs of plain ASCII stay as jieba cut them.
  const run: string[] = [];
  let runEnd = -1;
  let runWide = false;
  const flush = (): void => {
    if (runWide) pushWord(out, run.join(''));
    else for (const w of run) pushWord(out, w);
    run.length = 0;
    runWide = false;
  };
  const take = (word: string, start: number, end: number): void => {
    if (!keep(start, end)) return;
    const kind = alnumKind(word);
    if (run.length > 0 && (kind === 0 || start !== runEnd)) flush();
    if (kind === 0) {
      pushWord(out, word);
      return;
    }
    run.push(word);
    runEnd = end;
    if (kind === 2) runWide = true;
  };
  for (const seg of segs) {
    if (seg.end > stable) break;
    take(seg.word, seg.start, seg.end);
  }
  if (stable < limit) {
    for (const seg of segment(raw.slice(stable, limit))) take(seg.word, stable + seg.start, stable + seg.end);
  }
  flush();
}

/** 0: not only letters and digits; 1: ASCII letters and digits; 2: some full-width ones (Ａ-Ｚ ａ-ｚ ０-９). */
function alnumKind(w: string): number {
  let kind = 1;
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (c < 0x80) {
      if (!((c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122))) return 0;
    } else if ((c >= 0xff10 && c <= 0xff19) || (c >= 0xff21 && c <= 0xff3a) || (c >= 0xff41 && c <= 0xff5a)) {
      kind = 2;
    } else {
      return 0;
    }
  }
  return w.length > 0 ? kind : 0;
}


/**
 * Does jieba cut `normalized` (NFKC of `raw`) into the same tokens as `raw`, once each token is
 * normalised? True when NFKC only replaced characters outside jieba's blocks (each a token of its
 * own) by one block-break character each, as it does for full-width punctuation ("：" → ":"):
 * the blocks, and so their cut, are unchanged, and the replaced tokens are punctuation either way.
 */
function sameCut(raw: string, normalized: string): boolean {
  if (raw === normalized) return true;
  if (raw.length !== normalized.length) return false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    const d = normalized.charCodeAt(i);
    if (c === d) continue;
    // Block characters: ASCII letters and digits (NFKC keeps ASCII anyway), ideographs, astral.
    if (c < 0x80 || (c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xd800 && c <= 0xdfff)) return false;
    if (!isBlockBreak(d) || String.fromCharCode(c).normalize('NFKC') !== String.fromCharCode(d)) return false;
  }
  return true;
}

/**
 * Whether NFKC leaves `s` as it is, decided without the call for the common titles: ASCII, CJK
 * ideographs and the CJK punctuation 、。〃…〩 and 〰…〵 are NFKC-stable (the tone marks 〪…〯 are
 * left out: NFKC reorders a run of them).
 */
function nfkcStable(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80 || (c >= 0x4e00 && c <= 0x9fff)) continue;
    if (c >= 0x3001 && c <= 0x3035 && !(c >= 0x302a && c <= 0x302f)) continue;
    return false;
  }
  return true;
}

/**
 * Something cleanNormalized can remove: every one of its patterns holds one of these characters
 * or words (URL ":" or "www.", "@", brackets, 【】#, 讯/扫/返 of the markers, the repost words).
 * Most titles hold none, and the eight replacements are skipped.
 */
const CLEAN_POSSIBLE = /[:：.@#()（）【】讯扫返]|转发微博|轉發微博|repost|网页链接|展开全文|收起全文|查看图片|的微博视频/i;
/** Every site suffix TITLE_SITE_SUFFIX_RE removes starts with one of these separators. */
const SITE_SUFFIX_POSSIBLE = /[_|｜\-–—]/;

/**
 * Title tokens: cleaned, without the site suffix, then repeated so that they weigh twice.
 * `segs` (the caller's cut of `title`, optional) stands in for cutting the cleaned title again
 * when cleaning changed nothing but full-width punctuation (see sameCut) and the site suffix
 * starts at a block break; white space is a token of its own and never a word, so trimming it
 * changes no tokens.
 */
function pushTitleTokens(out: string[], title: string, segs?: readonly Segment[]): void {
  const start = out.length;
  const raw = title.slice(0, TITLE_CHARS);
  const normalized = nfkcStable(raw) ? raw : raw.normalize('NFKC');
  const cleaned = CLEAN_POSSIBLE.test(normalized) ? cleanNormalized(normalized) : normalized;
  const kept = SITE_SUFFIX_POSSIBLE.test(cleaned) ? stripTitleSiteSuffix(cleaned) : cleaned;
  if (
    segs !== undefined &&
    title.length <= TITLE_CHARS &&
    cleaned === normalized &&
    sameCut(raw, normalized) &&
    (kept.length === raw.length || isBlockBreak(normalized.charCodeAt(kept.length)))
  ) {
    for (const seg of segs) {
      if (seg.end > kept.length) break;
      pushWord(out, seg.word);
    }
  } else {
    pushTokens(out, kept.trim());
  }
  const end = out.length;
  for (let i = start; i < end; i++) out.push(out[i] as string);
}

/**
 * Tokens for near-duplicate detection: cleaned title, then the title again, then the lead of the
 * body (about FINGERPRINT_TEXT_CHARS characters, boilerplate removed). Repeating the title gives
 * its words ×2 weight under plain term-frequency weighting, without a separate weight channel.
 * Lower-cased and NFKC-normalised; punctuation, whitespace, function words, URLs, @names and
 * pure numbers are dropped.
 */
export function fingerprintTokens(title: string, text: string): string[] {
  return fingerprintTokensFromSegments(title, text, segment(text.slice(0, RAW_TEXT_CHARS)));
}

/**
 * fingerprintTokens on a body that is already segmented: `segments` (or `segments.text`) must be
 * the segments of `text` or of a prefix of it at least RAW_TEXT_CHARS long (offsets into `text`).
 * With `segments.title` (the segments of `title`), the title is not cut again either.
 */
export function fingerprintTokensFromSegments(title: string, text: string, segments: readonly Segment[] | ItemSegments): string[] {
  const out: string[] = [];
  const bySource = isItemSegments(segments);
  pushTitleTokens(out, title, bySource ? segments.title : undefined);
  if (text.length > 0) pushBodyTokens(out, text, bySource ? segments.text : segments);
  return out;
}

/** The caller's cut of both fields: `title` of the whole title, `text` as for fingerprintTokensFromSegments. */
export interface ItemSegments {
  title: readonly Segment[];
  text: readonly Segment[];
}

function isItemSegments(s: readonly Segment[] | ItemSegments): s is ItemSegments {
  return !Array.isArray(s);
}

// ---------------------------------------------------------------------------------------------
// Hashing

const SEED_HI = 0x9747b28c;
const SEED_LO = 0x5bd1e995;

/**
 * MurmurHash3 finaliser. Returns a signed int32 on purpose: values above 2^31 would leave V8's
 * small-integer representation and slow every bit operation down; typed arrays and `>>> 0`
 * reinterpret the bits where an unsigned value is needed.
 */
function fmix32(x: number): number {
  let h = x;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

// Scratch output of hashToken, to return two numbers without allocating.
let outHi = 0;
let outLo = 0;

/**
 * MurmurHash3 (x86_32) structure run twice with different seeds in one pass, one UTF-16 code unit
 * per block (tokens are short, so the tail handling of the byte-oriented original is not needed).
 * Results in outHi/outLo.
 */
function hashToken(s: string): void {
  let h1 = SEED_HI;
  let h2 = SEED_LO;
  for (let i = 0; i < s.length; i++) {
    let k = Math.imul(s.charCodeAt(i), 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h1 ^= k;
    h1 = (h1 << 13) | (h1 >>> 19);
    h1 = (Math.imul(h1, 5) + 0xe6546b64) | 0;
    h2 ^= k;
    h2 = (h2 << 13) | (h2 >>> 19);
    h2 = (Math.imul(h2, 5) + 0xe6546b64) | 0;
  }
  outHi = fmix32(h1 ^ s.length);
  outLo = fmix32(h2 ^ s.length);
}

/** 32-bit hash of a token (the `hi` half of its 64-bit hash); exported for tests and indexing. */
export function tokenHash32(token: string): number {
  hashToken(token);
  return outHi >>> 0;
}

const acc = new Float64Array(64);
/** Bit-sliced counters: plane p holds bit p of the 32 per-position counts (counts < 2^32). */
const planesHi = new Int32Array(32);
const planesLo = new Int32Array(32);

function addToPlanes(planes: Int32Array, x: number): void {
  // Ripple-carry add of 32 one-bit values at once; amortised about two steps per add.
  let carry = x;
  for (let p = 0; carry !== 0; p++) {
    const plane = planes[p] as number;
    planes[p] = plane ^ carry;
    carry &= plane;
  }
}

/**
 * Weighted 64-bit SimHash. Each occurrence of a token adds its weight, so the weight is the term
 * frequency (title words count twice, see fingerprintTokens) times an optional per-token
 * multiplier (`weights`, e.g. IDF; missing tokens weigh 1, non-positive weights drop the token).
 * Bit i is set when the weights of tokens with hash bit i set outweigh the others; ties give 0.
 * An empty token list hashes to 0.
 *
 * Without `weights` every weight is 1 and the per-bit sums are counted with bit-sliced counters
 * (a few word operations per token instead of 64 additions); the result is identical.
 */
export function simhash64(tokens: readonly string[], weights?: ReadonlyMap<string, number>): SimHash64 {
  let hi = 0;
  let lo = 0;
  if (!weights) {
    const hashes = hashTokens(tokens);
    return simhashOfHashes(hashes.hi, hashes.lo, tokens.length);
  }
  acc.fill(0);
  for (const token of tokens) {
    const w = weights.get(token) ?? 1;
    if (!(w > 0)) continue;
    hashToken(token);
    const th = outHi;
    const tl = outLo;
    for (let b = 0; b < 32; b++) {
      acc[b] = (acc[b] as number) + ((th >>> b) & 1 ? w : -w);
      acc[b + 32] = (acc[b + 32] as number) + ((tl >>> b) & 1 ? w : -w);
    }
  }
  for (let b = 0; b < 32; b++) {
    if ((acc[b] as number) > 0) hi |= 1 << b;
    if ((acc[b + 32] as number) > 0) lo |= 1 << b;
  }
  return [hi >>> 0, lo >>> 0];
}

/** Scratch arrays of hashTokens, grown as needed (typed-array allocation costs more than the hashing). */
let scratchHi = new Int32Array(1024);
let scratchLo = new Int32Array(1024);

/**
 * Both 32-bit hashes of every token, computed once for SimHash and MinHash. The arrays are
 * shared scratch space, valid until the next call; entries past tokens.length are stale.
 */
function hashTokens(tokens: readonly string[]): { hi: Int32Array; lo: Int32Array } {
  if (scratchHi.length < tokens.length) {
    scratchHi = new Int32Array(Math.max(tokens.length, scratchHi.length * 2));
    scratchLo = new Int32Array(scratchHi.length);
  }
  const hi = scratchHi;
  const lo = scratchLo;
  for (let i = 0; i < tokens.length; i++) {
    hashToken(tokens[i] as string);
    hi[i] = outHi;
    lo[i] = outLo;
  }
  return { hi, lo };
}

/** Unweighted simhash64 of n tokens given their hashes (bit-sliced counters, see simhash64). */
function simhashOfHashes(his: Int32Array, los: Int32Array, n: number): SimHash64 {
  planesHi.fill(0);
  planesLo.fill(0);
  for (let i = 0; i < n; i++) {
    addToPlanes(planesHi, his[i] as number);
    addToPlanes(planesLo, los[i] as number);
  }
  if (n === 0) return [0, 0];
  const top = 31 - Math.clz32(n); // highest plane that can be non-zero
  // Bit b is set when its count exceeds n / 2, i.e. reaches floor(n / 2) + 1 (which needs no
  // plane above `top`): compared for all 32 positions at once, plane by plane from the top.
  const least = (n >>> 1) + 1;
  return [atLeast(planesHi, top, least) >>> 0, atLeast(planesLo, top, least) >>> 0];
}

/** Bit mask of the positions whose bit-sliced count (planes 0..top) is at least `least` (< 2^(top+1)). */
function atLeast(planes: Int32Array, top: number, least: number): number {
  let greater = 0;
  let equal = -1;
  for (let p = top; p >= 0; p--) {
    const plane = planes[p] as number;
    if ((least >>> p) & 1) {
      equal &= plane;
    } else {
      greater |= equal & plane;
      equal &= ~plane;
    }
  }
  return greater | equal;
}

function popcount32(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/** Number of differing bits (0–64). */
export function hamming(a: SimHash64, b: SimHash64): number {
  return popcount32((a[0] ^ b[0]) >>> 0) + popcount32((a[1] ^ b[1]) >>> 0);
}

/** 16 lower-case hex digits, most significant first: the value stored in the database. */
export function toHex(hash: SimHash64): string {
  return hash[0].toString(16).padStart(8, '0') + hash[1].toString(16).padStart(8, '0');
}

export function fromHex(hex: string): SimHash64 {
  if (!/^[0-9a-fA-F]{16}$/.test(hex)) throw new Error(`SimHash 须为 16 位十六进制：${hex}`);
  return [Number.parseInt(hex.slice(0, 8), 16), Number.parseInt(hex.slice(8), 16)];
}

/** Largest Hamming distance that the band keys are guaranteed to catch (4 bands − 1). */
export const BAND_MAX_DISTANCE = 3;

/**
 * Four 16-bit band keys "b<i>:<4 hex>" (bits 63–48, 47–32, 31–16, 15–0). Pigeonhole: hashes within
 * Hamming distance 3 differ in at most 3 bands, so they share at least one key. Index the keys and
 * look up candidates by any equal key, then check `hamming` exactly.
 */
export function bandKeys(hash: SimHash64): string[] {
  const hex = toHex(hash);
  return [0, 1, 2, 3].map((i) => `b${i}:${hex.slice(i * 4, i * 4 + 4)}`);
}

// ---------------------------------------------------------------------------------------------
// MinHash over token bigrams

/**
 * Bottom-k MinHash signature of the set of 2-token shingles (a single token when there is only one):
 * the k smallest distinct shingle hashes, ascending. One hash function instead of k permutations
 * makes it O(n log n) rather than O(n·k) (≈ 15 µs instead of ≈ 70 µs for a 2 kB item), and a text
 * with fewer than k distinct shingles keeps them all, so short posts are compared exactly.
 * The length is min(k, distinct shingles); an empty token list gives an empty signature.
 */
export function minhashSignature(tokens: readonly string[], k: number = MINHASH_K): Uint32Array {
  if (!Number.isInteger(k) || k < 1) throw new Error(`MinHash 长度须为正整数：${k}`);
  if (tokens.length === 0) return new Uint32Array(0);
  return minhashOfHashes(hashTokens(tokens).hi, tokens.length, k);
}

let scratchShingles = new Uint32Array(1024);

/** minhashSignature of n tokens given their `hi` hashes. */
function minhashOfHashes(his: Int32Array, n: number, k: number, sortAll = false): Uint32Array {
  if (n === 0) return new Uint32Array(0);
  if (scratchShingles.length < n) scratchShingles = new Uint32Array(Math.max(n, scratchShingles.length * 2));
  const shingles = scratchShingles.subarray(0, n === 1 ? 1 : n - 1);
  let prev = his[0] as number;
  if (n === 1) shingles[0] = fmix32(prev);
  for (let i = 1; i < n; i++) {
    const cur = his[i] as number;
    // Order matters ("爆炸 致" ≠ "致 爆炸"): rotate the first hash before mixing in the second.
    shingles[i - 1] = fmix32(((prev << 7) | (prev >>> 25)) ^ Math.imul(cur, 0x9e3779b1));
    prev = cur;
  }
  // Hashes are uniform, so the k smallest of many lie below about 2k/len of the range: sort only
  // those when there are at least k distinct ones (then they hold the k smallest), else sort all.
  if (!sortAll && shingles.length > 4 * k) {
    const below = Math.min(0xffffffff, Math.ceil((0x100000000 * 2 * k) / shingles.length));
    let few = 0;
    for (let i = 0; i < shingles.length; i++) {
      const v = shingles[i] as number;
      if (v < below) shingles[few++] = v;
    }
    const sig = smallestDistinct(shingles.subarray(0, few), k);
    if (sig.length === k) return sig;
    // Too few below the cut (or duplicates): the values were moved, so hash again from scratch.
    return minhashOfHashes(his, n, k, true);
  }
  return smallestDistinct(shingles, k);
}

/**
 * Sorts values[lo..hi] ascending in place. TypedArray#sort was the largest single cost of the
 * fingerprint in profiles (for the few hundred values of an item); this measured about 5 % faster
 * on the fingerprint stage. Quicksort (median of three) down to short runs, then insertion sort.
 */
function sortUint32(values: Uint32Array, lo: number, hi: number): void {
  let left = lo;
  let right = hi;
  while (right - left > 16) {
    const mid = (left + right) >>> 1;
    // Median of the three as pivot.
    const a = values[left] as number;
    const b = values[mid] as number;
    const c = values[right] as number;
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = left;
    let j = right;
    while (i <= j) {
      while ((values[i] as number) < pivot) i++;
      while ((values[j] as number) > pivot) j--;
      if (i <= j) {
        const t = values[i] as number;
        values[i] = values[j] as number;
        values[j] = t;
        i++;
        j--;
      }
    }
    // Recurse into the smaller part, loop on the larger: the stack stays logarithmic.
    if (j - left < right - i) {
      sortUint32(values, left, j);
      left = i;
    } else {
      sortUint32(values, i, right);
      right = j;
    }
  }
  for (let i = left + 1; i <= right; i++) {
    const v = values[i] as number;
    let j = i - 1;
    while (j >= left && (values[j] as number) > v) {
      values[j + 1] = values[j] as number;
      j--;
    }
    values[j + 1] = v;
  }
}

/** The k smallest distinct values, ascending (sorts `values` in place). */
function smallestDistinct(values: Uint32Array, k: number): Uint32Array {
  sortUint32(values, 0, values.length - 1);
  const sig = new Uint32Array(Math.min(k, values.length));
  let m = 0;
  for (let i = 0; i < values.length && m < sig.length; i++) {
    const v = values[i] as number;
    if (m === 0 || v !== sig[m - 1]) sig[m++] = v;
  }
  return m === sig.length ? sig : sig.slice(0, m);
}

/**
 * Jaccard estimate of two bottom-k signatures: among the k smallest hashes of the union, the share
 * found in both. `k` must be the size the signatures were made with (a signature shorter than k
 * holds its whole set). Exact when both sets have fewer than k shingles; 0 when either is empty.
 */
export function jaccardEstimate(a: Uint32Array, b: Uint32Array, k: number = MINHASH_K): number {
  if (a.length === 0 || b.length === 0) return 0;
  let i = 0;
  let j = 0;
  let taken = 0;
  let both = 0;
  while (taken < k && (i < a.length || j < b.length)) {
    const x = i < a.length ? (a[i] as number) : Infinity;
    const y = j < b.length ? (b[j] as number) : Infinity;
    if (x === y) {
      both++;
      i++;
      j++;
    } else if (x < y) {
      i++;
    } else {
      j++;
    }
    taken++;
  }
  return both / taken;
}

/** 8 hex digits per value, for storage (an empty signature is the empty string). */
export function minhashToHex(sig: Uint32Array): string {
  let s = '';
  for (let i = 0; i < sig.length; i++) s += (sig[i] as number).toString(16).padStart(8, '0');
  return s;
}

export function minhashFromHex(hex: string): Uint32Array {
  if (hex.length % 8 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) {
    throw new Error('MinHash 须为 8 的倍数位十六进制');
  }
  const sig = new Uint32Array(hex.length / 8);
  for (let i = 0; i < sig.length; i++) sig[i] = Number.parseInt(hex.slice(i * 8, i * 8 + 8), 16);
  return sig;
}

/** Tokens, SimHash and MinHash of one item in one call. */
export function fingerprint(title: string, text: string, k: number = MINHASH_K): Fingerprint {
  return fingerprintFromTokens(fingerprintTokens(title, text), k);
}

/**
 * The same fingerprint from a body cut by the caller (see fingerprintTokensFromSegments), so
 * analyzeItem segments the text once. Equal to fingerprint(title, text) by construction.
 */
export function fingerprintFromSegments(
  title: string,
  text: string,
  segments: readonly Segment[] | ItemSegments,
  k: number = MINHASH_K,
): Fingerprint {
  return fingerprintFromTokens(fingerprintTokensFromSegments(title, text, segments), k);
}

function fingerprintFromTokens(tokens: string[], k: number): Fingerprint {
  if (!Number.isInteger(k) || k < 1) throw new Error(`MinHash 长度须为正整数：${k}`);
  const { hi, lo } = hashTokens(tokens);
  return { tokens, simhash: simhashOfHashes(hi, lo, tokens.length), minhash: minhashOfHashes(hi, tokens.length, k) };
}
