/**
 * `npm run users -- <command>`: the host operator's emergency door when nobody can sign in as an
 * administrator (forgotten password, locked out). Runs on the server only, with the database's file
 * permissions as its authority; every change is audited as `cli:<os user>`. The one-time password is
 * written to the terminal once and nowhere else (not to a log, not to the database in clear).
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { loadConfig } from '../lib/config';
import {
  createDb,
  dbPathsForUrl,
  ensureMigrated,
  findUserByUsername,
  getSecurityPolicy,
  isLocked,
  listAccounts,
  prepareSqlite,
  resetPassword,
  migrationTarget,
  unlockUser,
} from '../lib/db';
import type { AdminAct } from '../lib/db';
import { cliAuditContext } from '../lib/audit/context';
import { generateOneTimePassword } from '../lib/auth/admin-forms';
import { hashPassword } from '../lib/auth/password';
import { ROLE_LABELS } from '../lib/auth/roles';
import { cliActor } from '../lib/settings/actor';
import { UsageError, runCli } from './cli';

const USAGE = `用法: npm run users -- <命令>
  list                         列出全部账号：用户名、姓名、角色、状态、是否锁定
  reset-password 用户名         生成新的一次性密码（只显示这一次），结束该账号全部登录会话，下次登录须修改
  unlock 用户名                 解除登录失败锁定
所有操作记入审计日志，操作人为 cli:<系统用户>。仅供服务器运维人员在无法通过网页处理时使用。`;


const out = (s: string): boolean => process.stdout.write(`${s}\n`);

/** The OS account running the command: $USER, else the process owner (cron and systemd have no $USER). */
function osUser(): string | undefined {
  if (process.env.USER) return process.env.USER;
  try {
    return os.userInfo().username;
  } catch {
    return undefined;
  }
}

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { help: { type: 'boolean', short: 'h' } } });
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  const [command, username] = parsed.positionals;
  if (parsed.values.help || !command) {
    out(USAGE);
    return command || parsed.values.help ? 0 : 2;
  }
  if (!['list', 'reset-password', 'unlock'].includes(command)) throw new UsageError(`未知命令: ${command}\n${USAGE}`);
  if (command !== 'list' && !username?.trim()) throw new UsageError(`缺少用户名。用法: npm run users -- ${command} 用户名`);

  const cfg = loadConfig();
  await ensureMigrated(migrationTarget(cfg.db.url), dbPathsForUrl(cfg.db.url));
  const client = createDb(cfg.db.url);
  try {
    if (cfg.db.engine === 'sqlite') await prepareSqlite(client);
    const now = new Date();
    if (command === 'list') {
      const rows = await listAccounts(client);
      if (rows.length === 0) out('还没有账号');
      for (const a of rows) {
        const roles = a.roles.map((r) => ROLE_LABELS[r]).join('、') || '无角色';
        const flags = [a.status === 'disabled' ? '已停用' : '启用', isLocked(a, now) ? `锁定至 ${a.lockedUntil!.toISOString()}` : '', a.demo ? '演示' : '']
          .filter(Boolean)
          .join('，');
        out(`${a.username}\t${a.name}\t${roles}\t${flags}`);
      }
      return 0;
    }
    const user = await findUserByUsername(client, username!);
    if (!user) throw new UsageError(`没有用户名为“${username!.trim()}”的账号`);
    const act: AdminAct = { audit: cliAuditContext(cliActor(osUser())), byUserId: null };
    if (command === 'unlock') {
      const r = await unlockUser(client, act, user.id, now);
      if (!r.ok) throw new UsageError(r.message);
      out(r.message);
      return 0;
    }
    const policy = await getSecurityPolicy(client);
    const password = generateOneTimePassword(policy, { username: user.username, name: user.name });
    const r = await resetPassword(client, act, user.id, await hashPassword(password), policy.historyCount, now);
    if (!r.ok) throw new UsageError(r.message);
    out(r.message);
    out(`一次性密码（只显示这一次，请当面交给本人，首次登录时必须修改）：${password}`);
    if (isLocked(user, now)) out(`该账号仍处于锁定状态（至 ${user.lockedUntil!.toISOString()}），如需立即登录请再执行: npm run users -- unlock ${user.username}`);
    return 0;
  } finally {
    await client.$disconnect();
  }
}

runCli('users', main);
