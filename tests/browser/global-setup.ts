/**
 * One running product for all browser test files: starting it (migrate, build, demo corpus) takes
 * longer than the tests themselves. Each file reads the address with `inject('app')`.
 */
import type { TestProject } from 'vitest/node';
import { startApp } from './app';

declare module 'vitest' {
  export interface ProvidedContext {
    app: { baseUrl: string; dir: string; databaseUrl: string; startedAt: number };
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const app = await startApp();
  project.provide('app', { baseUrl: app.baseUrl, dir: app.dir, databaseUrl: app.databaseUrl, startedAt: app.startedAt });
  return () => app.stop();
}
