/**
 * `npm run users`: the host operator's emergency commands work on a real database, print the
 * one-time password once (and it is the one stored, hashed), and are audited as `cli:<os user>`.
 */
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createUser, getUserById, searchAuditLog } from '@/lib/db';
import { hashPassword, verifyPassword } from '@/lib/auth/password';
import { checkPasswordStrength, DEFAULT_POLICY } from '@/lib/auth/policy';
import { createTestDb } from '../helpers/test-db';
import type { TestDb } from '../helpers/test-db';

let t: TestDb;
let userId = '';

beforeAll(async () => {
  t = await createTestDb();
  const r = await createUser(t.client, { username: 'po1', name: '值班员甲', roles: ['press_officer'], passwordHash: await hashPassword('Old-Passw0rd-xyz'), createdBy: 'test' });
  if (!r.ok) throw new Error(r.message);
  userId = r.user.id;
  await t.client.user.update({ where: { id: userId }, data: { lockedUntil: new Date(Date.now() + 3_600_000), mustChangePassword: false } });
});
afterAll(async () => {
  await t.cleanup();
});

function users(args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'scripts/users.ts', ...args], {
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: t.url, USER: 'opsuser', LOG_LEVEL: 'silent' },
    timeout: 120_000,
  });
}

test('list shows accounts with roles and the lock; unknown commands and names are usage errors', () => {
  const list = users(['list']);
  expect(list.status).toBe(0);
  expect(list.stdout).toMatch(/^po1\t值班员甲\t舆情值班员\t启用，锁定至 /m);
  expect(users(['frobnicate']).status).toBe(2);
  const missing = users(['unlock', 'nobody']);
  expect(missing.status).toBe(2);
  expect(missing.stderr).toContain('没有用户名为“nobody”的账号');
});

test('reset-password prints a policy-compliant one-time password once, stores only its hash, forces a change', async () => {
  const r = users(['reset-password', 'PO1']);
  expect(r.status).toBe(0);
  const m = /一次性密码（[^）]*）：(\S+)/.exec(r.stdout);
  expect(m).not.toBeNull();
  const password = m![1]!;
  expect(r.stdout.split(password)).toHaveLength(2); // printed exactly once
  expect(checkPasswordStrength(password, DEFAULT_POLICY)).toEqual([]);
  expect(r.stdout).toContain('npm run users -- unlock po1');
  const u = (await getUserById(t.client, userId))!;
  expect(u.passwordHash).not.toContain(password);
  await expect(verifyPassword(u.passwordHash!, password)).resolves.toBe(true);
  expect(u.mustChangePassword).toBe(true);
  const rows = (await searchAuditLog(t.client, {}, { limit: 10 })).rows;
  expect(rows[0]).toMatchObject({ action: 'user.password_reset', actor: 'cli:opsuser', objectId: 'po1' });
  expect(JSON.stringify(rows)).not.toContain(password);
});

test('unlock lifts the lock and is audited as the OS user', async () => {
  const r = users(['unlock', 'po1']);
  expect(r.status).toBe(0);
  expect(r.stdout).toContain('已解锁账号 po1');
  expect((await getUserById(t.client, userId))!.lockedUntil).toBeNull();
  const rows = (await searchAuditLog(t.client, {}, { limit: 10 })).rows;
  expect(rows[0]).toMatchObject({ action: 'user.unlock', actor: 'cli:opsuser', objectId: 'po1' });
});
