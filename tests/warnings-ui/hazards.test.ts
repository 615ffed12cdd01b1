/**
 * The 预警 page's query on data stored the way the product stores it: official warning notices served
 * as an RSS feed on 127.0.0.1, crawled by the real pipeline into a real SQLite file, analysed (which
 * reads the warnings), then listed: grouped by province, ordered by level, with upgrade and lift
 * history, and the lately lifted or expired ones apart.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadConfig } from '@/lib/config';
import { createCrawlContext } from '@/lib/crawler/context';
import { listHazards, upsertSources } from '@/lib/db';
import { AnalysisRunner } from '@/lib/pipeline/analyse';
import { seedAnalysisLexicon } from '@/lib/pipeline/seed';
import { runTick } from '@/lib/scheduler/tick';
import { SourceListSchema } from '@/lib/sources/schema';
import { createTestDb } from '../helpers/test-db';
import type { TestDb } from '../helpers/test-db';

const HOUR = 3_600_000;
/** The moment the page is looked at. */
const NOW = new Date('2026-07-10T06:00:00Z'); // 14:00 in Shanghai
const ago = (h: number) => new Date(NOW.getTime() - h * HOUR);

interface Notice {
  id: string;
  at: Date;
  title: string;
  text: string;
}

const NOTICES: Notice[] = [
  // 四川: the provincial rain warning raised blue → yellow → orange (one episode), and a city warning.
  { id: 'sc-rain-1', at: ago(9), title: '四川省气象台发布暴雨蓝色预警', text: '四川省气象台发布暴雨蓝色预警：预计成都、德阳等地将出现暴雨。请做好防范。' },
  { id: 'sc-rain-2', at: ago(6), title: '四川省气象台升级发布暴雨黄色预警', text: '四川省气象台将暴雨蓝色预警升级为黄色预警。' },
  { id: 'sc-rain-3', at: ago(3), title: '四川省气象台发布暴雨橙色预警', text: '四川省气象台发布暴雨橙色预警，成都、德阳、绵阳等地将出现大暴雨。' },
  { id: 'cd-thunder', at: ago(2), title: '成都市气象台发布雷电黄色预警信号', text: '成都市气象台发布雷电黄色预警信号：预计未来6小时成都市区将出现雷电活动。' },
  // 广东: one red warning — the group must come first.
  { id: 'gd-typhoon', at: ago(1), title: '广东省气象台发布台风红色预警', text: '广东省气象台发布台风红色预警：台风将在湛江至阳江一带沿海登陆。' },
  // 贵州: a joint warning whose publisher does not yield a place name: grouped by the analysed province.
  { id: 'gz-geo', at: ago(5), title: '地质灾害气象风险黄色预警', text: '省自然资源厅与省气象局联合发布地质灾害气象风险黄色预警：贵州省黔东南州、黔南州山区发生地质灾害的风险较高。' },
  // 浙江: a wind warning issued and then lifted (lately ended, lifted).
  { id: 'zj-wind', at: ago(30), title: '浙江省气象台发布大风蓝色预警', text: '浙江省气象台发布大风蓝色预警：舟山、宁波沿海将出现8级大风。' },
  { id: 'zj-wind-lift', at: ago(20), title: '浙江省气象台解除大风蓝色预警', text: '大风过程已经结束，浙江省气象台解除大风蓝色预警。' },
  // 江西: a forest-fire warning with no stated validity, 40 h old: expired (24 h default).
  { id: 'jx-fire', at: ago(40), title: '江西省林业局发布森林火险橙色预警', text: '江西省林业局发布森林火险橙色预警：赣州、吉安等地森林火险等级高。' },
  // Neither: a drill, and a warning that ended 10 days ago (outside the 7-day window).
  { id: 'drill', at: ago(4), title: '湖南省气象台开展暴雨红色预警发布演练', text: '湖南省气象台今天开展暴雨红色预警发布演练。' },
  { id: 'old', at: ago(260), title: '福建省气象台发布高温黄色预警', text: '福建省气象台发布高温黄色预警：福州、厦门等地最高气温将达37℃以上。' },
];

function rss(notices: readonly Notice[]): string {
  const items = notices
    .map(
      (n) =>
        `<item><guid>${n.id}</guid><title>${n.title}</title><link>http://warn.example.gov.cn/${n.id}.html</link><description>${n.text}</description><pubDate>${n.at.toUTCString()}</pubDate></item>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>预警信息发布</title><link>http://warn.example.gov.cn/</link>${items}</channel></rss>`;
}

let server: http.Server;
let t: TestDb;

beforeAll(async () => {
  server = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/rss+xml; charset=utf-8' }).end(rss(NOTICES));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  t = await createTestDb();
  await seedAnalysisLexicon(t.client);
  await upsertSources(
    t.client,
    SourceListSchema.parse([{ id: 'warn-feed', name: '预警信息发布', url: `http://127.0.0.1:${port}/rss.xml`, kind: 'rss', category: 'official' }]),
    'user',
    ago(300),
  );
  const cfg = loadConfig({ CRAWLER_ALLOW_PRIVATE: `127.0.0.1:${port}`, CRAWLER_HOST_DELAY_MS: '0', CRAWLER_RESPECT_ROBOTS: '0' });
  const ctx = createCrawlContext({ cfg, db: t.client, workerId: 'w', now: () => NOW });
  const tick = await runTick(ctx, { limit: 5, concurrency: 1, leaseMs: 60_000, ignoreSchedule: true });
  expect(tick.results[0]).toMatchObject({ status: 'ok', new: NOTICES.length });
  await new AnalysisRunner(t.client, { now: () => NOW }).analyseNew();
}, 120_000);

afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  await t.cleanup();
});

