/**
 * The pure parts of search: how text is segmented for the index, how user input becomes an FTS5
 * expression that can only mean "these words", and how hits and cues are cut into marked pieces.
 */
import { describe, expect, test } from 'vitest';
import { innerPieces, searchDocument, segmentForIndex } from '@/lib/search/document';
import { findWords, highlightWords, markRanges, snippet } from '@/lib/search/highlight';
import { parseSearchQuery, splitSearchInput } from '@/lib/search/query';

/** Outside its quoted strings, the FTS5 expression holds only the operators we write and parentheses. */
function onlyQuotedTokens(match: string): boolean {
  const outside = match.replace(/"(?:[^"]|"")*"/g, ' ');
  return outside.split(/[\s()]+/).every((w) => w === '' || w === 'AND' || w === 'OR' || w === 'NOT');
}

describe('index text', () => {
  test('words in reading order, punctuation dropped, inner pieces of long words appended', () => {
    const doc = segmentForIndex('山西一煤矿发生透水事故，3人被困。');
    const words = doc.split(' ');
    expect(words).not.toContain('，');
    expect(words).not.toContain('。');
    // The cut words in order, so a phrase of adjacent words matches.
    expect(doc.startsWith('山西 ')).toBe(true);
    expect(words).toContain('透水');
  });

  test('a word kept whole by the dictionary is still found by its parts', () => {
    expect(innerPieces('瓦斯爆炸')).toEqual(['瓦斯', '斯爆', '爆炸', '瓦斯爆', '斯爆炸']);
    expect(innerPieces('煤矿')).toEqual([]);
    const doc = segmentForIndex('发生瓦斯爆炸');
    expect(doc.split(' ')).toContain('爆炸');
  });

  test('title and text are indexed separately', () => {
    const d = searchDocument('标题里有透水', '正文说瓦斯');
    expect(d.title).toContain('透水');
    expect(d.body).toContain('瓦斯');
    expect(d.body).not.toContain('透水');
  });
});

describe('search input → FTS5', () => {
  test('empty input is no search', () => {
    expect(parseSearchQuery('')).toEqual({ kind: 'empty' });
    expect(parseSearchQuery('   ')).toEqual({ kind: 'empty' });
    expect(parseSearchQuery(undefined)).toEqual({ kind: 'empty' });
  });

  test('words are ANDed, each a quoted phrase of its segmented tokens', () => {
    const r = parseSearchQuery('透水 煤矿');
    expect(r.kind).toBe('ok');
    if (r.kind !== 'ok') return;
    expect(r.match).toBe('"透水" AND "煤矿"');
    expect(r.highlight).toEqual(expect.arrayContaining(['透水', '煤矿']));
  });

  test('a quoted phrase keeps its words together; an unquoted compound also matches kept whole', () => {
    const r = parseSearchQuery('"透水 事故"');
    expect(r.kind === 'ok' && r.match).toBe('"透水 事故"');
    const c = parseSearchQuery('透水事故');
    expect(c.kind).toBe('ok');
    if (c.kind !== 'ok') return;
    // Either one token, or the phrase of its tokens OR the whole word.
    expect(c.match === '"透水事故"' || c.match === '("透水 事故" OR "透水事故")').toBe(true);
    expect(splitSearchInput('“瓦斯 爆炸” 矿')).toEqual([
      { text: '瓦斯 爆炸', exclude: false, quoted: true },
      { text: '矿', exclude: false, quoted: false },
    ]);
  });

  test('-word excludes; a search of exclusions only is refused in Chinese', () => {
    const r = parseSearchQuery('事故 -演练 -"应急 演练"');
    expect(r.kind === 'ok' && r.match).toBe('("事故") NOT ("演练" OR "应急 演练")');
    const only = parseSearchQuery('-演练');
    expect(only.kind).toBe('error');
    if (only.kind === 'error') expect(only.message).toContain('至少');
  });

  test.each([
    ['" OR 1', '"OR 1"'],
    ['NEAR(', '"NEAR"'],
    ['事故 OR 1=1', '"事故" AND "OR" AND "1 1"'],
    ['title:透水', null],
    ['*', null],
    ['透水*', null],
    ['^事故', null],
    ['") OR ("a', null],
    ['col : "x"', null],
  ])('user input %j cannot inject FTS5 syntax', (input, expected) => {
    const r = parseSearchQuery(input);
    if (r.kind === 'error') {
      expect(r.message).toMatch(/[\u4e00-\u9fff]/);
      return;
    }
    expect(r.kind).toBe('ok');
    if (r.kind !== 'ok') return;
    if (expected) expect(r.match).toBe(expected);
    expect(onlyQuotedTokens(r.match)).toBe(true);
    // No bare operator characters outside quotes.
    expect(r.match.replace(/"(?:[^"]|"")*"/g, '')).not.toMatch(/[*^:+{}]|NEAR/);
  });

  test('quotes inside a token are doubled; too long or too many terms are refused', () => {
    expect(parseSearchQuery('a"b').kind).toBe('ok');
    expect(parseSearchQuery('字'.repeat(101))).toEqual({ kind: 'error', message: expect.stringContaining('过长') });
    expect(parseSearchQuery('一一 二二 三三 四四 五五 六六 七七 八八 九九').kind).toBe('error');
    expect(parseSearchQuery('（）。，').kind).toBe('error');
  });
});

describe('marked pieces', () => {
  test('ranges out of range, empty, reversed, fractional or overlapping are skipped, never thrown', () => {
    const text = '山西煤矿透水事故';
    const pieces = markRanges(text, [
      { start: 4, end: 6, data: 'a' },
      { start: 5, end: 8, data: 'overlap' },
      { start: -3, end: 2, data: 'neg' },
      { start: 6, end: 99, data: 'past end' },
      { start: 3, end: 3, data: 'empty' },
      { start: 7, end: 6, data: 'reversed' },
      { start: 1.5, end: 2, data: 'fraction' },
      { start: Number.NaN, end: 2, data: 'nan' },
      { start: 0, end: 2, data: 'b' },
    ]);
    expect(pieces.map((p) => p.text).join('')).toBe(text);
    expect(pieces.filter((p) => p.mark).map((p) => [p.text, p.mark])).toEqual([
      ['山西', 'b'],
      ['透水', 'a'],
    ]);
    expect(markRanges('', [{ start: 0, end: 1, data: 'x' }])).toEqual([{ text: '' }]);
  });

  test('search hits: longest word first, Latin case-insensitive, every occurrence', () => {
    expect(findWords('透水事故后又透水', ['透水', '透水事故']).map((r) => r.data)).toEqual(['透水事故', '透水']);
    const p = highlightWords('COVID 与 covid', ['covid']);
    expect(p.filter((x) => x.mark).map((x) => x.text)).toEqual(['COVID', 'covid']);
  });

  test('a snippet is a window around the first hit', () => {
    const text = `${'无关内容'.repeat(60)}发生透水事故${'其他'.repeat(60)}`;
    const s = snippet(text, ['透水'], 40);
    expect(s).toContain('透水');
    expect(s.startsWith('…')).toBe(true);
    expect(s.length).toBeLessThanOrEqual(42);
    expect(snippet('短文本', ['无'], 40)).toBe('短文本');
  });
});
