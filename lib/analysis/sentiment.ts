/**
 * Lexicon-based sentiment for 舆情 items: explainable by design, because every cue that moved
 * the score is returned with offsets so the UI can highlight why an item was flagged.
 */
import { addSegmentWords, segment } from './segment';
import type { Segment } from './segment';
import { DEFAULT_LEXICON, lexiconSegmentWords } from './lexicon';
import type { Lexicon, LexiconTerm } from './lexicon';
import { POST_DEGREES } from './lexicons/modifiers';
import { CharTable } from './char-table';

export type SentimentLabel = 'negative' | 'neutral' | 'positive';
export type SentimentField = 'title' | 'text';

export interface SentimentCue {
  term: string;
  category: string;
  /** Signed contribution after negation, degree and scope (before the title multiplier). */
  weight: number;
  field: SentimentField;
  /** UTF-16 offsets into that field's string. */
  start: number;
  end: number;
  negated: boolean;
  /** Degree multiplier applied (adverb, fused prefix such as "好开心", following "！"), 1 when none. */
  degree: number;
  /**
   * Set when the cue lies in quoted material: a repost link after "//@" or a #topic#. Its weight
   * already includes REPOST_WEIGHT / HASHTAG_WEIGHT.
   */
  scope?: CueScope;
}

export type CueScope = 'repost' | 'hashtag';

/**
 * A rule that moved the score without being a cue word of its own, so the dashboard can say why:
 * - `news-relay`: a 【headline】, a link, "据…报道/消息/通报" or a case count ("新增…例") marks a
 *   relayed news item; the tone words in that scope (own words, or the quoted repost chain) count
 *   `factor` times. Accident and sensitive cues are exempt: an accident report stays negative.
 *   `start..end` is the signal.
 * - `rhetorical-question`: "不…吗", "难道…", "怎么不…？" affirm rather than negate; the cue at
 *   `start..end` keeps its own sign (its `negated` is false) and `factor` is the change from the
 *   negated reading.
 * - `moved`: a tear or candle mark ([泪], 😭, [蜡烛]) beside 致敬 / 辛苦了 / 加油 / 感动 reads as
 *   being moved; the mark's weight is multiplied by `factor` (negative: it turns positive).
 * - `sarcasm`: a cheerful emoticon ([微笑]-like use of [good], [嘻嘻], [赞]) right after a strongly
 *   negative clause; its weight is multiplied by `factor` (negative).
 * - `contrast`: a turn (但是, 却, 然而, 不过…) inside a sentence: the cues before it in that sentence
 *   count `factor` times, those after it CONTRAST_AFTER times. `start..end` is the turn word.
 * - `indignant-question`: a question led by 为什么/怎么/到底… with no positive cue in it ("为什么
 *   不早说？") reads as a reproach in a crisis; it adds `factor` (negative) to the field's sum.
 *   `start..end` is the question word.
 * For the per-cue rules the cue's `weight` already includes the factor.
 */
export interface SentimentAdjustment {
  rule: AdjustmentRule;
  factor: number;
  field: SentimentField;
  /** UTF-16 offsets into that field; `field.slice(start, end) === term`. */
  start: number;
  end: number;
  term: string;
}

export type AdjustmentRule =
  | 'news-relay'
  | 'rhetorical-question'
  | 'moved'
  | 'sarcasm'
  | 'contrast'
  | 'indignant-question';

export interface SentimentResult {
  /** -1..1 */
  score: number;
  label: SentimentLabel;
  cues: SentimentCue[];
  /** Rules that changed the score beyond the cue words; absent when none fired. */
  adjustments?: SentimentAdjustment[];
}

export interface SentimentInput {
  title?: string | null;
  text?: string | null;
}

export interface SentimentOptions {
  /** Multiplier per cue category, e.g. to read an official bulletin's casualty facts as facts, not tone. */
  categoryScale?: Readonly<Partial<Record<string, number>>>;
  /** Segments already cut for another analyser, so the text is segmented once. */
  segments?: { title: readonly Segment[]; text: readonly Segment[] };
}

export const TITLE_WEIGHT = 2;
export const NEUTRAL_BAND = 0.1;
/** How many tokens back a negator still applies. */
export const NEGATION_WINDOW = 3;
/** A negated word flips sign but counts less: "不满意" is milder than "失望". */
export const NEGATION_DAMPING = 0.6;
const DEGREE_WINDOW = 2;
/**
 * A Weibo repost reads "my comment//@A: A's comment//@B: the original". The reposter's own words
 * (before the first "//@") carry the post's tone; quoted links in the chain count this much.
 */
export const REPOST_WEIGHT = 0.5;
/** Words inside a #topic# name the subject ("#新增确诊440例#") more than the author's tone. */
export const HASHTAG_WEIGHT = 0.5;
/** Each "！" after a cue (up to EXCLAMATION_MAX in a row) raises that cue by this step. */
export const EXCLAMATION_STEP = 0.2;
export const EXCLAMATION_MAX = 3;
/** Tone words in a relayed news item (see SentimentAdjustment) count this much. */
export const NEWS_RELAY_FACTOR = 0.3;
/** Cue categories a news relay does not damp: the facts the regulator watches for. */
const RELAY_EXEMPT = (category: string): boolean => category === 'accident' || category.startsWith('sensitive.');
/** A tear mark beside a word of tribute or thanks turns positive at this share of its weight. */
export const MOVED_FACTOR = -0.8;
/** A cheerful emoticon this close (UTF-16 units) after a cue at or below SARCASM_MIN_WEIGHT reads as sarcasm. */
const SARCASM_GAP = 6;
export const SARCASM_MIN_WEIGHT = -2;
/** Cues before a turn (但是, 却…) in the same sentence count this much; those after it CONTRAST_AFTER. */
export const CONTRAST_BEFORE = 0.5;
export const CONTRAST_AFTER = 1.5;
/** What a reproachful question ("为什么不早说？") adds to the field's sum. */
export const INDIGNANT_QUESTION_WEIGHT = -1;
/** Longest inner text of a bracket tag such as "[中国赞]" or "[给你小心心]". */
const TAG_MAX_CHARS = 12;
/** A "#" that is not closed within this many characters opens no topic. */
const HASHTAG_MAX_CHARS = 40;
/** Longest mention name after "@" that is skipped. */
const MENTION_MAX_CHARS = 30;

