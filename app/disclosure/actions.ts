'use server';
/**
 * Server actions of the 依申请公开 pages. Each first checks that the signed-in person may manage
 * requests (the DAL: a leader's direct POST is refused and recorded), parses the form with
 * lib/workflow/disclosure-form (Chinese errors per field, nothing written on error) and writes
 * through lib/db, which replays the case and audits the change in the same transaction.
 */
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { actorAuditContext, requirePermission } from '@/lib/auth/dal';
import { createDisclosureRequest, db, recordDisclosureEvent, recordDisclosureReview } from '@/lib/db';
import type { DisclosureActor } from '@/lib/db';
import { failed, formValues } from '@/lib/settings/form-state';
import type { FormState } from '@/lib/settings/form-state';
import { CalendarDaySchema, calendarDayInShanghai } from '@/lib/workflow/calendar';
import { parseRegistrationForm, parseStepForm } from '@/lib/workflow/disclosure-form';

/** The signed-in person allowed to manage requests, as the write functions record them. */
async function disclosureActor(): Promise<DisclosureActor> {
  const actor = await requirePermission('disclosure.manage');
  return { username: actor.username, name: actor.name, audit: await actorAuditContext(actor) };
}

const CaseRefSchema = z.object({
  requestId: z.coerce.number().int().positive(),
  expectedCount: z.coerce.number().int().positive(),
});

// POST /disclosure/new – register a request with its receipt
export async function registerDisclosureAction(_prev: FormState, fd: FormData): Promise<FormState> {
  const actor = await disclosureActor();
  const values = formValues(fd);
  const now = new Date();
  const parsed = parseRegistrationForm(values, calendarDayInShanghai(now));
  if (!parsed.ok) return failed(parsed.errors, values, '有错误，未登记。请按提示修改后重试。');
  const r = await createDisclosureRequest(db(), parsed.value, actor, now);
  if (!r.ok) return failed({}, values, `未登记：${r.message}`);
  revalidatePath('/disclosure', 'layout');
  redirect(`/disclosure/${r.id}?registered=1`);
}

// POST /disclosure/[id] – record the next step of a case
export async function recordStepAction(_prev: FormState, fd: FormData): Promise<FormState> {
  const actor = await disclosureActor();
  const values = formValues(fd);
  const ref = CaseRefSchema.safeParse({ requestId: values.requestId, expectedCount: values.expectedCount });
  if (!ref.success) return failed({}, values, '表单已失效，请刷新页面后重试。');
  const now = new Date();
  const parsed = parseStepForm(values, calendarDayInShanghai(now));
  if (!parsed.ok) return failed(parsed.errors, values, '有错误，未记录。请按提示修改后重试。');
  const r = await recordDisclosureEvent(db(), ref.data.requestId, parsed.value, ref.data.expectedCount, actor, now);
  if (!r.ok) return failed(r.field ? { [r.field]: r.message } : {}, values, r.message);
  revalidatePath('/disclosure', 'layout');
  redirect(`/disclosure/${r.id}?step=${parsed.value.event.type}`);
}

const ReviewFormSchema = z
  .object({
    requestId: z.coerce.number().int().positive(),
    kind: z.enum(['review', 'litigation_direct', 'litigation_after_review'], { error: '请选择类别' }),
    filedOn: CalendarDaySchema,
    result: z.enum(['', 'upheld', 'corrected', 'other'], { error: '请选择结果' }),
    decidedOn: z.union([z.literal(''), CalendarDaySchema]),
  })
  .superRefine((v, ctx) => {
    if (v.result !== '' && v.decidedOn === '') ctx.addIssue({ code: 'custom', path: ['decidedOn'], message: '已有结果的，请填写决定或判决日期' });
    if (v.result === '' && v.decidedOn !== '') ctx.addIssue({ code: 'custom', path: ['result'], message: '填写了决定日期的，请选择结果' });
    if (v.decidedOn !== '' && v.decidedOn < v.filedOn) ctx.addIssue({ code: 'custom', path: ['decidedOn'], message: '决定日期不能早于提起日期' });
  });

// POST /disclosure/[id] – record an administrative review or lawsuit about the reply
export async function recordReviewAction(_prev: FormState, fd: FormData): Promise<FormState> {
  const actor = await disclosureActor();
  const values = formValues(fd);
  const parsed = ReviewFormSchema.safeParse({ ...values, result: values.result ?? '', decidedOn: values.decidedOn ?? '' });
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? '')] ??= issue.path[0] === 'filedOn' && values.filedOn === '' ? '请填写提起日期' : issue.message;
    return failed(errors, values, '有错误，未记录。请按提示修改后重试。');
  }
  const today = calendarDayInShanghai(new Date());
  const v = parsed.data;
  if (v.filedOn > today) return failed({ filedOn: `日期不能晚于今天（${today}）` }, values);
  if (v.decidedOn !== '' && v.decidedOn > today) return failed({ decidedOn: `日期不能晚于今天（${today}）` }, values);
  const r = await recordDisclosureReview(
    db(),
    v.requestId,
    { kind: v.kind, filedOn: v.filedOn, result: v.result === '' ? null : v.result, decidedOn: v.decidedOn === '' ? null : v.decidedOn },
    actor,
  );
  if (!r.ok) return failed({}, values, r.message);
  revalidatePath('/disclosure', 'layout');
  redirect(`/disclosure/${r.id}?step=review`);
}
