/**
 * Early warning end to end on real SQLite: replays of the demo corpus and of the real 2020 Weibo
 * surge through storage, analysis and detection; alert dedupe and lifecycle; the notification
 * outbox against receivers on 127.0.0.1.
 */
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { getAlert, recordAlertTransition, upsertChannel, upsertRule } from '@/lib/db';
import { demoReplayItems } from '@/lib/eval/alerts';
import { parseCsv } from '@/lib/eval/datasets';
import { deliverDue } from '@/lib/pipeline/deliver';
import { runDetection } from '@/lib/pipeline/detect';
import { replay } from '@/lib/pipeline/replay';
import type { ReplayAlert, ReplayItem } from '@/lib/pipeline/replay';
import { transition } from '@/lib/warning/dedupe';
import { createTestDb } from '../helpers/test-db';
import type { TestDb } from '../helpers/test-db';

const SENTIMENT = path.resolve(import.meta.dirname, '../../../shared/fixtures/sentiment');


describe('replay of the demo corpus', () => {
  let alerts: ReplayAlert[] = [];
  beforeAll(async () => {
    alerts = (await replay(demoReplayItems(new Date('2026-06-01T00:00:00Z')))).alerts;
  }, 120_000);
  const raised = () => alerts.filter((a) => a.action !== 'remind');

  test('raises the chemical explosion at 较大 (yellow) with the numbers behind it', () => {
    const chem = raised().find((a) => a.kind === 'accident_grade' && a.subject.includes('江澜'));
    expect(chem?.level).toBe('yellow');
    expect(chem?.why).toMatch(/较大事故.*死亡.*≥3 人为较大/);
  });

  test('hazard warnings are alerted once and escalated as the publisher raises the colour', () => {
    const rain = raised().filter((a) => a.kind === 'hazard_warning' && a.subject === '演示省暴雨预警');
    expect(rain.map((a) => a.level)).toEqual(['blue', 'yellow', 'orange', 'red']);
    expect(rain.slice(1).every((a) => a.action === 'escalate')).toBe(true);
  });

  test('cover-up and rumour cues around the mine flood raise an alert on that event', () => {
    const cues = raised().find((a) => a.kind === 'sensitive_cues');
    expect(cues?.subject).toContain('北坪煤矿');
    expect(cues?.why).toMatch(/瞒报|网传/);
  });

  test('no alert about drills, explainers or routine notices', () => {
    for (const a of alerts) expect(a.subject).not.toMatch(/演练|解读|培训|宣传/);
  });

  test('few alerts: each distinct situation once, reminders only after the cooldown', () => {
    expect(raised().length).toBeLessThan(30);
    const byKey = new Map<string, ReplayAlert[]>();
    for (const a of alerts) byKey.set(`${a.kind}|${a.subject}`, [...(byKey.get(`${a.kind}|${a.subject}`) ?? []), a]);
    for (const [key, list] of byKey) {
      for (let i = 1; i < list.length; i++) {
        const prev = list[i - 1] as ReplayAlert;
        const cur = list[i] as ReplayAlert;
        if (cur.action !== 'remind') continue;
        // Orange reminds after 6 h at the earliest (red 2 h).
        expect(Date.parse(cur.at) - Date.parse(prev.at), key).toBeGreaterThanOrEqual(2 * 3_600_000);
      }
    }
  });
});

function readGbkPosts(file: string): string[] {
  const rows = parseCsv(iconv.decode(fs.readFileSync(path.join(SENTIMENT, file)), 'gbk'));
  return rows.slice(1).map((r) => r[1] ?? '').filter((t) => t.trim() !== '');
}

