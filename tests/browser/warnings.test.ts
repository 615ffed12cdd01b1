/**
 * 预警 in Chromium on the running demo product: the demo week's official hazard warnings in force,
 * grouped by region, each level in colour and in words, linked to the item it came from; the level
 * filter; the lately ended section. No dialog opens.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { ARTIFACTS, launchChromium, signedInPage } from './app';

const app = inject('app');
let browser: Browser;

interface HealthBody {
  worker: { ok: boolean };
  items: { total: number };
  analysis: { analysed: number; pending: number };
}

const LEVEL_WORDS = /^(红|橙|黄|蓝)色预警（[一二三四]级）$/;
const RANK: Record<string, number> = { 红: 4, 橙: 3, 黄: 2, 蓝: 1 };

beforeAll(async () => {
  browser = await launchChromium();
  // Warnings are read from items by the analysis: wait until the demo corpus is analysed.
  const upAt = Date.now();
  for (;;) {
    const h = (await (await fetch(`${app.baseUrl}/api/health`)).json()) as HealthBody;
    if ((h.worker.ok && h.items.total > 50 && h.analysis.analysed > 50 && h.analysis.pending === 0) || Date.now() - upAt > 90_000) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
});
afterAll(async () => {
  await browser?.close();
});

describe('预警 in the browser', () => {
  test('the demo week’s hazard warnings in force, by region and level, in words as well as colour', async () => {
    const page = await signedInPage(browser, app.baseUrl, 'press_officer', { viewport: { width: 1366, height: 900 } });
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(`${app.baseUrl}/warnings`, { waitUntil: 'networkidle' });
    expect(await page.locator('h1').textContent()).toBe('灾害预警');
    const rows = page.locator('.hazard-row');
    const n = await rows.count();
    if (n === 0) {
      // Allowed by the brief, but the demo week has warnings in force: say so if this ever happens.
      expect(await page.locator('.empty').first().textContent()).toContain('当前没有生效中的灾害/隐患预警');
    } else {
      expect(await page.locator('.hazard-group h2').first().textContent()).toContain('演示省');
      const levels = await page.locator('.hazard-group').first().locator('.hazard-row .hazard-head .level').allTextContents();
      for (const l of levels) expect(l).toMatch(LEVEL_WORDS);
      // Highest level first inside a region.
      const ranks = levels.map((l) => RANK[l.charAt(0)] ?? 0);
      expect([...ranks].sort((a, b) => b - a)).toEqual(ranks);
      // Publisher, issue time and validity are printed; the source item is one click away.
      expect(await rows.first().locator('.hazard-meta').textContent()).toMatch(/发布单位：.+发布时间.+(有效期至|未注明有效期)/);
      expect(await rows.first().locator('.hazard-title a').getAttribute('href')).toMatch(/^\/items\/\d+$/);
      // The demo's rain warning was raised step by step: its history is shown.
      expect(await page.locator('.hazard-history li').count()).toBeGreaterThan(1);
    }
    await page.screenshot({ path: path.join(ARTIFACTS, 'warnings-1366.png'), fullPage: true });
    await page.setViewportSize({ width: 2560, height: 1440 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'warnings-2560.png') });

    // The level filter: only the chosen level remains.
    await page.setViewportSize({ width: 1366, height: 900 });
    if (n > 0) {
      const chosen = (await rows.first().locator('.hazard-head .level').getAttribute('class'))?.split(' ').pop() ?? 'orange';
      await page.selectOption('select[name="level"]', chosen);
      await Promise.all([page.waitForURL(new RegExp(`level=${chosen}`)), page.click('form.hazard-filters button[type="submit"]')]);
      const classes = await page.locator('.hazard-row').evaluateAll((els) => els.map((e) => e.className));
      expect(classes.length).toBeGreaterThan(0);
      for (const c of classes) expect(c).toBe(`hazard-row ${chosen}`);
    }
    expect(await page.locator('#ended-h').textContent()).toMatch(/近 7 天已解除或已过期（\d+）/);
    expect(dialogs).toEqual([]);
    await page.close();
  });
});
