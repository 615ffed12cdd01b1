/**
 * The overview's figures on a real database filled through the product's own path (store → analyse
 * → rollups): each is checked against a direct query over the stored rows, not against constants.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createDb, getOverview } from '@/lib/db';
import type { Db, Overview } from '@/lib/db';
import { median, shanghaiMidnight } from '@/lib/overview/today';
import { replay } from '@/lib/pipeline/replay';
import type { ReplayItem } from '@/lib/pipeline/replay';

const HOUR = 3_600_000;
// 2026-06-08 11:20 Asia/Shanghai.
const NOW = new Date('2026-06-08T03:20:00Z');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'som-overview-'));
let client: Db;
let sqlite: Database.Database;
let overview: Overview;

const QUIET = [
  '市应急管理局召开安全生产例会，部署汛期安全防范工作',
  '区安委办开展危险化学品企业安全检查，督促整改隐患',
  '县消防救援大队开展消防宣传进社区活动',
];
const LOUD = [
  '网友爆料：化工厂爆炸后企业瞒报死亡人数，家属维权被拦，质疑官方通报',
  '有人说煤矿透水事故实际死亡人数远超通报，涉嫌迟报谎报，家属要真相',
  '工地塔吊倒塌致3人死亡，网友质疑监管缺位，呼吁严肃问责',
];

function at(day: number, hour: number, minute = 0): string {
  // `day` days before NOW's Shanghai day, at hh:mm Shanghai.
  const midnight = shanghaiMidnight(NOW).getTime() - day * 24 * HOUR;
  return new Date(midnight + hour * HOUR + minute * 60_000).toISOString();
}

beforeAll(async () => {
  const items: ReplayItem[] = [];
  let n = 0;
  // Six quiet days before today: three routine notices a day, morning and afternoon.
  for (let d = 6; d >= 1; d--) {
    for (const [k, text] of QUIET.entries()) {
      items.push({ id: ++n, publishedAt: at(d, 8 + k * 4), title: text, text, source: `本地媒体${k}`, category: 'local_media' });
    }
  }
  // Today: the routine notices plus complaints on forums before 11:00.
  for (const [k, text] of QUIET.entries()) {
    items.push({ id: ++n, publishedAt: at(0, 7 + k, 10), title: text, text, source: `本地媒体${k}`, category: 'local_media' });
  }
  for (const [k, text] of LOUD.entries()) {
    items.push({ id: ++n, publishedAt: at(0, 9, 10 + k * 10), title: text, text, source: `论坛${k}`, category: 'forum_social' });
  }
  await replay(items, { keepDir: dir });
  client = createDb(`file:${path.join(dir, 'replay.db')}`);
  sqlite = new Database(path.join(dir, 'replay.db'), { readonly: true });
  overview = await getOverview(client, NOW);
}, 120_000);

afterAll(async () => {
  sqlite?.close();
  await client?.$disconnect();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** How Prisma's SQLite adapter stores a DateTime (ISO text with an explicit offset). */
const stored = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00');

/** Analysed items and negatives with sortAt in [from, to), straight from the tables. */
function counted(from: number, to: number): { items: number; negative: number } {
  const row = sqlite
    .prepare(
      `SELECT COUNT(*) AS items, COALESCE(SUM(a.label = 'negative'), 0) AS negative
       FROM Item i JOIN ItemAnalysis a ON a.itemId = i.id WHERE i.sortAt >= ? AND i.sortAt < ? AND a.label != 'error'`,
    )
      .get(stored(from), stored(to)) as { items: number; negative: number };
  return row;
}

describe('overview figures agree with the stored items', () => {
  test('today so far, counted from Shanghai midnight', () => {
    const since = shanghaiMidnight(NOW).getTime();
    const direct = counted(since, Math.floor(NOW.getTime() / HOUR) * HOUR + HOUR);
    expect(direct.items).toBe(6);
    expect(overview.today.items).toBe(direct.items);
    expect(overview.today.negative).toBe(direct.negative);
    expect(direct.negative).toBeGreaterThan(0);
  });

  test('the usual is the median of the same span on the previous monitored days', () => {
    const since = shanghaiMidnight(NOW).getTime();
    const span = Math.floor(NOW.getTime() / HOUR) * HOUR + HOUR - since;
    const perDay: number[] = [];
    for (let d = 1; d <= 7; d++) {
      const start = since - d * 24 * HOUR;
      if (counted(start, start + 24 * HOUR).items > 0) perDay.push(counted(start, start + span).items);
    }
    expect(perDay.length).toBe(6); // the seventh day before had nothing: not monitored, not zero
    expect(overview.today.historyDays).toBe(6);
    expect(overview.today.usualItems).toBe(median(perDay));
  });

  test('the 48-hour trend sums to the analysed items of those hours', () => {
    expect(overview.trend).toHaveLength(48);
    const from = overview.trend[0]?.hour.getTime() ?? 0;
    const to = (overview.trend.at(-1)?.hour.getTime() ?? 0) + HOUR;
    const direct = counted(from, to);
    expect(overview.trend.reduce((s, p) => s + p.items, 0)).toBe(direct.items);
    expect(overview.trend.reduce((s, p) => s + p.negative, 0)).toBe(direct.negative);
  });

  test('items needing attention: high-risk, not official, last 24 h, riskiest first', () => {
    const direct = sqlite
      .prepare(
        `SELECT i.id FROM Item i JOIN ItemAnalysis a ON a.itemId = i.id
         WHERE i.sortAt >= ? AND i.sortAt <= ? AND a.risk >= 60 AND a.officialVoice = 0
         ORDER BY a.risk DESC, i.sortAt DESC LIMIT 10`,
      )
      .all(stored(NOW.getTime() - 24 * HOUR), stored(NOW.getTime())) as Array<{ id: number }>;
    expect(direct.length).toBeGreaterThan(0);
    expect(overview.attention.map((i) => i.id)).toEqual(direct.map((r) => r.id));
    const risks = overview.attention.map((i) => i.risk);
    expect([...risks].sort((a, b) => b - a)).toEqual(risks);
  });
});
