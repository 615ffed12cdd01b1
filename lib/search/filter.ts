/**
 * The item list's query string (/items?range=7d&label=negative&q=透水 …), validated with zod one
 * parameter at a time: a wrong value is dropped with a Chinese message saying what is allowed, and
 * the page shows the rest of the filter (the export route refuses instead). Pure.
 */
import { z } from 'zod';
import { ACCIDENT_TYPES } from '@/lib/analysis/accident';
import { PROVINCES } from '@/lib/analysis/lexicons/divisions';
import type { DemoFilter, ItemListFilter, ScoreCursor, SentimentLabelFilter, TimeCursor } from '@/lib/db/queries/list-items';
import { SOURCE_CATEGORIES } from '@/lib/sources/schema';
import { parseSearchQuery } from './query';
import type { ParsedSearch } from './query';

export const QUICK_RANGES = { '24h': '24小时', '7d': '7天', '30d': '30天' } as const;
export type QuickRange = keyof typeof QUICK_RANGES;
const RANGE_MS: Record<QuickRange, number> = { '24h': 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000 };

export const LABEL_FILTERS: Record<SentimentLabelFilter, string> = {
  negative: '负面',
  neutral: '中性',
  positive: '正面',
  error: '分析失败',
};
export const GRADES = ['一般', '较大', '重大', '特别重大'] as const;
export const DEMO_FILTERS: Record<DemoFilter, string> = { include: '包含演示数据', exclude: '不含演示数据', only: '仅演示数据' };
export const SORT_ORDERS = { time: '按时间（最新在前）', relevance: '按相关度（标题命中优先）' } as const;
export type SortOrder = keyof typeof SORT_ORDERS;

/** The parameters the list understands, in the order links are written. */
export const ITEM_PARAMS = [
  'q',
  'sort',
  'range',
  'from',
  'to',
  'category',
  'source',
  'label',
  'minRisk',
  'topic',
  'province',
  'accidentType',
  'grade',
  'event',
  'demo',
] as const;
export type ItemParam = (typeof ITEM_PARAMS)[number];

const PROVINCE_NAMES: ReadonlySet<string> = new Set(PROVINCES.map((p) => p.name));
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Midnight Asia/Shanghai (UTC+8, no daylight saving) of a YYYY-MM-DD day, or null if no such day. */
export function shanghaiDayStart(day: string): Date | null {
  const m = DAY.exec(day);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const utc = Date.UTC(y, mo - 1, d);
  const check = new Date(utc);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
  return new Date(utc - 8 * 3_600_000);
}

const positiveInt = z.coerce.number().int().positive().max(2_147_483_647);

/** One zod schema per parameter, each with the message the user sees. */
const PARAM_SCHEMAS: Record<Exclude<ItemParam, 'q' | 'from' | 'to'>, { schema: z.ZodType; message: string }> = {
  sort: { schema: z.enum(['time', 'relevance']), message: '排序只能是“按时间”或“按相关度”' },
  range: { schema: z.enum(['24h', '7d', '30d']), message: '快捷时间范围只能是 24小时、7天 或 30天' },
  category: {
    schema: z.enum(Object.keys(SOURCE_CATEGORIES) as [string, ...string[]]),
    message: `信源类别只能是：${Object.values(SOURCE_CATEGORIES).join('、')}`,
  },
  source: { schema: z.string().min(1).max(200), message: '信源编号无效（最多 200 个字符）' },
  label: { schema: z.enum(['negative', 'neutral', 'positive', 'error']), message: '情感只能是 负面、中性、正面 或 分析失败' },
  minRisk: { schema: z.coerce.number().int().min(0).max(100), message: '最低风险须为 0 到 100 的整数' },
  topic: { schema: positiveInt, message: '专题编号须为正整数' },
  province: {
    // The built-in provinces, or a name of the office's own place lexicon (demo: 演示省): bounded Han text.
    schema: z.string().refine((p) => PROVINCE_NAMES.has(p) || /^\p{Script=Han}{2,20}$/u.test(p)),
    message: '地区须为省级行政区全称（汉字），如 山西省、内蒙古自治区',
  },
  accidentType: {
    schema: z.enum(Object.keys(ACCIDENT_TYPES) as [string, ...string[]]),
    message: '事故类型无效（应为 GB 6441 类别代码 01–20）',
  },
  grade: { schema: z.enum(GRADES), message: '事故等级只能是 一般、较大、重大 或 特别重大' },
  event: { schema: positiveInt, message: '事件编号须为正整数' },
  demo: { schema: z.enum(['include', 'exclude', 'only']), message: '演示数据选项只能是 包含、不含 或 仅演示' },
};

const TIME_CURSOR = /^t(\d{1,15})_(\d{1,10})$/;
const SCORE_CURSOR = /^r(-?\d+(?:\.\d+)?(?:e[-+]?\d+)?)_(\d{1,10})$/i;

