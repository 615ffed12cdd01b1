/**
 * `npm run alerts -- <command>`: alerts, response clocks, notification channels and rules, and the
 * warning thresholds, for the people on duty and administrators until the dashboard pages exist.
 * Every change is validated here and recorded with who and when.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../lib/config';
import {
  createDb,
  dbPathsForUrl,
  ensureMigrated,
  getAlert,
  getSetting,
  listAlerts,
  listChannels,
  listRules,
  openClocks,
  prepareSqlite,
  putSetting,
  recordAlertTransition,
  migrationTarget,
  markClockMet,
  appendAudit,
  upsertChannel,
  upsertRule,
} from '../lib/db';
import type { AlertState as StoredState, Db } from '../lib/db';
import { channelConfigSchema, describeChannel } from '../lib/notify/channels';
import { NotificationRuleSchema } from '../lib/notify/routing';
import { sendNotification } from '../lib/notify/send';
import { SETTING_CLOCKS, SETTING_THRESHOLDS, alertStateOf } from '../lib/pipeline/detect';
import { cliActor } from '../lib/settings/actor';
import { cliAuditContext } from '../lib/audit/context';
import { CLOCK_FIELDS, applyClockPatch, effectiveClocks, resetClocks } from '../lib/settings/clocks';
import { channelLines, channelSendOptions, channelTestMessage, testSendAudit } from '../lib/settings/notifications';
import { applyThresholdPatch, effectiveThresholds, resetThresholds, thresholdFieldLabel } from '../lib/settings/thresholds';
import type { SettingUpdate } from '../lib/settings/thresholds';
import { transition } from '../lib/warning/dedupe';
import { ALERT_KIND_LABELS } from '../lib/warning/labels';
import type { LifecycleAction } from '../lib/warning/dedupe';
import { DEFAULT_THRESHOLDS, WARNING_LEVELS } from '../lib/warning/levels';
import type { WarningLevel } from '../lib/warning/levels';
import { UsageError, runCli } from './cli';

const USAGE = `用法: npm run alerts -- <命令>
  list [--all]                               当前未办结的预警（--all 含已办结）
  show ID                                    预警详情：原因、处置记录、通知投递
  ack ID --by 姓名 [--note 说明]             确认
  assign ID --to 姓名 --by 姓名 [--note 说明] 分派
  resolve ID --by 姓名 --note 处置结果        办结（须先确认或分派）
  reopen ID --by 姓名 [--note 说明]          重新打开
  clocks                                     进行中的回应时限
  clock-met ID --by 姓名 --note 说明          标记某个回应时限已完成（如已召开发布会）
  channel add 名称 --config JSON              新增/修改通知通道（wecom/dingtalk/feishu/webhook/email）
  channel list | channel test 名称            列出（密钥不显示）/ 发送测试消息
  rule add 名称 --config JSON                 新增/修改通知规则，例如 {"minLevel":"yellow","tier":"immediate","channelIds":["1"],"quietHours":{"start":"22:00","end":"07:00"}}
  rule list
  thresholds show | thresholds set FILE.json 预警阈值（只需写要改的字段，其余保持现值）
  thresholds reset [分组]                     恢复默认（分组如 levels、volume；省略为全部）
  clock-rules show | clock-rules set FILE.json | clock-rules reset [deadlines|local]  回应时限规则`;


function need(v: string | undefined, what: string): string {
  if (!v || !v.trim()) throw new UsageError(`缺少${what}`);
  return v.trim();
}

function idOf(v: string | undefined): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError('ID 必须是正整数');
  return n;
}

function readJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new UsageError(`${what}不是有效的 JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function issues(e: { issues: readonly { path: PropertyKey[]; message: string }[] }): string {
  return e.issues.map((i) => `${i.path.map(String).join('.') || '(根)'}: ${i.message}`).join('; ');
}

const out = (s: string): boolean => process.stdout.write(`${s}\n`);
const level = (l: string): string => WARNING_LEVELS[l as WarningLevel]?.label ?? l;

async function lifecycle(client: Db, command: string, id: number, v: Record<string, string | boolean | undefined>): Promise<void> {
  const row = await getAlert(client, id);
  if (!row) throw new UsageError(`没有编号为 ${id} 的预警`);
  const by = need(v.by as string | undefined, ' --by 操作人');
  const at = new Date();
  const note = typeof v.note === 'string' ? v.note : undefined;
  const action: LifecycleAction =
    command === 'ack'
      ? { type: 'acknowledge', by, at, ...(note ? { note } : {}) }
      : command === 'assign'
        ? { type: 'assign', by, at, assignee: need(v.to as string | undefined, ' --to 被分派人'), ...(note ? { note } : {}) }
        : command === 'resolve'
          ? { type: 'resolve', by, at, resolution: need(note, ' --note 处置结果') }
          : { type: 'reopen', by, at, ...(note ? { note } : {}) };
  const state = alertStateOf(row, DEFAULT_THRESHOLDS);
  // Changes recorded on the alert's log order the lifecycle, not only raise/escalate times.
  state.history = row.actions.map((a) => ({ at: a.at, by: a.actor, from: null, to: state.status, note: a.note ?? undefined }));
  const r = transition(state, action, at);
  if (!r.ok) throw new UsageError(r.error);
  const to: StoredState = r.alert.status;
  await recordAlertTransition(client, { id, to, actor: by, at, ...(action.type === 'assign' ? { assignee: action.assignee } : {}), ...(note ? { note } : {}) }, cliAuditContext(cliActor(process.env.USER)));
  out(`预警 #${id} 已${{ acknowledge: '确认', assign: '分派', resolve: '办结', reopen: '重新打开' }[action.type]}（${by}，${at.toISOString()}）`);
}

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        all: { type: 'boolean' },
        by: { type: 'string' },
        to: { type: 'string' },
        note: { type: 'string' },
        config: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  const v = parsed.values;
  const [command, arg1, arg2] = parsed.positionals;
  if (v.help || !command) {
    out(USAGE);
    return command || v.help ? 0 : 2;
  }
  const cfg = loadConfig();
  await ensureMigrated(migrationTarget(cfg.db.url), dbPathsForUrl(cfg.db.url));
  const client = createDb(cfg.db.url);
  try {
    if (cfg.db.engine === 'sqlite') await prepareSqlite(client);
    switch (command) {
      case 'list': {
        const rows = await listAlerts(client, v.all ? {} : { states: ['open', 'acknowledged', 'assigned'] });
        if (rows.length === 0) out('没有预警');
        for (const a of rows) {
          out(`#${a.id}\t${level(a.level)}\t${ALERT_KIND_LABELS[a.kind] ?? a.kind}\t${a.state}\t${a.lastRaisedAt.toISOString()}\t${a.subjectLabel}`);
          out(`\t${a.why}`);
        }
        return 0;
      }
      case 'show': {
        const a = await getAlert(client, idOf(arg1));
        if (!a) throw new UsageError(`没有编号为 ${arg1} 的预警`);
        out(`#${a.id} ${level(a.level)} ${ALERT_KIND_LABELS[a.kind] ?? a.kind}：${a.subjectLabel}`);
        out(`状态 ${a.state}；首次 ${a.firstRaisedAt.toISOString()}；最近 ${a.lastRaisedAt.toISOString()}${a.isDemo ? '（演示数据）' : ''}`);
        out(`原因：${a.why}`);
        out(`因子：${a.factorsJson}`);
        for (const x of a.actions) out(`  ${x.at.toISOString()} ${x.actor} ${x.action}${x.toLevel ? ` → ${x.toLevel}` : ''}${x.note ? `：${x.note}` : ''}`);
        for (const d of a.deliveries) out(`  通知 #${d.id} 通道 ${d.channelId} ${d.state} 尝试 ${d.attempts} 次${d.lastError ? `：${d.lastError}` : ''}`);
        return 0;
      }
      case 'ack':
      case 'assign':
      case 'resolve':
      case 'reopen':
        await lifecycle(client, command, idOf(arg1), v);
        return 0;
      case 'clocks': {
        const clocks = await openClocks(client);
        if (clocks.length === 0) out('没有进行中的回应时限');
        for (const c of clocks) out(`#${c.id}\t事件 ${c.eventId}\t${c.label}\t${c.state}\t截止 ${c.dueAt.toISOString()}`);
        return 0;
      }
      case 'clock-met': {
        const id = idOf(arg1);
        const by = need(v.by, ' --by 操作人');
        const note = need(v.note, ' --note 说明（如发布会时间、发布链接）');
        const clock = await client.responseClock.findUnique({ where: { id } });
        if (!clock) throw new UsageError(`没有编号为 ${id} 的回应时限`);
        const at = new Date();
        await markClockMet(client, id, { at, by, note, state: at <= clock.dueAt ? 'met' : 'met_late' }, cliAuditContext(cliActor(process.env.USER)));
        out(`回应时限 #${id}（${clock.label}）已标记完成`);
        return 0;
      }
      case 'channel': {
        const schema = channelConfigSchema({ allowPrivate: cfg.notify.allowPrivate });
        if (arg1 === 'list') {
          for (const c of await listChannels(client)) {
            const p = schema.safeParse(readJson(c.configJson, '通道配置'));
            out(`${c.id}\t${c.name}\t${c.kind}\t${c.enabled ? '启用' : '停用'}\t${p.success ? channelLines(p.data).map((l) => `${l.label} ${l.value}`).join('；') : '配置无效'}`);
          }
          return 0;
        }
        const name = need(arg2, '通道名称');
        if (arg1 === 'add') {
          const p = schema.safeParse(readJson(need(v.config, ' --config JSON'), '--config '));
          if (!p.success) throw new UsageError(`通道配置有误：${issues(p.error)}`);
          const row = await upsertChannel(client, { name, kind: p.data.kind, configJson: JSON.stringify(p.data) }, cliAuditContext(cliActor(process.env.USER)));
          out(`已保存通道 #${row.id} ${name}：${describeChannel(p.data)}`);
          return 0;
        }
        if (arg1 === 'test') {
          const row = (await listChannels(client)).find((c) => c.name === name);
          if (!row) throw new UsageError(`没有名为 ${name} 的通道`);
          const p = schema.safeParse(readJson(row.configJson, '通道配置'));
          if (!p.success) throw new UsageError(`通道配置有误：${issues(p.error)}`);
          const now = new Date();
          const r = await sendNotification(p.data, channelTestMessage(now), channelSendOptions(cfg, now));
          await appendAudit(client, cliAuditContext(cliActor(process.env.USER)), testSendAudit(row, r));
          out(r.ok ? `测试消息已送达：${r.detail}` : `发送失败（${r.retryable ? '可重试' : '不可重试'}）：${r.error}`);
          return r.ok ? 0 : 1;
        }
        throw new UsageError('channel 的子命令是 add / list / test');
      }
      case 'rule': {
        if (arg1 === 'list') {
          for (const r of await listRules(client)) out(`${r.id}\t${r.name}\t${r.enabled ? '启用' : '停用'}\t${r.ruleJson}`);
          return 0;
        }
        if (arg1 !== 'add') throw new UsageError('rule 的子命令是 add / list');
        const name = need(arg2, '规则名称');
        const raw = readJson(need(v.config, ' --config JSON'), '--config ');
        const p = NotificationRuleSchema.safeParse({ ...(raw as object), id: 'new' });
        if (!p.success) throw new UsageError(`规则有误：${issues(p.error)}`);
        const channels = new Set((await listChannels(client)).map((c) => String(c.id)));
        const unknown = p.data.channelIds.filter((c) => !channels.has(c));
        if (unknown.length) throw new UsageError(`通道不存在：${unknown.join(', ')}（先用 channel add 创建，channel list 查看编号）`);
        const { id: _id, ...rule } = p.data;
        const row = await upsertRule(client, { name, ruleJson: JSON.stringify(rule) }, cliAuditContext(cliActor(process.env.USER)));
        out(`已保存通知规则 #${row.id} ${name}`);
        return 0;
      }
      case 'thresholds':
      case 'clock-rules': {
        // The same checks and stored override as the settings page (lib/settings).
        const isThresholds = command === 'thresholds';
        const key = isThresholds ? SETTING_THRESHOLDS : SETTING_CLOCKS;
        const stored = await getSetting(client, key);
        const current = isThresholds ? effectiveThresholds(stored) : effectiveClocks(stored);
        if (!current.valid) out('注意：已保存的设置无法通过校验，当前按默认值执行');
        if (arg1 === 'show') {
          out(JSON.stringify(current.value, null, 2));
          return 0;
        }
        let update: SettingUpdate<unknown>;
        if (arg1 === 'reset') {
          const group = arg2 ?? 'all';
          update = isThresholds ? resetThresholds(effectiveThresholds(stored).value, group) : resetClocks(effectiveClocks(stored).value, group);
        } else if (arg1 === 'set') {
          const file = need(arg2, '设置文件');
          let text: string;
          try {
            text = fs.readFileSync(file, 'utf8');
          } catch (e) {
            throw new UsageError(`无法读取 ${file}: ${e instanceof Error ? e.message : String(e)}`);
          }
          const patch = readJson(text, file);
          update = isThresholds ? applyThresholdPatch(effectiveThresholds(stored).value, patch) : applyClockPatch(effectiveClocks(stored).value, patch);
        } else {
          throw new UsageError(`${command} 的子命令是 show / set FILE.json / reset [分组]`);
        }
        if (!update.ok) {
          const label = (k: string): string => (isThresholds ? thresholdFieldLabel(k) : (CLOCK_FIELDS[k]?.label ?? k));
          throw new UsageError(`设置有误：${Object.entries(update.errors).map(([k, m]) => `${label(k)}（${k.split('/').join('.') || '根'}）：${m}`).join('；')}`);
        }
        await putSetting(client, key, update.stored, cliActor(process.env.USER), cliAuditContext(cliActor(process.env.USER)));
        out('已保存，下一次检测起生效');
        return 0;
      }
      default:
        throw new UsageError(`未知命令: ${command}`);
    }
  } finally {
    await client.$disconnect();
  }
}

runCli('alerts', main);