interface CompiledLexicon {
  terms: Map<string, LexiconTerm>;
  negators: Set<string>;
  degrees: Map<string, number>;
  breaks: Set<string>;
  /** Proper prefixes of multi-character terms, to rejoin a term the segmenter cut without trying every pair. */
  prefixes: Set<string>;
  /**
   * Everything the scorer asks about one word, behind a single lookup: the token pass reads this
   * once per token instead of probing five sets. Words absent here play no role of their own.
   */
  info: Map<string, WordInfo>;
  /** Single-unit degree adverbs by char code, for fused prefixes ("好开心" = 好 + 开心). */
  degreeUnits: Map<number, number>;
  /**
   * One-hash Bloom filter over the keys of `info` (see wordKey): a zero entry proves a word
   * absent without probing the large map, which is most of the cost for the many plain words.
   */
  infoFilter: Uint8Array;
  /**
   * Entries of single-unit words (punctuation, 不, 很…) by char code, no string hashing:
   * `unitIndex` gives 1 + the index in `unitEntries` (0 when absent; NUL, which CharTable cannot
   * hold, goes in `unitZero`).
   */
  unitIndex: CharTable;
  unitEntries: WordInfo[];
  unitZero: WordInfo | undefined;
}

interface WordInfo {
  term: LexiconTerm | undefined;
  prefix: boolean;
  negator: boolean;
  degree: number | undefined;
  brk: boolean;
  /** A contrast turn (但是, 却) or a reproachful question word (为什么): read from the same lookup. */
  turn: boolean;
  lead: boolean;
}

const compiled = new WeakMap<Lexicon, CompiledLexicon>();

/** Filter slot of a word: its first and last UTF-16 units and its length. */
function wordKey(w: string): number {
  return keyOf(w.charCodeAt(0), w.charCodeAt(w.length - 1), w.length);
}

/** wordKey from the parts, for a word not yet built (segments about to be joined). */
function keyOf(first: number, last: number, length: number): number {
  return (Math.imul(first, 0x9e3779b1) ^ Math.imul(last, 0x85ebca6b) ^ length) >>> 16;
}

function infoOf(lex: CompiledLexicon, w: string): WordInfo | undefined {
  if (w.length === 1) {
    const c = w.charCodeAt(0);
    if (c === 0) return lex.unitZero;
    const k = lex.unitIndex.get(c);
    return k === 0 ? undefined : lex.unitEntries[k - 1];
  }
  return lex.infoFilter[wordKey(w)] === 0 ? undefined : lex.info.get(w);
}

function wordInfos(c: Omit<CompiledLexicon, 'info' | 'degreeUnits' | 'infoFilter' | 'unitIndex' | 'unitEntries' | 'unitZero'>): Map<string, WordInfo> {
  const info = new Map<string, WordInfo>();
  const at = (w: string): WordInfo => {
    let e = info.get(w);
    if (!e) {
      e = { term: undefined, prefix: false, negator: false, degree: undefined, brk: false, turn: false, lead: false };
      info.set(w, e);
    }
    return e;
  };
  for (const [w, t] of c.terms) at(w).term = t;
  for (const w of c.prefixes) at(w).prefix = true;
  for (const w of c.negators) at(w).negator = true;
  for (const [w, m] of c.degrees) at(w).degree = m;
  for (const w of c.breaks) at(w).brk = true;
  for (const w of CONTRAST_TURNS) at(w).turn = true;
  for (const w of INDIGNANT_LEADS) at(w).lead = true;
  return info;
}

function compile(lexicon: Lexicon): CompiledLexicon {
  let c = compiled.get(lexicon);
  if (!c) {
    if (lexicon !== DEFAULT_LEXICON) addSegmentWords(lexiconSegmentWords(lexicon));
    const prefixes = new Set<string>();
    for (const { term } of lexicon.terms) for (let k = 1; k < term.length; k++) prefixes.add(term.slice(0, k));
    const base = {
      prefixes,
      terms: new Map(lexicon.terms.map((t) => [t.term, t])),
      negators: new Set(lexicon.negators),
      degrees: new Map(Object.entries(lexicon.degrees)),
      breaks: new Set(lexicon.clauseBreaks),
    };
    const degreeUnits = new Map<number, number>();
    for (const [w, m] of base.degrees) if (w.length === 1) degreeUnits.set(w.charCodeAt(0), m);
    const info = wordInfos(base);
    const infoFilter = new Uint8Array(0x10000);
    for (const w of info.keys()) infoFilter[wordKey(w)] = 1;
    const unitEntries: WordInfo[] = [];
    const unitCodes: [string, number][] = [];
    let unitZero: WordInfo | undefined;
    for (const [w, e] of info) {
      if (w.length !== 1) continue;
      if (w.charCodeAt(0) === 0) {
        unitZero = e;
        continue;
      }
      unitEntries.push(e);
      unitCodes.push([w, unitEntries.length]);
    }
    c = { ...base, info, degreeUnits, infoFilter, unitIndex: new CharTable(unitCodes), unitEntries, unitZero };
    compiled.set(lexicon, c);
  }
  return c;
}

