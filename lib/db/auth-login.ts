/**
 * Sign-in, lockout, password change and TOTP writes (issue 6; TESTPLAN S8–S12). Each function is one
 * transaction that holds the write lock and writes its audit row inside it (fail closed: no audit
 * row, no session and no change). Callers pass `now`, so lockout is tested with a fake clock.
 */
import type { Db } from './client';
import { appendAuditInTx } from './audit';
import type { AuditContext } from './audit';
import { takeWriteLock } from './dialect';
import { TX_OPTIONS } from './sources';
import type { SessionRecord } from './auth';

/** Why an attempt failed (LoginAttempt.reason). Only bad_password and totp_failed count towards lockout. */
export type LoginFailureReason = 'bad_password' | 'unknown_user' | 'locked' | 'disabled' | 'no_password' | 'totp_failed' | 'throttled';

export const LOCKOUT_COUNTED_REASONS: readonly LoginFailureReason[] = ['bad_password', 'totp_failed'];

const ATTEMPT_USERNAME_MAX = 64;

/** As typed, lower case, control characters replaced, cut to 64 characters (LoginAttempt.username). */
export function attemptUsername(typed: string): string {
   
  return [...typed.trim().toLowerCase().replace(/[\u0000-\u001f\u007f]/g, '\ufffd')].slice(0, ATTEMPT_USERNAME_MAX).join('');
}

export interface LockoutRule {
  lockoutThreshold: number;
  lockoutWindowMinutes: number;
  lockoutMinutes: number;
}

export interface LoginFailure {
  usernameTyped: string;
  userId: string | null;
  clientIp: string | null;
  reason: LoginFailureReason;
  /** The account name shown in the audit row (objectId). */
  auditObject: string;
}

/**
 * Records a failed attempt and its audit row; for a counted failure of a known account, counts the
 * failures since max(now − window, failuresSince, lastSuccessAt) and locks the account at the
 * threshold (audited in the same transaction). Returns whether this attempt locked it.
 */
export async function recordLoginFailure(
  client: Db,
  f: LoginFailure,
  rule: LockoutRule,
  audit: AuditContext,
  now: Date,
): Promise<{ locked: boolean; failures: number }> {
  return client.$transaction(async (tx) => {
    await takeWriteLock(tx);
    await tx.loginAttempt.create({
      data: { at: now, username: attemptUsername(f.usernameTyped), userId: f.userId, clientIp: f.clientIp, success: false, reason: f.reason },
    });
    await appendAuditInTx(tx, audit, {
      action: 'auth.login_failed',
      objectType: 'user',
      objectId: f.auditObject,
      result: 'failed',
      reason: f.reason,
      at: now,
    });
    if (!f.userId || !LOCKOUT_COUNTED_REASONS.includes(f.reason)) return { locked: false, failures: 0 };
    const user = await tx.user.findUnique({ where: { id: f.userId }, select: { lockedUntil: true, failuresSince: true, lastSuccessAt: true } });
    if (!user) return { locked: false, failures: 0 };
    if (user.lockedUntil && user.lockedUntil.getTime() > now.getTime()) return { locked: false, failures: 0 };
    const since = Math.max(
      now.getTime() - rule.lockoutWindowMinutes * 60_000,
      user.failuresSince?.getTime() ?? 0,
      user.lastSuccessAt?.getTime() ?? 0,
    );
    const failures = await tx.loginAttempt.count({
      where: { userId: f.userId, success: false, reason: { in: [...LOCKOUT_COUNTED_REASONS] }, at: { gte: new Date(since) } },
    });
    if (failures < rule.lockoutThreshold) return { locked: false, failures };
    const lockedUntil = new Date(now.getTime() + rule.lockoutMinutes * 60_000);
    // Counting starts afresh when the lock ends, whatever the window, so one more slip does not re-lock at once.
    await tx.user.update({ where: { id: f.userId }, data: { lockedUntil, failuresSince: lockedUntil } });
    // A locked account keeps no half-finished TOTP step either.
    await tx.session.deleteMany({ where: { userId: f.userId, stage: 'mfa' } });
    await appendAuditInTx(tx, audit, {
      action: 'auth.lockout',
      objectType: 'user',
      objectId: f.auditObject,
      result: 'denied',
      reason: `${rule.lockoutWindowMinutes} 分钟内连续失败 ${failures} 次，锁定 ${rule.lockoutMinutes} 分钟`,
      detail: { failures, lockedUntil: lockedUntil.toISOString() },
      at: now,
    });
    return { locked: true, failures };
  }, TX_OPTIONS);
}

