'use server';
/**
 * Server actions of 待回应. Each first checks that the signed-in person may handle replies (the DAL:
 * a drafter's replayed POST is refused with 403 and recorded), parses the form with lib/replies/forms
 * (Chinese errors per field, nothing written on error) and writes through lib/db, which asks the
 * state machine and audits the change in the same transaction.
 */
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { actorAuditContext, requirePermission } from '@/lib/auth/dal';
import { applyReplyStep, createReplyTask, db } from '@/lib/db';
import type { ReplyActor } from '@/lib/db';
import { parseMarkForm, parseStepForm } from '@/lib/replies/forms';
import type { ReplyFormState } from '@/lib/replies/forms';
import { failed, formValues } from '@/lib/settings/form-state';

async function replyActor(): Promise<ReplyActor> {
  const actor = await requirePermission('replies.handle');
  return { username: actor.username, name: actor.name, audit: await actorAuditContext(actor) };
}

// POST (Server Action) – mark an item or event as needing a reply, or confirm a proposal
export async function markReplyAction(_prev: ReplyFormState, fd: FormData): Promise<ReplyFormState> {
  const actor = await replyActor();
  const values = formValues(fd);
  const parsed = parseMarkForm(values);
  if (!parsed.ok) return failed(parsed.errors, values, '有错误，未标记。请按提示修改后重试。');
  const { origin, subjectType, subjectId, reason } = parsed.value;
  const r = await createReplyTask(db(), { origin, subjectType, subjectId, reason: reason ?? null }, actor);
  if (!r.ok) return { ...failed(r.field ? { [r.field]: r.message } : {}, values, `未标记：${r.message}`), ...(r.existingId ? { taskId: r.existingId } : {}) };
  revalidatePath('/replies', 'layout');
  redirect(`/replies/${r.id}?done=create`);
}

// POST (Server Action) – assign, answer, close or reopen a reply task
export async function replyStepAction(_prev: ReplyFormState, fd: FormData): Promise<ReplyFormState> {
  const actor = await replyActor();
  const values = formValues(fd);
  const parsed = parseStepForm(values);
  if (!parsed.ok) return failed(parsed.errors, values, '有错误，未保存。请按提示修改后重试。');
  const { taskId, expectedVersion, step } = parsed.value;
  const r = await applyReplyStep(db(), taskId, step, expectedVersion, actor);
  if (!r.ok) return failed(r.field ? { [r.field]: r.message } : {}, values, `未保存：${r.message}`);
  revalidatePath('/replies', 'layout');
  redirect(`/replies/${taskId}?done=${step.type}`);
}
