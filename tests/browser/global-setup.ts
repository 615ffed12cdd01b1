/**
 * One running product for all browser test files: starting it (migrate, build, demo corpus) takes
 * longer than the tests themselves. Each file reads the address with `inject('app')`. The bootstrap
 * administrators' first sign-in (forced password change) is done here once, through the real pages;
 * their new passwords are provided as `app.admins`.
 */
import type { TestProject } from 'vitest/node';
import { completeFirstSignIn, launchChromium, startApp } from './app';
import type { AdminName } from './app';

declare module 'vitest' {
  export interface ProvidedContext {
    app: { baseUrl: string; dir: string; databaseUrl: string; startedAt: number; admins: Record<AdminName, string> };
  }
}

const ADMIN_PASSWORDS: Record<AdminName, string> = {
  sysadmin: 'Sys-Changed#2026-browser',
  secadmin: 'Sec-Changed#2026-browser',
  auditadmin: 'Aud-Changed#2026-browser',
};

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const app = await startApp();
  try {
    const browser = await launchChromium();
    try {
      for (const admin of Object.keys(ADMIN_PASSWORDS) as AdminName[]) {
        await completeFirstSignIn(browser, app.baseUrl, admin, ADMIN_PASSWORDS[admin]);
      }
    } finally {
      await browser.close();
    }
  } catch (e) {
    await app.stop();
    throw e;
  }
  project.provide('app', { baseUrl: app.baseUrl, dir: app.dir, databaseUrl: app.databaseUrl, startedAt: app.startedAt, admins: ADMIN_PASSWORDS });
  return () => app.stop();
}
