import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { claimDueSources, getSource, recordFailure, releaseLeases, renewLease, upsertSources } from '@/lib/db';
import { SourceListSchema } from '@/lib/sources/schema';
import { createTestDb } from '../helpers/test-db';
import type { TestDb } from '../helpers/test-db';

let t: TestDb;
const t0 = new Date('2026-08-21T02:00:00Z');
const at = (min: number) => new Date(t0.getTime() + min * 60_000);
const LEASE = 5 * 60_000;

beforeAll(async () => {
  t = await createTestDb();
  const sources = SourceListSchema.parse(
    Array.from({ length: 20 }, (_, i) => ({
      id: `src-${String(i).padStart(2, '0')}`,
      name: `信源 ${i}`,
      url: `https://example.gov.cn/feed/${i}.xml`,
      kind: 'rss',
      category: 'official',
      intervalMinutes: 15,
      priority: i < 2,
    })),
  );
  await upsertSources(t.client, sources, 'user', t0);
});
afterAll(async () => t.cleanup());

describe('claiming due sources under a lease', () => {
  test('two workers racing never get the same source, and together get all of them', async () => {
    const [a, b] = await Promise.all([
      claimDueSources(t.client, { now: at(0), workerId: 'A', leaseMs: LEASE, limit: 20 }),
      claimDueSources(t.client, { now: at(0), workerId: 'B', leaseMs: LEASE, limit: 20 }),
    ]);
    const ids = [...a, ...b].map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(20);
    // priority sources first for whoever claimed them
    expect([...a, ...b].filter((s) => s.priority).length).toBe(2);
  });

  test('a held lease blocks others until it expires; then the source is due again (killed worker loses no run)', async () => {
    expect(await claimDueSources(t.client, { now: at(1), workerId: 'C', leaseMs: LEASE, limit: 20 })).toEqual([]);
    const later = await claimDueSources(t.client, { now: at(6), workerId: 'C', leaseMs: LEASE, limit: 20 });
    expect(later.length).toBe(20);
    expect(later.every((s) => s.leaseOwner === 'C')).toBe(true);
  });

  test('released leases are claimable at once; recorded failures reschedule and release', async () => {
    await releaseLeases(t.client, 'C', ['src-05']);
    const again = await claimDueSources(t.client, { now: at(7), workerId: 'D', leaseMs: LEASE, limit: 20 });
    expect(again.map((s) => s.id)).toEqual(['src-05']);

    await recordFailure(t.client, {
      sourceId: 'src-05',
      workerId: 'D',
      startedAt: at(7),
      finishedAt: at(7),
      errorCode: 'timeout',
      errorMessage: '请求超时',
      nextCheckAt: at(22),
      countStrike: true,
      failingAfter: 3,
    });
    const row = await getSource(t.client, 'src-05');
    expect(row?.leaseOwner).toBeNull();
    expect(row?.errorCount).toBe(1);
    expect(row?.health).toBe('degraded');
    expect(row?.lastErrorCode).toBe('timeout');
    // not due before its next check, due after
    expect(await claimDueSources(t.client, { now: at(21), workerId: 'E', leaseMs: LEASE, limit: 20, ids: ['src-05'] })).toEqual([]);
    expect((await claimDueSources(t.client, { now: at(23), workerId: 'E', leaseMs: LEASE, limit: 20, ids: ['src-05'] })).length).toBe(1);
  });

  test('a per-host cap leaves the rest of a crowded host for later, other hosts unaffected; cli sources can be excluded', async () => {
    await upsertSources(
      t.client,
      SourceListSchema.parse([
        ...Array.from({ length: 5 }, (_, i) => ({ id: `crowd-${i}`, name: `c${i}`, url: `https://crowded.gov.cn/col/${i}/`, kind: 'rss', category: 'official' })),
        { id: 'other-1', name: 'o', url: 'https://other.gov.cn/rss', kind: 'rss', category: 'official' },
      ]),
      'user',
      at(100),
    );
    await upsertSources(t.client, SourceListSchema.parse([{ id: 'cli-1', name: 'cli', url: 'https://cli.gov.cn/rss', kind: 'rss', category: 'official' }]), 'cli', at(100));
    const ids = ['crowd-0', 'crowd-1', 'crowd-2', 'crowd-3', 'crowd-4', 'other-1', 'cli-1'];
    const got = await claimDueSources(t.client, { now: at(101), workerId: 'H', leaseMs: LEASE, limit: 20, ids, perHostLimit: 2, excludeOrigins: ['cli'] });
    expect(got.filter((s) => s.id.startsWith('crowd-')).length).toBe(2);
    expect(got.map((s) => s.id)).toContain('other-1');
    expect(got.map((s) => s.id)).not.toContain('cli-1');
    await releaseLeases(t.client, 'H');
    const own = await claimDueSources(t.client, { now: at(102), workerId: 'H2', leaseMs: LEASE, limit: 20, ids, perHostLimit: 2, perHostExempt: ['crowded.gov.cn'] });
    expect(own.filter((s) => s.id.startsWith('crowd-')).length).toBe(5); // exempt host (our own demo server)
  });

  test('a lease can only be renewed by its holder', async () => {
    const [row] = await claimDueSources(t.client, { now: at(200), workerId: 'R1', leaseMs: LEASE, limit: 1, ids: ['cli-1'] });
    expect(row?.id).toBe('cli-1');
    expect(await renewLease(t.client, 'cli-1', 'R1', at(210))).toBe(true);
    expect(await renewLease(t.client, 'cli-1', 'R2', at(210))).toBe(false);
  });

  test('an egress-outage failure does not count a strike', async () => {
    await recordFailure(t.client, {
      sourceId: 'src-05',
      workerId: 'E',
      startedAt: at(23),
      finishedAt: at(23),
      errorCode: 'dns_error',
      errorMessage: '域名解析失败',
      nextCheckAt: at(38),
      countStrike: false,
      failingAfter: 3,
    });
    expect((await getSource(t.client, 'src-05'))?.errorCount).toBe(1);
  });
});
