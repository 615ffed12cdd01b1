/**
 * Crawled text is hostile. The feedparser sanitizer cases in ../shared/fixtures/malformed/xss-* are
 * crawled into the running product by its own CLI (the real fetch → parse → store → analyse path),
 * then every page that shows them is opened in Chromium: no script of theirs runs, no dialog opens,
 * no navigation happens, and none of their markup reaches the DOM as markup.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { HAVE_FIXTURES, NO_FIXTURES_NOTE, fixtureFiles, serveFixtures } from '../helpers/fixtures';
import { ARTIFACTS, launchChromium, signedInPage } from './app';

const app = inject('app');
const XSS_FILES = fixtureFiles('malformed').filter((f) => f.startsWith('xss-'));
let browser: Browser;
let server: Awaited<ReturnType<typeof serveFixtures>> | undefined;
let itemIds: number[] = [];

function crawlOnce(sourcesFile: string, port: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/crawl.ts', '--once', '--sources', sourcesFile], {
    env: {
      ...process.env,
      DATABASE_URL: app.databaseUrl,
      CRAWLER_ALLOW_PRIVATE: `127.0.0.1:${port}`,
      CRAWLER_HOST_DELAY_MS: '0',
      LOG_LEVEL: 'silent',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

beforeAll(async () => {
  browser = await launchChromium();
  if (!HAVE_FIXTURES) return;
  server = await serveFixtures();
  const sources = XSS_FILES.map((f) => ({
    id: `xss-${f.replace(/^xss-feedparser-/, '').replace(/\.xml$/, '').replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`.slice(0, 60),
    name: `XSS 样例 ${f}`,
    url: `${server!.baseUrl}/malformed/${f}`,
    kind: 'rss',
    category: 'forum_social',
  }));
  const file = path.join(app.dir, 'xss-sources.json');
  fs.writeFileSync(file, JSON.stringify(sources));
  const run = await crawlOnce(file, server.port);
  if (run.code !== 0) throw new Error(`crawl failed (${run.code}): ${run.stderr.slice(-2000)}`);
  const dbFile = app.databaseUrl.replace(/^file:/, '');
  const sqlite = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    itemIds = (sqlite.prepare(`SELECT id FROM Item WHERE sourceId LIKE 'xss-%' ORDER BY id`).all() as Array<{ id: number }>).map((r) => r.id);
  } finally {
    sqlite.close();
  }
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens a page, recording dialogs and navigations away from it, and returns what it found. */
async function visit(url: string): Promise<{ page: Page; dialogs: string[]; navigatedTo: string[] }> {
  const page = await signedInPage(browser, app.baseUrl, 'press_officer', { viewport: { width: 1440, height: 1000 } });
  const dialogs: string[] = [];
  const navigatedTo: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const target = new URL(url).origin;
  page.on('framenavigated', (f) => {
    if (f === page.mainFrame() && new URL(f.url()).origin !== target) navigatedTo.push(f.url());
  });
  // Anything leaving the machine would be a payload phoning out: block and record it.
  await page.route('**/*', (route) => {
    const u = new URL(route.request().url());
    if (u.origin === target) return route.continue();
    navigatedTo.push(u.href);
    return route.abort();
  });
  await page.goto(url, { waitUntil: 'networkidle' });
  // Give delayed handlers (onload, setTimeout payloads) a moment to fire.
  await page.mouse.move(300, 300);
  await page.mouse.move(700, 500);
  await page.waitForTimeout(300);
  return { page, dialogs, navigatedTo };
}

/** Markup from the fixtures that must never be live in the DOM. */
async function liveMarkup(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    for (const el of Array.from(document.querySelectorAll('*'))) {
      for (const a of Array.from(el.attributes)) {
        if (/^on/i.test(a.name)) found.push(`${el.tagName} ${a.name}`);
        if (/^(href|src|action|formaction|xlink:href)$/i.test(a.name) && /^\s*(javascript|vbscript|data):/i.test(a.value)) {
          found.push(`${el.tagName} ${a.name}=${a.value.slice(0, 40)}`);
        }
      }
    }
    for (const el of Array.from(document.querySelectorAll('iframe, embed, object, meta[http-equiv], base, link[rel=import]'))) {
      found.push(el.tagName);
    }
    for (const s of Array.from(document.querySelectorAll('script'))) {
      const code = s.textContent ?? '';
      // Next's page data (the RSC payload) carries the items' text as JSON strings: data, not code.
      // It must not hold markup that could close its script element, though.
      if (code.startsWith('self.__next_f.push(')) {
        if (/<\/?script/i.test(code)) found.push(`RSC payload with a script tag: ${code.slice(0, 40)}`);
      } else if (/executeMe|location\.href|alert\(|example\.com/.test(code)) {
        found.push(`script: ${code.slice(0, 40)}`);
      }
    }
    for (const s of Array.from(document.querySelectorAll('style'))) {
      if (/expression|behavior|url\(/i.test(s.textContent ?? '')) found.push(`style: ${(s.textContent ?? '').slice(0, 40)}`);
    }
    return found;
  });
}

describe.skipIf(!HAVE_FIXTURES)(`hostile feed content is shown harmlessly${HAVE_FIXTURES ? '' : ` (${NO_FIXTURES_NOTE})`}`, () => {
  test('the fixtures were crawled and stored by the product', () => {
    expect(XSS_FILES.length).toBeGreaterThan(10);
    expect(itemIds.length).toBeGreaterThan(5);
  });

  const pages = (): string[] => [
    '/',
    '/items',
    '/items?range=30d',
    ...itemIds.map((id) => `/items/${id}`),
    '/events',
    '/sources',
  ];

  test('no page that shows them runs their scripts, opens a dialog, navigates or loads anything remote', async () => {
    const problems: string[] = [];
    for (const p of pages()) {
      const { page, dialogs, navigatedTo } = await visit(`${app.baseUrl}${p}`);
      const live = await liveMarkup(page);
      if (dialogs.length) problems.push(`${p}: dialog ${dialogs.join(' | ')}`);
      if (navigatedTo.length) problems.push(`${p}: navigated/loaded ${navigatedTo.join(' | ')}`);
      if (live.length) problems.push(`${p}: live markup ${live.join(' | ')}`);
      if (p === `/items/${itemIds[0]}`) {
        await page.screenshot({ path: path.join(ARTIFACTS, 'xss-item.png'), fullPage: true });
      }
      await page.close();
    }
    expect(problems.join('\n')).toBe('');
  });
});
