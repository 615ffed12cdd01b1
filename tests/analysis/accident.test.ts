import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { extractAccidentFacts } from '@/lib/analysis/accident';
import type { AccidentFacts } from '@/lib/analysis/accident';

type Expect = Partial<Omit<AccidentFacts, 'evidence' | 'typeCues'>>;

// Golden sentences: each states only the fields it checks.
const GOLDEN: readonly [string, Expect][] = [
  ['某煤矿发生瓦斯爆炸事故，造成3人死亡、2人受伤。', { deaths: 3, injuries: 2, typeCode: '15', grade: '较大' }],
  ['事故造成十二名工人遇难。', { deaths: 12, grade: '重大' }],
  ['两名工人当场身亡。', { deaths: 2, grade: '一般' }],
  ['事故已致二十一人罹难。', { deaths: 21 }],
  ['截至目前，事故已造成１２人死亡。', { deaths: 12 }],
  ['云南永善县5.3级地震已致21人伤2731间民房受损', { injuries: 21, deaths: null }],
  ['某工地塔吊倒塌致3死5伤', { deaths: 3, injuries: 5, typeCode: '04', type: '起重伤害' }],
  ['化工厂硫化氢泄漏造成2死1伤', { deaths: 2, injuries: 1, typeCode: '19' }],
  ['一死一伤', { deaths: 1, injuries: 1 }],
  ['事故初报2人死亡，死亡人数升至12人。', { deaths: 12, grade: '重大' }],
  ['火灾造成5人死亡。目前死亡人数已上升至9人。', { deaths: 9, typeCode: '08', grade: '较大' }],
  ['爆炸事故已造成30人死亡。', { deaths: 30, grade: '特别重大' }],
  ['事故造成29人遇难。', { deaths: 29, grade: '重大' }],
  ['事故造成10人死亡。', { deaths: 10, grade: '重大' }],
  ['事故造成3人死亡。', { deaths: 3, grade: '较大' }],
  ['事故造成2人死亡。', { deaths: 2, grade: '一般' }],
  ['事故已造成12人伤亡，其中3人死亡。', { deaths: 3, injuries: null }],
  ['爆燃事故共造成15人伤亡。', { deaths: null, injuries: null, typeCode: '18' }],
  ['5人死伤', { deaths: null, injuries: null }],
  ['事故造成1人死亡，8人重伤，20人轻伤。', { deaths: 1, seriousInjuries: 8, injuries: 20, grade: '一般' }],
  ['100多名学生受伤，其中2人重伤。', { injuries: 100, seriousInjuries: 2 }],
  ['事故造成52人重伤。', { seriousInjuries: 52, grade: '重大' }],
  ['另有3名矿工失联。', { missing: 3 }],
  ['目前仍有2人下落不明。', { missing: 2 }],
  ['地震造成6人死亡，另有42人失踪。', { deaths: 6, missing: 42, grade: '特别重大' }],
  ['事故造成1人死亡、2人失联。', { deaths: 1, missing: 2, grade: '较大' }],
  ['透水事故致20名矿工被困井下。', { trapped: 20, typeCode: '12' }],
  ['被困人员增至7人。', { trapped: 7 }],
  ['事故造成直接经济损失约1200万元。', { lossYuan: 12_000_000, grade: '较大' }],
  ['直接经济损失1亿元。', { lossYuan: 100_000_000, grade: '特别重大' }],
  ['直接经济损失达5000万元。', { lossYuan: 50_000_000, grade: '重大' }],
  ['直接经济损失1.2亿元', { lossYuan: 120_000_000 }],
  ['直接经济损失3000余万元', { lossYuan: 30_000_000 }],
  ['今年以来全省共发生生产安全事故15起、死亡18人。', { aggregate: true, deaths: null, grade: null }],
  ['全年共发生道路交通事故120起，死亡56人，受伤80人。', { aggregate: true, deaths: null, injuries: null }],
  ['1-10月，全市累计发生事故32起，同比下降12%，死亡21人。', { aggregate: true, deaths: null }],
  ['这是今年以来发生的第二起较大事故，已造成4人死亡。', { aggregate: false, deaths: 4 }],
  ['网传该厂爆炸致10人死亡。', { rumour: true, deaths: 10, grade: null }],
  ['据网友爆料，事故已造成5人遇难。', { rumour: true, deaths: 5, grade: null }],
  ['网传该厂爆炸致10人死亡，经核实，事故造成1人死亡。', { rumour: true, deaths: 1, grade: '一般' }],
  ['所幸未造成人员伤亡。', { deaths: 0, injuries: 0 }],
  ['一人因一氧化碳中毒死亡', { deaths: 1, typeCode: '19' }],
  ['6名工人因一氧化碳中毒死亡', { deaths: 6 }],
  ['一辆货车侧翻，造成两人受伤。', { injuries: 2, typeCode: '02', type: '车辆伤害' }],
  ['施工人员不慎从脚手架高处坠落身亡', { typeCode: '09' }],
  ['基坑坍塌事故造成3人被困', { typeCode: '10', trapped: 3 }],
  ['作业人员在检修时触电身亡', { typeCode: '05' }],
  ['顶板冒顶事故', { typeCode: '11' }],
  ['某烟花爆竹厂发生爆炸', { typeCode: '14' }],
  ['反应釜爆炸引发大火', { typeCode: '17' }],
  ['市民反映小区停电', { type: null, typeCode: null, deaths: null, grade: null }],
  ['至少56人死亡,200多人受伤', { deaths: 56, injuries: 200 }],
  ['地震已造成38人死亡（其中四川32人，云南6人），1人失踪，982人受伤', { deaths: 38, missing: 1, injuries: 982, grade: '特别重大' }],
  ['共九千二百余人死亡', { deaths: 9200 }],
  ['数十人受伤', { injuries: null }],
  // Grade definitions in explainers and regulations report no accident.
  ['重大事故是指造成10人以上30人以下死亡，或者50人以上100人以下重伤的事故。', { deaths: null, seriousInjuries: null, grade: null }],
  ['较大事故：3人以上10人以下死亡', { deaths: null, grade: null }],
  // A numbered roundup is many stories, not one accident.
  ['1月20日资讯早报！1、某地化工厂爆炸致31人死亡。2、春运累计发送旅客突破1亿人次。3、多地迎来降雪。', { aggregate: true, deaths: null, grade: null }],
  ['事故造成3人死亡。1号井已封闭', { aggregate: false, deaths: 3 }],
];

