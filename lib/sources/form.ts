/**
 * The add/edit-source form: flat form fields ⇄ the source schema (lib/sources/schema.ts), so the
 * dashboard and a sources file accept exactly the same sources; every error is a Chinese sentence
 * attached to the field it is about. The URL also passes the crawler's SSRF guard at add time.
 */
import { randomBytes } from 'node:crypto';
import dns from 'node:dns';
import { isIP } from 'node:net';
import { load } from 'cheerio/slim';
import type { z } from 'zod';
import { createUserSource, updateSourceSchedule, updateUserSource } from '@/lib/db';
import type { AuditContext } from '@/lib/db';
import type { Db } from '@/lib/db';
import { CrawlError, isCrawlError } from '@/lib/errors';
import { assertUrlAllowed, isAddressAllowed } from '@/lib/fetch';
import type { LookupFn, UrlPolicy } from '@/lib/fetch';
import { normaliseCharsetLabel } from '@/lib/parse/charset';
import { SOURCE_CATEGORIES, SourceInputSchema } from './schema';
import type { SourceConfig } from './schema';

export const SOURCE_FORM_FIELDS = [
  'id',
  'name',
  'url',
  'homepage',
  'kind',
  'category',
  'region',
  'intervalMinutes',
  'priority',
  'enabled',
  'dedupeKey',
  'encoding',
  'note',
  'htmlItem',
  'htmlLink',
  'htmlTitle',
  'htmlDate',
  'htmlSummary',
  'htmlFollowArticle',
  'htmlArticleContent',
  'htmlArticleDate',
  'htmlArticleTitle',
  'htmlMaxArticles',
] as const;
export type SourceFormField = (typeof SOURCE_FORM_FIELDS)[number];

/** Checkboxes: present in the submitted form only when ticked. */
export const SOURCE_FORM_CHECKBOXES: ReadonlySet<SourceFormField> = new Set(['priority', 'enabled', 'htmlFollowArticle']);

/** What the form holds: strings as typed; checkboxes as 'on' or ''. */
export type SourceFormValues = Partial<Record<SourceFormField, string>>;
/** One Chinese sentence per field; `form` for what concerns the whole form. */
export type SourceFormErrors = Partial<Record<SourceFormField | 'form', string>>;

export type SourceFormResult = { ok: true; config: SourceConfig } | { ok: false; errors: SourceFormErrors };

export const SOURCE_FIELD_LABELS: Readonly<Record<SourceFormField, string>> = {
  id: '信源 id',
  name: '名称',
  url: '抓取地址',
  homepage: '网站主页',
  kind: '类型',
  category: '类别',
  region: '地区',
  intervalMinutes: '抓取间隔（分钟）',
  priority: '优先抓取',
  enabled: '启用',
  dedupeKey: '去重依据',
  encoding: '字符集',
  note: '备注',
  htmlItem: '列表条目选择器',
  htmlLink: '链接选择器',
  htmlTitle: '标题选择器',
  htmlDate: '日期选择器',
  htmlSummary: '摘要选择器',
  htmlFollowArticle: '抓取文章页全文',
  htmlArticleContent: '文章页正文选择器',
  htmlArticleDate: '文章页日期选择器',
  htmlArticleTitle: '文章页标题选择器',
  htmlMaxArticles: '每次最多抓取文章页数',
};

const SELECTOR_MESSAGE = '选择器不能为空，且不超过 300 个字符';

