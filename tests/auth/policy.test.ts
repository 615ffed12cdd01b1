/**
 * TESTPLAN S10: the password policy as tables. Length (counted in characters, so 汉字 count once),
 * character classes (汉字 count as "other"), common passwords including the Chinese favourites,
 * context words (username, 姓名, the agency's words), the 128-character ceiling, control characters,
 * expiry, and reading a stored policy that may be partial or broken.
 */
import { describe, expect, test } from 'vitest';
import { checkPasswordStrength, DEFAULT_POLICY, MAX_PASSWORD_LENGTH, passwordExpired, policyFromStored } from '@/lib/auth/policy';
import type { PasswordContext, SecurityPolicy } from '@/lib/auth/policy';

const LENGTH = '密码至少';
const MAX = '密码最多';
const CLASSES = '密码需包含';
const COMMON = '密码过于常见';
const CONTEXT = '密码不能包含用户名';
const CONTROL = '密码不能含控制字符';

/** Which kinds of problem a password has (by the start of each Chinese sentence). */
function kinds(pw: string, policy: SecurityPolicy = DEFAULT_POLICY, ctx: PasswordContext = {}): string[] {
  const starts = [LENGTH, MAX, CLASSES, COMMON, CONTEXT, CONTROL];
  return checkPasswordStrength(pw, policy, ctx).map((p) => starts.find((s) => p.startsWith(s)) ?? p);
}

const LOOSE: SecurityPolicy = { ...DEFAULT_POLICY, minLength: 8, minClasses: 2 };

describe('defaults are the MLPS practice values', () => {
  test('12 characters, 3 classes, 90 days, 5 in history, 5 failures in 15 min lock for 30 min, idle 30/15 min, 12 h', () => {
    expect(DEFAULT_POLICY).toEqual({
      minLength: 12,
      minClasses: 3,
      expiryDays: 90,
      historyCount: 5,
      lockoutThreshold: 5,
      lockoutWindowMinutes: 15,
      lockoutMinutes: 30,
      idleMinutes: 30,
      adminIdleMinutes: 15,
      absoluteHours: 12,
      adminTotpRequired: false,
    });
  });
});

