/**
 * Operator CLI: `npm run crawl -- --once [--sources FILE.json]`.
 * Crawls once and prints one JSON line per source:
 * {"source","status":"ok|not_modified|error","fetched","new","duplicates","errorClass","message"}.
 * Exit 0 when the run completed (even if sources failed); 2 on bad arguments or configuration.
 */
import fs from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '@/lib/config';
import { AnalysisRunner } from '@/lib/pipeline/analyse';
import { seedAnalysisLexicon } from '@/lib/pipeline/seed';
import { appendAudit, db, dbPathsForUrl, ensureMigrated, disconnectDb, listSources, migrationTarget, prepareSqlite, upsertSources } from '@/lib/db';
import { cliAuditContext } from '@/lib/audit/context';
import { cliActor } from '@/lib/settings/actor';
import { createCrawlContext } from '@/lib/crawler/context';
import { runTick } from '@/lib/scheduler/tick';
import { SourceListSchema } from '@/lib/sources/schema';
import type { SourceConfig } from '@/lib/sources/schema';

const USAGE = `用法: npm run crawl -- --once [--sources FILE.json]
  --once           抓取一次后退出（必填）
  --sources FILE   只抓取 FILE 中的信源（JSON 数组，格式同内置信源目录）；不填则抓取数据库中所有启用的信源`;

class UsageError extends Error {}

function readSourcesFile(file: string): SourceConfig[] {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`无法读取信源文件 ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const parsed = SourceListSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.slice(0, 20).map((i) => `  [${i.path.join('.')}] ${i.message}`);
    throw new UsageError(`信源文件 ${file} 格式错误:\n${lines.join('\n')}`);
  }
  const ids = new Set<string>();
  for (const s of parsed.data) {
    if (ids.has(s.id)) throw new UsageError(`信源文件 ${file} 中 id 重复: ${s.id}`);
    ids.add(s.id);
  }
  return parsed.data;
}

async function main(argv: string[]): Promise<number> {
  let values: { once?: boolean; sources?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { once: { type: 'boolean' }, sources: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    }));
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (!values.once) throw new UsageError('缺少 --once（持续抓取请使用 npm run worker）');
  const cfg = loadConfig();
  const fileSources = values.sources ? readSourcesFile(values.sources) : null;

  await ensureMigrated(migrationTarget(cfg.db.url), dbPathsForUrl(cfg.db.url));
  const client = db();
  if (cfg.db.engine === 'sqlite') await prepareSqlite(client);
  const now = new Date();
  if (fileSources) {
    await upsertSources(client, fileSources, 'cli', now);
    await appendAudit(client, cliAuditContext(cliActor(process.env.USER)), {
      action: 'source.import',
      objectType: 'source',
      objectId: fileSources.length === 1 ? (fileSources[0]?.id ?? '') : `${fileSources.length} 个`,
      at: now,
      detail: { file: values.sources, ids: fileSources.slice(0, 50).map((s) => s.id) },
    });
  }
  const ids = fileSources
    ? fileSources.map((s) => s.id)
    : (await listSources(client)).filter((s) => s.enabled).map((s) => s.id);

  const ctx = createCrawlContext({ cfg, db: client, workerId: `cli:${os.hostname()}:${process.pid}` });
  const { results } = await runTick(ctx, {
    limit: ids.length,
    concurrency: cfg.crawl.concurrency,
    leaseMs: cfg.crawl.leaseMs,
    ids,
    ignoreSchedule: true,
  });
  const seen = new Set(results.map((r) => r.source));
  for (const r of results) process.stdout.write(`${JSON.stringify(r)}\n`);
  // A source another worker holds right now is reported, not silently dropped.
  for (const id of ids.filter((i) => !seen.has(i))) {
    process.stdout.write(
      `${JSON.stringify({ source: id, status: 'error', fetched: 0, new: 0, duplicates: 0, errorClass: 'leased', message: '该信源正被其他抓取进程处理，本次跳过' })}\n`,
    );
  }
  // Everything stored is analysed before the command returns, so the dashboard shows it at once.
  await seedAnalysisLexicon(client, { demo: cfg.demo.enabled });
  const analysed = await new AnalysisRunner(client).analyseNew();
  process.stderr.write(`已分析 ${analysed.analysed} 条新信息（新事件 ${analysed.newEvents} 个${analysed.failed ? `，失败 ${analysed.failed} 条` : ''}）\n`);
  await disconnectDb();
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    if (e instanceof UsageError || e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n\n${USAGE}\n`);
      process.exit(2);
    }
    process.stderr.write(`抓取失败: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
    process.exit(1);
  },
);
