import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import {
  cecGold,
  headlineGold,
  junkReason,
  loadBinaryReviews,
  loadCecAnnotated,
  loadCecRaw,
  loadCovid7,
  loadSmp2020,
  parseCecXml,
  parseCount,
  parseCsv,
  parseNumeral,
} from '@/lib/eval/datasets';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const FIXTURES = process.env.EVAL_FIXTURES
  ? path.resolve(HERE, '../..', process.env.EVAL_FIXTURES)
  : path.resolve(HERE, '../../../shared/fixtures');
const SENTIMENT = path.join(FIXTURES, 'sentiment');
const EVENTS = path.join(FIXTURES, 'events');

describe('parseCsv', () => {
  test('strips a BOM and splits CRLF records', () => {
    expect(parseCsv('\uFEFFreview,label\r\n好,1\r\n差,0\r\n')).toEqual([
      ['review', 'label'],
      ['好', '1'],
      ['差', '0'],
    ]);
  });

  test('quoted fields keep commas, doubled quotes and line breaks', () => {
    const csv = 'label,review\n1,"距离较近,但是""蔡陆线""麻烦"\n0,"第一行\r\n第二行\n第三行"\n';
    expect(parseCsv(csv)).toEqual([
      ['label', 'review'],
      ['1', '距离较近,但是"蔡陆线"麻烦'],
      ['0', '第一行\r\n第二行\n第三行'],
    ]);
  });

  test('LF, CR-only, blank lines, empty fields and a missing final newline', () => {
    expect(parseCsv('a,b\n\n1,\r,2\r\n\r\n3,4')).toEqual([
      ['a', 'b'],
      ['1', ''],
      ['', '2'],
      ['3', '4'],
    ]);
    expect(parseCsv('')).toEqual([]);
    expect(parseCsv('""\n')).toEqual([['']]);
  });

  test('is tolerant of spreadsheet artefacts', () => {
    // A quote inside an unquoted field is literal; text after a closing quote is kept.
    expect(parseCsv('5寸"屏,1\n"ab"c,2\n')).toEqual([
      ['5寸"屏', '1'],
      ['abc', '2'],
    ]);
    // An unterminated quote runs to the end instead of throwing.
    expect(parseCsv('x,"never closed\n1,2')).toEqual([['x', 'never closed\n1,2']]);
  });
});

describe('junkReason', () => {
  test('flags Excel errors, E-notation numbers and empty cells only', () => {
    expect(junkReason('#NAME?')).toBe('excel-error');
    expect(junkReason(' #VALUE! ')).toBe('excel-error');
    expect(junkReason('5.56E+15')).toBe('excel-number');
    expect(junkReason('  ')).toBe('empty');
    expect(junkReason('#武汉加油#')).toBeNull();
    expect(junkReason('5555555555：（')).toBeNull();
  });
});

describe('numbers and head counts (independent of lib/analysis)', () => {
  test.each([
    ['38', 38],
    ['１２', 12],
    ['九千二百', 9200],
    ['十二', 12],
    ['二十', 20],
    ['两', 2],
    ['一百零五', 105],
    ['二〇〇八', 2008],
    ['2万', 20000],
    ['三万五千', 35000],
  ])('parseNumeral(%s) = %d', (raw, value) => {
    expect(parseNumeral(raw)).toBe(value);
  });

  test('lone big units and junk are not numbers', () => {
    expect(parseNumeral('万')).toBeNull();
    expect(parseNumeral('百')).toBeNull();
    expect(parseNumeral('多')).toBeNull();
  });

  test.each([
    ['38人', 38],
    ['至少56人', 56],
    ['九千二百余人', 9200],
    ['10多名学生', 10],
    ['4名学生', 4],
    ['一名马来族妇女', 1],
    ['突破300人', 300],
    ['１２人', 12],
  ])('parseCount(%s) = %d', (raw, value) => {
    expect(parseCount(raw)).toBe(value);
  });

  test.each(['多人', '数百人', '近万人', '人员', '伤者', '鱼类', '20吨'])('parseCount(%s) is vague', (raw) => {
    expect(parseCount(raw)).toBeNull();
  });
});

