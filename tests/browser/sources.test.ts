/**
 * 信源 in Chromium on the running demo product: the demo sources with their health; a user source
 * pointing at the demo server's feed is previewed (nothing stored), saved, listed and disabled;
 * a bad URL is refused on its field. No dialog opens at any point.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, launchChromium, signedInPage } from './app';

const app = inject('app');
let browser: Browser;
const dialogs: string[] = [];

interface HealthBody {
  worker: { ok: boolean };
  sources: { ok: number };
}

beforeAll(async () => {
  browser = await launchChromium();
  // The demo sources have been fetched at least once (health known) before the list is judged.
  const upAt = Date.now();
  for (;;) {
    const h = (await (await fetch(`${app.baseUrl}/api/health`)).json()) as HealthBody;
    if ((h.worker.ok && h.sources.ok >= 5) || Date.now() - upAt > 90_000) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
});
afterAll(async () => {
  await browser?.close();
});

async function newPage(width = 1366, height = 900): Promise<Page> {
  const page = await signedInPage(browser, app.baseUrl, 'press_officer', { viewport: { width, height } });
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  return page;
}

describe('信源 in the browser', () => {
  test('/sources lists the demo sources with their health, last check and items per day', async () => {
    const page = await newPage();
    await page.goto(`${app.baseUrl}/sources`, { waitUntil: 'networkidle' });
    expect(await page.locator('h1').textContent()).toBe('信源');
    const demoRows = page.locator('tr[data-source-id^="demo-"]');
    expect(await demoRows.count()).toBeGreaterThanOrEqual(7);
    const healthy = demoRows.filter({ has: page.locator('.pill.ok', { hasText: '正常' }) });
    expect(await healthy.count()).toBeGreaterThan(0);
    const first = healthy.first();
    expect(await first.locator('.tag.demo').textContent()).toBe('演示');
    expect(await first.locator('.times').textContent()).toMatch(/检查：.*(秒前|分钟前)/);
    expect(await first.locator('figure.spark').getAttribute('aria-label')).toMatch(/近 14 天共 \d+ 条/);
    // The health filter narrows the list to healthy sources only.
    await page.selectOption('select[name="health"]', 'ok');
    await Promise.all([page.waitForURL(/health=ok/), page.click('form.filters button[type="submit"]')]);
    const pills = await page.locator('tbody .pill').allTextContents();
    expect(pills.length).toBeGreaterThan(0);
    expect(new Set(pills)).toEqual(new Set(['正常']));
    await page.goto(`${app.baseUrl}/sources`, { waitUntil: 'networkidle' });
    await page.screenshot({ path: path.join(ARTIFACTS, 'sources-1366.png'), fullPage: true });
    await page.setViewportSize({ width: 2560, height: 1440 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'sources-2560.png') });
    await page.close();
  });

  test('add a user source for the demo feed: preview stores nothing, save lists it, then disable it', async () => {
    const page = await newPage();
    // The demo server's address, as the dashboard shows it for a demo source.
    await page.goto(`${app.baseUrl}/sources/demo-central-media`, { waitUntil: 'networkidle' });
    const feedUrl = ((await page.locator('dd.source-url').textContent()) ?? '').trim();
    expect(feedUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/central\/rss\.xml$/);
    expect(await page.locator('#log-h').textContent()).toContain('抓取记录');
    expect(await page.locator('#log-h ~ div tbody tr').count()).toBeGreaterThan(0);

    await page.goto(`${app.baseUrl}/sources/new`, { waitUntil: 'networkidle' });
    await page.fill('#f-name', '浏览器测试 · 中央媒体转载');
    await page.fill('#f-url', feedUrl);
    await page.selectOption('#f-category', 'central_media');
    await page.fill('#f-id', 'browser-central');
    await page.click('button[value="preview"]');
    await page.locator('#preview-h', { hasText: '读到' }).waitFor({ timeout: 30_000 });
    expect(await page.locator('.preview .items-table tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('.preview .items-table tbody tr').first().locator('td').nth(1).textContent()).toMatch(/[\u4e00-\u9fff]/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'sources-preview.png'), fullPage: true });
    // Previewing stored nothing: the list has no such source yet.
    expect(await (await page.request.get(`${app.baseUrl}/sources`)).text()).not.toContain('browser-central');

    await Promise.all([page.waitForURL(/\/sources\/browser-central\?saved=1$/), page.click('button[value="save"]')]);
    expect(await page.locator('h1').textContent()).toBe('浏览器测试 · 中央媒体转载');
    expect(await page.locator('.banner.notice').textContent()).toContain('已保存');

    await page.goto(`${app.baseUrl}/sources`, { waitUntil: 'networkidle' });
    const row = page.locator('tr[data-source-id="browser-central"]');
    expect(await row.locator('.name a').textContent()).toBe('浏览器测试 · 中央媒体转载');
    expect(await row.locator('.tag').first().textContent()).toBe('用户添加');
    // Keyboard: the disable button is a real button reached and pressed from the keyboard.
    const disable = row.getByRole('button', { name: '停用信源“浏览器测试 · 中央媒体转载”' });
    await disable.focus();
    await page.keyboard.press('Enter');
    await row.locator('.pill', { hasText: '已停用' }).waitFor({ timeout: 15_000 });
    expect(await row.getByRole('button', { name: /^启用信源/ }).count()).toBe(1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'sources-disabled.png'), fullPage: true });

    // Clean up (its items would otherwise double the demo's): delete asks for a tick, not a dialog.
    await page.goto(`${app.baseUrl}/sources/browser-central`, { waitUntil: 'networkidle' });
    await page.check('.danger-zone input[name="confirm"]');
    await Promise.all([page.waitForURL(/\/sources\?deleted=browser-central/), page.click('.danger-zone button[type="submit"]')]);
    expect(await page.locator('.banner.notice').textContent()).toContain('已删除信源 browser-central');
    expect(await page.locator('tr[data-source-id="browser-central"]').count()).toBe(0);
    await page.close();
  });

  test('a bad URL and a bad interval are refused on their fields, and nothing is saved', async () => {
    const page = await newPage();
    await page.goto(`${app.baseUrl}/sources/new`, { waitUntil: 'networkidle' });
    await page.fill('#f-name', '错误地址测试');
    await page.fill('#f-url', '这不是网址');
    await page.fill('#f-intervalMinutes', '0');
    await page.click('button[value="save"]');
    await page.locator('#f-url-err').waitFor();
    expect(await page.locator('#f-url-err').textContent()).toContain('地址格式无效');
    expect(await page.locator('#f-url').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#f-intervalMinutes-err').textContent()).toContain('1 到 1440');
    expect(await page.locator('[role="alert"] .banner.alert').textContent()).toContain('没有保存');
    // What was typed is still there to correct.
    expect(await page.inputValue('#f-name')).toBe('错误地址测试');
    expect(page.url()).toBe(`${app.baseUrl}/sources/new`);

    // An internal address is refused by the SSRF guard, on the same field.
    await page.fill('#f-url', 'http://127.0.0.1:6379/');
    await page.fill('#f-intervalMinutes', '30');
    await page.click('button[value="preview"]');
    await page.locator('#f-url-err', { hasText: '内网地址不允许' }).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'sources-field-errors.png'), fullPage: true });
    await page.close();
  });

  test('no dialog opened', () => {
    expect(dialogs).toEqual([]);
  });
});
