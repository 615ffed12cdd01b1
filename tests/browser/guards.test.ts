/**
 * TESTPLAN S1/S3/S20 at run time, on the running product: every page and route handler, asked
 * without a session, with a forged session cookie (which passes proxy.ts's presence check, so the
 * DAL alone decides), with the proxy-bypass headers of past Next.js advisories, or by an
 * administrator who holds no business permission, gives no business data.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, signedInPage } from './app';

const app = inject('app');
/** Text only business pages show: the demo corpus's province and city, and the demo sources' name mark. */
const CANARIES = ['演示省', '澄河市', '【演示】'];

/** Every page under app/, with a sample id for dynamic segments (ids that exist in the demo data or not: both must be guarded). */
function pagePaths(): string[] {
  const out: string[] = [];
  const walk = (dir: string, url: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (!e.isDirectory()) continue;
      const seg = e.name;
      const next = seg.startsWith('(') ? url : seg.startsWith('[') ? `${url}/1` : `${url}/${seg}`;
      walk(path.join(dir, seg), next);
    }
    if (fs.existsSync(path.join(dir, 'page.tsx'))) out.push(url || '/');
    if (fs.existsSync(path.join(dir, 'route.ts'))) out.push(url);
  };
  walk(path.resolve('app'), '');
  return [...new Set(out)].sort();
}

const PUBLIC = new Set(['/login', '/login/totp', '/api/health']);
/** The public release channel: published releases only, by design readable by anyone (tests/browser/releases.test.ts checks its content). */
const isPublicChannel = (p: string): boolean => p.startsWith('/public/');
const ADMIN_PAGES = new Set(['/admin/users', '/admin/security', '/audit', '/audit/export']);

let browser: Browser;
let sysadmin: Page;

beforeAll(async () => {
  browser = await launchChromium();
  sysadmin = await signedInPage(browser, app.baseUrl, { username: 'sysadmin', password: app.admins.sysadmin });
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

function noCanary(body: string, url: string): void {
  for (const c of CANARIES) expect(body.includes(c), `${url} leaked “${c}”`).toBe(false);
}

describe('every page and route is guarded at run time', () => {
  const paths = pagePaths().filter((p) => !PUBLIC.has(p) && !isPublicChannel(p));

  test('the walk finds the product’s pages', () => {
    expect(paths).toEqual(expect.arrayContaining(['/', '/items', '/items/1', '/events', '/alerts', '/warnings', '/sources', '/settings', '/audit', '/items/export']));
  });

  test('without a session: pages send to /login, routes answer 401, no business data', async () => {
    for (const p of paths) {
      const r = await fetch(`${app.baseUrl}${p}`, { redirect: 'manual' });
      const body = await r.text();
      noCanary(body, p);
      if (r.status === 401) continue;
      expect(r.status, p).toBeGreaterThanOrEqual(300);
      expect(r.status, p).toBeLessThan(400);
      expect(new URL(r.headers.get('location') ?? '', app.baseUrl).pathname, p).toBe('/login');
    }
  });

  test('with a forged session cookie (past the proxy): the DAL refuses every page and route', async () => {
    const cookie = 'som_session=AAAAAAAAAAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB';
    for (const p of paths) {
      const r = await fetch(`${app.baseUrl}${p}`, { redirect: 'manual', headers: { cookie } });
      const body = await r.text();
      noCanary(body, p);
      expect([307, 308, 303, 302, 401], p).toContain(r.status);
    }
  });

  test('the public release channel answers without a session and links nothing of the dashboard', async () => {
    const publicPaths = pagePaths().filter(isPublicChannel);
    expect(publicPaths).toEqual(expect.arrayContaining(['/public/releases', '/public/releases/rss.xml']));
    for (const p of publicPaths) {
      const r = await fetch(`${app.baseUrl}${p}`, { redirect: 'manual' });
      // /public/releases/1 may or may not be a published release: a page or a real 404, never a redirect to sign in.
      expect([200, 404], p).toContain(r.status);
      const body = await r.text();
      for (const dashboardPath of ['href="/items', 'href="/events', 'href="/alerts', 'href="/settings', '退出登录']) {
        expect(body.includes(dashboardPath), `${p} shows ${dashboardPath}`).toBe(false);
      }
    }
  });

  test('proxy-bypass headers and encodings give no business data', async () => {
    const tricks: Record<string, string>[] = [
      { 'x-middleware-subrequest': 'middleware:middleware:middleware:middleware:middleware' },
      { 'x-middleware-subrequest': 'proxy:proxy:proxy:proxy:proxy' },
      { 'x-nextjs-data': '1' },
      { rsc: '1' },
      { 'next-router-prefetch': '1', rsc: '1' },
      { 'next-router-segment-prefetch': '/_tree', rsc: '1' },
    ];
    for (const headers of tricks) {
      for (const p of ['/', '/items', '/events', '/alerts', '/sources']) {
        const r = await fetch(`${app.baseUrl}${p}`, { redirect: 'manual', headers });
        noCanary(await r.text(), `${p} ${JSON.stringify(headers)}`);
      }
    }
    for (const p of ['/%69tems', '/items.rsc', '/index.rsc', '/items/', '/ITEMS', '/_next/data/x/items.json']) {
      const r = await fetch(`${app.baseUrl}${p}`, { redirect: 'manual' });
      noCanary(await r.text(), p);
    }
  });

  test('the system administrator (no business permission) is refused every business page with 403', async () => {
    for (const p of paths.filter((x) => !ADMIN_PAGES.has(x) && !x.startsWith('/account') && !x.startsWith('/admin'))) {
      const r = await sysadmin.request.get(`${app.baseUrl}${p}`, { maxRedirects: 0 });
      noCanary(await r.text(), p);
      expect(r.status(), p).toBe(403);
    }
    for (const p of ['/audit', '/audit/export', '/admin/security']) {
      expect((await sysadmin.request.get(`${app.baseUrl}${p}`, { maxRedirects: 0 })).status(), p).toBe(403);
    }
  });
});

describe('cross-site requests (TESTPLAN S7)', () => {
  test('a server action replayed from another origin is refused; the same request from our origin works', async () => {
    const page = await signedInPage(browser, app.baseUrl, 'press_officer');
    // Capture the real sign-out action request (and stop it), to replay it by hand.
    let captured: { headers: Record<string, string>; body: string } | null = null;
    await page.route('**/*', async (route) => {
      const r = route.request();
      if (r.method() === 'POST' && r.headers()['next-action']) {
        captured = { headers: r.headers(), body: r.postData() ?? '' };
        await route.abort();
      } else {
        await route.continue();
      }
    });
    await page.getByRole('button', { name: '退出登录' }).click();
    await expect.poll(() => captured !== null, { timeout: 15_000 }).toBe(true);
    const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const signedIn = async () => (await fetch(`${app.baseUrl}/`, { redirect: 'manual', headers: { cookie } })).status === 200;
    expect(await signedIn()).toBe(true);

    const replay = (origin: string) =>
      fetch(`${app.baseUrl}/`, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          cookie,
          origin,
          'next-action': captured!.headers['next-action']!,
          'content-type': captured!.headers['content-type'] ?? 'text/plain;charset=UTF-8',
          accept: 'text/x-component',
        },
        body: captured!.body,
      });
    await replay('https://evil.example');
    expect(await signedIn()).toBe(true); // the forged sign-out did nothing
    await replay(app.baseUrl);
    expect(await signedIn()).toBe(false); // the same request from our own origin signs out
    await page.context().close();
  });
});
