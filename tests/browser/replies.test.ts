/**
 * 待回应 in Chromium on the running product. The demo press officer confirms one of the attention
 * rule's proposals with one click (the task is due 48 h after the item appeared, the default reply
 * clock), assigns it, answers — first with a link that is not an http(s) address, which is named in
 * Chinese next to the link field with the text kept — then with a good link, and closes it; every
 * step is in the history and the audit log. A drafter sees the list and the task without any form,
 * and the press officer's captured close POST replayed from the drafter's session is refused (403)
 * and changes nothing.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
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

/** The demo corpus is crawled and analysed within about 90 s of start: wait for a proposal. */
async function waitForProposal(page: Page): Promise<void> {
  const deadline = Date.now() + 180_000;
  for (;;) {
    await page.goto(`${app.baseUrl}/replies`);
    if ((await page.locator('table.rp-proposals tr[data-item]').count()) > 0) return;
    if (Date.now() > deadline) throw new Error('no reply proposal appeared on /replies within 180 s');
    await page.waitForTimeout(5_000);
  }
}

async function submit(page: Page, op: string, done: string): Promise<void> {
  const form = page.locator(`form[data-op="${op}"]`);
  await Promise.all([page.waitForURL(new RegExp(`/replies/\\d+\\?done=${done}$`), { timeout: 30_000 }), form.getByRole('button').click()]);
}

