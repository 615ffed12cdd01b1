/**
 * Runs the local demo source server on DEMO_PORT (default 3099) until Ctrl+C.
 * `npm start` launches this when DEMO_MODE is on; run it alone to look at the feeds:
 *
 *   npx tsx scripts/demo-server.ts   →   http://127.0.0.1:3099/
 */
import { loadConfig } from '@/lib/config';
import { log } from '@/lib/log';
import { startDemoServer } from '@/crawlers/demo-server';

async function main(): Promise<void> {
  const cfg = loadConfig();
  const server = await startDemoServer({ port: cfg.demo.port });
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
