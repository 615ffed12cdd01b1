/**
 * `npm run detect -- --replay FILE.jsonl` feeds timestamped items through analysis and detection
 * in time order and prints each alert as a JSON line {"at","level","kind","subject","why"}.
 * Bad input lines are reported on stderr (one JSON line each) and skipped.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { ReplayItemSchema, replay } from '../lib/pipeline/replay';
import type { ReplayItem } from '../lib/pipeline/replay';
import { UsageError, runCli } from './cli';

const USAGE = `用法: npm run detect -- --replay FILE.jsonl [--keep DIR]
  FILE.jsonl 每行一个 JSON 对象 {"id","publishedAt","title","text","source"}（publishedAt 为带时区的 ISO 时间；
  source 为信源名称，取 official / central_media / local_media / forum_social / own_site 时同时作为信源类别）。
  按时间顺序逐小时入库、分析、检测，每条预警输出一行 {"at","level","kind","subject","why"}。
  --keep DIR  保留回放数据库（DIR/replay.db），便于检查`;


async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { replay: { type: 'string' }, keep: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (!values.replay) throw new UsageError('缺少 --replay FILE.jsonl');
  let raw: string;
  try {
    raw = fs.readFileSync(values.replay, 'utf8');
  } catch (e) {
    throw new UsageError(`无法读取回放文件 ${values.replay}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const items: ReplayItem[] = [];
  let bad = 0;
  raw.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      bad += 1;
      process.stderr.write(`${JSON.stringify({ line: i + 1, error: '不是有效的 JSON' })}\n`);
      return;
    }
    const r = ReplayItemSchema.safeParse(parsed);
    if (!r.success) {
      bad += 1;
      const why = r.error.issues.map((x) => `${x.path.join('.') || '(根)'}: ${x.message}`).join('; ');
      process.stderr.write(`${JSON.stringify({ line: i + 1, error: `输入格式错误: ${why}` })}\n`);
      return;
    }
    items.push(r.data);
  });
  const result = await replay(items, {
    onAlert: (a) => process.stdout.write(`${JSON.stringify({ at: a.at, level: a.level, kind: a.kind, subject: a.subject, why: a.why, action: a.action })}\n`),
    ...(values.keep ? { keepDir: values.keep } : {}),
  });
  process.stderr.write(`回放完成：${result.items} 条信息，${result.steps} 个时间步，${result.alerts.length} 条预警${bad ? `，跳过 ${bad} 行错误输入` : ''}\n`);
  return 0;
}

runCli('detect', main, { usage: USAGE });
