/**
 * The item list (信息) and its full-text search, built to stay fast at a million items:
 *
 * - Keyset pagination on (sortAt desc, id desc): a page reads one index range from the cursor on,
 *   never OFFSET, and never counts the whole table (a bounded count says "1000+" at most).
 * - One DRIVING index per query, chosen from the filters (the most selective first): every filter
 *   column has an index that ends in sortAt (ItemAnalysis and ItemTopic carry a copy of Item.sortAt
 *   for this), so the newest rows of a filter are the first rows of its range. The other filters
 *   are checked on the rows read. `INDEXED BY` and `CROSS JOIN` (SQLite's join-order hint) pin the
 *   plan, so SQLite cannot drift to a scan-and-sort; tests/items/query-plan.test.ts checks each
 *   plan with EXPLAIN QUERY PLAN.
 * - A filter that may match very few rows (a high minimum risk, a small source category) would
 *   make such a walk read the whole range; a bounded count (≤ RARE_CAP) spots that case, and then
 *   that filter's own index drives and its few rows are sorted.
 * - Search: FTS5 (lib/db/search-index.ts). When few items match (≤ SEARCH_SORT_CAP) the matches
 *   are read from the index and sorted by time; when many match, their ids are collected once
 *   (SQLite builds an in-memory list) and the driving index is walked newest first against it,
 *   which stops after one page. Relevance order (bm25, title ×10) ranks the newest
 *   RELEVANCE_WINDOW matches.
 *
 * Evidence (a generated database of 1,000,000 items with analyses, topics and index, 2-core
 * machine, median of 5, first page of 50): plain list 14 ms, any single filter 3–14 ms, a deep
 * page 15 ms, bounded count < 1 ms (risk ≥ 90: 21 ms); search of a word in 54 % of items 106 ms,
 * in 31 % 62 ms, in 2 % 5 ms, in 0.3 % (matches-first) 8 ms; relevance order ≤ 57 ms.
 * The plans themselves are pinned by tests/items/query-plan.test.ts.
 *
 * Every value is a bound parameter, index and column names come from the constants below only.
 *
 * PostgreSQL (issue 9): the list runs on the same builders with the dialect's differences — no
 * `INDEXED BY` (the planner picks among the same composite indexes), plain JOINs, booleans for
 * isDemo, the timestamptz itself as the cursor, `TRUE` for an empty WHERE, an alias for derived
 * tables, `$n` placeholders. Search: the FTS5 expression (which lib/search/query.ts generates from
 * a small grammar: "phrases", AND, OR, NOT, parentheses) is rendered as a tsquery over the
 * "ItemSearch" tsvector (GIN index) with every phrase a bound parameter (pgTsQuery); relevance is
 * ts_rank_cd with the title weighted (higher is better, so that cursor's comparison flips).
 */
import type { Db } from '../client';
import { dialectOf, rawQuery } from '../dialect';

type Engine = 'sqlite' | 'postgresql';

/**
 * An FTS5 expression as lib/search/query.ts writes it → a PostgreSQL tsquery expression with `?`
 * for each phrase (bound, never spliced): "a b" → phraseto_tsquery('simple', ?) (a followed by b),
 * AND → &&, OR → ||, `X NOT (Y)` → X && !!(Y). Anything outside that grammar is refused.
 */
export function pgTsQuery(match: string): { sql: string; params: string[] } {
  const params: string[] = [];
  let sql = '';
  let i = 0;
  while (i < match.length) {
    const ch = match[i] as string;
    if (ch === ' ') {
      i += 1;
    } else if (ch === '(' || ch === ')') {
      sql += ch;
      i += 1;
    } else if (ch === '"') {
      let text = '';
      let j = i + 1;
      for (;;) {
        if (j >= match.length) throw new Error('检索表达式无效');
        if (match[j] === '"') {
          if (match[j + 1] === '"') {
            text += '"';
            j += 2;
            continue;
          }
          break;
        }
        text += match[j];
        j += 1;
      }
      params.push(text);
      sql += "phraseto_tsquery('simple', ?)";
      i = j + 1;
    } else {
      const word = /^(AND|OR|NOT)\b/.exec(match.slice(i))?.[1];
      if (!word) throw new Error('检索表达式无效');
      sql += word === 'AND' ? ' && ' : word === 'OR' ? ' || ' : ' && !!';
      i += word.length;
    }
  }
  return { sql: `(${sql})`, params };
}

/** The full-text condition on the search table aliased `fs`, with its parameters. */
function matchCondition(engine: Engine, match: string): { sql: string; params: unknown[] } {
  if (engine === 'postgresql') {
    const q = pgTsQuery(match);
    return { sql: `fs."tsv" @@ ${q.sql}`, params: q.params };
  }
  return { sql: 'fs."ItemSearch" MATCH ?', params: [match] };
}

