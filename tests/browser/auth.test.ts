/**
 * TESTPLAN S8, S9, S12, S13, S21 in the browser: the sign-in gate, generic refusals, lockout, the
 * forced first password change, the demo buttons, sign-out revoking the cookie, and the security
 * headers (CSP with a nonce on every script).
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createDb, createUser, searchAuditLog } from '@/lib/db';
import type { Db } from '@/lib/db';
import { hashPassword } from '@/lib/auth/password';
import type { Role } from '@/lib/auth/roles';
import { ARTIFACTS, launchChromium } from './app';

const app = inject('app');
let browser: Browser;
let client: Db;
const GENERIC = '用户名或密码错误';

beforeAll(async () => {
  browser = await launchChromium();
  client = createDb(app.databaseUrl);
});
afterAll(async () => {
  await browser?.close();
  await client?.$disconnect();
});

/** An account of this file's own, created as the system administrator's page would. */
async function account(username: string, password: string, roles: Role[], mustChangePassword = false): Promise<void> {
  const r = await createUser(client, { username, name: `浏览器测试 ${username}`, roles, passwordHash: await hashPassword(password), mustChangePassword, createdBy: 'test:browser' });
  if (!r.ok) throw new Error(r.message);
}

interface Watched {
  context: BrowserContext;
  page: Page;
  dialogs: string[];
  cspViolations: string[];
}

async function freshPage(): Promise<Watched> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  const dialogs: string[] = [];
  const cspViolations: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to (execute|load|apply)/i.test(m.text())) cspViolations.push(m.text());
  });
  return { context, page, dialogs, cspViolations };
}

/**
 * Fills and submits the sign-in form; resolves with the action's response headers, which are sent
 * once the action has run (a session cookie, if any, is among them; the body streams on).
 */
async function submitLogin(page: Page, username: string, password: string): Promise<Record<string, string>> {
  await page.locator('input[name="username"]').fill(username);
  await page.locator('input[name="password"]').fill(password);
  const answered = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/login');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  return (await answered).allHeaders();
}

async function sessionCookie(context: BrowserContext) {
  return (await context.cookies()).find((c) => c.name === '__Host-som_session' || c.name === 'som_session');
}

test('an unauthenticated visit to / lands on the sign-in page; the API answers 401', async () => {
  const w = await freshPage();
  await w.page.goto(`${app.baseUrl}/`);
  expect(new URL(w.page.url()).pathname).toBe('/login');
  await expect(w.page.getByRole('heading', { name: '登录' }).isVisible()).resolves.toBe(true);
  const direct = await fetch(`${app.baseUrl}/items`, { redirect: 'manual' });
  expect(direct.status).toBe(307);
  expect(new URL(direct.headers.get('location') ?? '', app.baseUrl).pathname).toBe('/login');
  const api = await fetch(`${app.baseUrl}/api/items`);
  expect(api.status).toBe(401);
  expect(await api.json()).toMatchObject({ error: { code: 'unauthenticated' } });
  expect(w.dialogs).toEqual([]);
  await w.context.close();
});

test('security headers: CSP with a fresh nonce that every script carries; no violation while signing in and browsing', async () => {
  const a = await fetch(`${app.baseUrl}/login`);
  const b = await fetch(`${app.baseUrl}/login`);
  const csp = a.headers.get('content-security-policy') ?? '';
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  expect(nonce).toBeTruthy();
  expect(b.headers.get('content-security-policy')).not.toBe(csp);
  expect(csp).toContain("'strict-dynamic'");
  expect(csp).not.toContain('unsafe-eval');
  expect(csp).toMatch(/script-src [^;]*/);
  expect(/script-src [^;]*/.exec(csp)?.[0]).not.toContain('unsafe-inline');
  for (const d of ["frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'", "form-action 'self'"]) expect(csp).toContain(d);
  expect(a.headers.get('x-content-type-options')).toBe('nosniff');
  expect(a.headers.get('x-frame-options')).toBe('DENY');
  expect(a.headers.get('referrer-policy')).toBe('no-referrer');
  const html = await a.text();
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  expect(scripts.length).toBeGreaterThan(0);
  for (const s of scripts) expect(s, s).toContain(`nonce="${nonce}"`);

  // In the browser: the page hydrates (the demo buttons work) without a single CSP report.
  const w = await freshPage();
  await w.page.goto(`${app.baseUrl}/login`);
  await w.page.getByRole('button', { name: '舆情值班员', exact: true }).click();
  await w.page.waitForURL((u) => u.pathname === '/');
  await w.page.goto(`${app.baseUrl}/account`);
  await expect(w.page.getByRole('heading', { name: '我的账号' }).isVisible()).resolves.toBe(true);
  expect(w.cspViolations).toEqual([]);
  await w.context.close();
});

