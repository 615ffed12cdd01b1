/**
 * The pipeline builds an item's search-index row from the analysis's own cut of the text instead of
 * cutting it a second time: the row must be exactly what cutting the text anew gives.
 */
import { describe, expect, test } from 'vitest';
import { analyzeItem, MAX_ANALYSED_CHARS } from '@/lib/analysis/analyze';
import { corpus, expandText } from '@/demo/corpus';
import { searchDocument, searchDocumentFromSegments } from '@/lib/search/document';

describe('search rows from the analysis segments', () => {
  test('are identical to a fresh cut for every demo item', () => {
    const now = new Date('2026-06-01T00:00:00Z');
    for (const e of corpus) {
      const text = expandText(e.body, now);
      const r = analyzeItem({ title: e.title, text });
      expect(searchDocumentFromSegments(e.title, text, r.segments)).toEqual(searchDocument(e.title, text));
    }
  });

  test('are not built from segments that cover only part of a long text', () => {
    const text = '煤矿透水事故救援进展。'.repeat(Math.ceil((MAX_ANALYSED_CHARS + 100) / 11));
    const r = analyzeItem({ title: '透水', text });
    expect(searchDocumentFromSegments('透水', text, r.segments)).toBeNull();
  });
});