/** Used when the schema's own message is not a Chinese sentence (zod's defaults are English). */
const FIELD_MESSAGES: Readonly<Record<SourceFormField, string>> = {
  id: '信源 id 只能包含小写字母、数字和连字符（2–64 位），且以字母或数字开头',
  name: '请填写信源名称（不超过 100 个字）',
  url: '请填写完整的 http:// 或 https:// 地址（不超过 2048 个字符）',
  homepage: '网站主页须为完整的 http:// 或 https:// 地址，或留空',
  kind: '请选择类型：RSS/Atom 订阅源或 HTML 列表页',
  category: '请从列表中选择信源类别',
  region: '地区不超过 20 个字',
  intervalMinutes: '抓取间隔必须是 1 到 1440 之间的整数（分钟）',
  priority: '“优先抓取”只能勾选或不勾选',
  enabled: '“启用”只能勾选或不勾选',
  dedupeKey: '去重依据只能是“条目 GUID”或“文章链接”',
  encoding: '字符集名称不超过 40 个字符',
  note: '备注不超过 500 个字',
  htmlItem: 'HTML 列表页必须填写列表条目选择器，例如 ul.list li',
  htmlLink: SELECTOR_MESSAGE,
  htmlTitle: SELECTOR_MESSAGE,
  htmlDate: SELECTOR_MESSAGE,
  htmlSummary: SELECTOR_MESSAGE,
  htmlFollowArticle: '“抓取文章页全文”只能勾选或不勾选',
  htmlArticleContent: '填写了文章页的标题或日期选择器时，也必须填写正文选择器',
  htmlArticleDate: SELECTOR_MESSAGE,
  htmlArticleTitle: SELECTOR_MESSAGE,
  htmlMaxArticles: '每次最多抓取的文章页数必须是 1 到 100 之间的整数',
};

const SELECTOR_FIELDS: readonly SourceFormField[] = [
  'htmlItem',
  'htmlLink',
  'htmlTitle',
  'htmlDate',
  'htmlSummary',
  'htmlArticleContent',
  'htmlArticleDate',
  'htmlArticleTitle',
];

const HAS_CJK = /[\u4e00-\u9fff]/;

/** Reads the form's fields (anything else in the FormData, such as Next's $ACTION_ keys, is ignored). */
export function formValuesFromFormData(fd: FormData): SourceFormValues {
  const out: SourceFormValues = {};
  for (const f of SOURCE_FORM_FIELDS) {
    const v = fd.get(f);
    if (SOURCE_FORM_CHECKBOXES.has(f)) out[f] = v === null || v === '' ? '' : 'on';
    else if (typeof v === 'string') out[f] = v;
  }
  return out;
}

/** The form as it shows a stored source (edit page). */
export function formValuesFromConfig(s: SourceConfig): SourceFormValues {
  const h = s.html;
  const on = (b: boolean | undefined): string => (b ? 'on' : '');
  return {
    id: s.id,
    name: s.name,
    url: s.url,
    homepage: s.homepage ?? '',
    kind: s.kind,
    category: s.category,
    region: s.region ?? '',
    intervalMinutes: String(s.intervalMinutes),
    priority: on(s.priority),
    enabled: on(s.enabled),
    dedupeKey: s.dedupeKey,
    encoding: s.encoding ?? '',
    note: s.note ?? '',
    htmlItem: h?.item ?? '',
    htmlLink: h?.link ?? 'a',
    htmlTitle: h?.title ?? '',
    htmlDate: h?.date ?? '',
    htmlSummary: h?.summary ?? '',
    htmlFollowArticle: on(h?.followArticle),
    htmlArticleContent: h?.article?.content ?? '',
    htmlArticleDate: h?.article?.date ?? '',
    htmlArticleTitle: h?.article?.title ?? '',
    htmlMaxArticles: h ? String(h.maxArticles) : '20',
  };
}

/** Defaults of a new source's form. */
export const NEW_SOURCE_VALUES: SourceFormValues = {
  kind: 'rss',
  category: 'local_media',
  intervalMinutes: '30',
  enabled: 'on',
  dedupeKey: 'guid',
  htmlLink: 'a',
  htmlMaxArticles: '20',
};

const text = (v: string | undefined): string | undefined => {
  const t = v?.trim();
  return t ? t : undefined;
};
/** Empty stays undefined (the schema default applies); anything else must be a number. */
const num = (v: string | undefined): number | undefined => (text(v) === undefined ? undefined : Number(text(v)));
const checked = (v: string | undefined): boolean => v === 'on';

