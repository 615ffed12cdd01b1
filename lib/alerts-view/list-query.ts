/**
 * The /alerts query string, validated with zod. A value that does not validate is dropped and
 * named, so the page says what it ignored instead of failing.
 */
import { z } from 'zod';
import { ALERT_KIND_LABELS } from '@/lib/warning/labels';

export const ALERT_STATE_FILTERS = {
  unresolved: '未办结',
  open: '待处理',
  acknowledged: '已确认',
  assigned: '已分派',
  resolved: '已办结',
  all: '全部',
} as const;
export type AlertStateFilter = keyof typeof ALERT_STATE_FILTERS;

export const ALERT_LEVEL_FILTERS = { red: '红色', orange: '橙色', yellow: '黄色', blue: '蓝色' } as const;
export type AlertLevelFilter = keyof typeof ALERT_LEVEL_FILTERS;

export const ALERT_PAGE_SIZE = 50;
export const ALERT_MAX_PAGES = 20;

const KINDS = Object.keys(ALERT_KIND_LABELS) as [string, ...string[]];

const fields = {
  state: z.enum(Object.keys(ALERT_STATE_FILTERS) as [AlertStateFilter, ...AlertStateFilter[]]),
  level: z.enum(Object.keys(ALERT_LEVEL_FILTERS) as [AlertLevelFilter, ...AlertLevelFilter[]]),
  kind: z.enum(KINDS),
  page: z.coerce.number().int().min(1).max(ALERT_MAX_PAGES),
} as const;
type FieldName = keyof typeof fields;

export const ALERT_FIELD_LABELS: Readonly<Record<FieldName, string>> = { state: '状态', level: '级别', kind: '类型', page: '页码' };

export interface AlertListQuery {
  state: AlertStateFilter;
  level: AlertLevelFilter | null;
  kind: string | null;
  page: number;
}

export type SearchParams = Record<string, string | string[] | undefined>;

export function parseAlertListQuery(params: SearchParams): { query: AlertListQuery; ignored: string[] } {
  const query: AlertListQuery = { state: 'unresolved', level: null, kind: null, page: 1 };
  const ignored: string[] = [];
  for (const name of Object.keys(fields) as FieldName[]) {
    const raw = params[name];
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (value === undefined || value === '') continue;
    const parsed = fields[name].safeParse(value);
    if (!parsed.success) {
      ignored.push(ALERT_FIELD_LABELS[name]);
      continue;
    }
    if (name === 'state') query.state = parsed.data as AlertStateFilter;
    else if (name === 'level') query.level = parsed.data as AlertLevelFilter;
    else if (name === 'kind') query.kind = parsed.data as string;
    else query.page = parsed.data as number;
  }
  return { query, ignored };
}

/** The query string of `q` with `change` applied (page resets unless changed explicitly). */
export function alertListHref(q: AlertListQuery, change: Partial<AlertListQuery>): string {
  const next = { ...q, page: 1, ...change };
  const p = new URLSearchParams();
  if (next.state !== 'unresolved') p.set('state', next.state);
  if (next.level) p.set('level', next.level);
  if (next.kind) p.set('kind', next.kind);
  if (next.page > 1) p.set('page', String(next.page));
  const s = p.toString();
  return s ? `/alerts?${s}` : '/alerts';
}
