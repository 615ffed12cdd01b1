/**
 * 依申请公开 in Chromium on the running product, as the demo press officer: a request received by
 * registered post on the Friday before a public holiday gets its number, the due date that skips
 * the holiday and the SLA pill; a wrong field is named next to itself; 补正 stops the clock and
 * its receipt restarts it; a third-party consultation pauses it; closing records the art. 36
 * outcome; the yearly statistics count it. A leader reads the same case without any form, and a
 * replayed registration POST from the leader's session is refused and stores nothing.
 *
 * Dates are chosen relative to the day the test runs (every step must lie in the past), from the
 * holiday tables the product ships; expected due dates are counted with the same calendar.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createDb, searchAuditLog } from '@/lib/db';
import {
  HOLIDAY_TABLES,
  addCalendarDays,
  addWorkingDays,
  calendarDayInShanghai,
  currentYearCalendarWarning,
  isWorkingDay,
  weekdayOf,
  yearOf,
} from '@/lib/workflow/calendar';
import { computeDisclosureClock } from '@/lib/workflow/disclosure-deadline';
import { ARTIFACTS, captureActionPost, failOnDialog, launchChromium, replayActionPost, signedInPage } from './app';
import type { CapturedPost } from './app';

const app = inject('app');
let browser: Browser;

const TODAY = calendarDayInShanghai(new Date());

/** The latest Friday (a working day) right before a holiday period, at least 70 days ago. */
function fridayBeforeHoliday(): string {
  const latest = addCalendarDays(TODAY, -70);
  const fridays = HOLIDAY_TABLES.flatMap((t) => t.holidays.map((h) => addCalendarDays(h.from, -1)))
    .filter((d) => weekdayOf(d) === 5 && isWorkingDay(d) && d <= latest)
    .sort();
  const friday = fridays.at(-1);
  if (!friday) throw new Error('no Friday before a holiday in the shipped tables');
  return friday;
}

const FRIDAY = fridayBeforeHoliday();
const wd = (from: string, n: number): string => addWorkingDays(from, n).value;
const SUPPLEMENT_ASKED = wd(FRIDAY, 2);
const SUPPLEMENT_IN = wd(FRIDAY, 6);
const CONSULT_FROM = wd(SUPPLEMENT_IN, 2);
const CONSULT_TO = wd(CONSULT_FROM, 4);
const CLOSED_ON = wd(CONSULT_TO, 3);

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

async function cell(page: Page, year: number, row: string, col: string): Promise<number> {
  await page.goto(`${app.baseUrl}/disclosure/stats?year=${year}`);
  return Number(await page.locator(`tr[data-row="${row}"] td[data-col="${col}"]`).textContent());
}

async function submitStep(page: Page, type: string, fill: (form: ReturnType<Page['locator']>) => Promise<void>): Promise<void> {
  const form = page.locator(`form[data-step="${type}"]`);
  await fill(form);
  await Promise.all([page.waitForURL(new RegExp(`step=${type}`), { timeout: 30_000 }), form.getByRole('button').click()]);
}

