/**
 * The events queries on a real SQLite file built by the real pipeline: the bundled demo week is
 * stored, analysed and run through detection hour by hour (lib/pipeline/replay), so its accidents
 * form events with alerts and response clocks. Every figure the pages show is checked against the
 * stored rows, read back with hand-written SQL through a second connection.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createDb, getEvent, getEventAlerts, getEventFactReports, getEventItems, getEventTimelineMembers, listEvents } from '@/lib/db';
import type { Db } from '@/lib/db';
import { decayedHeat } from '@/lib/analysis/events';
import { compareFacts } from '@/lib/events-view/facts';
import { DEFAULT_EVENT_QUERY, EVENT_PAGE_SIZE } from '@/lib/events-view/list-query';
import type { EventListQuery } from '@/lib/events-view/list-query';
import { buildTimeline } from '@/lib/events-view/timeline';
import { demoReplayItems } from '@/lib/eval/alerts';
import { replay } from '@/lib/pipeline/replay';
import { createTestDb } from '../helpers/test-db';
import type { TestDb } from '../helpers/test-db';

const START = new Date('2026-06-01T00:00:00Z');
/** Two hours after the demo week's last item. */
const NOW = new Date('2026-06-01T02:00:00Z');
const H = 3_600_000;

let dir: string;
let client: Db;
let sql: Database.Database;

interface EventSql {
  id: number;
  title: string;
  itemCount: number;
  sourceCount: number;
  officialSourceCount: number;
  negativeCount: number;
  heat: number;
  grade: string | null;
  accidentTypeCode: string | null;
  province: string | null;
  lastSeenAt: string;
}

const time = (s: string) => new Date(s).getTime();
const allEvents = (): EventSql[] => sql.prepare('SELECT * FROM "Event"').all() as EventSql[];
const heatNow = (e: EventSql) => decayedHeat(e.heat, (NOW.getTime() - time(e.lastSeenAt)) / H);
/** The ranking the list must produce, computed the slow way over every stored event. */
const byHeatNow = (events: EventSql[]) =>
  [...events].sort((a, b) => heatNow(b) - heatNow(a) || time(b.lastSeenAt) - time(a.lastSeenAt) || b.id - a.id).map((e) => e.id);
const q = (over: Partial<EventListQuery> = {}): EventListQuery => ({ ...DEFAULT_EVENT_QUERY, ...over });
const eventIdOfStory = (titlePart: string): number => {
  const row = sql.prepare('SELECT id FROM "Event" WHERE title LIKE ? ORDER BY itemCount DESC LIMIT 1').get(`%${titlePart}%`) as { id: number } | undefined;
  if (!row) throw new Error(`no event about ${titlePart}`);
  return row.id;
};

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'som-events-'));
  const r = await replay(demoReplayItems(START), { keepDir: dir });
  expect(r.items).toBeGreaterThan(150);
  const file = path.join(dir, 'replay.db');
  client = createDb(`file:${file}`);
  sql = new Database(file, { readonly: true });
}, 180_000);

