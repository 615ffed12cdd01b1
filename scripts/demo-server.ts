/**
 * Runs the local demo source server on DEMO_PORT (default 3099) until Ctrl+C.
 * `npm start` launches this when DEMO_MODE is on; run it alone to look at the feeds:
 *
 *   npx tsx scripts/demo-server.ts   →   http://127.0.0.1:3099/
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '@/lib/config';
import type { AppConfig } from '@/lib/config';
import { sqliteFileFromUrl } from '@/lib/db/sqlite-file';
import { log } from '@/lib/log';
import { startDemoServer } from '@/crawlers/demo-server';

/**
 * The demo week is laid out relative to the first start and that moment is kept beside the
 * database, so a restart (or a supervisor restarting this process) replays the same timeline
 * instead of shifting every item's publication time. Deleting data/ starts a new week.
 */
function demoEpoch(cfg: AppConfig): Date {
  const dir = cfg.db.engine === 'sqlite' ? path.dirname(sqliteFileFromUrl(cfg.db.url)) : path.resolve('data');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'demo-epoch.txt');
  const saved = fs.existsSync(file) ? new Date(fs.readFileSync(file, 'utf8').trim()) : null;
  if (saved && !Number.isNaN(saved.getTime())) return saved;
  const now = new Date();
  fs.writeFileSync(file, `${now.toISOString()}\n`);
  return now;
}

async function main(): Promise<void> {
  const cfg = loadConfig();
  const server = await startDemoServer({ port: cfg.demo.port, startedAt: demoEpoch(cfg) });
  process.stdout.write(`演示信源服务已启动: ${server.url}/\n`);
  let closing = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (closing) return;
    closing = true;
    log.info('demo server stopping', { signal });
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  log.error('demo server failed to start', { message: e instanceof Error ? e.message : String(e) });
  process.exit(1);
});