describe('listHazards on warnings stored through the pipeline', () => {
  test('in force: grouped by province, the group with the highest level first, highest level first inside', async () => {
    const list = await listHazards(t.client, NOW);
    expect(list.groups.map((g) => g.area)).toEqual(['广东省', '四川省', '贵州省']);
    expect(list.groups.map((g) => g.maxLevel)).toEqual(['red', 'orange', 'yellow']);
    const sichuan = list.groups[1]?.warnings ?? [];
    // The provincial rain warning (now orange) before the city's yellow thunder warning; the
    // superseded blue and yellow rain warnings are history, not separate rows.
    expect(sichuan.map((w) => [w.hazard, w.level, w.publisher])).toEqual([
      ['暴雨', 'orange', '四川省气象台'],
      ['雷电', 'yellow', '成都市气象台'],
    ]);
    // The city's warning joins its province's group (the analysed province), keeping its own region.
    expect(sichuan[1]).toMatchObject({ region: '成都市', area: '四川省' });
    // A fragment of an agency's name is not shown as a region.
    expect(list.groups[2]?.warnings[0]).toMatchObject({ hazard: '地质灾害', region: null, area: '贵州省' });
    expect(list.inForceCount).toBe(4);
    expect(list.levelCounts).toEqual({ red: 1, orange: 1, yellow: 2, blue: 0 });
  });

  test('each warning carries its upgrade history and links to the items it came from', async () => {
    const list = await listHazards(t.client, NOW);
    const rain = list.groups.flatMap((g) => g.warnings).find((w) => w.hazard === '暴雨');
    expect(rain?.history.map((h) => h.level)).toEqual(['blue', 'yellow', 'orange']);
    expect(rain?.history.map((h) => h.action)).toEqual(['issue', 'upgrade', 'issue']);
    const items = await t.client.item.findMany({ where: { guid: { in: ['sc-rain-1', 'sc-rain-3'] } }, orderBy: { sortAt: 'asc' } });
    expect(rain?.history[0]?.itemId).toBe(items[0]?.id);
    expect(rain?.itemId).toBe(items[1]?.id);
    expect(rain?.state).toBe('in_force');
    expect(rain?.issuedAt.toISOString()).toBe(ago(3).toISOString());
  });

  test('lately ended: the expired fire warning and the lifted wind warning, most recent end first; nothing older than 7 days', async () => {
    const list = await listHazards(t.client, NOW);
    expect(list.ended.map((w) => [w.area, w.hazard, w.state])).toEqual([
      ['江西省', '森林火险', 'expired'],
      ['浙江省', '大风', 'lifted'],
    ]);
    const wind = list.ended[1];
    expect(wind?.endedAt?.toISOString()).toBe(ago(20).toISOString());
    expect(wind?.liftItemId).not.toBeNull();
    expect(wind?.history.map((h) => h.action)).toEqual(['issue', 'lift']);
    expect(list.ended[0]?.endedAt?.toISOString()).toBe(ago(16).toISOString()); // issued 40 h ago + 24 h
    expect(list.ended.some((w) => w.hazard === '高温')).toBe(false);
    expect(list.areas).toEqual(['广东省', '贵州省', '江西省', '四川省', '浙江省'].sort((a, b) => a.localeCompare(b, 'zh-CN')));
  });

  test('filters by province and by level apply to both lists', async () => {
    const sichuan = await listHazards(t.client, NOW, { province: '四川省' });
    expect(sichuan.groups.map((g) => g.area)).toEqual(['四川省']);
    expect(sichuan.ended).toEqual([]);
    const yellow = await listHazards(t.client, NOW, { level: 'yellow' });
    // Equal levels and sizes: groups by name (贵州 before 四川 in pinyin order).
    expect(yellow.groups.flatMap((g) => g.warnings).map((w) => w.hazard)).toEqual(['地质灾害', '雷电']);
    const orange = await listHazards(t.client, NOW, { level: 'orange' });
    expect(orange.ended.map((w) => w.hazard)).toEqual(['森林火险']);
    // The level summary always counts everything in force.
    expect(yellow.levelCounts.red).toBe(1);
  });

  test('once everything has run out, nothing is in force and the rain episode is listed as expired', async () => {
    const later = new Date(NOW.getTime() + 30 * HOUR);
    const list = await listHazards(t.client, later);
    expect(list.groups).toEqual([]);
    expect(list.inForceCount).toBe(0);
    const rain = list.ended.find((w) => w.hazard === '暴雨');
    expect(rain?.state).toBe('expired');
    expect(rain?.level).toBe('orange');
  });
});
