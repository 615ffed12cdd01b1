/**
 * Typed sentiment lexicon: plain data that a later step seeds into the database, so press
 * officers can tune weights without a deploy. DEFAULT_LEXICON is the built-in fallback.
 */
import {
  ACCIDENT_TERMS,
  CASUALTY_TERMS,
  NEUTRAL_DOMAIN_TERMS,
  OFFICIAL_RELEASE_TERMS,
  RESCUE_TERMS,
  SENSITIVE_CUES,
} from './lexicons/domain';
import { GENERAL_NEGATIVE, GENERAL_POSITIVE } from './lexicons/general';
import { COLLOQUIAL_NEGATIVE, COLLOQUIAL_POSITIVE } from './lexicons/colloquial';
import { CLAUSE_BREAKS, DEGREE_ADVERBS, NEGATORS } from './lexicons/modifiers';
import { EMOJI, WEIBO_TAGS } from './lexicons/emoticons';
import { WEIBO_NEGATIVE, WEIBO_POSITIVE } from './lexicons/weibo';

export type LexiconCategory =
  | 'general'
  | 'accident'
  | 'casualty'
  | 'rescue'
  | 'official'
  | 'sensitive.reporting'
  | 'sensitive.accountability'
  | 'sensitive.family'
  | 'sensitive.credibility'
  | 'sensitive.info-control'
  | 'sensitive.compliance'
  | 'sensitive.rumour';

export interface LexiconTerm {
  term: string;
  /** -3..+3 */
  weight: number;
  category: LexiconCategory;
}

export interface Lexicon {
  terms: readonly LexiconTerm[];
  negators: readonly string[];
  /** adverb → multiplier */
  degrees: Readonly<Record<string, number>>;
  clauseBreaks: readonly string[];
  /** Extra words for the segmenter that carry no sentiment (industries, agencies, genres). */
  segmentOnly: readonly string[];
}

export const MIN_WEIGHT = -3;
export const MAX_WEIGHT = 3;

export function isSensitiveCategory(category: string): boolean {
  return category.startsWith('sensitive.');
}

function rows(words: Readonly<Record<string, number>>, category: LexiconCategory): LexiconTerm[] {
  return Object.entries(words).map(([term, weight]) => ({ term, weight, category }));
}

function buildDefaultTerms(): LexiconTerm[] {
  // Later groups win on duplicates: domain meaning beats the general one.
  const groups: LexiconTerm[][] = [
    rows(COLLOQUIAL_POSITIVE, 'general'),
    rows(COLLOQUIAL_NEGATIVE, 'general'),
    rows(GENERAL_POSITIVE, 'general'),
    rows(GENERAL_NEGATIVE, 'general'),
    rows(WEIBO_POSITIVE, 'general'),
    rows(WEIBO_NEGATIVE, 'general'),
    rows(WEIBO_TAGS, 'general'),
    rows(EMOJI, 'general'),
    rows(ACCIDENT_TERMS, 'accident'),
    rows(CASUALTY_TERMS, 'casualty'),
    rows(RESCUE_TERMS, 'rescue'),
    rows(OFFICIAL_RELEASE_TERMS, 'official'),
    ...Object.entries(SENSITIVE_CUES).map(([category, words]) => rows(words, category as LexiconCategory)),
  ];
  const byTerm = new Map<string, LexiconTerm>();
  for (const group of groups) for (const row of group) byTerm.set(row.term, row);
  return [...byTerm.values()];
}

export const DEFAULT_LEXICON: Lexicon = {
  terms: buildDefaultTerms(),
  negators: NEGATORS,
  degrees: DEGREE_ADVERBS,
  clauseBreaks: CLAUSE_BREAKS,
  segmentOnly: NEUTRAL_DOMAIN_TERMS,
};

/** Multi-character words the segmenter must keep whole for this lexicon to match them. */
export function lexiconSegmentWords(lexicon: Lexicon = DEFAULT_LEXICON): string[] {
  const words = new Set<string>();
  for (const { term } of lexicon.terms) if (term.length > 1) words.add(term);
  for (const term of lexicon.segmentOnly) if (term.length > 1) words.add(term);
  for (const term of lexicon.negators) if (term.length > 1) words.add(term);
  for (const term of Object.keys(lexicon.degrees)) if (term.length > 1) words.add(term);
  return [...words];
}