/** The item id column of the search table aliased `fs`. */
function searchId(engine: Engine): string {
  return engine === 'postgresql' ? 'fs."itemId"' : 'fs.rowid';
}

export type SentimentLabelFilter = 'negative' | 'neutral' | 'positive' | 'error';
export type DemoFilter = 'include' | 'exclude' | 'only';

/** What the list can be filtered by; every field optional (absent = no restriction). */
export interface ItemListFilter {
  /** sortAt >= from */
  from?: Date | null;
  /** sortAt < to */
  to?: Date | null;
  /** Source category: official | central_media | local_media | forum_social | own_site */
  category?: string | null;
  sourceId?: string | null;
  label?: SentimentLabelFilter | null;
  /** risk >= minRisk */
  minRisk?: number | null;
  topicId?: number | null;
  /** Full province name as the analysis stores it, e.g. 山西省. */
  province?: string | null;
  /** GB 6441 code, e.g. '12' (透水). */
  accidentTypeCode?: string | null;
  /** 一般 | 较大 | 重大 | 特别重大 */
  grade?: string | null;
  eventId?: number | null;
  /** Demo items: shown too (default), hidden, or alone. */
  demo?: DemoFilter | null;
}

/** Position in the time order: the last (or first) row of a page. */
export interface TimeCursor {
  sortAt: Date;
  id: number;
}

/** Position in the relevance order. */
export interface ScoreCursor {
  score: number;
  id: number;
}

export interface PageRequest<C> {
  /** Rows after this cursor (older, or less relevant). */
  after?: C | null;
  /** Rows before this cursor (newer); time order only. */
  before?: C | null;
  /** Rows per page, 1..200 (default 50). */
  limit?: number;
}

export interface ItemListRow {
  id: number;
  title: string;
  url: string | null;
  sortAt: Date;
  publishedAt: Date | null;
  isDemo: boolean;
  sourceId: string;
  sourceName: string;
  category: string;
  /** Null until the analyser has seen the item. */
  analysis: {
    label: string;
    sentiment: number;
    risk: number;
    sensitivity: string;
    accidentType: string | null;
    province: string | null;
    city: string | null;
    grade: string | null;
    deaths: number | null;
    injuries: number | null;
    missing: number | null;
    trapped: number | null;
    rumour: boolean;
    aggregate: boolean;
    eventId: number | null;
  } | null;
  topics: { id: number; name: string }[];
  /** The item's text (article body or summary): for search snippets and export. Only when asked for. */
  text?: string;
  /** Relevance order only: SQLite bm25 (lower is better); PostgreSQL ts_rank_cd (higher is better). */
  score?: number;
}

export interface ItemPage<C> {
  rows: ItemListRow[];
  /** Cursor for the next (older / less relevant) page, null when this is the last. */
  next: C | null;
  /** Cursor for the previous (newer) page, null on the first page. Time order only. */
  prev: C | null;
  /** How the rows were found, for the benchmark and tests: driving index and search strategy. */
  plan: string;
}

export const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 1000;
/** Up to this many full-text matches are read and sorted by time; more are probed while walking an index. */
export const SEARCH_SORT_CAP = 5_000;
/** A residual filter matching at most this many rows drives from its own index (then sorted). */
export const RARE_CAP = 10_000;
/** Relevance order ranks the newest this-many matches (bm25 over all of a common word is slow). */
export const RELEVANCE_WINDOW = 10_000;
/** bm25 column weights: a word in the title counts ten times a word in the text. */
const BM25_WEIGHTS = '10.0, 1.0';
/** Bounded counts stop here: the page says "1000+" instead of counting a million rows. */
export const COUNT_CAP = 1000;

// ---------------------------------------------------------------- SQL building

function given<T>(v: T | null | undefined): v is T {
  return v !== null && v !== undefined;
}

/** Prisma's SQLite adapter stores DateTime as ISO-8601 text with +00:00; bind the same text. */
function sqlTime(d: Date): string {
  return d.toISOString().replace('Z', '+00:00');
}

export type Driver =
  | 'event'
  | 'grade'
  | 'accidentType'
  | 'risk'
  | 'category'
  | 'topic'
  | 'source'
  | 'demo'
  | 'province'
  | 'label'
  | 'time';

interface DriverSpec {
  /** FROM clause of the driving table with its index. */
  from: string;
  /** Columns the keyset runs on. */
  sortAt: string;
  id: string;
  /** The equality the driving index starts with, if any. */
  equality: string | null;
  table: 'i' | 'a' | 't';
}

