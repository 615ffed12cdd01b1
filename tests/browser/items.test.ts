/**
 * 信息 (items) in real Chromium on the running demo product: filter, search a Chinese word and see
 * the hits marked, open an item and see its cues explained, download a CSV; no dialog ever opens.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, launchChromium, signedInPage } from './app';

const app = inject('app');
let browser: Browser;
const dialogs: string[] = [];

async function open(width = 1366, height = 900): Promise<Page> {
  const page = await signedInPage(browser, app.baseUrl, 'press_officer', { viewport: { width, height }, acceptDownloads: true });
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  return page;
}

beforeAll(async () => {
  browser = await launchChromium();
  // The demo corpus must be stored and analysed (the analysis writes the search index).
  const deadline = Date.now() + 150_000;
  for (;;) {
    const h = (await (await fetch(`${app.baseUrl}/api/health`)).json()) as { analysis: { analysed: number; pending: number } };
    if (h.analysis.analysed > 50 && h.analysis.pending === 0) break;
    if (Date.now() > deadline) throw new Error('demo corpus not analysed in time');
    await new Promise((r) => setTimeout(r, 1000));
  }
}, 200_000);
afterAll(async () => {
  await browser?.close();
  expect(dialogs).toEqual([]);
});

describe('信息', () => {
  test('the list shows the newest items; a sentiment filter keeps only that sentiment', async () => {
    const page = await open();
    await page.goto(`${app.baseUrl}/items`, { waitUntil: 'networkidle' });
    expect(await page.locator('h1').textContent()).toBe('信息');
    const rows = page.locator('table.items-table tbody tr');
    expect(await rows.count()).toBeGreaterThan(10);
    await page.getByLabel('情感').selectOption('negative');
    await Promise.all([page.waitForURL(/label=negative/), page.getByRole('button', { name: '筛选' }).click()]);
    const labels = await page.locator('table.items-table tbody tr .tag.sentiment').allTextContents();
    expect(labels.length).toBeGreaterThan(0);
    expect(new Set(labels)).toEqual(new Set(['负面']));
    await page.screenshot({ path: path.join(ARTIFACTS, 'items-filtered.png'), fullPage: true });
    await page.close();
  });

  test('a wrong filter value is explained in Chinese, the page still works', async () => {
    const page = await open();
    const res = await page.goto(`${app.baseUrl}/items?minRisk=abc&label=bad`, { waitUntil: 'networkidle' });
    expect(res?.status()).toBe(200);
    const errors = await page.locator('.errors').textContent();
    expect(errors).toContain('最低风险须为 0 到 100 的整数');
    expect(errors).toContain('情感只能是');
    expect(await page.locator('table.items-table tbody tr').count()).toBeGreaterThan(0);
    await page.close();
  });

  test('searching a Chinese word marks the hits; the item detail highlights its cues and explains them', async () => {
    const page = await open();
    await page.goto(`${app.baseUrl}/items`, { waitUntil: 'networkidle' });
    expect(await page.locator('#search-help').textContent()).toContain('双引号');
    await page.getByLabel('全文检索').fill('透水');
    await Promise.all([page.waitForURL(/q=/), page.getByLabel('全文检索').press('Enter')]);
    // The list streams in behind its loading state: wait until it is revealed, not merely received.
    await page.locator('table.items-table').waitFor({ state: 'visible' });
    expect(await page.locator('#results-h').textContent()).toBe('检索结果');
    const rows = page.locator('table.items-table tbody tr');
    expect(await rows.count()).toBeGreaterThan(0);
    const hits = await page.locator('mark.hit').allTextContents();
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((h) => h.includes('透水'))).toBe(true);
    // Every row has the word in its title or snippet.
    for (const text of await rows.locator('td.title-cell').allTextContents()) expect(text).toContain('透水');
    await page.screenshot({ path: path.join(ARTIFACTS, 'items-search.png'), fullPage: true });

    // Open the first hit, with the keyboard.
    const link = rows.first().locator('a.title');
    await link.waitFor({ state: 'visible' });
    await link.focus();
    await Promise.all([page.waitForURL(/\/items\/\d+$/, { waitUntil: 'commit' }), page.keyboard.press('Enter')]);
    await page.locator('#why-h').waitFor({ state: 'visible' });
    expect(await page.locator('mark.cue').count()).toBeGreaterThan(0);
    expect(await page.locator('#why-h').textContent()).toContain('为什么');
    expect(await page.locator('#risk-h').textContent()).toBe('风险因素');
    const legend = await page.locator('section[aria-labelledby="why-h"] tbody tr').count();
    expect(legend).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'item-detail.png'), fullPage: true });
    await page.close();
  });

  test('the duty-room screen shows the same list without overflow', async () => {
    const page = await open(2560, 1440);
    await page.goto(`${app.baseUrl}/items?range=30d`, { waitUntil: 'networkidle' });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(2560);
    await page.screenshot({ path: path.join(ARTIFACTS, 'items-2560.png') });
    await page.close();
  });

  test('the CSV export downloads the current filter, with a BOM and Chinese headers', async () => {
    const page = await open();
    await page.goto(`${app.baseUrl}/items?q=${encodeURIComponent('透水')}`, { waitUntil: 'networkidle' });
    const shown = await page.locator('table.items-table tbody tr').count();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^信息导出_\d{8}-\d{4}\.csv$/);
    const file = path.join(ARTIFACTS, 'items-export.csv');
    await download.saveAs(file);
    const bytes = fs.readFileSync(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').split('\r\n').filter(Boolean);
    expect(lines[0]).toContain('"时间","信源","信源类别","标题"');
    expect(lines.length - 1).toBeGreaterThanOrEqual(shown);
    for (const line of lines.slice(1)) expect(line).toContain('透水');
    await page.close();
  });
});
