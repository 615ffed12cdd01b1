import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  LOCALITIES,
  PREFECTURES,
  PREFECTURE_BY_CODE,
  PREFECTURE_BY_NAME,
  PROVINCES,
  PROVINCE_ALIASES,
  PROVINCE_BY_CODE,
  PROVINCE_BY_NAME,
  SHARED_SHORT_NAMES,
} from '@/lib/analysis/lexicons/divisions';
import { STRICT_SHORT_NAMES, extractPlace } from '@/lib/analysis/place';
import type { PlaceResult } from '@/lib/analysis/place';

interface Golden {
  title?: string;
  text: string;
  province: string | null;
  city: string | null;
}

function check(g: Golden): PlaceResult {
  const r = extractPlace(g.text, g.title === undefined ? {} : { title: g.title });
  expect({ province: r.province, city: r.city }).toEqual({ province: g.province, city: g.city });
  for (const e of r.evidence) {
    const field = e.source === 'title' ? (g.title ?? '') : g.text;
    expect(field.slice(e.start, e.end)).toBe(e.text);
  }
  if (g.province !== null) expect(r.evidence.length).toBeGreaterThan(0);
  else expect(r.evidence).toEqual([]);
  return r;
}

// Accident headlines and body sentences in the style of Chinese news. Each states the place the
// item should be filed under.
const GOLDEN: readonly Golden[] = [
  // province → prefecture → county chains and short forms
  { text: '山西省临汾市乡宁县一煤矿发生透水事故', province: '山西省', city: '临汾市' },
  { text: '贵州六盘水一煤矿瓦斯爆炸', province: '贵州省', city: '六盘水市' },
  { text: '四川攀枝花6.1级地震', province: '四川省', city: '攀枝花市' },
  { text: '凉山州木里县森林火灾', province: '四川省', city: '凉山彝族自治州' },
  { text: '延边州一化工厂发生火灾', province: '吉林省', city: '延边朝鲜族自治州' },
  { text: '太原市一小区发生燃气爆炸', province: '山西省', city: '太原市' },
  { text: '阿拉善盟一化工企业发生爆燃', province: '内蒙古自治区', city: '阿拉善盟' },
  { text: '内蒙古鄂尔多斯市准格尔旗一煤矿发生坍塌', province: '内蒙古自治区', city: '鄂尔多斯市' },
  { text: '新疆维吾尔自治区和田地区皮山县发生地震', province: '新疆维吾尔自治区', city: '和田地区' },
  { text: '大兴安岭地区发生森林火灾', province: '黑龙江省', city: '大兴安岭地区' },
  { text: '西藏阿里地区一施工工地发生事故', province: '西藏自治区', city: '阿里地区' },
  { text: '河南平顶山一煤矿发生瓦斯爆炸', province: '河南省', city: '平顶山市' },
  { text: '位于贵州省毕节市的一处煤矿发生煤与瓦斯突出', province: '贵州省', city: '毕节市' },
  // county-level places imply their prefecture
  { text: '江苏响水县一化工园区发生爆炸', province: '江苏省', city: '盐城市' },
  { text: '昆山一金属制品厂发生粉尘爆炸', province: '江苏省', city: '苏州市' },
  { text: '汶川地震', province: '四川省', city: '阿坝藏族羌族自治州' },
  { text: '济源一钢厂发生煤气中毒事故', province: '河南省', city: null }, // 省直辖县级市
  // former names
  { text: '襄樊一所学校22名学生食物中毒', province: '湖北省', city: '襄阳市' },
  // datelines and media names are not the scene
  {
    text: '新华社北京3月2日电 记者从应急管理部获悉，湖南郴州一企业发生爆炸事故。',
    province: '湖南省',
    city: '郴州市',
  },
  { text: '新华社北京3月2日电 记者从应急管理部获悉，近期全国发生多起事故。', province: null, city: null },
  { text: '北京青年报记者获悉，山西晋城一煤矿发生透水事故。', province: '山西省', city: '晋城市' },
  { text: '据中国新闻网报道，黑龙江鸡西一煤矿发生事故。', province: '黑龙江省', city: '鸡西市' },
  { text: '国家矿山安全监察局山西局通报一起事故', province: '山西省', city: null },
  { text: '事故车辆为河南牌照。', province: null, city: null },
  { text: '据了解，死者来自四川。', province: null, city: null },
  // short names that are ordinary words need their full name or their province
  { text: '长治久安', province: null, city: null },
  { text: '山西长治一煤矿发生事故', province: '山西省', city: '长治市' },
  { text: '陕西安康一隧道施工坍塌', province: '陕西省', city: '安康市' },
  { text: '祝大家平安安康', province: null, city: null },
  { text: '广西壮族自治区来宾市一在建工地坍塌', province: '广西壮族自治区', city: '来宾市' },
  { text: '感谢各位来宾莅临指导', province: null, city: null },
  { text: '中山路一家饭店发生燃气爆炸', province: null, city: null },
  { text: '中山大学附属医院收治了伤员', province: null, city: null },
  { text: '广东中山一家具厂发生火灾', province: '广东省', city: '中山市' },
  { text: '北京朝阳区一居民楼起火', province: '北京市', city: null },
  { text: '辽宁朝阳一煤矿发生事故', province: '辽宁省', city: '朝阳市' },
  { text: '两种方案大同小异', province: null, city: null },
  { text: '大理石加工厂发生事故', province: null, city: null },
  { text: '宁夏中卫一企业发生中毒事故', province: '宁夏回族自治区', city: '中卫市' },
  { text: '阿里巴巴旗下公司', province: null, city: null },
  // names inside other words
  { text: '吉林省吉林市一化工厂爆炸', province: '吉林省', city: '吉林市' },
  { text: '吉林市场监管部门开展检查', province: '吉林省', city: null },
  { text: '青海海南州发生5.2级地震', province: '青海省', city: '海南藏族自治州' },
  { text: '海南一渔船在三亚附近海域沉没', province: '海南省', city: '三亚市' },
  { text: '东海南部海域发生船舶碰撞', province: null, city: null },
  { text: '黄河南岸一处堤坝出现险情', province: null, city: null },
  { text: '在平台中发布通报', province: null, city: null },
  { text: '北京时间3月2日，智利北部海域发生6.2级地震', province: null, city: null },
  // SARs, Taiwan, municipalities
  { text: '香港长青隧道5车相撞1人亡', province: '香港特别行政区', city: null },
  { text: '台湾高雄发生5.2级地震', province: '台湾省', city: null },
  { text: '重庆市区有明显震感', province: '重庆市', city: null },
  // cause and spill-over
  { text: '受四川地震影响重庆震动强烈', province: '重庆市', city: null },
  { text: '湖南24名游客在广西北海集体食物中毒', province: '广西壮族自治区', city: '北海市' },
  { text: '四川攀枝花与凉山会理县交界发生6.1级地震', province: '四川省', city: '攀枝花市' },
  // foreign places: never invent a Chinese one
  { text: '俄罗斯地震死亡人数升至12人', province: null, city: null },
  { text: '印尼爪哇省发生6.2级地震已至少造成51人死亡', province: null, city: null },
  { text: '日本福岛近海发生4.8级地震', province: null, city: null },
  // the title outweighs the body
  {
    title: '山西一煤矿发生透水事故',
    text: '事故发生后，陕西、内蒙古等地救援队伍赶赴现场。陕西救援队携带设备抵达。陕西省应急管理厅派出专家。',
    province: '山西省',
    city: null,
  },
  { title: '一煤矿发生透水事故', text: '山西省临汾市乡宁县一煤矿发生透水事故。', province: '山西省', city: '临汾市' },
  {
    title: '山西煤矿透水事故',
    text: '事故发生在临汾市乡宁县。太原市的专家赶到。云南省昆明市、昆明、昆明的救援人员也来了。',
    province: '山西省',
    city: '临汾市',
  },
  {
    title: '俄罗斯一煤矿发生爆炸',
    text: '新华社莫斯科3月2日电 中国驻俄罗斯使馆表示，暂无中国公民伤亡。北京、上海等地游客行程未受影响。',
    province: null,
    city: null,
  },
  { title: '印度6.8级强震西藏亚东7死23伤', text: '', province: '西藏自治区', city: '日喀则市' },
];

