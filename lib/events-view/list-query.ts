/**
 * The /events query string: filters, sort and page, validated with zod. A value that does not
 * validate is dropped (the list falls back to that filter's default) and named, so the page can
 * say what it ignored instead of failing.
 */
import { z } from 'zod';
import { ACCIDENT_TYPES } from '@/lib/analysis/accident';
import type { AccidentTypeCode } from '@/lib/analysis/accident';

export const EVENT_RANGES = { '24h': '近 24 小时', '72h': '近 3 天', '7d': '近 7 天', '30d': '近 30 天', all: '全部' } as const;
export type EventRange = keyof typeof EVENT_RANGES;
export const RANGE_HOURS: Readonly<Record<EventRange, number | null>> = { '24h': 24, '72h': 72, '7d': 168, '30d': 720, all: null };

export const EVENT_SORTS = { heat: '按热度', latest: '按最近动态' } as const;
export type EventSort = keyof typeof EVENT_SORTS;

/** Exact grades, and 较大及以上 (较大, 重大, 特别重大). */
export const GRADE_FILTERS = ['特别重大', '重大', '较大', '一般', '较大及以上'] as const;
export type GradeFilter = (typeof GRADE_FILTERS)[number];

export const MIN_ITEMS = { '1': '含单条信息', '2': '至少 2 条报道', '5': '至少 5 条报道' } as const;
export type MinItems = keyof typeof MIN_ITEMS;

export const EVENT_PAGE_SIZE = 50;
/** Bounded pagination: beyond this the filters should be narrowed (the page says so). */
export const EVENT_MAX_PAGES = 20;

const TYPE_CODES = Object.keys(ACCIDENT_TYPES) as [AccidentTypeCode, ...AccidentTypeCode[]];

const fields = {
  range: z.enum(Object.keys(EVENT_RANGES) as [EventRange, ...EventRange[]]),
  sort: z.enum(Object.keys(EVENT_SORTS) as [EventSort, ...EventSort[]]),
  grade: z.enum(GRADE_FILTERS),
  type: z.enum(TYPE_CODES),
  // Provinces come from the place table and the office's own lexicon (demo: 演示省): text, bounded.
  province: z
    .string()
    .trim()
    .min(1)
    .max(20)
    .regex(/^[\p{Script=Han}A-Za-z0-9·（）()]+$/u),
  alerts: z.literal('open'),
  min: z.enum(Object.keys(MIN_ITEMS) as [MinItems, ...MinItems[]]),
  page: z.coerce.number().int().min(1).max(EVENT_MAX_PAGES),
} as const;

type FieldName = keyof typeof fields;

export const FIELD_LABELS: Readonly<Record<FieldName, string>> = {
  range: '时间范围',
  sort: '排序',
  grade: '事故等级',
  type: '事故类型',
  province: '省份',
  alerts: '预警',
  min: '报道条数',
  page: '页码',
};

export interface EventListQuery {
  range: EventRange;
  sort: EventSort;
  grade: GradeFilter | null;
  type: AccidentTypeCode | null;
  province: string | null;
  /** Only events with an alert that is not resolved. */
  openAlerts: boolean;
  minItems: 1 | 2 | 5;
  page: number;
}

export const DEFAULT_EVENT_QUERY: EventListQuery = {
  range: '7d',
  sort: 'heat',
  grade: null,
  type: null,
  province: null,
  openAlerts: false,
  minItems: 2,
  page: 1,
};

export type SearchParams = Record<string, string | string[] | undefined>;

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** Parses the query string; `ignored` names (in Chinese) the parameters that did not validate. */
export function parseEventListQuery(params: SearchParams): { query: EventListQuery; ignored: string[] } {
  const ignored: string[] = [];
  const read = <K extends FieldName>(name: K): z.output<(typeof fields)[K]> | undefined => {
    const raw = first(params[name]);
    if (raw === undefined || raw === '') return undefined;
    const r = fields[name].safeParse(raw);
    if (r.success) return r.data as z.output<(typeof fields)[K]>;
    ignored.push(FIELD_LABELS[name]);
    return undefined;
  };
  const min = read('min');
  const query: EventListQuery = {
    range: read('range') ?? DEFAULT_EVENT_QUERY.range,
    sort: read('sort') ?? DEFAULT_EVENT_QUERY.sort,
    grade: read('grade') ?? null,
    type: read('type') ?? null,
    province: read('province') ?? null,
    openAlerts: read('alerts') === 'open',
    minItems: min ? (Number(min) as 1 | 2 | 5) : DEFAULT_EVENT_QUERY.minItems,
    page: read('page') ?? 1,
  };
  return { query, ignored };
}

/** The query string of a list view (defaults left out), for links: page numbers, sort switches. */
export function eventListHref(q: EventListQuery, change: Partial<EventListQuery> = {}): string {
  const v = { ...q, ...change };
  const p = new URLSearchParams();
  if (v.range !== DEFAULT_EVENT_QUERY.range) p.set('range', v.range);
  if (v.sort !== DEFAULT_EVENT_QUERY.sort) p.set('sort', v.sort);
  if (v.grade) p.set('grade', v.grade);
  if (v.type) p.set('type', v.type);
  if (v.province) p.set('province', v.province);
  if (v.openAlerts) p.set('alerts', 'open');
  if (v.minItems !== DEFAULT_EVENT_QUERY.minItems) p.set('min', String(v.minItems));
  if (v.page > 1) p.set('page', String(v.page));
  const s = p.toString();
  return s ? `/events?${s}` : '/events';
}

/** Strict positive integer id from a route parameter: "12" yes; "012", "1e3", "0x1", "-1", "1.0" no. */
export const EventIdSchema = z
  .string()
  .regex(/^[1-9]\d{0,9}$/)
  .transform(Number)
  .pipe(z.number().int().max(2_147_483_647));