/** A throttled attempt (recorded once per window and address, not once per request). */
export async function recordThrottledAttempt(client: Db, usernameTyped: string, clientIp: string | null, now: Date): Promise<void> {
  await client.loginAttempt.create({
    data: { at: now, username: attemptUsername(usernameTyped), userId: null, clientIp, success: false, reason: 'throttled' },
  });
}

class TotpReplayError extends Error {}

export type SignInWriteResult = { ok: true } | { ok: false; reason: 'locked' | 'disabled' | 'gone' | 'replayed' };

async function accountRefusal(
  tx: Pick<Db, 'user'>,
  userId: string,
  now: Date,
): Promise<'locked' | 'disabled' | 'gone' | null> {
  const u = await tx.user.findUnique({ where: { id: userId }, select: { status: true, lockedUntil: true } });
  if (!u) return 'gone';
  if (u.status !== 'active') return 'disabled';
  if (u.lockedUntil && u.lockedUntil.getTime() > now.getTime()) return 'locked';
  return null;
}

/**
 * A password accepted. With `session.stage === 'full'`: records the success, resets failure
 * counting, stores a re-hash if given, inserts the session and audits `auth.login`, all or nothing.
 * With stage 'mfa' only the pending session is stored (the sign-in is audited when the code is
 * accepted). The account is re-checked inside the transaction (locked or disabled meanwhile).
 */
export async function recordPasswordSignIn(
  client: Db,
  s: { userId: string; username: string; usernameTyped: string; clientIp: string | null; session: SessionRecord; rehash: string | null; detail?: Record<string, unknown> },
  audit: AuditContext,
  now: Date,
): Promise<SignInWriteResult> {
  return client.$transaction(async (tx) => {
    await takeWriteLock(tx);
    const refusal = await accountRefusal(tx, s.userId, now);
    if (refusal) return { ok: false as const, reason: refusal };
    if (s.rehash) await tx.user.update({ where: { id: s.userId }, data: { passwordHash: s.rehash } });
    await tx.session.create({ data: s.session });
    if (s.session.stage !== 'full') return { ok: true as const };
    await tx.loginAttempt.create({
      data: { at: now, username: attemptUsername(s.usernameTyped), userId: s.userId, clientIp: s.clientIp, success: true, reason: null },
    });
    await tx.user.update({ where: { id: s.userId }, data: { lastSuccessAt: now, failuresSince: now, lockedUntil: null } });
    await appendAuditInTx(tx, audit, { action: 'auth.login', objectType: 'user', objectId: s.username, detail: s.detail ?? null, at: now });
    return { ok: true as const };
  }, TX_OPTIONS);
}

/**
 * The TOTP code of a pending sign-in accepted: the pending session is replaced by a full one, the
 * code's step is stored (only a later step is accepted next time) and `auth.login` audited, together.
 */
export async function completeTotpSignIn(
  client: Db,
  s: { pendingSessionId: string; userId: string; username: string; clientIp: string | null; step: number; session: SessionRecord },
  audit: AuditContext,
  now: Date,
): Promise<SignInWriteResult> {
  return client.$transaction(async (tx) => {
    await takeWriteLock(tx);
    const refusal = await accountRefusal(tx, s.userId, now);
    if (refusal) return { ok: false as const, reason: refusal };
    const pending = await tx.session.deleteMany({ where: { id: s.pendingSessionId, userId: s.userId, stage: 'mfa' } });
    if (pending.count !== 1) return { ok: false as const, reason: 'gone' as const };
    const stepTaken = await tx.user.updateMany({
      where: { id: s.userId, OR: [{ totpLastStep: null }, { totpLastStep: { lt: s.step } }] },
      data: { totpLastStep: s.step, lastSuccessAt: now, failuresSince: now, lockedUntil: null },
    });
    // Another request used this code first: nothing of this one is kept (the pending row comes back too).
    if (stepTaken.count !== 1) throw new TotpReplayError();
    await tx.session.create({ data: s.session });
    await tx.loginAttempt.create({
      data: { at: now, username: attemptUsername(s.username), userId: s.userId, clientIp: s.clientIp, success: true, reason: null },
    });
    await appendAuditInTx(tx, audit, { action: 'auth.login', objectType: 'user', objectId: s.username, detail: { secondFactor: 'totp' }, at: now });
    return { ok: true as const };
  }, TX_OPTIONS).catch((e: unknown) => {
    if (e instanceof TotpReplayError) return { ok: false as const, reason: 'replayed' as const };
    throw e;
  });
}


