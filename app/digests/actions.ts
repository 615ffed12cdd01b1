'use server';
/**
 * Server actions of 舆情日报/专报. Each checks its permission first (digest.manage: generate, 审核/签发,
 * resend, subscriptions; digest.instruct: the leader's 批示), parses the form with zod and writes
 * through lib/db, which audits in the same transaction. Results come back as ?ok= / ?error= on the
 * page they were sent from (no dialogs).
 */
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { config } from '@/lib/config';
import { actorAuditContext, requirePermission } from '@/lib/auth/dal';
import { changeDigestSubscription, db, recordDigestInstruction, recordDigestSignoff, resendDigestDelivery } from '@/lib/db';
import { generateDailyDigest, generateSpecialReport } from '@/lib/digest/generate';
import {
  firstError,
  GenerateDailySchema,
  GenerateSpecialSchema,
  InstructionSchema,
  ResendSchema,
  SignoffSchema,
  SubscriptionChangeSchema,
  SubscriptionCreateSchema,
} from '@/lib/digest/forms';
import { zonedInstant } from '@/lib/digest/period';

const fields = (fd: FormData): Record<string, string> => Object.fromEntries([...fd.entries()].filter(([k, v]) => !k.startsWith('$ACTION') && typeof v === 'string')) as Record<string, string>;
const back = (path: string, key: 'ok' | 'error', msg: string): never => redirect(`${path}${path.includes('?') ? '&' : '?'}${key}=${encodeURIComponent(msg)}`);

function dayAt8(day: string, tz: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return zonedInstant({ year: y, month: m, day: d, hour: 8, minute: 0 }, tz);
}

// POST (Server Action) – generate a daily digest for a chosen range now
export async function generateDailyAction(fd: FormData): Promise<void> {
  const actor = await requirePermission('digest.manage');
  const p = GenerateDailySchema.safeParse(fields(fd));
  if (!p.success) back('/digests', 'error', firstError(p.error));
  const v = p.data!;
  const cfg = config().digest;
  const r = await generateDailyDigest(db(), cfg, {
    generatedBy: `user:${actor.username}`,
    audit: await actorAuditContext(actor),
    now: new Date(),
    period: { start: dayAt8(v.from, cfg.timezone), end: dayAt8(v.to, cfg.timezone) },
  });
  revalidatePath('/digests');
  if (r.created) redirect(`/digests/${r.id}?ok=${encodeURIComponent('日报已生成')}`);
  back('/digests', 'error', '未生成');
}

// POST (Server Action) – generate a 专报 for one event
export async function generateSpecialAction(fd: FormData): Promise<void> {
  const actor = await requirePermission('digest.manage');
  const p = GenerateSpecialSchema.safeParse(fields(fd));
  if (!p.success) back('/digests', 'error', '事件编号无效');
  const r = await generateSpecialReport(db(), p.data!.eventId, config().digest, {
    generatedBy: `user:${actor.username}`,
    audit: await actorAuditContext(actor),
    now: new Date(),
  });
  if (!r) back('/digests', 'error', '该事件不存在');
  revalidatePath('/digests');
  if (r!.created) redirect(`/digests/${r!.id}?ok=${encodeURIComponent('专报已生成')}`);
  back('/digests', 'error', '未生成');
}

// POST (Server Action) – record 审核人 or 签发人
export async function signoffAction(fd: FormData): Promise<void> {
  const actor = await requirePermission('digest.manage');
  const p = SignoffSchema.safeParse(fields(fd));
  const id = Number(fd.get('digestId')) || 0;
  if (!p.success) back(`/digests/${id}`, 'error', firstError(p.error));
  const r = await recordDigestSignoff(db(), p.data!, await actorAuditContext(actor), new Date());
  revalidatePath(`/digests/${p.data!.digestId}`);
  back(`/digests/${p.data!.digestId}`, r.ok ? 'ok' : 'error', r.message);
}

// POST (Server Action) – the leader's 批示
export async function instructAction(fd: FormData): Promise<void> {
  const actor = await requirePermission('digest.instruct');
  const p = InstructionSchema.safeParse(fields(fd));
  const id = Number(fd.get('digestId')) || 0;
  if (!p.success) back(`/digests/${id}`, 'error', firstError(p.error));
  const r = await recordDigestInstruction(db(), { digestId: p.data!.digestId, text: p.data!.text, by: actor.name }, await actorAuditContext(actor), new Date());
  revalidatePath(`/digests/${p.data!.digestId}`);
  back(`/digests/${p.data!.digestId}`, r.ok ? 'ok' : 'error', r.message);
}

// POST (Server Action) – put a failed delivery back in the queue
export async function resendAction(fd: FormData): Promise<void> {
  const actor = await requirePermission('digest.manage');
  const p = ResendSchema.safeParse(fields(fd));
  if (!p.success) back('/digests', 'error', '投递记录无效');
  const r = await resendDigestDelivery(db(), p.data!.deliveryId, await actorAuditContext(actor), new Date());
  revalidatePath(`/digests/${p.data!.digestId}`);
  back(`/digests/${p.data!.digestId}`, r.ok ? 'ok' : 'error', r.message);
}

// POST (Server Action) – add a subscription (by role or by address)
export async function addSubscriptionAction(fd: FormData): Promise<void> {
  const actor = await requirePermission('digest.manage');
  const p = SubscriptionCreateSchema.safeParse(fields(fd));
  if (!p.success) back('/digests/subscriptions', 'error', firstError(p.error));
  const v = p.data!;
  const change = v.target === 'role' ? { op: 'create' as const, target: 'role' as const, role: v.role, kinds: v.kinds } : { op: 'create' as const, target: 'address' as const, address: v.address, kinds: v.kinds };
  const r = await changeDigestSubscription(db(), change, actor.username, await actorAuditContext(actor), new Date());
  revalidatePath('/digests/subscriptions');
  back('/digests/subscriptions', r.ok ? 'ok' : 'error', r.message);
}

// POST (Server Action) – enable, disable or delete a subscription
export async function changeSubscriptionAction(fd: FormData): Promise<void> {
  const actor = await requirePermission('digest.manage');
  const p = SubscriptionChangeSchema.safeParse(fields(fd));
  if (!p.success) back('/digests/subscriptions', 'error', '订阅无效');
  const { id, op } = p.data!;
  const change = op === 'delete' ? { op: 'delete' as const, id } : { op: 'toggle' as const, id, enabled: op === 'enable' };
  const r = await changeDigestSubscription(db(), change, actor.username, await actorAuditContext(actor), new Date());
  revalidatePath('/digests/subscriptions');
  back('/digests/subscriptions', r.ok ? 'ok' : 'error', r.message);
}
