/**
 * What the lexicon form shows in the browser: kinds, their labels and one line of help, which fields
 * each kind uses, and their limits. Kept apart from lexicon-form.ts so the browser bundle does not
 * carry the word lists of lib/analysis (tests check these copies against the originals).
 */
import type { LexiconCategory, LexiconEntryKind } from '@/lib/analysis/lexicon';

/** Same order as LEXICON_ENTRY_KINDS. */
export const LEXICON_KINDS: readonly LexiconEntryKind[] = ['sentiment', 'negator', 'degree', 'clause_break', 'segment', 'accident_type', 'place'];

export const LEXICON_KIND_LABELS: Readonly<Record<LexiconEntryKind, string>> = {
  sentiment: '情感词',
  negator: '否定词',
  degree: '程度副词',
  clause_break: '分句符',
  segment: '分词词条',
  accident_type: '事故类型线索',
  place: '地名',
};

/** One line per kind: what an entry of this kind does to the analysis. */
export const LEXICON_KIND_HELP: Readonly<Record<LexiconEntryKind, string>> = {
  sentiment: '出现即按权重计入情感得分（负数为负面），类别决定它算事故、伤亡、敏感线索还是一般情绪。',
  negator: '紧跟其后的情感词意思反转，如“不”“未”“没有”。',
  degree: '放大或减弱其后情感词的权重，倍数大于 1 为加强（“非常”），小于 1 为减弱（“略”）。',
  clause_break: '情感与否定只在同一分句内起作用，这些符号把句子切开。',
  segment: '让分词器把这个词当作一个整体（行业、机构名等），本身不带情感。',
  accident_type: '文中出现这个词，就把事故归入所选的 GB 6441 类别。',
  place: '本地的县、镇、矿区等名称，识别后把信息归到所填的省、市。',
};

/** Same order and keys as SENTIMENT_CATEGORIES. */
export const SENTIMENT_CATEGORY_LABELS: Readonly<Record<LexiconCategory, string>> = {
  general: '一般情绪',
  accident: '事故',
  casualty: '伤亡',
  rescue: '救援',
  official: '官方发布',
  'sensitive.reporting': '敏感：瞒报/迟报/谎报',
  'sensitive.accountability': '敏感：问责/追责',
  'sensitive.family': '敏感：家属/维权/赔偿',
  'sensitive.credibility': '敏感：质疑/真相',
  'sensitive.info-control': '敏感：删帖/阻挠采访',
  'sensitive.compliance': '敏感：违法违规生产',
  'sensitive.rumour': '敏感：网传/爆料',
};

/** Same as MIN_WEIGHT / MAX_WEIGHT of lib/analysis/lexicon. */
export const SENTIMENT_WEIGHT_MIN = -3;
export const SENTIMENT_WEIGHT_MAX = 3;
export const DEGREE_MAX = 5;
export const TERM_MAX = 40;
export const NOTE_MAX = 200;

/** Which fields a kind uses: category (what it means) and weight (how strongly). */
export const KIND_FIELDS: Readonly<Record<LexiconEntryKind, { category: 'sentiment' | 'accident_type' | 'place' | null; weight: 'sentiment' | 'degree' | null }>> = {
  sentiment: { category: 'sentiment', weight: 'sentiment' },
  negator: { category: null, weight: null },
  degree: { category: null, weight: 'degree' },
  clause_break: { category: null, weight: null },
  segment: { category: null, weight: null },
  accident_type: { category: 'accident_type', weight: null },
  place: { category: 'place', weight: null },
};

/** A stored term shown to people: invisible terms (the newline clause break) get a name. */
export function termLabel(term: string): string {
  if (term === '\n') return '（换行符）';
  if (term === ' ') return '（空格）';
  return term;
}