/** The object the schema validates; HTML selectors only for HTML sources. */
export function sourceInputFromValues(v: SourceFormValues): Record<string, unknown> {
  const kind = text(v.kind);
  const article =
    text(v.htmlArticleContent) ?? text(v.htmlArticleDate) ?? text(v.htmlArticleTitle)
      ? { content: text(v.htmlArticleContent), date: text(v.htmlArticleDate), title: text(v.htmlArticleTitle) }
      : undefined;
  const html =
    kind === 'html'
      ? {
          item: text(v.htmlItem),
          link: text(v.htmlLink),
          title: text(v.htmlTitle),
          date: text(v.htmlDate),
          summary: text(v.htmlSummary),
          followArticle: checked(v.htmlFollowArticle),
          article,
          maxArticles: num(v.htmlMaxArticles),
        }
      : undefined;
  return {
    id: text(v.id),
    name: text(v.name),
    url: text(v.url),
    homepage: text(v.homepage),
    kind,
    category: text(v.category),
    region: text(v.region),
    intervalMinutes: num(v.intervalMinutes),
    priority: checked(v.priority),
    enabled: checked(v.enabled),
    dedupeKey: text(v.dedupeKey),
    encoding: text(v.encoding),
    html,
    demo: false,
    note: text(v.note),
  };
}

/** Maps a schema path (html.article.content) to the form field it came from. */
function fieldOfPath(path: readonly PropertyKey[]): SourceFormField | 'form' {
  const [a, b, c] = path.map(String);
  if (a === 'html') {
    if (b === undefined) return 'htmlItem';
    if (b === 'article') {
      const sub = { content: 'htmlArticleContent', date: 'htmlArticleDate', title: 'htmlArticleTitle' } as const;
      return sub[c as keyof typeof sub] ?? 'htmlArticleContent';
    }
    const top = {
      item: 'htmlItem',
      link: 'htmlLink',
      title: 'htmlTitle',
      date: 'htmlDate',
      summary: 'htmlSummary',
      followArticle: 'htmlFollowArticle',
      maxArticles: 'htmlMaxArticles',
    } as const;
    return top[b as keyof typeof top] ?? 'htmlItem';
  }
  return (SOURCE_FORM_FIELDS as readonly string[]).includes(a ?? '') ? (a as SourceFormField) : 'form';
}

/** Chinese field errors from a zod error: the schema's message when it is Chinese, else ours. */
export function fieldErrorsFromZod(error: z.ZodError): SourceFormErrors {
  const out: SourceFormErrors = {};
  for (const issue of error.issues) {
    const field = fieldOfPath(issue.path);
    if (out[field]) continue; // the first problem of a field is enough to fix it
    out[field] = field === 'form' ? '表单内容无效，请检查后重新提交' : HAS_CJK.test(issue.message) ? issue.message : FIELD_MESSAGES[field];
  }
  return out;
}

/** A CSS selector cheerio can compile (the crawler would otherwise fail with selector_error on every run). */
export function selectorProblem(selector: string): string | null {
  try {
    load('<p></p>')(selector);
    return null;
  } catch (e) {
    const detail = e instanceof Error ? e.message.slice(0, 80) : '';
    return `选择器写法有误，无法使用（${detail}）`;
  }
}

/**
 * Validates a submitted form: the source schema, then what the schema cannot see (selector syntax,
 * a charset we can decode, the crawler's URL policy). A missing id is generated (`user-…`).
 */
export function validateSourceValues(v: SourceFormValues, o: { policy: UrlPolicy }): SourceFormResult {
  const input = sourceInputFromValues(v);
  input.id ??= `user-${randomBytes(4).toString('hex')}`;
  const parsed = SourceInputSchema.safeParse(input);
  const errors: SourceFormErrors = parsed.success ? {} : fieldErrorsFromZod(parsed.error);

  if (text(v.kind) === 'html') {
    for (const f of SELECTOR_FIELDS) {
      const sel = text(v[f]);
      if (!sel || errors[f]) continue;
      const problem = selectorProblem(sel);
      if (problem) errors[f] = problem;
    }
  }
  const encoding = text(v.encoding);
  if (encoding && !errors.encoding && !normaliseCharsetLabel(encoding)) {
    errors.encoding = `不支持的字符集“${encoding.slice(0, 40)}”，可填 utf-8、gbk、gb18030、big5，或留空自动识别`;
  }
  const url = text(v.url);
  if (url && !errors.url) {
    try {
      assertUrlAllowed(url, o.policy);
    } catch (e) {
      errors.url = isCrawlError(e) ? e.messageZh : FIELD_MESSAGES.url;
    }
  }
  const category = text(v.category);
  if (category && !(category in SOURCE_CATEGORIES)) errors.category = FIELD_MESSAGES.category;

  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, config: parsed.data };
}