describe('headlineGold', () => {
  const d = (h: string) => headlineGold(h).deaths;
  const i = (h: string) => headlineGold(h).injuries;

  test('tolls in headline shorthand', () => {
    expect(d('101国道密云段现惨祸客车农用车相撞致6人亡').value).toBe(6);
    expect(headlineGold('104国道浙江温岭段发生翻车事故致2死2伤')).toMatchObject({ deaths: { value: 2 }, injuries: { value: 2 } });
    expect(d('包固公路发生五死特大交通事故').value).toBe(5);
    expect(d('河南南阳风景区内卡车失控撞死8人').value).toBe(8);
    expect(d('俄罗斯地震死亡人数升至12人').value).toBe(12);
    expect(d('京珠高速韶关段高速大巴撞货车17人死(27日头条)').value).toBe(17);
    expect(headlineGold('合肥发生一起特大交通事故造成6人死亡11受伤')).toMatchObject({ deaths: { value: 6 }, injuries: { value: 11 } });
    expect(i('四川汶川地震致重庆4名学生死亡100多人受伤').value).toBe(100);
    expect(i('面包车超车侧翻伤两人').value).toBe(2);
  });

  test('does not read clause fragments, 死伤 totals or 重伤 as injuries', () => {
    expect(i('广西南丹交通事故致6死10伤一人伤势较重')).toMatchObject({ value: 10, ambiguous: false });
    expect(d('多哥发生重大交通事故致６３人死伤')).toMatchObject({ value: null, status: 'unquantified' });
    expect(i('澄城一工商执法车撞上摩托车2人死亡1人重伤')).toMatchObject({ value: null, status: 'unquantified' });
    expect(headlineGold('浙江黄岩一客车与轿车相撞两死两重伤数人轻伤')).toMatchObject({
      deaths: { value: 2 },
      injuries: { value: null, status: 'unquantified' },
    });
  });

  test('vague tolls, no toll, and "no casualties"', () => {
    expect(d('四川汶川强地震近万人丧生中国各界奋力救灾').status).toBe('unquantified');
    expect(d('17岁少女殒命搅拌车下').status).toBe('unquantified');
    expect(d('五位清华博士后沧州出车祸')).toMatchObject({ value: null, status: 'none', statedNone: false });
    expect(d('贵州罗甸县发生4.0级地震目前尚无人员伤亡报告')).toMatchObject({ value: null, status: 'none', statedNone: true });
    expect(d('新疆察布查尔锡伯自治县5.0级地震末有人员伤亡').statedNone).toBe(true);
    expect(i('环保中国：为“中毒之土”疗伤').status).toBe('none');
    // The body only decides "stated none".
    expect(headlineGold('南太平洋发生6.8级地震', '目前未有人员伤亡报告').deaths.statedNone).toBe(true);
  });
});

const XML = `<?xml version="1.0" encoding="UTF-8"?>
<Body>
  <Title>某地食物中毒3人死亡</Title>
  <ReportTime type="absTime">2014-04-02 08:03</ReportTime>
  <Content>
    <Paragraph>
      <Sentence>
        <Event eid="e1"><Participant sid="s1">16人</Participant>出现
          <Denoter did="d1">不适</Denoter></Event>，其中
        <Event eid="e2"><Participant oid="o2">3人</Participant>经
          <Denoter did="d2">抢救</Denoter>无效</Event>
        <Event eid="e3"><Denoter did="d3">死亡</Denoter></Event>，
        <Event eid="e4"><Participant>5人</Participant><Denoter>受伤</Denoter>
          （<Event eid="e5"><Participant>2人</Participant><Denoter>受伤</Denoter></Event>）</Event>。
      </Sentence>
    </Paragraph>
    <Paragraph>
      <Sentence>
        <Event eid="e6"><Time tid="t6">2010年2月</Time>，Tunes Hotel &amp; 地震</Event>
        <Event eid="e7">共造成<Participant>500人</Participant><Denoter>死亡</Denoter></Event>。
      </Sentence>
      <Sentence>
        <Event eid="e8" polarity="negative">未接到<Denoter>人员伤亡</Denoter>报告</Event>
      </Sentence>
    </Paragraph>
  </Content>
</Body>`;

describe('CEC XML', () => {
  test('parseCecXml: text, paragraphs, nested events, entities, polarity', () => {
    const doc = parseCecXml(XML);
    expect(doc.title).toBe('某地食物中毒3人死亡');
    expect(doc.reportTime).toBe('2014-04-02 08:03');
    expect(doc.text).toBe('16人出现不适，其中3人经抢救无效死亡，5人受伤（2人受伤）。\n2010年2月，Tunes Hotel &地震共造成500人死亡。未接到人员伤亡报告');
    expect(doc.events).toHaveLength(8);
    const outer = doc.events[3];
    expect(outer?.participants).toEqual(['5人']);
    expect(outer?.text).toBe('5人受伤（2人受伤）');
    expect(doc.events[4]?.participants).toEqual(['2人']);
    expect(doc.events[5]?.times).toEqual(['2010年2月']);
    expect(doc.events[7]?.negative).toBe(true);
  });

  test('cecGold: split events inherit the count, largest figure wins, earlier years are ignored', () => {
    const gold = cecGold(parseCecXml(XML));
    // 3 (e2 → e3) and the headline 3; the 2010 toll of 500 belongs to a past event.
    expect(gold.deaths).toMatchObject({ value: 3, status: 'figure', figures: [3], ambiguous: false, statedNone: true });
    expect(gold.injuries).toMatchObject({ value: 5, figures: [5, 2], ambiguous: true });
  });
});