const WORDLIKE_RE = /[\p{L}\p{N}]/u;

/** Whether a token holds a letter or digit; the common CJK and ASCII cases skip the regex. */
function wordlike(word: string): boolean {
  const c = word.charCodeAt(0);
  if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39)) {
    return true;
  }
  if (c < 0x80 || (c >= 0x3000 && c <= 0x303f) || (c >= 0xff01 && c <= 0xff0f)) return word.length > 1 && WORDLIKE_RE.test(word);
  return WORDLIKE_RE.test(word);
}
const SPACE = /^\s+$/u;
const NON_URL = /[^\x21-\x7e]/;
/** Emoji pieces the segmenter cuts off: variation selector, zero-width joiner, keycap, skin tone. */
function isEmojiJoiner(word: string): boolean {
  const c = word.charCodeAt(0);
  if (c === 0xfe0f || c === 0x200d || c === 0x20e3) return true;
  const low = word.charCodeAt(1);
  return c === 0xd83c && low >= 0xdffb && low <= 0xdfff;
}
const EMOJI_MODIFIERS = /[\u{FE0F}\u{1F3FB}-\u{1F3FF}]/gu;
/** Two-unit complements of POST_DEGREES, the only ones a word's last two units can equal. */
const POST_DEGREES_2 = new Map(Object.entries(POST_DEGREES).filter(([w]) => w.length === 2));
const POST_DEGREES_2_LAST = new Set([...POST_DEGREES_2.keys()].map((w) => w.charCodeAt(1)));
const POST_DEGREE_FIRSTS = new Set(Object.keys(POST_DEGREES).map((w) => w.charCodeAt(0)));
const PHRASE_END = new Set(['的', '了', '啊', '呀', '吧', '呢', '哦', '哈', '嘛', '吗']);
const EXCLAMATIONS = new Set(['！', '!']);
const ELLIPSIS = new Set(['…', '……', '。']);
const QUESTIONS = new Set(['？', '?']);
const MENTION_END = new Set([':', '：', '/', '@', '#', '，', ',', '。', '！', '!', '？', '?', '；', ';', '、', '[', '【', '（', '(']);

/** A unit the scorer reads: a segment, or several merged (bracket tag, split emoji, split lexicon word). */
interface Token {
  word: string;
  start: number;
  end: number;
  /** Inside a quoted repost link / a #topic#. */
  repost: boolean;
  hashtag: boolean;
  /** A boundary that negation, degree and "！" do not cross (the "//@name:" of a repost). */
  boundary: boolean;
  /** A bracket tag or emoji: the writer's own mark, which no adverb or negator reaches. */
  symbol: boolean;
  /** The lexicon's entry for `word`, looked up once. */
  info: WordInfo | undefined;
}

/** The segments from..to-1 as one word, or null when they are not contiguous. */
function joined(segs: readonly Segment[], from: number, to: number): string | null {
  let word = '';
  for (let k = from; k < to; k++) {
    const s = segs[k];
    if (!s) return null;
    if (k > from && segs[k - 1]?.end !== s.start) return null;
    word += s.word;
  }
  return word;
}

/** Index after a bracket tag "[…]" starting at i, or -1. */
function tagEnd(segs: readonly Segment[], i: number): number {
  let chars = 0;
  for (let k = i + 1; k < segs.length && k <= i + TAG_MAX_CHARS; k++) {
    const s = segs[k];
    if (!s || s.start !== segs[k - 1]?.end) return -1;
    if (s.word === ']') return chars > 0 ? k + 1 : -1;
    if (s.word === '[' || SPACE.test(s.word)) return -1;
    chars += s.word.length;
    if (chars > TAG_MAX_CHARS) return -1;
  }
  return -1;
}

/** Index after a mention name that starts at i (the segment after "@"). */
function mentionEnd(segs: readonly Segment[], i: number): number {
  const first = segs[i];
  if (!first) return i;
  let k = i;
  while (k < segs.length) {
    const s = segs[k];
    if (!s || MENTION_END.has(s.word) || SPACE.test(s.word) || s.end - first.start > MENTION_MAX_CHARS) break;
    k++;
  }
  return k;
}

/** Index after a URL whose scheme is at i ("http" ":" "/" "/" …): it runs to whitespace or non-ASCII. */
function urlEnd(segs: readonly Segment[], i: number): number {
  let k = i;
  while (k < segs.length) {
    const s = segs[k];
    if (!s || SPACE.test(s.word) || NON_URL.test(s.word)) break;
    k++;
  }
  return k;
}

function sameCharRun(word: string): boolean {
  if (word.length < 2) return false;
  const first = word.charCodeAt(0);
  for (let k = 1; k < word.length; k++) if (word.charCodeAt(k) !== first) return false;
  return true;
}

/**
 * Turns segments into scoring tokens: bracket tags "[心]" and emoji with their joiners become one
 * token each, lexicon words the segmenter split ("无/语") are rejoined, laughter runs ("哈哈哈哈/哈哈")
 * merge, mention names and URLs drop out, and each token knows whether it is in a repost link or
 * a #topic#. Offsets stay those of the original string.
 */