// Ordinary words, streets, brands and foreign names that contain a place name.
const NOT_A_PLACE: readonly string[] = [
  '北京路一商铺起火', '南京东路发生踩踏', '阿克苏诺贝尔公司', '兰州拉面馆发生燃气爆炸', '隆重庆祝建党',
  '朝鲜族群众', '德州扑克', '开封后请冷藏', '三明治', '新乡村建设', '高密度住宅', '确定日期', '东方市场一商铺起火',
  '玉树临风', '文山会海', '泰山西麓', '长江西岸', '哈密瓜', '黄石公园', '重新北上', '传承德国工艺',
  '澄河北坪煤矿发生透水事故', // a made-up 澄河 + 北坪 must not read as 河北
];

// Names next to a look-alike: the right unit must win.
const LOOK_ALIKES: readonly Golden[] = [
  { text: '山东德州一化工厂发生爆炸', province: '山东省', city: '德州市' },
  { text: '辽源市西安区一煤矿发生事故', province: '吉林省', city: '辽源市' }, // not 西安
  { text: '北海市海城区一工地坍塌', province: '广西壮族自治区', city: '北海市' }, // not 海城 (鞍山)
  { text: '上海南京路一商场起火', province: '上海市', city: null },
  { text: '大庆油田一井场起火', province: '黑龙江省', city: '大庆市' },
  { text: '山西部分地区降雪', province: '山西省', city: null },
  { text: '事发地湖北荆门市沙洋县', province: '湖北省', city: '荆门市' },
  { text: '记者从河南省应急管理厅获悉', province: '河南省', city: null },
  { text: '近日河南一企业发生中毒事故', province: '河南省', city: null },
  { text: '长江苏州段一货船起火', province: '江苏省', city: '苏州市' },
  {
    text: '中广网银川2月2日消息 昨日下午16时许，宁夏中宁县一商店厕所内冒出硫化氢气体',
    province: '宁夏回族自治区',
    city: '中卫市',
  },
];

