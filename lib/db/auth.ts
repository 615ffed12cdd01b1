/**
 * Accounts, roles, sessions and the security policy (issue 6). Every change that matters to security
 * writes its audit row in the same transaction (fail closed), like the rest of lib/db.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from './client';
import { appendAuditInTx } from './audit';
import type { AuditAction, AuditContext } from './audit';
import { takeWriteLock } from './dialect';
import { TX_OPTIONS } from './sources';
import { getSetting } from './warning';
import { isRole, roleSetProblem } from '../auth/roles';
import type { Role } from '../auth/roles';
import { SecurityPolicySchema, policyFromStored } from '../auth/policy';
import type { SecurityPolicy } from '../auth/policy';

export const SECURITY_POLICY_KEY = 'security.policy';

export interface UserRecord {
  id: string;
  username: string;
  name: string;
  status: string;
  demo: boolean;
  passwordHash: string | null;
  mustChangePassword: boolean;
  passwordChangedAt: Date | null;
  lockedUntil: Date | null;
  failuresSince: Date | null;
  lastSuccessAt: Date | null;
  lastSeenAt: Date | null;
  totpSecret: string | null;
  totpEnabled: boolean;
  totpLastStep: number | null;
  createdAt: Date;
  createdBy: string;
  roles: Role[];
}

const withRoles = { roles: { select: { role: true }, orderBy: { role: 'asc' as const } } };

type UserRow = Omit<UserRecord, 'roles'> & { updatedAt: Date; roles: { role: string }[] };

function toUserRecord(u: UserRow): UserRecord {
  const { updatedAt: _updatedAt, roles, ...rest } = u;
  return { ...rest, roles: roles.map((r) => r.role).filter(isRole) };
}

/** Usernames are case-insensitive: stored and looked up lower case, trimmed. */
export function normaliseUsername(raw: string): string {
  return raw.trim().toLowerCase();
}

export async function getSecurityPolicy(client: Db): Promise<SecurityPolicy> {
  return policyFromStored(await getSetting(client, SECURITY_POLICY_KEY));
}

export async function saveSecurityPolicy(client: Db, policy: SecurityPolicy, audit: AuditContext): Promise<void> {
  const value = SecurityPolicySchema.parse(policy);
  const valueJson = JSON.stringify(value);
  await client.$transaction(async (tx) => {
    await takeWriteLock(tx);
    await tx.setting.upsert({
      where: { key: SECURITY_POLICY_KEY },
      create: { key: SECURITY_POLICY_KEY, valueJson, updatedBy: audit.actor },
      update: { valueJson, updatedBy: audit.actor },
    });
    await appendAuditInTx(tx, audit, { action: 'policy.update', objectType: 'setting', objectId: SECURITY_POLICY_KEY, detail: { value } });
  }, TX_OPTIONS);
}

export async function countUsers(client: Db, opts: { demo?: boolean } = {}): Promise<number> {
  return client.user.count({ where: opts.demo === undefined ? {} : { demo: opts.demo } });
}

export async function findUserByUsername(client: Db, username: string): Promise<UserRecord | null> {
  const u = await client.user.findUnique({ where: { username: normaliseUsername(username) }, include: withRoles });
  return u ? toUserRecord(u) : null;
}

export async function getUserById(client: Db, id: string): Promise<UserRecord | null> {
  const u = await client.user.findUnique({ where: { id }, include: withRoles });
  return u ? toUserRecord(u) : null;
}

export async function listUsers(client: Db): Promise<UserRecord[]> {
  const rows = await client.user.findMany({ include: withRoles, orderBy: [{ demo: 'asc' }, { username: 'asc' }] });
  return rows.map(toUserRecord);
}

export interface NewUser {
  username: string;
  name: string;
  roles: Role[];
  /** argon2id hash of a one-time password; null only for demo accounts. */
  passwordHash: string | null;
  demo?: boolean;
  mustChangePassword?: boolean;
  createdBy: string;
}

export type CreateUserResult = { ok: true; user: UserRecord } | { ok: false; field: 'username' | 'roles'; message: string };

/** Creates an account with its roles; the audit row (when given) goes in the same transaction. */
export async function createUser(client: Db, input: NewUser, audit?: AuditContext, now = new Date()): Promise<CreateUserResult> {
  const username = normaliseUsername(input.username);
  // The same rule as the separation-of-duties trigger, checked first so the refusal is in Chinese.
  const roleProblem = roleSetProblem(input.roles);
  if (roleProblem) return { ok: false, field: 'roles', message: roleProblem };
  return client.$transaction(async (tx) => {
    await takeWriteLock(tx);
    if (await tx.user.findUnique({ where: { username }, select: { id: true } })) {
      return { ok: false as const, field: 'username' as const, message: `用户名“${username}”已存在` };
    }
    const id = randomUUID();
    await tx.user.create({
      data: {
        id,
        username,
        name: input.name.trim(),
        demo: input.demo ?? false,
        passwordHash: input.passwordHash,
        mustChangePassword: input.mustChangePassword ?? true,
        passwordChangedAt: input.passwordHash ? now : null,
        createdBy: input.createdBy,
        createdAt: now,
      },
    });
    for (const role of input.roles) {
      // The separation-of-duties trigger refuses an illegal set; the transaction then rolls back.
      // eslint-disable-next-line no-await-in-loop -- in order, inside one transaction
      await tx.roleAssignment.create({ data: { userId: id, role, grantedBy: input.createdBy, grantedAt: now } });
    }
    if (audit) {
      await appendAuditInTx(tx, audit, {
        action: 'user.create',
        objectType: 'user',
        objectId: username,
        detail: { name: input.name.trim(), roles: input.roles, demo: input.demo ?? false },
      });
    }
    const user = await tx.user.findUniqueOrThrow({ where: { id }, include: withRoles });
    return { ok: true as const, user: toUserRecord(user) };
  }, TX_OPTIONS);
}