/** The stored password hashes of an account, newest first: current, then history. */
export async function getPasswordHashes(client: Db, userId: string): Promise<{ current: string | null; history: string[] }> {
  const u = await client.user.findUnique({
    where: { id: userId },
    select: { passwordHash: true, passwordHistory: { select: { hash: true }, orderBy: { id: 'desc' } } },
  });
  return { current: u?.passwordHash ?? null, history: u?.passwordHistory.map((h) => h.hash) ?? [] };
}

/**
 * Sets a new password hash. The old one joins the history (trimmed to `historyCount`), the change
 * date is set, the forced change is cleared, every other session of the account ends, and the
 * change is audited, together.
 */
export async function changePasswordHash(
  client: Db,
  c: { userId: string; username: string; newHash: string; historyCount: number; keepSessionId: string | null },
  audit: AuditContext,
  now: Date,
): Promise<{ otherSessionsEnded: number }> {
  return client.$transaction(async (tx) => {
    await takeWriteLock(tx);
    const u = await tx.user.findUniqueOrThrow({ where: { id: c.userId }, select: { passwordHash: true, mustChangePassword: true } });
    if (u.passwordHash && c.historyCount > 0) {
      await tx.passwordHistory.create({ data: { userId: c.userId, hash: u.passwordHash, createdAt: now } });
    }
    const keep = await tx.passwordHistory.findMany({ where: { userId: c.userId }, select: { id: true }, orderBy: { id: 'desc' }, take: c.historyCount });
    await tx.passwordHistory.deleteMany({ where: { userId: c.userId, id: { notIn: keep.map((k) => k.id) } } });
    await tx.user.update({ where: { id: c.userId }, data: { passwordHash: c.newHash, passwordChangedAt: now, mustChangePassword: false } });
    const ended = await tx.session.deleteMany({
      where: c.keepSessionId ? { userId: c.userId, id: { not: c.keepSessionId } } : { userId: c.userId },
    });
    await appendAuditInTx(tx, audit, {
      action: 'auth.password_change',
      objectType: 'user',
      objectId: c.username,
      detail: { forced: u.mustChangePassword, otherSessionsEnded: ended.count },
      at: now,
    });
    return { otherSessionsEnded: ended.count };
  }, TX_OPTIONS);
}

/** Stores a TOTP secret being enrolled (sealed); not in force until a code confirms it. */
export async function setPendingTotpSecret(client: Db, userId: string, sealedSecret: string): Promise<void> {
  await client.user.updateMany({ where: { id: userId, totpEnabled: false }, data: { totpSecret: sealedSecret, totpLastStep: null } });
}

/** Turns TOTP on after the first code was accepted (its step stored, so it cannot be replayed). */
export async function enableTotp(client: Db, e: { userId: string; username: string; step: number }, audit: AuditContext, now: Date): Promise<boolean> {
  return client.$transaction(async (tx) => {
    await takeWriteLock(tx);
    const r = await tx.user.updateMany({
      where: { id: e.userId, totpEnabled: false, totpSecret: { not: null } },
      data: { totpEnabled: true, totpLastStep: e.step },
    });
    if (r.count !== 1) return false;
    await appendAuditInTx(tx, audit, { action: 'auth.totp_enable', objectType: 'user', objectId: e.username, at: now });
    return true;
  }, TX_OPTIONS);
}

/** Turns TOTP off and forgets the secret. */
export async function disableTotp(client: Db, d: { userId: string; username: string; step: number }, audit: AuditContext, now: Date): Promise<boolean> {
  return client.$transaction(async (tx) => {
    await takeWriteLock(tx);
    const r = await tx.user.updateMany({
      where: { id: d.userId, totpEnabled: true, OR: [{ totpLastStep: null }, { totpLastStep: { lt: d.step } }] },
      data: { totpEnabled: false, totpSecret: null, totpLastStep: null },
    });
    if (r.count !== 1) return false;
    await appendAuditInTx(tx, audit, { action: 'auth.totp_disable', objectType: 'user', objectId: d.username, at: now });
    return true;
  }, TX_OPTIONS);
}