describe('refusals and lockout', () => {
  test('a wrong password shows the generic message, as does an unknown user', async () => {
    await account('e2e_wrong', 'Right#Password-2026', ['press_officer']);
    const w = await freshPage();
    await w.page.goto(`${app.baseUrl}/login`);
    expect((await submitLogin(w.page, 'e2e_wrong', 'not-the-password'))['set-cookie']).toBeUndefined();
    await w.page.getByRole('alert').filter({ hasText: GENERIC }).waitFor();
    expect(await w.page.locator('input[name="username"]').inputValue()).toBe('e2e_wrong');
    expect(await w.page.locator('input[name="password"]').inputValue()).toBe('');
    await submitLogin(w.page, 'e2e_nobody_here', 'whatever');
    await w.page.getByRole('alert').filter({ hasText: GENERIC }).waitFor();
    expect(new URL(w.page.url()).pathname).toBe('/login');
    expect(await sessionCookie(w.context)).toBeUndefined();
    await w.page.screenshot({ path: path.join(ARTIFACTS, 'auth-login-refused.png'), fullPage: true });
    await w.context.close();
  });

  test('five wrong passwords lock the account: the right password is then refused with the same message', async () => {
    await account('e2e_lock', 'Right#Password-2026', ['press_officer']);
    const w = await freshPage();
    await w.page.goto(`${app.baseUrl}/login`);
    for (let i = 0; i < 5; i += 1) {
      expect((await submitLogin(w.page, 'e2e_lock', `wrong-${i}`))['set-cookie']).toBeUndefined();
      await w.page.getByRole('alert').filter({ hasText: GENERIC }).waitFor();
    }
    // The right password now: the same refusal, no cookie.
    expect((await submitLogin(w.page, 'e2e_lock', 'Right#Password-2026'))['set-cookie']).toBeUndefined();
    await w.page.getByRole('alert').filter({ hasText: GENERIC }).waitFor();
    expect(new URL(w.page.url()).pathname).toBe('/login');
    expect(await sessionCookie(w.context)).toBeUndefined();
    const locks = await searchAuditLog(client, { action: 'auth.lockout', objectId: 'e2e_lock' }, { limit: 5 });
    expect(locks.rows).toHaveLength(1);
    const fails = await searchAuditLog(client, { action: 'auth.login_failed', objectId: 'e2e_lock' }, { limit: 10 });
    expect(fails.rows.map((r) => r.reason).sort()).toEqual(['bad_password', 'bad_password', 'bad_password', 'bad_password', 'bad_password', 'locked']);
    await w.context.close();
  });
});

