'use server';
/** The signed-in person's own account: sign out, change password, TOTP. Each starts with the DAL guard. */
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { db, deleteSession } from '@/lib/db';
import { changeOwnPassword, confirmTotpEnrolment, removeTotp, startTotpEnrolment } from '@/lib/auth/account';
import { clearSessionCookies } from '@/lib/auth/cookie';
import { actorAuditContext, requireUser } from '@/lib/auth/dal';
import { homePathFor } from '@/lib/auth/permissions';
import { THROTTLED_MESSAGE, sharedLimiter } from '@/lib/auth/throttle';
import { INITIAL_AUTH_STATE, authError } from '@/components/auth/form-state';
import type { AuthFormState } from '@/components/auth/form-state';

/** Guessing the current password or a code from a borrowed session: 10 tries per 10 minutes. */
const accountLimiter = () => sharedLimiter('account-secrets', { limit: 10, windowMs: 10 * 60_000 });

// POST – sign out: the session row is deleted (audited) and the cookie cleared
export async function signOutAction(): Promise<void> {
  const actor = await requireUser({ allowPending: true });
  await deleteSession(db(), actor.sessionId, { ctx: await actorAuditContext(actor), action: 'auth.logout', username: actor.username });
  await clearSessionCookies();
  redirect('/login');
}

// POST /account/password
export async function changePasswordAction(_prev: AuthFormState, fd: FormData): Promise<AuthFormState> {
  const actor = await requireUser({ allowPending: true });
  if (actor.demo) return authError('演示账号没有密码，无需修改');
  const now = new Date();
  if (!accountLimiter().take(`pw:${actor.userId}`, now).allowed) return authError(THROTTLED_MESSAGE);
  const r = await changeOwnPassword(
    db(),
    { userId: actor.userId, sessionId: actor.sessionId },
    { currentPassword: fd.get('currentPassword'), newPassword: fd.get('newPassword'), confirmPassword: fd.get('confirmPassword') },
    await actorAuditContext(actor),
    now,
  );
  if (!r.ok) return authError('密码未修改，请按提示更正。', r.fieldErrors, { reasons: r.reasons });
  redirect(`${homePathFor(actor.roles)}`);
}

// POST /account/totp – create the secret to enrol
export async function startTotpAction(): Promise<void> {
  const actor = await requireUser({ allowPending: true });
  if (!actor.demo) await startTotpEnrolment(db(), actor.userId);
  revalidatePath('/account/totp');
}

// POST /account/totp – confirm enrolment with a code
export async function confirmTotpAction(_prev: AuthFormState, fd: FormData): Promise<AuthFormState> {
  const actor = await requireUser({ allowPending: true });
  if (actor.demo) return authError('演示账号不能设置动态口令');
  const now = new Date();
  if (!accountLimiter().take(`totp:${actor.userId}`, now).allowed) return authError(THROTTLED_MESSAGE);
  const r = await confirmTotpEnrolment(db(), actor.userId, fd.get('code'), await actorAuditContext(actor), now);
  if (!r.ok) return authError(null, { code: r.message });
  revalidatePath('/account', 'layout');
  return { ...INITIAL_AUTH_STATE, status: 'done', message: '动态口令已启用。以后登录时，输入密码后还需输入验证器中的 6 位数字。' };
}

// POST /account/totp – turn TOTP off (a current code is required)
export async function disableTotpAction(_prev: AuthFormState, fd: FormData): Promise<AuthFormState> {
  const actor = await requireUser({ allowPending: true });
  const now = new Date();
  if (!accountLimiter().take(`totp:${actor.userId}`, now).allowed) return authError(THROTTLED_MESSAGE);
  const r = await removeTotp(db(), actor.userId, fd.get('code'), await actorAuditContext(actor), now);
  if (!r.ok) return authError(null, { code: r.message });
  revalidatePath('/account', 'layout');
  return { ...INITIAL_AUTH_STATE, status: 'done', message: '动态口令已停用。' };
}