describe('依申请公开 in the browser', () => {
  let caseUrl = '';
  let number = '';
  let registrationPost: () => CapturedPost | null = () => null;

  test('register by post on the Friday before a holiday, 补正, consultation, close, yearly statistics', async () => {
    const page = await signedInPage(browser, app.baseUrl, 'press_officer', { viewport: { width: 1366, height: 900 } });
    const dialogs: string[] = [];
    failOnDialog(page, dialogs);
    registrationPost = captureActionPost(page, (p) => p === '/disclosure/new');

    const newBefore = await cell(page, yearOf(FRIDAY), 'new', 'natural_person');
    const disclosedBefore = await cell(page, yearOf(CLOSED_ON), 'DISCLOSE', 'total');

    await page.goto(`${app.baseUrl}/disclosure`);
    expect(await page.locator('h1').textContent()).toBe('依申请公开');
    const warning = currentYearCalendarWarning(TODAY);
    if (warning) expect(await page.locator('.dc-calendar-warning').textContent()).toContain(warning);
    else expect(await page.locator('.dc-calendar-warning').count()).toBe(0);

    // Register: first with the applicant's name missing.
    await page.getByRole('link', { name: '登记申请' }).click();
    await page.waitForURL(/\/disclosure\/new$/);
    await page.selectOption('#reg-applicantType', 'natural_person');
    await page.fill('#reg-contact', '13800000000 / 澄河市某路 1 号');
    await page.fill('#reg-description', '某煤矿透水事故调查报告全文');
    await page.selectOption('#reg-channel', '邮寄');
    await page.selectOption('#reg-postKind', '需签收');
    await page.fill('#reg-signedOn', FRIDAY);
    await page.getByRole('button', { name: '登记申请' }).click();
    const nameError = page.locator('#reg-applicantName-err');
    await nameError.waitFor();
    expect(await nameError.textContent()).toBe('请填写申请人姓名或名称');
    expect(await page.locator('#reg-applicantName').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#reg-applicantName').getAttribute('aria-describedby')).toContain('reg-applicantName-err');
    // What was typed is still there.
    expect(await page.locator('#reg-signedOn').inputValue()).toBe(FRIDAY);
    await page.screenshot({ path: path.join(ARTIFACTS, 'disclosure-new-error-1366.png'), fullPage: true });

    await page.fill('#reg-applicantName', '王某');
    await Promise.all([page.waitForURL(/\/disclosure\/\d+\?registered=1$/, { timeout: 30_000 }), page.getByRole('button', { name: '登记申请' }).click()]);
    caseUrl = page.url().replace(/\?.*$/, '');
    number = (await page.locator('h1').textContent()) ?? '';
    expect(number).toMatch(/^依申〔\d{4}〕第 \d+ 号$/);

    // Received on the Friday; the following holiday does not count.
    const received = { type: 'received' as const, channel: '邮寄' as const, postKind: '需签收' as const, signedOn: FRIDAY };
    const registered = computeDisclosureClock([received], { today: TODAY });
    expect(registered.dueDate).toBe(wd(FRIDAY, 20));
    expect(await page.locator('.dc-due').textContent()).toContain(wd(FRIDAY, 20));
    expect(await page.locator('.dc-facts').first().textContent()).toContain('签收之日');
    const pill = page.locator('.page-head .dc-sla');
    expect(await pill.getAttribute('data-sla')).toBe(registered.sla);

    // The list shows it with its due date and pill.
    await page.goto(`${app.baseUrl}/disclosure`);
    const row = page.locator('tr.dc-row', { has: page.getByRole('link', { name: number, exact: true }) });
    expect(await row.locator('td').nth(4).textContent()).toContain(wd(FRIDAY, 20));
    expect(await row.locator('.dc-sla').getAttribute('data-sla')).toBe(registered.sla);
    await page.screenshot({ path: path.join(ARTIFACTS, 'disclosure-list-1366.png'), fullPage: true });

    // 补正: the clock stops; only the steps of a suspended case are offered.
    await page.goto(caseUrl);
    await submitStep(page, 'supplement_requested', async (f) => {
      await f.locator('input[name="on"]').fill(SUPPLEMENT_ASKED);
      await f.locator('textarea[name="note"]').fill('请说明所需调查报告对应的事故名称和时间');
    });
    expect(await page.locator('.dc-state').textContent()).toBe('待补正（期限中止）');
    expect(await page.locator('form[data-step="supplement_requested"]').count()).toBe(0);
    expect(await page.locator('.dc-due').textContent()).toContain('收到补正后重新计算');

    // Receiving the 补正 restarts the 20 working days from that day.
    await submitStep(page, 'supplement_received', (f) => f.locator('input[name="on"]').fill(SUPPLEMENT_IN));
    expect(await page.locator('.dc-due').textContent()).toContain(wd(SUPPLEMENT_IN, 20));
    expect(await page.locator('.dc-clock').textContent()).toContain(`期限起算日（收到补正）${SUPPLEMENT_IN}`);

    // A third-party consultation: its working days are added to the due date.
    await submitStep(page, 'consultation_started', async (f) => {
      await f.locator('input[name="on"]').fill(CONSULT_FROM);
      await f.locator('select[name="party"]').selectOption('third_party');
    });
    await submitStep(page, 'consultation_ended', (f) => f.locator('input[name="on"]').fill(CONSULT_TO));
    expect(await page.locator('.dc-due').textContent()).toContain(wd(SUPPLEMENT_IN, 24));
    expect(await page.locator('.dc-consultations tbody tr td').nth(4).textContent()).toBe('4');

    // Closing without the art. 36 item: the error is next to that field, nothing is recorded.
    const close = page.locator('form[data-step="closed"]');
    await close.locator('input[name="on"]').fill(CLOSED_ON);
    await close.locator('select[name="category"]').selectOption('DISCLOSE');
    await close.getByRole('button').click();
    await page.locator('#step-closed-art36Item-err').waitFor();
    expect(await page.locator('#step-closed-art36Item-err').textContent()).toBe('请选择答复所依据的第36条情形');
    expect(await page.locator('.dc-timeline li').count()).toBe(5);

    await submitStep(page, 'closed', async (f) => {
      await f.locator('input[name="on"]').fill(CLOSED_ON);
      await f.locator('select[name="art36Item"]').selectOption('DISCLOSE');
      await f.locator('select[name="category"]').selectOption('DISCLOSE');
    });
    expect(await page.locator('.dc-state').textContent()).toBe('已办结');
    expect(await page.locator('.page-head .dc-sla').textContent()).toBe('按期办结');
    expect(await page.locator('.dc-outcome').textContent()).toContain('予以公开');
    const types = await page.locator('.dc-timeline li').evaluateAll((els) => els.map((e) => e.getAttribute('data-type')));
    expect(types).toEqual(['received', 'supplement_requested', 'supplement_received', 'consultation_started', 'consultation_ended', 'closed']);
    for (const who of await page.locator('.dc-timeline .dc-who').allTextContents()) expect(who).toMatch(/记录于 \d{2}\/\d{2} \d{2}:\d{2}/);
    // Only the 复议/诉讼 form remains after closing.
    expect(await page.locator('form.dc-step-form').evaluateAll((els) => els.map((e) => e.getAttribute('data-step')))).toEqual(['review']);
    await page.screenshot({ path: path.join(ARTIFACTS, 'disclosure-case-1366.png'), fullPage: true });
    await page.setViewportSize({ width: 2560, height: 1440 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'disclosure-case-2560.png') });
    await page.setViewportSize({ width: 1366, height: 900 });

    // The yearly statistics count it: new in its receipt year, 予以公开 in its closing year.
    expect(await cell(page, yearOf(FRIDAY), 'new', 'natural_person')).toBe(newBefore + 1);
    expect(await cell(page, yearOf(CLOSED_ON), 'DISCLOSE', 'total')).toBe(disclosedBefore + 1);
    expect(await page.locator('.dc-check.ok').count()).toBe(1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'disclosure-stats-1366.png'), fullPage: true });

    expect(dialogs).toEqual([]);
    await page.context().close();
  });

  test('a leader reads the case without forms; a replayed registration from the leader is refused and stores nothing', async () => {
    expect(caseUrl).not.toBe('');
    const leader = await signedInPage(browser, app.baseUrl, 'leader', { viewport: { width: 1366, height: 900 } });
    const dialogs: string[] = [];
    failOnDialog(leader, dialogs);
    await leader.goto(caseUrl);
    expect(await leader.locator('h1').textContent()).toBe(number);
    expect(await leader.locator('.dc-timeline li').count()).toBe(6);
    expect(await leader.locator('form').filter({ has: leader.locator('input[name="requestId"]') }).count()).toBe(0);
    await leader.goto(`${app.baseUrl}/disclosure`);
    expect(await leader.getByRole('link', { name: '登记申请' }).count()).toBe(0);
    const countBefore = await leader.locator('tr.dc-row').count();
    expect(countBefore).toBeGreaterThan(0);
    const refused = await leader.goto(`${app.baseUrl}/disclosure/new`);
    expect(refused?.status()).toBe(403);
    // An unknown case is a real 404 with the Chinese page.
    const missing = await leader.goto(`${app.baseUrl}/disclosure/987654`);
    expect(missing?.status()).toBe(404);
    expect(await leader.locator('h1').textContent()).toBe('页面不存在');

    // The press officer's registration POST, replayed with the leader's session.
    const captured = registrationPost();
    expect(captured).not.toBeNull();
    if (!captured) return;
    const response = await replayActionPost(leader, captured);
    expect(response.headers()['x-action-redirect']).toBeUndefined();
    expect(response.status()).toBe(403);
    await leader.goto(`${app.baseUrl}/disclosure`);
    expect(await leader.locator('tr.dc-row').count()).toBe(countBefore);

    // The refusal is in the audit log with the leader's account.
    const client = createDb(app.databaseUrl);
    try {
      const denied = (await searchAuditLog(client, { action: 'authz.denied', objectId: 'disclosure.manage' }, { limit: 20 })).rows;
      expect(denied.some((r) => r.actor.startsWith('user:') && r.result === 'denied')).toBe(true);
    } finally {
      await client.$disconnect();
    }
    await leader.screenshot({ path: path.join(ARTIFACTS, 'disclosure-leader-1366.png'), fullPage: true });
    expect(dialogs).toEqual([]);
    await leader.context().close();
  });
});