describe('extractPlace: look-alikes', () => {
  test.each(NOT_A_PLACE)('%s → no place', (text) => {
    check({ text, province: null, city: null });
  });

  test.each(LOOK_ALIKES.map((g) => [g.text, g] as const))('%s', (_label, g) => {
    check(g);
  });
});

describe('extractPlace: golden cases', () => {
  test('there are at least 40', () => {
    expect(GOLDEN.length).toBeGreaterThanOrEqual(40);
  });

  test.each(GOLDEN.map((g) => [g.title ? `${g.title} | ${g.text}` : g.text, g] as const))('%s', (_label, g) => {
    check(g);
  });
});

describe('extractPlace: evidence', () => {
  test('offsets point into the field they name, title first', () => {
    const title = '贵州六盘水一煤矿瓦斯爆炸';
    const text = '记者获悉，贵州省六盘水市盘州市一煤矿发生瓦斯爆炸。';
    const r = extractPlace(text, { title });
    expect(r).toMatchObject({ province: '贵州省', city: '六盘水市' });
    expect(r.evidence.map((e) => [e.source, e.text])).toEqual([
      ['title', '贵州'],
      ['title', '六盘水'],
      ['text', '贵州省'],
      ['text', '六盘水市'],
      ['text', '盘州市'],
    ]);
    for (const e of r.evidence) expect((e.source === 'title' ? title : text).slice(e.start, e.end)).toBe(e.text);
  });

  test('evidence leaves out other places and datelines', () => {
    const text = '新华社北京3月2日电 湖南郴州一企业发生爆炸，广东、江西救援力量赶赴现场。';
    const r = extractPlace(text);
    expect(r.evidence.map((e) => e.text)).toEqual(['湖南', '郴州']);
  });

  test('empty and place-free input', () => {
    expect(extractPlace('')).toEqual({ province: null, city: null, evidence: [] });
    expect(extractPlace('', { title: '' })).toEqual({ province: null, city: null, evidence: [] });
    expect(extractPlace('某煤矿发生透水事故，3人被困。')).toEqual({ province: null, city: null, evidence: [] });
  });

  test('a long body is scanned without trouble', () => {
    const text = `${'某企业开展安全生产大检查。'.repeat(2000)}山西省临汾市一煤矿发生事故。`;
    expect(extractPlace(text)).toMatchObject({ province: '山西省', city: '临汾市' });
  });
});

