/**
 * The session cookie, set and cleared from server actions. `__Host-` + Secure over HTTPS (or on
 * localhost), HttpOnly, Path=/, SameSite=Lax for business accounts and Strict for the three
 * administrators (TESTPLAN S13); it expires with the session's absolute limit.
 */
import { randomUUID } from 'node:crypto';
import { cookies, headers } from 'next/headers';
import { clientIpFrom } from '@/lib/audit/context';
import { config } from '@/lib/config';
import { db } from '@/lib/db';
import { PLAIN_SESSION_COOKIE, SECURE_SESSION_COOKIE, isSecureContext, sessionCookieName } from './dal';
import type { RequestInfo } from './login';
import { deleteSession, validateSessionToken } from './session';
import { throttleKeyFrom } from './throttle';

export async function setSessionCookie(token: string, expires: Date, admin: boolean): Promise<void> {
  const secure = isSecureContext(await headers(), config().audit.trustProxy);
  const jar = await cookies();
  jar.set(sessionCookieName(secure), token, { httpOnly: true, secure, sameSite: admin ? 'strict' : 'lax', path: '/', expires });
  // Never two session cookies side by side (one from an earlier plain-HTTP visit, say).
  const other = secure ? PLAIN_SESSION_COOKIE : SECURE_SESSION_COOKIE;
  if (jar.get(other)) jar.delete({ name: other, path: '/', secure: other === SECURE_SESSION_COOKIE });
}

export async function clearSessionCookies(): Promise<void> {
  const jar = await cookies();
  if (jar.get(SECURE_SESSION_COOKIE)) jar.delete({ name: SECURE_SESSION_COOKIE, path: '/', secure: true });
  if (jar.get(PLAIN_SESSION_COOKIE)) jar.delete({ name: PLAIN_SESSION_COOKIE, path: '/' });
}

/** The session cookie value the request carries, if any. */
export async function sessionCookieValue(): Promise<string | undefined> {
  const jar = await cookies();
  return jar.get(SECURE_SESSION_COOKIE)?.value ?? jar.get(PLAIN_SESSION_COOKIE)?.value;
}

/**
 * Signing in again in a browser that still holds a live session ends that session first, so one
 * browser never keeps two (a planted or stale value is not a session and is simply replaced).
 */
export async function endPreviousSession(now: Date): Promise<void> {
  const value = await sessionCookieValue();
  if (!value) return;
  const check = await validateSessionToken(db(), value, now);
  if (check.ok) await deleteSession(db(), check.session.id);
}

/** Address, browser and a fresh request id of the current request, for sign-in records. */
export async function requestInfo(): Promise<RequestInfo & { throttleKey: string }> {
  const h = await headers();
  const trustProxy = config().audit.trustProxy;
  return {
    clientIp: clientIpFrom(h, trustProxy),
    userAgent: h.get('user-agent'),
    requestId: randomUUID(),
    throttleKey: throttleKeyFrom(h, trustProxy),
  };
}
