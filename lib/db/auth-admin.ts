/**
 * What the administrators do to accounts (issue 6, 三员分立): the system administrator disables,
 * enables and resets passwords; the security administrator grants and revokes roles and unlocks.
 * Every change writes its audit row in the same transaction (fail closed). Two rules hold here for
 * every caller, web or CLI: nobody changes their own account's roles or status, and the last active
 * holder of an administrator role cannot be disabled or stripped, so the system never loses one.
 */
import type { Db } from './client';
import { appendAuditInTx } from './audit';
import type { AuditContext } from './audit';
import { takeWriteLock } from './dialect';
import { TX_OPTIONS } from './sources';
import { ADMIN_ROLES, ROLE_LABELS, isAdminRole, isRole, roleSetProblem } from '../auth/roles';
import type { AdminRole, Role } from '../auth/roles';

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

/** Who acts: the audit context of the request, and the acting account (null for the host's CLI). */
export interface AdminAct {
  audit: AuditContext;
  byUserId: string | null;
}

export type AdminResult = { ok: true; message: string } | { ok: false; message: string };

/** An account as the admin pages show it: no password hash, no TOTP secret. */
export interface AccountRow {
  id: string;
  username: string;
  name: string;
  status: string;
  demo: boolean;
  roles: Role[];
  mustChangePassword: boolean;
  lockedUntil: Date | null;
  lastSuccessAt: Date | null;
  lastSeenAt: Date | null;
  createdAt: Date;
  createdBy: string;
}

export interface LoginAttemptRow {
  id: number;
  at: Date;
  username: string;
  clientIp: string | null;
  success: boolean;
  reason: string | null;
}

const ACCOUNT_SELECT = {
  id: true,
  username: true,
  name: true,
  status: true,
  demo: true,
  mustChangePassword: true,
  lockedUntil: true,
  lastSuccessAt: true,
  lastSeenAt: true,
  createdAt: true,
  createdBy: true,
  roles: { select: { role: true }, orderBy: { role: 'asc' as const } },
} as const;

type AccountSelected = Omit<AccountRow, 'roles'> & { roles: { role: string }[] };

function toAccountRow(u: AccountSelected): AccountRow {
  return { ...u, roles: u.roles.map((r) => r.role).filter(isRole) };
}

export async function listAccounts(client: Db): Promise<AccountRow[]> {
  const rows = await client.user.findMany({ select: ACCOUNT_SELECT, orderBy: [{ demo: 'asc' }, { username: 'asc' }] });
  return rows.map(toAccountRow);
}

export function isLocked(a: Pick<AccountRow, 'lockedUntil'>, now: Date): boolean {
  return a.lockedUntil !== null && a.lockedUntil.getTime() > now.getTime();
}

/** Recent sign-in attempts, newest first; `username` narrows to names containing it. */
export async function listLoginAttempts(client: Db, opts: { username?: string; userId?: string; limit?: number } = {}): Promise<LoginAttemptRow[]> {
  const name = opts.username?.trim().toLowerCase();
  return client.loginAttempt.findMany({
    where: { ...(name ? { username: { contains: name } } : {}), ...(opts.userId ? { userId: opts.userId } : {}) },
    select: { id: true, at: true, username: true, clientIp: true, success: true, reason: true },
    orderBy: [{ at: 'desc' }, { id: 'desc' }],
    take: Math.min(Math.max(opts.limit ?? 100, 1), 500),
  });
}

// ---------------------------------------------------------------- helpers inside a transaction

async function loadTarget(tx: Tx, userId: string): Promise<AccountRow | null> {
  const u = await tx.user.findUnique({ where: { id: userId }, select: ACCOUNT_SELECT });
  return u ? toAccountRow(u) : null;
}

/**
 * The administrator role among `roles` that `target` is the last active holder of, if any. Only
 * active, non-demo accounts count as holders: demo accounts vanish when demo mode is switched off.
 */
async function lastAdminRoleOf(tx: Tx, target: AccountRow, roles: readonly Role[]): Promise<AdminRole | null> {
  const wanted = roles.filter(isAdminRole);
  if (target.demo || target.status !== 'active' || wanted.length === 0) return null;
  const others = await tx.roleAssignment.findMany({
    where: { role: { in: wanted }, userId: { not: target.id }, user: { status: 'active', demo: false } },
    select: { role: true },
  });
  return wanted.find((r) => !others.some((o) => o.role === r)) ?? null;
}

