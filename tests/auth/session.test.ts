/** TESTPLAN S8, S11, S12 (MLPS 8.1.4.1 b, 8.1.4.10 a) for lib/auth/session.ts, with a fake clock. */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { searchAuditLog } from '@/lib/db';
import type { UserRecord } from '@/lib/db';
import { DEFAULT_POLICY } from '@/lib/auth/policy';
import { createSession, validateSessionToken } from '@/lib/auth/session';
import { signInWithPassword } from '@/lib/auth/login';
import { createTestDb } from '../helpers/test-db';
import type { TestDb } from '../helpers/test-db';
import { GOOD_PASSWORD, MINUTE, makeUser, rawDb, req } from './fixtures';

let t: TestDb;
let officer: UserRecord;
let admin: UserRecord;
const T0 = new Date('2026-11-25T02:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const opts = { stage: 'full' as const, clientIp: '10.0.0.1', userAgent: 'vitest' };
const auditCtx = (u: UserRecord) => ({ actor: `user:${u.username}`, role: u.roles.join(','), clientIp: null, requestId: 'r' });

beforeEach(async () => {
  t = await createTestDb();
  officer = await makeUser(t.client, { username: 'officer' });
  admin = await makeUser(t.client, { username: 'sec1', roles: ['secadmin'] });
});
afterEach(async () => {
  await t.cleanup();
});

function sessionRows(): number {
  const d = rawDb(t.file);
  try {
    return (d.prepare('SELECT count(*) AS n FROM "Session"').get() as { n: number }).n;
  } finally {
    d.close();
  }
}

describe('idle timeout (30 min business, 15 min administrators)', () => {
  test('activity within the idle limit keeps the session; silence longer than it ends it and deletes the row', async () => {
    const { token } = await createSession(t.client, officer, opts, DEFAULT_POLICY, T0);
    // Requests 20 minutes apart keep it alive (each one marks activity).
    for (const m of [20, 40, 60]) expect((await validateSessionToken(t.client, token, at(m * MINUTE))).ok).toBe(true);
    const late = await validateSessionToken(t.client, token, at(60 * MINUTE + 30 * MINUTE + 1000), auditCtx);
    expect(late).toEqual({ ok: false, reason: 'idle' });
    expect(sessionRows()).toBe(0);
    const audit = await searchAuditLog(t.client, {}, { limit: 5 });
    expect(audit.rows.map((r) => [r.action, r.objectId, r.reason])).toEqual([['auth.timeout', 'officer', '空闲超时']]);
    // Gone for good: the same cookie is refused afterwards as well.
    expect(await validateSessionToken(t.client, token, at(91 * MINUTE))).toEqual({ ok: false, reason: 'invalid' });
  });

  test('administrators get the shorter idle limit', async () => {
    const { token, session } = await createSession(t.client, admin, opts, DEFAULT_POLICY, T0);
    expect(session.idleTimeoutSec).toBe(15 * 60);
    expect((await validateSessionToken(t.client, token, at(16 * MINUTE))).ok).toBe(false);
    const b = await createSession(t.client, officer, opts, DEFAULT_POLICY, T0);
    expect((await validateSessionToken(t.client, b.token, at(16 * MINUTE))).ok).toBe(true);
  });
});

test('absolute limit (12 h): ends however active the session was, and the row is deleted', async () => {
  const { token } = await createSession(t.client, officer, opts, DEFAULT_POLICY, T0);
  for (let m = 25; m < 12 * 60; m += 25) {
     
    expect((await validateSessionToken(t.client, token, at(m * MINUTE))).ok).toBe(true);
  }
  expect(await validateSessionToken(t.client, token, at(12 * 60 * MINUTE))).toEqual({ ok: false, reason: 'expired' });
  expect(sessionRows()).toBe(0);
});

describe('tokens', () => {
  test('a tampered secret, a tampered id or a malformed value is not a session (and the real one still is)', async () => {
    const { token } = await createSession(t.client, officer, opts, DEFAULT_POLICY, T0);
    const [id, secret] = token.split('.') as [string, string];
    const flip = (s: string) => (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
    for (const bad of [`${id}.${flip(secret)}`, `${flip(id)}.${secret}`, `${id}.`, id, `${id}.${secret}.x`, `${id}.${secret}'--`, '']) {
       
      expect((await validateSessionToken(t.client, bad, at(1000))).ok).toBe(false);
    }
    expect((await validateSessionToken(t.client, token, at(2000))).ok).toBe(true);
  });

  test('fixation: a cookie value planted before sign-in is not a session, and sign-in issues a different one', async () => {
    const planted = `${'a'.repeat(24)}.${'b'.repeat(43)}`;
    expect(await validateSessionToken(t.client, planted, T0)).toEqual({ ok: false, reason: 'invalid' });
    const r = await signInWithPassword(t.client, { username: 'officer', password: GOOD_PASSWORD, ...req() }, T0);
    if (!r.ok) throw new Error('sign-in failed');
    expect(r.token).not.toBe(planted);
    expect((await validateSessionToken(t.client, planted, at(1000))).ok).toBe(false);
    expect((await validateSessionToken(t.client, r.token, at(1000))).ok).toBe(true);
  });

  test('only a hash of the secret is stored', async () => {
    const { token } = await createSession(t.client, officer, opts, DEFAULT_POLICY, T0);
    const secret = token.split('.')[1]!;
    const d = rawDb(t.file);
    const row = d.prepare('SELECT * FROM "Session"').get() as Record<string, unknown>;
    d.close();
    expect(JSON.stringify(row)).not.toContain(secret);
  });
});

test('a disabled account loses its sessions on the next request (S12)', async () => {
  const { token } = await createSession(t.client, officer, opts, DEFAULT_POLICY, T0);
  const d = rawDb(t.file);
  d.prepare(`UPDATE "User" SET status = 'disabled' WHERE id = ?`).run(officer.id);
  d.close();
  expect(await validateSessionToken(t.client, token, at(1000))).toEqual({ ok: false, reason: 'disabled' });
  expect(sessionRows()).toBe(0);
});