const DRIVERS: Record<Driver, DriverSpec> = {
  event: {
    from: '"ItemAnalysis" AS a INDEXED BY "ItemAnalysis_eventId_idx"',
    sortAt: 'a."sortAt"',
    id: 'a."itemId"',
    equality: 'a."eventId" = ?',
    table: 'a',
  },
  grade: {
    from: '"ItemAnalysis" AS a INDEXED BY "ItemAnalysis_grade_sortAt_idx"',
    sortAt: 'a."sortAt"',
    id: 'a."itemId"',
    equality: 'a."grade" = ?',
    table: 'a',
  },
  accidentType: {
    from: '"ItemAnalysis" AS a INDEXED BY "ItemAnalysis_accidentTypeCode_sortAt_idx"',
    sortAt: 'a."sortAt"',
    id: 'a."itemId"',
    equality: 'a."accidentTypeCode" = ?',
    table: 'a',
  },
  risk: {
    // A range, not an equality: its rows come unsorted and are sorted (there are few, see RARE_CAP).
    from: '"ItemAnalysis" AS a INDEXED BY "ItemAnalysis_risk_idx"',
    sortAt: 'a."sortAt"',
    id: 'a."itemId"',
    equality: 'a."risk" >= ?',
    table: 'a',
  },
  category: {
    // One range per source of the category, merged by a sort (few rows, see RARE_CAP).
    from: '"Item" AS i INDEXED BY "Item_sourceId_sortAt_idx"',
    sortAt: 'i."sortAt"',
    id: 'i."id"',
    equality: 'i."sourceId" IN (SELECT s."id" FROM "Source" AS s WHERE s."category" = ?)',
    table: 'i',
  },
  demo: {
    from: '"Item" AS i INDEXED BY "Item_isDemo_sortAt_idx"',
    sortAt: 'i."sortAt"',
    id: 'i."id"',
    equality: 'i."isDemo" = ?',
    table: 'i',
  },
  topic: {
    from: '"ItemTopic" AS t INDEXED BY "ItemTopic_topicId_sortAt_itemId_idx"',
    sortAt: 't."sortAt"',
    id: 't."itemId"',
    equality: 't."topicId" = ?',
    table: 't',
  },
  source: {
    from: '"Item" AS i INDEXED BY "Item_sourceId_sortAt_idx"',
    sortAt: 'i."sortAt"',
    id: 'i."id"',
    equality: 'i."sourceId" = ?',
    table: 'i',
  },
  province: {
    from: '"ItemAnalysis" AS a INDEXED BY "ItemAnalysis_province_sortAt_idx"',
    sortAt: 'a."sortAt"',
    id: 'a."itemId"',
    equality: 'a."province" = ?',
    table: 'a',
  },
  label: {
    from: '"ItemAnalysis" AS a INDEXED BY "ItemAnalysis_label_sortAt_idx"',
    sortAt: 'a."sortAt"',
    id: 'a."itemId"',
    equality: 'a."label" = ?',
    table: 'a',
  },
  time: {
    from: '"Item" AS i INDEXED BY "Item_sortAt_idx"',
    sortAt: 'i."sortAt"',
    id: 'i."id"',
    equality: null,
    table: 'i',
  },
};

/** Residual filters found to match few rows (≤ RARE_CAP), which then drive from their own index. */
export interface RareFilters {
  risk?: boolean;
  category?: boolean;
}

/** The most selective filter drives (grades and accident types are rare; labels are common). */
export function chooseDriver(f: ItemListFilter, rare: RareFilters = {}): Driver {
  if (given(f.eventId)) return 'event';
  if (f.grade) return 'grade';
  if (f.accidentTypeCode) return 'accidentType';
  if (rare.risk && given(f.minRisk) && f.minRisk > 0) return 'risk';
  if (rare.category && f.category) return 'category';
  if (given(f.topicId)) return 'topic';
  if (f.sourceId) return 'source';
  if (f.demo === 'only') return 'demo';
  if (f.province) return 'province';
  if (f.label) return 'label';
  return 'time';
}

/** PostgreSQL's spelling of a query built for SQLite (see the header): index hints and join-order hints dropped. */
function forEngine(client: Db, sql: string): string {
  if (dialectOf(client) !== 'postgresql') return sql;
  return sql.replace(/ INDEXED BY "\w+"/g, '').replace(/CROSS JOIN/g, 'JOIN');
}

/** `SELECT count(*) FROM (…)`: PostgreSQL 15 wants the derived table named. */
function derived(client: Db): string {
  return dialectOf(client) === 'postgresql' ? ' AS d' : '';
}

async function countUpTo(client: Db, sql: string, params: unknown[], cap: number): Promise<number> {
  const rows = await rawQuery<{ n: number | bigint }[]>(client, forEngine(client, `SELECT count(*) AS n FROM (${sql} LIMIT ?)${derived(client)}`), ...params, cap);
  return Number(rows[0]?.n ?? 0);
}