export function encodeTimeCursor(c: TimeCursor): string {
  return `t${c.sortAt.getTime()}_${c.id}`;
}
export function encodeScoreCursor(c: ScoreCursor): string {
  return `r${c.score}_${c.id}`;
}
export function decodeTimeCursor(s: string): TimeCursor | null {
  const m = TIME_CURSOR.exec(s);
  return m ? { sortAt: new Date(Number(m[1])), id: Number(m[2]) } : null;
}
export function decodeScoreCursor(s: string): ScoreCursor | null {
  const m = SCORE_CURSOR.exec(s);
  if (!m) return null;
  const score = Number(m[1]);
  return Number.isFinite(score) ? { score, id: Number(m[2]) } : null;
}

export interface ItemQuery {
  filter: ItemListFilter;
  /** The search text as typed ('' for none) and what it parsed to. */
  q: string;
  search: ParsedSearch;
  sort: SortOrder;
  /** The valid parameters, as strings: for links, the form's values and the export. */
  values: Partial<Record<ItemParam, string>>;
  after: TimeCursor | null;
  before: TimeCursor | null;
  afterScore: ScoreCursor | null;
  /** One Chinese message per parameter that was dropped. */
  errors: string[];
}

export type RawParams = Record<string, string | string[] | undefined>;

function first(v: string | string[] | undefined): string {
  return (Array.isArray(v) ? v[0] : v)?.trim() ?? '';
}

export function parseItemQuery(params: RawParams, now: Date): ItemQuery {
  const errors: string[] = [];
  const values: Partial<Record<ItemParam, string>> = {};
  const ok: Partial<Record<ItemParam, unknown>> = {};
  for (const [name, spec] of Object.entries(PARAM_SCHEMAS) as [keyof typeof PARAM_SCHEMAS, (typeof PARAM_SCHEMAS)[keyof typeof PARAM_SCHEMAS]][]) {
    const raw = first(params[name]);
    if (!raw) continue;
    const r = spec.schema.safeParse(raw);
    if (r.success) {
      ok[name] = r.data;
      values[name] = raw;
    } else {
      errors.push(spec.message);
    }
  }

  const filter: ItemListFilter = {};
  const range = ok.range as QuickRange | undefined;
  if (range) {
    // A quick range counts back from now; the day fields are ignored with it.
    filter.from = new Date(now.getTime() - RANGE_MS[range]);
  } else {
    const fromRaw = first(params.from);
    const toRaw = first(params.to);
    const from = fromRaw ? shanghaiDayStart(fromRaw) : null;
    const toStart = toRaw ? shanghaiDayStart(toRaw) : null;
    if (fromRaw && !from) errors.push('开始日期格式应为 年-月-日，如 2026-11-20');
    if (toRaw && !toStart) errors.push('结束日期格式应为 年-月-日，如 2026-11-24');
    if (from && toStart && from > toStart) {
      errors.push('开始日期不能晚于结束日期');
    } else {
      if (from) {
        filter.from = from;
        values.from = fromRaw;
      }
      if (toStart) {
        // The end day counts whole.
        filter.to = new Date(toStart.getTime() + 86_400_000);
        values.to = toRaw;
      }
    }
  }
  if (ok.category) filter.category = ok.category as string;
  if (ok.source) filter.sourceId = ok.source as string;
  if (ok.label) filter.label = ok.label as SentimentLabelFilter;
  if (ok.minRisk !== undefined) filter.minRisk = ok.minRisk as number;
  if (ok.topic !== undefined) filter.topicId = ok.topic as number;
  if (ok.province) filter.province = ok.province as string;
  if (ok.accidentType) filter.accidentTypeCode = ok.accidentType as string;
  if (ok.grade) filter.grade = ok.grade as string;
  if (ok.event !== undefined) filter.eventId = ok.event as number;
  filter.demo = (ok.demo as DemoFilter | undefined) ?? 'include';

  const q = first(params.q);
  const search = parseSearchQuery(q);
  if (search.kind === 'error') errors.push(search.message);
  if (q) values.q = q;
  const sort: SortOrder = search.kind === 'ok' && ok.sort === 'relevance' ? 'relevance' : 'time';
  if (sort === 'relevance') values.sort = 'relevance';

  const afterRaw = first(params.after);
  const beforeRaw = first(params.before);
  let after: TimeCursor | null = null;
  let before: TimeCursor | null = null;
  let afterScore: ScoreCursor | null = null;
  if (afterRaw) {
    if (sort === 'relevance') afterScore = decodeScoreCursor(afterRaw);
    else after = decodeTimeCursor(afterRaw);
    if (!after && !afterScore) errors.push('翻页位置无效，已回到第一页');
  } else if (beforeRaw && sort === 'time') {
    before = decodeTimeCursor(beforeRaw);
    if (!before) errors.push('翻页位置无效，已回到第一页');
  }
  return { filter, q, search, sort, values, after, before, afterScore, errors };
}

/** A query string of the given values with some replaced or removed (undefined / ''), for links. */
export function itemQueryString(
  values: Partial<Record<ItemParam | 'after' | 'before', string>>,
  overrides: Partial<Record<ItemParam | 'after' | 'before', string | undefined>> = {},
): string {
  const merged: Partial<Record<string, string | undefined>> = { ...values, ...overrides };
  const sp = new URLSearchParams();
  for (const key of [...ITEM_PARAMS, 'after', 'before']) {
    const v = merged[key];
    if (v !== undefined && v !== '') sp.set(key, v);
  }
  const s = sp.toString();
  return s ? `?${s}` : '';
}
