/**
 * 应对预案 in Chromium on the running product. The built-in library is seeded at start; the demo
 * press officer opens a demo event, sees the matched plans with their reasons beside the response
 * clocks, starts the first one and ticks two steps, each shown with who and when (and stored so,
 * audited as plan.activate and plan.step). In the editor a missing 核心口径 is named in Chinese next to
 * the field and nothing is saved until it is filled. A drafter sees the checklist without any form,
 * cannot open the editor (403), and the press officer's captured tick POST replayed from the
 * drafter's session is refused 403 and changes nothing.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { createDb, searchAuditLog } from '@/lib/db';
import { ARTIFACTS, captureActionPost, failOnDialog, launchChromium, replayActionPost, signedInPage } from './app';
import type { CapturedPost } from './app';

const app = inject('app');
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** The demo corpus is crawled and analysed within about 90 s of start: wait for an event with reports. */
async function waitForEvent(): Promise<number> {
  const client = createDb(app.databaseUrl);
  try {
    const deadline = Date.now() + 180_000;
    for (;;) {
      const e = await client.event.findFirst({ where: { itemCount: { gte: 2 } }, orderBy: [{ itemCount: 'desc' }, { id: 'asc' }], select: { id: true } });
      if (e) return e.id;
      if (Date.now() > deadline) throw new Error('no demo event appeared within 180 s');
      await new Promise((r) => setTimeout(r, 5_000));
    }
  } finally {
    await client.$disconnect();
  }
}