afterAll(async () => {
  sql?.close();
  await client?.$disconnect();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('listEvents', () => {
  test('default view: multi-item events of the last 7 days ranked by heat now, with the stored figures', async () => {
    const list = await listEvents(client, q(), NOW);
    const expected = allEvents().filter((e) => e.itemCount >= 2 && time(e.lastSeenAt) >= NOW.getTime() - 168 * H);
    expect(list.total).toBe(expected.length);
    expect(list.total).toBeGreaterThanOrEqual(4);
    expect(list.rows.map((r) => r.id)).toEqual(byHeatNow(expected).slice(0, EVENT_PAGE_SIZE));
    for (const row of list.rows) {
      const e = expected.find((x) => x.id === row.id);
      expect(row).toMatchObject({
        title: e?.title,
        itemCount: e?.itemCount,
        sourceCount: e?.sourceCount,
        officialSourceCount: e?.officialSourceCount,
        negativeCount: e?.negativeCount,
        heat: e?.heat,
        grade: e?.grade,
      });
      expect(row.heatNow).toBe(e ? heatNow(e) : NaN);
      const open = sql.prepare(`SELECT level FROM "Alert" WHERE eventId = ? AND state != 'resolved'`).all(row.id) as { level: string }[];
      expect(row.alerts.open).toBe(open.length);
      const clocks = sql.prepare('SELECT COUNT(*) AS n FROM "ResponseClock" WHERE eventId = ?').get(row.id) as { n: number };
      expect(row.clock.tone === 'none').toBe(clocks.n === 0);
    }
    // The demo's four accidents lead; the hottest carries the alerts the detectors raised on it.
    const hottest = list.rows[0];
    expect(hottest?.grade).toBe('较大');
    expect(hottest?.alerts.open).toBeGreaterThan(0);
    expect(list.provinces).toContain('演示省');
  });

  test('sorted by latest activity', async () => {
    const list = await listEvents(client, q({ sort: 'latest' }), NOW);
    const expected = allEvents()
      .filter((e) => e.itemCount >= 2 && time(e.lastSeenAt) >= NOW.getTime() - 168 * H)
      .sort((a, b) => time(b.lastSeenAt) - time(a.lastSeenAt) || b.id - a.id)
      .map((e) => e.id);
    expect(list.rows.map((r) => r.id)).toEqual(expected);
  });

  test('filters: grade, 较大及以上, accident type, province, open alerts, single-item events, time range', async () => {
    const events = allEvents();
    const recent = (e: EventSql, hours = 168) => time(e.lastSeenAt) >= NOW.getTime() - hours * H;
    const ids = async (over: Partial<EventListQuery>) => (await listEvents(client, q(over), NOW)).rows.map((r) => r.id).sort((a, b) => a - b);
    const want = (f: (e: EventSql) => boolean) => events.filter(f).map((e) => e.id).sort((a, b) => a - b);

    expect(await ids({ grade: '较大' })).toEqual(want((e) => e.itemCount >= 2 && recent(e) && e.grade === '较大'));
    expect((await ids({ grade: '较大' })).length).toBe(2);
    expect(await ids({ grade: '较大及以上' })).toEqual(await ids({ grade: '较大' }));
    expect(await ids({ grade: '一般' })).toEqual(want((e) => e.itemCount >= 2 && recent(e) && e.grade === '一般'));
    expect(await ids({ type: '12' })).toEqual(want((e) => e.itemCount >= 2 && recent(e) && e.accidentTypeCode === '12'));
    expect((await ids({ type: '12' })).length).toBe(1);
    expect(await ids({ province: '演示省' })).toEqual(want((e) => e.itemCount >= 2 && recent(e) && e.province === '演示省'));
    expect(await ids({ province: '山西省' })).toEqual([]);
    const withOpen = new Set(
      (sql.prepare(`SELECT DISTINCT eventId FROM "Alert" WHERE state != 'resolved' AND eventId IS NOT NULL`).all() as { eventId: number }[]).map((r) => r.eventId),
    );
    expect(withOpen.size).toBeGreaterThan(0);
    expect(await ids({ openAlerts: true })).toEqual(want((e) => e.itemCount >= 2 && recent(e) && withOpen.has(e.id)));
    expect(await ids({ range: '24h' })).toEqual(want((e) => e.itemCount >= 2 && recent(e, 24)));
    const all = await listEvents(client, q({ minItems: 1, range: 'all' }), NOW);
    expect(all.total).toBe(events.length);
  });

  test('pages cover the heat ranking once each, in order', async () => {
    const events = allEvents();
    expect(events.length).toBeGreaterThan(EVENT_PAGE_SIZE * 2);
    const pages = [];
    const first = await listEvents(client, q({ minItems: 1, range: 'all' }), NOW);
    expect(first.pages).toBe(Math.ceil(events.length / EVENT_PAGE_SIZE));
    for (let page = 1; page <= first.pages; page++) pages.push(...(await listEvents(client, q({ minItems: 1, range: 'all', page }), NOW)).rows.map((r) => r.id));
    expect(pages).toEqual(byHeatNow(events));
    const beyond = await listEvents(client, q({ minItems: 1, range: 'all', page: first.pages + 1 }), NOW);
    expect(beyond.rows).toEqual([]);
  });
});

describe('event detail', () => {
  test('an unknown id is null', async () => {
    expect(await getEvent(client, 999_999)).toBeNull();
  });

  test('header: the stored event with the enterprises its items name', async () => {
    const id = eventIdOfStory('化工');
    const e = await getEvent(client, id);
    const row = sql.prepare('SELECT * FROM "Event" WHERE id = ?').get(id) as EventSql & { heatJson: string; city: string };
    expect(e).toMatchObject({ id, title: row.title, itemCount: row.itemCount, grade: '较大', accidentType: '其他爆炸', province: '演示省', city: row.city, heatJson: row.heatJson });
    const named = sql
      .prepare('SELECT enterprise, SUM(CASE WHEN officialVoice THEN 2 ELSE 1 END) AS w FROM "ItemAnalysis" WHERE eventId = ? AND enterprise IS NOT NULL AND NOT rumour GROUP BY enterprise ORDER BY w DESC, enterprise')
      .all(id) as { enterprise: string }[];
    expect(e?.enterprises).toEqual(named.slice(0, 3).map((n) => n.enterprise));
  });

  test('timeline: every member counted once, by its source category and sentiment', async () => {
    const id = eventIdOfStory('化工');
    const { members, truncated } = await getEventTimelineMembers(client, id);
    expect(truncated).toBe(false);
    const tl = buildTimeline(members);
    const byCategory = sql
      .prepare('SELECT s.category AS c, COUNT(*) AS n FROM "ItemAnalysis" a JOIN "Item" i ON i.id = a.itemId JOIN "Source" s ON s.id = i.sourceId WHERE a.eventId = ? GROUP BY s.category')
      .all(id) as { c: 'official' | 'own_site' | 'central_media' | 'local_media' | 'forum_social'; n: number }[];
    const byLabel = sql.prepare('SELECT label AS l, COUNT(*) AS n FROM "ItemAnalysis" WHERE eventId = ? GROUP BY label').all(id) as { l: string; n: number }[];
    const itemCount = (sql.prepare('SELECT itemCount FROM "Event" WHERE id = ?').get(id) as { itemCount: number }).itemCount;
    expect(tl?.spread.reduce((s, p) => s + p.total, 0)).toBe(itemCount);
    for (const { c, n } of byCategory) expect(tl?.spread.reduce((s, p) => s + p[c], 0), c).toBe(n);
    for (const { l, n } of byLabel) {
      if (l === 'negative' || l === 'neutral' || l === 'positive') expect(tl?.sentiment.reduce((s, p) => s + p[l], 0), l).toBe(n);
    }
    // The chemical explosion runs over four days: six-hour bars, from its first item to its last.
    expect(tl?.size).toBe('sixHours');
  });

  test('facts: the chemical explosion, official deaths 1 → 3 → 4 with the time of the latest release', async () => {
    const id = eventIdOfStory('化工');
    const rows = compareFacts(await getEventFactReports(client, id));
    const deaths = rows.find((r) => r.field === 'deaths');
    const official = sql
      .prepare(
        `SELECT a.deaths AS v, i.sortAt AS at FROM "ItemAnalysis" a JOIN "Item" i ON i.id = a.itemId
         WHERE a.eventId = ? AND a.officialVoice AND NOT a.rumour AND NOT a.aggregate AND a.deaths IS NOT NULL ORDER BY i.sortAt DESC, a.deaths DESC`,
      )
      .all(id) as { v: number; at: string }[];
    expect(deaths?.official?.latest.value).toBe(official[0]?.v);
    expect(deaths?.official?.latest.at.getTime()).toBe(time(official[0]?.at ?? ''));
    expect(deaths?.official?.changes.map((c) => c.value)).toEqual([1, 3, 4]);
    const mediaDeaths = (
      sql
        .prepare(
          `SELECT a.deaths AS v FROM "ItemAnalysis" a JOIN "Item" i ON i.id = a.itemId JOIN "Source" s ON s.id = i.sourceId
           WHERE a.eventId = ? AND NOT a.officialVoice AND NOT a.rumour AND NOT a.aggregate AND a.deaths IS NOT NULL AND s.category != 'forum_social'`,
        )
        .all(id) as { v: number }[]
    ).map((r) => r.v);
    expect(deaths?.media).toMatchObject({ min: Math.min(...mediaDeaths), max: Math.max(...mediaDeaths), reports: mediaDeaths.length });
    // Media never reported more deaths than the latest bulletin: nothing to flag on deaths.
    expect(deaths?.flags).toEqual([]);
  });

  test('facts: the mine flood, the rumoured 20 trapped against the official 12 is flagged as rumour', async () => {
    const id = eventIdOfStory('煤矿');
    const trapped = compareFacts(await getEventFactReports(client, id)).find((r) => r.field === 'trapped');
    expect(trapped?.official?.latest.value).toBe(12);
    expect(trapped?.rumour?.max).toBe(20);
    expect(trapped?.flags.map((f) => f.text)).toContain('传言所称被困人数高于官方通报（传言 20 人，官方 12 人），未经证实');
  });

  test('related items: the newest first, with their analysis', async () => {
    const id = eventIdOfStory('煤矿');
    const items = await getEventItems(client, id, 10);
    const expected = sql
      .prepare(
        `SELECT i.id, a.label, a.risk, a.officialVoice FROM "ItemAnalysis" a JOIN "Item" i ON i.id = a.itemId
         WHERE a.eventId = ? ORDER BY i.sortAt DESC, i.id DESC LIMIT 10`,
      )
      .all(id) as { id: number; label: string; risk: number; officialVoice: number }[];
    expect(items.map((i) => i.id)).toEqual(expected.map((e) => e.id));
    expect(items.map((i) => [i.label, i.risk, i.officialVoice])).toEqual(expected.map((e) => [e.label, e.risk, e.officialVoice === 1]));
    for (let k = 1; k < items.length; k++) expect(items[k - 1]?.sortAt.getTime()).toBeGreaterThanOrEqual(items[k]?.sortAt.getTime() ?? 0);
  });

  test('alerts and clocks linked to the event', async () => {
    const id = eventIdOfStory('化工');
    const { alerts, clocks } = await getEventAlerts(client, id);
    const stored = sql.prepare('SELECT id, kind FROM "Alert" WHERE eventId = ?').all(id) as { id: number; kind: string }[];
    expect(alerts.map((a) => a.id).sort()).toEqual(stored.map((s) => s.id).sort());
    expect(alerts.map((a) => a.kind)).toContain('accident_grade');
    expect(alerts.every((a) => a.actions.some((x) => x.action === 'raised'))).toBe(true);
    const storedClocks = sql.prepare('SELECT id FROM "ResponseClock" WHERE eventId = ?').all(id) as { id: number }[];
    expect(clocks.map((c) => c.id)).toEqual(storedClocks.map((c) => c.id));
    expect(clocks.length).toBeGreaterThan(0);
  });
});

describe('heat ranking over many events', () => {
  let t: TestDb;
  let other: Db;
  beforeAll(async () => {
    // A store with more events than one chunk of the ranking, where stored heat and heat now
    // disagree: old, once-hot events sink below fresh, cooler ones.
    t = await createTestDb();
    other = t.client;
    const rows = Array.from({ length: 1300 }, (_, i) => {
      const ageHours = (i * 37) % 200;
      const last = new Date(NOW.getTime() - ageHours * H);
      return {
        title: `事件 ${i}`,
        firstSeenAt: new Date(last.getTime() - 3 * H),
        lastSeenAt: last,
        itemCount: 2 + (i % 5),
        heat: ((i * 53) % 1000) / 10,
        fingerprintsJson: '{}',
      };
    });
    await other.event.createMany({ data: rows });
  }, 60_000);
  afterAll(async () => t?.cleanup());

  test('every page equals the slow ranking of all events by heat now', async () => {
    const events = (await other.event.findMany({ select: { id: true, heat: true, lastSeenAt: true } })).map((e) => ({
      id: e.id,
      now: decayedHeat(e.heat, (NOW.getTime() - e.lastSeenAt.getTime()) / H),
      last: e.lastSeenAt.getTime(),
    }));
    const slow = events.sort((a, b) => b.now - a.now || b.last - a.last || b.id - a.id).map((e) => e.id);
    for (const page of [1, 2, 7, 20]) {
      const list = await listEvents(other, q({ range: 'all', page }), NOW);
      expect(list.total).toBe(1300);
      expect(list.pages).toBe(20);
      expect(list.beyondLastPage).toBe(true);
      expect(list.rows.map((r) => r.id), `page ${page}`).toEqual(slow.slice((page - 1) * EVENT_PAGE_SIZE, page * EVENT_PAGE_SIZE));
    }
  });
});