describe.skipIf(!fs.existsSync(SENTIMENT))('replay of the real 2020 Weibo surge', () => {
  let alerts: ReplayAlert[] = [];
  beforeAll(async () => {
    // Real posts of 19 and 20 January; 21 January has only its real count (10 492) in the fixtures,
    // so its posts are the 20th's texts again (volume is what is tested). Times spread over each day.
    const counts = new Map<string, number>();
    for (const r of parseCsv(fs.readFileSync(path.join(SENTIMENT, 'covid-weibo-daily-post-counts-2020.csv'), 'utf8')).slice(1)) {
      if (r[1]) counts.set(r[0] ?? '', Number(r[1]));
    }
    const day19 = readGbkPosts('covid-weibo-unlabeled-2020-01-19.gbk.csv');
    const day20 = readGbkPosts('covid-weibo-unlabeled-2020-01-20.gbk.csv');
    const items: ReplayItem[] = [];
    const spread = (date: string, texts: readonly string[], n: number) => {
      const start = Date.parse(`${date}T00:00:00+08:00`);
      for (let i = 0; i < n; i++) {
        items.push({
          id: `${date}-${i}`,
          publishedAt: new Date(start + Math.floor((i * 86_400_000) / n)).toISOString(),
          title: '',
          text: texts[i % texts.length] ?? '',
          source: 'forum_social',
        });
      }
    };
    spread('2020-01-19', day19, counts.get('2020-01-19') ?? 0);
    spread('2020-01-20', day20, counts.get('2020-01-20') ?? 0);
    spread('2020-01-21', day20, counts.get('2020-01-21') ?? 0);
    expect(items.length).toBe(133 + 581 + 10_492);
    alerts = (await replay(items)).alerts;
  }, 240_000);

  test('raises a volume surge on 20 or 21 January', () => {
    const spikes = alerts.filter((a) => a.kind === 'volume_spike' && a.subject === '全部信息');
    expect(spikes.length).toBeGreaterThan(0);
    const first = spikes[0] as ReplayAlert;
    const day = new Date(Date.parse(first.at) + 8 * 3_600_000).toISOString().slice(0, 10);
    expect(['2020-01-20', '2020-01-21']).toContain(day);
    expect(first.why).toMatch(/\d/);
  });

  test('no alert of any kind on the quiet day before', () => {
    const before = alerts.filter((a) => Date.parse(a.at) <= Date.parse('2020-01-20T00:00:00+08:00'));
    expect(before).toEqual([]);
  });
});