describe.skipIf(!existsSync(SENTIMENT))('sentiment fixtures (skipped when ../shared/fixtures is absent)', () => {
  test('SMP2020-EWECT: 8,606 posts, surprise excluded', () => {
    const set = loadSmp2020(path.join(SENTIMENT, 'smp2020-ewect-virus-weibo-train.json'));
    expect(set.rows).toBe(8606);
    expect(set.excluded).toEqual({ surprise: 197 });
    expect(set.items).toHaveLength(8409);
    const count = (g: string) => set.items.filter((i) => i.gold === g).length;
    expect([count('negative'), count('neutral'), count('positive')]).toEqual([1322 + 649 + 555, 1460, 4423]);
  });

  test('COVID-19 Weibo: BOM header, #NAME? and E-notation rows dropped, surprise excluded', () => {
    const set = loadCovid7(path.join(SENTIMENT, 'covid-weibo-7emotions-labeled.csv'));
    expect(set.rows).toBe(21173);
    expect(set.skipped).toEqual({ 'excel-error': 25, 'excel-number': 2 });
    expect(set.excluded.surprise).toBeGreaterThan(3000);
    expect(set.items.length + set.excluded.surprise! + 27).toBe(21173);
    expect(set.items.every((i) => i.text !== '#NAME?')).toBe(true);
    expect(set.classes).toEqual(['negative', 'positive']);
  });

  test('review sets: label,review column order is read from the header', () => {
    const htl = loadBinaryReviews(path.join(SENTIMENT, 'ChnSentiCorp_htl_all.csv'), 'htl', 'htl');
    expect(htl.rows).toBe(7766);
    expect(htl.items.filter((i) => i.gold === 'positive')).toHaveLength(5322);
    expect(htl.items[0]?.text).toContain('蔡陆线');
    const waimai = loadBinaryReviews(path.join(SENTIMENT, 'waimai_10k.csv'), 'waimai', 'waimai');
    expect(waimai.items).toHaveLength(11987);
    expect(waimai.items.filter((i) => i.gold === 'positive')).toHaveLength(4000);
  });
});

describe.skipIf(!existsSync(EVENTS))('CEC event fixtures (skipped when ../shared/fixtures is absent)', () => {
  test('annotated: 223 documents, 攀枝花 gold is 38 dead and 982 injured', () => {
    const docs = loadCecAnnotated(path.join(EVENTS, 'cec-annotated'));
    expect(docs).toHaveLength(223);
    expect([...new Set(docs.map((d) => d.category))]).toEqual(['earthquake', 'food-poisoning', 'pollution']);
    const doc = docs.find((d) => d.file === 'earthquake/四川攀枝花6.1级地震已造成38人死亡982人受伤.xml');
    expect(doc?.gold.deaths).toMatchObject({ value: 38, status: 'figure', ambiguous: true });
    expect(doc?.gold.deaths.figures).toEqual(expect.arrayContaining([38, 27, 5, 1]));
    expect(doc?.gold.injuries.value).toBe(982);
    expect(doc?.text).not.toMatch(/[<>]/);
    expect(doc?.text).toContain('地震已造成38人死亡（其中四川32人，云南6人）');
  });

  test('annotated: split events, headline totals, past events and stated none', () => {
    const docs = loadCecAnnotated(path.join(EVENTS, 'cec-annotated'));
    const gold = (file: string) => docs.find((d) => d.file === file)?.gold;
    expect(gold('food-poisoning/村民家办婚宴食物中毒撂倒16人.xml')?.deaths.value).toBe(3);
    expect(gold('food-poisoning/湖北公安县发生食物中毒6人死亡.xml')?.deaths).toMatchObject({ value: 6, ambiguous: true });
    expect(gold('earthquake/智利8.2级地震引发2米高海啸多国发布预警.xml')?.deaths.value).toBeNull();
    expect(gold('earthquake/贵州罗甸县发生4.0级地震目前尚无人员伤亡报告.xml')?.deaths).toMatchObject({ value: null, statedNone: true });
    expect(gold('pollution/水污染__白洋淀死鱼事件.xml')?.deaths.value).toBeNull();
  });

  test('raw: 208 texts, headline gold, date line stripped', () => {
    const docs = loadCecRaw(path.join(EVENTS, 'cec-raw'));
    expect(docs).toHaveLength(208);
    expect(docs.filter((d) => d.category === 'traffic')).toHaveLength(85);
    const doc = docs.find((d) => d.title === '104国道浙江温岭段发生翻车事故致2死2伤');
    expect(doc?.gold).toMatchObject({ deaths: { value: 2 }, injuries: { value: 2 } });
    expect(doc?.text.startsWith('中新浙江网')).toBe(true);
  });
});
