import { describe, expect, test } from 'vitest';
import { extractAccidentFacts } from '@/lib/analysis/accident';
import { compareFacts } from '@/lib/events-view/facts';
import type { FactReport } from '@/lib/events-view/facts';
import { checkRelease } from '@/lib/releases/checks';
import { RELEASE_KINDS } from '@/lib/releases/kinds';
import {
  casualtyPhrase,
  draftRelease,
  formatReleaseTime,
  listPlaceholders,
  officialFiguresFromFacts,
  releaseFactsFromEvent,
} from '@/lib/releases/templates';
import type { ReleaseFacts } from '@/lib/releases/templates';

const FULL: ReleaseFacts = {
  accidentType: '透水',
  grade: '较大',
  occurredAt: new Date('2024-11-23T06:30:00Z'), // 14:30 in Shanghai
  place: '山西省临汾市乡宁县',
  enterprise: '示例煤业有限公司',
  figures: { deaths: 3, injuries: 5, seriousInjuries: 2, missing: 1, trapped: 2, lossYuan: 12_000_000 },
  figuresAsOf: new Date('2024-11-24T00:00:00Z'),
  rescue: { status: 'ongoing', progress: '井下排水和搜救同步进行' },
  measures: '省市县应急管理部门负责同志第一时间赶赴现场，成立现场救援指挥部，组织开展救援',
  issuer: '乡宁县人民政府新闻办公室',
  contact: '县应急管理局宣传科 0357-6812345',
  nextReleaseAt: new Date('2024-11-24T10:00:00Z'),
  investigation: {
    team: '临汾市人民政府成立了由市应急管理局牵头的事故调查组',
    nature: '生产安全责任事故',
    cause: '企业违规在防隔水煤柱内组织采掘作业，导致老空水涌入',
    responsibility: '对8名责任人员依法追究刑事责任，对12名公职人员给予政务处分',
    rectification: '全面开展煤矿水害隐患排查整治',
    reportPublishedAt: '临汾市应急管理局网站“事故调查报告”栏目',
  },
  followUp: { concern: '遇难者家属安置问题', progress: '善后工作已全部妥善完成，涉事企业停产整顿' },
};

const EMPTY: ReleaseFacts = {
  accidentType: null,
  grade: null,
  occurredAt: null,
  place: null,
  enterprise: null,
  figures: {},
  figuresAsOf: null,
  rescue: { status: null, progress: null },
  measures: null,
  issuer: null,
  contact: null,
  nextReleaseAt: null,
};

describe('templates filled from complete facts', () => {
  test('every kind: no placeholder left and no blocking finding against the same official figures', () => {
    for (const kind of RELEASE_KINDS) {
      const draft = draftRelease(kind, FULL);
      expect(draft.placeholders, kind).toEqual([]);
      const r = checkRelease({ kind, text: draft.text, official: FULL.figures, publicContacts: ['0357-6812345'] });
      expect(r.findings.filter((f) => f.severity === 'block'), `${kind}\n${draft.text}`).toEqual([]);
      expect(r.blocked).toBe(false);
    }
  });

  test('figures are written so the analysis reads back the official figures', () => {
    const draft = draftRelease('first_report', FULL);
    const facts = extractAccidentFacts(draft.body);
    expect([facts.deaths, facts.injuries, facts.seriousInjuries, facts.missing, facts.trapped, facts.lossYuan]).toEqual([
      3, 5, 2, 1, 2, 12_000_000,
    ]);
    expect(facts.type).toBe('透水');
  });

  test('times are Asia/Shanghai, written the Chinese way', () => {
    expect(formatReleaseTime(new Date('2024-11-23T06:30:00Z'))).toBe('2024年11月23日14时30分');
    expect(formatReleaseTime(new Date('2024-11-23T17:00:00Z'))).toBe('2024年11月24日1时');
    const draft = draftRelease('first_report', FULL);
    expect(draft.title).toBe('关于山西省临汾市乡宁县示例煤业有限公司“11·23”透水事故的情况通报');
    expect(draft.body).toContain('2024年11月23日14时30分许，山西省临汾市乡宁县示例煤业有限公司发生一起透水事故。');
    expect(draft.body).toContain('下一次情况发布定于2024年11月24日18时。');
  });

  test('investigation result states the grade and the findings given, and where the report is', () => {
    const text = draftRelease('investigation', FULL).text;
    expect(text).toContain('该起事故是一起较大生产安全责任事故');
    expect(text).toContain('直接经济损失1200万元');
    expect(text).toContain('事故调查报告全文已在临汾市应急管理局网站');
  });

  test('rescue releases say the cause is under investigation (快报事实、慎报原因)', () => {
    for (const kind of ['first_report', 'follow_up'] as const) {
      expect(draftRelease(kind, FULL).text).toContain('事故原因正在调查中');
    }
  });
});

