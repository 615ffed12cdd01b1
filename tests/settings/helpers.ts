/** The demo week stored in a real SQLite file as the crawler stores it, analysed, for the settings tests. */
import { corpus, demoSources, expandText, publishedAt } from '@/demo/corpus';
import type { CorpusEntry } from '@/demo/corpus';
import { storeFetchSuccess, upsertSources } from '@/lib/db';
import type { NewItem } from '@/lib/db';
import { AnalysisRunner } from '@/lib/pipeline/analyse';
import { seedAnalysisLexicon } from '@/lib/pipeline/seed';
import { SourceListSchema } from '@/lib/sources/schema';
import { createTestDb } from '../helpers/test-db';
import type { TestDb } from '../helpers/test-db';

export const START = new Date('2026-11-20T00:00:00Z');

function newItem(e: CorpusEntry): NewItem {
  const text = expandText(e.body, START);
  return {
    itemHash: e.id,
    contentHash: e.id,
    guid: e.id,
    url: `http://127.0.0.1/${e.id}.html`,
    title: e.title,
    summaryText: text,
    contentText: null,
    summaryHtml: null,
    contentHtml: null,
    author: e.author ?? null,
    categories: e.categories ?? [],
    publishedAt: publishedAt(e, START),
    publishedRaw: null,
    dateFlag: null,
  };
}

export async function demoWeekDb(): Promise<{ t: TestDb; runner: AnalysisRunner }> {
  const t = await createTestDb();
  await upsertSources(t.client, SourceListSchema.parse(demoSources('http://127.0.0.1:9')), 'demo', START);
  await seedAnalysisLexicon(t.client, { demo: true });
  const byFeed = new Map<string, CorpusEntry[]>();
  for (const e of corpus) byFeed.set(e.feed, [...(byFeed.get(e.feed) ?? []), e]);
  for (const [feed, list] of byFeed) {
    await storeFetchSuccess(t.client, {
      sourceId: feed,
      workerId: 'test',
      startedAt: START,
      finishedAt: START,
      httpStatus: 200,
      status: 'ok',
      items: list.map(newItem),
      etag: null,
      lastModified: null,
      nextCheckAt: START,
      isDemo: true,
    });
  }
  const runner = new AnalysisRunner(t.client, { now: () => START, batchSize: 100 });
  await runner.catchUp();
  return { t, runner };
}