/** Interval and enabled switch: all that is editable on a built-in source. */
export function validateScheduleValues(
  v: SourceFormValues,
): { ok: true; enabled: boolean; intervalMinutes: number } | { ok: false; errors: SourceFormErrors } {
  const n = num(v.intervalMinutes);
  if (n === undefined || !Number.isInteger(n) || n < 1 || n > 1440) {
    return { ok: false, errors: { intervalMinutes: FIELD_MESSAGES.intervalMinutes } };
  }
  return { ok: true, enabled: checked(v.enabled), intervalMinutes: n };
}

/**
 * Add-time check of where a host name points (TESTPLAN S23): refused when any address it resolves to
 * is private and not allow-listed. A name that does not resolve now is accepted (the source's health
 * will say so); the fetcher checks the address again at every connect.
 */
export async function checkSourceAddress(url: string, policy: UrlPolicy, lookup?: LookupFn): Promise<string | null> {
  let u: URL;
  try {
    u = assertUrlAllowed(url, policy);
  } catch (e) {
    return isCrawlError(e) ? e.messageZh : FIELD_MESSAGES.url;
  }
  const host = u.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) return null; // literal addresses were judged by assertUrlAllowed
  const port = u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : 80;
  const resolve: LookupFn = lookup ?? ((h, opts, cb) => dns.lookup(h, opts, cb));
  const addresses = await new Promise<string[]>((done) => {
    resolve(host, { all: true }, (err, list) => done(err ? [] : list.map((a) => a.address)));
  });
  const bad = addresses.find((a) => !isAddressAllowed(a, port, policy.allowPrivate, host));
  return bad ? new CrawlError('private_address', `${host} → ${bad}`).messageZh : null;
}

export type SaveSourceResult = { ok: true; id: string } | { ok: false; errors: SourceFormErrors };

/**
 * Validates and stores a dashboard source: a new one (origin 'user') or, with `editId`, the new
 * definition of an existing dashboard source (its id never changes). Built-in sources are refused
 * here: only their schedule is editable (saveScheduleForm).
 */
export async function saveSourceForm(
  client: Db,
  v: SourceFormValues,
  o: { policy: UrlPolicy; now: Date; editId?: string; lookup?: LookupFn; audit?: AuditContext },
): Promise<SaveSourceResult> {
  const checked = validateSourceValues(o.editId ? { ...v, id: o.editId } : v, { policy: o.policy });
  if (!checked.ok) return checked;
  const addressProblem = await checkSourceAddress(checked.config.url, o.policy, o.lookup);
  if (addressProblem) return { ok: false, errors: { url: addressProblem } };
  const r = o.editId
    ? await updateUserSource(client, o.editId, checked.config, o.now, o.audit)
    : await createUserSource(client, checked.config, o.now, o.audit);
  if (r.ok) return { ok: true, id: r.row.id };
  const why: Record<typeof r.reason, SourceFormErrors> = {
    id_taken: { id: `信源 id“${checked.config.id}”已被使用，请换一个` },
    not_found: { form: '该信源已不存在（可能刚被删除）' },
    built_in: { form: '内置信源只能修改启用状态和抓取间隔' },
  };
  return { ok: false, errors: why[r.reason] };
}

/** Enabled switch and interval of any source (the only edits a built-in source keeps until the next start). */
export async function saveScheduleForm(
  client: Db,
  id: string,
  v: SourceFormValues,
  now: Date,
  audit?: AuditContext,
): Promise<SaveSourceResult> {
  const checked = validateScheduleValues(v);
  if (!checked.ok) return checked;
  const r = await updateSourceSchedule(client, id, { enabled: checked.enabled, intervalMinutes: checked.intervalMinutes }, now, audit);
  return r.ok ? { ok: true, id } : { ok: false, errors: { form: '该信源已不存在（可能刚被删除）' } };
}
