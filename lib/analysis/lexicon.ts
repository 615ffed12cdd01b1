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
import { CLAUSE_BREAKS, DEGREE_ADVERBS, NEGATORS } from './lexicons/modifiers';

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
    rows(GENERAL_POSITIVE, 'general'),
    rows(GENERAL_NEGATIVE, 'general'),
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
