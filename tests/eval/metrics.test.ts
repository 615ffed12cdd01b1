import { describe, expect, test } from 'vitest';
import {
  accuracy,
  classScore,
  confusionMatrix,
  countCorrect,
  exactMatch,
  goldClasses,
  macroF1,
  majorityBaseline,
  majorityLabel,
  perClass,
  predictionRate,
  support,
} from '@/lib/eval/metrics';
import type { LabelPair } from '@/lib/eval/metrics';

type P = 'negative' | 'neutral' | 'positive';
const LABELS: P[] = ['negative', 'neutral', 'positive'];

function pairs(spec: [P, P, number][]): LabelPair<P>[] {
  return spec.flatMap(([gold, pred, n]) => Array.from({ length: n }, () => ({ gold, pred })));
}

describe('confusion matrix and derived scores (hand-computed 3-class case)', () => {
  //            pred: neg neu pos
  // gold negative     3   1   0
  // gold neutral      0   1   2
  // gold positive     1   0   2
  const c = confusionMatrix(
    pairs([
      ['negative', 'negative', 3],
      ['negative', 'neutral', 1],
      ['neutral', 'neutral', 1],
      ['neutral', 'positive', 2],
      ['positive', 'negative', 1],
      ['positive', 'positive', 2],
    ]),
    LABELS,
  );

  test('cells, order and total', () => {
    expect(c.labels).toEqual(LABELS);
    expect(c.matrix).toEqual([
      [3, 1, 0],
      [0, 1, 2],
      [1, 0, 2],
    ]);
    expect(c.total).toBe(10);
  });

  test('accuracy is the diagonal share', () => {
    expect(accuracy(c)).toBeCloseTo(0.6, 10);
  });

  test('per-class precision / recall / F1', () => {
    const [neg, neu, pos] = perClass(c);
    expect(neg).toMatchObject({ label: 'negative', support: 4, predicted: 4 });
    expect(neg?.precision).toBeCloseTo(0.75, 10);
    expect(neg?.recall).toBeCloseTo(0.75, 10);
    expect(neg?.f1).toBeCloseTo(0.75, 10);
    // neutral: tp 1, predicted 2, support 3 → P 1/2, R 1/3, F1 0.4
    expect(neu).toMatchObject({ support: 3, predicted: 2 });
    expect(neu?.precision).toBeCloseTo(0.5, 10);
    expect(neu?.recall).toBeCloseTo(1 / 3, 10);
    expect(neu?.f1).toBeCloseTo(0.4, 10);
    // positive: tp 2, predicted 4, support 3 → P 1/2, R 2/3, F1 4/7
    expect(pos?.f1).toBeCloseTo(4 / 7, 10);
  });

  test('macro-F1 is the unweighted mean', () => {
    expect(macroF1(c)).toBeCloseTo((0.75 + 0.4 + 4 / 7) / 3, 10);
  });

  test('prediction rate and support', () => {
    expect(predictionRate(c, 'neutral')).toBeCloseTo(0.2, 10);
    expect(support(c, 'positive')).toBe(3);
  });
});

describe('macro-F1 edge cases', () => {
  test('a class never predicted scores P = R = F1 = 0 and still counts in the mean', () => {
    const c = confusionMatrix<string>([
      { gold: 'a', pred: 'a' },
      { gold: 'a', pred: 'a' },
      { gold: 'b', pred: 'a' },
      { gold: 'b', pred: 'a' },
    ]);
    const b = classScore(c, 'b');
    expect(b).toEqual({ label: 'b', precision: 0, recall: 0, f1: 0, support: 2, predicted: 0 });
    expect(classScore(c, 'a').f1).toBeCloseTo(2 / 3, 10);
    expect(macroF1(c)).toBeCloseTo(1 / 3, 10);
  });

  test('2-class gold scored by a 3-class predictor: neutral is wrong but not averaged', () => {
    const c = confusionMatrix<P>(
      [
        { gold: 'negative', pred: 'neutral' },
        { gold: 'positive', pred: 'positive' },
      ],
      LABELS,
    );
    expect(goldClasses(c)).toEqual(['negative', 'positive']);
    expect(accuracy(c)).toBe(0.5);
    expect(macroF1(c)).toBeCloseTo(0.5, 10); // (0 + 1) / 2, not / 3
    expect(predictionRate(c, 'neutral')).toBe(0.5);
  });

  test('perfect predictions give 1; explicit class list is honoured', () => {
    const c = confusionMatrix<P>(pairs([['negative', 'negative', 2], ['positive', 'positive', 5]]), LABELS);
    expect(macroF1(c)).toBe(1);
    // Averaging over a class with no support and no predictions gives 0 for it.
    expect(macroF1(c, LABELS)).toBeCloseTo(2 / 3, 10);
  });

  test('empty input does not divide by zero', () => {
    const c = confusionMatrix<P>([], LABELS);
    expect(c.total).toBe(0);
    expect(accuracy(c)).toBe(0);
    expect(macroF1(c)).toBe(0);
    expect(predictionRate(c, 'neutral')).toBe(0);
  });

  test('labels met in the data but not listed are appended, not dropped', () => {
    const c = confusionMatrix<string>([{ gold: 'x', pred: 'y' }], ['y']);
    expect(c.labels).toEqual(['y', 'x']);
    expect(c.matrix).toEqual([
      [0, 0],
      [1, 0],
    ]);
  });
});

describe('majority baseline', () => {
  test('predicts the most frequent gold label', () => {
    const b = majorityBaseline<P>(['positive', 'positive', 'negative'], ['negative', 'positive']);
    expect(b.label).toBe('positive');
    expect(b.accuracy).toBeCloseTo(2 / 3, 10);
    // positive: P 2/3, R 1, F1 0.8; negative: 0 → mean 0.4
    expect(b.macroF1).toBeCloseTo(0.4, 10);
  });

  test('ties go to the first listed label; no data gives null', () => {
    expect(majorityLabel<P>(['positive', 'negative'], ['negative', 'positive'])).toBe('negative');
    expect(majorityLabel<P>(['positive', 'negative'], ['positive', 'negative'])).toBe('positive');
    expect(majorityBaseline<P>([]).label).toBeNull();
  });
});

describe('exact match of extracted counts', () => {
  test('null must match null; 0 is accepted for a null gold only when the text says none', () => {
    expect(countCorrect({ gold: null, pred: null })).toBe(true);
    expect(countCorrect({ gold: null, pred: 0 })).toBe(false);
    expect(countCorrect({ gold: null, pred: 0, zeroOk: true })).toBe(true);
    expect(countCorrect({ gold: null, pred: 3, zeroOk: true })).toBe(false);
    expect(countCorrect({ gold: 6, pred: 6 })).toBe(true);
    expect(countCorrect({ gold: 6, pred: null })).toBe(false);
    expect(countCorrect({ gold: 6, pred: 0, zeroOk: true })).toBe(false);
  });

  test('accuracy over pairs', () => {
    expect(
      exactMatch([
        { gold: 1, pred: 1 },
        { gold: 2, pred: 3 },
        { gold: null, pred: null },
        { gold: null, pred: 0, zeroOk: true },
      ]),
    ).toEqual({ n: 4, correct: 3, accuracy: 0.75 });
    expect(exactMatch([])).toEqual({ n: 0, correct: 0, accuracy: 0 });
  });
});
