/**
 * The list's SQL uses the index it was written for, for every filter: EXPLAIN QUERY PLAN on the
 * migrated schema. "SEARCH … USING INDEX" with the expected index and no sort step means a page
 * reads about one page of index entries, whatever the size of the table (see the 1,000,000-item
 * figures in lib/db/queries/list-items.ts).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { chooseDriver, explainListQuery } from '@/lib/db';
import type { Driver, ItemListFilter, RareFilters } from '@/lib/db';
import { createTestDb, sqliteOnly } from '../helpers/test-db';
import type { TestDb } from '../helpers/test-db';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t.cleanup());

async function plan(filter: ItemListFilter, opts: Parameters<typeof explainListQuery>[1] = {}): Promise<string[]> {
  const q = explainListQuery(filter, opts);
  const rows = await t.client.$queryRawUnsafe<{ detail: string }[]>(`EXPLAIN QUERY PLAN ${q.sql}`, ...q.params);
  return rows.map((r) => r.detail);
}

const SORTED: [string, ItemListFilter, Driver, RegExp][] = [
  ['no filter', {}, 'time', /SEARCH i USING COVERING INDEX Item_sortAt_idx \(sortAt<\?\)/],
  ['a time range', { from: new Date(0), to: new Date() }, 'time', /USING COVERING INDEX Item_sortAt_idx \(sortAt>\? AND sortAt<\?\)/],
  ['sentiment', { label: 'negative' }, 'label', /SEARCH a USING COVERING INDEX ItemAnalysis_label_sortAt_idx \(label=\? AND sortAt/],
  ['province', { province: '山西省' }, 'province', /ItemAnalysis_province_sortAt_idx \(province=\? AND sortAt/],
  ['accident type', { accidentTypeCode: '12' }, 'accidentType', /ItemAnalysis_accidentTypeCode_sortAt_idx \(accidentTypeCode=\? AND sortAt/],
  ['grade', { grade: '较大' }, 'grade', /ItemAnalysis_grade_sortAt_idx \(grade=\? AND sortAt/],
  ['topic', { topicId: 1 }, 'topic', /ItemTopic_topicId_sortAt_itemId_idx \(topicId=\? AND sortAt/],
  ['source', { sourceId: 's' }, 'source', /Item_sourceId_sortAt_idx \(sourceId=\? AND sortAt<\?\)/],
  ['demo only', { demo: 'only' }, 'demo', /Item_isDemo_sortAt_idx \(isDemo=\? AND sortAt<\?\)/],
  ['common residual filters', { minRisk: 60, category: 'official', demo: 'exclude' }, 'time', /Item_sortAt_idx/],
  ['sentiment + province + source category + risk', { label: 'negative', province: '山西省', category: 'official', minRisk: 30 }, 'province', /ItemAnalysis_province_sortAt_idx/],
];

// SQLite's EXPLAIN QUERY PLAN of the pinned plans; PostgreSQL's planner picks its own (checked by the 10 M benchmark, issue 9).
describe.skipIf(!sqliteOnly)('each filter reads its own index in list order (no sort, no table scan)', () => {
  test.each(SORTED)('%s', async (_name, filter, driver, index) => {
    expect(chooseDriver(filter)).toBe(driver);
    const p = await plan(filter);
    expect(p[0]).toMatch(index);
    expect(p.join('\n')).not.toMatch(/TEMP B-TREE/);
    // Other tables are only ever looked up by primary key.
    for (const line of p.slice(1)) expect(line).not.toMatch(/^SCAN (i|a|t)\b/);
  });
});

// SQLite's EXPLAIN QUERY PLAN of the pinned plans; PostgreSQL's planner picks its own (checked by the 10 M benchmark, issue 9).
describe.skipIf(!sqliteOnly)('rare filters and search', () => {
  const RARE: [string, ItemListFilter, RareFilters, Driver, RegExp][] = [
    ['a rare minimum risk', { minRisk: 95 }, { risk: true }, 'risk', /ItemAnalysis_risk_idx \(risk>\?\)/],
    ['a small source category', { category: 'own_site' }, { category: true }, 'category', /Item_sourceId_sortAt_idx \(sourceId=\?/],
    ['an event', { eventId: 3 }, {}, 'event', /ItemAnalysis_eventId_idx \(eventId=\?\)/],
  ];
  test.each(RARE)('%s drives from its index, and only its few rows are sorted', async (_n, filter, rare, driver, index) => {
    expect(chooseDriver(filter, rare)).toBe(driver);
    const p = await plan(filter, { rare });
    expect(p[0]).toMatch(index);
    expect(p.join('\n')).toMatch(/USE TEMP B-TREE FOR ORDER BY/);
  });

  test('many matches: the match list is built once and the time index walked', async () => {
    const p = await plan({}, { match: '"事故"', strategy: 'match-list' });
    expect(p[0]).toMatch(/Item_sortAt_idx/);
    expect(p.join('\n')).toMatch(/LIST SUBQUERY/);
    expect(p.join('\n')).toMatch(/SCAN fs VIRTUAL TABLE INDEX/);
    expect(p.join('\n')).not.toMatch(/TEMP B-TREE FOR ORDER BY/);
  });

  test('few matches: the full-text index drives, rows are fetched by primary key', async () => {
    const p = await plan({ label: 'negative' }, { match: '"透水"', strategy: 'matches-first' });
    expect(p[0]).toMatch(/SCAN fs VIRTUAL TABLE INDEX/);
    expect(p.join('\n')).toMatch(/SEARCH i USING INTEGER PRIMARY KEY/);
    expect(p.join('\n')).toMatch(/SEARCH a USING INTEGER PRIMARY KEY/);
  });
});
