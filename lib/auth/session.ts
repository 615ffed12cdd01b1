/**
 * Server-side sessions, after the Lucia guide (lucia-auth.com/sessions/basic, /inactivity-timeout):
 * the cookie holds `<id>.<secret>`, the database only SHA-256(secret), compared in constant time.
 * A session ends at its absolute limit (never extended) or after its idle limit without a request,
 * and its row is then deleted. Functions take `now` so timeouts are tested with a fake clock.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { deleteSession, getSessionWithUser, insertSession, touchSession } from '@/lib/db';
import type { AuditContext, Db, SessionRecord, UserRecord } from '@/lib/db';
import type { SecurityPolicy } from './policy';
import { isAdminRole } from './roles';

export type SessionStage = 'mfa' | 'full';

/** Sessions still waiting for the TOTP code live this long at most. */
export const MFA_STAGE_SECONDS = 5 * 60;

function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

function token(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

export interface NewSession {
  token: string;
  session: SessionRecord;
}

/** Idle limit for this user under the policy: administrators get the shorter one. */
export function idleSecondsFor(user: Pick<UserRecord, 'roles'>, policy: SecurityPolicy): number {
  return (user.roles.some(isAdminRole) ? policy.adminIdleMinutes : policy.idleMinutes) * 60;
}

/**
 * A new session's cookie token and row, not yet stored: the sign-in inserts it inside its own
 * transaction together with the audit row (lib/db/auth-login.ts).
 */
export function newSessionRecord(
  user: Pick<UserRecord, 'id' | 'roles'>,
  opts: { stage: SessionStage; clientIp: string | null; userAgent: string | null },
  policy: SecurityPolicy,
  now: Date,
): NewSession {
  const id = token(18);
  const secret = token(32);
  const mfa = opts.stage === 'mfa';
  const session: SessionRecord = {
    id,
    secretHash: hashSecret(secret),
    userId: user.id,
    stage: opts.stage,
    createdAt: now,
    expiresAt: new Date(now.getTime() + (mfa ? MFA_STAGE_SECONDS * 1000 : policy.absoluteHours * 3_600_000)),
    lastActiveAt: now,
    idleTimeoutSec: mfa ? MFA_STAGE_SECONDS : idleSecondsFor(user, policy),
    clientIp: opts.clientIp,
    userAgent: opts.userAgent ? opts.userAgent.slice(0, 300) : null,
  };
  return { token: `${id}.${secret}`, session };
}

/** Creates and stores a session on its own (tests, tools); sign-in uses newSessionRecord in its transaction. */
export async function createSession(
  client: Db,
  user: Pick<UserRecord, 'id' | 'roles'>,
  opts: { stage: SessionStage; clientIp: string | null; userAgent: string | null },
  policy: SecurityPolicy,
  now: Date,
): Promise<NewSession> {
  const created = newSessionRecord(user, opts, policy, now);
  await insertSession(client, created.session);
  return created;
}

export type SessionCheck =
  | { ok: true; session: SessionRecord; user: UserRecord }
  | { ok: false; reason: 'missing' | 'invalid' | 'expired' | 'idle' | 'disabled' };

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{16,64}\.[A-Za-z0-9_-]{32,64}$/;

/**
 * The session behind a cookie value, or why there is none. An expired or idle session is deleted
 * (and recorded when `audit` is given); a live one is marked active.
 */
export async function validateSessionToken(
  client: Db,
  cookieValue: string | undefined,
  now: Date,
  audit?: (user: UserRecord) => AuditContext,
): Promise<SessionCheck> {
  if (!cookieValue) return { ok: false, reason: 'missing' };
  if (!TOKEN_SHAPE.test(cookieValue)) return { ok: false, reason: 'invalid' };
  const [id, secret] = cookieValue.split('.') as [string, string];
  const found = await getSessionWithUser(client, id);
  if (!found) return { ok: false, reason: 'invalid' };
  const expected = Buffer.from(found.session.secretHash, 'hex');
  const given = Buffer.from(hashSecret(secret), 'hex');
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'invalid' };

  const { session, user } = found;
  const ended = (reason: 'expired' | 'idle' | 'disabled', why: string) =>
    deleteSession(client, session.id, audit ? { ctx: audit(user), action: 'auth.timeout', username: user.username, reason: why } : undefined).then(
      () => ({ ok: false as const, reason }),
    );
  if (session.expiresAt.getTime() <= now.getTime()) return ended('expired', '会话已达最长时长');
  if (now.getTime() - session.lastActiveAt.getTime() > session.idleTimeoutSec * 1000) return ended('idle', '空闲超时');
  if (user.status !== 'active') {
    await deleteSession(client, session.id);
    return { ok: false, reason: 'disabled' };
  }
  await touchSession(client, session.id, user.id, now);
  return { ok: true, session, user };
}

export { deleteSession };
