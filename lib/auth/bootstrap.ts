/**
 * First start (issue 6, TESTPLAN S21): there is no default password anywhere. When no real account
 * exists, the three administrators are created, each with a one-time password that is printed once
 * (or taken from the environment for automated setups) and must be changed at first sign-in. In demo
 * mode, one demo account per business role is added; they sign in without a password and only while
 * demo mode is on.
 */
import { randomInt } from 'node:crypto';
import { countUsers, createUser, findUserByUsername } from '@/lib/db';
import type { Db } from '@/lib/db';
import { hashPassword, verifyPassword } from './password';
import { DEFAULT_POLICY, checkPasswordStrength } from './policy';
import type { AdminRole, BusinessRole } from './roles';

export const BOOTSTRAP_ADMINS: readonly { username: string; name: string; role: AdminRole; env: string }[] = [
  { username: 'sysadmin', name: '系统管理员', role: 'sysadmin', env: 'SOM_BOOTSTRAP_SYSADMIN_PASSWORD' },
  { username: 'secadmin', name: '安全管理员', role: 'secadmin', env: 'SOM_BOOTSTRAP_SECADMIN_PASSWORD' },
  { username: 'auditadmin', name: '审计管理员', role: 'auditadmin', env: 'SOM_BOOTSTRAP_AUDITADMIN_PASSWORD' },
];

export const DEMO_USERS: readonly { username: string; name: string; role: BusinessRole }[] = [
  { username: 'demo_duty', name: '演示·舆情值班员', role: 'press_officer' },
  { username: 'demo_writer', name: '演示·撰稿人', role: 'drafter' },
  { username: 'demo_reviewer', name: '演示·保密审查员', role: 'reviewer' },
  { username: 'demo_leader', name: '演示·领导', role: 'leader' },
];

const SYSTEM_ACTOR = 'system:bootstrap';
// No 0/O, 1/l/I: the password is read off a console and typed once.
const LOWER = 'abcdefghijkmnpqrstuvwxyz';
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';
const SYMBOLS = '#%+-=@_';

/** A 16-character one-time password with all four character classes. */
export function oneTimePassword(length = 16): string {
  const all = LOWER + UPPER + DIGITS + SYMBOLS;
  const chars = [LOWER, UPPER, DIGITS, SYMBOLS].map((set) => set[randomInt(set.length)]!);
  while (chars.length < length) chars.push(all[randomInt(all.length)]!);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}

export class BootstrapError extends Error {}

export interface BootstrapResult {
  /** Administrators created now, with the password to hand over (absent when it came from the environment). */
  created: { username: string; role: AdminRole; password: string | null }[];
  demoCreated: string[];
}

export async function bootstrapAccounts(
  client: Db,
  opts: { demo: boolean; env?: Record<string, string | undefined>; now?: Date },
): Promise<BootstrapResult> {
  const env = opts.env ?? process.env;
  const now = opts.now ?? new Date();
  const result: BootstrapResult = { created: [], demoCreated: [] };
  const audit = { actor: SYSTEM_ACTOR, role: null, clientIp: null, requestId: null };

  if ((await countUsers(client, { demo: false })) === 0) {
    // Check every supplied password before creating anything: all three or none.
    const planned = BOOTSTRAP_ADMINS.map((a) => {
      const given = env[a.env];
      if (given !== undefined && given !== '') {
        const problems = checkPasswordStrength(given, DEFAULT_POLICY, { username: a.username });
        if (problems.length) throw new BootstrapError(`${a.env} 不符合密码策略：${problems.join('；')}`);
        return { ...a, password: given, fromEnv: true };
      }
      return { ...a, password: oneTimePassword(), fromEnv: false };
    });
    const hashes = await Promise.all(planned.map((a) => hashPassword(a.password)));
    for (const [i, a] of planned.entries()) {
      // eslint-disable-next-line no-await-in-loop -- three accounts, one transaction each, in order
      const r = await createUser(
        client,
        { username: a.username, name: a.name, roles: [a.role], passwordHash: hashes[i]!, mustChangePassword: true, createdBy: SYSTEM_ACTOR },
        audit,
        now,
      );
      if (!r.ok) throw new BootstrapError(r.message);
      result.created.push({ username: a.username, role: a.role, password: a.fromEnv ? null : a.password });
    }
  }

  if (opts.demo) {
    for (const d of DEMO_USERS) {
      // eslint-disable-next-line no-await-in-loop -- four accounts at most, each created once
      if (await findUserByUsername(client, d.username)) continue;
      // eslint-disable-next-line no-await-in-loop
      const r = await createUser(
        client,
        { username: d.username, name: d.name, roles: [d.role], passwordHash: null, demo: true, mustChangePassword: false, createdBy: SYSTEM_ACTOR },
        audit,
        now,
      );
      if (r.ok) result.demoCreated.push(d.username);
    }
  }
  return result;
}

/** The console text for the operator: shown once, never written to a log file. */
export function bootstrapNotice(r: BootstrapResult): string | null {
  if (r.created.length === 0) return null;
  const lines = [
    '================ 首次启动：已创建三员管理账号 (first start: administrator accounts) ================',
    ...r.created.map((c) =>
      c.password ? `  ${c.username.padEnd(11)} 一次性密码: ${c.password}` : `  ${c.username.padEnd(11)} 密码取自环境变量`,
    ),
    '  以上密码只显示这一次，请立即记录并妥善保管；首次登录时必须修改密码。',
    '  These one-time passwords are shown only now; each must be changed at first sign-in.',
    '==========================================================================================',
  ];
  return lines.join('\n');
}

/** Accounts an attacker tries first, and the passwords they try on them (TESTPLAN S21). */
const WELL_KNOWN_NAMES = ['admin', 'administrator', 'root', 'sysadmin', 'secadmin', 'auditadmin', 'system', 'test'];
const WELL_KNOWN_PASSWORDS = ['admin', 'admin123', 'Admin@123', '123456', '12345678', 'password', 'Passw0rd', 'root'];

/**
 * The boot's default-credential self-check: the usernames attackers try first must not open with the
 * passwords they try first. Returns the accounts that do (the start is then refused).
 */
export async function accountsWithDefaultPasswords(client: Db): Promise<string[]> {
  const users = await Promise.all(WELL_KNOWN_NAMES.map((name) => findUserByUsername(client, name)));
  const checks = users.map(async (user) => {
    if (!user?.passwordHash || user.status !== 'active') return null;
    const hash = user.passwordHash;
    const hits = await Promise.all(WELL_KNOWN_PASSWORDS.map((p) => verifyPassword(hash, p)));
    return hits.some(Boolean) ? user.username : null;
  });
  return (await Promise.all(checks)).filter((u): u is string => u !== null);
}
