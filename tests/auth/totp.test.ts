/** MLPS 8.1.4.1 d (动态口令): TOTP codes, drift window, replay guard; secrets sealed at rest. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { Secret, TOTP } from 'otpauth';
import { AuthSecretError, keyFromFile, keyFromSecret, seal, unseal } from '@/lib/auth/secret';
import {
  TOTP_ISSUER,
  groupedSecret,
  newTotpSecret,
  normaliseCode,
  openTotpSecret,
  sealTotpSecret,
  totpCodeAt,
  totpStep,
  totpUri,
  verifyTotpCode,
} from '@/lib/auth/totp';

const T0 = new Date('2026-11-25T02:00:10Z');
const at = (s: number) => new Date(T0.getTime() + s * 1000);

describe('codes', () => {
  const secret = newTotpSecret();

  test('a fresh secret is 160 bits of Base32 and the URI names our issuer and the account', () => {
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(secret).not.toBe(newTotpSecret());
    const uri = totpUri(secret, 'zhangsan');
    const parsed = new URL(uri);
    expect(parsed.protocol).toBe('otpauth:');
    expect(parsed.searchParams.get('issuer')).toBe(TOTP_ISSUER);
    expect(parsed.searchParams.get('secret')).toBe(secret);
    expect(parsed.searchParams.get('algorithm')).toBe('SHA1');
    expect(parsed.searchParams.get('digits')).toBe('6');
    expect(parsed.searchParams.get('period')).toBe('30');
    expect(decodeURIComponent(parsed.pathname)).toContain('zhangsan');
    expect(groupedSecret('ABCDEFGHIJ')).toBe('ABCD EFGH IJ');
  });

  test('matches an independent RFC 6238 implementation (otpauth used directly)', () => {
    const ref = new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 });
    expect(totpCodeAt(secret, T0)).toBe(ref.generate({ timestamp: T0.getTime() }));
  });

  test('accepts the current code and one step of drift either way, not two', () => {
    const now = at(0);
    const step = totpStep(now);
    expect(verifyTotpCode(secret, totpCodeAt(secret, now), now, null)).toBe(step);
    expect(verifyTotpCode(secret, totpCodeAt(secret, at(-30)), now, null)).toBe(step - 1);
    expect(verifyTotpCode(secret, totpCodeAt(secret, at(30)), now, null)).toBe(step + 1);
    expect(verifyTotpCode(secret, totpCodeAt(secret, at(-60)), now, null)).toBeNull();
    expect(verifyTotpCode(secret, totpCodeAt(secret, at(90)), now, null)).toBeNull();
  });

  test('replay: a code of a step already used (or older) is refused, a later one accepted', () => {
    const now = at(0);
    const step = verifyTotpCode(secret, totpCodeAt(secret, now), now, null)!;
    expect(verifyTotpCode(secret, totpCodeAt(secret, now), at(5), step)).toBeNull();
    expect(verifyTotpCode(secret, totpCodeAt(secret, at(-30)), at(5), step)).toBeNull();
    expect(verifyTotpCode(secret, totpCodeAt(secret, at(30)), at(30), step)).toBe(step + 1);
  });

  test('input shape: spaces tolerated, anything but six digits is not a code', () => {
    expect(normaliseCode(' 123 456 ')).toBe('123456');
    for (const bad of ['12345', '1234567', '12a456', '', '１２３４５６']) expect(normaliseCode(bad)).toBeNull();
    const code = totpCodeAt(secret, T0);
    expect(verifyTotpCode(secret, `${code.slice(0, 3)} ${code.slice(3)}`, T0, null)).toBe(totpStep(T0));
  });
});

describe('sealed secrets', () => {
  const key = keyFromSecret('x'.repeat(40));

  test('round trip; another key, another account or an altered value reads as null', () => {
    const sealed = sealTotpSecret('JBSWY3DPEHPK3PXP', 'user-1', key);
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(openTotpSecret(sealed, 'user-1', key)).toBe('JBSWY3DPEHPK3PXP');
    expect(openTotpSecret(sealed, 'user-2', key)).toBeNull();
    expect(openTotpSecret(sealed, 'user-1', keyFromSecret('y'.repeat(40)))).toBeNull();
    const parts = sealed.split(':');
    const body = Buffer.from(parts[3]!, 'base64url');
    body[0] = body[0]! ^ 1;
    expect(openTotpSecret([...parts.slice(0, 3), body.toString('base64url')].join(':'), 'user-1', key)).toBeNull();
    expect(unseal('garbage', key, 'p')).toBeNull();
    expect(seal('a', key, 'p')).not.toBe(seal('a', key, 'p')); // random IV
  });

  test('SOM_AUTH_SECRET shorter than 32 characters is refused', () => {
    expect(() => keyFromSecret('short')).toThrow(AuthSecretError);
  });

  test('the key file is created once with mode 0600 and then reused; a damaged file is never replaced', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'som-secret-'));
    try {
      const file = path.join(dir, 'auth-secret');
      const k1 = keyFromFile(file);
      expect(k1).toHaveLength(32);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(keyFromFile(file).equals(k1)).toBe(true);
      fs.writeFileSync(file, 'short');
      expect(() => keyFromFile(file)).toThrow(AuthSecretError);
      expect(fs.readFileSync(file, 'utf8')).toBe('short');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
