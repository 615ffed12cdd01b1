/**
 * The full-text index of items ("ItemSearch", an SQLite FTS5 table made by a migration) and the
 * sortAt copies that let every list filter read one index range. Written together with the
 * analysis (saveAnalysisBatch), in its transaction; an item's index row is removed with the item
 * by the "Item_search_delete" trigger. Values always bound.
 *
 * PostgreSQL: "ItemSearch" holds one tsvector per item ('simple' configuration over the segmented
 * text: each jieba word is one lexeme; weight A = title, B = body) under a GIN index; the row goes
 * with its item by ON DELETE CASCADE.
 */
import { log } from '../log';
import { searchDocument } from '../search/document';
import type { SearchDocument } from '../search/document';
import type { Db } from './client';
import { dialectOf, rawExecute, rawQuery } from './dialect';

type Tx = Pick<Db, '$executeRawUnsafe'>;

/** Ids per statement: far below SQLite's bound-parameter limit. */
const CHUNK = 300;

export interface ItemSearchRow extends SearchDocument {
  itemId: number;
}

/** The text an item is analysed and indexed by: the article body when fetched, else the feed's summary. */
export function itemSearchText(row: { summaryText: string; contentText: string | null }): string {
  return row.contentText && row.contentText.length > row.summaryText.length ? row.contentText : row.summaryText;
}

/**
 * Segments the items' title and text for the index. Runs BEFORE the write transaction (items never
 * change once stored), so the segmenter's CPU time does not hold the database's write lock.
 */
export async function buildSearchRows(client: Db, itemIds: readonly number[]): Promise<ItemSearchRow[]> {
  if (itemIds.length === 0) return [];
  const items = await client.item.findMany({
    where: { id: { in: [...itemIds] } },
    select: { id: true, title: true, summaryText: true, contentText: true },
  });
  return items.map((i) => {
    try {
      return { itemId: i.id, ...searchDocument(i.title, itemSearchText(i)) };
    } catch (e) {
      // A text the segmenter cannot take stays findable by nothing rather than failing the batch.
      log.warn('search_index_failed', { itemId: i.id, message: e instanceof Error ? e.message : String(e) });
      return { itemId: i.id, title: '', body: '' };
    }
  });
}

function placeholders(n: number): string {
  return new Array<string>(n).fill('?').join(', ');
}

/** Replaces the index rows of these items (in the caller's transaction). */
export async function writeSearchRows(tx: Tx, rows: readonly ItemSearchRow[]): Promise<void> {
  if (dialectOf(tx) === 'postgresql') {
    for (let i = 0; i < rows.length; i += CHUNK) {
      const chunk = rows.slice(i, i + CHUNK);
      // eslint-disable-next-line no-await-in-loop -- one transaction, statements run in order anyway
      await tx.$executeRawUnsafe(
        `INSERT INTO "ItemSearch" ("itemId", "tsv")
         SELECT t.id, setweight(to_tsvector('simple', t.title), 'A') || setweight(to_tsvector('simple', t.body), 'B')
         FROM unnest($1::int[], $2::text[], $3::text[]) AS t(id, title, body)
         ON CONFLICT ("itemId") DO UPDATE SET "tsv" = EXCLUDED."tsv"`,
        chunk.map((r) => r.itemId),
        chunk.map((r) => r.title),
        chunk.map((r) => r.body),
      );
    }
    return;
  }
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    // eslint-disable-next-line no-await-in-loop -- one transaction, statements run in order anyway
    await tx.$executeRawUnsafe(`DELETE FROM "ItemSearch" WHERE rowid IN (${placeholders(chunk.length)})`, ...chunk.map((r) => r.itemId));
    // eslint-disable-next-line no-await-in-loop -- as above
    await tx.$executeRawUnsafe(
      `INSERT INTO "ItemSearch" (rowid, "title", "body") VALUES ${chunk.map(() => '(?, ?, ?)').join(', ')}`,
      ...chunk.flatMap((r) => [r.itemId, r.title, r.body]),
    );
  }
}

/** Copies Item.sortAt onto the items' analysis and topic rows (exact same stored text). */
export async function copySortAt(tx: Tx, itemIds: readonly number[]): Promise<void> {
  for (let i = 0; i < itemIds.length; i += CHUNK) {
    const chunk = itemIds.slice(i, i + CHUNK);
    const list = placeholders(chunk.length);
    // eslint-disable-next-line no-await-in-loop -- one transaction, statements run in order anyway
    await rawExecute(
      tx,
      `UPDATE "ItemAnalysis" SET "sortAt" = (SELECT "sortAt" FROM "Item" WHERE "Item"."id" = "ItemAnalysis"."itemId") WHERE "itemId" IN (${list})`,
      ...chunk,
    );
    // eslint-disable-next-line no-await-in-loop -- as above
    await rawExecute(
      tx,
      `UPDATE "ItemTopic" SET "sortAt" = (SELECT "sortAt" FROM "Item" WHERE "Item"."id" = "ItemTopic"."itemId") WHERE "itemId" IN (${list})`,
      ...chunk,
    );
  }
}

/** Whether an item has a row in the full-text index (for tests and diagnostics). */
export async function isIndexedForSearch(client: Db, itemId: number): Promise<boolean> {
  const rows = await rawQuery<{ n: number | bigint }[]>(
    client,
    dialectOf(client) === 'postgresql'
      ? 'SELECT count(*) AS n FROM "ItemSearch" WHERE "itemId" = ?'
      : 'SELECT count(*) AS n FROM "ItemSearch_docsize" WHERE "id" = ?',
    itemId,
  );
  return Number(rows[0]?.n ?? 0) > 0;
}
