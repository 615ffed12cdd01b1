/** A source whose fetch keeps killing the worker is recognised, reported and backed off, not retried forever. */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { loadConfig } from '@/lib/config';
import { claimDueSources, getSource, renewLease, upsertSources } from '@/lib/db';
import { createCrawlContext } from '@/lib/crawler/context';
import { runTick } from '@/lib/scheduler/tick';
import { SourceListSchema } from '@/lib/sources/schema';
import { createTestDb } from '../helpers/test-db';
import type { TestDb } from '../helpers/test-db';

let t: TestDb;
const t0 = new Date('2026-08-21T00:00:00Z');
const at = (min: number) => new Date(t0.getTime() + min * 60_000);
const LEASE = 5 * 60_000;

beforeAll(async () => {
  t = await createTestDb();
  await upsertSources(
    t.client,
    SourceListSchema.parse([{ id: 'killer', name: 'killer', url: 'http://127.0.0.1:9/never-fetched.xml', kind: 'rss', category: 'forum_social', intervalMinutes: 5 }]),
    'user',
    t0,
  );
});
afterAll(async () => t.cleanup());

test('a claim that never started a fetch is not held against the source', async () => {
  await upsertSources(
    t.client,
    SourceListSchema.parse([{ id: 'bystander', name: 'b', url: 'http://127.0.0.1:9/b.xml', kind: 'rss', category: 'official' }]),
    'user',
    t0,
  );
  for (const m of [0, 6, 12, 18]) {
     
    await claimDueSources(t.client, { now: at(m), workerId: `dead-${m}`, leaseMs: LEASE, limit: 5, ids: ['bystander'] });
  }
  expect((await getSource(t.client, 'bystander'))?.pendingClaims).toBe(0);
});

test('after three fetches that ended in a dead worker, the next claim records worker_crashed and backs off', async () => {
  // Three workers each claimed it, started the fetch and died (no outcome, no release): leases simply expired.
  for (const m of [0, 6, 12]) {
     
    expect(await claimDueSources(t.client, { now: at(m), workerId: `dead-${m}`, leaseMs: LEASE, limit: 1, ids: ['killer'] })).toHaveLength(1);
     
    expect(await renewLease(t.client, 'killer', `dead-${m}`, at(m + 5))).toBe(true);
  }
  const ctx = createCrawlContext({ cfg: loadConfig({}), db: t.client, workerId: 'w', now: () => at(18) });
  const r = await runTick(ctx, { limit: 5, concurrency: 1, leaseMs: LEASE, ids: ['killer'] });
  expect(r.results).toEqual([
    expect.objectContaining({ source: 'killer', status: 'error', errorClass: 'worker_crashed' }),
  ]);
  const row = await getSource(t.client, 'killer');
  expect(row).toMatchObject({ pendingClaims: 0, errorCount: 1, leaseOwner: null, lastErrorCode: 'worker_crashed' });
  expect(row?.nextCheckAt.getTime()).toBeGreaterThan(at(18).getTime());
});