describe('alerts in the database: dedupe, lifecycle and notifications', () => {
  let t: TestDb;
  let server: http.Server;
  let port = 0;
  const received: { body: string; signature: string | undefined }[] = [];
  let failNext = 0;

  beforeAll(async () => {
    t = await createTestDb();
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString('utf8')));
      req.on('end', () => {
        if (req.url === '/broken') {
          res.writeHead(400).end('{"error":"bad"}');
          return;
        }
        if (failNext > 0) {
          failNext -= 1;
          res.writeHead(503).end('busy');
          return;
        }
        received.push({ body, signature: req.headers['x-signature-256'] as string | undefined });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()));
    await t.cleanup();
  });

  const SECRET = 'test-secret-0123456789';

  test('a hazard warning item becomes one alert, notified once through the webhook, signed', async () => {
    const ok = await upsertChannel(t.client, {
      name: '值班群',
      kind: 'webhook',
      configJson: JSON.stringify({ kind: 'webhook', url: `http://127.0.0.1:${port}/hook`, secret: SECRET }),
    });
    const broken = await upsertChannel(t.client, {
      name: '坏通道',
      kind: 'webhook',
      configJson: JSON.stringify({ kind: 'webhook', url: `http://127.0.0.1:${port}/broken` }),
    });
    await upsertRule(t.client, {
      name: '黄色及以上即时通知',
      ruleJson: JSON.stringify({ minLevel: 'yellow', tier: 'immediate', channelIds: [String(ok.id), String(broken.id)] }),
    });
    const now = new Date('2026-07-03T02:00:00Z');
    const item = { id: 'w1', publishedAt: '2026-07-03T09:30:00+08:00', title: '江澜市气象台发布暴雨橙色预警信号', text: '江澜市气象台2026年7月3日9时30分发布暴雨橙色预警信号：预计未来6小时江澜市区将出现50毫米以上降水，请注意防范。', source: 'official' };
    // Store through a replay database kept in the test dir, then detect on the test's own clock.
    await replay([item], { keepDir: path.join(t.dir, 'r') });
    const { createDb } = await import('@/lib/db');
    const r = createDb(`file:${path.join(t.dir, 'r', 'replay.db')}`);
    try {
      const alerts = await r.alert.findMany();
      expect(alerts).toHaveLength(1);
      expect(alerts[0]).toMatchObject({ kind: 'hazard_warning', level: 'orange', state: 'open' });
    } finally {
      await r.$disconnect();
    }
    // The same situation on the test database: copy the warning in and detect twice.
    await t.client.hazardWarning.create({
      data: { itemId: 1, hazard: '暴雨', level: 'orange', action: 'issue', publisher: '江澜市气象台', region: '江澜市', issuedAt: new Date('2026-07-03T01:30:00Z'), title: item.title },
    });
    const first = await runDetection(t.client, now);
    expect(first.notified).toHaveLength(1);
    const again = await runDetection(t.client, new Date(now.getTime() + 10 * 60_000));
    expect(again.notified).toHaveLength(0);
    expect(await t.client.alert.count()).toBe(1);

    const deliveries = await t.client.delivery.findMany();
    expect(deliveries.map((d) => d.state).sort()).toEqual(['pending', 'pending']);
    failNext = 1;
    const opts = { now: () => now, baseUrl: 'http://dash.example', allowPrivate: true, timeoutMs: 5000 };
    const round1 = await deliverDue(t.client, opts);
    expect(round1).toEqual({ sent: 0, retrying: 1, failed: 1 });
    const failed = await t.client.delivery.findFirstOrThrow({ where: { channelId: broken.id } });
    expect(failed.state).toBe('failed');
    expect(failed.lastError).toMatch(/400|不可重试/);
    const retry = await t.client.delivery.findFirstOrThrow({ where: { channelId: ok.id } });
    expect(retry).toMatchObject({ state: 'pending', attempts: 1 });
    expect(retry.nextAttemptAt?.getTime()).toBeGreaterThan(now.getTime());
    // Not due yet: nothing is sent early.
    expect(await deliverDue(t.client, opts)).toEqual({ sent: 0, retrying: 0, failed: 0 });
    const later = { ...opts, now: () => new Date(now.getTime() + 5 * 60_000) };
    expect(await deliverDue(t.client, later)).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(received).toHaveLength(1);
    const got = received[0];
    const expected = `sha256=${createHmac('sha256', SECRET).update(got?.body ?? '').digest('hex')}`;
    expect(got?.signature).toBe(expected);
    expect(JSON.parse(got?.body ?? '{}')).toMatchObject({ alert: { level: 'orange' } });

    const alert = await getAlert(t.client, first.notified[0] ?? 0);
    expect(alert?.actions.map((a) => a.action)).toEqual(expect.arrayContaining(['raised', 'notified', 'notify_retry', 'notify_failed']));
  });

  test('lifecycle: resolving needs acknowledgement first; every step records who and when', async () => {
    const row = await t.client.alert.findFirstOrThrow();
    const state = {
      key: row.dedupeKey,
      kind: 'hazard_warning' as const,
      subject: { type: 'region' as const, key: row.subjectKey, label: row.subjectLabel },
      status: 'open' as const,
      level: 'orange' as const,
      currentLevel: 'orange' as const,
      why: row.why,
      factors: {},
      metrics: {},
      firstSeenAt: row.firstRaisedAt,
      lastSeenAt: row.lastRaisedAt,
      lastNotifiedAt: row.firstRaisedAt,
      occurrences: 1,
      history: [],
    };
    const at = new Date(row.firstRaisedAt.getTime() + 60_000);
    const now = new Date(at.getTime() + 1000);
    const bad = transition(state, { type: 'resolve', by: '张三', at, resolution: '已处置' }, now);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatch(/确认|分派/);
    const ack = transition(state, { type: 'acknowledge', by: '张三', at }, now);
    expect(ack.ok).toBe(true);
    await recordAlertTransition(t.client, { id: row.id, to: 'acknowledged', actor: '张三', at });
    await recordAlertTransition(t.client, { id: row.id, to: 'assigned', actor: '张三', at, assignee: '李四' });
    await recordAlertTransition(t.client, { id: row.id, to: 'resolved', actor: '李四', at, note: '已发布防御提示' });
    const done = await getAlert(t.client, row.id);
    expect(done).toMatchObject({ state: 'resolved', acknowledgedBy: '张三', assignedTo: '李四', resolvedBy: '李四', resolution: '已发布防御提示' });
    expect(done?.actions.filter((a) => ['acknowledged', 'assigned', 'resolved'].includes(a.action)).map((a) => a.actor)).toEqual(['张三', '张三', '李四']);
  });
});
