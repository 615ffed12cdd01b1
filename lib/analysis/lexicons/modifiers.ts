/** Negators: an odd number of these shortly before a sentiment word flips it. */
export const NEGATORS: readonly string[] = [
  '不', '没', '没有', '未', '未曾', '并非', '并不', '并未', '毫无', '无', '别', '非', '不是', '绝非', '从未', '从不', '不曾',
];

/** Degree adverbs and the multiplier they apply to the next sentiment word. */
export const DEGREE_ADVERBS: Readonly<Record<string, number>> = {
  极其: 2, 极为: 2, 极度: 2, 极: 2, 最: 2, 万分: 2, 非常: 1.8, 十分: 1.8, 特别: 1.8, 格外: 1.8, 相当: 1.6,
  太: 1.6, 超: 1.6, 超级: 1.8, 异常: 1.8, 很: 1.5, 挺: 1.3, 蛮: 1.3, 真: 1.3, 更: 1.3, 更加: 1.4, 越来越: 1.4,
  比较: 1.2, 较: 1.1, 还: 0.9, 还算: 0.8, 稍: 0.6, 稍微: 0.6, 稍稍: 0.6, 略: 0.6, 略微: 0.6, 有点: 0.7,
  有点儿: 0.7, 有些: 0.7, 一点: 0.7,
};

/** Clause boundaries: negation and degree do not reach across these. */
export const CLAUSE_BREAKS: readonly string[] = [
  '，', '。', '！', '？', '；', '：', ',', '.', '!', '?', ';', ':', '\n', '、', '…',
];
