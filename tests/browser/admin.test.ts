/**
 * TESTPLAN S2/S20/S18 in real Chromium: role separation on the administrators' pages. Accounts are
 * put straight into the app's database (unique names per run) and sign in through /login. The
 * system administrator creates an account (no role) and sees its one-time password once, and is
 * refused business pages, the audit log and role grants; a press officer is refused both admin
 * pages; the security administrator grants a role, is refused auditadmin for a business account
 * with the 三员 sentence, checks a policy value, and unlocks a locked account, which can then sign
 * in. Every change is found in the audit log with the acting account. No dialog may open.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createDb, createUser, getSecurityPolicy, getUserById, findUserByUsername, searchAuditLog } from '@/lib/db';
import type { AuditRow, Db } from '@/lib/db';
import { generateOneTimePassword } from '@/lib/auth/admin-forms';
import { hashPassword, verifyPassword } from '@/lib/auth/password';
import { DEFAULT_POLICY } from '@/lib/auth/policy';
import type { Role } from '@/lib/auth/roles';
import { createSession } from '@/lib/auth/session';
import { ARTIFACTS, launchChromium, signInOn } from './app';

const app = inject('app');
const suffix = randomBytes(3).toString('hex');
const NAMES = { sys: `t_sys_${suffix}`, sec: `t_sec_${suffix}`, po: `t_po_${suffix}`, lock: `t_lock_${suffix}`, fresh: `t_new_${suffix}` } as const;
const passwords = new Map<string, string>();
const dialogs: string[] = [];
let browser: Browser;
let client: Db;
/** Whether /login exists in this build; without it, sessions are created directly (fallback, reported). */
let realLogin = true;

async function account(username: string, roles: Role[]): Promise<void> {
  const password = generateOneTimePassword();
  passwords.set(username, password);
  const r = await createUser(client, { username, name: `测试 ${username}`, roles, passwordHash: await hashPassword(password), mustChangePassword: false, createdBy: 'test:browser' });
  if (!r.ok) throw new Error(r.message);
}

async function signedIn(username: string, width = 1366): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  if (realLogin) {
    await signInOn(page, app.baseUrl, { username, password: passwords.get(username)! });
  } else {
    const user = (await findUserByUsername(client, username))!;
    const s = await createSession(client, user, { stage: 'full', clientIp: null, userAgent: 'browser-test' }, await getSecurityPolicy(client), new Date());
    await context.addCookies([{ name: 'som_session', value: s.token, url: app.baseUrl }]);
  }
  return page;
}

async function open(page: Page, p: string): Promise<number> {
  const r = await page.goto(`${app.baseUrl}${p}`, { waitUntil: 'networkidle' });
  return r?.status() ?? 0;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACTS, `admin-${name}.png`), fullPage: true });
}

async function auditFor(objectId: string): Promise<AuditRow[]> {
  return (await searchAuditLog(client, {}, { limit: 200 })).rows.filter((r) => r.objectId === objectId);
}

beforeAll(async () => {
  client = createDb(app.databaseUrl);
  browser = await launchChromium();
  await account(NAMES.sys, ['sysadmin']);
  await account(NAMES.sec, ['secadmin']);
  await account(NAMES.po, ['press_officer']);
  await account(NAMES.lock, ['press_officer']);
  const login = await fetch(`${app.baseUrl}/login`, { redirect: 'manual' });
  realLogin = login.status !== 404;
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  fs.writeFileSync(path.join(ARTIFACTS, 'admin-signin.txt'), realLogin ? 'signed in through /login\n' : 'FALLBACK: /login missing, sessions created directly\n');
});

afterAll(async () => {
  await browser?.close();
  await client?.$disconnect();
});

