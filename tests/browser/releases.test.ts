/**
 * 发布 in Chromium on the running product. The demo drafter opens an event and starts a 后续进展
 * draft from its template (prefilled, with 【待补充】 gaps); an empty title is named in Chinese next
 * to the field; a planted mobile number is flagged with the offending text and blocks submission;
 * fixed, it is submitted. The reviewer clears it with a redaction, the leader signs it, the drafter
 * publishes it. An anonymous browser context sees it (redacted) on /public/releases and in the RSS
 * feed, and gets a real 404 for an unknown id. The drafter's withdraw POST, captured and replayed
 * from a foreign origin, changes nothing; the same request from our origin withdraws it, and the
 * public page then says when and why. Every step is in the audit log.
 */
import path from 'node:path';
import Parser from 'rss-parser';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createDb, searchAuditLog } from '@/lib/db';
import { ARTIFACTS, failOnDialog, launchChromium, signedInPage } from './app';

const app = inject('app');
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const TITLE = '关于山西省临汾市某煤矿透水事故后续工作进展情况的通报';
const BODY = [
  '2026年11月20日8时许，山西省临汾市某煤业有限公司发生一起透水事故。现将后续工作进展情况通报如下：',
  '目前，善后处置工作正在有序开展，井下三区排水工作持续进行，全省煤矿安全大检查已经启动。',
  '后续进展将持续发布。',
  '临汾市应急管理局',
].join('\n');
const PLANTED = BODY.replace('后续进展将持续发布。', '后续进展将持续发布。家属可联系13812345678。');

/** The demo corpus is crawled and grouped into events within about 90 s of start: wait for one. */
async function firstEventPath(page: Page): Promise<string> {
  const deadline = Date.now() + 180_000;
  for (;;) {
    await page.goto(`${app.baseUrl}/events?range=all`);
    const href = await page.locator('table.events-table tbody tr td.title a').first().getAttribute('href', { timeout: 1_000 }).catch(() => null);
    if (href) return href;
    if (Date.now() > deadline) throw new Error('no event appeared on /events within 180 s');
    await page.waitForTimeout(5_000);
  }
}

async function step(page: Page, op: string): Promise<void> {
  const form = page.locator(`form[data-op="${op}"]`);
  await Promise.all([page.waitForURL(new RegExp(`/releases/\\d+\\?done=${op}$`), { timeout: 30_000 }), form.locator('button[type="submit"]').click()]);
}