test('forced password change at first sign-in of an administrator; its cookie is __Host-, HttpOnly, Secure, SameSite=Strict', async () => {
  await account('e2e_sys2', 'OneTime#Boot-2026x', ['sysadmin'], true);
  const w = await freshPage();
  // Fixation (S8): a value planted before sign-in is replaced.
  const host = new URL(app.baseUrl).hostname;
  await w.context.addCookies([{ name: '__Host-som_session', value: `${'a'.repeat(24)}.${'b'.repeat(43)}`, domain: host, path: '/', secure: true }]);
  await w.page.goto(`${app.baseUrl}/login`);
  await submitLogin(w.page, 'e2e_sys2', 'OneTime#Boot-2026x');
  await w.page.waitForURL((u) => u.pathname === '/account/password');
  await expect(w.page.getByText('首次登录或密码已到期').isVisible()).resolves.toBe(true);
  const cookie = await sessionCookie(w.context);
  expect(cookie).toMatchObject({ name: '__Host-som_session', httpOnly: true, secure: true, sameSite: 'Strict', path: '/' });
  expect(cookie?.value).not.toBe(`${'a'.repeat(24)}.${'b'.repeat(43)}`);
  // Other pages are closed until the password is changed.
  await w.page.goto(`${app.baseUrl}/`);
  expect(new URL(w.page.url()).pathname).toBe('/account/password');

  const fill = async (current: string, next: string, confirm = next) => {
    await w.page.locator('input[name="currentPassword"]').fill(current);
    await w.page.locator('input[name="newPassword"]').fill(next);
    await w.page.locator('input[name="confirmPassword"]').fill(confirm);
    await w.page.getByRole('button', { name: '修改密码', exact: true }).click();
  };
  await fill('OneTime#Boot-2026x', 'short1');
  await w.page.locator('#pw-new-err').waitFor();
  await expect(w.page.locator('#pw-new-err').textContent()).resolves.toContain('至少');
  await w.page.screenshot({ path: path.join(ARTIFACTS, 'auth-forced-change.png'), fullPage: true });
  await fill('OneTime#Boot-2026x', 'OneTime#Boot-2026x');
  await w.page.locator('#pw-new-err').filter({ hasText: '不能与当前密码相同' }).waitFor();
  await fill('OneTime#Boot-2026x', 'Granite#Harbour-57');
  await w.page.waitForURL((u) => u.pathname !== '/account/password');
  expect(new URL(w.page.url()).pathname).toBe('/admin/users');
  expect(w.dialogs).toEqual([]);
  await w.context.close();
});

describe('demo accounts and sign-out', () => {
  test.each([
    ['舆情值班员', 'demo_duty'],
    ['撰稿人', 'demo_writer'],
    ['保密审查员', 'demo_reviewer'],
    ['领导', 'demo_leader'],
  ])('the demo button %s signs in as %s (SameSite=Lax cookie), marked as a demo account', async (label, username) => {
    const w = await freshPage();
    await w.page.goto(`${app.baseUrl}/login`);
    await expect(w.page.getByRole('heading', { name: '演示模式 · 演示账号' }).isVisible()).resolves.toBe(true);
    await w.page.getByRole('button', { name: label, exact: true }).click();
    await w.page.waitForURL((u) => u.pathname === '/');
    expect(await sessionCookie(w.context)).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    await w.page.goto(`${app.baseUrl}/account`);
    await expect(w.page.locator('.auth-facts').textContent()).resolves.toContain(username);
    await expect(w.page.getByText('演示账号', { exact: true }).first().isVisible()).resolves.toBe(true);
    await w.context.close();
  });

  test('sign-out returns to /login, and the old cookie no longer opens anything (row deleted, audited)', async () => {
    const w = await freshPage();
    await w.page.goto(`${app.baseUrl}/login`);
    await w.page.getByRole('button', { name: '领导', exact: true }).click();
    await w.page.waitForURL((u) => u.pathname === '/');
    const old = await sessionCookie(w.context);
    expect(old).toBeTruthy();
    const replay = (p: string) => fetch(`${app.baseUrl}${p}`, { headers: { cookie: `${old!.name}=${old!.value}` }, redirect: 'manual' });
    expect((await replay('/account')).status).toBe(200);

    await w.page.goto(`${app.baseUrl}/account`);
    await w.page.getByRole('button', { name: '退出登录', exact: true }).first().click();
    await w.page.waitForURL((u) => u.pathname === '/login');
    expect(await sessionCookie(w.context)).toBeUndefined();
    const after = await replay('/account');
    expect(after.status).toBe(307);
    expect(new URL(after.headers.get('location') ?? '', app.baseUrl).pathname).toBe('/login');
    const followed = await fetch(`${app.baseUrl}/account`, { headers: { cookie: `${old!.name}=${old!.value}` } });
    expect(new URL(followed.url).pathname).toBe('/login');
    expect(await followed.text()).not.toContain('账号信息');
    const logout = await searchAuditLog(client, { action: 'auth.logout', actor: 'user:demo_leader' }, { limit: 5 });
    expect(logout.rows.length).toBeGreaterThanOrEqual(1);
    await w.context.close();
  });
});
