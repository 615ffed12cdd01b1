/**
 * 试运行: how many of the recently stored items a topic rule matches, and which, before it is saved.
 * Matches exactly what the analysis will tag: the same title/text cut as analyzeItem and the same
 * matcher. Pure; the caller loads the items (bounded) through lib/db.
 */
import { MAX_ANALYSED_CHARS } from '@/lib/analysis/analyze';
import { matchTopic } from '@/lib/analysis/topic-rules';
import type { TopicRule, TopicTermHit } from '@/lib/analysis/topic-rules';

/** The window and the bound of a preview: the last 7 days, at most this many of their newest items. */
export const TOPIC_PREVIEW_DAYS = 7;
export const TOPIC_PREVIEW_LIMIT = 3000;
export const TOPIC_PREVIEW_SAMPLES = 20;
/** analyzeItem reads at most this much of a title. */
const TITLE_CHARS = 1000;

export interface PreviewItem {
  id: number;
  title: string;
  text: string;
  sortAt: Date;
  sourceId: string;
}

export interface TopicPreviewSample {
  id: number;
  title: string;
  sortAt: string;
  sourceId: string;
  /** Hits in the title, for highlighting; hits in the body are only listed by term. */
  titleHits: { start: number; end: number }[];
  terms: string[];
}

export interface TopicPreview {
  matched: number;
  scanned: number;
  /** True when the window held more items than the bound: the count covers the newest `scanned`. */
  truncated: boolean;
  days: number;
  samples: TopicPreviewSample[];
}

export function previewSince(now: Date, days = TOPIC_PREVIEW_DAYS): Date {
  return new Date(now.getTime() - days * 86_400_000);
}

export function previewTopic(
  rule: TopicRule,
  items: readonly PreviewItem[],
  opts: { truncated: boolean; days?: number; samples?: number },
): TopicPreview {
  const max = opts.samples ?? TOPIC_PREVIEW_SAMPLES;
  const samples: TopicPreviewSample[] = [];
  let matched = 0;
  for (const item of items) {
    const title = item.title.slice(0, TITLE_CHARS);
    const m = matchTopic(rule, { title, text: item.text.slice(0, MAX_ANALYSED_CHARS) });
    if (!m.matched) continue;
    matched += 1;
    if (samples.length < max) samples.push(sampleOf(item, title, m.terms));
  }
  return { matched, scanned: items.length, truncated: opts.truncated, days: opts.days ?? TOPIC_PREVIEW_DAYS, samples };
}

function sampleOf(item: PreviewItem, title: string, hits: readonly TopicTermHit[]): TopicPreviewSample {
  const titleHits = hits.filter((h) => h.field === 'title').map((h) => ({ start: h.start, end: h.end }));
  return {
    id: item.id,
    title,
    sortAt: item.sortAt.toISOString(),
    sourceId: item.sourceId,
    titleHits,
    terms: [...new Set(hits.map((h) => h.term))],
  };
}