/** Bounded counts (each reads at most RARE_CAP index entries) of the filters that may be rare. */
export async function probeRareFilters(client: Db, f: ItemListFilter): Promise<RareFilters> {
  const rare: RareFilters = {};
  if (given(f.eventId) || f.grade || f.accidentTypeCode) return rare; // a rarer driver already
  if (given(f.minRisk) && f.minRisk > 0) {
    const n = await countUpTo(
      client,
      'SELECT 1 FROM "ItemAnalysis" INDEXED BY "ItemAnalysis_risk_idx" WHERE "risk" >= ?',
      [f.minRisk],
      RARE_CAP + 1,
    );
    rare.risk = n <= RARE_CAP;
  }
  if (f.category && !rare.risk) {
    const n = await countUpTo(
      client,
      'SELECT 1 FROM "Item" INDEXED BY "Item_sourceId_sortAt_idx" WHERE "sourceId" IN (SELECT "id" FROM "Source" WHERE "category" = ?)',
      [f.category],
      RARE_CAP + 1,
    );
    rare.category = n <= RARE_CAP;
  }
  return rare;
}

function driverValue(d: Driver, f: ItemListFilter, pg: boolean): unknown {
  switch (d) {
    case 'event':
      return f.eventId;
    case 'grade':
      return f.grade;
    case 'accidentType':
      return f.accidentTypeCode;
    case 'topic':
      return f.topicId;
    case 'risk':
      return f.minRisk;
    case 'category':
      return f.category;
    case 'demo':
      return pg ? true : 1;
    case 'source':
      return f.sourceId;
    case 'province':
      return f.province;
    case 'label':
      return f.label;
    case 'time':
      return undefined;
  }
}

interface Where {
  sql: string[];
  params: unknown[];
  needsItem: boolean;
  needsAnalysis: boolean;
}

/** The filters other than the driving one, as conditions on i (Item) and a (ItemAnalysis). */
function residualFilters(f: ItemListFilter, driver: Driver, itemId: string, pg: boolean): Where {
  const w: Where = { sql: [], params: [], needsItem: false, needsAnalysis: false };
  const onItem = (sql: string, ...params: unknown[]) => {
    w.sql.push(sql);
    w.params.push(...params);
    w.needsItem = true;
  };
  const onAnalysis = (sql: string, ...params: unknown[]) => {
    w.sql.push(sql);
    w.params.push(...params);
    w.needsAnalysis = true;
  };
  if (f.category && driver !== 'category') onItem('i."sourceId" IN (SELECT s."id" FROM "Source" AS s WHERE s."category" = ?)', f.category);
  if (f.sourceId && driver !== 'source') onItem('i."sourceId" = ?', f.sourceId);
  if (f.demo === 'exclude') onItem(pg ? 'i."isDemo" = FALSE' : 'i."isDemo" = 0');
  if (f.demo === 'only' && driver !== 'demo') onItem(pg ? 'i."isDemo" = TRUE' : 'i."isDemo" = 1');
  if (given(f.eventId) && driver !== 'event') onAnalysis('a."eventId" = ?', f.eventId);
  if (f.grade && driver !== 'grade') onAnalysis('a."grade" = ?', f.grade);
  if (f.accidentTypeCode && driver !== 'accidentType') onAnalysis('a."accidentTypeCode" = ?', f.accidentTypeCode);
  if (f.province && driver !== 'province') onAnalysis('a."province" = ?', f.province);
  if (f.label && driver !== 'label') onAnalysis('a."label" = ?', f.label);
  if (given(f.minRisk) && f.minRisk > 0 && driver !== 'risk') onAnalysis('a."risk" >= ?', f.minRisk);
  if (given(f.topicId) && driver !== 'topic') {
    w.sql.push(`EXISTS (SELECT 1 FROM "ItemTopic" AS tt WHERE tt."itemId" = ${itemId} AND tt."topicId" = ?)`);
    w.params.push(f.topicId);
  }
  return w;
}

interface TimeQuery {
  /** FROM … WHERE … (no ORDER BY / LIMIT): selects `id` and `sortAtText`. */
  select: string;
  params: unknown[];
  sortAt: string;
  id: string;
}

/**
 * The list query in time order: the driving index, the joins the other filters need, the time
 * range, and optionally a full-text condition (`match`): its matching ids are collected once into
 * an in-memory list that each row of the walk is looked up in.
 */
