/** TESTPLAN S8/S9, MLPS 8.1.4.1 b: sign-in, generic refusals, lockout with a fake clock, fail-closed audit. */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { searchAuditLog, findUserByUsername } from '@/lib/db';
import { GENERIC_LOGIN_ERROR, signInDemoUser, signInWithPassword, signInWithTotp } from '@/lib/auth/login';
import { validateSessionToken } from '@/lib/auth/session';
import { newTotpSecret, sealTotpSecret, totpCodeAt } from '@/lib/auth/totp';
import { hashPassword } from '@/lib/auth/password';
import { createTestDb } from '../helpers/test-db';
import type { TestDb } from '../helpers/test-db';
import { GOOD_PASSWORD, MINUTE, makeUser, rawDb, req } from './fixtures';

let t: TestDb;
const T0 = new Date('2026-11-25T02:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

beforeEach(async () => {
  t = await createTestDb();
});
afterEach(async () => {
  await t.cleanup();
});

function attempts(): { username: string; userId: string | null; success: number; reason: string | null; clientIp: string | null }[] {
  const d = rawDb(t.file);
  try {
    return d.prepare('SELECT username, userId, success, reason, clientIp FROM LoginAttempt ORDER BY id').all() as never;
  } finally {
    d.close();
  }
}

function count(table: string): number {
  const d = rawDb(t.file);
  try {
    return (d.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
  } finally {
    d.close();
  }
}

async function auditActions(): Promise<{ action: string; actor: string; reason: string | null; objectId: string }[]> {
  const p = await searchAuditLog(t.client, {}, { limit: 100 });
  return p.rows.reverse().map((r) => ({ action: r.action, actor: r.actor, reason: r.reason, objectId: r.objectId }));
}

const signIn = (username: string, password: string, now: Date, ip?: string) =>
  signInWithPassword(t.client, { username, password, ...req(ip) }, now);

describe('password sign-in', () => {
  test('the right password gives a full session the session check accepts, recorded and audited', async () => {
    const u = await makeUser(t.client, { username: 'zhangsan' });
    const r = await signIn('  ZhangSan ', GOOD_PASSWORD, T0);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.next).toBe('home');
    expect(r.admin).toBe(false);
    expect(r.roles).toEqual(['press_officer']);
    const check = await validateSessionToken(t.client, r.token, at(1000));
    expect(check.ok && check.user.id).toBe(u.id);
    expect(check.ok && check.session.stage).toBe('full');
    expect(attempts()).toEqual([{ username: 'zhangsan', userId: u.id, success: 1, reason: null, clientIp: '10.1.2.3' }]);
    expect(await auditActions()).toEqual([{ action: 'auth.login', actor: 'user:zhangsan', reason: null, objectId: 'zhangsan' }]);
    const after = await findUserByUsername(t.client, 'zhangsan');
    expect(after?.lastSuccessAt?.getTime()).toBe(T0.getTime());
  });

  test('unknown, disabled, locked and demo accounts all get the same generic message; the reason is recorded', async () => {
    const disabled = await makeUser(t.client, { username: 'disabled1' });
    const locked = await makeUser(t.client, { username: 'locked1' });
    const demo = await makeUser(t.client, { username: 'demo_duty', password: null, demo: true });
    const d = rawDb(t.file);
    d.prepare(`UPDATE "User" SET status = 'disabled' WHERE id = ?`).run(disabled.id);
    d.prepare(`UPDATE "User" SET lockedUntil = ? WHERE id = ?`).run(at(30 * MINUTE).toISOString().replace('Z', '+00:00'), locked.id);
    d.close();

    const results = [
      await signIn('nobody', GOOD_PASSWORD, T0),
      await signIn('disabled1', GOOD_PASSWORD, T0),
      await signIn('locked1', GOOD_PASSWORD, T0), // the right password: still refused, still generic
      await signIn('demo_duty', 'anything-at-all', T0),
      await signIn('zz-no-such', 'x', T0),
    ];
    for (const r of results) expect(r).toEqual({ ok: false, code: 'refused', message: GENERIC_LOGIN_ERROR });
    expect(attempts().map((a) => [a.username, a.userId, a.success, a.reason])).toEqual([
      ['nobody', null, 0, 'unknown_user'],
      ['disabled1', disabled.id, 0, 'disabled'],
      ['locked1', locked.id, 0, 'locked'],
      ['demo_duty', demo.id, 0, 'no_password'],
      ['zz-no-such', null, 0, 'unknown_user'],
    ]);
    const audit = await auditActions();
    expect(audit.map((a) => [a.action, a.actor, a.reason])).toEqual([
      ['auth.login_failed', 'anon:nobody', 'unknown_user'],
      ['auth.login_failed', 'anon:disabled1', 'disabled'],
      ['auth.login_failed', 'anon:locked1', 'locked'],
      ['auth.login_failed', 'anon:demo_duty', 'no_password'],
      ['auth.login_failed', 'anon:zz-no-such', 'unknown_user'],
    ]);
    expect(count('Session')).toBe(0);
  });

  test('over-long input is refused before any work, with field errors; control characters never reach the audit text', async () => {
    const r = await signIn('u'.repeat(65), 'p'.repeat(257), T0);
    expect(r).toMatchObject({ ok: false, code: 'invalid_input', fieldErrors: { username: expect.any(String), password: expect.any(String) } });
    expect(count('LoginAttempt')).toBe(0);
    await signIn('a\n2026-01-01 LOGIN_SUCCESS admin', 'x', T0);
    const [row] = await auditActions();
    expect(row?.actor).toBe('anon:a\ufffd2026-01-01 LOGIN_SUCCESS admin');
    expect(attempts()[0]?.username).not.toContain('\n');
  });
});

describe('lockout (5 failures in 15 minutes lock for 30 minutes)', () => {
  test('the fifth failure locks; the right password is then refused; after 30 minutes it works again', async () => {
    const u = await makeUser(t.client, { username: 'lisi' });
    for (let i = 0; i < 4; i += 1) {
      expect((await signIn('lisi', `wrong-${i}`, at(i * MINUTE))).ok).toBe(false);
    }
    expect((await findUserByUsername(t.client, 'lisi'))?.lockedUntil).toBeNull();
    await signIn('lisi', 'wrong-4', at(4 * MINUTE));
    const lockedAt = at(4 * MINUTE);
    expect((await findUserByUsername(t.client, 'lisi'))?.lockedUntil?.getTime()).toBe(lockedAt.getTime() + 30 * MINUTE);
    const audit = await auditActions();
    expect(audit.filter((a) => a.action === 'auth.lockout')).toHaveLength(1);
    expect(audit.at(-1)).toMatchObject({ action: 'auth.lockout', objectId: 'lisi' });

    // Locked: the right password gets the generic message and no session.
    expect(await signIn('lisi', GOOD_PASSWORD, at(5 * MINUTE))).toEqual({ ok: false, code: 'refused', message: GENERIC_LOGIN_ERROR });
    expect(await signIn('lisi', GOOD_PASSWORD, at(4 * MINUTE + 30 * MINUTE - 1))).toMatchObject({ ok: false });
    expect(count('Session')).toBe(0);
    expect(attempts().filter((a) => a.reason === 'locked')).toHaveLength(2);

    // Lock over (lockedUntil in the past = unlocked).
    const r = await signIn('lisi', GOOD_PASSWORD, at(4 * MINUTE + 30 * MINUTE));
    expect(r.ok).toBe(true);
    expect(u.id).toBeTruthy();
  });

  test('failures spread wider than the window do not lock', async () => {
    await makeUser(t.client, { username: 'wangwu' });
    for (let i = 0; i < 8; i += 1) await signIn('wangwu', 'wrong', at(i * 4 * MINUTE)); // 4 min apart: at most 4 in any 15 min
    expect((await findUserByUsername(t.client, 'wangwu'))?.lockedUntil).toBeNull();
  });

  test('a success resets the count; after a lock ends, one more slip does not re-lock at once', async () => {
    await makeUser(t.client, { username: 'zhaoliu' });
    for (let i = 0; i < 4; i += 1) await signIn('zhaoliu', 'wrong', at(i * 1000));
    expect((await signIn('zhaoliu', GOOD_PASSWORD, at(5000))).ok).toBe(true);
    for (let i = 0; i < 4; i += 1) await signIn('zhaoliu', 'wrong', at(6000 + i * 1000));
    expect((await findUserByUsername(t.client, 'zhaoliu'))?.lockedUntil).toBeNull(); // 4 since the success
    await signIn('zhaoliu', 'wrong', at(11_000));
    const lockedUntil = (await findUserByUsername(t.client, 'zhaoliu'))?.lockedUntil;
    expect(lockedUntil?.getTime()).toBe(at(11_000).getTime() + 30 * MINUTE);
    // A short lock inside a long window: the earlier failures no longer count once it ends.
    await signIn('zhaoliu', 'wrong', new Date(lockedUntil!.getTime() + 1000));
    expect((await findUserByUsername(t.client, 'zhaoliu'))?.lockedUntil?.getTime()).toBe(lockedUntil!.getTime());
  });

  test('unknown usernames lock nothing and failures of one account do not count against another', async () => {
    await makeUser(t.client, { username: 'a1' });
    await makeUser(t.client, { username: 'a2' });
    for (let i = 0; i < 6; i += 1) await signIn('a1', 'wrong', at(i * 1000));
    for (let i = 0; i < 6; i += 1) await signIn('ghost', 'wrong', at(i * 1000));
    expect((await findUserByUsername(t.client, 'a1'))?.lockedUntil).not.toBeNull();
    expect((await findUserByUsername(t.client, 'a2'))?.lockedUntil).toBeNull();
    expect((await signIn('a2', GOOD_PASSWORD, at(7000))).ok).toBe(true);
  });
});

describe('fail closed: the audit row and the change are one transaction', () => {
  function refuseAudit(action: string): void {
    const d = rawDb(t.file);
    d.exec(`CREATE TRIGGER test_refuse BEFORE INSERT ON "AuditLog" WHEN NEW."action" = '${action}' BEGIN SELECT RAISE(ABORT, 'audit store down'); END;`);
    d.close();
  }

  test('no auth.login row: no session, no success recorded, counting not reset', async () => {
    await makeUser(t.client, { username: 'qianqi' });
    refuseAudit('auth.login');
    await expect(signIn('qianqi', GOOD_PASSWORD, T0)).rejects.toThrow();
    expect(count('Session')).toBe(0);
    expect(count('LoginAttempt')).toBe(0);
    expect((await findUserByUsername(t.client, 'qianqi'))?.lastSuccessAt).toBeNull();
  });

  test('no auth.lockout row: the account is not locked and the fifth attempt is not recorded', async () => {
    await makeUser(t.client, { username: 'sunba' });
    for (let i = 0; i < 4; i += 1) await signIn('sunba', 'wrong', at(i * 1000));
    refuseAudit('auth.lockout');
    await expect(signIn('sunba', 'wrong', at(5000))).rejects.toThrow();
    expect((await findUserByUsername(t.client, 'sunba'))?.lockedUntil).toBeNull();
    expect(count('LoginAttempt')).toBe(4);
  });
});

describe('second factor', () => {
  test('an account with TOTP gets a pending session only; the right code upgrades it, a replayed code is refused', async () => {
    const u = await makeUser(t.client, { username: 'zhoujiu' });
    const secret = newTotpSecret();
    const d = rawDb(t.file);
    d.prepare('UPDATE "User" SET totpSecret = ?, totpEnabled = 1 WHERE id = ?').run(sealTotpSecret(secret, u.id), u.id);
    d.close();

    const r = await signIn('zhoujiu', GOOD_PASSWORD, T0);
    expect(r).toMatchObject({ ok: true, next: 'totp' });
    if (!r.ok) return;
    const pending = await validateSessionToken(t.client, r.token, at(1000));
    expect(pending.ok && pending.session.stage).toBe('mfa');
    expect(await auditActions()).toEqual([]); // not signed in yet
    expect((await findUserByUsername(t.client, 'zhoujiu'))?.lastSuccessAt).toBeNull();
    if (!pending.ok) return;

    const wrong = await signInWithTotp(t.client, { pending: { sessionId: pending.session.id, user: pending.user }, code: '000000', ...req() }, at(2000));
    expect(wrong.ok).toBe(false);
    const code = totpCodeAt(secret, at(3000));
    const ok = await signInWithTotp(t.client, { pending: { sessionId: pending.session.id, user: pending.user }, code, ...req() }, at(3000));
    expect(ok).toMatchObject({ ok: true, next: 'home' });
    if (!ok.ok) return;
    expect((await validateSessionToken(t.client, r.token, at(4000))).ok).toBe(false); // the pending one is gone
    const full = await validateSessionToken(t.client, ok.token, at(4000));
    expect(full.ok && full.session.stage).toBe('full');
    expect((await auditActions()).map((a) => [a.action, a.reason])).toEqual([
      ['auth.login_failed', 'totp_failed'],
      ['auth.login', null],
    ]);

    // The same code again, in a new pending sign-in within its 30 s: refused (replay guard).
    const again = await signIn('zhoujiu', GOOD_PASSWORD, at(5000));
    if (!again.ok) throw new Error('expected pending');
    const p2 = await validateSessionToken(t.client, again.token, at(5000));
    if (!p2.ok) throw new Error('expected pending');
    const replay = await signInWithTotp(t.client, { pending: { sessionId: p2.session.id, user: p2.user }, code, ...req() }, at(6000));
    expect(replay.ok).toBe(false);
  });

  test('wrong codes count towards lockout like wrong passwords', async () => {
    const u = await makeUser(t.client, { username: 'wushi' });
    const d = rawDb(t.file);
    d.prepare('UPDATE "User" SET totpSecret = ?, totpEnabled = 1 WHERE id = ?').run(sealTotpSecret(newTotpSecret(), u.id), u.id);
    d.close();
    const r = await signIn('wushi', GOOD_PASSWORD, T0);
    if (!r.ok) throw new Error('expected pending');
    const p = await validateSessionToken(t.client, r.token, T0);
    if (!p.ok) throw new Error('expected pending');
    for (let i = 0; i < 5; i += 1) {
      await signInWithTotp(t.client, { pending: { sessionId: p.session.id, user: p.user }, code: '123456', ...req() }, at(1000 + i));
    }
    expect((await findUserByUsername(t.client, 'wushi'))?.lockedUntil).not.toBeNull();
    expect(count('Session')).toBe(0); // the pending session went with the lock
  });
});

describe('demo accounts', () => {
  test('sign in without a password only in demo mode, only demo accounts', async () => {
    await makeUser(t.client, { username: 'demo_writer', roles: ['drafter'], password: null, demo: true });
    await makeUser(t.client, { username: 'real', roles: ['drafter'] });
    expect(await signInDemoUser(t.client, { username: 'demo_writer', demoEnabled: false, ...req() }, T0)).toMatchObject({ ok: false });
    expect(await signInDemoUser(t.client, { username: 'real', demoEnabled: true, ...req() }, T0)).toMatchObject({ ok: false });
    const ok = await signInDemoUser(t.client, { username: 'demo_writer', demoEnabled: true, ...req() }, T0);
    expect(ok).toMatchObject({ ok: true, next: 'home', roles: ['drafter'] });
    expect((await auditActions()).map((a) => a.action)).toEqual(['auth.login_failed', 'auth.login']);
    expect(count('Session')).toBe(1);
  });
});

test('a hash with weaker parameters is replaced at the next sign-in', async () => {
  const u = await makeUser(t.client, { username: 'old' });
  const { hash } = await import('@node-rs/argon2');
  const weak = await hash(GOOD_PASSWORD, { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 });
  const d = rawDb(t.file);
  d.prepare('UPDATE "User" SET passwordHash = ? WHERE id = ?').run(weak, u.id);
  d.close();
  expect((await signIn('old', GOOD_PASSWORD, T0)).ok).toBe(true);
  const after = (await findUserByUsername(t.client, 'old'))?.passwordHash ?? '';
  expect(after).toMatch(/^\$argon2id\$v=19\$m=65536,t=3,p=1\$/);
  expect(after).not.toBe(await hashPassword('unrelated')); // sanity: a real PHC string
});
