/** One item with everything its detail page explains, and the choices the list's filter form offers. */
import type { ItemAnalysisRecord } from '../analysis';
import type { Db } from '../client';
import { itemSearchText } from '../search-index';

export interface ItemDetail {
  id: number;
  title: string;
  /** The text the analysis read (article body when fetched, else the feed's summary). */
  text: string;
  url: string | null;
  author: string | null;
  sortAt: Date;
  publishedAt: Date | null;
  fetchedAt: Date;
  isDemo: boolean;
  source: { id: string; name: string; category: string; demo: boolean };
  /** The stored analysis (fingerprints and tags aside) with the event it belongs to. */
  analysis: (Omit<ItemAnalysisRecord, 'itemId' | 'simhash' | 'minhash' | 'eventId' | 'topicIds'> & {
    event: { id: number; title: string; itemCount: number; sourceCount: number } | null;
  }) | null;
  topics: { id: number; name: string }[];
}

export async function getItemDetail(client: Db, id: number): Promise<ItemDetail | null> {
  const row = await client.item.findUnique({
    where: { id },
    select: {
      id: true,
      title: true,
      summaryText: true,
      contentText: true,
      url: true,
      author: true,
      sortAt: true,
      publishedAt: true,
      fetchedAt: true,
      isDemo: true,
      source: { select: { id: true, name: true, category: true, demo: true } },
      analysis: {
        select: {
          lexiconVersion: true,
          analysedAt: true,
          sentiment: true,
          label: true,
          risk: true,
          sensitivity: true,
          officialVoice: true,
          cuesJson: true,
          riskJson: true,
          factsJson: true,
          accidentTypeCode: true,
          accidentType: true,
          province: true,
          city: true,
          enterprise: true,
          deaths: true,
          seriousInjuries: true,
          injuries: true,
          missing: true,
          trapped: true,
          lossYuan: true,
          grade: true,
          aggregate: true,
          rumour: true,
          event: { select: { id: true, title: true, itemCount: true, sourceCount: true } },
        },
      },
      topics: { select: { topic: { select: { id: true, name: true } } } },
    },
  });
  if (!row) return null;
  const { summaryText, contentText, topics, ...rest } = row;
  return { ...rest, text: itemSearchText({ summaryText, contentText }), topics: topics.map((t) => t.topic) };
}

export interface ItemFilterOptions {
  sources: { id: string; name: string; category: string }[];
  topics: { id: number; name: string }[];
  /** Provinces of the office's own place lexicon ("演示省/澄河市"), beside the built-in ones. */
  extraProvinces: string[];
}

/** What the filter form offers: every source, topic and own place (tens to hundreds of rows, not items). */
export async function itemFilterOptions(client: Db): Promise<ItemFilterOptions> {
  const [sources, topics, places] = await Promise.all([
    client.source.findMany({ select: { id: true, name: true, category: true }, orderBy: [{ category: 'asc' }, { name: 'asc' }] }),
    client.topic.findMany({ select: { id: true, name: true }, orderBy: { name: 'asc' } }),
    client.lexiconEntry.findMany({ where: { kind: 'place', enabled: true }, select: { category: true } }),
  ]);
  const extraProvinces = [...new Set(places.map((p) => p.category.split('/')[0]?.trim() ?? '').filter((p) => p.length > 0))].sort();
  return { sources, topics, extraProvinces };
}

/** The running background re-analysis, if any: until it finishes, older items may be missing from search. */
export async function searchBackfillProgress(client: Db): Promise<{ done: number; total: number } | null> {
  const job = await client.analysisJob.findFirst({
    where: { state: { in: ['queued', 'running'] } },
    orderBy: { id: 'asc' },
    select: { done: true, total: true },
  });
  return job;
}
