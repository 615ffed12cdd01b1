/**
 * The administrators' forms: one-time passwords always satisfy the policy and read unambiguously;
 * usernames, 姓名, roles and the policy form are checked with Chinese messages; forms that post
 * extra fields (mass assignment, S5) are refused.
 */
import { describe, expect, test } from 'vitest';
import {
  AccountStatusSchema,
  CreateAccountSchema,
  ONE_TIME_PASSWORD_LENGTH,
  PersonNameSchema,
  POLICY_FIELDS,
  RoleChangeSchema,
  UsernameSchema,
  generateOneTimePassword,
  parsePolicyForm,
} from '@/lib/auth/admin-forms';
import { checkPasswordStrength, DEFAULT_POLICY, SecurityPolicySchema } from '@/lib/auth/policy';
import type { z } from 'zod';

function firstMessage(r: z.ZodSafeParseResult<unknown>): string | undefined {
  return r.success ? undefined : r.error.issues[0]?.message;
}

describe('generateOneTimePassword', () => {
  test('1000 draws: 16 characters, all four classes, unambiguous characters only, each passes the default policy, no repeats', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const pw = generateOneTimePassword();
      expect(pw).toHaveLength(ONE_TIME_PASSWORD_LENGTH);
      expect(checkPasswordStrength(pw, DEFAULT_POLICY)).toEqual([]);
      expect(pw).toMatch(/[A-Z]/);
      expect(pw).toMatch(/[a-z]/);
      expect(pw).toMatch(/[0-9]/);
      expect(pw).toMatch(/[^A-Za-z0-9]/);
      expect(pw).not.toMatch(/[IlO01o]/);
      expect(pw).toMatch(/^[\x21-\x7e]+$/); // printable ASCII: no space, nothing to mistype
      seen.add(pw);
    }
    expect(seen.size).toBe(1000);
  });

  test('follows a stricter policy and avoids the account’s own words', () => {
    const strict = { ...DEFAULT_POLICY, minLength: 24, minClasses: 4 };
    for (let i = 0; i < 200; i++) {
      const pw = generateOneTimePassword(strict, { username: 'zhangsan', name: '张三' });
      expect(pw).toHaveLength(24);
      expect(checkPasswordStrength(pw, strict, { username: 'zhangsan', name: '张三' })).toEqual([]);
    }
  });
});

describe('UsernameSchema', () => {
  test.each([
    ['zhangsan', 'zhangsan'],
    ['  Li.Si  ', 'li.si'],
    ['t_sys_01', 't_sys_01'],
    ['a-b', 'a-b'],
    ['x'.repeat(32), 'x'.repeat(32)],
  ])('%j is accepted as %j', (raw, stored) => {
    expect(UsernameSchema.parse(raw)).toBe(stored);
  });

  test.each([
    ['ab', '用户名至少 3 个字符'],
    ['x'.repeat(33), '用户名最多 32 个字符'],
    ['1abc', '用户名只能由字母、数字和 _ . - 组成，并以字母开头'],
    ['_abc', '用户名只能由字母、数字和 _ . - 组成，并以字母开头'],
    ['张三丰', '用户名只能由字母、数字和 _ . - 组成，并以字母开头'],
    ['zhang san', '用户名只能由字母、数字和 _ . - 组成，并以字母开头'],
    ['admin;drop', '用户名只能由字母、数字和 _ . - 组成，并以字母开头'],
  ])('%j is refused: %s', (raw, message) => {
    expect(firstMessage(UsernameSchema.safeParse(raw))).toBe(message);
  });
});

describe('PersonNameSchema', () => {
  test('1–40 characters (汉字 count once), trimmed, no control characters', () => {
    expect(PersonNameSchema.parse(' 张三 ')).toBe('张三');
    expect(PersonNameSchema.parse('欧'.repeat(40))).toBe('欧'.repeat(40));
    expect(firstMessage(PersonNameSchema.safeParse('   '))).toBe('请填写姓名');
    expect(firstMessage(PersonNameSchema.safeParse('欧'.repeat(41)))).toBe('姓名最多 40 个字符');
    expect(firstMessage(PersonNameSchema.safeParse('张\n三'))).toBe('姓名不能含控制字符');
    expect(firstMessage(PersonNameSchema.safeParse('张\u0085三'))).toBe('姓名不能含控制字符');
  });
});

describe('form schemas', () => {
  const id = '3f2b8c1e-5d6a-4b7c-8d9e-0a1b2c3d4e5f';

  test('create: only username and 姓名; posting roles or other fields is refused in Chinese', () => {
    expect(CreateAccountSchema.parse({ username: 'Wang.Wu', name: '王五' })).toEqual({ username: 'wang.wu', name: '王五' });
    const extra = CreateAccountSchema.safeParse({ username: 'wangwu', name: '王五', roles: ['sysadmin'], createdBy: 'x' });
    expect(firstMessage(extra)).toBe('表单含有不接受的字段：roles、createdBy');
  });

  test('role changes name a known role and an account id', () => {
    expect(RoleChangeSchema.parse({ userId: id, role: 'reviewer' })).toEqual({ userId: id, role: 'reviewer' });
    expect(firstMessage(RoleChangeSchema.safeParse({ userId: id, role: 'root' }))).toBe('未知角色');
    expect(firstMessage(RoleChangeSchema.safeParse({ userId: '../etc', role: 'leader' }))).toBe('账号无效');
    expect(firstMessage(AccountStatusSchema.safeParse({ userId: id, status: 'deleted' }))).toBe('状态无效');
  });
});

describe('parsePolicyForm', () => {
  const defaults = (): Record<string, string> => Object.fromEntries(POLICY_FIELDS.map((f) => [f.key, String(DEFAULT_POLICY[f.key])]));
  const read = (form: Record<string, string>) => parsePolicyForm((name) => form[name] ?? null);

  test('every number of the policy has a field with a label and an explanation', () => {
    const numberKeys = Object.keys(SecurityPolicySchema.shape).filter((k) => k !== 'adminTotpRequired');
    expect(POLICY_FIELDS.map((f) => f.key).sort()).toEqual(numberKeys.sort());
    for (const f of POLICY_FIELDS) expect(f.help.length).toBeGreaterThan(10);
  });

  test('the defaults typed back give the default policy; the checkbox and full-width digits are read', () => {
    expect(read(defaults())).toEqual({ ok: true, policy: DEFAULT_POLICY });
    const r = read({ ...defaults(), minLength: '１６', adminTotpRequired: 'on' });
    expect(r).toEqual({ ok: true, policy: { ...DEFAULT_POLICY, minLength: 16, adminTotpRequired: true } });
  });

  test('errors are per field and in Chinese; an empty field is not silently defaulted', () => {
    const r = read({ ...defaults(), minLength: '7', historyCount: '', lockoutMinutes: '半小时', expiryDays: '1.5' });
    expect(r).toEqual({
      ok: false,
      errors: {
        minLength: '密码最短长度不能小于 8',
        historyCount: '请填写不可重复使用的历史密码',
        lockoutMinutes: '锁定时长（分钟）必须是整数',
        expiryDays: '密码有效期（天）必须是整数',
      },
    });
  });
});
