/**
 * 舆情日报 in Chromium on the running product: the press officer generates a daily digest on demand,
 * sees it with its evidence links, follows one to the stored row, downloads the .docx (a real zip
 * with the sections) and the PDF; the leader records a 批示, shown with who; the leader's captured
 * 批示 POST replayed with a foreign Origin is refused and changes nothing. Unknown ids are 404.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { createDb } from '@/lib/db';
import { unzip } from '../helpers/unzip';
import { ARTIFACTS, captureActionPost, failOnDialog, launchChromium, signedInPage } from './app';

const app = inject('app');
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

async function waitForItems(): Promise<void> {
  const client = createDb(app.databaseUrl);
  try {
    const deadline = Date.now() + 180_000;
    while ((await client.event.count({ where: { itemCount: { gte: 2 } } })) === 0) {
      if (Date.now() > deadline) throw new Error('no demo data within 180 s');
      await new Promise((r) => setTimeout(r, 5_000));
    }
  } finally {
    await client.$disconnect();
  }
}

describe('舆情日报 in the browser', () => {
  let digestUrl = '';

  test('the press officer generates a digest, follows an evidence link, downloads the .docx and the PDF', async () => {
    await waitForItems();
    const page = await signedInPage(browser, app.baseUrl, 'press_officer', { viewport: { width: 1366, height: 900 }, acceptDownloads: true });
    const dialogs: string[] = [];
    failOnDialog(page, dialogs);
    await page.goto(`${app.baseUrl}/digests`);
    expect(await page.locator('h1').textContent()).toBe('舆情日报与专报');
    // A range wide enough to hold the demo week.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() + 86_400_000));
    const from = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() - 20 * 86_400_000));
    await page.locator('input[name="from"]').fill(from);
    await page.locator('input[name="to"]').fill(today);
    await page.getByRole('button', { name: '生成日报', exact: true }).click();
    await page.waitForURL((u) => /^\/digests\/\d+$/.test(u.pathname), { timeout: 60_000 });
    digestUrl = page.url().split('?')[0]!;
    await expect.poll(() => page.locator('[role=status]').first().textContent()).toContain('日报已生成');
    for (const h of ['舆情概况', '重点舆情', '预警与处置', '明日关注']) expect(await page.locator('h2', { hasText: h }).count()).toBe(1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'digest-view.png'), fullPage: true });

    const link = page.locator('a[data-evidence^="item:"]').first();
    const href = await link.getAttribute('href');
    expect(href).toMatch(/^\/items\/\d+$/);
    await link.click();
    await page.waitForURL((u) => u.pathname === href);
    expect((await page.goto(`${app.baseUrl}${href}`))!.status()).toBe(200);

    await page.goto(digestUrl);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '下载 Word（.docx）' }).click()]);
    const file = path.join(ARTIFACTS, 'digest.docx');
    await download.saveAs(file);
    const xml = unzip((await import('node:fs')).readFileSync(file)).find((e) => e.name === 'word/document.xml')!.data.toString('utf8').replace(/<[^>]+>/g, '');
    for (const s of ['安全生产舆情日报', '舆情概况', '重点舆情', '明日关注']) expect(xml).toContain(s);
    const pdf = await page.context().request.get(`${digestUrl}/pdf`);
    expect(pdf.status()).toBe(200);
    expect((await pdf.body()).subarray(0, 8).toString('latin1')).toBe('%PDF-1.4');
    expect((await page.context().request.get(`${app.baseUrl}/digests/99999999/docx`)).status()).toBe(404);
    expect((await page.goto(`${app.baseUrl}/digests/99999999`))!.status()).toBe(404);
    expect(dialogs).toEqual([]);
    await page.context().close();
  });

  test('the leader records a 批示; the same POST from a foreign origin is refused', async () => {
    expect(digestUrl).not.toBe('');
    const page = await signedInPage(browser, app.baseUrl, 'leader', { viewport: { width: 2560, height: 1300 } });
    const dialogs: string[] = [];
    failOnDialog(page, dialogs);
    const id = Number(new URL(digestUrl).pathname.split('/').pop());
    const post = captureActionPost(page, (p) => p === `/digests/${id}`);
    await page.goto(digestUrl);
    await page.getByLabel('批示内容').fill('请宣传处密切关注，及时回应关切。');
    await page.getByRole('button', { name: '记录批示', exact: true }).click();
    await expect.poll(() => page.locator('section.dg-instruction').textContent(), { timeout: 30_000 }).toContain('请宣传处密切关注');
    const captured = post();
    expect(captured).not.toBeNull();

    const client = createDb(app.databaseUrl);
    try {
      const before = await client.digest.findUnique({ where: { id }, select: { instruction: true, instructedAt: true } });
      const forged = Buffer.from(captured!.body!.toString('utf8').replace('请宣传处密切关注，及时回应关切。', '伪造的批示'), 'utf8');
      const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
      await fetch(captured!.url, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie, origin: 'https://evil.example', 'next-action': captured!.headers['next-action']!, 'content-type': captured!.headers['content-type']!, accept: 'text/x-component' },
        body: forged,
      });
      const after = await client.digest.findUnique({ where: { id }, select: { instruction: true, instructedAt: true } });
      expect(after).toEqual(before);
    } finally {
      await client.$disconnect();
    }
    expect(dialogs).toEqual([]);
    await page.context().close();
  });
});