function countBy(keys: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of keys) out[k] = (out[k] ?? 0) + 1;
  return out;
}

describe('divisions: data integrity', () => {
  const provinceCodes = new Set(PROVINCES.map((p) => p.code));

  test('34 provincial-level divisions with GB/T 2260 codes', () => {
    expect(PROVINCES).toHaveLength(34);
    expect(provinceCodes.size).toBe(34);
    for (const p of PROVINCES) {
      expect(p.code).toMatch(/^[1-8]\d0000$/);
      expect(p.name.startsWith(p.short)).toBe(true);
      expect(p.abbr).toHaveLength(1);
    }
    const kinds = countBy(PROVINCES.map((p) => p.kind));
    expect(kinds).toEqual({ province: 23, municipality: 4, 'autonomous-region': 5, sar: 2 });
    expect(PROVINCE_BY_NAME.get('山西省')?.code).toBe('140000');
    expect(PROVINCE_BY_NAME.get('广西壮族自治区')?.short).toBe('广西');
    expect(PROVINCE_BY_NAME.get('香港特别行政区')?.abbr).toBe('港');
  });

  test('333 prefecture-level divisions, each in an existing province', () => {
    expect(PREFECTURES.length).toBeGreaterThanOrEqual(330);
    expect(PREFECTURES.length).toBeLessThanOrEqual(340);
    expect(PREFECTURES).toHaveLength(333);
    const kinds = countBy(PREFECTURES.map((p) => p.kind));
    expect(kinds).toEqual({ city: 293, prefecture: 7, 'autonomous-prefecture': 30, league: 3 });
    for (const p of PREFECTURES) {
      expect(provinceCodes.has(p.provinceCode)).toBe(true);
      expect(p.code).toMatch(/^\d{4}00$/);
      expect(p.code.slice(0, 2)).toBe(p.provinceCode.slice(0, 2));
      expect(p.name.startsWith(p.short)).toBe(true);
    }
    expect(new Set(PREFECTURES.map((p) => p.code)).size).toBe(PREFECTURES.length);
    expect(PREFECTURE_BY_CODE.get('140100')?.name).toBe('太原市');
    expect(PREFECTURE_BY_NAME.get('凉山彝族自治州')).toMatchObject({ short: '凉山', provinceCode: '510000' });
    expect(PREFECTURE_BY_NAME.get('延边朝鲜族自治州')).toMatchObject({ short: '延边', aliases: ['延边州'] });
    expect(PREFECTURE_BY_NAME.get('阿拉善盟')?.short).toBe('阿拉善');
  });

  test('municipalities, SARs and Taiwan have no prefecture-level division', () => {
    const flat = PROVINCES.filter((p) => p.kind === 'municipality' || p.kind === 'sar' || p.code === '710000');
    const without = new Set(flat.map((p) => p.code));
    expect(without.size).toBe(7);
    for (const p of PREFECTURES) expect(without.has(p.provinceCode)).toBe(false);
    for (const p of PROVINCES) {
      if (!without.has(p.code)) expect(PREFECTURES.some((x) => x.provinceCode === p.code)).toBe(true);
    }
  });

  test('county-level places point at an existing prefecture of their province', () => {
    for (const l of LOCALITIES) {
      expect(provinceCodes.has(l.provinceCode)).toBe(true);
      if (l.prefectureCode === null) continue;
      expect(PREFECTURE_BY_CODE.get(l.prefectureCode)?.provinceCode).toBe(l.provinceCode);
    }
  });

  test('no duplicate full names', () => {
    const names = [
      ...PROVINCES.map((p) => p.name),
      ...PREFECTURES.map((p) => p.name),
      ...LOCALITIES.map((l) => l.name),
    ];
    expect(names.length - new Set(names).size).toBe(0);
  });

  test('short names and aliases are unique, except the ones marked shared', () => {
    const owners = new Map<string, string[]>();
    const own = (name: string, owner: string): void => {
      owners.set(name, [...(owners.get(name) ?? []), owner]);
    };
    for (const p of PROVINCES) {
      own(p.name, p.code);
      own(p.short, p.code);
      for (const a of PROVINCE_ALIASES[p.code] ?? []) own(a, p.code);
    }
    for (const p of PREFECTURES) {
      own(p.name, p.code);
      own(p.short, p.code);
      for (const a of p.aliases) own(a, p.code);
    }
    for (const l of LOCALITIES) for (const n of [l.name, ...l.aliases]) own(n, `locality:${l.name}`);
    const shared = [...owners].filter(([, o]) => new Set(o).size > 1);
    expect(Object.fromEntries(shared.map(([n, o]) => [n, [...new Set(o)].sort()]))).toEqual(
      Object.fromEntries(
        Object.entries(SHARED_SHORT_NAMES).map(([n, s]) => [n, [s.province, s.prefecture].sort()]),
      ),
    );
    for (const s of Object.values(SHARED_SHORT_NAMES)) {
      expect(PROVINCE_BY_CODE.has(s.province)).toBe(true);
      expect(PREFECTURE_BY_CODE.has(s.prefecture)).toBe(true);
    }
  });

  test('every strict short name is a real prefecture short name', () => {
    const shorts = new Set(PREFECTURES.map((p) => p.short));
    for (const n of STRICT_SHORT_NAMES) expect(shorts.has(n)).toBe(true);
  });
});

