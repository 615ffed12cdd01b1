'use server';
/**
 * The system administrator's actions (三员: accounts only). New accounts get no role; the security
 * administrator grants roles. A one-time password is returned once to the form that asked for it
 * and kept nowhere in clear: only its argon2id hash is stored, and the audit row records the event.
 */
import { revalidatePath } from 'next/cache';
import { actorAuditContext, requirePermission } from '@/lib/auth/dal';
import { AccountRefSchema, AccountStatusSchema, CreateAccountSchema, generateOneTimePassword } from '@/lib/auth/admin-forms';
import { hashPassword } from '@/lib/auth/password';
import { createUser, db, getSecurityPolicy, getUserById, resetPassword, setUserStatus } from '@/lib/db';
import { formChecked, formText, zodFieldErrors } from '@/lib/settings/form-state';
import { adminFailed, adminSaved } from '@/components/admin/form-state';
import type { AdminFormState } from '@/components/admin/form-state';

// POST /admin/users – 新建账号（无角色，一次性密码只显示一次）
export async function createAccountAction(_prev: AdminFormState, fd: FormData): Promise<AdminFormState> {
  const actor = await requirePermission('users.manage');
  const values = { username: formText(fd, 'username'), name: formText(fd, 'name') };
  const parsed = CreateAccountSchema.safeParse(values);
  if (!parsed.success) return adminFailed('有错误，未创建。请按提示修改后重试。', zodFieldErrors(parsed.error), values);
  const client = db();
  const policy = await getSecurityPolicy(client);
  const password = generateOneTimePassword(policy, { username: parsed.data.username, name: parsed.data.name });
  const audit = await actorAuditContext(actor);
  const r = await createUser(
    client,
    { ...parsed.data, roles: [], passwordHash: await hashPassword(password), mustChangePassword: true, createdBy: audit.actor },
    audit,
  );
  if (!r.ok) return adminFailed('未创建。', { [r.field]: r.message }, values);
  revalidatePath('/admin/users');
  return adminSaved(`已创建账号 ${r.user.username}（${r.user.name}）。该账号还没有角色，请安全管理员授予。`, {
    oneTimePassword: password,
    forUsername: r.user.username,
  });
}

// POST /admin/users – 停用 / 启用账号（停用即结束其全部登录会话）
export async function setAccountStatusAction(_prev: AdminFormState, fd: FormData): Promise<AdminFormState> {
  const actor = await requirePermission('users.manage');
  const parsed = AccountStatusSchema.safeParse({ userId: formText(fd, 'userId'), status: formText(fd, 'status') });
  if (!parsed.success) return adminFailed(parsed.error.issues[0]?.message ?? '请求无效');
  const r = await setUserStatus(db(), { audit: await actorAuditContext(actor), byUserId: actor.userId }, parsed.data.userId, parsed.data.status);
  if (!r.ok) return adminFailed(r.message);
  revalidatePath('/admin/users');
  return adminSaved(r.message);
}

// POST /admin/users – 重置密码（新的一次性密码只显示一次；下次登录须修改）
export async function resetPasswordAction(_prev: AdminFormState, fd: FormData): Promise<AdminFormState> {
  const actor = await requirePermission('users.manage');
  const parsed = AccountRefSchema.safeParse({ userId: formText(fd, 'userId') });
  if (!parsed.success) return adminFailed(parsed.error.issues[0]?.message ?? '请求无效');
  if (!formChecked(fd, 'confirm')) return adminFailed('未重置。', { confirm: '请先勾选确认：重置后该账号的所有登录会话将被结束' });
  const client = db();
  const target = await getUserById(client, parsed.data.userId);
  if (!target) return adminFailed('账号不存在或已被删除');
  const policy = await getSecurityPolicy(client);
  const password = generateOneTimePassword(policy, { username: target.username, name: target.name });
  const r = await resetPassword(
    client,
    { audit: await actorAuditContext(actor), byUserId: actor.userId },
    target.id,
    await hashPassword(password),
    policy.historyCount,
  );
  if (!r.ok) return adminFailed(r.message);
  revalidatePath('/admin/users');
  const lockNote = target.lockedUntil && target.lockedUntil.getTime() > Date.now() ? '该账号目前处于锁定状态，还需安全管理员解锁后才能登录。' : '';
  return adminSaved(`${r.message}。${lockNote}`, { oneTimePassword: password, forUsername: target.username });
}
