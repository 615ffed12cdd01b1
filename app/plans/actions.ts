'use server';
/**
 * Server actions of 应对预案. Each first checks the signed-in person's permission (plans.manage for
 * the library, plans.run for activating, ticking and closing: a drafter's replayed POST is refused
 * with 403 and recorded), parses the form with lib/plans/forms (Chinese errors per field, nothing
 * written on error) and writes through lib/db, which audits the change in the same transaction.
 */
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { actorAuditContext, requirePermission } from '@/lib/auth/dal';
import type { Permission } from '@/lib/auth/permissions';
import { activatePlan, closePlanRun, db, deletePlan, savePlan, tickPlanStep } from '@/lib/db';
import type { PlanActor } from '@/lib/db';
import { parseActivateForm, parseCloseForm, parsePlanForm, parseSaveRef, parseTickForm } from '@/lib/plans/forms';
import type { PlanFormState } from '@/lib/plans/forms';
import { failed, formValues } from '@/lib/settings/form-state';

async function planActor(permission: Permission): Promise<PlanActor> {
  const actor = await requirePermission(permission);
  return { username: actor.username, name: actor.name, audit: await actorAuditContext(actor) };
}

// POST (Server Action) – create or update a plan of the library
export async function savePlanAction(_prev: PlanFormState, fd: FormData): Promise<PlanFormState> {
  const actor = await planActor('plans.manage');
  const values = formValues(fd);
  const ref = parseSaveRef(values);
  if (!ref.ok) return failed(ref.errors, values, '表单已失效，请刷新页面后重试。');
  const parsed = parsePlanForm(values);
  if (!parsed.ok) return failed(parsed.errors, values, '有错误，未保存。请按提示修改后重试。');
  const r = await savePlan(db(), ref.value.id ?? null, parsed.value, ref.value.expectedVersion ?? null, actor);
  if (!r.ok) return failed(r.field ? { [r.field]: r.message } : {}, values, `未保存：${r.message}`);
  revalidatePath('/plans', 'layout');
  redirect(`/plans?saved=${r.id}#plan-${r.id}`);
}

// POST (Server Action) – delete a plan of our own (built-in plans are kept)
export async function deletePlanAction(_prev: PlanFormState, fd: FormData): Promise<PlanFormState> {
  const actor = await planActor('plans.manage');
  const values = formValues(fd);
  const ref = parseSaveRef(values);
  if (!ref.ok || !ref.value.id) return failed({}, values, '预案无效');
  const r = await deletePlan(db(), ref.value.id, actor);
  if (!r.ok) return failed({}, values, `未删除：${r.message}`);
  revalidatePath('/plans', 'layout');
  redirect('/plans?deleted=1');
}

// POST (Server Action) – start a plan for an event
export async function activatePlanAction(_prev: PlanFormState, fd: FormData): Promise<PlanFormState> {
  const actor = await planActor('plans.run');
  const values = formValues(fd);
  const parsed = parseActivateForm(values);
  if (!parsed.ok) return failed(parsed.errors, values, '有错误，未启动。');
  const r = await activatePlan(db(), parsed.value, actor);
  if (!r.ok) return { ...failed(r.field ? { [r.field]: r.message } : {}, values, `未启动：${r.message}`), ...(r.existingId ? { runId: r.existingId } : {}) };
  revalidatePath(`/events/${parsed.value.eventId}`);
  revalidatePath('/plans', 'layout');
  return { status: 'saved', message: r.message, errors: {}, values: null, runId: r.id };
}

// POST (Server Action) – tick one step of an active plan as done
export async function tickStepAction(_prev: PlanFormState, fd: FormData): Promise<PlanFormState> {
  const actor = await planActor('plans.run');
  const values = formValues(fd);
  const parsed = parseTickForm(values);
  if (!parsed.ok) return failed(parsed.errors, values, '有错误，未勾选。');
  const r = await tickPlanStep(db(), parsed.value, actor);
  if (!r.ok) return failed(r.field ? { [r.field]: r.message } : {}, values, `未勾选：${r.message}`);
  revalidatePath('/events', 'layout');
  revalidatePath('/plans', 'layout');
  return { status: 'saved', message: r.message, errors: {}, values: null, runId: r.id };
}

// POST (Server Action) – close an active plan
export async function closeRunAction(_prev: PlanFormState, fd: FormData): Promise<PlanFormState> {
  const actor = await planActor('plans.run');
  const values = formValues(fd);
  const parsed = parseCloseForm(values);
  if (!parsed.ok) return failed(parsed.errors, values, '有错误，未关闭。');
  const r = await closePlanRun(db(), parsed.value, actor);
  if (!r.ok) return failed(r.field ? { [r.field]: r.message } : {}, values, `未关闭：${r.message}`);
  revalidatePath('/events', 'layout');
  revalidatePath('/plans', 'layout');
  return { status: 'saved', message: r.message, errors: {}, values: null, runId: r.id };
}