describe('extractAccidentFacts golden sentences', () => {
  it('has at least 40 cases', () => {
    expect(GOLDEN.length).toBeGreaterThanOrEqual(40);
  });
  it.each(GOLDEN)('%s', (text, expected) => {
    const facts = extractAccidentFacts(text);
    expect(facts).toMatchObject(expected);
  });
});

describe('extractAccidentFacts details', () => {
  it('reads "N起" counts of several accidents as statistics, not ordinals or single events', () => {
    const several = extractAccidentFacts('当日，高速公路上连续发生6起交通事故，共有21辆汽车相撞，目前已造成至少1人死亡。');
    expect(several.aggregate).toBe(true);
    expect(several.deaths).toBeNull();
    expect(extractAccidentFacts('今年共发生十余起事故，共造成3人死亡。').aggregate).toBe(true);
    // An ordinal (第3起) or a single event (1起) is one accident.
    expect(extractAccidentFacts('这是本月第3起事故，共造成3人死亡。').deaths).toBe(3);
    expect(extractAccidentFacts('发生1起事故，共造成3人死亡。').deaths).toBe(3);
  });

  it('finds the accident time after many dates and day words', () => {
    const text = `${'日前，本报于5日报道，今日多云。'.repeat(20)}11月23日14时30分许，某矿发生透水事故。`;
    const facts = extractAccidentFacts(text, { reference: new Date('2024-11-24T00:00:00Z') });
    expect(facts.occurredText).toBe('11月23日14时30分许');
  });

  it('counts shorthand and rough counts only where a number stands right before the word', () => {
    expect(extractAccidentFacts('致3死5伤').deaths).toBe(3);
    expect(extractAccidentFacts('致3死5伤').injuries).toBe(5);
    expect(extractAccidentFacts('事故造成5伤2亡').deaths).toBe(2);
    expect(extractAccidentFacts('事故造成十余人受伤').injuries).toBe(10);
    expect(extractAccidentFacts('3月5日，多人死亡').deaths).toBeNull();
  });

  it('uses the title as extra evidence and tags its source', () => {
    const facts = extractAccidentFacts('两人当场死亡，另4人因抢救无效死亡。', { title: '湖北公安县发生食物中毒6人死亡' });
    expect(facts.deaths).toBe(6);
    const ev = facts.evidence.find((e) => e.field === 'deaths');
    expect(ev?.source).toBe('title');
  });

  it('evidence offsets point into the text', () => {
    const text = '11日凌晨，某化工厂发生爆炸，造成3人死亡，直接经济损失约1200万元。';
    const facts = extractAccidentFacts(text);
    for (const e of facts.evidence.filter((x) => x.source === 'text')) {
      expect(text.slice(e.start, e.end)).toBe(e.text);
    }
    expect(facts.evidence.map((e) => e.field)).toEqual(expect.arrayContaining(['deaths', 'lossYuan', 'type']));
  });

  it('prefers the more specific cue (瓦斯爆炸 over 爆炸)', () => {
    const facts = extractAccidentFacts('煤矿发生瓦斯爆炸');
    expect(facts.typeCode).toBe('15');
    expect(facts.typeCues).toEqual(['瓦斯爆炸']);
  });
});

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/fixtures/events/cec-annotated');

