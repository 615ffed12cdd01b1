/**
 * What the administrators' forms accept (zod, Chinese messages), the security policy form's fields
 * with their explanations, and the one-time password given out at account creation and reset.
 * Pure: shared by the server actions, the pages and the emergency CLI.
 */
import { randomInt } from 'node:crypto';
import { z } from 'zod';
import { checkPasswordStrength, DEFAULT_POLICY, SecurityPolicySchema } from './policy';
import type { PasswordContext, SecurityPolicy } from './policy';
import { RoleSchema } from './roles';

const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/;

/** Letters, digits, `_ . -`, starting with a letter; stored lower case (sign-in is case-insensitive). */
export const UsernameSchema = z
  .string({ error: '请填写用户名' })
  .trim()
  .toLowerCase()
  .min(3, '用户名至少 3 个字符')
  .max(32, '用户名最多 32 个字符')
  .regex(/^[a-z][a-z0-9_.-]*$/, '用户名只能由字母、数字和 _ . - 组成，并以字母开头');

export const PersonNameSchema = z
  .string({ error: '请填写姓名' })
  .trim()
  .min(1, '请填写姓名')
  .refine((s) => [...s].length <= 40, '姓名最多 40 个字符')
  .refine((s) => !CONTROL_CHARS.test(s), '姓名不能含控制字符');

export const UserIdSchema = z.uuid({ error: '账号无效' });

/** Strict: a form that posts more than its fields (roles, status, createdBy…) is refused, not trimmed (S5). */
const strictForm = <T extends z.ZodRawShape>(shape: T) =>
  z.strictObject(shape, { error: (iss) => (iss.code === 'unrecognized_keys' ? `表单含有不接受的字段：${iss.keys.join('、')}` : '表单无效') });

export const CreateAccountSchema = strictForm({ username: UsernameSchema, name: PersonNameSchema });
export type CreateAccountInput = z.infer<typeof CreateAccountSchema>;

export const RoleChangeSchema = strictForm({ userId: UserIdSchema, role: RoleSchema });
export const AccountStatusSchema = strictForm({ userId: UserIdSchema, status: z.enum(['active', 'disabled'], { error: '状态无效' }) });
export const AccountRefSchema = strictForm({ userId: UserIdSchema });

/** The attempts list's filter (query string): a username fragment, nothing else. */
export const AttemptFilterSchema = z.object({
  username: z
    .string()
    .trim()
    .max(64)
    .transform((s) => s.toLowerCase())
    .optional()
    .catch(undefined),
});

// ---------------------------------------------------------------- the security policy form

export type PolicyNumberKey = Exclude<keyof SecurityPolicy, 'adminTotpRequired'>;

export interface PolicyField {
  key: PolicyNumberKey;
  label: string;
  unit: string;
  help: string;
}

/** Every number of the policy, in the order the form shows them, with why it exists. */
export const POLICY_FIELDS: readonly PolicyField[] = [
  { key: 'minLength', label: '密码最短长度', unit: '个字符', help: '等保要求口令具有复杂度；通行做法至少 8 位，建议 12 位以上。允许 8–64。' },
  { key: 'minClasses', label: '至少包含的字符种类', unit: '种', help: '小写字母、大写字母、数字、其他字符（符号或汉字）四类中至少几类。通行做法 3 类。' },
  { key: 'expiryDays', label: '密码有效期', unit: '天', help: '到期后须先修改密码才能继续使用（等保“定期更换”）。0 表示不过期。通行做法 90 天。' },
  { key: 'historyCount', label: '不可重复使用的历史密码', unit: '个', help: '修改密码时不能使用最近用过的这么多个密码。通行做法 5 个。' },
  { key: 'lockoutThreshold', label: '锁定前允许的失败次数', unit: '次', help: '在统计时间窗内连续输错这么多次即锁定账号（等保“限制非法登录次数”）。通行做法 5 次。' },
  { key: 'lockoutWindowMinutes', label: '失败次数统计时间窗', unit: '分钟', help: '只统计这段时间内的失败次数。通行做法 15 分钟。' },
  { key: 'lockoutMinutes', label: '锁定时长', unit: '分钟', help: '锁定到期后自动解除；安全管理员也可提前解锁。通行做法 30 分钟。' },
  { key: 'idleMinutes', label: '业务账号空闲超时', unit: '分钟', help: '业务账号这么久没有操作即自动退出（等保“登录连接超时自动退出”）。通行做法 30 分钟。' },
  { key: 'adminIdleMinutes', label: '管理员账号空闲超时', unit: '分钟', help: '系统、安全、审计管理员的空闲超时，应短于业务账号。通行做法 15 分钟。' },
  { key: 'absoluteHours', label: '会话最长时长', unit: '小时', help: '无论是否有操作，登录满这么久须重新登录。通行做法 12 小时。' },
];

export const POLICY_TOTP_HELP = '开启后，三员账号登录时除密码外还须输入动态口令（等保三级要求两种以上鉴别方式，其中一种使用密码技术）。';

export type PolicyFormResult = { ok: true; policy: SecurityPolicy } | { ok: false; errors: Record<string, string> };

/** Reads the policy form: every number must be filled in (no silent default), the TOTP box is a checkbox. */
export function parsePolicyForm(get: (name: string) => string | null): PolicyFormResult {
  const errors: Record<string, string> = {};
  const raw: Record<string, unknown> = {};
  for (const f of POLICY_FIELDS) {
    const v = (get(f.key) ?? '').normalize('NFKC').trim();
    if (v === '') errors[f.key] = `请填写${f.label}`;
    else raw[f.key] = v;
  }
  const totp = get('adminTotpRequired');
  raw.adminTotpRequired = totp === 'on' || totp === '1' || totp === 'true';
  const r = SecurityPolicySchema.safeParse(raw);
  if (!r.success) {
    for (const issue of r.error.issues) {
      const key = String(issue.path[0] ?? '');
      errors[key] ??= issue.message;
    }
  }
  if (Object.keys(errors).length > 0 || !r.success) return { ok: false, errors };
  return { ok: true, policy: r.data };
}

// ---------------------------------------------------------------- one-time passwords

/** No I/l/1, O/0/o: the password is read off a screen and typed or spoken. */
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const LOWER = 'abcdefghijkmnpqrstuvwxyz';
const DIGITS = '23456789';
const SYMBOLS = '#%+=?@*-';
const ALL = UPPER + LOWER + DIGITS + SYMBOLS;

export const ONE_TIME_PASSWORD_LENGTH = 16;

function pick(alphabet: string): string {
  return alphabet[randomInt(alphabet.length)]!;
}

/**
 * A random password to hand over once (crypto random, about 96 bits): at least one character of
 * each of the four classes, so it passes any policy's class rule, and long enough for `policy`.
 * Drawn again in the (rare) case the strength check still objects, e.g. a context word.
 */
export function generateOneTimePassword(policy: SecurityPolicy = DEFAULT_POLICY, ctx: PasswordContext = {}): string {
  const length = Math.max(ONE_TIME_PASSWORD_LENGTH, policy.minLength);
  for (;;) {
    const chars = [pick(UPPER), pick(LOWER), pick(DIGITS), pick(SYMBOLS)];
    while (chars.length < length) chars.push(pick(ALL));
    for (let i = chars.length - 1; i > 0; i--) {
      const j = randomInt(i + 1);
      [chars[i], chars[j]] = [chars[j]!, chars[i]!];
    }
    const pw = chars.join('');
    if (checkPasswordStrength(pw, policy, ctx).length === 0) return pw;
  }
}
