/**
 * `npm run lexicon -- <command>`: the analysis lexicon and monitoring topics in the database, for
 * administrators until the settings page exists. Every edit bumps the lexicon version, and the
 * worker then re-analyses stored items in the background (see `status`).
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { LEXICON_ENTRY_KINDS } from '../lib/analysis/lexicon';
import {
  countStaleItems,
  deleteTopicAndRetag,
  latestAnalysisJobs,
  listTopics,
  loadLexicon,
  saveLexiconEntryAndReanalyse,
  saveTopicAndRetag,
  setTopicEnabledAndRetag,
} from '../lib/db';
import type { Db, ReanalysisQueued, TopicChangeResult } from '../lib/db';
import { loadAnalysisContext } from '../lib/pipeline/analysis-context';
import { cliAuditContext } from '../lib/audit/context';
import type { AuditContext } from '../lib/db';
import { cliActor } from '../lib/settings/actor';
import { KindSchema, TermSchema, lexiconEditSchema, missingForNew } from '../lib/settings/lexicon-form';
import { TopicInputSchema, checkTopicRule, ruleErrorText } from '../lib/settings/topic-form';
import { UsageError, runCli } from './cli';

function cliAudit(): AuditContext {
  return cliAuditContext(cliActor(process.env.USER));
}

const USAGE = `用法: npm run lexicon -- <命令>
  list [KIND]                         列出词条（KIND: ${LEXICON_ENTRY_KINDS.join(' | ')}）
  set KIND TERM [--category C] [--weight W] [--note 说明]
                                      新增或修改词条（情感词: --category 类别 --weight -3..3；
                                      程度副词: --weight 倍数；事故类型线索: --category GB6441 代码 01..20）
  disable KIND TERM / enable KIND TERM
                                      停用 / 启用词条
  topics                              列出监测专题
  topic NAME RULE [--note 说明]       新增或修改监测专题，例如: topic 煤矿透水 "煤矿 AND (透水 OR 突水) NOT 演练"
  topic-disable NAME / topic-enable NAME / topic-delete NAME
                                      停用 / 启用 / 删除监测专题
  status                              词库版本与重新分析任务进度
修改词条或专题后，抓取进程会在后台重新分析已入库的信息（专题标注随之更新）。`;


function queued(r: ReanalysisQueued): string {
  return `词库版本 ${r.version}；重新分析任务 #${r.jobId} 已排队，抓取进程将在后台处理（npm run lexicon -- status 查看进度）。`;
}

async function topicByName(client: Db, name: string): Promise<{ id: number; name: string; rule: string; description: string | null; enabled: boolean }> {
  const t = (await listTopics(client)).find((x) => x.name === name);
  if (!t) throw new UsageError(`没有名为「${name}」的专题`);
  return t;
}

function topicOutcome(r: TopicChangeResult, done: string): string {
  if (!r.ok) throw new UsageError(r.message);
  return `${done}${r.reanalysis ? `\n${queued(r.reanalysis)}` : ''}\n`;
}

/** `--weight -3` as the README writes it: parseArgs would read -3 as an option, so join it to its flag. */
function joinNegativeWeights(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const next = argv[i + 1];
    if (a === '--weight' && next !== undefined && /^-\d/.test(next)) {
      out.push(`--weight=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: joinNegativeWeights(argv),
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
        const known = (await loadLexicon(client)).entries.some((e) => e.kind === kind && e.term === term);
        if (command !== 'set' && !known) throw new UsageError(`词典中没有 ${kind} 词条「${term}」`);
        const weight = parsed.values.weight !== undefined ? Number(parsed.values.weight) : undefined;
        const edit = lexiconEditSchema().parse({
          kind,
          term,
          ...(parsed.values.category !== undefined ? { category: parsed.values.category } : {}),
          ...(weight !== undefined ? { weight } : {}),
          ...(command === 'set' ? {} : { enabled: command === 'enable' }),
          ...(parsed.values.note !== undefined ? { note: parsed.values.note } : {}),
        });
        if (!known) {
          const missing = Object.values(missingForNew(edit));
          if (missing.length) throw new UsageError(`新词条缺少：${missing.join('；')}（--category / --weight）`);
        }
        const r = await saveLexiconEntryAndReanalyse(client, { ...edit, by: cliActor(process.env.USER) }, cliAudit());
        process.stdout.write(`已保存。${queued(r)}\n`);
        return 0;
      }
      case 'topics': {
        for (const t of await listTopics(client)) {
          process.stdout.write(`${t.id}\t${t.name}\t${t.enabled ? '' : '(停用) '}${t.rule}\n`);
        }
        return 0;
      }
      case 'topic': {
        const name = rest[0] ?? '';
        const existing = (await listTopics(client)).find((x) => x.name === name.trim()) ?? null;
        const input = TopicInputSchema.safeParse({
          name,
          rule: rest[1] ?? '',
          description: parsed.values.note ?? existing?.description ?? '',
          enabled: existing?.enabled ?? true,
        });
        if (!input.success) {
          const rule = rest[1] ?? '';
          const check = checkTopicRule(rule);
          if (!check.ok) throw new UsageError(`${ruleErrorText(check.error)}\n  ${rule}\n  ${' '.repeat(check.error.position)}^`);
          throw new UsageError(input.error.issues.map((i) => i.message).join('；'));
        }
        const r = await saveTopicAndRetag(client, { id: existing?.id ?? null, ...input.data }, cliActor(process.env.USER), cliAudit());
        const check = checkTopicRule(input.data.rule);
        process.stdout.write(topicOutcome(r, `已保存专题「${input.data.name}」：${check.ok ? check.canonical : input.data.rule}`));
        return 0;
      }
      case 'topic-enable':
      case 'topic-disable': {
        const t = await topicByName(client, rest[0] ?? '');
        const r = await setTopicEnabledAndRetag(client, t.id, command === 'topic-enable', cliActor(process.env.USER), cliAudit());
        process.stdout.write(topicOutcome(r, `专题「${t.name}」已${command === 'topic-enable' ? '启用' : '停用'}`));
        return 0;
      }
      case 'topic-delete': {
        const t = await topicByName(client, rest[0] ?? '');
        const r = await deleteTopicAndRetag(client, t.id, cliActor(process.env.USER), cliAudit());
        if (!r.ok) throw new UsageError(r.message);
        process.stdout.write(`专题「${r.name}」已删除\n${queued(r.reanalysis)}\n`);
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

runCli('lexicon', main, { usage: USAGE, usageMessage: (e) => (e instanceof z.ZodError ? e.issues.map((i) => i.message).join('; ') : null) });
