/**
 * TOTP second factor (RFC 6238 through `otpauth`): SHA-1, 6 digits, 30-second steps, one step of
 * clock drift either way. Each accepted code's time step is stored (User.totpLastStep) and only a
 * later step is accepted next time, so a code seen over a shoulder cannot be used again. Secrets are
 * stored sealed with the auth secret (lib/auth/secret.ts), bound to the account.
 */
import { Secret, TOTP } from 'otpauth';
import { authKey, seal, unseal } from './secret';

export const TOTP_ISSUER = '安全生产舆情监测预警平台';
const PERIOD = 30;
const DIGITS = 6;
const WINDOW = 1;

function totpOf(secretBase32: string, label = 'user'): TOTP {
  return new TOTP({ issuer: TOTP_ISSUER, label, algorithm: 'SHA1', digits: DIGITS, period: PERIOD, secret: Secret.fromBase32(secretBase32) });
}

/** A fresh 160-bit secret, Base32 (what authenticator apps accept for manual entry). */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The otpauth:// URI an authenticator app imports (shown as text; no QR service is contacted). */
export function totpUri(secretBase32: string, username: string): string {
  return totpOf(secretBase32, username).toString();
}

/** Base32 in groups of four, easier to type. */
export function groupedSecret(secretBase32: string): string {
  return secretBase32.replace(/(.{4})/g, '$1 ').trim();
}

/** The time step of `now`. */
export function totpStep(now: Date): number {
  return Math.floor(now.getTime() / 1000 / PERIOD);
}

/** The code for a step (tests, and nothing else: the server never shows a code). */
export function totpCodeAt(secretBase32: string, now: Date): string {
  return totpOf(secretBase32).generate({ timestamp: now.getTime() });
}

/** Digits only, spaces tolerated ("123 456"); anything else is not a code. */
export function normaliseCode(raw: string): string | null {
  const code = raw.replace(/\s+/g, '');
  return /^\d{6}$/.test(code) ? code : null;
}

/**
 * The time step the code belongs to if it is valid now (within one step of drift) and newer than
 * `lastStep`; otherwise null (wrong, expired, or already used).
 */
export function verifyTotpCode(secretBase32: string, rawCode: string, now: Date, lastStep: number | null): number | null {
  const code = normaliseCode(rawCode);
  if (!code) return null;
  const delta = totpOf(secretBase32).validate({ token: code, timestamp: now.getTime(), window: WINDOW });
  if (delta === null) return null;
  const step = totpStep(now) + delta;
  if (lastStep !== null && step <= lastStep) return null;
  return step;
}

const purposeFor = (userId: string) => `totp:${userId}`;

export function sealTotpSecret(secretBase32: string, userId: string, key: Buffer = authKey()): string {
  return seal(secretBase32, key, purposeFor(userId));
}

/** The Base32 secret, or null when it cannot be read (another key, or altered). */
export function openTotpSecret(sealed: string, userId: string, key: Buffer = authKey()): string | null {
  return unseal(sealed, key, purposeFor(userId));
}