describe('what cannot be filled stays visibly marked, never invented', () => {
  test('an empty first report lists every gap, in order', () => {
    const draft = draftRelease('first_report', EMPTY);
    expect([...new Set(draft.placeholders.map((p) => p.label))]).toEqual([
      '事故发生地点',
      '事故发生单位',
      '事故类型',
      '事故发生时间',
      '数据截至时间',
      '死亡人数',
      '受伤人数',
      '已采取的措施',
      '救援进展',
      '下次发布时间',
      '新闻联系人或联系电话',
      '发布单位（署名）',
    ]);
    // No figure, date or name appears that the facts did not give.
    expect(draft.text).not.toMatch(/\d/);
    expect(extractAccidentFacts(draft.text).deaths).toBeNull();
  });

  test('the checks block every placeholder and name the missing required elements', () => {
    const draft = draftRelease('first_report', EMPTY);
    const r = checkRelease({ kind: 'first_report', text: draft.text, official: {} });
    expect(r.blocked).toBe(true);
    expect(r.findings.filter((f) => f.kind === 'placeholder')).toHaveLength(draft.placeholders.length);
    const missing = r.findings.filter((f) => f.kind === 'missing_element' && f.severity === 'block').map((f) => f.rule);
    expect(missing).toEqual(expect.arrayContaining(['time', 'place', 'enterprise', 'accidentType', 'casualties', 'contact', 'nextRelease', 'issuer']));
  });

  test('a partly known casualty count keeps the unknown part as a placeholder', () => {
    expect(casualtyPhrase({ deaths: 3 })).toBe('3人死亡、【待补充：受伤人数】');
    expect(casualtyPhrase({ deaths: 0, injuries: 0 })).toBe('未造成人员伤亡');
    expect(casualtyPhrase({ deaths: 0, injuries: 4 })).toBe('未造成人员死亡、4人受伤');
    expect(casualtyPhrase({})).toBe('【待补充：死亡人数】、【待补充：受伤人数】');
  });

  test('zero casualties are written so the analysis reads zero', () => {
    const facts = extractAccidentFacts(`事故${casualtyPhrase({ deaths: 0, injuries: 0 })}。`);
    expect([facts.deaths, facts.injuries]).toEqual([0, 0]);
  });

  test('recommended elements are left out when unknown, not turned into placeholders', () => {
    const facts: ReleaseFacts = { ...FULL, enterprise: null, contact: null, occurredAt: null };
    const draft = draftRelease('follow_up', facts);
    expect(draft.placeholders).toEqual([]);
    expect(draft.text).not.toContain('新闻联系人');
    const inv = draftRelease('investigation', { ...FULL, investigation: { ...FULL.investigation, team: null, reportPublishedAt: null } });
    expect(inv.placeholders).toEqual([]);
    expect(inv.text).not.toContain('调查组');
  });

  test('listPlaceholders gives labels and offsets into the text', () => {
    const text = 'A【待补充：事故类型】B【待补充:发布单位】';
    expect(listPlaceholders(text)).toEqual([
      { label: '事故类型', start: 1, end: 11 },
      { label: '发布单位', start: 12, end: 22 },
    ]);
    for (const p of listPlaceholders(text)) expect(text.slice(p.start, p.end)).toMatch(/^【待补充.+】$/);
  });
});

describe("facts from the event's stored data", () => {
  const at = (iso: string) => new Date(iso);
  const report = (over: Partial<FactReport>): FactReport => ({
    itemId: 1,
    at: at('2024-11-23T08:00:00Z'),
    title: 't',
    sourceName: 's',
    category: 'official',
    officialVoice: true,
    rumour: false,
    aggregate: false,
    figures: {},
    ...over,
  });

  test('the latest official figure per field is used, never a media or rumour figure', () => {
    const rows = compareFacts([
      report({ itemId: 1, at: at('2024-11-23T08:00:00Z'), figures: { deaths: 2, injuries: 5 } }),
      report({ itemId: 2, at: at('2024-11-23T20:00:00Z'), figures: { deaths: 3 } }),
      report({ itemId: 3, officialVoice: false, category: 'local_media', at: at('2024-11-24T01:00:00Z'), figures: { deaths: 6, missing: 2 } }),
      report({ itemId: 4, officialVoice: false, rumour: true, category: 'forum_social', figures: { deaths: 10 } }),
    ]);
    const { figures, asOf } = officialFiguresFromFacts(rows);
    expect(figures).toEqual({ deaths: 3, injuries: 5 });
    expect(asOf).toEqual(at('2024-11-23T20:00:00Z'));
  });

  test("the event's first-seen time is not taken as the accident time; extras fill the rest", () => {
    const facts = releaseFactsFromEvent(
      { accidentType: '火灾', grade: '较大', province: '河南省', city: '安阳市', enterprises: ['示例商贸有限公司'] },
      compareFacts([report({ figures: { deaths: 4 } })]),
      { issuer: '安阳市人民政府新闻办公室' },
    );
    expect(facts.occurredAt).toBeNull();
    expect(facts.place).toBe('河南省安阳市');
    expect(facts.figures).toEqual({ deaths: 4 });
    const draft = draftRelease('first_report', facts);
    expect(draft.text).toContain('【待补充：事故发生时间】');
    expect(draft.text).toContain('4人死亡');
    expect(draft.text).toContain('安阳市人民政府新闻办公室');
  });
});
