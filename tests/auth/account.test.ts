/** TESTPLAN S10/S12, MLPS 8.1.4.1 a: changing one's password (strength, history, other sessions) and TOTP enrolment. */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { findUserByUsername, getPasswordHashes, searchAuditLog } from '@/lib/db';
import type { UserRecord } from '@/lib/db';
import { changeOwnPassword, confirmTotpEnrolment, removeTotp, startTotpEnrolment } from '@/lib/auth/account';
import { signInWithPassword } from '@/lib/auth/login';
import { verifyPassword } from '@/lib/auth/password';
import { DEFAULT_POLICY } from '@/lib/auth/policy';
import { createSession, validateSessionToken } from '@/lib/auth/session';
import { totpCodeAt } from '@/lib/auth/totp';
import { createTestDb } from '../helpers/test-db';
import type { TestDb } from '../helpers/test-db';
import { GOOD_PASSWORD, makeUser, rawDb, req, setPolicy } from './fixtures';

let t: TestDb;
let u: UserRecord;
const T0 = new Date('2026-11-25T02:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const ctx = { actor: 'user:chen', role: 'drafter', clientIp: null, requestId: 'r' };
const opts = { stage: 'full' as const, clientIp: null, userAgent: null };

beforeEach(async () => {
  t = await createTestDb();
  u = await makeUser(t.client, { username: 'chen', roles: ['drafter'], mustChangePassword: true });
});
afterEach(async () => {
  await t.cleanup();
});

const change = (sessionId: string, currentPassword: string, newPassword: string, now = T0, confirmPassword = newPassword) =>
  changeOwnPassword(t.client, { userId: u.id, sessionId }, { currentPassword, newPassword, confirmPassword }, ctx, now);

describe('change password', () => {
  test('needs the right current password and a matching confirmation', async () => {
    const s = await createSession(t.client, u, opts, DEFAULT_POLICY, T0);
    expect(await change(s.session.id, 'wrong', 'Fresh#Horse-Battery-9')).toEqual({
      ok: false,
      fieldErrors: { currentPassword: '当前密码不正确' },
      reasons: [],
    });
    expect(await change(s.session.id, GOOD_PASSWORD, 'Fresh#Horse-Battery-9', T0, 'Fresh#Horse-Battery-8')).toMatchObject({
      ok: false,
      fieldErrors: { confirmPassword: '两次输入的新密码不一致' },
    });
  });

  test('weak passwords are refused with the policy reasons in Chinese', async () => {
    const s = await createSession(t.client, u, opts, DEFAULT_POLICY, T0);
    const short = await change(s.session.id, GOOD_PASSWORD, 'Ab1!');
    expect(short.ok).toBe(false);
    if (!short.ok) expect(short.reasons.join('；')).toContain('至少 12 个字符');
    const common = await change(s.session.id, GOOD_PASSWORD, 'Woaini1314!!');
    if (!common.ok) expect(common.reasons.join('；')).toContain('过于常见');
    const own = await change(s.session.id, GOOD_PASSWORD, 'Chen#2026-Spring');
    if (!own.ok) expect(own.reasons.join('；')).toContain('用户名');
    expect([short.ok, common.ok, own.ok]).toEqual([false, false, false]);
  });

  test('success: new hash, forced change cleared, other sessions ended, this one kept, audited', async () => {
    const mine = await createSession(t.client, u, opts, DEFAULT_POLICY, T0);
    const other = await createSession(t.client, u, opts, DEFAULT_POLICY, T0);
    const r = await change(mine.session.id, GOOD_PASSWORD, 'Fresh#Horse-Battery-9', at(1000));
    expect(r).toEqual({ ok: true, otherSessionsEnded: 1 });
    expect((await validateSessionToken(t.client, mine.token, at(2000))).ok).toBe(true);
    expect((await validateSessionToken(t.client, other.token, at(2000))).ok).toBe(false);
    const after = await findUserByUsername(t.client, 'chen');
    expect(after?.mustChangePassword).toBe(false);
    expect(after?.passwordChangedAt?.getTime()).toBe(at(1000).getTime());
    expect(await verifyPassword(after!.passwordHash!, 'Fresh#Horse-Battery-9')).toBe(true);
    const audit = await searchAuditLog(t.client, { action: 'auth.password_change' }, { limit: 5 });
    expect(audit.rows.map((a) => [a.objectId, JSON.parse(a.detailJson ?? '{}')])).toEqual([['chen', { forced: true, otherSessionsEnded: 1 }]]);
    // The old password no longer signs in; the new one does.
    expect((await signInWithPassword(t.client, { username: 'chen', password: GOOD_PASSWORD, ...req() }, at(3000))).ok).toBe(false);
    expect((await signInWithPassword(t.client, { username: 'chen', password: 'Fresh#Horse-Battery-9', ...req() }, at(4000))).ok).toBe(true);
  });

  test('history: the current and the last `historyCount` passwords cannot be reused; older ones can', async () => {
    await setPolicy(t.client, { historyCount: 2 });
    const s = await createSession(t.client, u, opts, DEFAULT_POLICY, T0);
    const pw = ['Cobalt#River-0001', 'Cobalt#River-0002', 'Cobalt#River-0003'];
    expect((await change(s.session.id, GOOD_PASSWORD, GOOD_PASSWORD)).ok).toBe(false); // same as current
    expect((await change(s.session.id, GOOD_PASSWORD, pw[0]!)).ok).toBe(true);
    expect((await change(s.session.id, pw[0]!, pw[1]!)).ok).toBe(true);
    const reuse = await change(s.session.id, pw[1]!, GOOD_PASSWORD); // two back: remembered
    expect(reuse).toMatchObject({ ok: false, fieldErrors: { newPassword: '新密码不能与最近 2 次用过的密码相同' } });
    expect((await change(s.session.id, pw[1]!, pw[2]!)).ok).toBe(true);
    expect((await getPasswordHashes(t.client, u.id)).history).toHaveLength(2); // trimmed
    expect((await change(s.session.id, pw[2]!, GOOD_PASSWORD)).ok).toBe(true); // three back: forgotten
  });
});

describe('TOTP enrolment', () => {
  test('start → confirm with a code → required at sign-in; removal needs a fresh code', async () => {
    const secret = await startTotpEnrolment(t.client, u.id);
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(await startTotpEnrolment(t.client, u.id)).toBe(secret); // a reload shows the same pending secret
    const d = rawDb(t.file);
    const stored = (d.prepare('SELECT totpSecret FROM "User" WHERE id = ?').get(u.id) as { totpSecret: string }).totpSecret;
    d.close();
    expect(stored).not.toContain(secret!);

    expect(await confirmTotpEnrolment(t.client, u.id, '000000', ctx, T0)).toMatchObject({ ok: false });
    expect(await confirmTotpEnrolment(t.client, u.id, totpCodeAt(secret!, T0), ctx, T0)).toEqual({ ok: true });
    expect(await startTotpEnrolment(t.client, u.id)).toBeNull();
    const r = await signInWithPassword(t.client, { username: 'chen', password: GOOD_PASSWORD, ...req() }, at(60_000));
    expect(r).toMatchObject({ ok: true, next: 'totp' });

    // The enrolment code cannot be used again to remove it; a later one can.
    expect(await removeTotp(t.client, u.id, totpCodeAt(secret!, T0), ctx, at(5000))).toMatchObject({ ok: false });
    expect(await removeTotp(t.client, u.id, totpCodeAt(secret!, at(60_000)), ctx, at(60_000))).toEqual({ ok: true });
    expect((await findUserByUsername(t.client, 'chen'))?.totpSecret).toBeNull();
    const audit = await searchAuditLog(t.client, {}, { limit: 10 });
    expect(audit.rows.map((a) => a.action).filter((a) => a.startsWith('auth.totp'))).toEqual(['auth.totp_disable', 'auth.totp_enable']);
  });
});
