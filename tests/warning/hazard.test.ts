import { describe, expect, test } from 'vitest';
import type { HazardWarning } from '@/lib/warning/hazard';
import { findChineseDates, parseHazardWarning, parseHazardWarnings } from '@/lib/warning/hazard';

/** Reference: 2026-07-03 12:00 Asia/Shanghai. */
const REF = new Date('2026-07-03T12:00:00+08:00');
const sh = (s: string) => new Date(`${s}+08:00`);

type Expected = Partial<Pick<HazardWarning, 'hazard' | 'level' | 'action' | 'publisher' | 'region' | 'category'>> & {
  issuedAt?: string | null;
  validUntil?: string | null;
};

const WARNINGS: { title: string; text?: string; expect: Expected }[] = [
  {
    title: '演示省气象台发布暴雨橙色预警信号',
    expect: { hazard: '暴雨', level: 'orange', action: 'issue', publisher: '演示省气象台', region: '演示省' },
  },
  {
    title: '江澜市气象台2026年7月3日10时升级发布雷电黄色预警',
    expect: {
      hazard: '雷电', level: 'yellow', action: 'upgrade', publisher: '江澜市气象台', region: '江澜市',
      issuedAt: '2026-07-03T10:00:00',
    },
  },
  { title: '地质灾害气象风险预警（黄色）', expect: { hazard: '地质灾害', level: 'yellow', action: 'issue', category: 'geological' } },
  { title: '森林火险红色预警', expect: { hazard: '森林火险', level: 'red', category: 'fire' } },
  { title: '高温橙色预警', expect: { hazard: '高温', level: 'orange', action: 'issue', publisher: null } },
  { title: '解除暴雨蓝色预警信号', expect: { hazard: '暴雨', level: 'blue', action: 'lift' } },
  { title: '大风蓝色预警', expect: { hazard: '大风', level: 'blue' } },
  { title: '中央气象台发布寒潮蓝色预警', expect: { hazard: '寒潮', level: 'blue', publisher: '中央气象台', region: null } },
  { title: '台风黄色预警：今年第3号台风“演示”将登陆', expect: { hazard: '台风', level: 'yellow' } },
  { title: '临川县气象局发布道路结冰橙色预警信号', expect: { hazard: '道路结冰', level: 'orange', region: '临川县' } },
  { title: '暴雪黄色预警信号', expect: { hazard: '暴雪', level: 'yellow' } },
  { title: '江澜市气象台发布冰雹橙色预警信号', expect: { hazard: '冰雹', level: 'orange' } },
  { title: '演示省气象台发布干旱橙色预警', expect: { hazard: '干旱', level: 'orange' } },
  {
    title: '演示省水利厅和演示省气象局联合发布蓝色山洪灾害气象预警',
    expect: { hazard: '山洪', level: 'blue', publisher: '演示省水利厅和演示省气象局', region: '演示省', category: 'flood' },
  },
  { title: '水利部发布中小河流洪水气象风险预警（黄色）', expect: { hazard: '中小河流洪水', level: 'yellow', publisher: '水利部' } },
  {
    title: '演示省应急管理厅发布安全生产风险提示',
    expect: { hazard: '安全生产风险', level: 'blue', category: 'safety', publisher: '演示省应急管理厅' },
  },
  { title: '江澜市安委办发布重大隐患预警（橙色）', expect: { hazard: '重大事故隐患', level: 'orange', category: 'safety' } },
  {
    title: '江澜市气象台将暴雨黄色预警信号升级为橙色预警信号',
    expect: { hazard: '暴雨', level: 'orange', action: 'upgrade' },
  },
  { title: '演示省气象台暴雨预警由红色降级为黄色', expect: { hazard: '暴雨', level: 'yellow', action: 'downgrade' } },
  { title: '江澜市气象台继续发布高温黄色预警信号', expect: { hazard: '高温', level: 'yellow', action: 'continue' } },
  { title: '演示省自然资源厅发布地质灾害气象风险三级预警', expect: { hazard: '地质灾害', level: 'yellow' } },
  { title: '演示省气象台发布暴雨Ⅱ级预警', expect: { hazard: '暴雨', level: 'orange' } },
  {
    title: '暴雨红色预警',
    text: '江澜市气象台7月3日9时30分发布暴雨红色预警信号：预计未来3小时江澜市、临川县等地降雨量将达100毫米以上，请做好防御工作。',
    expect: {
      hazard: '暴雨', level: 'red', publisher: '江澜市气象台', issuedAt: '2026-07-03T09:30:00', validUntil: '2026-07-03T12:30:00',
    },
  },
  {
    title: '演示省森林草原防灭火指挥部办公室发布森林火险橙色预警',
    text: '发布时间：7月3日8时。有效期至7月5日20时。',
    expect: { hazard: '森林火险', level: 'orange', issuedAt: '2026-07-03T08:00:00', validUntil: '2026-07-05T20:00:00' },
  },
  { title: '今天下午3时江澜市气象台发布雷雨大风黄色预警', expect: { hazard: '雷雨大风', level: 'yellow', issuedAt: '2026-07-03T15:00:00', publisher: '江澜市气象台' } },
  { title: '江澜市气象台发布大雾橙色预警信号', expect: { hazard: '大雾', level: 'orange' } },
  { title: '市气象台发布霾黄色预警', expect: { hazard: '霾', level: 'yellow', publisher: '市气象台', region: null } },
  { title: '演示省水文局发布洪水蓝色预警', expect: { hazard: '洪水', level: 'blue', publisher: '演示省水文局' } },
  {
    title: '暴雨致城区多处积水',
    text: '江澜市气象台今天6时发布暴雨橙色预警信号。记者在现场看到……',
    expect: { hazard: '暴雨', level: 'orange', publisher: '江澜市气象台', issuedAt: '2026-07-03T06:00:00' },
  },
];

