/**
 * The bottom-k MinHash sorts its shingle hashes with its own sort (issue 3 speed-up): the
 * signature must be the k smallest distinct hashes in ascending order, whichever path it takes
 * (sort of every shingle, or the pre-filter for long texts) and however many duplicates there are.
 */
import { describe, expect, it } from 'vitest';
import { minhashSignature } from '@/lib/analysis/simhash';

/** A deterministic token list: `n` tokens drawn from a vocabulary of `vocab` words. */
function tokens(n: number, vocab: number, seed: number): string[] {
  let x = seed >>> 0;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    out.push(`词${x % vocab}`);
  }
  return out;
}

function strictlyAscending(sig: Uint32Array): boolean {
  for (let i = 1; i < sig.length; i++) if ((sig[i] as number) <= (sig[i - 1] as number)) return false;
  return true;
}

describe('minhashSignature order', () => {
  const cases: [n: number, vocab: number][] = [
    [1, 1], [2, 1], [17, 3], [40, 40], [65, 65], [200, 15], [256, 256], [257, 1000], [1000, 30], [5000, 5000], [20000, 7],
  ];
  for (const [n, vocab] of cases) {
    it(`${n} tokens of ${vocab} words: the k smallest distinct shingle hashes, ascending`, () => {
      for (let seed = 1; seed <= 5; seed++) {
        const list = tokens(n, vocab, seed);
        // With k above the number of shingles the signature is every distinct hash, sorted.
        const all = minhashSignature(list, 1_000_000);
        expect(strictlyAscending(all)).toBe(true);
        for (const k of [1, 8, 64]) {
          const sig = minhashSignature(list, k);
          expect(Array.from(sig)).toEqual(Array.from(all.subarray(0, k)));
        }
      }
    });
  }

  it('gives one value per distinct shingle when the text repeats itself', () => {
    const list = Array.from({ length: 1000 }, (_, i) => (i % 2 === 0 ? '爆炸' : '事故'));
    // Shingles: "爆炸 事故" and "事故 爆炸" only.
    expect(minhashSignature(list, 64).length).toBe(2);
  });
});
