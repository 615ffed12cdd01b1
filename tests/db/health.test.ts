import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { beat, createDb, getHealth, openSystemEvent, storeFetchSuccess, upsertSources } from '@/lib/db';
import { AnalysisRunner } from '@/lib/pipeline/analyse';
import { seedAnalysisLexicon } from '@/lib/pipeline/seed';
import { SourceListSchema } from '@/lib/sources/schema';
import { createTestDb } from '../helpers/test-db';
import type { TestDb } from '../helpers/test-db';

let t: TestDb;
const now = new Date('2026-08-21T02:00:00Z');

beforeAll(async () => {
  t = await createTestDb();
  await upsertSources(
    t.client,
    SourceListSchema.parse([
      { id: 'src-a', name: 'a', url: 'https://a.example.cn/rss', kind: 'rss', category: 'official' },
      { id: 'src-b', name: 'b', url: 'https://b.example.cn/rss', kind: 'rss', category: 'official', enabled: false },
    ]),
    'user',
    now,
  );
});
afterAll(async () => t.cleanup());

describe('GET /api/health facts', () => {
  test('no worker has ever beaten: degraded, worker not ok', async () => {
    const h = await getHealth(t.client, now);
    expect(h).toMatchObject({ status: 'degraded', database: { ok: true }, worker: { ok: false } });
    expect(h.sources).toMatchObject({ total: 2, enabled: 1, unknown: 1 });
  });

  test('a fresh heartbeat makes it ok; a stale one (> 60 s) is reported as stale', async () => {
    await beat(t.client, { id: 'w1', pid: 1, host: 'h', startedAt: now, now, state: 'running' });
    expect(await getHealth(t.client, new Date(now.getTime() + 30_000))).toMatchObject({ status: 'ok', worker: { ok: true } });
    const later = await getHealth(t.client, new Date(now.getTime() + 61_000));
    expect(later).toMatchObject({ status: 'degraded', worker: { ok: false } });
    expect(later.worker.workers[0]?.state).toBe('stale');
  });

  test('an open system event (egress outage) degrades the status and is listed', async () => {
    await openSystemEvent(t.client, { kind: 'egress_outage', message: '出口网络异常', now });
    expect(await openSystemEvent(t.client, { kind: 'egress_outage', message: '出口网络异常', now })).toBe(false);
    const h = await getHealth(t.client, new Date(now.getTime() + 1000));
    expect(h.status).toBe('degraded');
    expect(h.events).toEqual([{ kind: 'egress_outage', message: '出口网络异常', openedAt: now.toISOString() }]);
  });

  test('analysis coverage: stored but unanalysed items are pending until the analyser has run', async () => {
    await storeFetchSuccess(t.client, {
      sourceId: 'src-a',
      workerId: 'w1',
      startedAt: now,
      finishedAt: now,
      httpStatus: 200,
      status: 'ok',
      items: [1, 2, 3].map((n) => ({
        itemHash: `h${n}`,
        contentHash: `c${n}`,
        guid: null,
        url: null,
        title: `某市${n}号化工厂发生爆炸 造成${n}人死亡`,
        summaryText: '',
        contentText: null,
        summaryHtml: null,
        contentHtml: null,
        author: null,
        categories: [],
        publishedAt: now,
        publishedRaw: null,
        dateFlag: null,
      })),
      etag: null,
      lastModified: null,
      nextCheckAt: now,
      isDemo: false,
    });
    expect((await getHealth(t.client, now)).analysis).toMatchObject({ analysed: 0, pending: 3, events: 0, job: null });
    await seedAnalysisLexicon(t.client);
    await new AnalysisRunner(t.client, { now: () => now }).catchUp();
    const h = await getHealth(t.client, now);
    expect(h.analysis).toMatchObject({ analysed: 3, pending: 0, failed: 0 });
    expect(h.analysis.lexiconVersion).toBeGreaterThan(0);
    expect(h.analysis.events).toBeGreaterThan(0);
  });

  test('unresolved alerts are counted by level, and a notification that failed for good degrades the status', async () => {
    await beat(t.client, { id: 'w2', pid: 2, host: 'h', startedAt: now, now, state: 'running' });
    await t.client.systemEvent.updateMany({ data: { closedAt: now } });
    expect((await getHealth(t.client, now)).status).toBe('ok');
    const alert = await t.client.alert.create({
      data: { dedupeKey: 'k', kind: 'accident_grade', subjectType: 'event', subjectKey: '1', subjectLabel: 'x', level: 'orange', state: 'open', why: 'x', firstRaisedAt: now, lastRaisedAt: now, cooldownUntil: now },
    });
    const channel = await t.client.notificationChannel.create({ data: { name: 'c', kind: 'webhook', configJson: '{}' } });
    await t.client.delivery.create({ data: { alertId: alert.id, channelId: channel.id, tier: 'immediate', state: 'failed', attempts: 8, lastError: '通知通道返回 400', createdAt: now } });
    const h = await getHealth(t.client, now);
    expect(h.alerts).toEqual({ unresolved: { red: 0, orange: 1, yellow: 0, blue: 0 }, failedDeliveries: 1, retryingDeliveries: 0 });
    expect(h.status).toBe('degraded');
  });

  test('an unreachable database is "down", with the reason, instead of throwing', async () => {
    const broken = createDb(`file:${t.dir}/missing-dir-file.db`);
    const h = await getHealth(broken, now);
    expect(h.status).toBe('down');
    expect(h.database.ok).toBe(false);
    expect(h.database.error).toBeTruthy();
    await broken.$disconnect();
  });
});
