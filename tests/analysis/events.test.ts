import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  EVENT_LATEST_FINGERPRINTS,
  HEAT_HALF_LIFE_HOURS,
  appendLatest,
  decayedHeat,
  decideEvent,
  eventHeat,
  normalizePlace,
} from '@/lib/analysis/events';
import type {
  EventAccident,
  EventCandidate,
  EventCandidateInput,
  EventFingerprint,
  EventHeatStats,
} from '@/lib/analysis/events';
import { fingerprint } from '@/lib/analysis/simhash';

const T0 = new Date('2024-11-23T07:00:00Z'); // 15:00 Beijing time
const hours = (h: number): Date => new Date(T0.getTime() + h * 3_600_000);

function item(title: string, text: string, publishedAt: Date, accident: EventAccident | null = null): EventCandidateInput {
  const { simhash, minhash } = fingerprint(title, text);
  return { title, text, publishedAt, simhash, minhash, accident };
}

function fp(i: EventCandidateInput): EventFingerprint {
  return { title: i.title, publishedAt: i.publishedAt, simhash: i.simhash, minhash: i.minhash };
}

/** A one-item event, as the store would hold it after `first` created it. */
function eventOf(eventKey: string, first: EventCandidateInput, more: readonly EventCandidateInput[] = []): EventCandidate {
  const all = [first, ...more];
  let latest: EventFingerprint[] = [];
  for (const i of all) latest = appendLatest(latest, fp(i));
  const times = all.map((i) => i.publishedAt.getTime());
  return {
    eventKey,
    first: fp(first),
    latest,
    accident: first.accident ?? null,
    firstSeenAt: new Date(Math.min(...times)),
    lastSeenAt: new Date(Math.max(...times)),
  };
}

const GAS_LINFEN: EventAccident = { typeCode: '15', province: '山西省', city: '临汾市', deaths: 3 };

const XINHUA_TITLE = '山西临汾一煤矿发生瓦斯爆炸事故 已致3人死亡';
const XINHUA_TEXT =
  '新华社太原11月23日电（记者 王飞 李娜）记者从山西省应急管理厅获悉，11月23日14时30分许，临汾市乡宁县某煤业有限公司' +
  '井下发生一起瓦斯爆炸事故，事故发生时井下共有作业人员46人，其中39人已安全升井，3人经抢救无效死亡，另有4人被困。' +
  '事故发生后，山西省委、省政府主要负责同志作出批示，要求全力搜救被困人员，妥善做好伤员救治和善后工作，尽快查明事故原因，' +
  '依法依规严肃追责问责。省应急管理厅、国家矿山安全监察局山西局负责同志已赶赴现场指导救援。目前，救援工作正在紧张有序进行，' +
  '事故原因正在调查中。';

const xinhua = item(XINHUA_TITLE, XINHUA_TEXT, T0, GAS_LINFEN);

const REPOSTS: readonly EventCandidateInput[] = [
  item(
    `${XINHUA_TITLE}_新闻频道_央视网(cctv.com)`,
    `据新华社消息，${XINHUA_TEXT}（来源：新华网 责任编辑：张三）`,
    hours(0.5),
    GAS_LINFEN,
  ),
  item(
    '山西乡宁一煤矿瓦斯爆炸致3死4人被困',
    `原标题：${XINHUA_TITLE}\n${XINHUA_TEXT.replace('紧张有序进行', '有序推进').replace('妥善做好', '做好')}\n责任编辑：李四`,
    hours(1),
    { typeCode: '15', province: '山西', city: '临汾', deaths: 3 },
  ),
  item(
    XINHUA_TITLE,
    `本报讯 ${XINHUA_TEXT.replace('（记者 王飞 李娜）', '').replace('46人', '四十六人').replace('赶赴现场', '赶到现场')}` +
      '更多详情请关注本网后续报道。 https://news.example.cn/a/20241123/123.html',
    hours(2),
    null, // the extractor missed the place in this copy
  ),
];

const FOLLOW_UP = item(
  '山西乡宁煤矿瓦斯爆炸事故死亡人数升至5人',
  '记者24日从山西省应急管理厅获悉，临汾市乡宁县某煤业有限公司“11·23”瓦斯爆炸事故救援取得进展。截至24日凌晨，' +
    '4名被困人员中已有2人被找到，均已无生命体征，事故死亡人数升至5人，仍有2人被困。救援指挥部已调集专业救援队伍200余人，' +
    '正全力搜救剩余被困人员。涉事煤矿已停产整顿，相关责任人已被公安机关控制。',
  hours(5),
  { ...GAS_LINFEN, deaths: 5 },
);

