/**
 * Starts the product exactly as `npm start` does (supervisor → migrate, build, demo server,
 * worker, web) on free ports with a throwaway database, and drives Debian's Chromium.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { APIResponse, Browser, Page } from 'playwright-core';

export const ARTIFACTS = path.resolve('test-results/browser');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export interface RunningApp {
  baseUrl: string;
  dir: string;
  /** The app's own SQLite database: tests may put fixtures into it through the product's pipeline. */
  databaseUrl: string;
  logFile: string;
  startedAt: number;
  stop(): Promise<void>;
}

export async function startApp(env: Record<string, string> = {}): Promise<RunningApp> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'som-app-'));
  const port = await freePort();
  const demoPort = await freePort();
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const logFile = path.join(ARTIFACTS, 'app.log');
  const log = fs.openSync(logFile, 'w');
  const databaseUrl = `file:${path.join(dir, 'app.db')}`;
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOSTNAME: '127.0.0.1',
      DEMO_PORT: String(demoPort),
      NODE_ENV: 'production',
      SOM_BOOTSTRAP_SYSADMIN_PASSWORD: BOOTSTRAP_PASSWORDS.sysadmin,
      SOM_BOOTSTRAP_SECADMIN_PASSWORD: BOOTSTRAP_PASSWORDS.secadmin,
      SOM_BOOTSTRAP_AUDITADMIN_PASSWORD: BOOTSTRAP_PASSWORDS.auditadmin,
      ...env,
    },
    stdio: ['ignore', log, log],
  });
  const startedAt = Date.now();
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 540_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`app exited early; see ${logFile}:\n${fs.readFileSync(logFile, 'utf8').slice(-3000)}`);
    try {
       
      const r = await fetch(`${baseUrl}/api/health`);
      if (r.ok || r.status === 503) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error(`app did not come up; see ${logFile}`);
     
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    baseUrl,
    dir,
    databaseUrl,
    logFile,
    startedAt,
    async stop() {
      child.kill('SIGTERM');
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) resolve();
        child.once('exit', () => resolve());
        setTimeout(() => {
          child.kill('SIGKILL');
          resolve();
        }, 35_000).unref();
      });
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/** Passwords the first start takes from the environment (TESTPLAN S21: settable for automated setups). */
export const BOOTSTRAP_PASSWORDS = {
  sysadmin: 'Boot#Sys-2026-xKqz',
  secadmin: 'Boot#Sec-2026-yMrw',
  auditadmin: 'Boot#Aud-2026-zNtv',
} as const;
export type AdminName = keyof typeof BOOTSTRAP_PASSWORDS;

/** The demo account buttons on the sign-in page, by the role label they show. */
export const DEMO_ROLE_BUTTONS = {
  press_officer: '舆情值班员',
  drafter: '撰稿人',
  reviewer: '保密审查员',
  leader: '领导',
} as const;
export type DemoRole = keyof typeof DEMO_ROLE_BUTTONS;

type ContextOptions = Parameters<Browser['newContext']>[0];

/**
 * A page in a fresh browser context, signed in through the real sign-in page: a demo account by its
 * role button, or an account by username and password. Resolves once the sign-in has landed.
 */
export async function signedInPage(
  browser: Browser,
  baseUrl: string,
  who: DemoRole | { username: string; password: string },
  options: ContextOptions = {},
): Promise<Page> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  await signInOn(page, baseUrl, who);
  return page;
}

export async function signInOn(page: Page, baseUrl: string, who: DemoRole | { username: string; password: string }): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  if (typeof who === 'string') {
    await page.getByRole('button', { name: DEMO_ROLE_BUTTONS[who], exact: true }).click();
  } else {
    await page.locator('input[name="username"]').fill(who.username);
    await page.locator('input[name="password"]').fill(who.password);
    await page.getByRole('button', { name: '登录', exact: true }).click();
  }
  await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 30_000 });
}

/** First sign-in of a bootstrap administrator: the forced password change, through the real pages. */
export async function completeFirstSignIn(browser: Browser, baseUrl: string, admin: AdminName, newPassword: string): Promise<void> {
  const page = await signedInPage(browser, baseUrl, { username: admin, password: BOOTSTRAP_PASSWORDS[admin] });
  try {
    await page.waitForURL((u) => u.pathname === '/account/password', { timeout: 30_000 });
    await page.locator('input[name="currentPassword"]').fill(BOOTSTRAP_PASSWORDS[admin]);
    await page.locator('input[name="newPassword"]').fill(newPassword);
    await page.locator('input[name="confirmPassword"]').fill(newPassword);
    await page.getByRole('button', { name: '修改密码', exact: true }).click();
    await page.waitForURL((u) => u.pathname !== '/account/password', { timeout: 30_000 });
  } finally {
    await page.context().close();
  }
}

/** Records every dialog the page opens (and dismisses it): tests expect none. */
export function failOnDialog(page: Page, dialogs: string[]): void {
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
}

/** A server-action POST as the browser sent it, to be replayed from another session. */
export interface CapturedPost {
  url: string;
  headers: Record<string, string>;
  body: Buffer | null;
}

/**
 * Keeps the first server-action POST to a path matching `path` whose body matches `body` (the
 * request still goes through). Returns a getter for it.
 */
export function captureActionPost(page: Page, path: (pathname: string) => boolean, body: RegExp = /[\s\S]*/): () => CapturedPost | null {
  let captured: CapturedPost | null = null;
  page.on('request', (r) => {
    if (captured || r.method() !== 'POST' || !r.headers()['next-action'] || !path(new URL(r.url()).pathname)) return;
    const data = r.postDataBuffer();
    if (data && body.test(data.toString('utf8'))) captured = { url: r.url(), headers: r.headers(), body: data };
  });
  return () => captured;
}

/** Sends a captured action POST again with `as`'s session instead of the original one. */
export async function replayActionPost(as: Page, captured: CapturedPost): Promise<APIResponse> {
  const { cookie: _cookie, 'content-length': _length, ...headers } = captured.headers;
  return as.context().request.post(captured.url, { headers, data: captured.body ?? Buffer.alloc(0), maxRedirects: 0 });
}
