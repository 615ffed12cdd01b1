/**
 * Workflow writes (replies, plans, disclosure, releases, accident cases) run in one locked
 * transaction and may refuse a step with a Chinese reason: the refusal rolls everything back and comes
 * back as a result the form shows next to its field, never as an exception.
 */
import type { Db } from './client';
import { takeWriteLock } from './dialect';
import { TX_OPTIONS } from './sources';

export type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

export type Refused = { ok: false; message: string; field?: string; existingId?: number };

/** Thrown inside refusableTx to refuse the step; `existingId` names the record that stands in the way. */
export class Refusal extends Error {
  constructor(
    message: string,
    readonly field?: string,
    readonly existingId?: number,
  ) {
    super(message);
  }
}

/** Runs `body` holding the write lock; a Refusal becomes `{ ok: false, … }`, anything else propagates. */
export async function refusableTx<T>(client: Db, body: (tx: Tx) => Promise<T>): Promise<T | Refused> {
  try {
    return await client.$transaction(async (tx) => {
      await takeWriteLock(tx);
      return body(tx);
    }, TX_OPTIONS);
  } catch (e) {
    if (e instanceof Refusal) {
      return { ok: false, message: e.message, ...(e.field ? { field: e.field } : {}), ...(e.existingId ? { existingId: e.existingId } : {}) };
    }
    throw e;
  }
}