const OTHER_PROVINCE = item(
  '河南平顶山一煤矿发生瓦斯爆炸 致2人死亡',
  '11月23日16时许，河南省平顶山市郏县一煤矿发生瓦斯爆炸事故，造成2人死亡、1人受伤。事故发生后，平顶山市委、市政府立即启动应急预案，' +
    '市应急管理局等部门负责同志第一时间赶赴现场处置，伤者已送医救治，事故原因正在调查。',
  hours(3),
  { typeCode: '15', province: '河南省', city: '平顶山市', deaths: 2 },
);

const UNRELATED = item(
  '国务院安委会部署冬季安全生产工作',
  '国务院安委会办公室近日召开视频会议，部署今冬明春安全生产重点工作，要求各地区各部门深入开展隐患排查整治，' +
    '严格落实企业主体责任，加强城镇燃气、道路交通、建筑施工等重点行业领域安全监管，坚决遏制重特大事故发生。',
  hours(1),
);

describe('decideEvent: reposts and follow-ups', () => {
  test('no candidates → new event', () => {
    expect(decideEvent(xinhua, [])).toEqual({ eventKey: null, score: 0, reason: '无候选事件，新建事件' });
  });

  test('a Xinhua report and three reposts with prefixes, suffixes and small edits form one event', () => {
    const event = eventOf('e1', xinhua);
    for (const repost of REPOSTS) {
      const d = decideEvent(repost, [event]);
      expect(d.eventKey).toBe('e1');
      expect(d.score).toBeGreaterThanOrEqual(0.5);
      expect(d.reason).toMatch(/^与事件(首条|最新报道)内容(近似重复（海明距离 [0-3]）|高度重合（MinHash 相似度 [01]\.\d\d）)$/);
    }
  });

  test('reports the Hamming distance for a plain repost', () => {
    const first = REPOSTS[0] as EventCandidateInput;
    const d = decideEvent(first, [eventOf('e1', xinhua)]);
    expect(d.reason).toMatch(/^与事件首条内容近似重复（海明距离 [0-3]）$/);
  });

  test('a follow-up with an updated death toll joins the event, with a Chinese reason', () => {
    const d = decideEvent(FOLLOW_UP, [eventOf('e1', xinhua, REPOSTS)]);
    expect(d.eventKey).toBe('e1');
    expect(d.reason).toBe('同一事故后续报道：同为瓦斯爆炸、山西省临汾市，间隔 3 小时');
  });

  test('the follow-up is also found against the first report alone', () => {
    const d = decideEvent(FOLLOW_UP, [eventOf('e1', xinhua)]);
    expect(d.eventKey).toBe('e1');
    expect(d.reason).toBe('同一事故后续报道：同为瓦斯爆炸、山西省临汾市，间隔 5 小时');
  });

  test('the same accident type in another province the same day is another event', () => {
    const d = decideEvent(OTHER_PROVINCE, [eventOf('e1', xinhua, REPOSTS)]);
    expect(d.eventKey).toBeNull();
    expect(d.reason).toBe('同为瓦斯爆炸但地点不同（河南省平顶山市、山西省临汾市），新建事件');
  });

  test('picks the right event among several', () => {
    const events = [eventOf('gas-sx', xinhua), eventOf('gas-hn', OTHER_PROVINCE), eventOf('policy', UNRELATED)];
    expect(decideEvent(FOLLOW_UP, events).eventKey).toBe('gas-sx');
    expect(decideEvent(REPOSTS[1] as EventCandidateInput, events).eventKey).toBe('gas-sx');
    const hnRepost = item(`${OTHER_PROVINCE.title} | 大河网`, `来源：大河网 ${OTHER_PROVINCE.text}`, hours(4), OTHER_PROVINCE.accident);
    expect(decideEvent(hnRepost, events).eventKey).toBe('gas-hn');
  });

  test('two unrelated items are different events', () => {
    const d = decideEvent(UNRELATED, [eventOf('e1', xinhua)]);
    expect(d.eventKey).toBeNull();
    expect(d.reason).toMatch(/^与候选事件均不相似（最小海明距离 \d+），新建事件$/);
  });

  test('never merges near-identical template texts about different cities', () => {
    const notice = (city: string): string =>
      `${city}应急管理局关于一起瓦斯爆炸事故的通报：11月23日，我市一煤矿发生瓦斯爆炸事故，造成人员伤亡。` +
      '事故发生后，市委、市政府高度重视，立即启动应急预案，组织力量全力开展救援，事故原因正在调查中。';
    const a = item('关于一起瓦斯爆炸事故的通报', notice('临汾市'), T0, GAS_LINFEN);
    const b = item('关于一起瓦斯爆炸事故的通报', notice('长治市'), hours(1), { typeCode: '15', province: '山西省', city: '长治市', deaths: 1 });
    const d = decideEvent(b, [eventOf('e1', a)]);
    expect(d.eventKey).toBeNull();
    expect(d.reason).toBe('内容近似但地点不同（山西省长治市、山西省临汾市），新建事件');
  });

  test('two different traffic accidents in the same city and day stay apart', () => {
    const wz: EventAccident = { typeCode: '02', province: '浙江省', city: '温州市', deaths: 2 };
    const a = item(
      '温州一货车侧翻致2死',
      '11月23日上午，温州市瓯海区104国道一辆满载钢材的重型货车在转弯时侧翻，压中路边一辆小轿车，造成轿车内2人当场死亡。交警部门已对事故展开调查。',
      T0,
      wz,
    );
    const b = item(
      '温州两车相撞 1死1伤',
      '23日晚，温州市鹿城区学院路一辆电动自行车与一辆公交车发生碰撞，电动车驾驶人经抢救无效死亡，乘坐人受伤送医，事故原因正在进一步调查。',
      hours(8),
      { ...wz, deaths: 1 },
    );
    const d = decideEvent(b, [eventOf('e1', a)]);
    expect(d.eventKey).toBeNull();
    expect(d.reason).toMatch(/^事故类型与地点相同但报道内容不同（标题相似度 0\.\d\d），视为另一起事故，新建事件$/);
  });

  test('for a rare accident type, a follow-up in the same city joins even when its headline shares no words', () => {
    const flood: EventAccident = { typeCode: '12', province: '山西省', city: '临汾市', deaths: null };
    const first = item('临汾一煤矿发生透水事故 12人被困', '11月23日，山西省临汾市乡宁县某煤矿井下发生透水事故，当班12人被困，救援正在进行。', T0, flood);
    const later = item(
      '救援指挥部：井下水位持续下降 排水搜救同步推进',
      '临汾市事故救援指挥部介绍，经连续排水，井下水位已下降约1.5米，搜救人员正沿巷道推进。',
      hours(20),
      flood,
    );
    const d = decideEvent(later, [eventOf('e1', first)]);
    expect(d.eventKey).toBe('e1');
    expect(d.reason).toContain('同一事故后续报道');
  });

  test('Weibo reposts with //@ chains join the original post', () => {
    const original = item(
      '',
      '【山西临汾一煤矿发生瓦斯爆炸 已致3人死亡】11月23日14时30分许，山西临汾市乡宁县一煤矿井下发生瓦斯爆炸事故，' +
        '目前已致3人死亡、4人被困，救援正在进行中。#山西煤矿瓦斯爆炸# http://t.cn/A6abcdE',
      T0,
    );
    const event = eventOf('wb', original);
    const chains = [
      `祈祷被困矿工平安！//@人民日报:转发微博//@新华视点:${original.text}`,
      `转发微博 //@央视新闻：${original.text} 网页链接`,
      `回复@小王:希望都能救出来 //@新华视点:${original.text.replace('救援正在进行中', '救援正在进行')}`,
    ];
    for (const [i, text] of chains.entries()) {
      const d = decideEvent(item('', text, hours(i + 1)), [event]);
      expect(d.eventKey).toBe('wb');
    }
  });

  test('items outside the time window start new events', () => {
    const event = eventOf('e1', xinhua, REPOSTS);
    const lateRepost = { ...(REPOSTS[0] as EventCandidateInput), publishedAt: hours(2 + 8 * 24) };
    const d = decideEvent(lateRepost, [event]);
    expect(d.eventKey).toBeNull();
    expect(d.reason).toBe('与事件内容近似但超出时间窗口（间隔 192 小时），新建事件');

    const lateFollowUp = { ...FOLLOW_UP, publishedAt: hours(2 + 96) };
    const f = decideEvent(lateFollowUp, [event]);
    expect(f.eventKey).toBeNull();
    expect(f.reason).toBe('同一地点同类事故但超出 72 小时窗口（间隔 96 小时），新建事件');
  });

  test('an original crawled after its reposts still joins (published before the event began)', () => {
    const event = eventOf('e1', REPOSTS[0] as EventCandidateInput, REPOSTS.slice(1));
    expect(decideEvent({ ...xinhua, publishedAt: hours(-3) }, [event]).eventKey).toBe('e1');
  });

  test('very short items join only on identical content', () => {
    const short = item('', '太惨了！', T0);
    expect(decideEvent(item('', '太惨了', hours(1)), [eventOf('s', short)]).eventKey).toBe('s');
    expect(decideEvent(item('', '太惨了吧', hours(1)), [eventOf('x', xinhua)]).eventKey).toBeNull();
  });

  test('appendLatest keeps the newest fingerprints', () => {
    let latest: EventFingerprint[] = [];
    for (let h = 0; h < 10; h++) latest = appendLatest(latest, { ...fp(xinhua), publishedAt: hours(h % 2 === 0 ? h : -h) });
    expect(latest).toHaveLength(EVENT_LATEST_FINGERPRINTS);
    expect(latest.map((f) => (f.publishedAt.getTime() - T0.getTime()) / 3_600_000)).toEqual([8, 6, 4, 2, 0]);
  });

  test('normalizePlace drops administrative suffixes', () => {
    expect(normalizePlace('山西省')).toBe('山西');
    expect(normalizePlace('临汾市')).toBe('临汾');
    expect(normalizePlace('广西壮族自治区')).toBe('广西');
    expect(normalizePlace('内蒙古自治区')).toBe('内蒙古');
    expect(normalizePlace('香港特别行政区')).toBe('香港');
    expect(normalizePlace(' ')).toBeNull();
    expect(normalizePlace(null)).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------
// Real articles: CEC corpus, traffic accidents (title = file name, first line = date).

const CEC_DIR = '/work/shared/fixtures/events/cec-raw/traffic';

interface Article {
  title: string;
  text: string;
}

function loadArticles(): Article[] {
  return readdirSync(CEC_DIR)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => {
      const raw = readFileSync(path.join(CEC_DIR, f), 'utf8');
      const nl = raw.indexOf('\n');
      return { title: f.replace(/\.txt$/, ''), text: raw.slice(nl + 1).trim() };
    });
}

/** A light edit: the middle sentence removed and a prefix and a source line added. */
function lightlyEdited(text: string): string {
  const sentences = text.split(/(?<=[。！？])/);
  if (sentences.length >= 2) sentences.splice(Math.floor(sentences.length / 2), 1);
  return `据当地媒体报道，${sentences.join('')}（来源：某某网）`;
}

describe.skipIf(!existsSync(CEC_DIR))('decideEvent on real traffic-accident articles', () => {
  const articles = existsSync(CEC_DIR) ? loadArticles() : [];
  // Same publication time for all, so that only content decides.
  const items = articles.map((a) => item(a.title, a.text, T0));
  const events = items.map((i, n) => eventOf(`a${n}`, i));

  test('distinct articles are rarely merged', () => {
    let pairs = 0;
    let merged = 0;
    for (let i = 0; i < items.length; i++) {
      for (let j = 0; j < items.length; j++) {
        if (i === j) continue;
        pairs++;
        if (decideEvent(items[i] as EventCandidateInput, [events[j] as EventCandidate]).eventKey !== null) merged++;
      }
    }
    let articlesMerged = 0;
    for (let i = 0; i < items.length; i++) {
      const others = events.filter((_, j) => j !== i);
      if (decideEvent(items[i] as EventCandidateInput, others).eventKey !== null) articlesMerged++;
    }
    console.log(
      `[events] CEC traffic: ${articles.length} articles; false merges ${merged}/${pairs} ordered pairs ` +
        `(${((100 * merged) / pairs).toFixed(2)} %), ${articlesMerged} articles would join another article's event`,
    );
    expect(articles.length).toBeGreaterThan(50);
    expect(merged / pairs).toBeLessThan(0.005);
    expect(articlesMerged / articles.length).toBeLessThan(0.03);
  });

  test('a lightly edited copy joins its original in at least 95 % of cases', () => {
    let joined = 0;
    for (const [n, a] of articles.entries()) {
      const copy = item(a.title, lightlyEdited(a.text), new Date(T0.getTime() + 3_600_000));
      if (decideEvent(copy, events).eventKey === `a${n}`) joined++;
    }
    console.log(`[events] CEC traffic: edited copies joined their original ${joined}/${articles.length}`);
    expect(joined / articles.length).toBeGreaterThanOrEqual(0.95);
  });
});

// ---------------------------------------------------------------------------------------------

describe('eventHeat', () => {
  const base: EventHeatStats = {
    sources: 6,
    items: 14,
    officialSources: 1,
    mediaSources: 4,
    forumSources: 1,
    grade: '较大',
    negativeShare: 0.6,
    hoursSinceLast: 0,
  };

  test('explains itself: the contributions add up to the heat', () => {
    const { heat, factors } = eventHeat(base);
    expect(factors.map((f) => f.name)).toEqual(['来源数', '报道量', '来源权威性', '事故等级', '负面占比', '时间衰减']);
    const sum = factors.reduce((s, f) => s + f.contribution, 0);
    expect(Math.abs(sum - heat)).toBeLessThanOrEqual(0.3);
    expect(heat).toBeGreaterThan(0);
    expect(heat).toBeLessThanOrEqual(100);
    expect(factors.find((f) => f.key === 'decay')?.contribution).toBe(0);
  });

  test('stays within 0–100 at the extremes', () => {
    const max = eventHeat({
      sources: 1e6,
      items: 1e6,
      officialSources: 1e3,
      mediaSources: 1e3,
      forumSources: 1e3,
      grade: '特别重大',
      negativeShare: 1,
      hoursSinceLast: 0,
    });
    expect(max.heat).toBe(100);
    const none = eventHeat({
      sources: 0,
      items: 0,
      officialSources: 0,
      mediaSources: 0,
      forumSources: 0,
      grade: null,
      negativeShare: 0,
      hoursSinceLast: 0,
    });
    expect(none.heat).toBe(0);
    const junk = eventHeat({ ...base, sources: Number.NaN, negativeShare: 7, hoursSinceLast: -5 });
    expect(junk.heat).toBeGreaterThan(0);
    expect(junk.heat).toBeLessThanOrEqual(100);
  });

  test('halves every 24 hours without new items', () => {
    const fresh = eventHeat(base).heat;
    expect(eventHeat({ ...base, hoursSinceLast: HEAT_HALF_LIFE_HOURS }).heat).toBeCloseTo(fresh / 2, 0);
    expect(eventHeat({ ...base, hoursSinceLast: 2 * HEAT_HALF_LIFE_HOURS }).heat).toBeCloseTo(fresh / 4, 0);
    expect(decayedHeat(fresh, 36)).toBeCloseTo(eventHeat({ ...base, hoursSinceLast: 36 }).heat, 0);
    expect(decayedHeat(fresh, 0)).toBe(fresh);
  });

  test('grows with sources, items, grade and negativity; official outweighs central, local media and forums', () => {
    const h = (s: Partial<EventHeatStats>): number => eventHeat({ ...base, ...s }).heat;
    expect(h({ sources: 20 })).toBeGreaterThan(h({}));
    expect(h({ items: 100 })).toBeGreaterThan(h({}));
    expect(h({ grade: '重大' })).toBeGreaterThan(h({ grade: '较大' }));
    expect(h({ grade: '较大' })).toBeGreaterThan(h({ grade: '一般' }));
    expect(h({ grade: '一般' })).toBeGreaterThan(h({ grade: null }));
    expect(h({ negativeShare: 0.9 })).toBeGreaterThan(h({ negativeShare: 0.1 }));
    const one = { officialSources: 0, mediaSources: 0, forumSources: 0, centralMediaSources: 0 };
    const official = h({ ...one, officialSources: 1 });
    const central = h({ ...one, mediaSources: 1, centralMediaSources: 1 });
    const local = h({ ...one, mediaSources: 1 });
    const forum = h({ ...one, forumSources: 1 });
    expect(official).toBeGreaterThan(central);
    expect(central).toBeGreaterThan(local);
    expect(local).toBeGreaterThan(forum);
  });

  test('log scale: the first sources count most', () => {
    const h = (sources: number): number => eventHeat({ ...base, sources }).heat;
    expect(h(2) - h(1)).toBeGreaterThan(h(21) - h(20));
  });
});
