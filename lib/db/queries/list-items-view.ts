/**
 * What the /items page shows for one validated query string: the page of rows (list, search by
 * time or by relevance), links to the neighbouring pages, a bounded count on the first page, the
 * filter form's choices and whether the search index is still being filled.
 */
import { lexiconFromEntries, lexiconSegmentWords } from '../../analysis/lexicon';
import { addSegmentWords } from '../../analysis/segment';
import type { ItemQuery } from '../../search/filter';
import { encodeScoreCursor, encodeTimeCursor, itemQueryString } from '../../search/filter';
import { snippet } from '../../search/highlight';
import type { Db } from '../client';
import { lexiconVersion, loadLexicon } from '../lexicon';
import { itemFilterOptions, searchBackfillProgress } from './item-detail';
import type { ItemFilterOptions } from './item-detail';
import { countItemsUpTo, listItems, searchItems, searchItemsByRelevance } from './list-items';
import type { ItemListRow } from './list-items';

export interface ItemsView {
  rows: (ItemListRow & { snippet: string | null })[];
  /** Links (query strings) to the older / newer page and back to the first; null when none. */
  olderHref: string | null;
  newerHref: string | null;
  firstHref: string | null;
  /** First page only: how many rows match, counted up to a cap. */
  count: { count: number; capped: boolean } | null;
  options: ItemFilterOptions;
  /** A re-analysis in progress: older items may not be searchable until it ends. */
  backfill: { done: number; total: number } | null;
  /** Words to highlight (search only). */
  highlight: string[];
  plan: string;
}

let segmenterVersion = -1;

/**
 * Teaches this process's segmenter the words of the lexicon stored in the database (the worker's
 * analysis uses them, so the index holds them whole): a query must be cut the way the index was.
 * Reloads only when the lexicon version changed. Call before parsing a search.
 */
export async function prepareSearchSegmenter(client: Db): Promise<void> {
  const version = await lexiconVersion(client);
  if (version === segmenterVersion) return;
  const stored = await loadLexicon(client);
  addSegmentWords(lexiconSegmentWords(lexiconFromEntries(stored.entries)));
  segmenterVersion = stored.version;
}

export async function loadItemsView(client: Db, query: ItemQuery, pageSize?: number): Promise<ItemsView> {
  const search = query.search.kind === 'ok' ? query.search : null;
  // A search that did not parse shows the list without it (the message says why).
  const match = search?.match ?? null;
  const firstPage = !query.after && !query.before && !query.afterScore;
  const withText = match !== null;
  const [page, count, options, backfill] = await Promise.all([
    match !== null && query.sort === 'relevance'
      ? searchItemsByRelevance(client, query.filter, match, { after: query.afterScore, limit: pageSize }, { withText })
      : match !== null
        ? searchItems(client, query.filter, match, { after: query.after, before: query.before, limit: pageSize }, { withText })
        : listItems(client, query.filter, { after: query.after, before: query.before, limit: pageSize }),
    firstPage ? countItemsUpTo(client, query.filter, match) : Promise.resolve(null),
    itemFilterOptions(client),
    match !== null ? searchBackfillProgress(client) : Promise.resolve(null),
  ]);
  const highlight = search?.highlight ?? [];
  const href = (o: { after?: string; before?: string }) => `/items${itemQueryString(query.values, o)}`;
  const next = page.next;
  return {
    rows: page.rows.map((r) => ({ ...r, snippet: r.text !== undefined ? snippet(r.text, highlight, 160) : null })),
    olderHref: next ? href({ after: 'score' in next ? encodeScoreCursor(next) : encodeTimeCursor(next) }) : null,
    newerHref: page.prev && 'sortAt' in page.prev ? href({ before: encodeTimeCursor(page.prev) }) : null,
    firstHref: firstPage ? null : href({}),
    count,
    options,
    backfill,
    highlight,
    plan: page.plan,
  };
}
