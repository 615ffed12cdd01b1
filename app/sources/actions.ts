'use server';
/**
 * Server actions of the 信源 pages: parse the form, call lib/sources or lib/db, refresh the pages.
 * (Next checks each action's Origin against the host, so another site cannot post these.)
 */
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { config } from '@/lib/config';
import { db, deleteUserSource, getSource, sourceConfigFromRow, updateSourceSchedule } from '@/lib/db';
import { actorAuditContext, requirePermission } from '@/lib/auth/dal';
import { actionLimiter, throttledMessage } from '@/lib/auth/throttle';
import { toCrawlError } from '@/lib/errors';
import { formValuesFromFormData, saveScheduleForm, saveSourceForm, validateSourceValues } from '@/lib/sources/form';
import type { SourceFormErrors, SourceFormValues } from '@/lib/sources/form';
import { previewContextFromConfig, previewSource, urlPolicyOf } from '@/lib/sources/preview';
import type { PreviewResult } from '@/lib/sources/preview';

const SourceId = z.string().regex(/^[a-z0-9][a-z0-9-]{1,63}$/);

/** The signed-in person allowed to manage sources, as recorded in the audit log. */
async function managerAudit() {
  return actorAuditContext(await requirePermission('sources.manage'));
}

export type PreviewState = { result: PreviewResult | null; errors: SourceFormErrors } | null;
export type SaveState = { errors: SourceFormErrors; values: SourceFormValues } | null;
export type DeleteState = { error: string } | null;

function previewContext() {
  return previewContextFromConfig(config(), db());
}

function refresh(id?: string): void {
  revalidatePath('/sources');
  if (id) revalidatePath(`/sources/${id}`);
}

/** Previews are network fetches made by the server: a few a minute per account. */
function previewThrottled(userId: string): PreviewState {
  const d = actionLimiter('sourcePreview').take(userId, new Date());
  return d.allowed ? null : { result: null, errors: { form: throttledMessage(d) } };
}

// 测试/预览 of the form as filled in: fetch now, show what would be stored, store nothing.
export async function previewFormAction(_prev: PreviewState, fd: FormData): Promise<PreviewState> {
  // A preview fetches from the network on the server: only those who manage sources may ask for one.
  const actor = await requirePermission('sources.manage');
  const refused = previewThrottled(actor.userId);
  if (refused) return refused;
  const ctx = previewContext();
  const values = formValuesFromFormData(fd);
  // Only what decides the fetch matters here; the rest gets placeholders so it cannot block a preview.
  const checked = validateSourceValues(
    { ...values, id: '', name: values.name?.trim() || '预览', category: 'official', intervalMinutes: '30', region: '', note: '', homepage: '' },
    { policy: urlPolicyOf(ctx) },
  );
  if (!checked.ok) return { result: null, errors: checked.errors };
  return { result: await previewSource(checked.config, ctx), errors: {} };
}

// 测试抓取 of a stored source (any origin), with its saved settings.
export async function previewStoredAction(_prev: PreviewState, fd: FormData): Promise<PreviewState> {
  const actor = await requirePermission('sources.manage');
  const refused = previewThrottled(actor.userId);
  if (refused) return refused;
  const id = SourceId.safeParse(fd.get('id'));
  const row = id.success ? await getSource(db(), id.data) : null;
  if (!row) return { result: null, errors: { form: '该信源不存在' } };
  try {
    return { result: await previewSource(sourceConfigFromRow(row), previewContext()), errors: {} };
  } catch (e) {
    return { result: null, errors: { form: toCrawlError(e).messageZh } };
  }
}

// Add a source, or save a dashboard source's new definition.
export async function saveSourceAction(_prev: SaveState, fd: FormData): Promise<SaveState> {
  const audit = await managerAudit();
  const values = formValuesFromFormData(fd);
  const editing = fd.get('editId');
  const editId = editing === null || editing === '' ? undefined : SourceId.safeParse(editing).data;
  if (editing && !editId) return { errors: { form: '该信源不存在' }, values };
  const r = await saveSourceForm(db(), values, { policy: urlPolicyOf(previewContext()), now: new Date(), editId, audit });
  if (!r.ok) return { errors: r.errors, values };
  refresh(r.id);
  redirect(`/sources/${r.id}?saved=1`);
}

// Interval and enabled switch of a built-in source.
export async function saveScheduleAction(_prev: SaveState, fd: FormData): Promise<SaveState> {
  const audit = await managerAudit();
  const values = formValuesFromFormData(fd);
  const id = SourceId.safeParse(fd.get('editId'));
  if (!id.success) return { errors: { form: '该信源不存在' }, values };
  const r = await saveScheduleForm(db(), id.data, values, new Date(), audit);
  if (!r.ok) return { errors: r.errors, values };
  refresh(id.data);
  redirect(`/sources/${id.data}?saved=1`);
}

const EnableForm = z.object({ id: SourceId, enabled: z.enum(['0', '1']) });

// 启用 / 停用 from the list or the detail page.
export async function setEnabledAction(fd: FormData): Promise<void> {
  const audit = await managerAudit();
  const parsed = EnableForm.safeParse({ id: fd.get('id'), enabled: fd.get('enabled') });
  if (!parsed.success) return;
  await updateSourceSchedule(db(), parsed.data.id, { enabled: parsed.data.enabled === '1' }, new Date(), audit);
  refresh(parsed.data.id);
}

// 删除 a dashboard source and what it fetched (the form asks for an explicit confirmation tick).
export async function deleteSourceAction(_prev: DeleteState, fd: FormData): Promise<DeleteState> {
  const audit = await managerAudit();
  const id = SourceId.safeParse(fd.get('id'));
  if (!id.success) return { error: '该信源不存在' };
  if (fd.get('confirm') !== 'on') return { error: '请先勾选“确认删除”' };
  const r = await deleteUserSource(db(), id.data, audit);
  if (!r.ok) return { error: r.reason === 'built_in' ? '内置信源不能删除，只能停用' : '该信源不存在（可能已被删除）' };
  refresh();
  redirect(`/sources?deleted=${encodeURIComponent(id.data)}&items=${r.items}`);
}
