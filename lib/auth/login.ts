/**
 * Signing in (TESTPLAN S8, S9; MLPS 8.1.4.1 b): username and password, then the TOTP code when the
 * account has one. Plain functions with `now` passed in; app/login/actions.ts sets the cookie.
 *
 * - Every refusal says the same thing, "用户名或密码错误", and costs the same argon2 work, whether the
 *   account is unknown, disabled, locked, a demo account or the password is wrong: nothing tells an
 *   attacker which accounts exist or that one is locked. The real reason is recorded
 *   (LoginAttempt, audit `auth.login_failed`).
 * - Failures counted since max(now − window, failuresSince, lastSuccessAt) lock the account at the
 *   policy's threshold for `lockoutMinutes` (audit `auth.lockout`, same transaction). A lock in the
 *   past is no lock.
 * - A success writes its audit row in the same transaction as the session (fail closed).
 */
import { z } from 'zod';
import {
  completeTotpSignIn,
  findUserByUsername,
  getSecurityPolicy,
  recordLoginFailure,
  recordPasswordSignIn,
} from '@/lib/db';
import type { AuditContext, Db, LoginFailureReason, SessionRecord, UserRecord } from '@/lib/db';
import { hashPassword, needsRehash, verifyDummy, verifyPassword } from './password';
import { auditRoleText, isAdminRole } from './roles';
import { accountActor } from '@/lib/settings/actor';
import type { Role } from './roles';
import { newSessionRecord } from './session';
import type { SessionStage } from './session';
import { normaliseCode, openTotpSecret, verifyTotpCode } from './totp';

export const GENERIC_LOGIN_ERROR = '用户名或密码错误';
export const GENERIC_TOTP_ERROR = '动态口令错误或已使用，请输入验证器中当前显示的 6 位数字';

export const CredentialsSchema = z.object({
  username: z.string().trim().min(1, '请输入用户名').max(64, '用户名最多 64 个字符'),
  password: z.string().min(1, '请输入密码').max(256, '密码最多 256 个字符'),
});

export interface RequestInfo {
  /** As a trusted proxy reports it, or null (audit and LoginAttempt). */
  clientIp: string | null;
  userAgent: string | null;
  requestId: string;
}

export interface SignedIn {
  ok: true;
  /** `totp`: the password was right, the code is due next (the session is only a pending one). */
  next: 'home' | 'totp';
  token: string;
  expiresAt: Date;
  userId: string;
  roles: Role[];
  /** Administrators' cookies are SameSite=Strict. */
  admin: boolean;
  mustChangePassword: boolean;
}

export type SignInResult =
  | SignedIn
  | { ok: false; code: 'invalid_input'; fieldErrors: Partial<Record<'username' | 'password', string>> }
  | { ok: false; code: 'refused'; message: string };

/** Who the audit row names before anyone is signed in: what was typed, cut to 64 characters. */
export function anonAuditContext(typedUsername: string, req: RequestInfo): AuditContext {
   
  const typed = [...typedUsername.replace(/[\u0000-\u001f\u007f]/g, '\ufffd')].slice(0, 64).join('');
  return { actor: `anon:${typed}`, role: null, clientIp: req.clientIp, requestId: req.requestId };
}

export function userAuditContext(user: Pick<UserRecord, 'username' | 'roles'>, req: RequestInfo): AuditContext {
  return { actor: accountActor(user.username), role: auditRoleText(user.roles), clientIp: req.clientIp, requestId: req.requestId };
}


function refused(): SignInResult {
  return { ok: false, code: 'refused', message: GENERIC_LOGIN_ERROR };
}

function signedIn(user: UserRecord, d: { token: string; session: SessionRecord }, next: SignedIn['next']): SignedIn {
  return {
    ok: true,
    next,
    token: d.token,
    expiresAt: d.session.expiresAt,
    userId: user.id,
    roles: user.roles,
    admin: user.roles.some(isAdminRole),
    mustChangePassword: user.mustChangePassword,
  };
}

function refusalReason(user: UserRecord | null, now: Date): LoginFailureReason | null {
  if (!user) return 'unknown_user';
  if (user.status !== 'active') return 'disabled';
  if (user.lockedUntil && user.lockedUntil.getTime() > now.getTime()) return 'locked';
  if (!user.passwordHash) return 'no_password';
  return null;
}

