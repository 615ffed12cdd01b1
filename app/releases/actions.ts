'use server';
/**
 * Server actions of 发布. Each first checks the permission its steps need (the DAL: a replayed POST
 * from someone without it is refused with 403 and recorded), parses the form with
 * lib/releases/forms (Chinese errors per field, nothing written on error) and writes through
 * lib/db, which asks the workflow again (with the actor's roles and whether they wrote the text)
 * and audits the change in the same transaction.
 */
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { actorAuditContext, requirePermission } from '@/lib/auth/dal';
import type { Actor } from '@/lib/auth/dal';
import { applyReleaseStep, createRelease, db } from '@/lib/db';
import type { ReleaseActor } from '@/lib/db';
import { parseCreateForm, parseStepForm } from '@/lib/releases/forms';
import type { ReleaseFormState } from '@/lib/releases/forms';
import type { ReleaseStep } from '@/lib/releases/workflow';
import { failed, formValues } from '@/lib/settings/form-state';

async function releaseActor(actor: Actor): Promise<ReleaseActor> {
  return { username: actor.username, name: actor.name, roles: actor.roles, audit: await actorAuditContext(actor) };
}

const DRAFT_OPS: readonly ReleaseStep['type'][] = ['edit', 'submit', 'publish', 'withdraw'];
const REVIEW_OPS: readonly ReleaseStep['type'][] = ['clear', 'return'];
const APPROVE_OPS: readonly ReleaseStep['type'][] = ['approve', 'reject'];

async function step(actor: Actor, fd: FormData, allowed: readonly ReleaseStep['type'][]): Promise<ReleaseFormState> {
  const values = formValues(fd);
  const parsed = parseStepForm(values);
  if (!parsed.ok) return failed(parsed.errors, values, '有错误，未保存。请按提示修改后重试。');
  const { releaseId, expectedVersion, step: s } = parsed.value;
  if (!allowed.includes(s.type)) return failed({}, values, '未保存：该操作不属于此表单');
  const r = await applyReleaseStep(db(), releaseId, s, expectedVersion, await releaseActor(actor));
  if (!r.ok) return failed(r.field ? { [r.field]: r.message } : {}, values, `未保存：${r.message}`);
  revalidatePath('/releases', 'layout');
  revalidatePath('/public/releases', 'layout');
  redirect(`/releases/${releaseId}?done=${s.type}`);
}

// POST (Server Action) – save a new draft (from a template, with or without an event)
export async function createReleaseAction(_prev: ReleaseFormState, fd: FormData): Promise<ReleaseFormState> {
  const actor = await requirePermission('releases.draft');
  const values = formValues(fd);
  const parsed = parseCreateForm(values);
  if (!parsed.ok) return failed(parsed.errors, values, '有错误，未保存。请按提示修改后重试。');
  const r = await createRelease(db(), parsed.value, await releaseActor(actor));
  if (!r.ok) return failed(r.field ? { [r.field]: r.message } : {}, values, `未保存：${r.message}`);
  revalidatePath('/releases', 'layout');
  redirect(`/releases/${r.id}?done=create`);
}

// POST (Server Action) – edit, submit for 保密审查, publish or withdraw a release
export async function draftStepAction(_prev: ReleaseFormState, fd: FormData): Promise<ReleaseFormState> {
  const actor = await requirePermission('releases.draft');
  return step(actor, fd, DRAFT_OPS);
}

// POST (Server Action) – 保密审查: clear (with redactions) or return a submitted release
export async function reviewStepAction(_prev: ReleaseFormState, fd: FormData): Promise<ReleaseFormState> {
  const actor = await requirePermission('releases.review');
  return step(actor, fd, REVIEW_OPS);
}

// POST (Server Action) – 签发: approve or reject a cleared release
export async function approveStepAction(_prev: ReleaseFormState, fd: FormData): Promise<ReleaseFormState> {
  const actor = await requirePermission('releases.approve');
  return step(actor, fd, APPROVE_OPS);
}
