/** Items: the transactional store of one fetch, and reads for the dashboard. */
import type { Db } from './client';
import { insertItems, takeWriteLock } from './dialect';
import { TX_OPTIONS, logFetch, releaseOwnLease } from './sources';
import type { Item } from './generated/client';

export type ItemRow = Item;

/** One normalised item ready to store (built by lib/pipeline). */
export interface NewItem {
  itemHash: string;
  contentHash: string;
  guid: string | null;
  url: string | null;
  title: string;
  summaryText: string;
  contentText: string | null;
  summaryHtml: string | null;
  contentHtml: string | null;
  author: string | null;
  categories: string[];
  publishedAt: Date | null;
  publishedRaw: string | null;
  dateFlag: string | null;
}

export interface SuccessRecord {
  sourceId: string;
  workerId: string;
  startedAt: Date;
  finishedAt: Date;
  httpStatus: number;
  status: 'ok' | 'not_modified';
  items: NewItem[];
  etag: string | null;
  lastModified: string | null;
  nextCheckAt: Date;
  isDemo: boolean;
}

export interface StoreResult {
  fetched: number;
  duplicates: number;
  /** Only the rows this fetch created: alert rules fire on these alone. */
  newItems: ItemRow[];
}

/**
 * Stores a successful fetch in ONE transaction: the new items, the source's conditional-GET
 * validators and health, and the fetch log. A crash before commit leaves nothing (the source's
 * lease expires and it is fetched again); a crash after commit leaves everything, and the unique
 * (sourceId, itemHash) index turns any replay into duplicates, never into a second row.
 */
export async function storeFetchSuccess(client: Db, r: SuccessRecord): Promise<StoreResult> {
  return client.$transaction(
    async (tx) => {
      await takeWriteLock(tx);
      const hashes = r.items.map((i) => i.itemHash);
      const existing = hashes.length
        ? await tx.item.findMany({
            where: { sourceId: r.sourceId, itemHash: { in: hashes } },
            select: { itemHash: true },
          })
        : [];
      const seen = new Set(existing.map((e) => e.itemHash));
      const fresh = r.items.filter((i) => {
        if (seen.has(i.itemHash)) return false;
        seen.add(i.itemHash);
        return true;
      });
      if (fresh.length) {
        await insertItems(
          tx,
          fresh.map((i) => ({
            sourceId: r.sourceId,
            itemHash: i.itemHash,
            contentHash: i.contentHash,
            guid: i.guid,
            url: i.url,
            title: i.title,
            summaryText: i.summaryText,
            contentText: i.contentText || null,
            summaryHtml: i.summaryHtml,
            contentHtml: i.contentHtml,
            author: i.author,
            categories: i.categories.length ? JSON.stringify(i.categories) : null,
            publishedAt: i.publishedAt,
            publishedRaw: i.publishedRaw,
            dateFlag: i.dateFlag,
            fetchedAt: r.finishedAt,
            sortAt: i.publishedAt ?? r.finishedAt,
            isDemo: r.isDemo,
          })),
        );
      }
      const newItems = fresh.length
        ? await tx.item.findMany({
            where: { sourceId: r.sourceId, itemHash: { in: fresh.map((i) => i.itemHash) } },
            orderBy: { id: 'asc' },
          })
        : [];
      await tx.source.update({
        where: { id: r.sourceId },
        data: {
          health: 'ok',
          errorCount: 0,
          lastCheckedAt: r.finishedAt,
          lastSuccessAt: r.finishedAt,
          ...(fresh.length ? { lastNewItemAt: r.finishedAt, itemsTotal: { increment: fresh.length } } : {}),
          // Validators advance only together with the items they describe.
          ...(r.status === 'ok' ? { etag: r.etag, lastModified: r.lastModified } : {}),
          nextCheckAt: r.nextCheckAt,
          pendingClaims: 0,
        },
      });
      await releaseOwnLease(tx, r.sourceId, r.workerId);
      await logFetch(tx, r, {
        status: r.status,
        httpStatus: r.httpStatus,
        fetched: r.items.length,
        newCount: fresh.length,
        duplicates: r.items.length - fresh.length,
      });
      return { fetched: r.items.length, duplicates: r.items.length - fresh.length, newItems };
    },
    TX_OPTIONS,
  );
}

export async function countItems(client: Db): Promise<number> {
  return client.item.count();
}

export interface LatestItem {
  id: number;
  title: string;
  url: string | null;
  sourceId: string;
  sourceName: string;
  category: string;
  sortAt: Date;
  publishedAt: Date | null;
  isDemo: boolean;
  /** Null until the analyser has seen the item. */
  label: string | null;
  risk: number | null;
  sensitivity: string | null;
}

export async function latestItems(client: Db, limit = 30): Promise<LatestItem[]> {
  const rows = await client.item.findMany({
    orderBy: [{ sortAt: 'desc' }, { id: 'desc' }],
    take: limit,
    select: {
      id: true,
      title: true,
      url: true,
      sourceId: true,
      sortAt: true,
      publishedAt: true,
      isDemo: true,
      source: { select: { name: true, category: true } },
      analysis: { select: { label: true, risk: true, sensitivity: true } },
    },
  });
  return rows.map(({ source, analysis, ...r }) => ({
    ...r,
    sourceName: source.name,
    category: source.category,
    label: analysis?.label ?? null,
    risk: analysis?.risk ?? null,
    sensitivity: analysis?.sensitivity ?? null,
  }));
}

/** Which of these hashes a source already has (to skip re-fetching known article pages). */
export async function existingItemHashes(
  client: Db,
  sourceId: string,
  hashes: string[],
): Promise<Set<string>> {
  if (!hashes.length) return new Set();
  const rows = await client.item.findMany({
    where: { sourceId, itemHash: { in: hashes } },
    select: { itemHash: true },
  });
  return new Set(rows.map((r) => r.itemHash));
}