// ---------------------------------------------------------------- sessions

export interface SessionRecord {
  id: string;
  secretHash: string;
  userId: string;
  stage: string;
  createdAt: Date;
  expiresAt: Date;
  lastActiveAt: Date;
  idleTimeoutSec: number;
  clientIp: string | null;
  userAgent: string | null;
}

export async function insertSession(client: Db, s: SessionRecord): Promise<void> {
  await client.session.create({ data: s });
}

export async function getSessionWithUser(client: Db, id: string): Promise<{ session: SessionRecord; user: UserRecord } | null> {
  const row = await client.session.findUnique({ where: { id }, include: { user: { include: withRoles } } });
  if (!row) return null;
  const { user, ...session } = row;
  return { session, user: toUserRecord(user) };
}

/** Records activity at most once per `minGapMs` per session (one write, not one per request). */
export async function touchSession(client: Db, id: string, userId: string, now: Date, minGapMs = 30_000): Promise<void> {
  const before = new Date(now.getTime() - minGapMs);
  const r = await client.session.updateMany({ where: { id, lastActiveAt: { lt: before } }, data: { lastActiveAt: now } });
  if (r.count > 0) await client.user.update({ where: { id: userId }, data: { lastSeenAt: now } });
}

/**
 * Ends one session. With an audit entry (sign-out, idle or absolute timeout), the row is deleted and
 * the event recorded together.
 */
export async function deleteSession(
  client: Db,
  id: string,
  audit?: { ctx: AuditContext; action: Extract<AuditAction, 'auth.logout' | 'auth.timeout'>; username: string; reason?: string },
): Promise<void> {
  if (!audit) {
    await client.session.deleteMany({ where: { id } });
    return;
  }
  await client.$transaction(async (tx) => {
    await takeWriteLock(tx);
    const r = await tx.session.deleteMany({ where: { id } });
    // Two tabs timing out together: only the one that removed the row records it.
    if (r.count > 0) {
      await appendAuditInTx(tx, audit.ctx, { action: audit.action, objectType: 'user', objectId: audit.username, reason: audit.reason ?? null });
    }
  }, TX_OPTIONS);
}

/** Removes sessions past their absolute or idle limit (the worker runs this every few minutes). */
export async function deleteExpiredSessions(client: Db, now: Date): Promise<number> {
  const expired = await client.session.deleteMany({ where: { expiresAt: { lte: now } } });
  // Idle limits differ per session: compare in SQL-free form by reading the candidates.
  const candidates = await client.session.findMany({ select: { id: true, lastActiveAt: true, idleTimeoutSec: true } });
  const idle = candidates.filter((s) => now.getTime() - s.lastActiveAt.getTime() > s.idleTimeoutSec * 1000).map((s) => s.id);
  const removed = idle.length ? await client.session.deleteMany({ where: { id: { in: idle } } }) : { count: 0 };
  return expired.count + removed.count;
}

/** MLPS 8.1.4.2c: accounts unused this long are disabled (business accounts; administrators are reported, not locked out). */
export const INACTIVE_ACCOUNT_DAYS = 90;

/**
 * Disables active business accounts not used for `days` (no sign-in and no request; a new account
 * counts from its creation),
 * ending their sessions; each in one transaction with its audit row. Returns the usernames.
 */
export async function disableInactiveAccounts(client: Db, now: Date, ctx: AuditContext, days = INACTIVE_ACCOUNT_DAYS): Promise<string[]> {
  const cutoff = new Date(now.getTime() - days * 86_400_000);
  const candidates = await client.user.findMany({
    where: {
      status: 'active',
      demo: false,
      createdAt: { lt: cutoff },
      AND: [
        { OR: [{ lastSeenAt: null }, { lastSeenAt: { lt: cutoff } }] },
        { OR: [{ lastSuccessAt: null }, { lastSuccessAt: { lt: cutoff } }] },
      ],
      roles: { none: { role: { in: ['sysadmin', 'secadmin', 'auditadmin'] } } },
    },
    select: { id: true, username: true },
  });
  const done: string[] = [];
  for (const u of candidates) {
    // eslint-disable-next-line no-await-in-loop -- one transaction per account, a handful a day
    await client.$transaction(async (tx) => {
      await takeWriteLock(tx);
      await tx.user.update({ where: { id: u.id }, data: { status: 'disabled' } });
      await tx.session.deleteMany({ where: { userId: u.id } });
      await appendAuditInTx(tx, ctx, { action: 'user.disable', objectType: 'user', objectId: u.username, reason: `${days} 天未使用，自动停用`, at: now });
    }, TX_OPTIONS);
    done.push(u.username);
  }
  return done;
}
