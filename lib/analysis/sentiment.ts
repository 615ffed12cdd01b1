/**
 * Lexicon-based sentiment for 舆情 items: explainable by design, because every cue that moved
 * the score is returned with offsets so the UI can highlight why an item was flagged.
 */
import { addSegmentWords, segment } from './segment';
import type { Segment } from './segment';
import { DEFAULT_LEXICON, lexiconSegmentWords } from './lexicon';
import type { Lexicon, LexiconTerm } from './lexicon';

export type SentimentLabel = 'negative' | 'neutral' | 'positive';
export type SentimentField = 'title' | 'text';

export interface SentimentCue {
  term: string;
  category: string;
  /** Signed contribution after negation and degree (before the title multiplier). */
  weight: number;
  field: SentimentField;
  /** UTF-16 offsets into that field's string. */
  start: number;
  end: number;
  negated: boolean;
  /** Degree-adverb multiplier applied, 1 when none. */
  degree: number;
}

export interface SentimentResult {
  /** -1..1 */
  score: number;
  label: SentimentLabel;
  cues: SentimentCue[];
}

export interface SentimentInput {
  title?: string | null;
  text?: string | null;
}

export const TITLE_WEIGHT = 2;
export const NEUTRAL_BAND = 0.1;
/** How many tokens back a negator still applies. */
export const NEGATION_WINDOW = 3;
/** A negated word flips sign but counts less: "不满意" is milder than "失望". */
export const NEGATION_DAMPING = 0.6;
const DEGREE_WINDOW = 2;

interface CompiledLexicon {
  terms: Map<string, LexiconTerm>;
  negators: Set<string>;
  degrees: Map<string, number>;
  breaks: Set<string>;
}

const compiled = new WeakMap<Lexicon, CompiledLexicon>();

function compile(lexicon: Lexicon): CompiledLexicon {
  let c = compiled.get(lexicon);
  if (!c) {
    if (lexicon !== DEFAULT_LEXICON) addSegmentWords(lexiconSegmentWords(lexicon));
    c = {
      terms: new Map(lexicon.terms.map((t) => [t.term, t])),
      negators: new Set(lexicon.negators),
      degrees: new Map(Object.entries(lexicon.degrees)),
      breaks: new Set(lexicon.clauseBreaks),
    };
    compiled.set(lexicon, c);
  }
  return c;
}

const WORDLIKE = /[\p{L}\p{N}]/u;

interface FieldScore {
  sum: number;
  tokens: number;
  cues: SentimentCue[];
}

function scoreField(text: string, field: SentimentField, lex: CompiledLexicon): FieldScore {
  const segs: Segment[] = segment(text);
  const cues: SentimentCue[] = [];
  let sum = 0;
  let tokens = 0;
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i];
    if (!seg || !WORDLIKE.test(seg.word)) continue;
    tokens++;
    const entry = lex.terms.get(seg.word);
    if (!entry) continue;
    let negations = 0;
    let degree = 1;
    let degreeSeen = false;
    // Walk back within the clause; the nearest degree adverb wins.
    for (let back = 1; back <= NEGATION_WINDOW && i - back >= 0; back++) {
      const prev = segs[i - back];
      if (!prev || lex.breaks.has(prev.word)) break;
      if (lex.negators.has(prev.word)) negations++;
      const mult = lex.degrees.get(prev.word);
      if (mult !== undefined && !degreeSeen && back <= DEGREE_WINDOW) {
        degree = mult;
        degreeSeen = true;
      }
    }
    const negated = negations % 2 === 1;
    const weight = entry.weight * degree * (negated ? -NEGATION_DAMPING : 1);
    sum += weight;
    cues.push({
      term: seg.word,
      category: entry.category,
      weight: Math.round(weight * 100) / 100,
      field,
      start: seg.start,
      end: seg.end,
      negated,
      degree,
    });
  }
  return { sum, tokens, cues };
}

export function labelFor(score: number): SentimentLabel {
  if (score <= -NEUTRAL_BAND) return 'negative';
  if (score >= NEUTRAL_BAND) return 'positive';
  return 'neutral';
}

export function scoreSentiment(input: SentimentInput, lexicon: Lexicon = DEFAULT_LEXICON): SentimentResult {
  const lex = compile(lexicon);
  const title = scoreField(input.title ?? '', 'title', lex);
  const body = scoreField(input.text ?? '', 'text', lex);
  const sum = TITLE_WEIGHT * title.sum + body.sum;
  const tokens = TITLE_WEIGHT * title.tokens + body.tokens;
  // Dividing by sqrt(length) keeps one cue in a long article from saturating, without drowning it.
  const raw = tokens > 0 ? Math.tanh(sum / Math.sqrt(tokens)) : 0;
  const score = Math.round(raw * 1000) / 1000;
  return { score, label: labelFor(score), cues: [...title.cues, ...body.cues] };
}
