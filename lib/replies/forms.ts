/**
 * The 待回应 forms and list query, checked with zod: every message is Chinese and filed under the
 * field it is about, so the page shows it next to that field. Pure; the server actions call these.
 */
import { z } from 'zod';
import { fieldErrorsOf } from '@/lib/settings/form-state';
import { blankToUndefined, optionalText, requiredText } from '@/lib/settings/form-text';
import type { FormState, Parsed } from '@/lib/settings/form-state';
import { REPLY_STATES } from './state-machine';
import type { ReplyState, ReplyStep } from './state-machine';

/** A form's state, with the task it concerns when there is one (e.g. the subject was already marked). */
export type ReplyFormState = FormState & { taskId?: number };


/** An optional link to the published reply: absolute http(s) only. */
export const ReplyLinkSchema = z.preprocess(
  blankToUndefined,
  z
    .string()
    .trim()
    .max(2000, { error: '链接不能超过 2000 个字符' })
    .superRefine((v, ctx) => {
      if (!/^https?:\/\//i.test(v)) {
        ctx.addIssue({ code: 'custom', message: '链接须以 http:// 或 https:// 开头，如 https://www.example.gov.cn/xwfb/1.html' });
        return;
      }
      try {
        const u = new URL(v);
        if (!u.hostname || /\s/.test(v)) throw new Error('bad');
      } catch {
        ctx.addIssue({ code: 'custom', message: '链接格式不正确，请从浏览器地址栏复制完整地址' });
      }
    })
    .optional(),
);

const positiveId = (what: string) =>
  z.coerce.number({ error: `${what}无效` }).int({ error: `${what}无效` }).positive({ error: `${what}无效` }).max(2 ** 31, { error: `${what}无效` });

export const MarkReplySchema = z.object({
  origin: z.enum(['rule', 'manual'], { error: '标记来源无效' }).default('manual'),
  subjectType: z.enum(['item', 'event'], { error: '标记对象无效' }),
  subjectId: positiveId('标记对象编号'),
  reason: optionalText(500, '理由'),
});
export type MarkReplyInput = z.output<typeof MarkReplySchema>;

const TaskRef = z.object({
  taskId: positiveId('任务编号'),
  /** The task's version when the form was shown. */
  expectedVersion: positiveId('表单版本'),
});

const AssignSchema = TaskRef.extend({
  op: z.literal('assign'),
  assignee: requiredText(40, '请选择承办人', '承办人').pipe(z.string().regex(/^[\w.@-]+$/u, { error: '承办人无效' })),
  note: optionalText(500, '说明'),
});
const AnswerSchema = TaskRef.extend({
  op: z.literal('answer'),
  text: requiredText(2000, '请填写回应内容（已发布的回应或口径）', '回应内容'),
  url: ReplyLinkSchema,
});
const CloseSchema = TaskRef.extend({ op: z.literal('close'), note: optionalText(500, '说明') });
const ReopenSchema = TaskRef.extend({ op: z.literal('reopen'), note: requiredText(500, '请填写重新打开的原因', '原因') });

const StepFormSchema = z.discriminatedUnion('op', [AssignSchema, AnswerSchema, CloseSchema, ReopenSchema], { error: '未知的操作' });

/** A step as the form asks for it; the assignee's name is looked up from the account when stored. */
export type ReplyStepRequest =
  | { type: 'assign'; assignee: string; note: string | null }
  | Exclude<ReplyStep, { type: 'assign' } | { type: 'escalate' }>;

export type { Parsed };

export function parseMarkForm(values: Record<string, string>): Parsed<MarkReplyInput> {
  const r = MarkReplySchema.safeParse(values);
  return r.success ? { ok: true, value: r.data } : { ok: false, errors: fieldErrorsOf(r.error) };
}

export function parseStepForm(
  values: Record<string, string>,
): Parsed<{ taskId: number; expectedVersion: number; step: ReplyStepRequest }> {
  const r = StepFormSchema.safeParse(values);
  if (!r.success) return { ok: false, errors: fieldErrorsOf(r.error) };
  const v = r.data;
  const ref = { taskId: v.taskId, expectedVersion: v.expectedVersion };
  switch (v.op) {
    case 'assign':
      return { ok: true, value: { ...ref, step: { type: 'assign', assignee: v.assignee, note: v.note ?? null } } };
    case 'answer':
      return { ok: true, value: { ...ref, step: { type: 'answer', text: v.text, url: v.url ?? null } } };
    case 'close':
      return { ok: true, value: { ...ref, step: { type: 'close', note: v.note ?? null } } };
    case 'reopen':
      return { ok: true, value: { ...ref, step: { type: 'reopen', note: v.note } } };
  }
}

// ------------------------------------------------------------------ list query

export type SearchParams = Record<string, string | string[] | undefined>;

export interface ReplyListQuery {
  /** A state, or 'active' (open and assigned, the default) or 'all'. */
  state: ReplyState | 'active' | 'all';
  overdue: boolean;
  /** An account's username, 'none' (not assigned) or undefined (anyone). */
  assignee?: string;
}

const ListQuerySchema = z.object({
  state: z.enum([...REPLY_STATES, 'active', 'all']).optional(),
  overdue: z.enum(['1']).optional(),
  assignee: z.string().regex(/^[\w.@-]{1,40}$/u).optional(),
});

const QUERY_LABELS: Readonly<Record<string, string>> = { state: '状态', overdue: '逾期', assignee: '承办人' };

/** The list filters from the query string; an invalid value is dropped and named (never breaks the page). */
export function parseListQuery(sp: SearchParams): { query: ReplyListQuery; ignored: string[] } {
  const query: ReplyListQuery = { state: 'active', overdue: false };
  const ignored: string[] = [];
  for (const key of ['state', 'overdue', 'assignee'] as const) {
    const raw = sp[key];
    const v = Array.isArray(raw) ? raw[0] : raw;
    if (v === undefined || v === '') continue;
    const r = ListQuerySchema.shape[key].safeParse(v);
    if (!r.success || r.data === undefined) {
      ignored.push(`${QUERY_LABELS[key] ?? key}=${v.slice(0, 40)}`);
      continue;
    }
    if (key === 'state') query.state = r.data as ReplyListQuery['state'];
    else if (key === 'overdue') query.overdue = true;
    else query.assignee = r.data;
  }
  return { query, ignored };
}
