/**
 * TESTPLAN S21 on a real database: the first start creates the three administrators with one-time
 * passwords (or the environment's), all forced to change at first sign-in; a second start creates
 * nothing; demo accounts exist only in demo mode; a weak supplied password stops the start; the
 * boot self-check finds a well-known default password.
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { BootstrapError, accountsWithDefaultPasswords, bootstrapAccounts, bootstrapNotice, oneTimePassword } from '@/lib/auth/bootstrap';
import { hashPassword, verifyPassword } from '@/lib/auth/password';
import { DEFAULT_POLICY, checkPasswordStrength } from '@/lib/auth/policy';
import { countUsers, createUser, listUsers, searchAuditLog } from '@/lib/db';
import { createTestDb } from '../helpers/test-db';
import type { TestDb } from '../helpers/test-db';

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(async () => {
  await t.cleanup();
});

describe('first start', () => {
  test('creates sysadmin, secadmin and auditadmin, each with one role and a one-time password to change', async () => {
    const r = await bootstrapAccounts(t.client, { demo: false, env: {} });
    expect(r.created.map((c) => [c.username, c.role])).toEqual([
      ['sysadmin', 'sysadmin'],
      ['secadmin', 'secadmin'],
      ['auditadmin', 'auditadmin'],
    ]);
    const users = await listUsers(t.client);
    expect(users).toHaveLength(3);
    for (const c of r.created) {
      const u = users.find((x) => x.username === c.username)!;
      expect(u.roles).toEqual([c.role]);
      expect(u.mustChangePassword).toBe(true);
      expect(u.demo).toBe(false);
      expect(c.password).not.toBeNull();
      expect(await verifyPassword(u.passwordHash!, c.password!)).toBe(true);
      expect(u.passwordHash).toMatch(/^\$argon2id\$/);
    }
    // The three passwords differ and are printed in the notice, once.
    expect(new Set(r.created.map((c) => c.password)).size).toBe(3);
    const notice = bootstrapNotice(r)!;
    for (const c of r.created) expect(notice).toContain(c.password!);
    // Recorded as created by the system, in the audit log.
    const rows = (await searchAuditLog(t.client, { action: 'user.create' }, { limit: 10 })).rows;
    expect(rows.map((x) => x.objectId).sort()).toEqual(['auditadmin', 'secadmin', 'sysadmin']);
    expect(rows.every((x) => x.actor === 'system:bootstrap')).toBe(true);
    expect(rows.some((x) => (x.detailJson ?? '').includes(r.created[0]!.password!))).toBe(false);
  });

  test('a second start creates no account and prints nothing', async () => {
    await bootstrapAccounts(t.client, { demo: false, env: {} });
    const again = await bootstrapAccounts(t.client, { demo: false, env: {} });
    expect(again.created).toEqual([]);
    expect(bootstrapNotice(again)).toBeNull();
    expect(await countUsers(t.client)).toBe(3);
  });

  test('passwords from the environment are used (and not printed); a weak one stops the start before anything is created', async () => {
    const env = {
      SOM_BOOTSTRAP_SYSADMIN_PASSWORD: 'Sys#Strong-Env-2026',
      SOM_BOOTSTRAP_SECADMIN_PASSWORD: 'Sec#Strong-Env-2026',
      SOM_BOOTSTRAP_AUDITADMIN_PASSWORD: 'Aud#Strong-Env-2026',
    };
    const weak = { ...env, SOM_BOOTSTRAP_SECADMIN_PASSWORD: 'admin123' };
    await expect(bootstrapAccounts(t.client, { demo: false, env: weak })).rejects.toThrow(BootstrapError);
    expect(await countUsers(t.client)).toBe(0);
    const r = await bootstrapAccounts(t.client, { demo: false, env });
    expect(r.created.every((c) => c.password === null)).toBe(true);
    expect(bootstrapNotice(r)).toContain('密码取自环境变量');
    const sys = (await listUsers(t.client)).find((u) => u.username === 'sysadmin')!;
    expect(await verifyPassword(sys.passwordHash!, env.SOM_BOOTSTRAP_SYSADMIN_PASSWORD)).toBe(true);
    expect(sys.mustChangePassword).toBe(true);
  });

  test('demo mode adds one passwordless demo account per business role, marked demo', async () => {
    await bootstrapAccounts(t.client, { demo: true, env: {} });
    const demo = (await listUsers(t.client)).filter((u) => u.demo);
    expect(demo.map((u) => [u.username, u.roles]).sort()).toEqual([
      ['demo_duty', ['press_officer']],
      ['demo_leader', ['leader']],
      ['demo_reviewer', ['reviewer']],
      ['demo_writer', ['drafter']],
    ]);
    expect(demo.every((u) => u.passwordHash === null)).toBe(true);
    // Not in demo mode: none are created.
    const t2 = await createTestDb();
    try {
      await bootstrapAccounts(t2.client, { demo: false, env: {} });
      expect((await listUsers(t2.client)).some((u) => u.demo)).toBe(false);
    } finally {
      await t2.cleanup();
    }
  });

  test('one-time passwords satisfy the default policy', () => {
    for (let i = 0; i < 200; i++) expect(checkPasswordStrength(oneTimePassword(), DEFAULT_POLICY)).toEqual([]);
  });
});

describe('default-credential self-check', () => {
  test('finds a well-known account opening with a well-known password, and nothing on a fresh install', async () => {
    await bootstrapAccounts(t.client, { demo: true, env: {} });
    expect(await accountsWithDefaultPasswords(t.client)).toEqual([]);
    await createUser(t.client, { username: 'admin', name: '旧系统管理员', roles: [], passwordHash: await hashPassword('admin123'), createdBy: 'test' });
    expect(await accountsWithDefaultPasswords(t.client)).toEqual(['admin']);
  });
});

describe('inactive accounts (MLPS 8.1.4.2c)', () => {
  test('business accounts unused for 90 days are disabled with their sessions, administrators and demo accounts are not', async () => {
    const { createSession } = await import('@/lib/auth/session');
    const { DEFAULT_POLICY: policy } = await import('@/lib/auth/policy');
    const { disableInactiveAccounts, findUserByUsername } = await import('@/lib/db');
    const long = new Date('2026-01-01T00:00:00Z');
    const now = new Date('2026-05-01T00:00:00Z'); // 120 days later
    await bootstrapAccounts(t.client, { demo: true, env: {}, now: long });
    const hash = await hashPassword('Unused#Account-2026');
    const old = await createUser(t.client, { username: 'olduser', name: '老用户', roles: ['press_officer'], passwordHash: hash, createdBy: 'test' }, undefined, long);
    await createUser(t.client, { username: 'newuser', name: '新用户', roles: ['leader'], passwordHash: hash, createdBy: 'test' }, undefined, new Date('2026-04-20T00:00:00Z'));
    if (!old.ok) throw new Error('setup');
    await createSession(t.client, old.user, { stage: 'full', clientIp: null, userAgent: null }, policy, new Date('2026-04-30T23:00:00Z'));
    const disabled = await disableInactiveAccounts(t.client, now, { actor: 'system:inactivity' });
    expect(disabled).toEqual(['olduser']);
    expect((await findUserByUsername(t.client, 'olduser'))?.status).toBe('disabled');
    expect(await t.client.session.count({ where: { userId: old.user.id } })).toBe(0);
    expect((await findUserByUsername(t.client, 'sysadmin'))?.status).toBe('active');
    expect((await findUserByUsername(t.client, 'demo_duty'))?.status).toBe('active');
    const [row] = (await searchAuditLog(t.client, { action: 'user.disable' }, { limit: 5 })).rows;
    expect(row).toMatchObject({ actor: 'system:inactivity', objectId: 'olduser' });
    expect(row?.reason).toContain('90 天未使用');
  });
});
