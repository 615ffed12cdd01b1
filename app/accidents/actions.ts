'use server';
/**
 * Server actions of the 事故信息公开 pages. Each first checks that the signed-in person may manage
 * accident cases (the DAL: a leader's direct POST is refused and recorded), parses the form with
 * lib/workflow/accident-form (Chinese errors per field, nothing written on error) and writes through
 * lib/db, which replays the case, checks the version and audits in the same transaction.
 */
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { actorAuditContext, requirePermission } from '@/lib/auth/dal';
import { createAccidentCase, createEnterpriseListing, db, recordAccidentEntry, removeEnterpriseListing } from '@/lib/db';
import type { AccidentActor } from '@/lib/db';
import { failed, formValues } from '@/lib/settings/form-state';
import type { FormState } from '@/lib/settings/form-state';
import { parseCaseForm, parseEntryForm, parseListingForm, parseRemovalForm } from '@/lib/workflow/accident-form';

async function accidentActor(): Promise<AccidentActor> {
  const actor = await requirePermission('accidents.manage');
  return { username: actor.username, name: actor.name, audit: await actorAuditContext(actor) };
}

const CaseRefSchema = z.object({
  caseId: z.coerce.number().int().positive().max(2 ** 31),
  version: z.coerce.number().int().positive(),
});

// POST /accidents/new – create a case from an event's facts or by hand
export async function createCaseAction(_prev: FormState, fd: FormData): Promise<FormState> {
  const actor = await accidentActor();
  const values = formValues(fd);
  const now = new Date();
  const parsed = parseCaseForm(values, now);
  if (!parsed.ok) return failed(parsed.errors, values, '有错误，未建立台账。请按提示修改后重试。');
  const r = await createAccidentCase(db(), parsed.value, actor, now);
  if (!r.ok) return failed(r.field ? { [r.field]: r.message } : {}, values, `未建立台账：${r.message}`);
  revalidatePath('/accidents', 'layout');
  redirect(`/accidents/${r.id}?created=1`);
}

// POST /accidents/[id] – record an entry (release, report, extension, 批复, 督办, publication …)
export async function recordEntryAction(_prev: FormState, fd: FormData): Promise<FormState> {
  const actor = await accidentActor();
  const values = formValues(fd);
  const ref = CaseRefSchema.safeParse({ caseId: values.caseId, version: values.version });
  if (!ref.success) return failed({}, values, '表单已失效，请刷新页面后重试。');
  const now = new Date();
  const parsed = parseEntryForm(values, now);
  if (!parsed.ok) return failed(parsed.errors, values, '有错误，未记录。请按提示修改后重试。');
  const r = await recordAccidentEntry(db(), ref.data.caseId, parsed.value, ref.data.version, actor, now);
  if (!r.ok) return failed(r.field ? { [r.field]: r.message } : {}, values, r.message);
  revalidatePath('/accidents', 'layout');
  redirect(`/accidents/${r.id}?recorded=${parsed.value.entry.type}`);
}

// POST /accidents/listings – list an enterprise (严重失信主体名单)
export async function createListingAction(_prev: FormState, fd: FormData): Promise<FormState> {
  const actor = await accidentActor();
  const values = formValues(fd);
  const now = new Date();
  const parsed = parseListingForm(values, now);
  if (!parsed.ok) return failed(parsed.errors, values, '有错误，未列入。请按提示修改后重试。');
  const r = await createEnterpriseListing(db(), parsed.value, actor, now);
  if (!r.ok) return failed(r.field ? { [r.field]: r.message } : {}, values, `未列入：${r.message}`);
  revalidatePath('/accidents', 'layout');
  redirect('/accidents/listings?listed=1');
}

// POST /accidents/listings – record the removal of a listed enterprise
export async function removeListingAction(_prev: FormState, fd: FormData): Promise<FormState> {
  const actor = await accidentActor();
  const values = formValues(fd);
  const now = new Date();
  const parsed = parseRemovalForm(values, now);
  if (!parsed.ok) return failed(parsed.errors, values, '有错误，未移出。请按提示修改后重试。');
  const r = await removeEnterpriseListing(db(), parsed.value, actor, now);
  if (!r.ok) return failed(r.field ? { [r.field]: r.message } : {}, values, `未移出：${r.message}`);
  revalidatePath('/accidents', 'layout');
  redirect('/accidents/listings?removed=1');
}