const NON_WARNINGS: { title: string; text?: string; why: string }[] = [
  { title: '江澜市开展暴雨红色预警应急演练', why: 'drill' },
  { title: '演示省举行地质灾害橙色预警桌面推演', why: 'drill' },
  { title: '我市气象预警信息发布系统建设成效显著', text: '全年发布暴雨红色预警3次。', why: 'system story' },
  { title: '预警平台正式上线 暴雨橙色预警可直达手机', why: 'system story' },
  { title: '今年以来我省共发布暴雨预警信号120次', why: 'statistics' },
  { title: '回顾：2021年郑州暴雨红色预警发布前后', why: 'retrospective' },
  { title: '2021年7月20日郑州市气象台发布暴雨红色预警', why: 'dated long before the reference' },
  { title: '气象台可能发布暴雨橙色预警', why: 'hypothetical' },
  { title: '暴雨预警信号分为四级，分别以蓝色、黄色、橙色、红色表示', why: 'explainer' },
  { title: '暴雨红色预警来了怎么办？', why: 'explainer' },
  { title: '网传江澜市发布暴雨红色预警系谣言', why: 'rumour' },
  { title: '发展蓝色经济 建设海洋强省', why: 'not a warning' },
  { title: '暴雨来袭 江澜多地出现积水', why: 'no warning, no colour' },
  { title: '江澜市启动防汛Ⅳ级应急响应', why: 'response level, not a warning' },
  { title: '市气象台发布橙色预警', why: 'no hazard' },
  { title: '财务风险红色预警：三家企业被约谈', why: 'not a hazard' },
  {
    title: '江澜市多措并举应对强降雨',
    text: `${'近日以来强降雨持续，各部门全力应对。'.repeat(20)}文章后部提到江澜市气象台发布暴雨红色预警。`,
    why: 'body mention outside the lede in a statistics story',
  },
  { title: '暴雨黄色预警信号含义及防御指南', why: 'explainer' },
];

function iso(d: Date | null): string | null {
  if (!d) return null;
  return new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 19);
}

describe('parseHazardWarning: golden warnings', () => {
  test.each(WARNINGS)('$title', ({ title, text, expect: e }) => {
    const w = parseHazardWarning({ title, text }, REF);
    expect(w, title).not.toBeNull();
    if (!w) return;
    for (const k of ['hazard', 'level', 'action', 'publisher', 'region', 'category'] as const) {
      if (k in e) expect(w[k], k).toBe(e[k]);
    }
    if ('issuedAt' in e) expect(iso(w.issuedAt)).toBe(e.issuedAt);
    if ('validUntil' in e) expect(iso(w.validUntil)).toBe(e.validUntil);
    // Evidence offsets point at the words they claim.
    for (const ev of w.evidence) {
      const src = ev.in === 'title' ? title : (text ?? '');
      expect(src.slice(ev.start, ev.end)).toBe(ev.text);
    }
    expect(w.evidence.some((ev) => ev.field === 'hazard')).toBe(true);
  });
});

describe('parseHazardWarning: non-warnings are rejected', () => {
  test.each(NON_WARNINGS)('$title ($why)', ({ title, text }) => {
    expect(parseHazardWarning({ title, text }, REF)).toBeNull();
  });
});

describe('parseHazardWarning: fields', () => {
  test('scope and measures from the text (突发事件应对法 art. 64 fields)', () => {
    const w = parseHazardWarning(
      {
        title: '江澜市气象台发布暴雨橙色预警信号',
        text: '预计未来6小时，江澜市、临川县等地将出现50毫米以上降雨。防御指南：停止户外作业，转移危险地带人员。',
      },
      REF,
    );
    expect(w?.scope).toBe('江澜市、临川县');
    expect(w?.measures).toContain('防御指南');
  });

  test('two warnings in one bulletin', () => {
    const ws = parseHazardWarnings({ title: '江澜市气象台发布暴雨黄色预警信号和雷电黄色预警信号' }, REF);
    expect(ws.map((w) => w.hazard)).toEqual(['暴雨', '雷电']);
  });

  test('Chinese date phrases resolve in Asia/Shanghai against the reference', () => {
    const d = (s: string) => iso(findChineseDates(s, REF)[0]?.date ?? null);
    expect(d('2026年7月3日10时')).toBe('2026-07-03T10:00:00');
    expect(d('3日10时30分')).toBe('2026-07-03T10:30:00');
    expect(d('今天下午3点')).toBe('2026-07-03T15:00:00');
    expect(d('昨天20时')).toBe('2026-07-02T20:00:00');
    // 12月31日 without a year, read in July: last December.
    expect(d('12月31日8时')).toBe('2025-12-31T08:00:00');
    expect(sh('2026-07-03T00:00:00').getTime()).toBe(Date.UTC(2026, 6, 2, 16));
  });
});
