/**
 * The stored explanations of one analysis (cuesJson, riskJson, factsJson), read back with zod so a
 * damaged or older row shows what it can instead of breaking the page, and the Chinese words the
 * item detail explains them with. Pure.
 */
import { z } from 'zod';
import type { MarkRange } from './highlight';

export const CUE_CATEGORY_LABELS: Readonly<Record<string, string>> = {
  general: '情感词',
  accident: '事故',
  casualty: '伤亡',
  rescue: '救援',
  official: '官方处置',
  'sensitive.reporting': '瞒报/迟报/谎报',
  'sensitive.accountability': '问责/追责',
  'sensitive.family': '家属/维权/赔偿',
  'sensitive.credibility': '质疑/真相',
  'sensitive.info-control': '删帖/阻挠采访',
  'sensitive.compliance': '违法违规生产',
  'sensitive.rumour': '网传/爆料',
};

export const SCOPE_LABELS: Readonly<Record<string, string>> = { repost: '转发链中的引用', hashtag: '话题标签内' };

export const FACT_FIELD_LABELS: Readonly<Record<string, string>> = {
  deaths: '死亡',
  seriousInjuries: '重伤',
  injuries: '受伤',
  missing: '失联',
  trapped: '被困',
  lossYuan: '直接经济损失',
  type: '事故类型',
  aggregate: '统计口径',
  rumour: '传言',
  enterprise: '企业',
  time: '事故时间',
};

const num = z.number().finite();
const offsets = { start: z.number().int(), end: z.number().int() };

const CueSchema = z.object({
  term: z.string(),
  category: z.string(),
  weight: num,
  field: z.enum(['title', 'text']),
  ...offsets,
  negated: z.boolean().catch(false),
  degree: num.catch(1),
  scope: z.enum(['repost', 'hashtag']).optional().catch(undefined),
});
export type StoredCue = z.infer<typeof CueSchema>;

const RiskSchema = z.object({
  factors: z
    .array(z.object({ key: z.string(), name: z.string(), points: num, detail: z.string().catch('') }))
    .catch([]),
  sensitivity: z.array(z.string()).catch([]),
  error: z.string().optional(),
});
export type StoredRisk = z.infer<typeof RiskSchema>;

const EvidenceSchema = z.object({ field: z.string(), text: z.string(), ...offsets, source: z.enum(['title', 'text']) });
const PlaceSchema = z.object({ text: z.string(), ...offsets, source: z.enum(['title', 'text']) });
const TopicTermSchema = z.object({ term: z.string(), field: z.string(), ...offsets });
const FactsSchema = z.object({
  evidence: z.array(EvidenceSchema).catch([]),
  place: z.array(PlaceSchema).catch([]),
  occurred: z.object({ text: z.string().nullable(), at: z.string().nullable() }).nullable().catch(null),
  topics: z.array(z.object({ id: z.number(), name: z.string(), terms: z.array(TopicTermSchema).catch([]) })).catch([]),
  error: z.string().optional(),
});
export type StoredFacts = z.infer<typeof FactsSchema>;

function parseJson<T>(schema: z.ZodType<T>, json: string, fallback: T): T {
  try {
    const r = schema.safeParse(JSON.parse(json));
    return r.success ? r.data : fallback;
  } catch {
    return fallback;
  }
}

/** The cues of an analysis; entries that do not have the expected shape are skipped one by one. */
export function parseCues(json: string): StoredCue[] {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return [];
  }
  if (!Array.isArray(raw)) return [];
  const out: StoredCue[] = [];
  for (const c of raw) {
    const r = CueSchema.safeParse(c);
    if (r.success) out.push(r.data);
  }
  return out;
}

export function parseRisk(json: string): StoredRisk {
  return parseJson(RiskSchema, json, { factors: [], sensitivity: [] });
}

export function parseFacts(json: string): StoredFacts {
  return parseJson(FactsSchema, json, { evidence: [], place: [], occurred: null, topics: [] });
}

/** Why one cue counts: its category, weight, and the rules that changed it, in Chinese. */
export function cueReason(c: StoredCue): string {
  const parts = [CUE_CATEGORY_LABELS[c.category] ?? c.category, `权重 ${c.weight > 0 ? '+' : ''}${round(c.weight)}`];
  if (c.negated) parts.push('被否定词反转');
  if (c.degree !== 1) parts.push(`程度 ×${round(c.degree)}`);
  if (c.scope) parts.push(SCOPE_LABELS[c.scope] ?? c.scope);
  if (c.field === 'title') parts.push('标题中（计两倍）');
  return parts.join('，');
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

/** Mark ranges of the cues found in one field (title or text); numbered for the legend. */
export function cueRanges(cues: readonly StoredCue[], field: 'title' | 'text'): MarkRange<{ index: number; cue: StoredCue }>[] {
  return cues
    .map((cue, index) => ({ cue, index }))
    .filter(({ cue }) => cue.field === field)
    .map(({ cue, index }) => ({ start: cue.start, end: cue.end, data: { index, cue } }));
}

/** Tone of a cue for its mark's colour. */
export function cueTone(c: StoredCue): 'negative' | 'positive' | 'neutral' {
  if (c.weight < 0) return 'negative';
  if (c.weight > 0) return 'positive';
  return 'neutral';
}
