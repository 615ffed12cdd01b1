import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { ARTIFACTS, launchChromium, signedInPage } from './app';

const app = inject('app');
let browser: Browser;

interface HealthBody {
  status: string;
  database: { ok: boolean };
  worker: { ok: boolean };
  sources: { enabled: number; ok: number };
  items: { total: number };
  analysis: { analysed: number; failed: number; pending: number; events: number };
  alerts?: { unresolved: Record<string, number> };
}

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** Anonymous (a monitoring probe), or with a press officer's session: open alerts only with one. */
async function health(cookie?: string): Promise<HealthBody> {
  const r = await fetch(`${app.baseUrl}/api/health`, cookie ? { headers: { cookie } } : {});
  return (await r.json()) as HealthBody;
}

async function officerCookie(): Promise<string> {
  const page = await signedInPage(browser, app.baseUrl, 'press_officer');
  const cookies = await page.context().cookies();
  await page.context().close();
  return cookies.map((c) => `${c.name}=${c.value}`).join('; ');
}

describe('a fresh start shows the demo corpus', () => {
  test('within 60 s of the web server answering, /api/health reports a live worker and stored items', async () => {
    const upAt = Date.now();
    let h = await health();
    while ((!h.worker.ok || h.items.total <= 50) && Date.now() - upAt < 60_000) {
       
      await new Promise((r) => setTimeout(r, 1000));
       
      h = await health();
    }
    expect(h.database.ok).toBe(true);
    expect(h.worker.ok).toBe(true);
    expect(h.items.total).toBeGreaterThan(50);
    expect(h.sources.ok).toBeGreaterThan(0);
  });

  test('the worker analyses what it stored and raises alerts from the demo week', async () => {
    const upAt = Date.now();
    const cookie = await officerCookie();
    let h = await health(cookie);
    const unresolved = (x: typeof h) => Object.values(x.alerts?.unresolved ?? {}).reduce((a, b) => a + b, 0);
    while ((h.analysis.pending > 0 || h.analysis.analysed === 0 || unresolved(h) === 0) && Date.now() - upAt < 90_000) {
      await new Promise((r) => setTimeout(r, 1000));
      h = await health(cookie);
    }
    expect(h.analysis.analysed).toBeGreaterThan(50);
    expect(h.analysis.failed).toBe(0);
    expect(h.analysis.events).toBeGreaterThan(0);
    expect(unresolved(h)).toBeGreaterThan(0);
    // Without a session the same address answers without alerts and system events.
    const anonymous = await health();
    expect(anonymous.alerts).toBeUndefined();
    expect(anonymous).not.toHaveProperty('events');
    expect(anonymous.analysis.analysed).toBeGreaterThan(0);
  });

  test('the overview renders items, the hourly chart and source health, in Chinese', async () => {
    const page = await signedInPage(browser, app.baseUrl, 'press_officer', { viewport: { width: 1440, height: 1000 } });
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(app.baseUrl, { waitUntil: 'networkidle' });
    expect(await page.locator('h1').textContent()).toBe('态势总览');
    const items = page.locator('ol.items li');
    expect(await items.count()).toBeGreaterThan(10);
    await page.locator('text=演示模式').first().waitFor({ state: 'visible' });
    await page.locator('.recharts-bar-rectangle').first().waitFor({ state: 'visible' });
    expect(await page.locator('#sources-h').textContent()).toContain('信源健康');
    // Today against the usual, in words a leader reads without help.
    const todayKpi = page.locator('.kpi', { hasText: '今日信息' });
    expect(Number(await todayKpi.locator('.kpi-value').textContent())).toBeGreaterThanOrEqual(0);
    expect(await todayKpi.locator('.kpi-note').textContent()).toMatch(/较常态|历史数据不足/);
    expect(await page.locator('#attention-h').textContent()).toContain('需关注的信息');
    // Alerts come first, each with its level, kind and the reason with its numbers.
    const alerts = page.locator('ol.alerts li.alert-row');
    expect(await alerts.count()).toBeGreaterThan(0);
    expect(await alerts.first().locator('.level').textContent()).toMatch(/^(红|橙|黄|蓝)色预警（[一二三四]级）$/);
    expect((await alerts.first().locator('.why').textContent())?.length ?? 0).toBeGreaterThan(10);
    expect(await page.locator('#events-h').textContent()).toContain('重点事件');
    await page.screenshot({ path: path.join(ARTIFACTS, 'overview-1440.png'), fullPage: true });
    await page.setViewportSize({ width: 2560, height: 1440 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'overview-2560.png') });
    expect(dialogs).toEqual([]);
    await page.close();
  });
});
