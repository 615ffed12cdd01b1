/**
 * `npm start`: everything a fresh, offline machine needs, in one command.
 * 1. migrate the database (created on first start), 2. build the web app if the sources changed
 * (normally done already by `npm install`), 3. launch and supervise the demo source server (demo
 * mode), the crawler worker and the web server. The worker starts first, so the demo corpus is being
 * ingested while anything else is still starting.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ConfigError, loadConfig } from '../lib/config';
import { BootstrapError, accountsWithDefaultPasswords, bootstrapAccounts, bootstrapNotice } from '../lib/auth/bootstrap';
import { createDb } from '../lib/db/client';
import { dbPathsForUrl, ensureMigrated, migrationTarget } from '../lib/db/schema-engine';
import { buildIfNeeded } from './build';

const nextBin = createRequire(import.meta.url).resolve('next/dist/bin/next');
/** A child that dies this soon after starting, this many times in a row, is not going to recover. */
const QUICK_EXIT_MS = 10_000;
const MAX_QUICK_EXITS = 5;

function say(msg: string): void {
  process.stdout.write(`[start] ${msg}\n`);
}

interface Managed {
  name: string;
  args: string[];
  child?: ChildProcess;
  startedAt: number;
  restarts: number;
  quickExits: number;
}

let stopping = false;
const managed: Managed[] = [];
let building: ChildProcess | undefined;

function stopAll(code: number): void {
  stopping = true;
  building?.kill('SIGTERM');
  for (const m of managed) m.child?.kill('SIGTERM');
  // The build too: exiting while `next build` still writes .next would leave a broken build behind.
  const alive = () => [...managed.map((m) => m.child), building].filter(running);
  const deadline = Date.now() + 30_000;
  const wait = setInterval(() => {
    if (alive().length === 0 || Date.now() > deadline) {
      for (const c of alive()) c.kill('SIGKILL');
      clearInterval(wait);
      process.exit(code);
    }
  }, 200);
}

function running(c: ChildProcess | undefined): c is ChildProcess {
  return !!c && c.exitCode === null && c.signalCode === null;
}

function launch(m: Managed): void {
  const child = spawn(process.execPath, m.args, { stdio: 'inherit', env: process.env });
  m.child = child;
  m.startedAt = Date.now();
  child.on('exit', (code, signal) => {
    if (stopping) return;
    const quick = Date.now() - m.startedAt < QUICK_EXIT_MS;
    m.quickExits = quick ? m.quickExits + 1 : 0;
    if (m.quickExits >= MAX_QUICK_EXITS) {
      // Give up on this one only: the dashboard stays up (F11) and /api/health reports the worker down.
      say(`${m.name} 连续 ${MAX_QUICK_EXITS} 次启动后立即退出，已停止重启；请查看上方日志中的错误信息，修正后重新运行 npm start`);
      if (managed.every((x) => x.child && !running(x.child))) stopAll(1);
      return;
    }
    // A crashed worker or demo server is restarted without touching the web server (TESTPLAN F11).
    const delay = Math.min(10_000, 1000 * 2 ** Math.min(m.restarts, 4));
    m.restarts = quick ? m.restarts + 1 : 0;
    say(`${m.name} 退出 (${code ?? signal})，${delay / 1000} 秒后重启`);
    setTimeout(() => {
      if (!stopping) launch(m);
    }, delay).unref();
  });
}

function manage(name: string, args: string[]): void {
  const m: Managed = { name, args, startedAt: 0, restarts: 0, quickExits: 0 };
  managed.push(m);
  launch(m);
}

/** First start: the three administrators (passwords printed once) and, in demo mode, the demo users. */
async function createAccounts(url: string, demo: boolean): Promise<void> {
  const client = createDb(url);
  try {
    const r = await bootstrapAccounts(client, { demo });
    const notice = bootstrapNotice(r);
    // Straight to the console, never through the logger: the passwords must not reach a log file.
    if (notice) process.stdout.write(`${notice}\n`);
    if (r.demoCreated.length) say(`演示模式：已创建演示账号 ${r.demoCreated.join(', ')}（登录页一键登录，仅演示模式可用）`);
    const weak = await accountsWithDefaultPasswords(client);
    if (weak.length) {
      throw new BootstrapError(`账号 ${weak.join(', ')} 使用了众所周知的默认密码，拒绝启动。请用 npm run users -- reset-password <用户名> 重置后再启动`);
    }
    if (demo) say('演示模式已开启 (DEMO_MODE=1)：演示账号无需密码即可登录，生产部署请设置 DEMO_MODE=0');
  } finally {
    await client.$disconnect();
  }
}

async function main(): Promise<void> {
  // Signals first: Ctrl+C during the migration or the build must not orphan anything.
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    say(`收到 ${signal}，正在停止…`);
    stopAll(0);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const cfg = loadConfig();
  const target = migrationTarget(cfg.db.url);
  const { applied } = await ensureMigrated(target, dbPathsForUrl(cfg.db.url));
  const shown = cfg.db.engine === 'sqlite' ? path.relative(process.cwd(), target) : 'PostgreSQL';
  say(applied.length ? `数据库已迁移: ${applied.join(', ')}` : `数据库已是最新 (${shown})`);

  if (stopping) return; // a signal arrived during the migration
  await createAccounts(cfg.db.url, cfg.demo.enabled);
  const tsx = ['--import', 'tsx'];
  if (cfg.demo.enabled) manage('演示信源服务 (demo source server)', [...tsx, 'scripts/demo-server.ts']);
  manage('抓取进程 (crawler worker)', [...tsx, 'crawlers/worker.ts']);

  if (stopping) return;
  const built = await buildIfNeeded((c) => {
    say('正在构建网页（约需 1–3 分钟）… building the web app');
    building = c;
  });
  building = undefined;
  if (!built) say('网页已是最新 (web app is up to date)');
  if (stopping) return;
  manage('网页服务 (web server)', [nextBin, 'start', '-p', String(cfg.port), '-H', cfg.hostname]);
  say(`仪表盘: http://localhost:${cfg.port}  （Ctrl+C 停止）`);
}

main().catch((e: unknown) => {
  if (stopping) return; // a build cut short by Ctrl+C is not a failure to report
  process.stderr.write(`[start] 启动失败: ${e instanceof ConfigError || e instanceof BootstrapError ? e.message : e instanceof Error ? e.message : String(e)}\n`);
  stopAll(1);
});
