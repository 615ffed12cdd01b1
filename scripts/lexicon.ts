/**
 * `npm run lexicon -- <command>`: the analysis lexicon and monitoring topics in the database, for
 * administrators until the settings page exists. Every edit bumps the lexicon version, and the
 * worker then re-analyses stored items in the background (see `status`).
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { isAccidentTypeCode } from '../lib/analysis/accident';
import { LEXICON_ENTRY_KINDS, SENTIMENT_CATEGORIES } from '../lib/analysis/lexicon';
import type { LexiconEntryKind } from '../lib/analysis/lexicon';
import { describeTopicRule, parseTopicRule } from '../lib/analysis/topic-rules';
import {
  countStaleItems,
  latestAnalysisJobs,
  listTopics,
  loadLexicon,
  upsertLexiconEntry,
  upsertTopic,
} from '../lib/db';
import { loadAnalysisContext } from '../lib/pipeline/analysis-context';

const USAGE = `用法: npm run lexicon -- <命令>
  list [KIND]                         列出词条（KIND: ${LEXICON_ENTRY_KINDS.join(' | ')}）
  set KIND TERM [--category C] [--weight W] [--note 说明]
                                      新增或修改词条（情感词: --category 类别 --weight -3..3；
                                      程度副词: --weight 倍数；事故类型线索: --category GB6441 代码 01..20）
  disable KIND TERM / enable KIND TERM
                                      停用 / 启用词条
  topics                              列出监测专题
  topic NAME RULE [--note 说明]       新增或修改监测专题，例如: topic 煤矿透水 "煤矿 AND (透水 OR 突水) NOT 演练"
  status                              词库版本与重新分析任务进度
修改后，抓取进程会在后台用新词库重新分析已入库的信息。`;

class UsageError extends Error {}

const KindSchema = z.enum(LEXICON_ENTRY_KINDS as [LexiconEntryKind, ...LexiconEntryKind[]], {
  error: () => `KIND 必须是 ${LEXICON_ENTRY_KINDS.join(' / ')} 之一`,
});
const TermSchema = z
  .string()
  .trim()
  .min(1, '词条不能为空')
  .max(40, '词条最长 40 个字符')
  .refine((t) => !/\s/.test(t), '词条不能含空白字符');

function validateEdit(kind: LexiconEntryKind, category: string | undefined, weight: number | undefined): void {
  if (weight !== undefined && !Number.isFinite(weight)) throw new UsageError('--weight 必须是数字');
  if (kind === 'sentiment') {
    if (category !== undefined && !(SENTIMENT_CATEGORIES as readonly string[]).includes(category)) {
      throw new UsageError(`情感词类别必须是 ${SENTIMENT_CATEGORIES.join(' / ')} 之一`);
    }
    if (weight !== undefined && (weight < -3 || weight > 3)) throw new UsageError('情感词权重必须在 -3 到 3 之间');
  }
  if (kind === 'degree' && weight !== undefined && (weight <= 0 || weight > 5)) {
    throw new UsageError('程度副词的倍数必须大于 0、不超过 5');
  }
  if (kind === 'accident_type' && category !== undefined && !isAccidentTypeCode(category)) {
    throw new UsageError('事故类型线索的 --category 必须是 GB 6441 类别代码 01..20');
  }
}

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        category: { type: 'string' },
        weight: { type: 'string' },
        note: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  const [command, ...rest] = parsed.positionals;
  if (parsed.values.help || !command) {
    process.stdout.write(`${USAGE}\n`);
    return command || parsed.values.help ? 0 : 2;
  }
  const ctx = await loadAnalysisContext();
  const client = ctx.client;
  try {
    switch (command) {
      case 'list': {
        const kind = rest[0] ? KindSchema.parse(rest[0]) : null;
        const stored = await loadLexicon(client);
        for (const e of stored.entries.filter((x) => !kind || x.kind === kind)) {
          process.stdout.write(`${e.kind}\t${e.term}\t${e.category}\t${e.weight}${e.enabled ? '' : '\t(停用)'}\n`);
        }
        process.stdout.write(`词库版本 ${stored.version}\n`);
        return 0;
      }
      case 'set':
      case 'disable':
      case 'enable': {
        const kind = KindSchema.parse(rest[0]);
        const term = TermSchema.parse(rest[1] ?? '');
        const weight = parsed.values.weight !== undefined ? Number(parsed.values.weight) : undefined;
        validateEdit(kind, parsed.values.category, weight);
        if (command === 'set' && kind === 'sentiment' && weight === undefined) {
          const known = (await loadLexicon(client)).entries.some((e) => e.kind === kind && e.term === term);
          if (!known) throw new UsageError('新情感词需要 --weight（-3..3）和 --category');
        }
        const version = await upsertLexiconEntry(client, {
          kind,
          term,
          ...(parsed.values.category !== undefined ? { category: parsed.values.category } : {}),
          ...(weight !== undefined ? { weight } : {}),
          ...(command === 'set' ? {} : { enabled: command === 'enable' }),
          ...(parsed.values.note !== undefined ? { note: parsed.values.note } : {}),
          by: `cli:${process.env.USER ?? 'unknown'}`,
        });
        process.stdout.write(`已保存。词库版本 ${version}；抓取进程将在后台重新分析已入库信息。\n`);
        return 0;
      }
      case 'topics': {
        for (const t of await listTopics(client)) {
          process.stdout.write(`${t.id}\t${t.name}\t${t.enabled ? '' : '(停用) '}${t.rule}\n`);
        }
        return 0;
      }
      case 'topic': {
        const name = z.string().trim().min(1, '专题名称不能为空').max(60, '专题名称最长 60 个字符').parse(rest[0] ?? '');
        const rule = rest[1] ?? '';
        const result = parseTopicRule(rule);
        if (!result.ok) {
          throw new UsageError(`规则有误（第 ${result.error.position + 1} 个字符）：${result.error.message}\n  ${rule}\n  ${' '.repeat(result.error.position)}^`);
        }
        await upsertTopic(client, { name, rule, description: parsed.values.note ?? null });
        process.stdout.write(`已保存专题「${name}」：${describeTopicRule(result.rule)}\n新入库的信息将按此专题标注。\n`);
        return 0;
      }
      case 'status': {
        const version = ctx.lexicon.version;
        const stale = await countStaleItems(client, version);
        process.stdout.write(`词库版本 ${version}；待（重新）分析 ${stale} 条\n`);
        for (const j of await latestAnalysisJobs(client, 5)) {
          const pct = j.total ? Math.round((j.done / j.total) * 100) : 100;
          process.stdout.write(
            `任务 #${j.id} ${j.kind} 版本 ${j.lexiconVersion} ${j.state} ${j.done}/${j.total} (${pct}%)${j.failed ? ` 失败 ${j.failed}` : ''}${j.message ? ` ${j.message}` : ''}\n`,
          );
        }
        return 0;
      }
      default:
        throw new UsageError(`未知命令: ${command}`);
    }
  } finally {
    await ctx.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    if (e instanceof UsageError) process.stderr.write(`${e.message}\n\n${USAGE}\n`);
    else if (e instanceof z.ZodError) process.stderr.write(`${e.issues.map((i) => i.message).join('; ')}\n\n${USAGE}\n`);
    else process.stderr.write(`lexicon 失败: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = e instanceof UsageError || e instanceof z.ZodError ? 2 : 1;
  },
);