function listXml(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return listXml(p);
    return d.name.endsWith('.xml') ? [p] : [];
  });
}

function stripTags(xml: string): string {
  return xml.replace(/<[^>]*>/g, '').replace(/\s+/g, '');
}

const SIMPLE_DIGITS: Readonly<Record<string, number>> = { 一: 1, 两: 2, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** Deliberately independent of the library: Arabic or single Chinese digit before 人/名 + death verb, or "N死". */
function titleDeaths(title: string): number | null {
  const m = /(?:^|[^0-9一二两三四五六七八九十百千万])([0-9]+|[一两二三四五六七八九])(?:人|名[^0-9，,。\s]{0,3}?)(?:死亡|遇难|罹难|身亡|丧生)|([0-9]+)死/.exec(title);
  if (!m) return null;
  const raw = m[1] ?? m[2] ?? '';
  return /^[0-9]+$/.test(raw) ? Number(raw) : (SIMPLE_DIGITS[raw] ?? null);
}

describe.skipIf(!existsSync(FIXTURES))('CEC annotated fixtures', () => {
  it('never throws and matches headline death counts in >= 80% of files', () => {
    let withCount = 0;
    let agree = 0;
    for (const file of listXml(FIXTURES)) {
      const xml = readFileSync(file, 'utf8');
      const title = stripTags(/<Title>([\s\S]*?)<\/Title>/.exec(xml)?.[1] ?? '');
      const content = stripTags(/<Content>([\s\S]*?)<\/Content>/.exec(xml)?.[1] ?? xml);
      const facts = extractAccidentFacts(content, { title });
      const expected = titleDeaths(title);
      if (expected === null) continue;
      withCount += 1;
      if (facts.deaths === expected) agree += 1;
    }
    expect(withCount).toBeGreaterThanOrEqual(10);
    expect(agree / withCount).toBeGreaterThanOrEqual(0.8);
  });
});

describe.skipIf(existsSync(FIXTURES))('CEC annotated fixtures', () => {
  it('skipped: fixtures directory ../../../shared/fixtures/events/cec-annotated not found', () => {
    expect(existsSync(FIXTURES)).toBe(false);
  });
});

describe('extractAccidentFacts: enterprise and time', () => {
  const REF = new Date('2026-11-24T02:00:00Z'); // 10:00 Beijing time on 24 November
  const CASES: readonly [string, string | null, string | null, string | null][] = [
    // text, enterprise, time phrase, resolved ISO time
    ['11月23日14时30分许，山西省临汾市乡宁县枣岭乡瑞隆煤业有限公司发生透水事故，造成3人死亡。', '山西省临汾市乡宁县枣岭乡瑞隆煤业有限公司', '11月23日14时30分许', '2026-11-23T06:30:00.000Z'],
    ['据应急管理部消息，23日凌晨3时许，位于江苏盐城的天嘉宜化工有限公司发生爆炸。', '天嘉宜化工有限公司', '23日凌晨3时许', '2026-11-22T19:00:00.000Z'],
    ['22日下午4时左右，涉事企业为贵州盘江精煤股份有限公司山脚树矿的井下发生火灾。', '贵州盘江精煤股份有限公司', '22日下午4时左右', '2026-11-22T08:00:00.000Z'],
    ['湖南郴州一化工厂发生爆燃', null, null, null],
    ['某化工厂发生爆炸，造成2人死亡', null, null, null],
    ['该公司负责人已被控制。', null, null, null],
    // A dateline is where the reporter filed, not when the accident happened.
    ['新华社北京11月23日电 记者从应急管理部获悉，事故原因正在调查。', null, null, null],
    // "30日" read on the 24th is last month's 30th.
    ['30日晚8时许，某小区燃气爆炸。', null, '30日晚8时许', '2026-10-30T12:00:00.000Z'],
  ];
  it.each(CASES)('%s', (text, enterprise, phrase, iso) => {
    const f = extractAccidentFacts(text, { reference: REF });
    expect(f.enterprise).toBe(enterprise);
    expect(f.occurredText).toBe(phrase);
    expect(f.occurredAt?.toISOString() ?? null).toBe(iso);
    for (const e of f.evidence.filter((x) => x.field === 'enterprise' || x.field === 'time')) {
      expect(text.slice(e.start, e.end)).toBe(e.text);
    }
  });

  it('without a reference date the phrase is kept but not resolved', () => {
    const f = extractAccidentFacts('11月23日14时许，某矿发生透水事故。');
    expect(f.occurredText).toBe('11月23日14时许');
    expect(f.occurredAt).toBeNull();
  });

  it('accident-type cues can come from the database lexicon', () => {
    const f = extractAccidentFacts('某厂发生液化气罐燃爆', { typeCues: [{ cue: '液化气罐燃爆', code: '17' }] });
    expect(f.typeCode).toBe('17');
    expect(extractAccidentFacts('某厂发生液化气罐燃爆').typeCode).toBe('18');
  });
});
