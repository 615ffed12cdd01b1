/** The FTS5 expressions lib/search/query.ts writes, as PostgreSQL tsqueries with bound phrases (no engine needed). */
import { describe, expect, test } from 'vitest';
import { pgTsQuery } from '@/lib/db/queries/list-items';
import { parseSearchQuery } from '@/lib/search/query';

function render(input: string) {
  const p = parseSearchQuery(input);
  if (p.kind !== 'ok') throw new Error(p.kind);
  return pgTsQuery(p.match);
}

describe('FTS5 expression → tsquery', () => {
  test('words are ANDed phrases, a "quoted phrase" keeps its words in order, -word is excluded', () => {
    expect(render('煤矿 透水 -演练')).toEqual({
      sql: "((phraseto_tsquery('simple', ?) && phraseto_tsquery('simple', ?)) && !!(phraseto_tsquery('simple', ?)))",
      params: ['煤矿', '透水', '演练'],
    });
    expect(render('"透水事故"').params).toEqual(['透水 事故']);
  });

  test('user text only ever becomes a bound parameter', () => {
    for (const input of ['" OR 1', "'); DROP TABLE \"Item\"; --", 'NEAR(', 'a"b']) {
      const q = render(input);
      expect(q.sql).not.toMatch(/DROP|'\)|NEAR/);
      expect(q.sql.replace(/phraseto_tsquery\('simple', \?\)/g, '')).toMatch(/^[()&|! ]*$/);
    }
  });

  test('anything outside the generated grammar is refused', () => {
    expect(() => pgTsQuery('"open')).toThrow('检索表达式无效');
    expect(() => pgTsQuery('透水')).toThrow('检索表达式无效');
  });
});
