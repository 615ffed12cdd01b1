/**
 * A write issued while another part of the process has a transaction open must not become part of
 * that transaction (and vanish when it rolls back). Review finding: lease claims were erased.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { claimDueSources, getSource, upsertSources } from '@/lib/db';
import { SourceListSchema } from '@/lib/sources/schema';
import { createTestDb } from '../helpers/test-db';
import type { TestDb } from '../helpers/test-db';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  await upsertSources(
    t.client,
    SourceListSchema.parse([{ id: 'iso-1', name: 'iso', url: 'https://iso.example.cn/rss', kind: 'rss', category: 'official' }]),
    'user',
    new Date('2026-08-21T00:00:00Z'),
  );
});
afterAll(async () => t.cleanup());

test('a claim made while another transaction is open survives that transaction rolling back', async () => {
  let entered!: () => void;
  const inside = new Promise<void>((r) => (entered = r));
  const failing = t.client
    .$transaction(async (tx) => {
      await tx.fetchLog.create({
        data: { sourceId: 'iso-1', workerId: 'w', startedAt: new Date(), status: 'error', errorCode: 'x' },
      });
      entered();
      await new Promise((r) => setTimeout(r, 300));
      throw new Error('store failed');
    })
    .catch((e: unknown) => e);

  await inside;
  const claimed = await claimDueSources(t.client, { now: new Date('2026-08-21T01:00:00Z'), workerId: 'A', leaseMs: 60_000, limit: 5 });
  expect(claimed.map((s) => s.id)).toEqual(['iso-1']);
  expect(await failing).toBeInstanceOf(Error);

  expect((await getSource(t.client, 'iso-1'))?.leaseOwner).toBe('A'); // not rolled back with the other transaction
  expect(await t.client.fetchLog.count()).toBe(0); // the failed transaction left nothing
});
