/**
 * 事故信息公开 in Chromium on the running product: the demo press officer opens a demo event, creates
 * the accident case from it (facts prefilled, accident time corrected), records a report extension
 * (after a Chinese field error for a date after today) and a rescue release, and the completeness
 * view changes accordingly. A leader reads the case without forms (new-case page 403, unknown id
 * 404). A server action replayed from a foreign origin stores nothing, the same request from the
 * leader's session is refused, and from our own origin it is stored.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createDb } from '@/lib/db';
import { addCalendarDays, calendarDayInShanghai } from '@/lib/workflow/calendar';
import { ARTIFACTS, failOnDialog, launchChromium, replayActionPost, signedInPage } from './app';
import type { CapturedPost } from './app';

const app = inject('app');
let browser: Browser;

const TODAY = calendarDayInShanghai(new Date());
/** Ten days ago, 08:00 Beijing time: the accident time typed over the event's first report. */
const ACCIDENT_DAY = addCalendarDays(TODAY, -10);

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

async function demoEventId(): Promise<number> {
  const client = createDb(app.databaseUrl);
  try {
    const deadline = Date.now() + 150_000;
    for (;;) {
      const e = await client.event.findFirst({ where: { grade: { not: null } }, orderBy: { id: 'asc' }, select: { id: true } });
      if (e) return e.id;
      if (Date.now() > deadline) throw new Error('no graded demo event appeared');
      await new Promise((r) => setTimeout(r, 2000));
    }
  } finally {
    await client.$disconnect();
  }
}

async function entryCount(caseId: number): Promise<number> {
  const client = createDb(app.databaseUrl);
  try {
    return await client.accidentCaseEntry.count({ where: { caseId } });
  } finally {
    await client.$disconnect();
  }
}

async function listRow(page: Page, title: string) {
  await page.goto(`${app.baseUrl}/accidents?state=all`);
  const row = page.locator('tr.ac-row', { has: page.getByRole('link', { name: title, exact: true }) });
  return {
    reportDue: (await row.locator('td[data-col="report-due"]').textContent()) ?? '',
    unpublished: (await row.locator('td[data-col="unpublished"]').textContent()) ?? '',
    overdue: (await row.locator('td[data-col="overdue"]').textContent()) ?? '',
  };
}

async function submitEntry(page: Page, type: string, fill: (form: ReturnType<Page['locator']>) => Promise<void>): Promise<void> {
  const form = page.locator(`form[data-step="${type}"]`);
  await fill(form);
  await Promise.all([page.waitForURL(new RegExp(`recorded=${type}`), { timeout: 30_000 }), form.getByRole('button').click()]);
}

