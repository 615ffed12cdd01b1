/**
 * The security policy (MLPS 2.0 8.1.4.1/8.1.4.2 practice): password rules, lockout, session timeouts.
 * Stored as the `security.policy` setting, edited by the security administrator only; every value has
 * a default so a fresh install is compliant without configuration. checkPasswordStrength is pure.
 */
import { z } from 'zod';

const int = (min: number, max: number, def: number, what: string) =>
  z.coerce
    .number({ error: `${what}必须是整数` })
    .int(`${what}必须是整数`)
    .min(min, `${what}不能小于 ${min}`)
    .max(max, `${what}不能大于 ${max}`)
    .default(def);

export const SecurityPolicySchema = z.object({
  /** 等保 asks for at least 8; 12 is today's recommendation. */
  minLength: int(8, 64, 12, '密码最短长度'),
  /** Of: lower case, upper case, digits, other (symbols and non-Latin letters such as 汉字). */
  minClasses: int(2, 4, 3, '密码至少包含的字符种类'),
  /** Days before a password must be changed; 0 = never. */
  expiryDays: int(0, 365, 90, '密码有效期（天）'),
  /** Previous passwords that may not be reused. */
  historyCount: int(0, 24, 5, '不可重复使用的历史密码个数'),
  /** Failures within the window that lock the account. */
  lockoutThreshold: int(3, 20, 5, '锁定前允许的连续失败次数'),
  lockoutWindowMinutes: int(1, 1440, 15, '失败次数统计时间窗（分钟）'),
  lockoutMinutes: int(1, 1440, 30, '锁定时长（分钟）'),
  /** Sign-in ends after this long without a request. */
  idleMinutes: int(1, 240, 30, '业务账号空闲超时（分钟）'),
  adminIdleMinutes: int(1, 240, 15, '管理员账号空闲超时（分钟）'),
  /** Sign-in ends this long after it began, whatever the activity. */
  absoluteHours: int(1, 24, 12, '会话最长时长（小时）'),
  /** Require a TOTP second factor for the three administrators. */
  adminTotpRequired: z.boolean().default(false),
});

export type SecurityPolicy = z.infer<typeof SecurityPolicySchema>;

export const DEFAULT_POLICY: SecurityPolicy = SecurityPolicySchema.parse({});

/** A stored policy, or the defaults for whatever is missing or unreadable (never fail a sign-in over it). */
export function policyFromStored(stored: unknown): SecurityPolicy {
  const r = SecurityPolicySchema.safeParse(stored ?? {});
  return r.success ? r.data : DEFAULT_POLICY;
}

/** Longest password accepted: long passphrases are welcome, unbounded input is not (hashing cost). */
export const MAX_PASSWORD_LENGTH = 128;

/**
 * Common passwords and their Chinese favourites, compared case-insensitively with trailing digits
 * and symbols stripped, so `Admin@2024` counts as `admin`.
 */
const COMMON = new Set([
  'password', 'passw0rd', 'p@ssw0rd', 'p@ssword', 'admin', 'administrator', 'root', 'qwerty', 'qwertyuiop', 'asdfgh', 'asdfghjkl',
  'zxcvbnm', 'abc', 'abcd', 'abcdef', 'abcdefg', 'aa', 'aaa', 'qwe', 'asd', 'zxc', 'test', 'guest', 'user', 'welcome', 'letmein',
  'iloveyou', 'woaini', 'woaini1314', 'aini', 'nihao', 'changeme', 'default', 'system', 'sysadmin', 'secadmin', 'auditadmin',
  'yingji', 'anjian', 'anquan', 'yjglb', 'yjj', 'gov', 'china', 'beijing', 'shanghai', 'huawei', 'dragon', 'monkey', 'master',
  'superman', 'football', 'baseball', 'sunshine', 'princess', 'starwars', 'trustno', 'whatever', 'shadow', 'michael', 'qazwsx',
  'qazwsxedc', '1qaz2wsx', '1q2w3e4r', '1q2w3e', 'zaq1', 'zaq12wsx', 'aa123456', 'a123456', 'abc123', 'qwe123', 'asd123',
]);
const CONTEXT_WORDS = ['yingji', 'anjian', 'anquan', 'shengchan', 'yuqing', 'admin', 'password', '应急', '安全生产', '舆情'];

export interface PasswordContext {
  username?: string;
  name?: string;
}

function classesOf(pw: string): number {
  let n = 0;
  if (/[a-z]/.test(pw)) n++;
  if (/[A-Z]/.test(pw)) n++;
  if (/[0-9]/.test(pw)) n++;
  if (/[^a-zA-Z0-9]/.test(pw)) n++;
  return n;
}

function isSequenceOrRepeat(pw: string): boolean {
  if (/^(.)\1+$/u.test(pw)) return true;
  const codes = [...pw].map((c) => c.codePointAt(0)!);
  const steps = codes.slice(1).map((c, i) => c - codes[i]!);
  return steps.length > 0 && steps.every((s) => s === steps[0] && Math.abs(s) === 1);
}

/** Chinese reasons the password is refused, empty when it is acceptable. */
export function checkPasswordStrength(pw: string, policy: SecurityPolicy, ctx: PasswordContext = {}): string[] {
  const problems: string[] = [];
  const length = [...pw].length;
  if (length < policy.minLength) problems.push(`密码至少 ${policy.minLength} 个字符（当前 ${length} 个）`);
  if (length > MAX_PASSWORD_LENGTH) problems.push(`密码最多 ${MAX_PASSWORD_LENGTH} 个字符`);
  if (/[\u0000-\u001f\u007f]/.test(pw)) problems.push('密码不能含控制字符');
  const classes = classesOf(pw);
  if (classes < policy.minClasses) {
    problems.push(`密码需包含小写字母、大写字母、数字、其他字符（符号或汉字）中的至少 ${policy.minClasses} 种（当前 ${classes} 种）`);
  }
  const lower = pw.toLowerCase();
  const core = lower.replace(/[^a-z\u4e00-\u9fff]+$/u, '').replace(/^[^a-z\u4e00-\u9fff]+/u, '');
  if (COMMON.has(lower) || COMMON.has(core) || isSequenceOrRepeat(lower) || isSequenceOrRepeat(core)) {
    problems.push('密码过于常见或有规律（如 Admin@123、12345678、aaaaaaaa），请换一个');
  }
  const words = [...CONTEXT_WORDS, ctx.username?.toLowerCase(), ctx.name].filter((w): w is string => !!w && [...w].length >= 2);
  const hit = words.find((w) => lower.includes(w.toLowerCase()));
  if (hit && !problems.some((p) => p.startsWith('密码过于常见'))) problems.push('密码不能包含用户名、姓名或单位相关的常用词');
  return problems;
}

/** Whether the password has expired under this policy. A never-changed password counts from creation. */
export function passwordExpired(changedAt: Date | null, createdAt: Date, policy: SecurityPolicy, now: Date): boolean {
  if (policy.expiryDays === 0) return false;
  const since = changedAt ?? createdAt;
  return now.getTime() - since.getTime() >= policy.expiryDays * 86_400_000;
}
