/**
 * Pure evaluation metrics for `npm run eval`: confusion matrix, accuracy, per-class
 * precision/recall/F1, macro-F1 and exact-match accuracy for extracted counts.
 *
 * Conventions (as scikit-learn with zero_division=0): a ratio with a zero denominator is 0,
 * so a gold class the system never predicts has precision 0, recall 0 and F1 0, and still
 * counts in the macro average. Macro-F1 averages over the gold classes that occur (support > 0),
 * because a 2-class corpus scored by a 3-class predictor must not be averaged over "neutral".
 */

export interface Confusion<L extends string = string> {
  /** Row and column order: gold classes first (in the order given), then any other predicted label. */
  labels: L[];
  /** matrix[gold][predicted], indices into `labels`. */
  matrix: number[][];
  total: number;
}

export interface LabelPair<L extends string = string> {
  gold: L;
  pred: L;
}

export interface ClassScore<L extends string = string> {
  label: L;
  precision: number;
  recall: number;
  f1: number;
  /** Gold items of this class. */
  support: number;
  /** Items predicted as this class. */
  predicted: number;
}

function ratio(num: number, den: number): number {
  return den === 0 ? 0 : num / den;
}

/**
 * Build a confusion matrix. `labels` fixes the order; labels met in the data but not listed
 * are appended in first-seen order, so nothing is silently dropped.
 */
export function confusionMatrix<L extends string>(pairs: Iterable<LabelPair<L>>, labels: readonly L[] = []): Confusion<L> {
  const order: L[] = [...new Set(labels)];
  const index = new Map<L, number>(order.map((l, i) => [l, i]));
  const cells = new Map<string, number>();
  const key = (g: number, p: number): string => `${g}:${p}`;
  const at = (l: L): number => {
    let i = index.get(l);
    if (i === undefined) {
      i = order.length;
      order.push(l);
      index.set(l, i);
    }
    return i;
  };
  let total = 0;
  for (const { gold, pred } of pairs) {
    const k = key(at(gold), at(pred));
    cells.set(k, (cells.get(k) ?? 0) + 1);
    total++;
  }
  const matrix = order.map((_, g) => order.map((__, p) => cells.get(key(g, p)) ?? 0));
  return { labels: order, matrix, total };
}

function cell<L extends string>(c: Confusion<L>, g: number, p: number): number {
  return c.matrix[g]?.[p] ?? 0;
}

/** Gold count of a label (row sum). */
export function support<L extends string>(c: Confusion<L>, label: L): number {
  const g = c.labels.indexOf(label);
  if (g < 0) return 0;
  return c.labels.reduce((s, _, p) => s + cell(c, g, p), 0);
}

/** How often a label was predicted (column sum). */
export function predictedCount<L extends string>(c: Confusion<L>, label: L): number {
  const p = c.labels.indexOf(label);
  if (p < 0) return 0;
  return c.labels.reduce((s, _, g) => s + cell(c, g, p), 0);
}

/** Share of all items predicted as `label` (e.g. the neutral-prediction rate). */
export function predictionRate<L extends string>(c: Confusion<L>, label: L): number {
  return ratio(predictedCount(c, label), c.total);
}

export function accuracy<L extends string>(c: Confusion<L>): number {
  const hits = c.labels.reduce((s, _, i) => s + cell(c, i, i), 0);
  return ratio(hits, c.total);
}

export function classScore<L extends string>(c: Confusion<L>, label: L): ClassScore<L> {
  const i = c.labels.indexOf(label);
  const tp = i < 0 ? 0 : cell(c, i, i);
  const sup = support(c, label);
  const predicted = predictedCount(c, label);
  const precision = ratio(tp, predicted);
  const recall = ratio(tp, sup);
  const f1 = ratio(2 * precision * recall, precision + recall);
  return { label, precision, recall, f1, support: sup, predicted };
}

/** Gold classes present in the data (support > 0), in matrix order. */
export function goldClasses<L extends string>(c: Confusion<L>): L[] {
  return c.labels.filter((l) => support(c, l) > 0);
}

/** Per-class scores; by default for every gold class present. */
export function perClass<L extends string>(c: Confusion<L>, classes: readonly L[] = goldClasses(c)): ClassScore<L>[] {
  return classes.map((l) => classScore(c, l));
}

/** Unweighted mean F1 over `classes` (default: the gold classes present). 0 when there are none. */
export function macroF1<L extends string>(c: Confusion<L>, classes: readonly L[] = goldClasses(c)): number {
  if (classes.length === 0) return 0;
  return classes.reduce((s, l) => s + classScore(c, l).f1, 0) / classes.length;
}

/** The most frequent gold label; ties go to the label listed first in `labels` order. */
export function majorityLabel<L extends string>(golds: readonly L[], labels: readonly L[] = []): L | null {
  const counts = new Map<L, number>();
  for (const g of golds) counts.set(g, (counts.get(g) ?? 0) + 1);
  const order = [...new Set([...labels, ...counts.keys()])];
  let best: L | null = null;
  for (const l of order) {
    const n = counts.get(l) ?? 0;
    if (n > 0 && (best === null || n > (counts.get(best) ?? 0))) best = l;
  }
  return best;
}

/** Trivial baseline: predict the majority gold label for every item. */
export function majorityBaseline<L extends string>(
  golds: readonly L[],
  labels: readonly L[] = [],
): { label: L | null; confusion: Confusion<L>; accuracy: number; macroF1: number } {
  const label = majorityLabel(golds, labels);
  const confusion = confusionMatrix(
    label === null ? [] : golds.map((gold) => ({ gold, pred: label })),
    labels,
  );
  return { label, confusion, accuracy: accuracy(confusion), macroF1: macroF1(confusion) };
}

export interface CountPair {
  gold: number | null;
  pred: number | null;
  /**
   * Gold is null but the text states there were no casualties ("无人员伤亡"), so a prediction
   * of 0 is as right as null.
   */
  zeroOk?: boolean;
}

export interface ExactMatch {
  n: number;
  correct: number;
  accuracy: number;
}

export function countCorrect(p: CountPair): boolean {
  if (p.pred === p.gold) return true;
  return p.gold === null && p.zeroOk === true && p.pred === 0;
}

/** Exact-match accuracy of extracted counts (null = "not stated" must match null). */
export function exactMatch(pairs: readonly CountPair[]): ExactMatch {
  const correct = pairs.filter(countCorrect).length;
  return { n: pairs.length, correct, accuracy: ratio(correct, pairs.length) };
}
