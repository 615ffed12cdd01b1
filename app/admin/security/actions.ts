'use server';
/**
 * The security administrator's actions (三员: roles, unlocks, the security policy). The 三员 rule
 * and the last-administrator rule are enforced in lib/db/auth-admin.ts for every caller; here the
 * form is validated and the outcome put into Chinese.
 */
import { revalidatePath } from 'next/cache';
import { actorAuditContext, requirePermission } from '@/lib/auth/dal';
import { AccountRefSchema, RoleChangeSchema, parsePolicyForm } from '@/lib/auth/admin-forms';
import { db, getSecurityPolicy, grantRole, revokeRole, saveSecurityPolicy, unlockUser } from '@/lib/db';
import { formText, formValues, zodFieldErrors } from '@/lib/settings/form-state';
import { adminFailed, adminSaved } from '@/components/admin/form-state';
import type { AdminFormState } from '@/components/admin/form-state';

function roleChange(fd: FormData) {
  return RoleChangeSchema.safeParse({ userId: formText(fd, 'userId'), role: formText(fd, 'role') });
}

// POST /admin/security – 授予角色
export async function grantRoleAction(_prev: AdminFormState, fd: FormData): Promise<AdminFormState> {
  const actor = await requirePermission('security.manage');
  const parsed = roleChange(fd);
  if (!parsed.success) return adminFailed('未授予。', zodFieldErrors(parsed.error));
  const client = db();
  const policy = await getSecurityPolicy(client);
  const r = await grantRole(
    client,
    { audit: await actorAuditContext(actor), byUserId: actor.userId },
    parsed.data.userId,
    parsed.data.role,
    policy.adminIdleMinutes * 60,
  );
  if (!r.ok) return adminFailed('未授予。', { role: r.message });
  revalidatePath('/admin/security');
  return adminSaved(r.message);
}

// POST /admin/security – 撤销角色
export async function revokeRoleAction(_prev: AdminFormState, fd: FormData): Promise<AdminFormState> {
  const actor = await requirePermission('security.manage');
  const parsed = roleChange(fd);
  if (!parsed.success) return adminFailed(parsed.error.issues[0]?.message ?? '请求无效');
  const r = await revokeRole(db(), { audit: await actorAuditContext(actor), byUserId: actor.userId }, parsed.data.userId, parsed.data.role);
  if (!r.ok) return adminFailed(r.message);
  revalidatePath('/admin/security');
  return adminSaved(r.message);
}

// POST /admin/security – 解锁账号
export async function unlockAction(_prev: AdminFormState, fd: FormData): Promise<AdminFormState> {
  const actor = await requirePermission('security.manage');
  const parsed = AccountRefSchema.safeParse({ userId: formText(fd, 'userId') });
  if (!parsed.success) return adminFailed(parsed.error.issues[0]?.message ?? '请求无效');
  const r = await unlockUser(db(), { audit: await actorAuditContext(actor), byUserId: actor.userId }, parsed.data.userId);
  if (!r.ok) return adminFailed(r.message);
  revalidatePath('/admin/security');
  return adminSaved(r.message);
}

// POST /admin/security – 保存安全策略
export async function savePolicyAction(_prev: AdminFormState, fd: FormData): Promise<AdminFormState> {
  const actor = await requirePermission('security.manage');
  const values = formValues(fd);
  const parsed = parsePolicyForm((name) => {
    const v = fd.get(name);
    return typeof v === 'string' ? v : null;
  });
  if (!parsed.ok) return adminFailed('有错误，未保存。请按提示修改后重试。', parsed.errors, values);
  await saveSecurityPolicy(db(), parsed.policy, await actorAuditContext(actor));
  revalidatePath('/admin/security');
  return adminSaved('安全策略已保存，并已记入审计日志。密码规则在下次设置密码时生效，锁定规则立即生效，会话超时对此后的登录生效。');
}