/** Checks a username and password; on success a session (full, or pending the TOTP code) is stored. */
export async function signInWithPassword(
  client: Db,
  input: { username: unknown; password: unknown } & RequestInfo,
  now: Date,
): Promise<SignInResult> {
  const parsed = CredentialsSchema.safeParse({ username: input.username, password: input.password });
  if (!parsed.success) {
    const fieldErrors: Partial<Record<'username' | 'password', string>> = {};
    for (const issue of parsed.error.issues) {
      const key = issue.path[0];
      if (key === 'username' || key === 'password') fieldErrors[key] ??= issue.message;
    }
    return { ok: false, code: 'invalid_input', fieldErrors };
  }
  const { username, password } = parsed.data;
  const req: RequestInfo = { clientIp: input.clientIp, userAgent: input.userAgent, requestId: input.requestId };
  const [user, policy] = await Promise.all([findUserByUsername(client, username), getSecurityPolicy(client)]);

  const early = refusalReason(user, now);
  const passwordOk = early ? await verifyDummy(password) : await verifyPassword(user!.passwordHash!, password);
  if (!user || early || !passwordOk) {
    await recordLoginFailure(
      client,
      { usernameTyped: username, userId: user?.id ?? null, clientIp: req.clientIp, reason: early ?? 'bad_password', auditObject: user?.username ?? username.slice(0, 64) },
      policy,
      anonAuditContext(username, req),
      now,
    );
    return refused();
  }

  const rehash = needsRehash(user.passwordHash!) ? await hashPassword(password) : null;
  const stage: SessionStage = user.totpEnabled ? 'mfa' : 'full';
  const draft = newSessionRecord(user, { stage, clientIp: req.clientIp, userAgent: req.userAgent }, policy, now);
  const written = await recordPasswordSignIn(
    client,
    { userId: user.id, username: user.username, usernameTyped: username, clientIp: req.clientIp, session: draft.session, rehash },
    userAuditContext(user, req),
    now,
  );
  // Locked or disabled between the check and the write: the same answer as any refusal.
  if (!written.ok) return refused();
  return signedIn(user, draft, stage === 'mfa' ? 'totp' : 'home');
}

export type TotpSignInResult = SignedIn | { ok: false; code: 'invalid_input' | 'refused' | 'expired'; message: string };

/**
 * The second step: the code for the pending session's account. A wrong code counts towards
 * lockout like a wrong password; a used one (replay) is refused.
 */
export async function signInWithTotp(
  client: Db,
  input: { pending: { sessionId: string; user: UserRecord }; code: unknown } & RequestInfo,
  now: Date,
): Promise<TotpSignInResult> {
  const code = z.string().max(20).safeParse(input.code);
  if (!code.success || normaliseCode(code.data) === null) return { ok: false, code: 'invalid_input', message: '请输入 6 位数字动态口令' };
  const req: RequestInfo = { clientIp: input.clientIp, userAgent: input.userAgent, requestId: input.requestId };
  const { user, sessionId } = input.pending;
  const policy = await getSecurityPolicy(client);
  const secret = user.totpEnabled && user.totpSecret ? openTotpSecret(user.totpSecret, user.id) : null;
  const step = secret ? verifyTotpCode(secret, code.data, now, user.totpLastStep) : null;
  const locked = user.lockedUntil !== null && user.lockedUntil.getTime() > now.getTime();
  if (step === null || locked || user.status !== 'active') {
    await recordLoginFailure(
      client,
      { usernameTyped: user.username, userId: user.id, clientIp: req.clientIp, reason: locked ? 'locked' : 'totp_failed', auditObject: user.username },
      policy,
      anonAuditContext(user.username, req),
      now,
    );
    return { ok: false, code: 'refused', message: GENERIC_TOTP_ERROR };
  }
  const draft = newSessionRecord(user, { stage: 'full', clientIp: req.clientIp, userAgent: req.userAgent }, policy, now);
  const written = await completeTotpSignIn(
    client,
    { pendingSessionId: sessionId, userId: user.id, username: user.username, clientIp: req.clientIp, step, session: draft.session },
    userAuditContext(user, req),
    now,
  );
  if (!written.ok) {
    if (written.reason === 'replayed') return { ok: false, code: 'refused', message: GENERIC_TOTP_ERROR };
    return { ok: false, code: 'expired', message: '登录已失效，请重新输入用户名和密码' };
  }
  return signedIn(user, draft, 'home');
}

/**
 * Demo mode only: the demo account signs in without a password. Refused (generically) unless demo
 * mode is on and the account is an active demo account.
 */
export async function signInDemoUser(
  client: Db,
  input: { username: unknown; demoEnabled: boolean } & RequestInfo,
  now: Date,
): Promise<SignInResult> {
  const name = z.string().trim().min(1).max(64).safeParse(input.username);
  if (!input.demoEnabled || !name.success) return refused();
  const req: RequestInfo = { clientIp: input.clientIp, userAgent: input.userAgent, requestId: input.requestId };
  const [user, policy] = await Promise.all([findUserByUsername(client, name.data), getSecurityPolicy(client)]);
  if (!user || !user.demo || user.status !== 'active' || user.roles.some(isAdminRole)) {
    await recordLoginFailure(
      client,
      { usernameTyped: name.data, userId: user?.id ?? null, clientIp: req.clientIp, reason: user ? 'no_password' : 'unknown_user', auditObject: user?.username ?? name.data },
      policy,
      anonAuditContext(name.data, req),
      now,
    );
    return refused();
  }
  const draft = newSessionRecord(user, { stage: 'full', clientIp: req.clientIp, userAgent: req.userAgent }, policy, now);
  const written = await recordPasswordSignIn(
    client,
    { userId: user.id, username: user.username, usernameTyped: name.data, clientIp: req.clientIp, session: draft.session, rehash: null, detail: { demo: true } },
    userAuditContext(user, req),
    now,
  );
  if (!written.ok) return refused();
  return signedIn(user, draft, 'home');
}
