/**
 * The data access layer's gate (Next's "DAL" pattern): every page, route handler and server action
 * starts with requireUser / requirePermission / guardRoute. proxy.ts only checks that a cookie is
 * present; the decision is made here, on the session row and the roles read fresh from the database,
 * so a role change or a disabled account takes effect on the next request.
 */
import { randomUUID } from 'node:crypto';
import { cache } from 'react';
import { cookies, headers } from 'next/headers';
import { forbidden, redirect } from 'next/navigation';
import { clientIpFrom } from '@/lib/audit/context';
import { config } from '@/lib/config';
import { accountActor } from '@/lib/settings/actor';
import { appendAudit, db, getSecurityPolicy } from '@/lib/db';
import type { AuditContext, UserRecord } from '@/lib/db';
import { can, homePathFor } from './permissions';
import type { Permission } from './permissions';
import { passwordExpired } from './policy';
import { auditRoleText, isAdminRole } from './roles';
import type { Role } from './roles';
import { validateSessionToken } from './session';

/** `__Host-` binds the cookie to this host over HTTPS (or localhost); plain HTTP gets the plain name. */
export const SECURE_SESSION_COOKIE = '__Host-som_session';
export const PLAIN_SESSION_COOKIE = 'som_session';

export interface Actor {
  readonly userId: string;
  readonly username: string;
  readonly name: string;
  readonly roles: readonly Role[];
  readonly demo: boolean;
  readonly sessionId: string;
}

type Headers = Pick<globalThis.Headers, 'get'>;

/**
 * Whether the browser will keep a Secure cookie: HTTPS (as a trusted proxy reports it) or a loopback
 * host, which browsers treat as a secure context.
 */
export function isSecureContext(h: Headers, trustProxy: boolean): boolean {
  if (trustProxy && h.get('x-forwarded-proto')?.split(',')[0]?.trim() === 'https') return true;
  const host = (h.get('host') ?? '').toLowerCase().replace(/:\d+$/, '');
  return host === 'localhost' || host === '127.0.0.1' || host === '[::1]';
}

export function sessionCookieName(secure: boolean): string {
  return secure ? SECURE_SESSION_COOKIE : PLAIN_SESSION_COOKIE;
}

/** The audit context of a signed-in person's request. */
export function auditContextOf(actor: Pick<Actor, 'username' | 'roles'>, h: Headers): AuditContext {
  return {
    actor: accountActor(actor.username),
    role: auditRoleText(actor.roles),
    clientIp: clientIpFrom(h, config().audit.trustProxy),
    requestId: randomUUID(),
  };
}

export async function actorAuditContext(actor: Actor): Promise<AuditContext> {
  return auditContextOf(actor, await headers());
}

export type CurrentUser =
  | { state: 'signed_out' }
  | { state: 'mfa_pending'; user: UserRecord; sessionId: string }
  | { state: 'signed_in'; actor: Actor; user: UserRecord; mustChangePassword: boolean; mustEnrolTotp: boolean };

/** The current request's session, checked once per request (React cache). */
export const currentUser = cache(async (): Promise<CurrentUser> => {
  const jar = await cookies();
  const value = jar.get(SECURE_SESSION_COOKIE)?.value ?? jar.get(PLAIN_SESSION_COOKIE)?.value;
  if (!value) return { state: 'signed_out' };
  const h = await headers();
  const client = db();
  const check = await validateSessionToken(client, value, new Date(), (u) => auditContextOf({ username: u.username, roles: u.roles }, h));
  if (!check.ok) return { state: 'signed_out' };
  const { user, session } = check;
  // Demo accounts exist only for demo mode: switching it off shuts them out at once.
  if (user.demo && !config().demo.enabled) return { state: 'signed_out' };
  if (session.stage === 'mfa') return { state: 'mfa_pending', user, sessionId: session.id };
  const policy = await getSecurityPolicy(client);
  const now = new Date();
  const mustChangePassword =
    !user.demo && (user.mustChangePassword || passwordExpired(user.passwordChangedAt, user.createdAt, policy, now));
  const mustEnrolTotp = !user.demo && policy.adminTotpRequired && user.roles.some(isAdminRole) && !user.totpEnabled;
  const actor: Actor = { userId: user.id, username: user.username, name: user.name, roles: user.roles, demo: user.demo, sessionId: session.id };
  return { state: 'signed_in', actor, user, mustChangePassword, mustEnrolTotp };
});

/**
 * The signed-in person, or a redirect: to /login when signed out, to the TOTP step when it is due,
 * to /account/password when the password must be changed first (only the account pages pass
 * `allowPending`).
 */
export async function requireUser(opts: { allowPending?: boolean } = {}): Promise<Actor> {
  const cur = await currentUser();
  if (cur.state === 'signed_out') redirect('/login');
  if (cur.state === 'mfa_pending') redirect('/login/totp');
  if (!opts.allowPending) {
    if (cur.mustChangePassword) redirect('/account/password');
    if (cur.mustEnrolTotp) redirect('/account/totp');
  }
  return cur.actor;
}

async function recordDenial(actor: Actor, permission: Permission): Promise<void> {
  const h = await headers();
  const path = h.get('x-som-path') ?? h.get('next-url') ?? null;
  await appendAudit(db(), auditContextOf(actor, h), {
    action: 'authz.denied',
    objectType: 'permission',
    objectId: permission,
    result: 'denied',
    detail: path ? { path: path.slice(0, 200) } : null,
  });
}

/** The signed-in person if they hold `permission`; otherwise the denial is recorded and 403 shown. */
export async function requirePermission(permission: Permission): Promise<Actor> {
  const actor = await requireUser();
  if (!can(actor.roles, permission)) {
    await recordDenial(actor, permission);
    forbidden();
  }
  return actor;
}

/** Whether the signed-in person (if any) holds `permission`; for showing or hiding controls only. */
export async function hasPermission(permission: Permission): Promise<boolean> {
  const cur = await currentUser();
  return cur.state === 'signed_in' && can(cur.actor.roles, permission);
}

/**
 * For route handlers: the actor, or the JSON response to return (401 signed out or pending, 403
 * without the permission; the denial is recorded).
 */
export async function guardRoute(permission: Permission): Promise<{ actor: Actor } | { response: Response }> {
  const cur = await currentUser();
  if (cur.state !== 'signed_in' || cur.mustChangePassword || cur.mustEnrolTotp) {
    return { response: Response.json({ error: { code: 'unauthenticated', message: '请先登录' } }, { status: 401 }) };
  }
  if (!can(cur.actor.roles, permission)) {
    await recordDenial(cur.actor, permission);
    return { response: Response.json({ error: { code: 'forbidden', message: '没有权限' } }, { status: 403 }) };
  }
  return { actor: cur.actor };
}

/** Where a signed-in person lands by default. */
export function homeOf(actor: Pick<Actor, 'roles'>): string {
  return homePathFor(actor.roles);
}
