/**
 * 事件 in real Chromium on the running demo product: the list ranked by heat, the hottest event's
 * detail (spread timeline, sentiment, facts table, related items, alerts and clocks), handling an
 * alert from the page (an illegal step is refused in Chinese, an acknowledgement changes the
 * state), filters, and the Chinese 404. Screenshots at laptop and duty-room widths; no dialog opens.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, launchChromium, signedInPage } from './app';

const app = inject('app');
let browser: Browser;
let page: Page;
const dialogs: string[] = [];

interface HealthBody {
  analysis: { analysed: number; pending: number; events: number };
  alerts: { unresolved: Record<string, number> };
}

/** Open alerts are in /api/health only for signed-in monitoring staff: asked with the page's session. */
async function health(): Promise<HealthBody> {
  const r = await page.request.get(`${app.baseUrl}/api/health`);
  return (await r.json()) as HealthBody;
}

beforeAll(async () => {
  browser = await launchChromium();
  page = await signedInPage(browser, app.baseUrl, 'press_officer', { viewport: { width: 1366, height: 900 } });
  // The demo week is analysed and its alerts raised within about 90 s of start.
  const until = Date.now() + 150_000;
  let h = await health();
  const unresolved = (x: HealthBody) => Object.values(x.alerts.unresolved).reduce((a, b) => a + b, 0);
  while ((h.analysis.pending > 0 || h.analysis.events === 0 || unresolved(h) === 0) && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 1000));
    h = await health();
  }
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
}, 200_000);

afterAll(async () => {
  await browser?.close();
});

