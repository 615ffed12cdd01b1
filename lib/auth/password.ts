/**
 * Password hashing: argon2id (memory-hard) through @node-rs/argon2, prebuilt, no compiler needed.
 * Parameters live in the PHC string, so raising them later re-hashes at the next sign-in.
 */
import { hash, verify } from '@node-rs/argon2';

/** argon2id, 64 MiB, 3 passes (about 80 ms per verify on the reference machine). */
const PARAMS = { algorithm: 2, memoryCost: 65_536, timeCost: 3, parallelism: 1 } as const;

export async function hashPassword(password: string): Promise<string> {
  return hash(password, PARAMS);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false; // an unreadable stored hash never matches
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * The same work as a real check, for unknown, locked or disabled accounts, so the time a refusal takes
 * does not tell whether the account exists (TESTPLAN S9).
 */
export async function verifyDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword('dummy-password-for-timing-only');
  await verifyPassword(await dummyHash, password);
  return false;
}

/** True when the stored hash uses weaker parameters than today's: re-hash after a successful check. */
export function needsRehash(stored: string): boolean {
  const m = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(stored);
  if (!m) return true;
  return Number(m[1]) < PARAMS.memoryCost || Number(m[2]) < PARAMS.timeCost;
}
