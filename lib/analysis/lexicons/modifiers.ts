/** Negators: an odd number of these shortly before a sentiment word flips it. */
export const NEGATORS: readonly string[] = [
  '不', '没', '没有', '未', '未曾', '并非', '并不', '并未', '毫无', '无', '别', '非', '不是', '绝非', '从未', '从不', '不曾',
  // Colloquial and imperative negation ("不要恐慌" reassures, "不太准确" doubts).
  '不要', '不用', '不必', '无需', '不太', '不怎么', '甭',
];

/** Degree adverbs and the multiplier they apply to the next sentiment word. */
export const DEGREE_ADVERBS: Readonly<Record<string, number>> = {
  极其: 2, 极为: 2, 极度: 2, 极: 2, 最: 2, 万分: 2, 非常: 1.8, 十分: 1.8, 特别: 1.8, 格外: 1.8, 相当: 1.6,
  太: 1.6, 超: 1.6, 超级: 1.8, 异常: 1.8, 很: 1.5, 挺: 1.3, 蛮: 1.3, 真: 1.3, 更: 1.3, 更加: 1.4, 越来越: 1.4,
  比较: 1.2, 较: 1.1, 还: 0.9, 还算: 0.8, 稍: 0.6, 稍微: 0.6, 稍稍: 0.6, 略: 0.6, 略微: 0.6, 有点: 0.7,
  有点儿: 0.7, 有些: 0.7, 一点: 0.7,
  // Colloquial intensifiers. "好" and "真" are also sentiment words: before another cue they act as
  // the adverb ("好慌", "真棒"), on their own as the word ("真好").
  好: 1.5, 真的: 1.3, 真是: 1.3, 真心: 1.3, 实在: 1.4, 简直: 1.6, 贼: 1.5, 巨: 1.6, 特: 1.5, 无比: 2, 多么: 1.5,
  这么: 1.3, 那么: 1.2, 如此: 1.4, 过于: 1.4, 太过: 1.6, 越发: 1.3, 愈发: 1.3, 完全: 1.3, 根本: 1.4,
  // Praise quantifiers of fan posts ("永远爱你", "一直支持"); they raise a complaint alike ("一直拖欠").
  永远: 1.5, 一直: 1.3, 始终: 1.3, 一如既往: 1.3,
};

/** Clause boundaries: negation and degree do not reach across these. */
export const CLAUSE_BREAKS: readonly string[] = [
  '，', '。', '！', '？', '；', '：', ',', '.', '!', '?', ';', ':', '\n', '、', '…',
];

/**
 * Degree complements after a sentiment word ("开心死了", "棒极了", "气得要命"): the multiplier, and the
 * complement is not scored on its own (so the "死" of "开心死了" is no cue). Matched on at most two
 * tokens after the word, or fused into it by the segmenter.
 */
export const POST_DEGREES: Readonly<Record<string, number>> = {
  死了: 1.8, 极了: 1.8, 得要命: 2, 得很: 1.5, 坏了: 1.5, 透了: 1.8, 爆了: 1.8, 疯了: 1.8, 至极: 2,
};