interface TokenizerState {
  repost: boolean;
  /** Links seen (they are dropped as tokens but mark a relayed item). */
  links: RelaySignal[];
  /** Start of the open #topic#, or -1. */
  hashtagFrom: number;
}

function pushToken(
  out: Token[],
  st: TokenizerState,
  info: WordInfo | undefined,
  word: string,
  start: number,
  end: number,
  boundary: boolean,
  symbol: boolean,
): void {
  if (st.hashtagFrom >= 0 && start - st.hashtagFrom > HASHTAG_MAX_CHARS) st.hashtagFrom = -1;
  out.push({ word, start, end, repost: st.repost, hashtag: st.hashtagFrom >= 0, boundary, symbol, info });
}

function tokenize(segs: readonly Segment[], lex: CompiledLexicon, links: RelaySignal[]): Token[] {
  const out: Token[] = [];
  const st: TokenizerState = { repost: false, hashtagFrom: -1, links };
  let i = 0;
  while (i < segs.length) {
    const seg = segs[i];
    if (!seg) break;
    const w = seg.word;
    const c0 = w.charCodeAt(0);
    // Markers (//@, @name, URLs, #, [tag]) start with ASCII or full-width punctuation, never a
    // CJK ideograph: most segments skip these checks.
    if (c0 < 0x4e00 || c0 > 0x9fff) {
      if (w === '/' || w === '//') {
        const marker = w === '//' ? joined(segs, i, i + 2) : joined(segs, i, i + 3);
        if (marker === '//@') {
          st.repost = true;
          st.hashtagFrom = -1;
          const at = w === '//' ? i + 1 : i + 2;
          pushToken(out, st, infoOf(lex, marker), marker, seg.start, segs[at]?.end ?? seg.end, true, false);
          i = mentionEnd(segs, at + 1);
          continue;
        }
      } else if (w === '@' || w === '＠') {
        i = mentionEnd(segs, i + 1);
        continue;
      } else if ((w === 'http' || w === 'https') && segs[i + 1]?.word === ':') {
        const end = urlEnd(segs, i);
        const last = segs[end - 1];
        if (last && st.hashtagFrom < 0) links.push({ start: seg.start, end: last.end, repost: st.repost, term: '' });
        i = end;
        continue;
      } else if (w === '#' || w === '＃') {
        if (st.hashtagFrom >= 0 && seg.start - st.hashtagFrom <= HASHTAG_MAX_CHARS) {
          st.hashtagFrom = -1;
          pushToken(out, st, infoOf(lex, w), w, seg.start, seg.end, true, false);
        } else {
          pushToken(out, st, infoOf(lex, w), w, seg.start, seg.end, true, false);
          st.hashtagFrom = seg.start;
        }
        i++;
        continue;
      } else if (w === '[') {
        const end = tagEnd(segs, i);
        const last = segs[end - 1];
        if (end > 0 && last) {
          const tag = joined(segs, i, end) ?? w;
          pushToken(out, st, infoOf(lex, tag), tag, seg.start, last.end, false, true);
          i = end;
          continue;
        }
      }
    }
    const prev = out[out.length - 1];
    const contiguous = prev !== undefined && prev.end === seg.start && !prev.boundary;
    if (contiguous && (isEmojiJoiner(w) || prev.word.charCodeAt(prev.word.length - 1) === 0x200d)) {
      prev.word += w;
      prev.end = seg.end;
      prev.info = infoOf(lex, prev.word);
      i++;
      continue;
    }
    if (contiguous && w.charCodeAt(1) === c0 && sameCharRun(w) && sameCharRun(prev.word) && prev.word.charCodeAt(0) === c0) {
      prev.word += w;
      prev.end = seg.end;
      prev.info = infoOf(lex, prev.word);
      i++;
      continue;
    }
    const info = infoOf(lex, w);
    // A lexicon word the segmenter cut in two or three ("无/语", "没/毛病", "凭/什么"): longest wins.
    let word = w;
    let end = seg.end;
    let merged = 1;
    if (info?.prefix && wordlike(w)) {
      let cur = w;
      let curLength = w.length;
      // info.prefix already says that w itself is a prefix; longer joins are looked up.
      for (let k = 1; k < 3 && (k === 1 || lex.prefixes.has(cur)); k++) {
        const nextSeg = segs[i + k];
        if (!nextSeg || nextSeg.start !== segs[i + k - 1]?.end) break;
        // The filter covers every term and prefix: when it rules the joined word out, neither
        // this step nor a longer one can match, and the string need not be built and hashed.
        curLength += nextSeg.word.length;
        if (lex.infoFilter[keyOf(c0, nextSeg.word.charCodeAt(nextSeg.word.length - 1), curLength)] === 0) break;
        cur += nextSeg.word;
        if (lex.terms.has(cur)) {
          word = cur;
          end = nextSeg.end;
          merged = k + 1;
        }
      }
    }
    pushToken(out, st, merged === 1 ? info : infoOf(lex, word), word, seg.start, end, false, !wordlike(word));
    i += merged;
  }
  return out;
}

function isComplement(toks: readonly Token[], at: number, lex: CompiledLexicon): boolean {
  const before = toks[at - 1];
  const after = toks[at + 1];
  const tok = toks[at];
  if (!before || !after || !tok || before.end !== tok.start || after.start !== tok.end) return false;
  if (before.boundary || before.symbol || after.boundary || after.symbol) return false;
  if (!wordlike(before.word) || !wordlike(after.word) || lex.breaks.has(after.word)) return false;
  if (lex.degrees.has(before.word) || lex.negators.has(before.word) || lex.terms.has(before.word)) return false;
  // "好的", "好了", "好啊" end the phrase: the word is an answer or a verdict.
  return !PHRASE_END.has(after.word);
}

