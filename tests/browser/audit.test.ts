/**
 * TESTPLAN S18 (browser): the audit trail as the audit administrator sees it. Sign-ins, the forced
 * password change, a business action and a refused access by another account all appear with who,
 * what and result; viewing is itself recorded; the search exports as CSV; nobody else gets in.
 */
import path from 'node:path';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, launchChromium, signedInPage } from './app';

const app = inject('app');
let browser: Browser;
let auditor: Page;
const dialogs: string[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  auditor = await signedInPage(browser, app.baseUrl, { username: 'auditadmin', password: app.admins.auditadmin }, { viewport: { width: 1366, height: 900 } });
  auditor.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

async function search(params: string): Promise<string[]> {
  await auditor.goto(`${app.baseUrl}/audit?${params}`, { waitUntil: 'domcontentloaded' });
  // The search was understood (an unknown value would be named as ignored and the list unfiltered).
  expect(await auditor.locator('.banner.demo', { hasText: '无效' }).count()).toBe(0);
  return auditor.locator('tbody tr').allTextContents();
}

test('the audit administrator lands on /audit, and its first visit is already recorded', async () => {
  expect(new URL(auditor.url()).pathname).toBe('/audit');
  // The sign-in lands before the streamed page is revealed: wait for it.
  await auditor.getByRole('heading', { name: '审计日志' }).waitFor();
  await auditor.locator('tbody tr').first().waitFor();
  await expect(auditor.getByText('仅限审计管理员访问').isVisible()).resolves.toBe(true);
  await expect(auditor.locator('tbody tr').first().textContent()).resolves.toContain('查询审计日志');
  // The nav offers the audit administrator no business section.
  const nav = await auditor.locator('nav[aria-label="主导航"] a').allTextContents();
  expect(nav).toEqual(['审计']);
});

test('sign-ins and the forced first password change of the administrators are on record', async () => {
  const logins = await search('action=auth.login');
  expect(logins.some((r) => r.includes('auditadmin') && r.includes('登录'))).toBe(true);
  const changes = await search('action=auth.password_change');
  for (const admin of ['sysadmin', 'secadmin', 'auditadmin']) expect(changes.some((r) => r.includes(admin)), admin).toBe(true);
});

test('another account refused at /audit is recorded as 越权访问被拒绝, with the account and result', async () => {
  const officer = await signedInPage(browser, app.baseUrl, 'press_officer');
  const res = await officer.goto(`${app.baseUrl}/audit`);
  expect(res?.status()).toBe(403);
  expect(await officer.locator('h1').textContent()).toBe('没有权限');
  const exportRes = await officer.request.get(`${app.baseUrl}/audit/export`);
  expect(exportRes.status()).toBe(403);
  await officer.context().close();

  const rows = await search('action=authz.denied&actor=demo_duty');
  expect(rows.length).toBeGreaterThanOrEqual(2);
  expect(rows[0]).toContain('demo_duty');
  expect(rows[0]).toContain('拒绝');
  await auditor.screenshot({ path: path.join(ARTIFACTS, 'audit-denied-1366.png'), fullPage: true });
});

test('a search exports as the same CSV, with the session; without one the export is refused', async () => {
  await auditor.goto(`${app.baseUrl}/audit?action=audit.query`, { waitUntil: 'domcontentloaded' });
  const rows = await auditor.locator('tbody tr').allTextContents();
  expect(rows.length).toBeGreaterThanOrEqual(2);
  expect(rows.every((r) => r.includes('查询审计日志'))).toBe(true);
  const href = await auditor.getByRole('link', { name: '导出当前查询（CSV）' }).getAttribute('href');
  expect(href).toBe('/audit/export?action=audit.query');
  const csv = await (await auditor.request.get(`${app.baseUrl}${href ?? ''}`)).text();
  expect(csv.split('\r\n')[1]).toContain('查询审计日志');
  // Without a cookie proxy.ts sends the browser to sign in; the file is never produced.
  const anonymous = await fetch(`${app.baseUrl}${href ?? ''}`, { redirect: 'manual' });
  expect(anonymous.status).toBe(307);
  expect(new URL(anonymous.headers.get('location') ?? '', app.baseUrl).pathname).toBe('/login');
  // A made-up cookie passes proxy.ts's presence check; the DAL still refuses it (TESTPLAN S3).
  const forged = await fetch(`${app.baseUrl}${href ?? ''}`, { redirect: 'manual', headers: { cookie: 'som_session=AAAAAAAAAAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB' } });
  expect(forged.status).toBe(401);
  expect(dialogs).toEqual([]);
});

test('exports are rate-limited per account: the sixth in a minute is refused with 429 in Chinese (TESTPLAN S22)', async () => {
  const statuses: number[] = [];
  let refusal = '';
  for (let i = 0; i < 6; i++) {
    const r = await auditor.request.get(`${app.baseUrl}/audit/export?action=auth.login`);
    statuses.push(r.status());
    if (r.status() === 429) refusal = await r.text();
  }
  expect(statuses).toContain(429);
  expect(statuses.indexOf(429)).toBeLessThanOrEqual(5);
  expect(refusal).toContain('请求过于频繁');
});
