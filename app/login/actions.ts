'use server';
/**
 * Sign-in actions (public: no session yet). Each is throttled per client address, then goes through
 * lib/auth/login.ts, which records every attempt and answers every refusal with the same message.
 */
import { redirect } from 'next/navigation';
import { config } from '@/lib/config';
import { db, deleteSession, recordThrottledAttempt } from '@/lib/db';
import { clearSessionCookies, endPreviousSession, requestInfo, setSessionCookie } from '@/lib/auth/cookie';
import { currentUser } from '@/lib/auth/dal';
import { signInDemoUser, signInWithPassword, signInWithTotp } from '@/lib/auth/login';
import type { SignedIn } from '@/lib/auth/login';
import { homePathFor } from '@/lib/auth/permissions';
import { THROTTLED_MESSAGE, loginLimiter } from '@/lib/auth/throttle';
import { authError } from '@/components/auth/form-state';
import type { AuthFormState } from '@/components/auth/form-state';

function text(fd: FormData, name: string): string {
  const v = fd.get(name);
  return typeof v === 'string' ? v : '';
}

/** Null when allowed; otherwise the form state to return (the first refusal of a window is recorded). */
async function throttled(usernameTyped: string, info: Awaited<ReturnType<typeof requestInfo>>, now: Date): Promise<AuthFormState | null> {
  const d = loginLimiter().take(info.throttleKey, now);
  if (d.allowed) return null;
  if (d.firstRefusal) await recordThrottledAttempt(db(), usernameTyped, info.clientIp, now);
  return authError(`${THROTTLED_MESSAGE}（约 ${d.retryAfterSec} 秒后）`, {}, { username: usernameTyped.slice(0, 64) });
}

async function finish(r: SignedIn, throttleKey: string, now: Date): Promise<never> {
  loginLimiter().refund(throttleKey, now);
  await endPreviousSession(now);
  await setSessionCookie(r.token, r.expiresAt, r.admin);
  if (r.next === 'totp') redirect('/login/totp');
  redirect(r.mustChangePassword ? '/account/password' : homePathFor(r.roles));
}

// POST /login – username and password
export async function loginAction(_prev: AuthFormState, fd: FormData): Promise<AuthFormState> {
  const now = new Date();
  const username = text(fd, 'username');
  const info = await requestInfo();
  const limited = await throttled(username, info, now);
  if (limited) return limited;
  const r = await signInWithPassword(db(), { username: fd.get('username'), password: fd.get('password'), ...info }, now);
  if (r.ok) return finish(r, info.throttleKey, now);
  if (r.code === 'invalid_input') return authError(null, r.fieldErrors, { username: username.slice(0, 64) });
  return authError(r.message, {}, { username: username.slice(0, 64) });
}

// POST /login – a demo account's button (demo mode only)
export async function demoLoginAction(_prev: AuthFormState, fd: FormData): Promise<AuthFormState> {
  const now = new Date();
  const info = await requestInfo();
  const limited = await throttled(text(fd, 'username'), info, now);
  if (limited) return limited;
  const r = await signInDemoUser(db(), { username: fd.get('username'), demoEnabled: config().demo.enabled, ...info }, now);
  if (r.ok) return finish(r, info.throttleKey, now);
  return authError('演示账号不可用（演示模式未开启或账号已停用）');
}

// POST /login/totp – the code of a pending sign-in
export async function totpAction(_prev: AuthFormState, fd: FormData): Promise<AuthFormState> {
  const now = new Date();
  const cur = await currentUser();
  if (cur.state === 'signed_in') redirect(homePathFor(cur.actor.roles));
  if (cur.state !== 'mfa_pending') redirect('/login');
  const info = await requestInfo();
  const limited = await throttled(cur.user.username, info, now);
  if (limited) return limited;
  const r = await signInWithTotp(db(), { pending: { sessionId: cur.sessionId, user: cur.user }, code: fd.get('code'), ...info }, now);
  if (r.ok) return finish(r, info.throttleKey, now);
  if (r.code === 'expired') {
    await clearSessionCookies();
    redirect('/login');
  }
  return authError(null, { code: r.message });
}

// POST /login/totp – give up the pending sign-in
export async function cancelTotpAction(): Promise<void> {
  const cur = await currentUser();
  if (cur.state === 'mfa_pending') await deleteSession(db(), cur.sessionId);
  await clearSessionCookies();
  redirect('/login');
}