/** How lexicon data is stored (one row per term): the database shape without its bookkeeping. */
export type LexiconEntryKind = 'sentiment' | 'negator' | 'degree' | 'clause_break' | 'segment' | 'accident_type' | 'place';

export interface LexiconEntryData {
  kind: LexiconEntryKind;
  term: string;
  /** Sentiment category, the GB 6441 code for accident_type rows, "省/市" for place rows. */
  category: string;
  /** Sentiment weight, or the degree multiplier. */
  weight: number;
  enabled: boolean;
}

export const LEXICON_ENTRY_KINDS: readonly LexiconEntryKind[] = [
  'sentiment', 'negator', 'degree', 'clause_break', 'segment', 'accident_type', 'place',
];

export const SENTIMENT_CATEGORIES: readonly LexiconCategory[] = [
  'general', 'accident', 'casualty', 'rescue', 'official', 'sensitive.reporting', 'sensitive.accountability',
  'sensitive.family', 'sensitive.credibility', 'sensitive.info-control', 'sensitive.compliance', 'sensitive.rumour',
];

export function isLexiconCategory(category: string): category is LexiconCategory {
  return (SENTIMENT_CATEGORIES as readonly string[]).includes(category);
}

/** The team's seed files as rows, to insert into an empty or older database lexicon. */
export function lexiconSeedEntries(
  lexicon: Lexicon = DEFAULT_LEXICON,
  typeCues: readonly { cue: string; code: string }[] = [],
): LexiconEntryData[] {
  const rowsOut: LexiconEntryData[] = [];
  const add = (kind: LexiconEntryKind, term: string, category: string, weight: number): void => {
    rowsOut.push({ kind, term, category, weight, enabled: true });
  };
  for (const t of lexicon.terms) add('sentiment', t.term, t.category, t.weight);
  for (const t of lexicon.negators) add('negator', t, '', 0);
  for (const [t, m] of Object.entries(lexicon.degrees)) add('degree', t, '', m);
  for (const t of lexicon.clauseBreaks) add('clause_break', t, '', 0);
  for (const t of lexicon.segmentOnly) add('segment', t, '', 0);
  for (const c of typeCues) add('accident_type', c.cue, c.code, 0);
  return rowsOut;
}

/** Builds the scorer's lexicon from stored rows; disabled rows and unknown categories are left out. */
export function lexiconFromEntries(entries: readonly LexiconEntryData[]): Lexicon {
  const terms: LexiconTerm[] = [];
  const negators: string[] = [];
  const degrees: Record<string, number> = {};
  const clauseBreaks: string[] = [];
  const segmentOnly: string[] = [];
  for (const e of entries) {
    if (!e.enabled || e.term.length === 0) continue;
    switch (e.kind) {
      case 'sentiment':
        if (isLexiconCategory(e.category)) {
          terms.push({ term: e.term, category: e.category, weight: Math.max(MIN_WEIGHT, Math.min(MAX_WEIGHT, e.weight)) });
        }
        break;
      case 'negator':
        negators.push(e.term);
        break;
      case 'degree':
        if (e.weight > 0) degrees[e.term] = e.weight;
        break;
      case 'clause_break':
        clauseBreaks.push(e.term);
        break;
      case 'segment':
        segmentOnly.push(e.term);
        break;
      case 'accident_type':
        segmentOnly.push(e.term);
        break;
      case 'place':
        // Read by placesFromEntries; the sentiment scorer does not use place names.
        break;
    }
  }
  return { terms, negators, degrees, clauseBreaks, segmentOnly };
}

/** Place rows ("北坪县" in "演示省/澄河市") as the place extractor's extra gazetteer entries. */
export function placesFromEntries(entries: readonly LexiconEntryData[]): { name: string; province: string; city: string | null }[] {
  const out: { name: string; province: string; city: string | null }[] = [];
  for (const e of entries) {
    if (e.kind !== 'place' || !e.enabled) continue;
    const [province, city] = e.category.split('/').map((x) => x.trim());
    if (!province || e.term.length < 2) continue;
    out.push({ name: e.term, province, city: city || null });
  }
  return out;
}