describe('三员 role separation on the admin pages', () => {
  test('a press officer is refused both admin pages (403, recorded)', async () => {
    const page = await signedIn(NAMES.po);
    expect(await open(page, '/admin/users')).toBe(403);
    await expect(page.getByRole('heading', { name: '没有权限' }).isVisible()).resolves.toBe(true);
    expect(await open(page, '/admin/security')).toBe(403);
    await shot(page, 'press-officer-403');
    const denied = (await searchAuditLog(client, {}, { limit: 100 })).rows.filter((r) => r.action === 'authz.denied' && r.actor === `user:${NAMES.po}`);
    expect(denied.map((r) => r.objectId)).toEqual(expect.arrayContaining(['users.manage', 'security.manage']));
    await page.context().close();
  });

  test('the system administrator creates an account without roles and sees its one-time password once; business pages, the audit log and role grants are refused', async () => {
    const page = await signedIn(NAMES.sys);
    expect(await open(page, '/admin/users')).toBe(200);
    await expect(page.locator('h1').textContent()).resolves.toBe('账号管理');
    // The sysadmin's own row offers nothing (no self-disable).
    const own = page.locator(`tr[data-username="${NAMES.sys}"]`);
    await expect(own.textContent()).resolves.toContain('（本人）');
    expect(await own.getByRole('button', { name: '停用' }).count()).toBe(0);

    // A bad username is refused next to its field, nothing created.
    await page.locator('#new-username').fill('ab');
    await page.locator('#new-name').fill('测试新人');
    await page.getByRole('button', { name: '创建账号' }).click();
    await page.locator('#new-username-err').waitFor();
    await expect(page.locator('#new-username-err').textContent()).resolves.toBe('用户名至少 3 个字符');
    await expect(page.locator('#new-username').getAttribute('aria-invalid')).resolves.toBe('true');

    await page.locator('#new-username').fill(NAMES.fresh.toUpperCase());
    await page.locator('#new-name').fill('测试新人');
    await page.getByRole('button', { name: '创建账号' }).click();
    const otpBox = page.getByTestId('one-time-password');
    await otpBox.waitFor();
    const otp = (await otpBox.textContent()) ?? '';
    expect(otp).toMatch(/^[\x21-\x7e]{16}$/);
    await expect(page.getByText('首次登录时必须修改密码').first().isVisible()).resolves.toBe(true);
    const row = page.locator(`tr[data-username="${NAMES.fresh}"]`);
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('无角色');
    await shot(page, 'users-created-1366');

    const created = (await findUserByUsername(client, NAMES.fresh))!;
    expect(created.roles).toEqual([]);
    expect(created.mustChangePassword).toBe(true);
    expect(created.passwordHash).not.toContain(otp);
    await expect(verifyPassword(created.passwordHash!, otp)).resolves.toBe(true);
    const createdAudit = await auditFor(NAMES.fresh);
    expect(createdAudit.map((r) => [r.action, r.actor])).toEqual([['user.create', `user:${NAMES.sys}`]]);
    expect(JSON.stringify(createdAudit)).not.toContain(otp);

    // Shown once: a reload does not bring it back.
    expect(await open(page, '/admin/users')).toBe(200);
    expect(await page.content()).not.toContain(otp);
    await page.setViewportSize({ width: 2560, height: 1440 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'admin-users-2560.png') });
    await page.setViewportSize({ width: 1366, height: 900 });

    // Disable the new account: its status changes and the change is audited.
    await page.locator(`tr[data-username="${NAMES.fresh}"]`).getByRole('button', { name: '停用' }).click();
    await page.locator(`tr[data-username="${NAMES.fresh}"] .adm-status-disabled`).waitFor();
    expect((await getUserById(client, created.id))!.status).toBe('disabled');
    expect((await auditFor(NAMES.fresh)).map((r) => r.action)).toContain('user.disable');

    // 三员: no business data, no audit log, no role grants for the system administrator.
    expect(await open(page, '/items')).toBe(403);
    expect(await open(page, '/audit')).toBe(403);
    expect(await open(page, '/admin/security')).toBe(403);
    await page.context().close();
  });

  test('the security administrator grants a role, gets the 三员 refusal in Chinese, and a policy value is checked on its field', async () => {
    const page = await signedIn(NAMES.sec);
    expect(await open(page, '/admin/security')).toBe(200);
    const row = page.locator(`section[aria-labelledby="sec-roles-h"] tr[data-username="${NAMES.po}"]`);
    await expect(page.locator(`section[aria-labelledby="sec-roles-h"] tr[data-username="${NAMES.sec}"]`).textContent()).resolves.toContain('不能修改自己的角色');

    await row.locator('select[name="role"]').selectOption('auditadmin');
    await row.getByRole('button', { name: '授予' }).click();
    const refusal = row.getByText('三员分立：审计管理员账号不能兼任业务角色');
    await refusal.waitFor();
    await expect(refusal.isVisible()).resolves.toBe(true);
    await shot(page, 'security-refused-1366');
    expect((await findUserByUsername(client, NAMES.po))!.roles).toEqual(['press_officer']);

    await row.locator('select[name="role"]').selectOption('leader');
    await row.getByRole('button', { name: '授予' }).click();
    await row.getByRole('button', { name: `撤销 ${NAMES.po} 的领导角色` }).waitFor();
    expect((await findUserByUsername(client, NAMES.po))!.roles).toEqual(['leader', 'press_officer']);
    const grants = (await auditFor(NAMES.po)).filter((r) => r.action === 'role.grant');
    expect(grants.map((r) => [r.actor, r.detailJson])).toEqual([[`user:${NAMES.sec}`, '{"role":"leader"}']]);

    // A policy value out of range is refused on its field; nothing is saved.
    const before = await getSecurityPolicy(client);
    await page.locator('#policy-minLength').fill('7');
    await page.getByRole('button', { name: '保存安全策略' }).click();
    await page.locator('#policy-minLength-err').waitFor();
    await expect(page.locator('#policy-minLength-err').textContent()).resolves.toBe('密码最短长度不能小于 8');
    expect(await getSecurityPolicy(client)).toEqual(before);
    await expect(page.getByText(`默认 ${DEFAULT_POLICY.minLength} 个字符`).first().isVisible()).resolves.toBe(true);
    await shot(page, 'security-1366');
    await page.setViewportSize({ width: 2560, height: 1440 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'admin-security-2560.png') });

    // 三员: no account creation and no audit log for the security administrator.
    expect(await open(page, '/admin/users')).toBe(403);
    expect(await open(page, '/audit')).toBe(403);
    await page.context().close();
  });

  test('a locked account appears with its failed attempt; the security administrator unlocks it and it signs in', async () => {
    if (realLogin) {
      const context = await browser.newContext();
      const attempt = await context.newPage();
      await attempt.goto(`${app.baseUrl}/login`);
      await attempt.locator('input[name="username"]').fill(NAMES.lock);
      await attempt.locator('input[name="password"]').fill('Wrong-Password-123');
      await attempt.getByRole('button', { name: '登录', exact: true }).click();
      await attempt.getByText('用户名或密码错误').waitFor();
      await context.close();
    }
    const lockedUntil = new Date(Date.now() + 30 * 60_000);
    await client.user.update({ where: { username: NAMES.lock }, data: { lockedUntil } });

    const page = await signedIn(NAMES.sec);
    expect(await open(page, `/admin/security?username=${NAMES.lock}`)).toBe(200);
    const locked = page.locator(`section[aria-labelledby="sec-locked-h"] tr[data-username="${NAMES.lock}"]`);
    await locked.waitFor();
    if (realLogin) {
      const attempts = await page.locator('section[aria-labelledby="sec-attempts-h"] tbody tr').allTextContents();
      expect(attempts.length).toBeGreaterThanOrEqual(1);
      expect(attempts[0]).toContain(NAMES.lock);
      expect(attempts[0]).toContain('失败');
      expect(attempts[0]).toContain('密码错误');
    }
    await shot(page, 'security-locked-1366');
    await locked.getByRole('button', { name: `解锁 ${NAMES.lock}` }).click();
    await page.getByText(`已解锁账号 ${NAMES.lock}`).waitFor();
    expect((await findUserByUsername(client, NAMES.lock))!.lockedUntil).toBeNull();
    const unlocks = (await auditFor(NAMES.lock)).filter((r) => r.action === 'user.unlock');
    expect(unlocks.map((r) => r.actor)).toEqual([`user:${NAMES.sec}`]);
    await page.context().close();

    // The unlocked account signs in and lands on its home page.
    const back = await signedIn(NAMES.lock);
    expect(new URL(back.url()).pathname).not.toBe('/login');
    expect(await open(back, '/')).toBe(200);
    await back.context().close();
    expect(dialogs).toEqual([]);
  });
});