describe('checkPasswordStrength (default policy)', () => {
  test.each([
    ['Tr0ub4dor&3x', []],
    ['correct-Horse-battery', []],
    ['Xq7-rvzpmlkw', []],
    ['短密码Ab1', [LENGTH]],
    ['Sh0rt!x', [LENGTH]],
    ['alllowercaseletters', [CLASSES]],
    ['lowerUPPERonlywords', [CLASSES]],
    ['rvzpmlkw 2024', []], // the space is an "other" character: lower + digit + other
    ['我的口令很长也很难猜abc1', []], // 汉字 = other: lower + digit + other, 14 characters
    ['P@ssw0rd2024!', [COMMON]],
    ['Woaini1314!!', [COMMON]],
    ['Qwerty!!2026', [COMMON]],
    ['1q2w3e4r#ABCD', []], // '1q2w3e4r' only as a whole is common; here the letters are not a listed word
    ['aaaaaaaaaaaa', [CLASSES, COMMON]],
    ['Admin@2024xyz', [CONTEXT]],
    ['yingji-Kp7mwxq', [CONTEXT]],
    ['安全生产舆情abc123X', [CONTEXT]],
  ] as const)('%j → %j', (pw, expected) => {
    expect(kinds(pw)).toEqual(expected);
  });

  test.each([['woaini1314'], ['Aa123456'], ['Admin@123'], ['qwe123'], ['123456'], ['12345678'], ['abcdefgh'], ['Password1'], ['a123456'], ['abc123']])(
    'the Chinese favourites and classics are refused as common: %s',
    (pw) => {
      expect(kinds(pw, { ...LOOSE, minLength: 6, minClasses: 1 })).toContain(COMMON);
    },
  );

  test('the username and the 姓名 may not appear, in any case', () => {
    expect(kinds('Zhangsan#2026x', DEFAULT_POLICY, { username: 'zhangsan' })).toEqual([CONTEXT]);
    expect(kinds('zs张三-2026Pass', DEFAULT_POLICY, { name: '张三' })).toEqual([CONTEXT]);
    expect(kinds('Zs#2026-Kp7mwq', DEFAULT_POLICY, { username: 'zhangsan', name: '张三' })).toEqual([]);
  });

  test('汉字 count as the "other" class and as one character each', () => {
    const four: SecurityPolicy = { ...DEFAULT_POLICY, minClasses: 4 };
    expect(kinds('Xq7汉字rvzpmlkw', four)).toEqual([]);
    expect(checkPasswordStrength('Xq7rvzpmlkwt', four)).toEqual(['密码需包含小写字母、大写字母、数字、其他字符（符号或汉字）中的至少 4 种（当前 3 种）']);
    // 11 characters (not 11 UTF-16 units + surrogates): 𠀀 is one character outside the BMP.
    expect(checkPasswordStrength('Xq7汉字rvz𠀀ml', DEFAULT_POLICY)[0]).toBe('密码至少 12 个字符（当前 11 个）');
  });

  test(`at most ${MAX_PASSWORD_LENGTH} characters: a long passphrase is welcome, beyond the limit it is not`, () => {
    const at = `Aa1!${'kp7w'.repeat(31)}`;
    expect([...at].length).toBe(128);
    expect(kinds(at)).toEqual([]);
    expect(kinds(`${at}z`)).toEqual([MAX]);
  });

  test('control characters are refused (newline, NUL, DEL)', () => {
    for (const c of ['\n', '\u0000', '\u007f', '\t']) expect(kinds(`Good-Pass${c}1234X`)).toContain(CONTROL);
  });

  test('the minimum length and classes follow the policy', () => {
    expect(kinds('Kp7-mwxq', LOOSE)).toEqual([]);
    expect(kinds('kpmwxqrt', LOOSE)).toEqual([CLASSES]);
    expect(checkPasswordStrength('Kp7-mwxq', { ...DEFAULT_POLICY, minLength: 16 })).toEqual(['密码至少 16 个字符（当前 8 个）']);
  });
});

describe('passwordExpired', () => {
  const created = new Date('2026-01-01T00:00:00Z');
  const days = (n: number) => new Date(created.getTime() + n * 86_400_000);
  test.each([
    ['never changed, 89 days old', null, days(89) , DEFAULT_POLICY, false],
    ['never changed, exactly 90 days old', null, days(90), DEFAULT_POLICY, true],
    ['changed on day 30, now day 119', days(30), days(119), DEFAULT_POLICY, false],
    ['changed on day 30, now day 120', days(30), days(120), DEFAULT_POLICY, true],
    ['expiry 0 means never', null, days(5000), { ...DEFAULT_POLICY, expiryDays: 0 }, false],
    ['expiry 1 day, 1 ms short', null, new Date(days(1).getTime() - 1), { ...DEFAULT_POLICY, expiryDays: 1 }, false],
  ] as const)('%s', (_label, changedAt, now, policy, expected) => {
    expect(passwordExpired(changedAt, created, policy, now)).toBe(expected);
  });
});

describe('policyFromStored', () => {
  test.each([
    ['nothing stored', null, DEFAULT_POLICY],
    ['an empty object', {}, DEFAULT_POLICY],
    ['one value stored: the rest are defaults', { minLength: 16 }, { ...DEFAULT_POLICY, minLength: 16 }],
    ['numbers as text (an older form) are read', { historyCount: '8' }, { ...DEFAULT_POLICY, historyCount: 8 }],
    ['an out-of-range value: the whole default (never a half-valid policy)', { minLength: 4, historyCount: 8 }, DEFAULT_POLICY],
    ['not an object', 'garbage', DEFAULT_POLICY],
    ['unknown keys are dropped', { minLength: 14, surprise: true }, { ...DEFAULT_POLICY, minLength: 14 }],
  ] as const)('%s', (_label, stored, expected) => {
    expect(policyFromStored(stored)).toEqual(expected);
  });
});