describe('事件', () => {
  let eventPath = '';

  test('the list shows events ranked by heat, with grade, place, reports, alerts and clocks', async () => {
    const res = await page.goto(`${app.baseUrl}/events`, { waitUntil: 'networkidle' });
    expect(res?.status()).toBe(200);
    expect(await page.locator('h1').textContent()).toBe('事件');
    const rows = page.locator('table.events-table tbody tr');
    expect(await rows.count()).toBeGreaterThanOrEqual(4);
    const heats = (await page.locator('table.events-table tbody tr td.num strong').allTextContents()).map(Number);
    expect(heats).toEqual([...heats].sort((a, b) => b - a));
    expect(await rows.first().locator('td').nth(1).textContent()).toMatch(/较大|重大|一般/);
    expect(await page.locator('table.events-table').textContent()).toContain('演示省');
    await page.screenshot({ path: path.join(ARTIFACTS, 'events-list-1366.png'), fullPage: true });
    await page.setViewportSize({ width: 2560, height: 1440 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'events-list-2560.png') });
    await page.setViewportSize({ width: 1366, height: 900 });
    eventPath = (await rows.first().locator('td.title a').getAttribute('href')) ?? '';
    expect(eventPath).toMatch(/^\/events\/\d+$/);
  });

  test('filters are a form in the query string: 较大 only', async () => {
    await page.goto(`${app.baseUrl}/events`, { waitUntil: 'networkidle' });
    await page.locator('select[name="grade"]').selectOption('较大');
    await page.locator('form.events-filters button[type="submit"]').press('Enter');
    await page.waitForURL(/grade=/);
    const grades = await page.locator('table.events-table tbody tr td:nth-child(2)').allTextContents();
    expect(grades.length).toBeGreaterThan(0);
    for (const g of grades) expect(g).toBe('较大');
    // A hostile value is ignored and named, never an error page.
    const res = await page.goto(`${app.baseUrl}/events?grade=%3Cscript%3E&page=abc`, { waitUntil: 'networkidle' });
    expect(res?.status()).toBe(200);
    expect(await page.locator('.banner').first().textContent()).toContain('已忽略无效的筛选条件');
  });

  test('the hottest event: header with heat explained, timeline chart, facts, related items, alerts, clocks', async () => {
    await page.goto(`${app.baseUrl}${eventPath}`, { waitUntil: 'networkidle' });
    const title = await page.locator('h1#event-title').textContent();
    expect(title?.length ?? 0).toBeGreaterThan(4);
    expect(await page.locator('.event-facts').textContent()).toMatch(/事故类型.*地点.*事故等级/);
    expect(await page.locator('.heat-table').textContent()).toContain('时间衰减');
    // Spread by source category and sentiment over time, with Chinese axis labels.
    await page.locator('#timeline-h').waitFor();
    const charts = page.locator('figure.events-chart');
    expect(await charts.count()).toBe(2);
    await charts.first().locator('.recharts-bar-rectangle').first().waitFor({ state: 'visible' });
    const chartText = await charts.first().textContent();
    expect(chartText).toContain('时间（北京时间）');
    expect(chartText).toContain('信息条数');
    expect(chartText).toMatch(/政府\/官方|中央媒体|地方媒体/);
    // Facts: official figures against media.
    const facts = page.locator('table.facts-table');
    await facts.waitFor();
    expect(await facts.textContent()).toContain('官方通报');
    expect(await facts.locator('tbody tr').count()).toBeGreaterThan(0);
    // Related items link to the item pages and to the item list filtered by this event.
    const items = page.locator('ol.event-items li');
    expect(await items.count()).toBeGreaterThan(3);
    expect(await items.first().locator('a.title').getAttribute('href')).toMatch(/^\/items\/\d+$/);
    const id = eventPath.split('/').pop();
    expect(await page.locator(`a[href="/items?event=${id}"]`).count()).toBe(1);
    // Alerts linked to the event (or a plain note that none were raised) and its response clocks.
    expect(await page.locator('#alerts-h').textContent()).toMatch(/^关联预警 （\d+ 条未办结，共 \d+ 条）$/);
    expect((await page.locator('li.event-alert').count()) > 0 || (await page.locator('text=这个事件没有触发预警').count()) === 1).toBe(true);
    expect(await page.locator('#clocks-h').textContent()).toBe('回应时限');
    // 处置预案: the built-in plans matching the event's type and grade, each with its reasons.
    const plans = page.locator('.pl-event');
    await plans.waitFor();
    expect(await plans.textContent()).toContain('匹配的预案');
    expect(await page.locator('.pl-match .pl-reasons').count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'event-detail-1366.png'), fullPage: true });
    await page.setViewportSize({ width: 2560, height: 1440 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'event-detail-2560.png'), fullPage: true });
    await page.setViewportSize({ width: 1366, height: 900 });
  });

  test('an alert is handled from the page by the signed-in officer: resolving first is refused in Chinese, acknowledging changes its state', async () => {
    // The hottest event with an alert still open (the demo raises them on its graded accidents).
    await page.goto(`${app.baseUrl}/events?alerts=open&range=all`, { waitUntil: 'networkidle' });
    const first = page.locator('table.events-table tbody tr td.title a').first();
    await first.click();
    await page.waitForURL(/\/events\/\d+$/);
    await page.locator('#alerts-h').waitFor();
    const alert = page.locator('li.event-alert.open').first();
    await alert.waitFor();
    const alertId = await alert.getAttribute('data-alert-id');
    const form = alert.locator('form.alert-actions');
    await form.getByLabel(/说明/).fill('已发布权威信息');
    await form.getByRole('button', { name: '办结' }).click();
    await expect.poll(() => form.locator('[role="status"]').textContent(), { timeout: 15_000 }).toContain('请先确认或分派');
    expect(await alert.locator('.alert-state').textContent()).toBe('待处理');

    // By keyboard: focus the button and press Enter.
    await form.getByRole('button', { name: '确认' }).focus();
    await page.keyboard.press('Enter');
    const same = page.locator(`li.event-alert[data-alert-id="${alertId}"]`);
    await expect.poll(() => same.locator('.alert-state').textContent(), { timeout: 15_000 }).toBe('已确认');
    expect(await same.locator('[role="status"]').textContent()).toContain('已确认（操作人：演示·舆情值班员）');
    expect(await same.textContent()).toContain('演示·舆情值班员 确认于');
    await page.screenshot({ path: path.join(ARTIFACTS, 'event-alert-acknowledged.png'), fullPage: false });
    // The state is stored: a fresh load shows it.
    await page.reload({ waitUntil: 'networkidle' });
    expect(await page.locator(`li.event-alert[data-alert-id="${alertId}"] .alert-state`).textContent()).toBe('已确认');
  });

  test('an unknown or malformed id shows the Chinese not-found page, not indexed', async () => {
    for (const bad of ['/events/99999999', '/events/abc', '/events/0012']) {
      // The status is 404 only when nothing has streamed yet; the app's global loading.tsx streams
      // first, so Next marks the streamed not-found page noindex instead (see the report).
      await page.goto(`${app.baseUrl}${bad}`, { waitUntil: 'networkidle' });
      await page.locator('h1', { hasText: '找不到这个事件' }).waitFor();
      expect(await page.locator('h1').first().textContent(), bad).toBe('找不到这个事件');
      expect(await page.locator('meta[name="robots"][content*="noindex"]').count(), bad).toBeGreaterThan(0);
      expect(await page.locator('a[href="/events"]', { hasText: '返回事件列表' }).count(), bad).toBe(1);
    }
    await page.screenshot({ path: path.join(ARTIFACTS, 'event-404.png') });
  });

  test('no dialog opened', () => {
    expect(dialogs).toEqual([]);
  });
});
