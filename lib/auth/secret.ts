/**
 * The auth secret: the key that encrypts TOTP secrets at rest (AES-256-GCM, MLPS 8.1.4.8 b). From
 * SOM_AUTH_SECRET when set (at least 32 characters; a key is derived from it), otherwise a random
 * 32-byte file `auth-secret` beside the database (mode 0600), created on first use. Back it up with
 * the database: without it the stored TOTP secrets cannot be read and people must enrol again.
 */
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { config } from '@/lib/config';
import { sqliteFileFromUrl } from '@/lib/db';

const KEY_BYTES = 32;
const FORMAT = 'v1';

export class AuthSecretError extends Error {}

/** The key from an operator-supplied secret: HKDF-SHA256, so any long enough string will do. */
export function keyFromSecret(secret: string): Buffer {
  if ([...secret].length < 32) throw new AuthSecretError('SOM_AUTH_SECRET 至少需要 32 个字符');
  return Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), Buffer.alloc(0), 'som-auth-secret-v1', KEY_BYTES));
}

/**
 * The key stored in `file`, created (0600, exclusive create) when it does not exist yet. A file of
 * the wrong size is an error, never overwritten: replacing it would lose every stored TOTP secret.
 */
export function keyFromFile(file: string): Buffer {
  try {
    const fd = fs.openSync(file, 'wx', 0o600);
    try {
      fs.writeSync(fd, randomBytes(KEY_BYTES));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  const key = fs.readFileSync(file);
  if (key.length !== KEY_BYTES) throw new AuthSecretError(`认证密钥文件 ${file} 长度不对（应为 ${KEY_BYTES} 字节），请从备份恢复`);
  return key;
}

/**
 * The file used when SOM_AUTH_SECRET is not set: beside the SQLite database. On PostgreSQL the
 * processes may run on several machines, which must share one key: SOM_AUTH_SECRET is required.
 */
export function defaultSecretFile(databaseUrl: string): string {
  if (!databaseUrl.startsWith('file:')) {
    throw new AuthSecretError('使用 PostgreSQL 时必须设置 SOM_AUTH_SECRET（至少 32 个字符，所有网页和抓取进程相同）');
  }
  return path.join(path.dirname(sqliteFileFromUrl(databaseUrl)), 'auth-secret');
}

let cached: { source: string; key: Buffer } | undefined;

/** The process's key (read once). */
export function authKey(): Buffer {
  const fromEnv = config().auth.masterKey;
  const source = fromEnv ? 'env' : defaultSecretFile(config().db.url);
  if (!cached || cached.source !== source) {
    cached = { source, key: fromEnv ? keyFromSecret(fromEnv) : keyFromFile(source) };
  }
  return cached.key;
}

/** Short fingerprint of a key, for telling operators which key a database expects (not secret). */
export function keyFingerprint(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 12);
}

/** AES-256-GCM with a random 96-bit IV; `purpose` is bound as associated data. */
export function seal(plain: string, key: Buffer, purpose: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(purpose, 'utf8'));
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [FORMAT, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join(':');
}

/** The plain text, or null when the value was not sealed with this key and purpose (or was altered). */
export function unseal(sealed: string, key: Buffer, purpose: string): string | null {
  const parts = sealed.split(':');
  if (parts.length !== 4 || parts[0] !== FORMAT) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(parts[1]!, 'base64url'));
    decipher.setAAD(Buffer.from(purpose, 'utf8'));
    decipher.setAuthTag(Buffer.from(parts[2]!, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(parts[3]!, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
