/**
 * One item in, everything a press officer needs to judge it out: sentiment with its cues, risk
 * with its factors, sensitivity, accident facts with the place, topics, and the fingerprints that
 * group reposts into events. Pure: the lexicon and topics are passed in (loaded from lib/db).
 */
import { DEFAULT_TYPE_CUES, extractAccidentFacts } from './accident';
import type { AccidentFacts, TypeCue } from './accident';
import { DEFAULT_LEXICON } from './lexicon';
import type { Lexicon } from './lexicon';
import { compileGazetteer, extractPlace } from './place';
import type { Gazetteer, PlaceResult } from './place';
import { scoreRisk, sensitivityOf } from './risk';
import type { RiskResult, Sensitivity, SourceCategory } from './risk';
import { prepareLexicon, scoreSentiment } from './sentiment';
import type { SentimentResult } from './sentiment';
import { segment } from './segment';
import type { Segment } from './segment';
import { fingerprintFromSegments } from './simhash';
import type { Fingerprint } from './simhash';
import { matchTopic } from './topic-rules';
import type { TopicRule, TopicTermHit } from './topic-rules';

export interface AnalysisLexicon {
  version: number;
  sentiment: Lexicon;
  typeCues: readonly TypeCue[];
  /** Built-in divisions plus the office's own place names. */
  gazetteer: Gazetteer;
}

export const DEFAULT_ANALYSIS_LEXICON: AnalysisLexicon = {
  version: 0,
  sentiment: DEFAULT_LEXICON,
  typeCues: DEFAULT_TYPE_CUES,
  gazetteer: compileGazetteer([]),
};

export interface CompiledTopic {
  id: number;
  name: string;
  rule: TopicRule;
}

export interface AnalysisInput {
  title: string;
  text: string;
  sourceCategory?: SourceCategory | null;
  publishedAt?: Date | null;
}

export interface TopicHit {
  id: number;
  name: string;
  terms: TopicTermHit[];
}

export interface ItemAnalysisResult {
  lexiconVersion: number;
  sentiment: SentimentResult;
  risk: RiskResult;
  sensitivity: Sensitivity;
  /** Official source, or a repost that attributes an official bulletin. */
  officialVoice: boolean;
  accident: AccidentFacts;
  place: PlaceResult;
  topics: TopicHit[];
  fingerprint: Fingerprint;
  /** The title and text as cut (the first `titleChars` / `textChars` characters): reused by the search index. */
  segments: { title: Segment[]; text: Segment[]; titleChars: number; textChars: number };
}

/** Body text beyond this is not analysed: long pages are boilerplate after the first screens. */
export const MAX_ANALYSED_CHARS = 20_000;

/** In an official voice, accident and casualty words state facts; their tone counts for less. */
export const OFFICIAL_FACT_SCALE: Readonly<Record<string, number>> = { accident: 0.3, casualty: 0.3 };

// "据应急管理部消息", "来源：XX市人民政府", a 情况通报 headline: the item relays an official statement.
const OFFICIAL_ATTRIBUTION =
  /^.{0,30}?(?:据|来源[:：]|转自|转载自|消息来源[:：]).{0,20}?(?:应急管理(?:部|厅|局)|人民政府|安委会|安委办|安全生产委员会|消防救援|新闻办|矿山安全监察局|公安局|官方)/s;
const OFFICIAL_TITLE = /(?:情况通报|事故通报|关于.{0,40}的通报|权威发布|新闻发布会|答记者问)/;

export function isOfficialVoice(input: AnalysisInput): boolean {
  if (input.sourceCategory === 'official' || input.sourceCategory === 'own_site') return true;
  return OFFICIAL_TITLE.test(input.title) || OFFICIAL_ATTRIBUTION.test(input.text.slice(0, 200));
}

export function analyzeItem(
  input: AnalysisInput,
  lexicon: AnalysisLexicon = DEFAULT_ANALYSIS_LEXICON,
  topics: readonly CompiledTopic[] = [],
): ItemAnalysisResult {
  const title = input.title.slice(0, 1000);
  const text = input.text.slice(0, MAX_ANALYSED_CHARS);
  prepareLexicon(lexicon.sentiment);
  const segments: { title: Segment[]; text: Segment[] } = { title: segment(title), text: segment(text) };
  const officialVoice = isOfficialVoice(input);
  const sentiment = scoreSentiment({ title, text }, lexicon.sentiment, {
    segments,
    ...(officialVoice ? { categoryScale: OFFICIAL_FACT_SCALE } : {}),
  });
  const accident = extractAccidentFacts(text, {
    title,
    typeCues: lexicon.typeCues,
    ...(input.publishedAt ? { reference: input.publishedAt } : {}),
  });
  const place = extractPlace(text, { title, gazetteer: lexicon.gazetteer });
  const risk = scoreRisk({ sentiment, accident, sourceCategory: input.sourceCategory ?? null, officialVoice });
  const topicHits: TopicHit[] = [];
  for (const t of topics) {
    const m = matchTopic(t.rule, { title, text });
    if (m.matched) topicHits.push({ id: t.id, name: t.name, terms: m.terms });
  }
  return {
    lexiconVersion: lexicon.version,
    sentiment,
    risk,
    sensitivity: sensitivityOf(sentiment.cues),
    officialVoice,
    accident,
    place,
    topics: topicHits,
    // Title and body are cut once: the fingerprint reuses the segments (same result as fingerprint()).
    fingerprint: fingerprintFromSegments(title, text, segments),
    segments: { title: segments.title, text: segments.text, titleChars: title.length, textChars: text.length },
  };
}
