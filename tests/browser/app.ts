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
import type { Browser } from 'playwright-core';

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