function timeQuery(f: ItemListFilter, rare: RareFilters, match: string | null, pg = false): TimeQuery & { driver: Driver } {
  const engine: Engine = pg ? 'postgresql' : 'sqlite';
  const driver = chooseDriver(f, rare);
  const d = DRIVERS[driver];
  const w = residualFilters(f, driver, d.id, pg);
  const joins: string[] = [];
  if (d.table !== 'i' && w.needsItem) joins.push(`CROSS JOIN "Item" AS i ON i."id" = ${d.id}`);
  if (d.table !== 'a' && w.needsAnalysis) joins.push(`CROSS JOIN "ItemAnalysis" AS a ON a."itemId" = ${d.id}`);
  const conds: string[] = [];
  const params: unknown[] = [];
  if (d.equality) {
    conds.push(d.equality);
    params.push(driverValue(driver, f, pg));
  }
  if (d.table !== 'i') conds.push(`${d.sortAt} IS NOT NULL`);
  if (f.from) {
    conds.push(`${d.sortAt} >= ?`);
    params.push(sqlTime(f.from));
  }
  if (f.to) {
    conds.push(`${d.sortAt} < ?`);
    params.push(sqlTime(f.to));
  }
  conds.push(...w.sql);
  params.push(...w.params);
  if (match !== null) {
    const m = matchCondition(engine, match);
    conds.push(`${d.id} IN (SELECT ${searchId(engine)} FROM "ItemSearch" AS fs WHERE ${m.sql})`);
    params.push(...m.params);
  }
  return {
    driver,
    select: pg
      ? `SELECT ${d.id} AS id, ${d.sortAt} AS "sortAtText" FROM ${d.from} ${joins.join(' ')} WHERE ${conds.length ? conds.join(' AND ') : 'TRUE'}`
      : `SELECT ${d.id} AS id, ${d.sortAt} || '' AS sortAtText FROM ${d.from} ${joins.join(' ')} WHERE ${conds.length ? conds.join(' AND ') : '1'}`,
    params,
    sortAt: d.sortAt,
    id: d.id,
  };
}

/** Conditions for every filter except the time range, checked on rows found another way (the search). */
function allFilters(f: ItemListFilter, pg: boolean): Where {
  // With the 'time' driver nothing is taken by an index, so every filter becomes a condition.
  return residualFilters(f, 'time', 'i."id"', pg);
}

/** The search query for few matches: the matches drive, joined to the rows by primary key, sorted. */
function matchesFirstQuery(f: ItemListFilter, match: string, pg = false): TimeQuery {
  const engine: Engine = pg ? 'postgresql' : 'sqlite';
  const w = allFilters(f, pg);
  const m = matchCondition(engine, match);
  const conds = [m.sql, ...w.sql];
  const params: unknown[] = [...m.params, ...w.params];
  if (f.from) {
    conds.push('i."sortAt" >= ?');
    params.push(sqlTime(f.from));
  }
  if (f.to) {
    conds.push('i."sortAt" < ?');
    params.push(sqlTime(f.to));
  }
  const joins = [`CROSS JOIN "Item" AS i ON i."id" = ${searchId(engine)}`];
  if (w.needsAnalysis) joins.push('CROSS JOIN "ItemAnalysis" AS a ON a."itemId" = i."id"');
  return {
    select: pg
      ? `SELECT i."id" AS id, i."sortAt" AS "sortAtText" FROM "ItemSearch" AS fs ${joins.join(' ')} WHERE ${conds.join(' AND ')}`
      : `SELECT i."id" AS id, i."sortAt" || '' AS sortAtText FROM "ItemSearch" AS fs ${joins.join(' ')} WHERE ${conds.join(' AND ')}`,
    params,
    sortAt: 'i."sortAt"',
    id: 'i."id"',
  };
}

// ---------------------------------------------------------------- running queries

interface IdRow {
  id: number | bigint;
  /** SQLite: the stored text; PostgreSQL: the timestamptz. */
  sortAtText: string | Date;
}

function clampLimit(limit: number | undefined): number {
  return Math.max(1, Math.min(MAX_PAGE_SIZE, Math.floor(limit ?? DEFAULT_PAGE_SIZE)));
}

