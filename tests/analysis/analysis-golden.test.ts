/**
 * The whole per-item analysis on the fixture corpus (CEC accident reports, a sample of the
 * sentiment sets, the demo corpus) against analysis-golden.json, written by
 * tests/analysis/golden/generate.ts from the implementation before the speed-up of issue 3.
 * Sentiment (score, label, cues with offsets, adjustments), risk, sensitivity, accident facts
 * with grade and evidence, place, fingerprints (SimHash, MinHash, tokens) and the segments must
 * all come out identical.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GOLDEN_FILE, GOLDEN_PARTS, analyseGolden, fixturesPresent, goldenInputs, parseGolden } from './golden/corpus';
import type { GoldenRecord } from './golden/corpus';

describe.skipIf(!fixturesPresent())('analysis on the fixture corpus matches the golden outputs', () => {
  const golden = parseGolden(readFileSync(GOLDEN_FILE, 'utf8'));
  const inputs = goldenInputs();
  const actual = analyseGolden(inputs);

  it('covers the same items, among them accidents, casualties, places and every label', () => {
    expect(actual.map((r) => r.id)).toEqual(golden.map((r) => r.id));
    expect(golden.length).toBeGreaterThan(2000);
    expect(golden.filter((r) => r.grade !== null).length).toBeGreaterThan(100);
    expect(golden.filter((r) => r.deaths !== null && r.deaths > 0).length).toBeGreaterThan(100);
    expect(golden.filter((r) => r.province !== null).length).toBeGreaterThan(300);
    for (const label of ['negative', 'neutral', 'positive']) expect(golden.filter((r) => r.label === label).length).toBeGreaterThan(100);
  });

  for (const part of GOLDEN_PARTS) {
    it(`gives the same ${part} for every item`, () => {
      const differ: { id: string; was: Partial<GoldenRecord>; now: Partial<GoldenRecord> }[] = [];
      actual.forEach((r, i) => {
        const g = golden[i];
        if (!g || g.digests[part] === r.digests[part]) return;
        const { digests: _g, ...was } = g;
        const { digests: _r, ...now } = r;
        differ.push({ id: r.id, was, now });
      });
      expect(differ.slice(0, 5)).toEqual([]);
      expect(differ.length).toBe(0);
    });
  }
});

describe.skipIf(fixturesPresent())('analysis golden outputs', () => {
  it('needs ../shared/fixtures', () => {
    expect(existsSync(GOLDEN_FILE)).toBe(true);
  });
});
