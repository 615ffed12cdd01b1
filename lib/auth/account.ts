/**
 * What a signed-in person does to their own account: change the password (policy, history, other
 * sessions ended) and enrol or remove the TOTP second factor. Plain functions, `now` passed in.
 */
import { z } from 'zod';
import {
  changePasswordHash,
  disableTotp,
  enableTotp,
  getPasswordHashes,
  getSecurityPolicy,
  getUserById,
  setPendingTotpSecret,
} from '@/lib/db';
import type { AuditContext, Db } from '@/lib/db';
import { hashPassword, verifyPassword } from './password';
import { checkPasswordStrength } from './policy';
import { newTotpSecret, openTotpSecret, sealTotpSecret, verifyTotpCode } from './totp';

export const PasswordChangeSchema = z
  .object({
    currentPassword: z.string().min(1, '请输入当前密码').max(256, '密码最多 256 个字符'),
    newPassword: z.string().min(1, '请输入新密码').max(256, '密码最多 256 个字符'),
    confirmPassword: z.string().max(256, '密码最多 256 个字符'),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ['confirmPassword'], message: '两次输入的新密码不一致' });

export type PasswordField = 'currentPassword' | 'newPassword' | 'confirmPassword';

export type PasswordChangeResult =
  | { ok: true; otherSessionsEnded: number }
  | { ok: false; fieldErrors: Partial<Record<PasswordField, string>>; reasons: string[] };

/**
 * Changes the signed-in person's password: the current one must be right, the new one must meet the
 * policy and differ from the current and remembered ones. Other sessions of the account end.
 */
export async function changeOwnPassword(
  client: Db,
  who: { userId: string; sessionId: string },
  input: Record<PasswordField, unknown>,
  audit: AuditContext,
  now: Date,
): Promise<PasswordChangeResult> {
  const parsed = PasswordChangeSchema.safeParse(input);
  if (!parsed.success) {
    const fieldErrors: Partial<Record<PasswordField, string>> = {};
    for (const issue of parsed.error.issues) {
      const key = issue.path[0];
      if (key === 'currentPassword' || key === 'newPassword' || key === 'confirmPassword') fieldErrors[key] ??= issue.message;
    }
    return { ok: false, fieldErrors, reasons: [] };
  }
  const { currentPassword, newPassword } = parsed.data;
  const [user, policy, hashes] = await Promise.all([getUserById(client, who.userId), getSecurityPolicy(client), getPasswordHashes(client, who.userId)]);
  if (!user || !hashes.current || !(await verifyPassword(hashes.current, currentPassword))) {
    return { ok: false, fieldErrors: { currentPassword: '当前密码不正确' }, reasons: [] };
  }
  const reasons = checkPasswordStrength(newPassword, policy, { username: user.username, name: user.name });
  if (reasons.length === 0) {
    // The current password, then the remembered ones, one argon2 check each.
    for (const old of [hashes.current, ...hashes.history.slice(0, policy.historyCount)]) {
      // eslint-disable-next-line no-await-in-loop -- stops at the first match; a handful of checks at most
      if (await verifyPassword(old, newPassword)) {
        reasons.push(old === hashes.current ? '新密码不能与当前密码相同' : `新密码不能与最近 ${policy.historyCount} 次用过的密码相同`);
        break;
      }
    }
  }
  if (reasons.length > 0) return { ok: false, fieldErrors: { newPassword: reasons[0]! }, reasons };
  const newHash = await hashPassword(newPassword);
  const r = await changePasswordHash(
    client,
    { userId: user.id, username: user.username, newHash, historyCount: policy.historyCount, keepSessionId: who.sessionId },
    audit,
    now,
  );
  return { ok: true, otherSessionsEnded: r.otherSessionsEnded };
}

/**
 * The secret being enrolled: the pending one if there is one and it can be read, otherwise a new
 * one (stored sealed, not yet in force). Null when TOTP is already on.
 */
export async function startTotpEnrolment(client: Db, userId: string): Promise<string | null> {
  const user = await getUserById(client, userId);
  if (!user || user.totpEnabled) return null;
  const pending = user.totpSecret ? openTotpSecret(user.totpSecret, user.id) : null;
  if (pending) return pending;
  const secret = newTotpSecret();
  await setPendingTotpSecret(client, user.id, sealTotpSecret(secret, user.id));
  return secret;
}

const CodeSchema = z.string().max(20);

/** Confirms enrolment with a code from the app; TOTP is then required at every sign-in. */
export async function confirmTotpEnrolment(client: Db, userId: string, rawCode: unknown, audit: AuditContext, now: Date): Promise<{ ok: true } | { ok: false; message: string }> {
  const code = CodeSchema.safeParse(rawCode);
  const user = await getUserById(client, userId);
  if (!user || user.totpEnabled || !user.totpSecret) return { ok: false, message: '没有待确认的动态口令，请刷新页面重新开始' };
  const secret = openTotpSecret(user.totpSecret, user.id);
  const step = secret && code.success ? verifyTotpCode(secret, code.data, now, user.totpLastStep) : null;
  if (step === null) return { ok: false, message: '动态口令不正确。请确认手机时间准确，并输入验证器中当前显示的 6 位数字' };
  const ok = await enableTotp(client, { userId: user.id, username: user.username, step }, audit, now);
  return ok ? { ok: true } : { ok: false, message: '动态口令状态已变化，请刷新页面' };
}

/** Turns TOTP off; a current code is required, so a borrowed session alone cannot remove it. */
export async function removeTotp(client: Db, userId: string, rawCode: unknown, audit: AuditContext, now: Date): Promise<{ ok: true } | { ok: false; message: string }> {
  const code = CodeSchema.safeParse(rawCode);
  const user = await getUserById(client, userId);
  if (!user || !user.totpEnabled || !user.totpSecret) return { ok: false, message: '动态口令未启用' };
  const secret = openTotpSecret(user.totpSecret, user.id);
  const step = secret && code.success ? verifyTotpCode(secret, code.data, now, user.totpLastStep) : null;
  if (step === null) return { ok: false, message: '动态口令不正确或已使用' };
  const ok = await disableTotp(client, { userId: user.id, username: user.username, step }, audit, now);
  return ok ? { ok: true } : { ok: false, message: '动态口令不正确或已使用' };
}
