/**
 * TESTPLAN S20, S12, S18 on a real SQLite file: the 三员 trigger refuses illegal role sets even
 * through raw SQL; every administrator change is audited with the acting person in the same
 * transaction; disabling ends sessions at once; nobody acts on their own account; the last active
 * holder of an administrator role cannot be disabled or stripped.
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  createUser,
  getUserById,
  grantRole,
  insertSession,
  isSeparationViolation,
  listAccounts,
  listLoginAttempts,
  resetPassword,
  revokeRole,
  searchAuditLog,
  setUserStatus,
  unlockUser,
  verifyAuditChain,
} from '@/lib/db';
import type { AdminAct, AuditContext, AuditRow, UserRecord } from '@/lib/db';
import type { Role } from '@/lib/auth/roles';
import { createTestDb } from '../helpers/test-db';
import type { TestDb } from '../helpers/test-db';

const NOW = new Date('2026-11-20T02:00:00Z');
const ADMIN_IDLE = 15 * 60;
let t: TestDb;

beforeEach(async () => {
  t = await createTestDb();
});
afterEach(async () => {
  await t.cleanup();
});

async function user(username: string, roles: Role[], opts: { demo?: boolean; hash?: string } = {}): Promise<UserRecord> {
  const r = await createUser(t.client, {
    username,
    name: username,
    roles,
    passwordHash: opts.hash ?? `hash-of-${username}`,
    demo: opts.demo ?? false,
    createdBy: 'test',
  });
  if (!r.ok) throw new Error(r.message);
  return r.user;
}

function actAs(u: UserRecord): AdminAct {
  const audit: AuditContext = { actor: `user:${u.username}`, role: u.roles.join(','), clientIp: '10.0.0.9', requestId: `req-${u.username}` };
  return { audit, byUserId: u.id };
}

async function auditRows(): Promise<AuditRow[]> {
  return (await searchAuditLog(t.client, {}, { limit: 200 })).rows.reverse();
}

async function session(u: UserRecord, id: string): Promise<void> {
  await insertSession(t.client, {
    id,
    secretHash: 'x'.repeat(64),
    userId: u.id,
    stage: 'full',
    createdAt: NOW,
    expiresAt: new Date(NOW.getTime() + 3_600_000),
    lastActiveAt: NOW,
    idleTimeoutSec: 1800,
    clientIp: null,
    userAgent: null,
  });
}

const sessionsOf = (u: UserRecord) => t.client.session.count({ where: { userId: u.id } });

describe('三员分立 in the database (S20)', () => {
  test('the trigger refuses a second role on an administrator account, even by raw SQL', async () => {
    const sys = await user('sys1', ['sysadmin']);
    for (const role of ['secadmin', 'auditadmin', 'press_officer', 'leader']) {
      await expect(
        t.client.$executeRawUnsafe(`INSERT INTO "RoleAssignment" ("userId","role","grantedBy","grantedAt") VALUES (?,?,?,?)`, sys.id, role, 'raw', NOW.toISOString()),
      ).rejects.toThrow(/separation of duties/);
    }
    expect((await getUserById(t.client, sys.id))!.roles).toEqual(['sysadmin']);
    // Through the query API the same refusal arrives as a Prisma error; it is still recognised.
    const e: unknown = await t.client.roleAssignment.create({ data: { userId: sys.id, role: 'leader', grantedBy: 'api' } }).catch((err: unknown) => err);
    expect(isSeparationViolation(e)).toBe(true);
    expect(isSeparationViolation(new Error('Foreign key constraint violated'))).toBe(false);
  });

  test('the trigger refuses an administrator role on a business account, even by raw SQL', async () => {
    const po = await user('po1', ['press_officer', 'drafter']);
    for (const role of ['sysadmin', 'secadmin', 'auditadmin']) {
      await expect(
        t.client.$executeRawUnsafe(`INSERT INTO "RoleAssignment" ("userId","role","grantedBy","grantedAt") VALUES (?,?,?,?)`, po.id, role, 'raw', NOW.toISOString()),
      ).rejects.toThrow(/separation of duties/);
    }
    // Business roles combine freely.
    await t.client.$executeRawUnsafe(`INSERT INTO "RoleAssignment" ("userId","role","grantedBy","grantedAt") VALUES (?,?,?,?)`, po.id, 'leader', 'raw', NOW.toISOString());
    expect((await getUserById(t.client, po.id))!.roles).toEqual(['drafter', 'leader', 'press_officer']);
  });

  test('createUser with an illegal set is refused in Chinese and leaves no account behind', async () => {
    const r = await createUser(t.client, { username: 'both', name: 'both', roles: ['sysadmin', 'auditadmin'], passwordHash: 'x', createdBy: 'test' });
    expect(r).toEqual({ ok: false, field: 'roles', message: '三员分立：系统管理员、安全管理员、审计管理员不能由同一账号兼任' });
    expect((await listAccounts(t.client)).map((a) => a.username)).toEqual([]);
  });
});

describe('granting and revoking roles', () => {
  test('grant is audited with the acting secadmin; 三员 refusals are in Chinese and change nothing', async () => {
    const sec = await user('sec1', ['secadmin']);
    const target = await user('alice', []);
    const before = (await auditRows()).length;

    const ok = await grantRole(t.client, actAs(sec), target.id, 'press_officer', ADMIN_IDLE, NOW);
    expect(ok).toEqual({ ok: true, message: '已授予 alice“舆情值班员”角色' });
    const refused = await grantRole(t.client, actAs(sec), target.id, 'auditadmin', ADMIN_IDLE, NOW);
    expect(refused.ok).toBe(false);
    expect(refused.message).toBe('三员分立：审计管理员账号不能兼任业务角色');

    const rows = (await auditRows()).slice(before);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: 'role.grant', actor: 'user:sec1', role: 'secadmin', clientIp: '10.0.0.9', requestId: 'req-sec1', objectType: 'user', objectId: 'alice', result: 'ok' });
    expect(JSON.parse(rows[0]!.detailJson!)).toEqual({ role: 'press_officer' });
    expect((await getUserById(t.client, target.id))!.roles).toEqual(['press_officer']);
    expect((await getUserById(t.client, target.id))!.roles).not.toContain('auditadmin');
  });

  test('a second administrator role is refused with the 三员 sentence', async () => {
    const sec = await user('sec1', ['secadmin']);
    const audit = await user('aud1', ['auditadmin']);
    const r = await grantRole(t.client, actAs(sec), audit.id, 'sysadmin', ADMIN_IDLE, NOW);
    expect(r).toEqual({ ok: false, message: '三员分立：系统管理员、安全管理员、审计管理员不能由同一账号兼任' });
  });

  test('granting an administrator role shortens the live sessions’ idle limit', async () => {
    const sec = await user('sec1', ['secadmin']);
    const target = await user('bob', []);
    await session(target, 's-bob');
    await grantRole(t.client, actAs(sec), target.id, 'auditadmin', ADMIN_IDLE, NOW);
    expect((await t.client.session.findUniqueOrThrow({ where: { id: 's-bob' } })).idleTimeoutSec).toBe(ADMIN_IDLE);
  });

  test('revoke removes that role only, ends no session, and is audited', async () => {
    const sec = await user('sec1', ['secadmin']);
    const target = await user('carol', ['press_officer', 'leader']);
    await session(target, 's-carol');
    const r = await revokeRole(t.client, actAs(sec), target.id, 'leader', NOW);
    expect(r.ok).toBe(true);
    expect((await getUserById(t.client, target.id))!.roles).toEqual(['press_officer']);
    expect(await sessionsOf(target)).toBe(1);
    const last = (await auditRows()).at(-1)!;
    expect(last).toMatchObject({ action: 'role.revoke', actor: 'user:sec1', objectId: 'carol' });
    expect(JSON.parse(last.detailJson!)).toEqual({ role: 'leader' });
  });

  test('no self-escalation: an administrator cannot change their own roles', async () => {
    const sec = await user('sec1', ['secadmin']);
    await user('sec2', ['secadmin']);
    const before = (await auditRows()).length;
    const grant = await grantRole(t.client, actAs(sec), sec.id, 'auditadmin', ADMIN_IDLE, NOW);
    const revoke = await revokeRole(t.client, actAs(sec), sec.id, 'secadmin', NOW);
    expect(grant.ok).toBe(false);
    expect(grant.message).toContain('不能对自己的账号');
    expect(revoke.ok).toBe(false);
    expect((await getUserById(t.client, sec.id))!.roles).toEqual(['secadmin']);
    expect((await auditRows()).length).toBe(before);
  });

  test('the last active holder of an administrator role keeps it; a second holder makes revocation possible', async () => {
    const sec1 = await user('sec1', ['secadmin']);
    const aud = await user('aud1', ['auditadmin']);
    const refused = await revokeRole(t.client, actAs(sec1), aud.id, 'auditadmin', NOW);
    expect(refused.ok).toBe(false);
    expect(refused.message).toContain('最后一个有效的审计管理员账号');
    // A demo holder does not count: demo accounts vanish with demo mode.
    await user('demo_aud', ['auditadmin'], { demo: true, hash: '' });
    expect((await revokeRole(t.client, actAs(sec1), aud.id, 'auditadmin', NOW)).ok).toBe(false);

    const aud2 = await user('aud2', []);
    expect((await grantRole(t.client, actAs(sec1), aud2.id, 'auditadmin', ADMIN_IDLE, NOW)).ok).toBe(true);
    expect((await revokeRole(t.client, actAs(sec1), aud.id, 'auditadmin', NOW)).ok).toBe(true);
    expect((await getUserById(t.client, aud.id))!.roles).toEqual([]);
  });
});

describe('disable, enable, reset, unlock', () => {
  test('disable ends every session at once and is audited; enable brings the account back', async () => {
    const sys = await user('sys1', ['sysadmin']);
    const po = await user('po1', ['press_officer']);
    await session(po, 's-1');
    await session(po, 's-2');
    const off = await setUserStatus(t.client, actAs(sys), po.id, 'disabled', NOW);
    expect(off).toEqual({ ok: true, message: '已停用账号 po1，结束了其 2 个登录会话' });
    expect(await sessionsOf(po)).toBe(0);
    expect((await getUserById(t.client, po.id))!.status).toBe('disabled');
    const on = await setUserStatus(t.client, actAs(sys), po.id, 'active', NOW);
    expect(on.ok).toBe(true);
    expect((await getUserById(t.client, po.id))!.status).toBe('active');

    const rows = (await auditRows()).filter((r) => r.action.startsWith('user.'));
    expect(rows.map((r) => [r.action, r.actor, r.objectId])).toEqual([
      ['user.disable', 'user:sys1', 'po1'],
      ['user.enable', 'user:sys1', 'po1'],
    ]);
    expect(JSON.parse(rows[0]!.detailJson!)).toEqual({ sessionsEnded: 2 });
  });

  test('no self-disable, and the last active sysadmin cannot be disabled by anyone', async () => {
    const sys1 = await user('sys1', ['sysadmin']);
    expect((await setUserStatus(t.client, actAs(sys1), sys1.id, 'disabled', NOW)).message).toContain('不能对自己的账号');
    // The host's CLI acts for nobody in particular, and still cannot remove the last one.
    const cli: AdminAct = { audit: { actor: 'cli:root' }, byUserId: null };
    const r = await setUserStatus(t.client, cli, sys1.id, 'disabled', NOW);
    expect(r.ok).toBe(false);
    expect(r.message).toContain('最后一个有效的系统管理员账号');
    const sys2 = await user('sys2', ['sysadmin']);
    expect((await setUserStatus(t.client, actAs(sys2), sys1.id, 'disabled', NOW)).ok).toBe(true);
    // Now sys2 is the last active one.
    expect((await setUserStatus(t.client, cli, sys2.id, 'disabled', NOW)).ok).toBe(false);
  });

  test('reset: new hash, forced change, sessions ended, old hash kept in history (trimmed), audited without secrets', async () => {
    const sys = await user('sys1', ['sysadmin']);
    const po = await user('po1', ['press_officer'], { hash: 'hash-0' });
    await session(po, 's-po');
    await t.client.user.update({ where: { id: po.id }, data: { mustChangePassword: false } });
    for (const h of ['hash-1', 'hash-2', 'hash-3']) {
      expect((await resetPassword(t.client, actAs(sys), po.id, h, 2, NOW)).ok).toBe(true);
    }
    const after = (await getUserById(t.client, po.id))!;
    expect(after.passwordHash).toBe('hash-3');
    expect(after.mustChangePassword).toBe(true);
    expect(after.passwordChangedAt).toEqual(NOW);
    expect(await sessionsOf(po)).toBe(0);
    const history = await t.client.passwordHistory.findMany({ where: { userId: po.id }, orderBy: { id: 'asc' } });
    expect(history.map((h) => h.hash)).toEqual(['hash-1', 'hash-2']);

    const resets = (await auditRows()).filter((r) => r.action === 'user.password_reset');
    expect(resets).toHaveLength(3);
    expect(resets[0]).toMatchObject({ actor: 'user:sys1', objectId: 'po1', result: 'ok' });
    expect(JSON.parse(resets[0]!.detailJson!)).toEqual({ sessionsEnded: 1 });
    expect(JSON.stringify(await auditRows())).not.toMatch(/hash-[0-3]/);
  });

  test('an administrator resets nobody’s password through their own account, and never a demo account', async () => {
    const sys = await user('sys1', ['sysadmin']);
    const demo = await user('demo_po', ['press_officer'], { demo: true });
    expect((await resetPassword(t.client, actAs(sys), sys.id, 'h', 5, NOW)).ok).toBe(false);
    expect((await resetPassword(t.client, actAs(sys), demo.id, 'h', 5, NOW)).message).toBe('演示账号不使用密码，无需重置');
  });

  test('unlock clears the lock, restarts failure counting, and is audited; an unlocked account is left alone', async () => {
    const sec = await user('sec1', ['secadmin']);
    const po = await user('po1', ['press_officer']);
    const until = new Date(NOW.getTime() + 30 * 60_000);
    await t.client.user.update({ where: { id: po.id }, data: { lockedUntil: until } });
    expect((await unlockUser(t.client, actAs(sec), po.id, NOW)).ok).toBe(true);
    const after = (await getUserById(t.client, po.id))!;
    expect(after.lockedUntil).toBeNull();
    expect(after.failuresSince).toEqual(NOW);
    const row = (await auditRows()).at(-1)!;
    expect(row).toMatchObject({ action: 'user.unlock', actor: 'user:sec1', objectId: 'po1' });
    expect(JSON.parse(row.detailJson!)).toEqual({ lockedUntil: until.toISOString() });

    const count = (await auditRows()).length;
    expect((await unlockUser(t.client, actAs(sec), po.id, NOW)).message).toBe('账号 po1 未被锁定，未做改动');
    expect((await auditRows()).length).toBe(count);
  });

  test('an unknown account is refused, and the audit chain verifies after all of it', async () => {
    const sys = await user('sys1', ['sysadmin']);
    const r = await setUserStatus(t.client, actAs(sys), '00000000-0000-4000-8000-000000000000', 'disabled', NOW);
    expect(r).toEqual({ ok: false, message: '账号不存在或已被删除' });
    const po = await user('po1', []);
    await setUserStatus(t.client, actAs(sys), po.id, 'disabled', NOW);
    expect((await verifyAuditChain(t.client)).ok).toBe(true);
  });
});

test('listAccounts carries no secrets; listLoginAttempts filters by username, newest first', async () => {
  await user('po1', ['press_officer'], { hash: 'secret-hash' });
  const rows = await listAccounts(t.client);
  expect(JSON.stringify(rows)).not.toContain('secret-hash');
  expect(Object.keys(rows[0]!)).not.toContain('passwordHash');
  expect(Object.keys(rows[0]!)).not.toContain('totpSecret');

  const at = (m: number) => new Date(NOW.getTime() + m * 60_000);
  await t.client.loginAttempt.createMany({
    data: [
      { at: at(1), username: 'po1', success: false, reason: 'bad_password', clientIp: '10.0.0.1' },
      { at: at(2), username: 'someone', success: false, reason: 'unknown_user', clientIp: '10.0.0.2' },
      { at: at(3), username: 'po1', success: true, reason: null, clientIp: '10.0.0.1' },
    ],
  });
  expect((await listLoginAttempts(t.client)).map((a) => a.username)).toEqual(['po1', 'someone', 'po1']);
  const mine = await listLoginAttempts(t.client, { username: 'PO1' });
  expect(mine.map((a) => [a.success, a.reason])).toEqual([
    [true, null],
    [false, 'bad_password'],
  ]);
});
