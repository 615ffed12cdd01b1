/** TESTPLAN S18 (browser): viewing the audit log is recorded, searchable and exportable from /audit. */
import path from 'node:path';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { ARTIFACTS, launchChromium } from './app';

const app = inject('app');
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

test('/audit lists its own viewing, filters by action and exports the same search', async () => {
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(`${app.baseUrl}/`, { waitUntil: 'domcontentloaded' });
  await page.getByRole('link', { name: '审计' }).click();
  await page.waitForURL(/\/audit$/);
  await expect(page.getByRole('heading', { name: '审计日志' }).isVisible()).resolves.toBe(true);
  await expect(page.getByText('仅限审计管理员访问').isVisible()).resolves.toBe(true);
  // The first visit was recorded before the page was shown.
  await expect(page.locator('tbody tr').first().textContent()).resolves.toContain('查询审计日志');

  await page.locator('select[name=action]').selectOption('audit.query');
  await page.getByRole('button', { name: '查询' }).click();
  await page.waitForURL(/action=audit\.query/);
  const rows = await page.locator('tbody tr').allTextContents();
  expect(rows.length).toBeGreaterThanOrEqual(2);
  expect(rows.every((r) => r.includes('查询审计日志'))).toBe(true);
  await page.screenshot({ path: path.join(ARTIFACTS, 'audit-1366.png'), fullPage: true });

  const href = await page.getByRole('link', { name: '导出当前查询（CSV）' }).getAttribute('href');
  expect(href).toBe('/audit/export?action=audit.query');
  const csv = await (await fetch(`${app.baseUrl}${href ?? ''}`)).text();
  expect(csv.split('\r\n')[1]).toContain('查询审计日志');
  expect(dialogs).toEqual([]);
  await page.close();
});