const FIXTURES = '/work/shared/fixtures/events/cec-raw';

function fixtureFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return fixtureFiles(p);
    return d.name.endsWith('.txt') ? [p] : [];
  });
}

describe.skipIf(!existsSync(FIXTURES))('extractPlace on real news (CEC corpus)', () => {
  test('never throws, and every answer is consistent', () => {
    const files = fixtureFiles(FIXTURES);
    expect(files.length).toBeGreaterThan(0);
    const provinceNames = new Set(PROVINCES.map((p) => p.name));
    let placed = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const title = path.basename(file, '.txt');
      for (const r of [extractPlace(text, { title }), extractPlace(text), extractPlace('', { title })]) {
        if (r.province === null) {
          expect(r.city).toBeNull();
          continue;
        }
        expect(provinceNames.has(r.province)).toBe(true);
        if (r.city !== null) {
          const city = PREFECTURE_BY_NAME.get(r.city);
          expect(PROVINCE_BY_CODE.get(city?.provinceCode ?? '')?.name).toBe(r.province);
        }
        for (const e of r.evidence) expect((e.source === 'title' ? title : text).slice(e.start, e.end)).toBe(e.text);
      }
      if (extractPlace(text, { title }).province !== null) placed++;
    }
    // Most of the corpus is domestic news with a named place.
    expect(placed / files.length).toBeGreaterThan(0.6);
  });

  test('headlines about foreign events give no Chinese place', () => {
    const foreign = fixtureFiles(FIXTURES).filter((f) => /^(?:俄罗斯|印尼|智利|日本|新加坡|哥伦比亚|墨西哥)/.test(path.basename(f)));
    expect(foreign.length).toBeGreaterThan(0);
    for (const f of foreign) {
      expect(extractPlace(readFileSync(f, 'utf8'), { title: path.basename(f, '.txt') }).province).toBeNull();
    }
  });
});