/** Runs a time-ordered query for one page in either direction. */
async function timePage(
  client: Db,
  q: TimeQuery,
  page: PageRequest<TimeCursor>,
): Promise<{ ids: number[]; cursors: TimeCursor[]; next: TimeCursor | null; prev: TimeCursor | null }> {
  const limit = clampLimit(page.limit);
  const backwards = !page.after && Boolean(page.before);
  const cursor = page.after ?? page.before ?? null;
  const conds: string[] = [];
  const params = [...q.params];
  if (cursor) {
    conds.push(`(${q.sortAt}, ${q.id}) ${backwards ? '>' : '<'} (?, ?)`);
    params.push(sqlTime(cursor.sortAt), cursor.id);
  }
  const dir = backwards ? 'ASC' : 'DESC';
  const sql = `${q.select}${conds.map((c) => ` AND ${c}`).join('')} ORDER BY ${q.sortAt} ${dir}, ${q.id} ${dir} LIMIT ?`;
  const rows = await rawQuery<IdRow[]>(client, forEngine(client, sql), ...params, limit + 1);
  const more = rows.length > limit;
  const pageRows = rows.slice(0, limit);
  if (backwards) pageRows.reverse();
  const cursors = pageRows.map((r) => ({ sortAt: new Date(r.sortAtText), id: Number(r.id) }));
  const first = cursors[0] ?? null;
  const last = cursors[cursors.length - 1] ?? null;
  return {
    ids: cursors.map((c) => c.id),
    cursors,
    // Going back: there are older rows (we came from them); going forward: older rows if more came back.
    next: backwards ? last : more ? last : null,
    prev: backwards ? (more ? first : null) : cursor ? first : null,
  };
}

const ROW_SELECT = {
  id: true,
  title: true,
  url: true,
  sortAt: true,
  publishedAt: true,
  isDemo: true,
  sourceId: true,
  source: { select: { name: true, category: true } },
  analysis: {
    select: {
      label: true,
      sentiment: true,
      risk: true,
      sensitivity: true,
      accidentType: true,
      province: true,
      city: true,
      grade: true,
      deaths: true,
      injuries: true,
      missing: true,
      trapped: true,
      rumour: true,
      aggregate: true,
      eventId: true,
    },
  },
  topics: { select: { topic: { select: { id: true, name: true } } } },
} as const;

/** The rows of a page by id, in the page's order. */
async function loadRows(client: Db, ids: readonly number[], withText: boolean): Promise<ItemListRow[]> {
  if (ids.length === 0) return [];
  const rows = await client.item.findMany({
    where: { id: { in: [...ids] } },
    select: { ...ROW_SELECT, summaryText: withText, contentText: withText },
  });
  const byId = new Map(rows.map((r) => [r.id, r]));
  const out: ItemListRow[] = [];
  for (const id of ids) {
    const r = byId.get(id);
    if (!r) continue; // deleted between the two reads
    const summary = 'summaryText' in r && typeof r.summaryText === 'string' ? r.summaryText : '';
    const content = 'contentText' in r && typeof r.contentText === 'string' ? r.contentText : null;
    out.push({
      id: r.id,
      title: r.title,
      url: r.url,
      sortAt: r.sortAt,
      publishedAt: r.publishedAt,
      isDemo: r.isDemo,
      sourceId: r.sourceId,
      sourceName: r.source.name,
      category: r.source.category,
      analysis: r.analysis,
      topics: r.topics.map((t) => t.topic),
      ...(withText ? { text: content && content.length > summary.length ? content : summary } : {}),
    });
  }
  return out;
}

export interface ListOptions {
  /** Also load each row's text (search snippets, export). */
  withText?: boolean;
  /** Search strategy; 'auto' (default) picks by the number of matches. Forcing one is for tests and benchmarks. */
  strategy?: SearchStrategy;
}

export type SearchStrategy = 'auto' | 'matches-first' | 'match-list';

/** GET /items: one page of the filtered list, newest first. */
export async function listItems(
  client: Db,
  filter: ItemListFilter,
  page: PageRequest<TimeCursor> = {},
  opts: ListOptions = {},
): Promise<ItemPage<TimeCursor>> {
  const q = timeQuery(filter, await probeRareFilters(client, filter), null, dialectOf(client) === 'postgresql');
  const r = await timePage(client, q, page);
  return { rows: await loadRows(client, r.ids, opts.withText ?? false), next: r.next, prev: r.prev, plan: `list:${q.driver}` };
}

/** Full-text matches of `match`, counted up to `cap` (cheap: reads the index's doclists only). */
export async function countMatchesUpTo(client: Db, match: string, cap: number): Promise<number> {
  if (dialectOf(client) === 'postgresql') {
    const m = matchCondition('postgresql', match);
    const got = await rawQuery<{ n: number | bigint }[]>(
      client,
      `SELECT count(*) AS n FROM (SELECT fs."itemId" FROM "ItemSearch" AS fs WHERE ${m.sql} LIMIT ?) AS d`,
      ...m.params,
      cap,
    );
    return Number(got[0]?.n ?? 0);
  }
  const rows = await client.$queryRawUnsafe<{ n: number | bigint }[]>(
    'SELECT count(*) AS n FROM (SELECT rowid FROM "ItemSearch" WHERE "ItemSearch" MATCH ? LIMIT ?)',
    match,
    cap,
  );
  return Number(rows[0]?.n ?? 0);
}