/** A degree complement in the one or two tokens after toks[at], with its multiplier. */
function postDegree(toks: readonly Token[], at: number): { mult: number; tokens: number } | undefined {
  const a = toks[at + 1];
  const base = toks[at];
  if (!a || !base || a.boundary || a.start !== base.end) return undefined;
  // Most words cannot start a complement; the keys of Object.prototype are ASCII, so a non-ASCII
  // first unit outside the table's first units finds nothing in either lookup below.
  const c0 = a.word.charCodeAt(0);
  if (c0 >= 0x80 && !POST_DEGREE_FIRSTS.has(c0)) return undefined;
  const one = POST_DEGREES[a.word];
  if (one !== undefined) return { mult: one, tokens: 1 };
  const b = toks[at + 2];
  if (!b || b.boundary || b.start !== a.end) return undefined;
  const two = POST_DEGREES[a.word + b.word];
  return two === undefined ? undefined : { mult: two, tokens: 2 };
}

interface FieldScore {
  sum: number;
  tokens: number;
  cues: SentimentCue[];
  /** Sum of cue weights a news relay damps, for the author's own words [0] and the quoted chain [1]. */
  dampable: [number, number];
  /** News-relay signals, own [0] and quoted [1]. */
  relay: [RelaySignal | undefined, RelaySignal | undefined];
  adjustments: SentimentAdjustment[];
}

interface RelaySignal {
  start: number;
  end: number;
  repost: boolean;
  /** Filled in when the signal is reported. */
  term: string;
}

/** Words that, after "据" in the same clause, attribute the text to a news source. */
const ATTRIBUTION = new Set(['报道', '消息', '通报', '发布', '介绍', '获悉', '统计', '了解', '显示', '通告', '公告']);
/** Question words that make "怎么不…" a reproach rather than a negation. */
const RHETORICAL_LEAD = new Set(['怎么', '为什么', '凭什么', '咋', '干嘛', '为啥', '难道', '岂']);
const QUESTION_END = new Set(['吗', '嘛', '么']);
/** Turns after which the rest of the sentence carries the writer's point. */
const CONTRAST_TURNS = new Set(['但', '但是', '可是', '然而', '却', '不过', '只不过', '却是', '但却', '偏偏']);
/** Question words that, in a question without praise, reproach ("为什么不早说？", "怎么还不发？"). */
const INDIGNANT_LEADS = new Set(['为什么', '为啥', '怎么', '咋', '干嘛', '凭啥', '何必', '到底', '究竟']);
/** Marks that end a sentence: contrast and question rules do not reach across them. */
const SENTENCE_ENDS = new Set(['。', '！', '？', '!', '?', '；', ';', '\n', '…', '……']);
/** Marks of tears or mourning that read as being moved beside MOVED_TRIGGERS. */
const TEAR_MARKS = new Set(['[泪]', '[淚]', '[泪流满面]', '[悲伤]', '[悲傷]', '[蜡烛]', '😭', '😢', '🕯', '泪目', '哭', '流泪']);
const MOVED_TRIGGERS = new Set([
  '致敬', '辛苦了', '辛苦啦', '加油', '感动', '感谢', '谢谢', '感恩', '感人', '暖心', '敬佩', '了不起', '伟大',
  '英雄', '逆行者', '最美逆行者', '好样的', '白衣天使', '医者仁心', '[加油]', '[心]', '[给你小心心]', '[作揖]',
]);
/** How far (UTF-16 units) a tribute word reaches a tear mark. */
const MOVED_SPAN = 24;
/** Cheerful emoticons that Weibo users also use sarcastically. */
const SARCASM_TAGS = new Set([
  '[good]', '[嘻嘻]', '[赞]', '[赞啊]', '[鼓掌]', '[哈哈]', '[偷笑]', '[中国赞]', '[威武]', '[给力]', '[耶]', '[太开心]',
  '[可爱]', '[ok]', '👍', '👏', '😊', '😄',
]);

/** A number token: ASCII or full-width digits, or Chinese numerals ("十三"). */
function isNumber(word: string): boolean {
  for (let k = 0; k < word.length; k++) {
    const c = word.charCodeAt(k);
    if ((c >= 0x30 && c <= 0x39) || (c >= 0xff10 && c <= 0xff19)) continue;
    if ('零〇一二两三四五六七八九十百千万余多'.includes(word.charAt(k))) continue;
    return false;
  }
  return word.length > 0;
}

/**
 * A news-relay signal starting at toks[i] ("【…】", "据…报道", "3例"), or undefined. Called only for
 * tokens whose first character can open one, so plain words cost one comparison.
 */
function relayAt(toks: readonly Token[], i: number, lex: CompiledLexicon): RelaySignal | undefined {
  const tok = toks[i];
  if (!tok || tok.hashtag) return undefined;
  const w = tok.word;
  if (w === '【') {
    for (let k = i + 1; k < toks.length && k <= i + 40; k++) {
      const t = toks[k];
      if (!t || t.boundary) break;
      if (t.word === '】') return { start: tok.start, end: t.end, repost: tok.repost, term: '' };
    }
  } else if (w === '据') {
    for (let k = i + 1; k < toks.length && k <= i + 6; k++) {
      const t = toks[k];
      if (!t || t.boundary || lex.breaks.has(t.word)) break;
      if (ATTRIBUTION.has(t.word)) return { start: tok.start, end: t.end, repost: tok.repost, term: '' };
    }
  } else if (w === '例') {
    const prev = toks[i - 1];
    if (prev && prev.end === tok.start && isNumber(prev.word)) return { start: prev.start, end: tok.end, repost: tok.repost, term: '' };
  } else if (w === '分享' && toks[i + 1]?.word === '自') {
    return { start: tok.start, end: toks[i + 1]?.end ?? tok.end, repost: tok.repost, term: '' };
  }
  return undefined;
}