describe('应对预案 in the browser', () => {
  let eventId = 0;
  let runId = 0;
  let tickPost: () => CapturedPost | null = () => null;

  test('the library is seeded; a press officer starts the matched plan on an event and ticks two steps; who and when are shown and audited', async () => {
    const page = await signedInPage(browser, app.baseUrl, 'press_officer', { viewport: { width: 1366, height: 900 } });
    const dialogs: string[] = [];
    failOnDialog(page, dialogs);
    eventId = await waitForEvent();
    tickPost = captureActionPost(page, (p) => p === `/events/${eventId}`, /seq"\r\n\r\n\d+\r\n/);

    await page.goto(`${app.baseUrl}/plans`);
    expect(await page.locator('h1').textContent()).toBe('应对预案');
    for (const name of ['较大及以上生产安全事故舆情应对', '一般事故舆情应对', '自然灾害预警发布舆情应对']) {
      expect(await page.locator('section.pl-plan h2', { hasText: name }).count()).toBe(1);
    }

    await page.goto(`${app.baseUrl}/events/${eventId}`);
    const section = page.locator('section[aria-labelledby="plan-h"]');
    const first = section.locator('ul.pl-matches li').first();
    await first.waitFor();
    expect(await first.locator('.pl-reasons').textContent()).toMatch(/适用/);
    expect(await section.locator('aside table, aside .empty').count()).toBeGreaterThan(0);
    const planName = (await first.locator('a').first().textContent()) ?? '';
    await first.getByRole('button', { name: '启动预案' }).click();
    const run = section.locator('.pl-run');
    await run.waitFor({ timeout: 30_000 });
    runId = Number(await run.getAttribute('data-run'));
    expect(await section.locator('h3', { hasText: '已启动' }).textContent()).toContain(planName);
    expect(await run.textContent()).toContain('演示·舆情值班员');
    // Started: no second 启动预案 while it is active.
    expect(await section.getByRole('button', { name: '启动预案' }).count()).toBe(0);

    for (const seq of [0, 1]) {
      const row = run.locator(`tr[data-step="${seq}"]`);
      await row.getByRole('button', { name: /^完成：/ }).click();
      await row.locator('.pl-done').waitFor({ timeout: 30_000 });
      expect(await row.locator('.pl-done').textContent()).toMatch(/^✓ 演示·舆情值班员 \S+ \d{2}:\d{2}/);
    }
    expect(await run.locator('tr.pl-step.done').count()).toBe(2);
    await page.screenshot({ path: path.join(ARTIFACTS, 'plans-event-1366.png'), fullPage: true });

    await page.goto(`${app.baseUrl}/plans/runs/${runId}`);
    expect(await page.locator('h1').textContent()).toContain(planName);
    expect(await page.locator('.pl-run tr.pl-step.done').count()).toBe(2);
    await page.setViewportSize({ width: 2560, height: 1440 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'plans-run-2560.png') });

    const client = createDb(app.databaseUrl);
    try {
      const steps = await client.planRunStep.findMany({ where: { runId, doneAt: { not: null } }, orderBy: { seq: 'asc' } });
      expect(steps.map((s) => [s.seq, s.doneBy])).toEqual([
        [0, 'demo_duty'],
        [1, 'demo_duty'],
      ]);
      const rows = (await searchAuditLog(client, { objectId: String(runId) }, { limit: 50 })).rows.filter((r) => r.objectType === 'plan_run');
      expect(rows.map((r) => r.action).sort()).toEqual(['plan.activate', 'plan.step', 'plan.step']);
      expect(rows.every((r) => r.actor === 'user:demo_duty' && r.result === 'ok')).toBe(true);
    } finally {
      await client.$disconnect();
    }
    expect(dialogs).toEqual([]);
    await page.context().close();
  });

  test('the editor names a missing 核心口径 in Chinese next to the field and saves once it is filled', async () => {
    const page = await signedInPage(browser, app.baseUrl, 'press_officer', { viewport: { width: 1366, height: 900 } });
    const dialogs: string[] = [];
    failOnDialog(page, dialogs);
    await page.goto(`${app.baseUrl}/plans/new`);
    await page.fill('input[name="name"]', '浏览器测试·透水事故舆情应对');
    await page.check('input[name="tier"][value="较大"]');
    await page.check('input[name="grades"][value="较大"]');
    await page.check('input[name="types"][value="12"]');
    await page.fill('input[name="step-0-title"]', '核实被困人数');
    await page.fill('input[name="step-0-responsible"]', '舆情值班员');
    await page.fill('input[name="step-0-hours"]', '1');
    await page.fill('input[name="spokesperson"]', '新闻发言人');
    await page.getByRole('button', { name: '保存预案' }).click();
    const core = page.locator('textarea[name="core"]');
    await expect.poll(() => core.getAttribute('aria-invalid'), { timeout: 30_000 }).toBe('true');
    const errId = (await core.getAttribute('aria-describedby')) ?? '';
    expect(await page.locator(`[id="${errId}"]`).textContent()).toBe('请填写核心口径（快报事实、慎报原因）');
    expect(await page.locator('input[name="step-0-title"]').inputValue()).toBe('核实被困人数');
    await page.screenshot({ path: path.join(ARTIFACTS, 'plans-editor-error-1366.png'), fullPage: true });
    const client = createDb(app.databaseUrl);
    try {
      expect(await client.responsePlan.count({ where: { name: '浏览器测试·透水事故舆情应对' } })).toBe(0);
      await core.fill('据初步核实……事故原因正在调查中。');
      await Promise.all([page.waitForURL(/\/plans\?saved=\d+/, { timeout: 30_000 }), page.getByRole('button', { name: '保存预案' }).click()]);
      await page.locator('section.pl-plan h2', { hasText: '浏览器测试·透水事故舆情应对' }).waitFor();
      expect(await client.responsePlan.count({ where: { name: '浏览器测试·透水事故舆情应对' } })).toBe(1);
    } finally {
      await client.$disconnect();
    }
    expect(dialogs).toEqual([]);
    await page.context().close();
  });

  test('a drafter sees the checklist without forms, cannot open the editor, and a replayed tick POST is refused 403', async () => {
    expect(runId).toBeGreaterThan(0);
    const drafter = await signedInPage(browser, app.baseUrl, 'drafter', { viewport: { width: 1366, height: 900 } });
    const dialogs: string[] = [];
    failOnDialog(drafter, dialogs);
    await drafter.goto(`${app.baseUrl}/events/${eventId}`);
    const section = drafter.locator('section[aria-labelledby="plan-h"]');
    await section.locator('.pl-run').waitFor();
    expect(await section.locator('form').count()).toBe(0);
    await drafter.goto(`${app.baseUrl}/plans`);
    expect(await drafter.getByRole('link', { name: '新建预案' }).count()).toBe(0);
    expect((await drafter.goto(`${app.baseUrl}/plans/new`))?.status()).toBe(403);
    expect((await drafter.goto(`${app.baseUrl}/plans/runs/987654`))?.status()).toBe(404);

    const client = createDb(app.databaseUrl);
    try {
      const before = await client.planRun.findUniqueOrThrow({ where: { id: runId } });
      const captured = tickPost();
      expect(captured).not.toBeNull();
      if (!captured) return;
      const response = await replayActionPost(drafter, captured);
      expect(response.status()).toBe(403);
      const after = await client.planRun.findUniqueOrThrow({ where: { id: runId } });
      expect(after.version).toBe(before.version);
      const denied = (await searchAuditLog(client, { action: 'authz.denied', objectId: 'plans.run' }, { limit: 20 })).rows;
      expect(denied.some((r) => r.actor === 'user:demo_writer' && r.result === 'denied')).toBe(true);
    } finally {
      await client.$disconnect();
    }
    expect(dialogs).toEqual([]);
    await drafter.context().close();
  });
});
