/**
 * The 发布 forms and query strings, checked with zod: every message is Chinese and filed under the
 * field it is about, so the page shows it next to that field. Pure; the server actions call these.
 */
import { z } from 'zod';
import { fieldErrorsOf } from '@/lib/settings/form-state';
import { blankToUndefined, optionalText, requiredText } from '@/lib/settings/form-text';
import type { FormState, Parsed } from '@/lib/settings/form-state';
import { RELEASE_KINDS } from './kinds';
import type { ReleaseKind } from './kinds';
import { RELEASE_STATES } from './workflow';
import type { Redaction, ReleaseState, ReleaseStep } from './workflow';

export type ReleaseFormState = FormState;

export const TITLE_MAX = 200;
export const BODY_MAX = 20_000;


const positiveId = (what: string) =>
  z.coerce.number({ error: `${what}无效` }).int({ error: `${what}无效` }).positive({ error: `${what}无效` }).max(2 ** 31, { error: `${what}无效` });

/** Line breaks as typed in a browser (CRLF) are stored as LF, so the text hash does not depend on the client. */
const normalisedBody = requiredText(BODY_MAX, '请填写正文', '正文').transform((s) => s.replace(/\r\n?/g, '\n'));
const title = requiredText(TITLE_MAX, '请填写标题', '标题').refine((s) => !/[\r\n]/.test(s), { error: '标题不能换行' });

export const KindSchema = z.enum(RELEASE_KINDS, { error: '请选择发布类型' });

const CreateSchema = z.object({
  kind: KindSchema,
  eventId: z.preprocess(blankToUndefined, positiveId('事件编号').optional()),
  title,
  body: normalisedBody,
});
export type CreateReleaseInput = { kind: ReleaseKind; eventId: number | null; title: string; body: string };

const Ref = z.object({
  releaseId: positiveId('稿件编号'),
  /** The release's version when the form was shown. */
  expectedVersion: positiveId('表单版本'),
});

/** 原文｜理由, one per line; the reason is optional. */
const RedactionLines = z.preprocess(
  (v) => (typeof v === 'string' ? v : ''),
  z
    .string()
    .max(5000, { error: '删除内容不能超过 5000 个字' })
    .transform((s, ctx): Redaction[] => {
      const out: Redaction[] = [];
      for (const line of s.split(/\r?\n/)) {
        if (!line.trim()) continue;
        const [text = '', ...rest] = line.split(/[｜|]/);
        const t = text.trim();
        if (t.length < 2) {
          ctx.addIssue({ code: 'custom', message: `每行写一处要删除的原文（至少 2 个字），可用“｜”后接理由：“${line.slice(0, 20)}”` });
          return z.NEVER;
        }
        out.push({ text: t, reason: rest.join('｜').trim() || null });
      }
      return out;
    }),
);

const StepSchema = z.discriminatedUnion(
  'op',
  [
    Ref.extend({ op: z.literal('edit'), title, body: normalisedBody }),
    Ref.extend({ op: z.literal('submit') }),
    Ref.extend({ op: z.literal('clear'), redactions: RedactionLines, opinion: optionalText(1000, '审查意见') }),
    Ref.extend({ op: z.literal('return'), opinion: requiredText(1000, '请填写退回意见', '退回意见') }),
    Ref.extend({ op: z.literal('approve'), note: optionalText(500, '签发意见') }),
    Ref.extend({ op: z.literal('reject'), opinion: requiredText(1000, '请填写不予签发的意见', '意见') }),
    Ref.extend({ op: z.literal('publish') }),
    Ref.extend({ op: z.literal('withdraw'), reason: requiredText(500, '请填写撤回原因（将在公开页面上显示）', '撤回原因') }),
  ],
  { error: '未知的操作' },
);

export type { Parsed };

export function parseCreateForm(values: Record<string, string>): Parsed<CreateReleaseInput> {
  const r = CreateSchema.safeParse(values);
  if (!r.success) return { ok: false, errors: fieldErrorsOf(r.error) };
  return { ok: true, value: { kind: r.data.kind, eventId: r.data.eventId ?? null, title: r.data.title, body: r.data.body } };
}

export function parseStepForm(values: Record<string, string>): Parsed<{ releaseId: number; expectedVersion: number; step: ReleaseStep }> {
  const r = StepSchema.safeParse(values);
  if (!r.success) return { ok: false, errors: fieldErrorsOf(r.error) };
  const v = r.data;
  const ref = { releaseId: v.releaseId, expectedVersion: v.expectedVersion };
  switch (v.op) {
    case 'edit':
      return { ok: true, value: { ...ref, step: { type: 'edit', title: v.title, body: v.body } } };
    case 'submit':
      return { ok: true, value: { ...ref, step: { type: 'submit' } } };
    case 'clear':
      return { ok: true, value: { ...ref, step: { type: 'clear', redactions: v.redactions, opinion: v.opinion ?? null } } };
    case 'return':
      return { ok: true, value: { ...ref, step: { type: 'return', opinion: v.opinion } } };
    case 'approve':
      return { ok: true, value: { ...ref, step: { type: 'approve', note: v.note ?? null } } };
    case 'reject':
      return { ok: true, value: { ...ref, step: { type: 'reject', opinion: v.opinion } } };
    case 'publish':
      return { ok: true, value: { ...ref, step: { type: 'publish' } } };
    case 'withdraw':
      return { ok: true, value: { ...ref, step: { type: 'withdraw', reason: v.reason } } };
  }
}

// ------------------------------------------------------------------ query strings

export type SearchParams = Record<string, string | string[] | undefined>;

function first(sp: SearchParams, key: string): string | undefined {
  const raw = sp[key];
  const v = Array.isArray(raw) ? raw[0] : raw;
  return v === undefined || v === '' ? undefined : v;
}

export interface ReleaseListQuery {
  state: ReleaseState | 'all';
}

/** The list filter; an invalid value is dropped and named (never breaks the page). */
export function parseListQuery(sp: SearchParams): { query: ReleaseListQuery; ignored: string[] } {
  const v = first(sp, 'state');
  if (v === undefined) return { query: { state: 'all' }, ignored: [] };
  const r = z.enum([...RELEASE_STATES, 'all']).safeParse(v);
  return r.success ? { query: { state: r.data }, ignored: [] } : { query: { state: 'all' }, ignored: [`状态=${v.slice(0, 40)}`] };
}

/** /releases/new?eventId=N&kind=K: both optional; invalid values are named, not fatal. */
export function parseNewQuery(sp: SearchParams): { eventId: number | null; kind: ReleaseKind; ignored: string[] } {
  const ignored: string[] = [];
  const rawEvent = first(sp, 'eventId');
  const rawKind = first(sp, 'kind');
  const ev = rawEvent === undefined ? null : positiveId('事件编号').safeParse(rawEvent);
  if (ev && !ev.success) ignored.push(`事件编号=${rawEvent?.slice(0, 40)}`);
  const kind = rawKind === undefined ? null : KindSchema.safeParse(rawKind);
  if (kind && !kind.success) ignored.push(`发布类型=${rawKind?.slice(0, 40)}`);
  return { eventId: ev?.success ? ev.data : null, kind: kind?.success ? kind.data : 'first_report', ignored };
}