/**
 * Whether the negation of the cue at toks[at] (negator at toks[neg]) sits in a rhetorical
 * question: "难道…", "怎么不…", or a clause that ends in 吗/嘛 ("这不是欺负人吗？").
 */
function rhetorical(toks: readonly Token[], at: number, neg: number, lex: CompiledLexicon): boolean {
  for (let k = neg - 1; k >= 0 && k >= neg - 6; k--) {
    const t = toks[k];
    if (!t || t.boundary || lex.breaks.has(t.word)) break;
    if (RHETORICAL_LEAD.has(t.word)) return true;
  }
  for (let k = at + 1; k < toks.length && k <= at + 8; k++) {
    const t = toks[k];
    if (!t || t.boundary || lex.breaks.has(t.word)) break;
    if (QUESTION_END.has(t.word)) {
      const next = toks[k + 1];
      return !next || next.boundary || lex.breaks.has(next.word) || !wordlike(next.word);
    }
  }
  return false;
}

/** The text of a field between two offsets, rebuilt from its segments (which cover every character). */
function sliceOf(segs: readonly Segment[], start: number, end: number): string {
  let out = '';
  for (const s of segs) {
    if (s.end <= start) continue;
    if (s.start >= end) break;
    out += s.word.slice(Math.max(0, start - s.start), Math.min(s.word.length, end - s.start));
  }
  return out;
}

/**
 * The lexicon entry for a token, and the degree a fused prefix adds ("好开心" = 好 + 开心).
 * `info` is the word's own entry; the other readings are tried only when a cheap character test
 * says they can exist, since this runs on every token.
 */
function lookup(word: string, info: WordInfo | undefined, lex: CompiledLexicon): { entry: LexiconTerm; degree: number } | undefined {
  const entry = info?.term;
  if (entry) return { entry, degree: 1 };
  const n = word.length;
  if (n >= 3) {
    const c0 = word.charCodeAt(0);
    const prefix = lex.degreeUnits.get(c0);
    if (prefix !== undefined) {
      const rest = lex.terms.get(word.slice(1));
      if (rest) return { entry: rest, degree: prefix };
    }
    if (POST_DEGREES_2_LAST.has(word.charCodeAt(n - 1))) {
      const post = POST_DEGREES_2.get(word.slice(-2));
      const stem = post === undefined ? undefined : lex.terms.get(word.slice(0, -2));
      if (post !== undefined && stem) return { entry: stem, degree: post };
    }
    // Laughter and sobbing runs: "哈哈哈哈" reads as "哈哈".
    if (word.charCodeAt(1) === c0 && sameCharRun(word)) {
      const run = lex.terms.get(word.slice(0, 2));
      if (run) return { entry: run, degree: 1 };
    }
  }
  // "❤️", "💪🏻": an emoji with a variation selector or skin tone is listed under its bare form.
  if (n > 1 && !wordlike(word)) {
    const bare = lex.terms.get(word.replace(EMOJI_MODIFIERS, ''));
    if (bare) return { entry: bare, degree: 1 };
  }
  return undefined;
}