const SELF_REFUSED = '不能对自己的账号执行此操作（防止自我授权或自我停用），请由另一位管理员办理';
const NOT_FOUND = '账号不存在或已被删除';

class Refusal extends Error {}

/** Runs `body` in a locked transaction; a Refusal rolls back and becomes `{ ok: false }`. */
async function inTx(client: Db, body: (tx: Tx) => Promise<string>): Promise<AdminResult> {
  try {
    const message = await client.$transaction(async (tx) => {
      await takeWriteLock(tx);
      return body(tx);
    }, TX_OPTIONS);
    return { ok: true, message };
  } catch (e) {
    if (e instanceof Refusal) return { ok: false, message: e.message };
    if (isSeparationViolation(e)) return { ok: false, message: '三员分立：数据库拒绝了这个角色组合（管理员账号只能持有一个角色，且不能兼任业务角色）' };
    throw e;
  }
}

/**
 * The RoleAssignment_separation trigger's refusal. Raw SQL carries its text in the message; the
 * query API reports it as P2003 (the adapter files SQLITE_CONSTRAINT_TRIGGER under foreign keys)
 * with the text in meta.driverAdapterError.cause.originalMessage.
 */
export function isSeparationViolation(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  const meta = (e as { meta?: unknown }).meta;
  return /separation of duties/.test(`${e.message} ${meta === undefined ? '' : JSON.stringify(meta)}`);
}

function refuse(message: string): never {
  throw new Refusal(message);
}

async function target(tx: Tx, act: AdminAct, userId: string): Promise<AccountRow> {
  const t = await loadTarget(tx, userId);
  if (!t) refuse(NOT_FOUND);
  if (act.byUserId !== null && act.byUserId === t.id) refuse(SELF_REFUSED);
  return t;
}

// ---------------------------------------------------------------- system administrator

/** Disables (ending every session of the account at once) or re-enables an account. */
export async function setUserStatus(client: Db, act: AdminAct, userId: string, status: 'active' | 'disabled', now = new Date()): Promise<AdminResult> {
  return inTx(client, async (tx) => {
    const t = await target(tx, act, userId);
    if (t.status === status) return status === 'active' ? `账号 ${t.username} 已是启用状态，未做改动` : `账号 ${t.username} 已是停用状态，未做改动`;
    if (status === 'disabled') {
      const last = await lastAdminRoleOf(tx, t, t.roles);
      if (last) refuse(`${t.username} 是最后一个有效的${ROLE_LABELS[last]}账号，停用后系统将没有${ROLE_LABELS[last]}。请先为另一个账号授予该角色`);
    }
    await tx.user.update({ where: { id: t.id }, data: { status, updatedAt: now } });
    const ended = status === 'disabled' ? (await tx.session.deleteMany({ where: { userId: t.id } })).count : 0;
    await appendAuditInTx(tx, act.audit, {
      action: status === 'disabled' ? 'user.disable' : 'user.enable',
      objectType: 'user',
      objectId: t.username,
      detail: status === 'disabled' ? { sessionsEnded: ended } : null,
      at: now,
    });
    return status === 'disabled' ? `已停用账号 ${t.username}，结束了其 ${ended} 个登录会话` : `已启用账号 ${t.username}`;
  });
}

/**
 * Sets a new password hash (of a one-time password the caller shows once), forces a change at the
 * next sign-in and ends every session. The old hash joins the history, trimmed to `historyCount`.
 * A lock stays in place: unlocking is the security administrator's decision.
 */
export async function resetPassword(
  client: Db,
  act: AdminAct,
  userId: string,
  newHash: string,
  historyCount: number,
  now = new Date(),
): Promise<AdminResult> {
  return inTx(client, async (tx) => {
    const t = await target(tx, act, userId);
    if (t.demo) refuse('演示账号不使用密码，无需重置');
    const current = await tx.user.findUniqueOrThrow({ where: { id: t.id }, select: { passwordHash: true } });
    if (current.passwordHash) {
      await tx.passwordHistory.create({ data: { userId: t.id, hash: current.passwordHash, createdAt: now } });
      const keep = await tx.passwordHistory.findMany({ where: { userId: t.id }, orderBy: { id: 'desc' }, take: Math.max(historyCount, 1), select: { id: true } });
      await tx.passwordHistory.deleteMany({ where: { userId: t.id, id: { notIn: keep.map((k) => k.id) } } });
    }
    await tx.user.update({ where: { id: t.id }, data: { passwordHash: newHash, mustChangePassword: true, passwordChangedAt: now, updatedAt: now } });
    const ended = (await tx.session.deleteMany({ where: { userId: t.id } })).count;
    // Never the password or its hash: only that it happened.
    await appendAuditInTx(tx, act.audit, { action: 'user.password_reset', objectType: 'user', objectId: t.username, detail: { sessionsEnded: ended }, at: now });
    return `已重置 ${t.username} 的密码，结束了其 ${ended} 个登录会话`;
  });
}

