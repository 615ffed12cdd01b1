/** Accounts for the auth tests, created through lib/db as the product creates them. */
import Database from 'better-sqlite3';
import { createUser, saveSecurityPolicy } from '@/lib/db';
import type { Db, UserRecord } from '@/lib/db';
import { hashPassword } from '@/lib/auth/password';
import { DEFAULT_POLICY } from '@/lib/auth/policy';
import type { SecurityPolicy } from '@/lib/auth/policy';
import type { Role } from '@/lib/auth/roles';
import type { RequestInfo } from '@/lib/auth/login';

/** TOTP secrets are sealed with the auth secret: give tests their own, never the checkout's data/auth-secret. */
process.env.SOM_AUTH_SECRET ??= 'test-only-auth-secret-0123456789-abcdefghij';

export const GOOD_PASSWORD = 'Zhang-san#Duty-2026';

let hashCache: Promise<string> | undefined;

export async function makeUser(
  client: Db,
  o: { username: string; roles?: Role[]; password?: string | null; demo?: boolean; mustChangePassword?: boolean },
): Promise<UserRecord> {
  let passwordHash: string | null;
  if (o.password === null) passwordHash = null;
  else if (o.password === undefined) passwordHash = await (hashCache ??= hashPassword(GOOD_PASSWORD));
  else passwordHash = await hashPassword(o.password);
  const r = await createUser(client, {
    username: o.username,
    name: `测试 ${o.username}`,
    roles: o.roles ?? ['press_officer'],
    passwordHash,
    demo: o.demo ?? false,
    mustChangePassword: o.mustChangePassword ?? false,
    createdBy: 'test',
  });
  if (!r.ok) throw new Error(r.message);
  return r.user;
}

export async function setPolicy(client: Db, patch: Partial<SecurityPolicy>): Promise<void> {
  await saveSecurityPolicy(client, { ...DEFAULT_POLICY, ...patch }, { actor: 'test:setup' });
}

export function req(ip = '10.1.2.3'): RequestInfo {
  return { clientIp: ip, userAgent: 'vitest', requestId: 'req-test' };
}

/** A second connection to the same file, for checks (and faults) Prisma is not asked to make. */
export function rawDb(file: string): Database.Database {
  return new Database(file);
}

export const MINUTE = 60_000;