function scoreField(
  segs: readonly Segment[],
  field: SentimentField,
  lex: CompiledLexicon,
  scale: Readonly<Partial<Record<string, number>>>,
): FieldScore {
  const links: RelaySignal[] = [];
  const toks = tokenize(segs, lex, links);
  const cues: SentimentCue[] = [];
  /** Parallel to `cues`: the cue lies in the quoted repost chain. */
  const cueRepost: boolean[] = [];
  const adjustments: SentimentAdjustment[] = [];
  const relay: [RelaySignal | undefined, RelaySignal | undefined] = [undefined, undefined];
  for (const l of links) relay[l.repost ? 1 : 0] ??= l;
  let sum = 0;
  let tokens = 0;
  /** Index in `cues` of the last cue in the current clause, for a following "！". */
  let clauseCue = -1;
  /** Index in `cues` of the first cue of the current sentence, for a turn (但是) inside it. */
  let sentenceCue = 0;
  /** A turn has been seen in the current sentence: later cues carry the point. */
  let turned = false;
  /** The first reproachful question word of the current sentence, and whether praise was seen. */
  let questionLead: Token | undefined;
  let sentencePraise = false;
  for (let i = 0; i < toks.length; i++) {
    const tok = toks[i];
    if (!tok) continue;
    if (tok.boundary || tok.info?.brk === true) {
      if (questionLead && QUESTIONS.has(tok.word)) {
        if (!sentencePraise) {
          const weight = INDIGNANT_QUESTION_WEIGHT * (questionLead.repost ? REPOST_WEIGHT : 1) * (questionLead.hashtag ? HASHTAG_WEIGHT : 1);
          sum += weight;
          adjustments.push({
            rule: 'indignant-question', factor: Math.round(weight * 100) / 100, field,
            start: questionLead.start, end: questionLead.end, term: questionLead.word,
          });
        }
        questionLead = undefined;
      }
      if (tok.boundary || SENTENCE_ENDS.has(tok.word)) {
        sentenceCue = cues.length;
        turned = false;
        questionLead = undefined;
        sentencePraise = false;
      }
      if (EXCLAMATIONS.has(tok.word)) {
        let run = 1;
        while (run < EXCLAMATION_MAX && EXCLAMATIONS.has(toks[i + run]?.word ?? '')) run++;
        while (EXCLAMATIONS.has(toks[i + run]?.word ?? '')) run++;
        const cue = cues[clauseCue];
        if (cue) {
          const boost = 1 + EXCLAMATION_STEP * Math.min(run, EXCLAMATION_MAX);
          sum += cue.weight * (boost - 1);
          cue.weight *= boost;
          cue.degree = Math.round(cue.degree * boost * 100) / 100;
        }
        i += run - 1;
      } else if (tok.word === '…' || tok.word === '……' || (tok.word === '。' && toks[i + 1]?.word === '。')) {
        // "……", "。。。": a trailing-off sigh (helplessness, unease); the lexicon lists "……".
        let run = 1;
        while (ELLIPSIS.has(toks[i + run]?.word ?? '')) run++;
        const entry = lex.terms.get('……');
        const last = toks[i + run - 1];
        if (entry && last && !tok.hashtag) {
          const weight = entry.weight * (scale[entry.category] ?? 1) * (tok.repost ? REPOST_WEIGHT : 1);
          sum += weight;
          cues.push({
            term: toks.slice(i, i + run).map((t) => t.word).join(''),
            category: entry.category, weight, field, start: tok.start, end: last.end, negated: false, degree: 1,
          });
          cueRepost.push(tok.repost);
        }
        i += run - 1;
      } else if (QUESTIONS.has(tok.word) && QUESTIONS.has(toks[i + 1]?.word ?? '')) {
        // "？？？": repeated question marks read as indignation; the lexicon lists the doubled mark.
        let run = 2;
        while (QUESTIONS.has(toks[i + run]?.word ?? '')) run++;
        const entry = lex.terms.get(tok.word + tok.word);
        const last = toks[i + run - 1];
        if (entry && last) {
          const scopeScale = (tok.repost ? REPOST_WEIGHT : 1) * (tok.hashtag ? HASHTAG_WEIGHT : 1);
          const weight = entry.weight * (scale[entry.category] ?? 1) * scopeScale;
          sum += weight;
          cues.push({
            term: toks.slice(i, i + run).map((t) => t.word).join(''),
            category: entry.category, weight, field, start: tok.start, end: last.end, negated: false, degree: 1,
          });
          cueRepost.push(tok.repost);
        }
        i += run - 1;
      }
      clauseCue = -1;
      continue;
    }
    const c0 = tok.word.charCodeAt(0);
    // 【 据 例 分: the only first characters of a news-relay signal.
    if (c0 === 0x3010 || c0 === 0x636e || c0 === 0x4f8b || c0 === 0x5206) {
      const sig = relay[tok.repost ? 1 : 0] === undefined ? relayAt(toks, i, lex) : undefined;
      if (sig) relay[sig.repost ? 1 : 0] = sig;
    }
    if (tok.info?.turn === true) {
      // "虽然辛苦，但是值得": what comes before the turn in this sentence yields to what follows.
      let moved = false;
      for (let k = sentenceCue; k < cues.length; k++) {
        const c = cues[k];
        if (!c || cueRepost[k] !== tok.repost) continue;
        sum += c.weight * (CONTRAST_BEFORE - 1);
        c.weight *= CONTRAST_BEFORE;
        moved = true;
      }
      turned = true;
      if (moved) adjustments.push({ rule: 'contrast', factor: CONTRAST_BEFORE, field, start: tok.start, end: tok.end, term: tok.word });
    } else if (questionLead === undefined && tok.info?.lead === true) {
      questionLead = tok;
    }
    const hit = lookup(tok.word, tok.info, lex);
    if (!hit && !wordlike(tok.word)) continue;
    const scopeScale = (tok.repost ? REPOST_WEIGHT : 1) * (tok.hashtag ? HASHTAG_WEIGHT : 1);
    tokens += scopeScale;
    if (!hit) continue;
    // "好慌", "真好": a word that is also a degree adverb acts as the adverb before another cue.
    const next = toks[i + 1];
    if (tok.info?.degree !== undefined && next && !next.boundary && lookup(next.word, next.info, lex)) continue;
    // "做好防护", "保护好自己": 好 between a verb and its object is a result complement, not praise
    // ("味道好" at the end of a clause still is).
    if (tok.word === '好' && isComplement(toks, i, lex)) continue;
    const { entry } = hit;
    let negations = 0;
    let negAt = -1;
    let degree = hit.degree;
    let degreeSeen = false;
    // A complement after the word ("开心死了") is its degree, and no cue of its own.
    const at = i;
    const after = postDegree(toks, at);
    if (after) {
      degree *= after.mult;
      i += after.tokens;
    }
    // Walk back within the clause; the nearest degree adverb wins. Emoticons and emoji are exempt.
    for (let back = 1; !tok.symbol && back <= NEGATION_WINDOW && at - back >= 0; back++) {
      const prev = toks[at - back];
      if (!prev || prev.boundary || lex.breaks.has(prev.word)) break;
      if (lex.negators.has(prev.word)) {
        negations++;
        if (negAt < 0) negAt = at - back;
      }
      const mult = lex.degrees.get(prev.word);
      if (mult !== undefined && !degreeSeen && back <= DEGREE_WINDOW) {
        degree *= mult;
        degreeSeen = true;
      }
    }
    let negated = negations % 2 === 1;
    let rule: AdjustmentRule | undefined;
    let factor = 1;
    if (negated && rhetorical(toks, at, negAt, lex)) {
      // "这不是欺负人吗？": the question affirms what it seems to deny.
      negated = false;
      rule = 'rhetorical-question';
      factor = -1 / NEGATION_DAMPING;
    }
    let weight =
      entry.weight * degree * (negated ? -NEGATION_DAMPING : 1) * (scale[entry.category] ?? 1) * scopeScale *
      (turned ? CONTRAST_AFTER : 1);
    const last = cues[cues.length - 1];
    if (
      tok.symbol && weight > 0 && last && last.weight <= SARCASM_MIN_WEIGHT * scopeScale &&
      tok.start - last.end <= SARCASM_GAP && cueRepost[cues.length - 1] === tok.repost && SARCASM_TAGS.has(tok.word)
    ) {
      // "又涨价了，太坑了[good]": a cheerful tag right after an angry clause is a sneer.
      rule = 'sarcasm';
      factor = -1;
      weight = -weight;
    }
    sum += weight;
    if (weight > 0) sentencePraise = true;
    clauseCue = cues.length;
    const cue: SentimentCue = {
      term: tok.word,
      category: entry.category,
      weight,
      field,
      start: tok.start,
      end: tok.end,
      negated,
      degree,
    };
    if (tok.hashtag) cue.scope = 'hashtag';
    else if (tok.repost) cue.scope = 'repost';
    if (rule) adjustments.push({ rule, factor: Math.round(factor * 100) / 100, field, start: tok.start, end: tok.end, term: tok.word });
    cues.push(cue);
    cueRepost.push(tok.repost);
  }
  sum += movedTears(cues, cueRepost, adjustments);
  const dampable: [number, number] = [0, 0];
  for (let k = 0; k < cues.length; k++) {
    const c = cues[k];
    if (c && !RELAY_EXEMPT(c.category)) dampable[cueRepost[k] ? 1 : 0] += c.weight;
  }
  for (const c of cues) c.weight = Math.round(c.weight * 100) / 100;
  for (const r of relay) if (r) r.term = sliceOf(segs, r.start, r.end);
  return { sum, tokens, cues, dampable, relay, adjustments };
}