describe('事故信息公开 in the browser', () => {
  let caseUrl = '';
  let caseId = 0;
  let title = '';

  test('create a case from a demo event, record an extension and a release; the completeness view follows', async () => {
    const eventId = await demoEventId();
    const page = await signedInPage(browser, app.baseUrl, 'press_officer', { viewport: { width: 1366, height: 900 } });
    const dialogs: string[] = [];
    failOnDialog(page, dialogs);

    await page.goto(`${app.baseUrl}/events/${eventId}`);
    await Promise.all([page.waitForURL(/\/accidents\/new\?eventId=\d+$/), page.getByRole('link', { name: '建立事故信息公开台账' }).click()]);
    title = await page.locator('#case-title').inputValue();
    expect(title.length).toBeGreaterThan(0);
    expect(await page.locator('#case-occurredAt').inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
    title = `${title}（台账测试）`;
    await page.fill('#case-title', title);
    await page.fill('#case-occurredAt', `${ACCIDENT_DAY}T08:00`);
    await page.selectOption('#case-grade', '重大');
    await Promise.all([page.waitForURL(/\/accidents\/\d+\?created=1$/, { timeout: 30_000 }), page.getByRole('button', { name: '建立台账' }).click()]);
    caseUrl = page.url().replace(/\?.*$/, '');
    caseId = Number(caseUrl.split('/').pop());
    expect(await page.locator('h1').textContent()).toBe(title);
    expect(await page.locator('[data-clock="report"]').textContent()).toBe(addCalendarDays(ACCIDENT_DAY, 60));
    expect(await page.locator('tr[data-duty="first_release"]').getAttribute('data-state')).toBe('overdue');
    expect(await page.locator('tr[data-duty="report"] .ac-rule').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('第29条')]));

    const before = await listRow(page, title);
    expect(before.reportDue).toContain(addCalendarDays(ACCIDENT_DAY, 60));
    expect(before.unpublished).toContain('首次发布权威信息');
    expect(before.overdue).toContain('首次发布权威信息');
    await page.screenshot({ path: path.join(ARTIFACTS, 'accidents-list-before-1366.png'), fullPage: true });

    // A date after today is refused next to its field, in Chinese; nothing is recorded.
    await page.goto(caseUrl);
    const ext = page.locator('form[data-step="extension_approved"]');
    await ext.locator('input[name="on"]').fill(addCalendarDays(TODAY, 3));
    await ext.locator('input[name="days"]').fill('30');
    await ext.locator('input[name="approvedBy"]').fill('演示省人民政府');
    await ext.locator('input[name="documentNo"]').fill('演政函〔2026〕9号');
    await ext.getByRole('button').click();
    const err = page.locator('#entry-extension_approved-on-err');
    await err.waitFor();
    expect(await err.textContent()).toBe(`日期不能晚于今天（${TODAY}）`);
    expect(await page.locator('#entry-extension_approved-on').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#entry-extension_approved-approvedBy').inputValue()).toBe('演示省人民政府');
    expect(await entryCount(caseId)).toBe(0);

    await submitEntry(page, 'extension_approved', (f) => f.locator('input[name="on"]').fill(addCalendarDays(ACCIDENT_DAY, 2)));
    expect(await page.locator('[data-clock="report"]').textContent()).toBe(addCalendarDays(ACCIDENT_DAY, 90));

    await submitEntry(page, 'rescue_release', async (f) => {
      await f.locator('input[name="at"]').fill(`${ACCIDENT_DAY}T11:00`);
      await f.locator('input[name="title"]').fill('关于事故救援进展的通报');
      await f.locator('input[name="url"]').fill('https://yjj.example.gov.cn/tb/1.html');
    });
    expect(await page.locator('tr[data-duty="first_release"]').getAttribute('data-state')).toBe('done');
    expect(await page.locator('.ac-timeline li').evaluateAll((els) => els.map((e) => e.getAttribute('data-type')))).toEqual(['extension_approved', 'rescue_release']);
    await page.screenshot({ path: path.join(ARTIFACTS, 'accidents-case-1366.png'), fullPage: true });
    await page.setViewportSize({ width: 2560, height: 1440 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'accidents-case-2560.png') });
    await page.setViewportSize({ width: 1366, height: 900 });

    const after = await listRow(page, title);
    expect(after.reportDue).toContain(addCalendarDays(ACCIDENT_DAY, 90));
    expect(after.unpublished).not.toContain('首次发布权威信息');
    expect(after.overdue).not.toContain('首次发布权威信息');
    await page.screenshot({ path: path.join(ARTIFACTS, 'accidents-list-after-1366.png'), fullPage: true });

    // The event page now links to the case.
    await page.goto(`${app.baseUrl}/events/${eventId}`);
    expect(await page.getByRole('link', { name: '事故信息公开台账' }).getAttribute('href')).toBe(`/accidents/${caseId}`);
    expect(dialogs).toEqual([]);
    await page.context().close();
  });

  test('a leader reads the case without forms; unknown ids are 404; replayed actions from a foreign origin or the leader store nothing', async () => {
    expect(caseId).toBeGreaterThan(0);
    const leader = await signedInPage(browser, app.baseUrl, 'leader', { viewport: { width: 1366, height: 900 } });
    const dialogs: string[] = [];
    failOnDialog(leader, dialogs);
    await leader.goto(caseUrl);
    expect(await leader.locator('h1').textContent()).toBe(title);
    expect(await leader.locator('tr[data-duty]').count()).toBeGreaterThan(5);
    expect(await leader.locator('form[data-step]').count()).toBe(0);
    expect((await leader.goto(`${app.baseUrl}/accidents/new`))?.status()).toBe(403);
    expect((await leader.goto(`${app.baseUrl}/accidents/987654`))?.status()).toBe(404);
    expect(await leader.locator('h1').textContent()).toBe('页面不存在');
    await leader.goto(`${app.baseUrl}/accidents`);
    expect(await leader.getByRole('link', { name: '新建台账' }).count()).toBe(0);
    await leader.screenshot({ path: path.join(ARTIFACTS, 'accidents-leader-1366.png'), fullPage: true });

    // The press officer submits a note; the browser's request is captured and stopped.
    const press = await signedInPage(browser, app.baseUrl, 'press_officer');
    let captured: CapturedPost | null = null;
    await press.route('**/*', async (route) => {
      const r = route.request();
      if (!captured && r.method() === 'POST' && r.headers()['next-action'] && (r.postData() ?? '').includes('ORIGIN-PROBE')) {
        captured = { url: r.url(), headers: r.headers(), body: r.postDataBuffer() };
        await route.abort();
      } else {
        await route.continue();
      }
    });
    await press.goto(caseUrl);
    const note = press.locator('form[data-step="note"]');
    await note.locator('input[name="on"]').fill(TODAY);
    await note.locator('textarea[name="text"]').fill('ORIGIN-PROBE 调查组进驻');
    await note.getByRole('button').click();
    await expect.poll(() => captured !== null, { timeout: 15_000 }).toBe(true);
    const post = captured as unknown as CapturedPost;
    const count = await entryCount(caseId);
    const cookie = (await press.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const replay = (origin: string) =>
      fetch(post.url, {
        method: 'POST',
        redirect: 'manual',
        headers: { ...Object.fromEntries(Object.entries(post.headers).filter(([k]) => !['cookie', 'content-length', 'origin', 'host'].includes(k))), cookie, origin },
        body: post.body ? new Uint8Array(post.body) : '',
      });
    await replay('https://evil.example');
    expect(await entryCount(caseId)).toBe(count);
    const asLeader = await replayActionPost(leader, post);
    expect(asLeader.status()).toBe(403);
    expect(await entryCount(caseId)).toBe(count);
    await replay(app.baseUrl);
    expect(await entryCount(caseId)).toBe(count + 1);
    expect(dialogs).toEqual([]);
    await press.context().close();
    await leader.context().close();
  });
});