describe('发布 in the browser', () => {
  let releaseId = 0;
  let releaseUrl = '';

  test('draft from an event, a phone number blocks submission, fixed and submitted; cleared, signed, published', async () => {
    const drafter = await signedInPage(browser, app.baseUrl, 'drafter', { viewport: { width: 1366, height: 900 } });
    const dialogs: string[] = [];
    failOnDialog(drafter, dialogs);
    const eventPath = await firstEventPath(drafter);
    const eventId = Number(eventPath.split('/').at(-1));
    await drafter.goto(`${app.baseUrl}${eventPath}`);
    const section = drafter.locator(`section[aria-labelledby="rl-event-${eventId}"]`);
    await section.waitFor();
    await Promise.all([drafter.waitForURL(/\/releases\/new\?/), section.getByRole('link', { name: '起草正面回应/后续进展' }).click()]);
    expect(new URL(drafter.url()).searchParams.get('eventId')).toBe(String(eventId));
    expect(await drafter.locator('h1').textContent()).toBe('起草发布稿');
    expect(await drafter.locator('#draft-title').inputValue()).toContain('后续工作进展情况的通报');
    expect(await drafter.locator('#draft-body').inputValue()).toContain('【待补充：');
    await drafter.screenshot({ path: path.join(ARTIFACTS, 'releases-new-1366.png'), fullPage: true });

    // An empty title: the Chinese error is next to the field, the body kept.
    await drafter.fill('#draft-title', '');
    await drafter.fill('#draft-body', PLANTED);
    await drafter.locator('form[data-op="create"] button[type="submit"]').click();
    await drafter.locator('#draft-title-err').waitFor();
    expect(await drafter.locator('#draft-title-err').textContent()).toBe('请填写标题');
    expect(await drafter.locator('#draft-title').getAttribute('aria-invalid')).toBe('true');
    expect(await drafter.locator('#draft-body').inputValue()).toBe(PLANTED);

    await drafter.fill('#draft-title', TITLE);
    await Promise.all([drafter.waitForURL(/\/releases\/\d+\?done=create$/, { timeout: 30_000 }), drafter.locator('form[data-op="create"] button[type="submit"]').click()]);
    releaseUrl = drafter.url().replace(/\?.*$/, '');
    releaseId = Number(releaseUrl.split('/').at(-1));
    expect(await drafter.locator('h1').textContent()).toBe(`发布稿 #${releaseId}`);
    expect(await drafter.locator('.pill.rl-state').first().textContent()).toBe('草稿');
    // The planted number is flagged, with the offending text shown, and submission is blocked.
    const finding = drafter.locator('li.rl-finding[data-kind="personal_data"][data-severity="block"]');
    expect(await finding.count()).toBe(1);
    expect(await finding.textContent()).toContain('含手机号码（138****5678）');
    expect(await finding.locator('mark').textContent()).toBe('13812345678');
    expect(await drafter.locator('#release-text mark.rl-mark.block').allTextContents()).toContain('13812345678');
    expect(await drafter.locator('form[data-op="submit"] button[type="submit"]').isDisabled()).toBe(true);
    await drafter.screenshot({ path: path.join(ARTIFACTS, 'releases-blocked-1366.png'), fullPage: true });

    // Fixed and submitted.
    await drafter.fill('#step-edit-body', BODY);
    await step(drafter, 'edit');
    expect(await drafter.locator('li.rl-finding[data-severity="block"]').count()).toBe(0);
    await step(drafter, 'submit');
    expect(await drafter.locator('.pill.rl-state').first().textContent()).toBe('待保密审查');
    // The drafter is offered no review form.
    expect(await drafter.locator('form[data-op="clear"]').count()).toBe(0);

    // The reviewer clears it, removing the location.
    const reviewer = await signedInPage(browser, app.baseUrl, 'reviewer', { viewport: { width: 1366, height: 900 } });
    failOnDialog(reviewer, dialogs);
    await reviewer.goto(`${app.baseUrl}/releases?state=in_review`);
    expect(await reviewer.locator(`table.rl-list tr[data-id="${releaseId}"]`).count()).toBe(1);
    await reviewer.goto(releaseUrl);
    await reviewer.fill('#step-clear-redactions', '井下三区｜涉及生产布局');
    await reviewer.fill('#step-clear-opinion', '删去井下位置后可以公开');
    await step(reviewer, 'clear');
    expect(await reviewer.locator('.pill.rl-state').first().textContent()).toBe('已通过审查');
    expect(await reviewer.locator('#release-text').textContent()).toContain('■■■■排水工作');
    expect(await reviewer.locator('table.rl-reviews tbody tr').first().textContent()).toContain('删除部分内容后通过');
    await reviewer.context().close();

    // The leader signs.
    const leader = await signedInPage(browser, app.baseUrl, 'leader', { viewport: { width: 1366, height: 900 } });
    failOnDialog(leader, dialogs);
    await leader.goto(releaseUrl);
    await step(leader, 'approve');
    expect(await leader.locator('.pill.rl-state').first().textContent()).toBe('已签发');
    await leader.context().close();

    // The drafter publishes.
    await drafter.goto(releaseUrl);
    await step(drafter, 'publish');
    expect(await drafter.locator('.pill.rl-state').first().textContent()).toBe('已发布');
    await drafter.locator('#tracking-h').waitFor();
    expect(await drafter.locator('table.rl-history tbody tr td:nth-child(2)').allTextContents()).toEqual(['起草', '修改', '提交保密审查', '保密审查通过', '签发', '发布']);
    await drafter.screenshot({ path: path.join(ARTIFACTS, 'releases-published-1366.png'), fullPage: true });
    await drafter.setViewportSize({ width: 2560, height: 1440 });
    await drafter.screenshot({ path: path.join(ARTIFACTS, 'releases-published-2560.png') });
    expect(dialogs).toEqual([]);
    await drafter.context().close();
  });

  test('an anonymous visitor sees it on /public/releases and in the RSS feed; unknown ids are 404', async () => {
    expect(releaseId).toBeGreaterThan(0);
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    const list = await page.goto(`${app.baseUrl}/public/releases`);
    expect(list?.status()).toBe(200);
    expect(await page.locator('h1').textContent()).toBe('信息发布');
    expect(await page.locator(`.rl-public-list li[data-id="${releaseId}"] a`).textContent()).toBe(TITLE);
    // Nothing else from the product: no navigation, no user menu, the office's name instead of ours.
    expect(await page.locator('header nav').count()).toBe(0);
    await expect.poll(() => page.locator('header .brand').innerText()).toBe('应急管理厅 信息发布');
    expect(await page.locator('body').innerText()).not.toContain('舆情监测预警平台');
    const one = await page.goto(`${app.baseUrl}/public/releases/${releaseId}`);
    expect(one?.status()).toBe(200);
    expect(await page.locator('h1').textContent()).toBe(TITLE);
    expect(await page.locator('.rl-public-body').textContent()).toContain('■■■■排水工作');
    expect(await page.locator('.rl-public-body').textContent()).not.toContain('井下三区');
    await page.screenshot({ path: path.join(ARTIFACTS, 'releases-public-1366.png'), fullPage: true });
    expect((await page.goto(`${app.baseUrl}/public/releases/987654`))?.status()).toBe(404);
    // The workflow pages stay behind sign-in.
    await page.goto(`${app.baseUrl}/releases/${releaseId}`);
    expect(new URL(page.url()).pathname).toBe('/login');

    const rss = await context.request.get(`${app.baseUrl}/public/releases/rss.xml`);
    expect(rss.status()).toBe(200);
    expect(rss.headers()['content-type']).toBe('application/rss+xml; charset=utf-8');
    const feed = await new Parser().parseString(await rss.text());
    const item = feed.items.find((i) => i.title === TITLE);
    expect(item?.link).toMatch(new RegExp(`^https?://[^/]+/public/releases/${releaseId}$`));
    await context.close();
  });

  test('a withdraw POST replayed from a foreign origin is refused; from our origin it withdraws, shown publicly with the reason', async () => {
    expect(releaseId).toBeGreaterThan(0);
    const drafter = await signedInPage(browser, app.baseUrl, 'drafter', { viewport: { width: 1366, height: 900 } });
    let captured: { url: string; headers: Record<string, string>; body: string } | null = null;
    await drafter.route('**/*', async (route) => {
      const r = route.request();
      if (r.method() === 'POST' && r.headers()['next-action'] && !captured) {
        captured = { url: r.url(), headers: r.headers(), body: r.postData() ?? '' };
        await route.abort();
      } else await route.continue();
    });
    await drafter.goto(releaseUrl);
    await drafter.fill('#step-withdraw-reason', '伤亡数字有误，更正后重新发布');
    await drafter.locator('form[data-op="withdraw"] button[type="submit"]').click();
    await expect.poll(() => captured !== null, { timeout: 15_000 }).toBe(true);
    const post = captured as unknown as { url: string; headers: Record<string, string>; body: string };
    const cookie = (await drafter.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const replay = (origin: string) =>
      fetch(post.url, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie, origin, 'next-action': post.headers['next-action'] ?? '', 'content-type': post.headers['content-type'] ?? '', accept: 'text/x-component' },
        body: post.body,
      });

    const client = createDb(app.databaseUrl);
    try {
      const before = await client.release.findUniqueOrThrow({ where: { id: releaseId } });
      expect(before.state).toBe('published');
      await replay('https://evil.example');
      const after = await client.release.findUniqueOrThrow({ where: { id: releaseId } });
      expect(after.state).toBe('published');
      expect(after.version).toBe(before.version);

      await replay(app.baseUrl);
      const withdrawn = await client.release.findUniqueOrThrow({ where: { id: releaseId } });
      expect(withdrawn.state).toBe('withdrawn');
      expect(withdrawn.withdrawReason).toBe('伤亡数字有误，更正后重新发布');

      const rows = (await searchAuditLog(client, { objectId: String(releaseId) }, { limit: 50 })).rows.filter((r) => r.objectType === 'release');
      expect(rows.map((r) => r.action).sort()).toEqual(
        ['release.approve', 'release.clear', 'release.create', 'release.edit', 'release.publish', 'release.submit', 'release.withdraw'].sort(),
      );
      expect(rows.find((r) => r.action === 'release.clear')?.actor).toBe('user:demo_reviewer');
      expect(rows.find((r) => r.action === 'release.approve')?.actor).toBe('user:demo_leader');
    } finally {
      await client.$disconnect();
    }
    await drafter.context().close();

    const context = await browser.newContext();
    const page = await context.newPage();
    const res = await page.goto(`${app.baseUrl}/public/releases/${releaseId}`);
    expect(res?.status()).toBe(200);
    expect(await page.locator('.rl-withdrawn').textContent()).toContain('撤回原因：伤亡数字有误，更正后重新发布');
    expect(await page.locator('.rl-public-body').count()).toBe(0);
    await page.goto(`${app.baseUrl}/public/releases`);
    expect(await page.locator(`.rl-public-list li[data-id="${releaseId}"] .rl-withdrawn-tag`).textContent()).toBe('已撤回');
    await page.screenshot({ path: path.join(ARTIFACTS, 'releases-withdrawn-1366.png'), fullPage: true });
    await context.close();
  });
});