/** The time-ordered search query: matches first when there are few, the driving index otherwise. */
async function searchTimeQuery(
  client: Db,
  filter: ItemListFilter,
  match: string,
  strategy: SearchStrategy = 'auto',
): Promise<{ q: TimeQuery; plan: string }> {
  const pg = dialectOf(client) === 'postgresql';
  const few = strategy === 'auto' ? (await countMatchesUpTo(client, match, SEARCH_SORT_CAP + 1)) <= SEARCH_SORT_CAP : strategy === 'matches-first';
  if (few) return { q: matchesFirstQuery(filter, match, pg), plan: 'search:matches-first' };
  const q = timeQuery(filter, await probeRareFilters(client, filter), match, pg);
  return { q, plan: `search:${q.driver}-with-match-list` };
}

export type SearchOrder = 'time' | 'relevance';

/**
 * GET /items?q=…: one page of items matching an FTS5 expression (built by parseSearchQuery in
 * lib/search/query.ts; never raw user input) and the filters.
 */
export async function searchItems(
  client: Db,
  filter: ItemListFilter,
  match: string,
  page: PageRequest<TimeCursor> = {},
  opts: ListOptions = {},
): Promise<ItemPage<TimeCursor>> {
  const { q, plan } = await searchTimeQuery(client, filter, match, opts.strategy);
  const r = await timePage(client, q, page);
  return { rows: await loadRows(client, r.ids, opts.withText ?? false), next: r.next, prev: r.prev, plan };
}

/** GET /items?q=…&sort=relevance: best matches first (bm25, title words count ten times). */
export async function searchItemsByRelevance(
  client: Db,
  filter: ItemListFilter,
  match: string,
  page: PageRequest<ScoreCursor> = {},
  opts: ListOptions = {},
): Promise<ItemPage<ScoreCursor>> {
  const limit = clampLimit(page.limit);
  if (dialectOf(client) === 'postgresql') return searchByRelevancePg(client, filter, match, page, limit, opts);
  const w = allFilters(filter, false);
  const conds = [...w.sql];
  const params: unknown[] = [match, RELEVANCE_WINDOW, ...w.params];
  if (filter.from) {
    conds.push('i."sortAt" >= ?');
    params.push(sqlTime(filter.from));
  }
  if (filter.to) {
    conds.push('i."sortAt" < ?');
    params.push(sqlTime(filter.to));
  }
  if (page.after) {
    conds.push('(c.score > ? OR (c.score = ? AND c.id < ?))');
    params.push(page.after.score, page.after.score, page.after.id);
  }
  const needsAnalysis = w.needsAnalysis;
  const sql = `SELECT c.id AS id, c.score AS score FROM (
      SELECT rowid AS id, bm25("ItemSearch", ${BM25_WEIGHTS}) AS score FROM "ItemSearch"
      WHERE "ItemSearch" MATCH ? ORDER BY rowid DESC LIMIT ?
    ) AS c CROSS JOIN "Item" AS i ON i."id" = c.id
    ${needsAnalysis ? 'CROSS JOIN "ItemAnalysis" AS a ON a."itemId" = i."id"' : ''}
    ${conds.length ? `WHERE ${conds.join(' AND ')}` : ''}
    ORDER BY c.score ASC, c.id DESC LIMIT ?`;
  const rows = await client.$queryRawUnsafe<{ id: number | bigint; score: number }[]>(sql, ...params, limit + 1);
  const pageRows = rows.slice(0, limit);
  const loaded = await loadRows(client, pageRows.map((r) => Number(r.id)), opts.withText ?? false);
  const scores = new Map(pageRows.map((r) => [Number(r.id), r.score]));
  const last = pageRows[pageRows.length - 1];
  return {
    rows: loaded.map((r) => ({ ...r, score: scores.get(r.id) ?? 0 })),
    next: rows.length > limit && last ? { score: last.score, id: Number(last.id) } : null,
    prev: null,
    plan: 'search:relevance',
  };
}

/**
 * Relevance order on PostgreSQL: ts_rank_cd over the newest RELEVANCE_WINDOW matches, weights
 * {D, C, B, A} = {0.1, 0.2, 0.4, 1.0} (title = A, text = B), best first. The score is read as
 * float8 so the cursor's equality holds exactly.
 */
