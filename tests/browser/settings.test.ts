/**
 * 设置 in real Chromium on the running demo product: a topic rule with a syntax error shows where,
 * the fixed rule saves with its 试运行 count and the re-tagging catches up; an inconsistent threshold
 * is refused next to its field and a valid one is saved; a new lexicon word bumps the version and a
 * re-analysis job appears with its progress. No dialog may open (a topic name carries markup).
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
  items: { total: number };
  analysis: { analysed: number; pending: number; lexiconVersion: number };
}

async function health(): Promise<HealthBody> {
  return (await (await fetch(`${app.baseUrl}/api/health`)).json()) as HealthBody;
}

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACTS, `settings-${name}.png`), fullPage: true });
}

beforeAll(async () => {
  browser = await launchChromium();
  page = await signedInPage(browser, app.baseUrl, 'press_officer', { viewport: { width: 1366, height: 900 } });
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  // The demo week must be stored and analysed for 试运行 to have something to count.
  const until = Date.now() + 120_000;
  let h = await health();
  while ((h.analysis.analysed < 50 || h.analysis.pending > 0) && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 1000));
    h = await health();
  }
}, 180_000);

afterAll(async () => {
  await browser?.close();
});

describe('设置', () => {
  test('the overview lists the five sections', async () => {
    await page.goto(`${app.baseUrl}/settings`, { waitUntil: 'networkidle' });
    expect(await page.locator('h1').textContent()).toBe('设置');
    for (const name of ['监测专题', '词典', '预警阈值', '响应时限', '通知渠道与规则']) {
      await page.locator('.settings-grid h2', { hasText: name }).waitFor();
    }
    await shot('overview-1366');
    await page.setViewportSize({ width: 2560, height: 1440 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'settings-overview-2560.png') });
    await page.setViewportSize({ width: 1366, height: 900 });
  });

  test('a topic rule with a syntax error shows where; fixed, it saves with its 试运行 count and is re-tagged', async () => {
    const name = '煤矿透水<img src=x onerror=alert(1)>';
    await page.goto(`${app.baseUrl}/settings/topics`, { waitUntil: 'networkidle' });
    await page.locator('#new-topic-name').fill(name);
    await page.locator('#new-topic-rule').fill('煤矿 AND (透水 OR');
    // Checked while typing, before anything is saved.
    const error = page.locator('[data-testid="rule-error"]');
    await error.waitFor();
    expect(await error.textContent()).toBe('规则有误：第 12 个字符处的“OR”后面缺少关键词');
    expect(await page.locator('[data-testid="rule-highlight"] mark').textContent()).toBe('O');
    const form = page.locator('form[aria-label="新建监测专题"]');
    await form.getByRole('button', { name: '保存', exact: true }).click();
    await form.locator('.form-message.error').waitFor();
    expect(await form.locator('.form-message.error').textContent()).toContain('未保存');
    expect(await page.locator('#new-topic-rule').inputValue()).toBe('煤矿 AND (透水 OR');
    expect(await page.locator(`tr[data-topic="${name}"]`).count()).toBe(0);
    await shot('topic-error');

    await page.locator('#new-topic-rule').fill('煤矿 AND (透水 OR 突水)');
    await page.locator('.rule-check.ok').waitFor();
    await form.getByRole('button', { name: '试运行（近 7 天）' }).click();
    const previewCount = Number(await form.locator('[data-testid="preview-count"]').textContent());
    expect(previewCount).toBeGreaterThan(0);

    await form.getByRole('button', { name: '保存', exact: true }).click();
    await page.waitForURL(/\/settings\/topics\?saved=\d+/);
    const saved = page.locator('[data-testid="topic-saved"]');
    await saved.waitFor();
    expect(await saved.textContent()).toContain(`已保存专题「${name}」`);
    expect(Number(await saved.locator('[data-testid="preview-count"]').textContent())).toBe(previewCount);
    const row = page.locator(`tr[data-topic="${name}"]`);
    await row.waitFor();
    expect(await row.locator('code.rule').textContent()).toBe('煤矿 AND (透水 OR 突水)');
    await page.locator('[data-testid="analysis-job"]').first().waitFor();
    await shot('topic-saved');

    // The worker re-tags stored items in the background: the list catches up with the preview
    // (both read on one render, so demo items arriving live count on both sides).
    const savedUrl = page.url();
    const until = Date.now() + 90_000;
    let counts = { tagged: -1, preview: -2 };
    while (Date.now() < until) {
      await page.goto(savedUrl, { waitUntil: 'networkidle' });
      counts = {
        tagged: Number((await page.locator(`tr[data-topic="${name}"] [data-testid="tagged-count"]`).textContent())?.replace(/\D/g, '')),
        preview: Number(await page.locator('[data-testid="topic-saved"] [data-testid="preview-count"]').textContent()),
      };
      if (counts.tagged === counts.preview) break;
      await new Promise((r) => setTimeout(r, 2000));
    }
    expect(counts.tagged).toBe(counts.preview);
    expect(counts.preview).toBeGreaterThanOrEqual(previewCount);
    await shot('topic-tagged');
  }, 240_000);

  test('an inconsistent threshold is refused next to its field; a valid one is saved', async () => {
    await page.goto(`${app.baseUrl}/settings/thresholds`, { waitUntil: 'networkidle' });
    const input = page.locator('input[name="levels/heat_score/red"]');
    expect(await input.inputValue()).toBe('85');
    const levels = page.locator('form[aria-label="分级阈值"]');
    await input.fill('60');
    await levels.getByRole('button', { name: '保存“分级阈值”' }).click();
    const fieldError = page.locator('#th-levels-heat-score-red-err');
    await fieldError.waitFor();
    expect(await fieldError.textContent()).toBe('红色阈值须高于橙色阈值（70），否则橙色预警永远不会出现');
    expect(await input.getAttribute('aria-invalid')).toBe('true');
    expect(await input.inputValue()).toBe('60');
    await shot('threshold-error');
    await page.reload({ waitUntil: 'networkidle' });
    expect(await input.inputValue()).toBe('85'); // nothing was saved

    await input.fill('90');
    await levels.getByRole('button', { name: '保存“分级阈值”' }).click();
    await levels.locator('.form-message.saved').waitFor();
    await page.reload({ waitUntil: 'networkidle' });
    expect(await input.inputValue()).toBe('90');
    expect(await page.locator('.page-head').textContent()).toContain('demo_duty（账号）');
    await shot('threshold-saved');
  });

  test('a new lexicon word bumps the version and a re-analysis job shows its progress', async () => {
    await page.goto(`${app.baseUrl}/settings/lexicon`, { waitUntil: 'networkidle' });
    const version = Number(await page.locator('[data-testid="lexicon-version"] strong').textContent());
    expect(version).toBeGreaterThan(0);
    const form = page.locator('form[aria-label="新增词条"]');
    await page.locator('#lex-new-term').fill('封口协议书');
    await page.locator('#lex-new-category').selectOption('sensitive.family');
    await page.locator('#lex-new-weight').fill('-2');
    await form.getByRole('button', { name: '添加词条' }).click();
    await form.locator('.form-message.saved').waitFor();
    expect(await form.locator('.form-message.saved').textContent()).toContain(`词典版本升至 ${version + 1}`);
    await page.locator('[data-testid="lexicon-version"] strong', { hasText: String(version + 1) }).waitFor();
    const job = page.locator('[data-testid="analysis-job"]').first();
    expect(await job.textContent()).toContain(`版本 ${version + 1}`);
    expect(await job.textContent()).toContain('demo_duty（账号）');
    const row = page.locator('tr[data-term="封口协议书"]');
    await row.waitFor();
    expect(await row.textContent()).toContain('人工新增');
    await shot('lexicon-added');
    // The page refreshes itself while the job runs; it ends done, with its counts.
    await job.locator('.pill', { hasText: '已完成' }).waitFor({ timeout: 90_000 });
    expect(await job.textContent()).toMatch(/已完成 \d+ \/ \d+ 条/);
    await shot('lexicon-job-done');
    // The same word again is refused next to its field.
    await page.locator('#lex-new-term').fill('封口协议书');
    await page.locator('#lex-new-category').selectOption('sensitive.family');
    await page.locator('#lex-new-weight').fill('-2');
    await form.getByRole('button', { name: '添加词条' }).click();
    await page.locator('#lex-new-term-err').waitFor();
    expect(await page.locator('#lex-new-term-err').textContent()).toContain('已在情感词中');
  }, 180_000);

  test('clocks and notifications render in Chinese; no dialog opened anywhere', async () => {
    await page.goto(`${app.baseUrl}/settings/clocks`, { waitUntil: 'networkidle' });
    expect(await page.locator('h1').textContent()).toBe('响应时限');
    expect(await page.locator('input[name="authoritativeInfoHours"]').inputValue()).toBe('5');
    await page.goto(`${app.baseUrl}/settings/notifications`, { waitUntil: 'networkidle' });
    expect(await page.locator('h1').textContent()).toBe('通知渠道与规则');
    await page.locator('text=还没有通知通道').waitFor();
    expect(dialogs).toEqual([]);
  });
});