/**
 * "致敬一线医护[泪]", "辛苦了😭": a tear or candle mark beside a word of tribute or thanks reads as
 * being moved. Turns such marks positive in place and returns the change to the field's sum.
 */
function movedTears(cues: SentimentCue[], cueRepost: readonly boolean[], adjustments: SentimentAdjustment[]): number {
  let delta = 0;
  for (let k = 0; k < cues.length; k++) {
    const tear = cues[k];
    if (!tear || tear.weight >= 0 || !TEAR_MARKS.has(tear.term)) continue;
    let moved = false;
    for (let j = Math.max(0, k - 3); j < cues.length && j <= k + 3 && !moved; j++) {
      const c = cues[j];
      if (!c || j === k || c.weight <= 0 || c.negated || cueRepost[j] !== cueRepost[k]) continue;
      const gap = j < k ? tear.start - c.end : c.start - tear.end;
      moved = gap <= MOVED_SPAN && MOVED_TRIGGERS.has(c.term);
    }
    if (!moved) continue;
    const weight = tear.weight * MOVED_FACTOR;
    delta += weight - tear.weight;
    tear.weight = weight;
    adjustments.push({ rule: 'moved', factor: MOVED_FACTOR, field: tear.field, start: tear.start, end: tear.end, term: tear.term });
  }
  return delta;
}

export function labelFor(score: number): SentimentLabel {
  if (score <= -NEUTRAL_BAND) return 'negative';
  if (score >= NEUTRAL_BAND) return 'positive';
  return 'neutral';
}

export function scoreSentiment(
  input: SentimentInput,
  lexicon: Lexicon = DEFAULT_LEXICON,
  opts: SentimentOptions = {},
): SentimentResult {
  const lex = compile(lexicon);
  const scale = opts.categoryScale ?? {};
  const title = scoreField(opts.segments?.title ?? segment(input.title ?? ''), 'title', lex, scale);
  const body = scoreField(opts.segments?.text ?? segment(input.text ?? ''), 'text', lex, scale);
  let sum = TITLE_WEIGHT * title.sum + body.sum;
  const adjustments = [...title.adjustments, ...body.adjustments];
  // A relayed news item: the tone words in the relaying scope (own words, quoted chain) count less.
  for (const scope of [0, 1] as const) {
    const signal = title.relay[scope] ?? body.relay[scope];
    const dampable = TITLE_WEIGHT * title.dampable[scope] + body.dampable[scope];
    if (!signal || dampable === 0) continue;
    sum -= dampable * (1 - NEWS_RELAY_FACTOR);
    adjustments.push({
      rule: 'news-relay', factor: NEWS_RELAY_FACTOR, field: title.relay[scope] ? 'title' : 'text',
      start: signal.start, end: signal.end, term: signal.term,
    });
  }
  const tokens = TITLE_WEIGHT * title.tokens + body.tokens;
  // Dividing by sqrt(length) keeps one cue in a long article from saturating, without drowning it.
  const raw = tokens > 0 ? Math.tanh(sum / Math.sqrt(tokens)) : 0;
  const score = Math.round(raw * 1000) / 1000;
  const result: SentimentResult = { score, label: labelFor(score), cues: [...title.cues, ...body.cues] };
  if (adjustments.length > 0) result.adjustments = adjustments;
  return result;
}

/** Loads a lexicon's words into the segmenter before text is cut for it. */
export function prepareLexicon(lexicon: Lexicon): void {
  compile(lexicon);
}
