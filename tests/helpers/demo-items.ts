/** The demo corpus stored as the crawler would store it: one successful fetch per demo feed. */
import { expandText, publishedAt } from '@/demo/corpus';
import type { CorpusEntry } from '@/demo/corpus';
import { storeFetchSuccess } from '@/lib/db';
import type { Db, NewItem } from '@/lib/db';

/** A demo-corpus entry as the crawler would hand it to the store, timed from `start`. */
export function demoNewItem(e: CorpusEntry, start: Date): NewItem {
  const text = expandText(e.body, start);
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
    publishedAt: publishedAt(e, start),
    publishedRaw: null,
    dateFlag: null,
  };
}

/** Stores `entries` under their demo feeds (the sources must exist), fetched at `start`. */
export async function storeDemoEntries(client: Db, entries: readonly CorpusEntry[], start: Date): Promise<void> {
  const byFeed = new Map<string, CorpusEntry[]>();
  for (const e of entries) byFeed.set(e.feed, [...(byFeed.get(e.feed) ?? []), e]);
  for (const [feed, list] of byFeed) {
    await storeFetchSuccess(client, {
      sourceId: feed,
      workerId: 'test',
      startedAt: start,
      finishedAt: start,
      httpStatus: 200,
      status: 'ok',
      items: list.map((e) => demoNewItem(e, start)),
      etag: null,
      lastModified: null,
      nextCheckAt: start,
      isDemo: true,
    });
  }
}
