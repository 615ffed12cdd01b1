/**
 * `npm start`: everything a fresh, offline machine needs, in one command.
 * 1. migrate the database (created on first start), 2. build the web app if the sources changed,
 * 3. launch and supervise the demo source server (demo mode), the crawler worker and the web server.
 * The worker starts first so the demo corpus is already being ingested while the app builds.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ConfigError, loadConfig } from '../lib/config';
import { defaultDbPaths, deployMigrations, sqliteFileFromUrl } from '../lib/db/schema-engine';

const root = process.cwd();
const require = createRequire(import.meta.url);
const nextBin = require.resolve('next/dist/bin/next');
const BUILD_STAMP = path.join(root, '.next', 'som-build-stamp');
const BUILD_INPUTS = ['app', 'components', 'lib', 'next.config.js', 'package-lock.json', 'tsconfig.json'];

function say(msg: string): void {
  process.stdout.write(`[start] ${msg}\n`);
}

/** Hash of everything the web build depends on, so a changed checkout rebuilds and an unchanged one doesn't. */
function sourceHash(): string {
  const h = createHash('sha256');
  const walk = (p: string): void => {
    if (!fs.existsSync(p)) return;
    const st = fs.statSync(p);
    if (st.isDirectory()) {
      for (const name of fs.readdirSync(p).sort()) walk(path.join(p, name));
    } else {
      h.update(path.relative(root, p));
      h.update(fs.readFileSync(p));
    }
  };
  for (const input of BUILD_INPUTS) walk(path.join(root, input));
  return h.digest('hex');
}

function buildIfNeeded(): void {
  const want = sourceHash();
  const have = fs.existsSync(BUILD_STAMP) ? fs.readFileSync(BUILD_STAMP, 'utf8') : '';
  if (have === want && fs.existsSync(path.join(root, '.next', 'BUILD_ID'))) {
    say('网页已构建，跳过构建 (web app is up to date)');
    return;
  }
  say('正在构建网页（首次启动约需 1–3 分钟）… building the web app');
  const r = spawnSync(process.execPath, [nextBin, 'build'], { stdio: 'inherit', env: process.env });
  if (r.status !== 0) throw new Error('网页构建失败 (next build failed)');
  fs.writeFileSync(BUILD_STAMP, want);
}

interface Managed {
  name: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  child?: ChildProcess;
  restarts: number;
}

let stopping = false;
const managed: Managed[] = [];

function launch(m: Managed): void {
  const child = spawn(process.execPath, m.args, { stdio: 'inherit', env: { ...process.env, ...m.env } });
  m.child = child;
  child.on('exit', (code, signal) => {
    if (stopping) return;
    // A crashed worker or demo server is restarted without touching the web server (TESTPLAN F11).
    const delay = Math.min(10_000, 1000 * 2 ** Math.min(m.restarts, 4));
    m.restarts++;
    say(`${m.name} 退出 (code ${code ?? signal})，${delay / 1000} 秒后重启`);
    setTimeout(() => {
      if (!stopping) launch(m);
    }, delay).unref();
  });
  child.on('spawn', () => {
    // Reset the backoff once a process has stayed up for a while.
    setTimeout(() => {
      if (m.child === child && child.exitCode === null) m.restarts = 0;
    }, 60_000).unref();
  });
}

async function main(): Promise<void> {
  const cfg = loadConfig();
  if (cfg.db.engine === 'sqlite') {
    const file = sqliteFileFromUrl(cfg.db.url);
    const { applied } = await deployMigrations(file, defaultDbPaths());
    say(applied.length ? `数据库已迁移: ${applied.join(', ')}` : `数据库已是最新 (${path.relative(root, file)})`);
  }
  const tsx = ['--import', 'tsx'];
  if (cfg.demo.enabled) {
    managed.push({ name: '演示信源服务 (demo source server)', args: [...tsx, 'scripts/demo-server.ts'], restarts: 0 });
  }
  managed.push({ name: '抓取进程 (crawler worker)', args: [...tsx, 'crawlers/worker.ts'], restarts: 0 });
  for (const m of managed) launch(m);

  buildIfNeeded();
  const web: Managed = {
    name: '网页服务 (web server)',
    args: [nextBin, 'start', '-p', String(cfg.port), '-H', cfg.hostname],
    restarts: 0,
  };
  managed.push(web);
  launch(web);
  say(`仪表盘: http://localhost:${cfg.port}  （Ctrl+C 停止）`);

  const shutdown = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    say(`收到 ${signal}，正在停止…`);
    for (const m of managed) m.child?.kill('SIGTERM');
    const alive = () => managed.filter((m) => m.child && m.child.exitCode === null && m.child.signalCode === null);
    const deadline = Date.now() + 30_000;
    const wait = setInterval(() => {
      if (alive().length === 0 || Date.now() > deadline) {
        for (const m of alive()) m.child?.kill('SIGKILL');
        clearInterval(wait);
        process.exit(0);
      }
    }, 200);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((e: unknown) => {
  stopping = true;
  for (const m of managed) m.child?.kill('SIGTERM');
  process.stderr.write(`[start] 启动失败: ${e instanceof ConfigError ? e.message : e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