async function searchByRelevancePg(
  client: Db,
  filter: ItemListFilter,
  match: string,
  page: PageRequest<ScoreCursor>,
  limit: number,
  opts: ListOptions,
): Promise<ItemPage<ScoreCursor>> {
  const w = allFilters(filter, true);
  const q = pgTsQuery(match);
  const conds = [...w.sql];
  const params: unknown[] = [...q.params, ...q.params, RELEVANCE_WINDOW, ...w.params];
  if (filter.from) {
    conds.push('i."sortAt" >= ?');
    params.push(sqlTime(filter.from));
  }
  if (filter.to) {
    conds.push('i."sortAt" < ?');
    params.push(sqlTime(filter.to));
  }
  if (page.after) {
    conds.push('(c.score < ? OR (c.score = ? AND c.id < ?))');
    params.push(page.after.score, page.after.score, page.after.id);
  }
  const sql = `SELECT c.id AS id, c.score AS score FROM (
      SELECT fs."itemId" AS id, ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', fs."tsv", ${q.sql})::float8 AS score FROM "ItemSearch" AS fs
      WHERE fs."tsv" @@ ${q.sql} ORDER BY fs."itemId" DESC LIMIT ?
    ) AS c JOIN "Item" AS i ON i."id" = c.id
    ${w.needsAnalysis ? 'JOIN "ItemAnalysis" AS a ON a."itemId" = i."id"' : ''}
    ${conds.length ? `WHERE ${conds.join(' AND ')}` : ''}
    ORDER BY c.score DESC, c.id DESC LIMIT ?`;
  const rows = await rawQuery<{ id: number | bigint; score: number }[]>(client, sql, ...params, limit + 1);
  const pageRows = rows.slice(0, limit);
  const loaded = await loadRows(client, pageRows.map((r) => Number(r.id)), opts.withText ?? false);
  const scores = new Map(pageRows.map((r) => [Number(r.id), Number(r.score)]));
  const last = pageRows[pageRows.length - 1];
  return {
    rows: loaded.map((r) => ({ ...r, score: scores.get(r.id) ?? 0 })),
    next: rows.length > limit && last ? { score: Number(last.score), id: Number(last.id) } : null,
    prev: null,
    plan: 'search:relevance',
  };
}

/**
 * How many rows the filter (and search) matches, counted up to COUNT_CAP: "37" or "1000+".
 * Costs at most one page-walk of COUNT_CAP index entries, never a count of the table.
 */
export async function countItemsUpTo(
  client: Db,
  filter: ItemListFilter,
  match: string | null = null,
  cap = COUNT_CAP,
): Promise<{ count: number; capped: boolean }> {
  const pg = dialectOf(client) === 'postgresql';
  const q = match === null ? timeQuery(filter, await probeRareFilters(client, filter), null, pg) : (await searchTimeQuery(client, filter, match)).q;
  const rows = await rawQuery<{ n: number | bigint }[]>(
    client,
    forEngine(client, `SELECT count(*) AS n FROM (${q.select} LIMIT ?)${derived(client)}`),
    ...q.params,
    cap + 1,
  );
  const n = Number(rows[0]?.n ?? 0);
  return { count: Math.min(n, cap), capped: n > cap };
}

/**
 * Rows for an export, newest first, page by page (keyset), at most `maxRows`. Yields pages so a
 * route can stream them.
 */
export async function* iterateItems(
  client: Db,
  filter: ItemListFilter,
  match: string | null,
  maxRows: number,
  pageSize = 1000,
): AsyncGenerator<ItemListRow[]> {
  let after: TimeCursor | null = null;
  let left = maxRows;
  const pg = dialectOf(client) === 'postgresql';
  const q = match === null ? timeQuery(filter, await probeRareFilters(client, filter), null, pg) : (await searchTimeQuery(client, filter, match)).q;
  while (left > 0) {
    // eslint-disable-next-line no-await-in-loop -- pages follow each other by cursor
    const r = await timePage(client, q, { after, limit: Math.min(pageSize, left) });
    // eslint-disable-next-line no-await-in-loop -- as above
    const rows = await loadRows(client, r.ids, true);
    if (rows.length) yield rows;
    left -= r.ids.length;
    if (!r.next) return;
    after = r.next;
  }
}

/** The SQL and parameters a filter runs as (EXPLAIN QUERY PLAN in tests, the benchmark's notes). */
export function explainListQuery(
  filter: ItemListFilter,
  opts: { match?: string; strategy?: 'list' | 'match-list' | 'matches-first'; rare?: RareFilters } = {},
): { sql: string; params: unknown[]; driver: Driver | 'search' } {
  const strategy = opts.strategy ?? 'list';
  const q =
    strategy === 'matches-first' && opts.match
      ? { ...matchesFirstQuery(filter, opts.match), driver: 'search' as const }
      : timeQuery(filter, opts.rare ?? {}, strategy === 'match-list' ? (opts.match ?? null) : null);
  return {
    sql: `${q.select} AND (${q.sortAt}, ${q.id}) < (?, ?) ORDER BY ${q.sortAt} DESC, ${q.id} DESC LIMIT ?`,
    params: [...q.params, sqlTime(new Date()), 0, DEFAULT_PAGE_SIZE + 1],
    driver: q.driver,
  };
}