describe('待回应 in the browser', () => {
  let taskUrl = '';
  let taskId = 0;
  let closePost: () => CapturedPost | null = () => null;

  test('confirm a proposal, assign, answer (a wrong link first), close; audited', async () => {
    const page = await signedInPage(browser, app.baseUrl, 'press_officer', { viewport: { width: 1366, height: 900 } });
    const dialogs: string[] = [];
    failOnDialog(page, dialogs);
    closePost = captureActionPost(page, (p) => /^\/replies\/\d+$/.test(p), /op"\r\n\r\nclose\r\n/);

    await waitForProposal(page);
    expect(await page.locator('h1').textContent()).toBe('待回应');
    await page.screenshot({ path: path.join(ARTIFACTS, 'replies-list-1366.png'), fullPage: true });
    const proposal = page.locator('table.rp-proposals tr[data-item]').first();
    const itemId = Number(await proposal.getAttribute('data-item'));
    const title = (await proposal.locator('td').first().locator('a').first().textContent()) ?? '';
    await Promise.all([
      page.waitForURL(/\/replies\/\d+\?done=create$/, { timeout: 30_000 }),
      proposal.getByRole('button', { name: '确认需回应' }).click(),
    ]);
    taskUrl = page.url().replace(/\?.*$/, '');
    taskId = Number(taskUrl.split('/').at(-1));
    expect(await page.locator('h1').textContent()).toBe(`回应任务 #${taskId}`);
    expect(await page.locator('.rp-notice').textContent()).toBe('已标记需回应。');
    expect(await page.locator('.pill.rp-state').first().textContent()).toBe('待分派');
    expect(await page.locator('#subject-h + dl').textContent()).toContain(title);
    expect(await page.locator('#subject-h + dl').textContent()).toContain('规则建议，人工确认');
    expect(await page.locator('#clock-h + dl').textContent()).toContain('政务舆情回应 48 小时内');
    // The item is no longer proposed.
    await page.goto(`${app.baseUrl}/replies`);
    expect(await page.locator(`table.rp-proposals tr[data-item="${itemId}"]`).count()).toBe(0);
    expect(await page.locator(`table.rp-list tr[data-id="${taskId}"]`).count()).toBe(1);
    await page.goto(taskUrl);

    // Assign: first without choosing anyone.
    await page.locator('form[data-op="assign"]').getByRole('button').click();
    await page.locator('#step-assign-assignee-err').waitFor();
    expect(await page.locator('#step-assign-assignee-err').textContent()).toBe('请选择承办人');
    await page.selectOption('#step-assign-assignee', 'demo_duty');
    await submit(page, 'assign', 'assign');
    expect(await page.locator('.pill.rp-state').first().textContent()).toBe('办理中');

    // Answer with a link that is not an http(s) address: the error is on the link field, the text kept.
    await page.fill('#step-answer-text', '已在官网发布情况通报，说明事故核查进展。');
    await page.fill('#step-answer-url', 'www.example.gov.cn/xwfb/1.html');
    await page.locator('form[data-op="answer"]').getByRole('button').click();
    const urlError = page.locator('#step-answer-url-err');
    await urlError.waitFor();
    expect(await urlError.textContent()).toBe('链接须以 http:// 或 https:// 开头，如 https://www.example.gov.cn/xwfb/1.html');
    expect(await page.locator('#step-answer-url').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#step-answer-url').getAttribute('aria-describedby')).toContain('step-answer-url-err');
    expect(await page.locator('#step-answer-text').inputValue()).toBe('已在官网发布情况通报，说明事故核查进展。');
    await page.screenshot({ path: path.join(ARTIFACTS, 'replies-answer-error-1366.png'), fullPage: true });
    await page.fill('#step-answer-url', 'https://www.example.gov.cn/xwfb/1.html');
    await submit(page, 'answer', 'answer');
    expect(await page.locator('.pill.rp-state').first().textContent()).toBe('已回应');
    expect(await page.locator('#answer-h ~ p a').getAttribute('href')).toBe('https://www.example.gov.cn/xwfb/1.html');

    await submit(page, 'close', 'close');
    expect(await page.locator('.pill.rp-state').first().textContent()).toBe('已关闭');
    expect(await page.locator('form[data-op="reopen"]').count()).toBe(1);
    const history = page.locator('table.rp-history tbody tr');
    expect(await history.count()).toBe(4);
    expect(await history.locator('td:nth-child(2)').allTextContents()).toEqual(['标记需回应', '分派', '登记回应', '关闭']);
    await page.screenshot({ path: path.join(ARTIFACTS, 'replies-task-1366.png'), fullPage: true });
    await page.setViewportSize({ width: 2560, height: 1440 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'replies-task-2560.png') });

    const client = createDb(app.databaseUrl);
    try {
      const rows = (await searchAuditLog(client, { objectId: String(taskId) }, { limit: 50 })).rows.filter((r) => r.objectType === 'reply_task');
      expect(rows.map((r) => r.action).sort()).toEqual(['reply.answer', 'reply.assign', 'reply.close', 'reply.create']);
      expect(rows.every((r) => r.actor === 'user:demo_duty' && r.result === 'ok')).toBe(true);
    } finally {
      await client.$disconnect();
    }
    expect(dialogs).toEqual([]);
    await page.context().close();
  });

  test('a drafter reads the list and the task without forms; a replayed step POST is refused 403 and changes nothing', async () => {
    expect(taskUrl).not.toBe('');
    const drafter = await signedInPage(browser, app.baseUrl, 'drafter', { viewport: { width: 1366, height: 900 } });
    const dialogs: string[] = [];
    failOnDialog(drafter, dialogs);
    await drafter.goto(`${app.baseUrl}/replies?state=all`);
    expect(await drafter.locator('h1').textContent()).toBe('待回应');
    expect(await drafter.locator(`table.rp-list tr[data-id="${taskId}"]`).count()).toBe(1);
    expect(await drafter.locator('form.rp-mark').count()).toBe(0);
    expect(await drafter.getByRole('button', { name: '确认需回应' }).count()).toBe(0);
    await drafter.goto(taskUrl);
    expect(await drafter.locator('h1').textContent()).toBe(`回应任务 #${taskId}`);
    expect(await drafter.locator('table.rp-history tbody tr').count()).toBe(4);
    expect(await drafter.locator('form.rp-form').count()).toBe(0);
    await drafter.screenshot({ path: path.join(ARTIFACTS, 'replies-drafter-1366.png'), fullPage: true });
    const missing = await drafter.goto(`${app.baseUrl}/replies/987654`);
    expect(missing?.status()).toBe(404);

    const client = createDb(app.databaseUrl);
    try {
      const before = await client.replyTask.findUniqueOrThrow({ where: { id: taskId } });
      const captured = closePost();
      expect(captured).not.toBeNull();
      if (!captured) return;
      const response = await replayActionPost(drafter, captured);
      expect(response.headers()['x-action-redirect']).toBeUndefined();
      expect(response.status()).toBe(403);
      const after = await client.replyTask.findUniqueOrThrow({ where: { id: taskId } });
      expect(after.version).toBe(before.version);
      expect(after.updatedAt).toEqual(before.updatedAt);
      const denied = (await searchAuditLog(client, { action: 'authz.denied', objectId: 'replies.handle' }, { limit: 20 })).rows;
      expect(denied.some((r) => r.actor === 'user:demo_writer' && r.result === 'denied')).toBe(true);
    } finally {
      await client.$disconnect();
    }
    expect(dialogs).toEqual([]);
    await drafter.context().close();
  });
});