// ---------------------------------------------------------------- security administrator

/** Lifts a lockout; failures before now no longer count towards the next one. */
export async function unlockUser(client: Db, act: AdminAct, userId: string, now = new Date()): Promise<AdminResult> {
  return inTx(client, async (tx) => {
    const t = await target(tx, act, userId);
    if (!t.lockedUntil) return `账号 ${t.username} 未被锁定，未做改动`;
    await tx.user.update({ where: { id: t.id }, data: { lockedUntil: null, failuresSince: now, updatedAt: now } });
    await appendAuditInTx(tx, act.audit, {
      action: 'user.unlock',
      objectType: 'user',
      objectId: t.username,
      detail: { lockedUntil: t.lockedUntil.toISOString() },
      at: now,
    });
    return `已解锁账号 ${t.username}`;
  });
}

/**
 * Grants one role. The 三员 rule is checked first for a Chinese reason; the database trigger
 * refuses the same sets if anything slips past. An administrator role also shortens the idle limit
 * of the account's live sessions to the administrators' one.
 */
export async function grantRole(client: Db, act: AdminAct, userId: string, role: Role, adminIdleSeconds: number, now = new Date()): Promise<AdminResult> {
  return inTx(client, async (tx) => {
    const t = await target(tx, act, userId);
    if (t.roles.includes(role)) return `${t.username} 已持有“${ROLE_LABELS[role]}”，未做改动`;
    const problem = roleSetProblem([...t.roles, role]);
    if (problem) refuse(problem);
    await tx.roleAssignment.create({ data: { userId: t.id, role, grantedBy: act.audit.actor, grantedAt: now } });
    if (isAdminRole(role)) {
      await tx.session.updateMany({ where: { userId: t.id, idleTimeoutSec: { gt: adminIdleSeconds } }, data: { idleTimeoutSec: adminIdleSeconds } });
    }
    await appendAuditInTx(tx, act.audit, { action: 'role.grant', objectType: 'user', objectId: t.username, detail: { role }, at: now });
    return `已授予 ${t.username}“${ROLE_LABELS[role]}”角色`;
  });
}

/** Revokes one role and nothing else; refuses to take the last active holder's administrator role. */
export async function revokeRole(client: Db, act: AdminAct, userId: string, role: Role, now = new Date()): Promise<AdminResult> {
  return inTx(client, async (tx) => {
    const t = await target(tx, act, userId);
    if (!t.roles.includes(role)) return `${t.username} 未持有“${ROLE_LABELS[role]}”，未做改动`;
    const last = await lastAdminRoleOf(tx, t, [role]);
    if (last) refuse(`${t.username} 是最后一个有效的${ROLE_LABELS[last]}账号，撤销后系统将没有${ROLE_LABELS[last]}。请先为另一个账号授予该角色`);
    await tx.roleAssignment.delete({ where: { userId_role: { userId: t.id, role } } });
    await appendAuditInTx(tx, act.audit, { action: 'role.revoke', objectType: 'user', objectId: t.username, detail: { role }, at: now });
    return `已撤销 ${t.username} 的“${ROLE_LABELS[role]}”角色`;
  });
}

/** How many active, non-demo accounts hold each administrator role (for the pages' warnings). */
export async function countAdminHolders(client: Db): Promise<Record<AdminRole, number>> {
  const rows = await client.roleAssignment.findMany({
    where: { role: { in: [...ADMIN_ROLES] }, user: { status: 'active', demo: false } },
    select: { role: true },
  });
  const out: Record<AdminRole, number> = { sysadmin: 0, secadmin: 0, auditadmin: 0 };
  for (const r of rows) if (isAdminRole(r.role)) out[r.role]++;
  return out;
}
