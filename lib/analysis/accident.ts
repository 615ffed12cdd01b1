/**
 * Rule-based extraction of accident facts (type, casualties, loss) from Chinese news text.
 * Vocabulary follows DOMAIN.md §5.1; grading follows §2.1 and §2.4.
 */
import { NUMBER_CHARS, normalizeDigits, parseChineseNumber } from './chinese-numbers';
import { accidentGrade } from './grade';
import type { AccidentGrade } from './grade';

export const ACCIDENT_TYPES = {
  '01': '物体打击',
  '02': '车辆伤害',
  '03': '机械伤害',
  '04': '起重伤害',
  '05': '触电',
  '06': '淹溺',
  '07': '灼烫',
  '08': '火灾',
  '09': '高处坠落',
  '10': '坍塌',
  '11': '冒顶片帮',
  '12': '透水',
  '13': '放炮',
  '14': '火药爆炸',
  '15': '瓦斯爆炸',
  '16': '锅炉爆炸',
  '17': '容器爆炸',
  '18': '其他爆炸',
  '19': '中毒和窒息',
  '20': '其他伤害',
} as const;

export type AccidentTypeCode = keyof typeof ACCIDENT_TYPES;
export type AccidentTypeName = (typeof ACCIDENT_TYPES)[AccidentTypeCode];

export type CountField = 'deaths' | 'seriousInjuries' | 'injuries' | 'missing' | 'trapped';
export type EvidenceField = CountField | 'lossYuan' | 'type' | 'aggregate' | 'rumour';

export interface Evidence {
  field: EvidenceField;
  text: string;
  /** Offsets into the string named by `source` (UTF-16 code units). */
  start: number;
  end: number;
  source: 'text' | 'title';
}

export interface AccidentFacts {
  type: AccidentTypeName | null;
  typeCode: AccidentTypeCode | null;
  typeCues: string[];
  deaths: number | null;
  seriousInjuries: number | null;
  injuries: number | null;
  missing: number | null;
  trapped: number | null;
  lossYuan: number | null;
  /** Provisional grade: deaths + missing, as bulletins add them up (DOMAIN §2.4); null for rumour-only figures. */
  grade: AccidentGrade | null;
  /** Text reports period statistics (many accidents), so no per-accident counts are given. */
  aggregate: boolean;
  /** Text carries rumour wording; figures found only in rumour clauses are not graded. */
  rumour: boolean;
  evidence: Evidence[];
}

export interface ExtractOptions {
  title?: string;
}

// Synonyms from DOMAIN §5.1; longer cues win over the shorter ones they contain.
const TYPE_CUES: Readonly<Record<AccidentTypeCode, readonly string[]>> = {
  '01': ['物体打击', '高空坠物', '被砸', '砸中', '砸伤', '砸死'],
  '02': ['车辆伤害', '交通事故', '车祸', '侧翻', '追尾', '相撞', '翻车', '坠河', '碾压', '撞死'],
  '03': ['机械伤害', '卷入机器', '卷入设备', '绞伤', '被机器'],
  '04': ['起重伤害', '塔吊倒塌', '塔吊', '起重机', '吊车', '龙门吊'],
  '05': ['触电', '电击', '被电死'],
  '06': ['淹溺', '溺水', '溺亡', '落水'],
  '07': ['灼烫', '烫伤', '灼伤', '高温钢水', '高温铁水'],
  '08': ['火灾', '起火', '着火', '大火', '失火', '明火', '浓烟'],
  '09': ['高处坠落', '坠落', '坠亡', '踏空', '坠楼'],
  '10': ['坍塌', '垮塌', '倒塌', '塌方', '塌陷', '脚手架倒塌', '基坑坍塌', '溃坝'],
  '11': ['冒顶片帮', '冒顶', '片帮', '顶板事故', '冲击地压'],
  '12': ['透水', '突水', '涌水', '淹井', '老空水'],
  '13': ['放炮'],
  '14': ['火药爆炸', '炸药爆炸', '烟花爆竹'],
  '15': ['瓦斯爆炸', '瓦斯突出', '煤与瓦斯突出', '瓦斯超限', '煤尘爆炸'],
  '16': ['锅炉爆炸'],
  '17': ['容器爆炸', '储罐爆炸', '反应釜爆炸', '压力容器爆炸', '气瓶爆炸'],
  '18': ['其他爆炸', '爆炸', '爆燃', '闪爆', '燃爆', '粉尘爆炸', '燃气爆炸'],
  '19': ['中毒和窒息', '中毒', '窒息', '有限空间', '硫化氢', '一氧化碳', '缺氧', '泄漏', '泄露', '液氯', '液氨', '氨气'],
  '20': ['其他伤害'],
};

const CUE_LIST: readonly { cue: string; code: AccidentTypeCode }[] = (
  Object.entries(TYPE_CUES) as [AccidentTypeCode, readonly string[]][]
)
  .flatMap(([code, cues]) => cues.map((cue) => ({ cue, code })))
  .sort((a, b) => b.cue.length - a.cue.length);

const N = `[${NUMBER_CHARS}]+`;
// Not preceded by another numeral (so "982" is not read as "82"), by 第 (ordinals) or by 数/几 ("数十人" is vague).
const NUM = `(?<![${NUMBER_CHARS}第数几若])(${N})(?:余|多)?`;
const CL = '(?:人|名|位)';
const APPROX = '(?:至少|约|近|逾|超过|超|多达|共|已|达)?';
// Up to 10 characters between "N人" and the verb ("4名学生死亡"), without punctuation or another "N人".
const GAP = `(?:(?![${NUMBER_CHARS}]+${CL})[^，。；、！？,;!?\\s\\d死伤亡()（）]){0,10}?`;

interface TermSpec {
  field: CountField;
  /** Verb after the count: "3人死亡". */
  after: string;
  /** Noun before the count: "死亡人数升至12人". */
  before: string | null;
}

const TERMS: readonly TermSpec[] = [
  { field: 'deaths', after: '(?:死亡|遇难|罹难|身亡|丧生|殉职|殒命)', before: '(?:死亡|遇难|罹难|身亡|丧生)' },
  { field: 'seriousInjuries', after: '重伤', before: '重伤' },
  // 伤 must not start 伤亡 (total casualties, DOMAIN: not injuries).
  { field: 'injuries', after: '(?:受伤|轻伤|烧伤)', before: '(?<!死)(?:受伤|轻伤)' },
  { field: 'missing', after: '(?:失联|失踪|下落不明)', before: '(?:失联|失踪|下落不明)' },
  { field: 'trapped', after: '被困', before: '被困' },
];

// "死亡42人失踪": the count after a noun belongs to a verb that follows it, if any.
const NEXT_VERB = `(?!${GAP}(?:死亡|遇难|罹难|身亡|丧生|受伤|轻伤|重伤|烧伤|伤|失踪|失联|下落不明|被困))`;

const BEFORE_LINK = '(?:者|人员|矿工|工人)?(?:人数)?(?:已经|已|目前|仍|共)?(?:上升|攀升|增加|增|升|达)?(?:至|到|为|达)?';

interface Mention {
  field: CountField | 'lossYuan';
  value: number;
  start: number;
  end: number;
  text: string;
  source: 'text' | 'title';
  rumour: boolean;
  /** Negative statements ("无人员伤亡") only fill a field when nothing else does. */
  zero: boolean;
}

interface Span {
  start: number;
  end: number;
}

const RUMOUR_CUE = /网传|据网友|有网友|网友爆料|网友称|网曝|网帖|传言|传闻|谣传|朋友圈/g;
// A later official statement in the same sentence ends the rumour clause.
const OFFICIAL_CUE = /官方|通报|经核实|核实|证实|应急管理|公安|政府|辟谣/g;
const PERIOD_CUE = /今年以来|年以来|全年|上半年|下半年|[一二三四1-4]季度|前\d+个?月|\d+[-—~至]\d+月|年度|同比|环比|累计|历年|近[0-9一二三四五六七八九十]+年/;
const MULTI_EVENTS = new RegExp(`(?<![第${NUMBER_CHARS}])(${N})(?:余|多)?起`, 'g');

function sentenceSpans(text: string): Span[] {
  const spans: Span[] = [];
  let start = 0;
  for (const m of text.matchAll(/[。！？!?；;\n]/g)) {
    const end = (m.index ?? 0) + 1;
    spans.push({ start, end });
    start = end;
  }
  if (start < text.length) spans.push({ start, end: text.length });
  return spans;
}

function isAggregateSentence(s: string): boolean {
  let multi = false;
  for (const m of s.matchAll(MULTI_EVENTS)) {
    const v = parseChineseNumber(m[1] ?? '');
    if (v !== null && v >= 2) multi = true;
  }
  const period = PERIOD_CUE.test(s) && !/第[^，。]{0,4}起|最/.test(s);
  return period || (multi && /共|累计|合计|总计/.test(s));
}

function rumourSpans(text: string, sentences: readonly Span[]): Span[] {
  const out: Span[] = [];
  for (const m of text.matchAll(RUMOUR_CUE)) {
    const at = m.index ?? 0;
    const sentence = sentences.find((s) => at >= s.start && at < s.end);
    if (!sentence) continue;
    let end = sentence.end;
    for (const o of text.slice(at, sentence.end).matchAll(OFFICIAL_CUE)) {
      const rel = o.index ?? 0;
      if (o[0] === '辟谣') continue;
      end = at + rel;
      break;
    }
    out.push({ start: sentence.start, end });
  }
  return out;
}

function inside(spans: readonly Span[], at: number): boolean {
  return spans.some((s) => at >= s.start && at < s.end);
}

function countMentions(text: string, source: 'text' | 'title'): Omit<Mention, 'rumour'>[] {
  const out: Omit<Mention, 'rumour'>[] = [];
  const push = (field: CountField, raw: string, m: RegExpMatchArray): void => {
    // A lone big unit ("近万人", "上千人") is an estimate, not a count.
    if (/^[百千万亿]$/.test(raw)) return;
    const value = parseChineseNumber(raw);
    if (value === null || !Number.isInteger(value)) return;
    const start = m.index ?? 0;
    out.push({ field, value, start, end: start + m[0].length, text: m[0], source, zero: false });
  };
  for (const t of TERMS) {
    const after = new RegExp(`${APPROX}${NUM}${CL}${GAP}(?:已|不幸|当场|先后)?${t.after}`, 'g');
    for (const m of text.matchAll(after)) push(t.field, m[1] ?? '', m);
    if (t.before) {
      const before = new RegExp(`${t.before}${BEFORE_LINK}${APPROX}${NUM}${CL}${NEXT_VERB}`, 'g');
      for (const m of text.matchAll(before)) push(t.field, m[1] ?? '', m);
    }
  }
  // Bare 伤 right after the count: "已致21人伤"; not 伤亡/伤势/伤者.
  for (const m of text.matchAll(new RegExp(`${NUM}${CL}伤(?![亡势者员害情口残])`, 'g'))) {
    push('injuries', m[1] ?? '', m);
  }
  // Headline shorthand "3死5伤", "一死一伤".
  for (const m of text.matchAll(new RegExp(`${NUM}死(?!亡|伤)(?:(${N})伤(?!亡))?`, 'g'))) {
    push('deaths', m[1] ?? '', m);
    if (m[2]) push('injuries', m[2], m);
  }
  for (const m of text.matchAll(new RegExp(`${NUM}伤(?:(${N})亡)`, 'g'))) {
    // "5伤2亡"
    push('injuries', m[1] ?? '', m);
    push('deaths', m[2] ?? '', m);
  }
  const zero = (fields: CountField[], re: RegExp): void => {
    for (const m of text.matchAll(re)) {
      const start = m.index ?? 0;
      for (const field of fields) {
        out.push({ field, value: 0, start, end: start + m[0].length, text: m[0], source, zero: true });
      }
    }
  };
  zero(['deaths', 'injuries'], /(?:无|未造成|没有|未有|暂无|未发现)(?:任何)?人员伤亡|无人伤亡/g);
  zero(['deaths'], /(?:无|未造成|没有|暂无)(?:人员)?(?:死亡|遇难)|无人(?:死亡|遇难)/g);
  return out;
}

function lossMentions(text: string, source: 'text' | 'title'): Omit<Mention, 'rumour'>[] {
  const out: Omit<Mention, 'rumour'>[] = [];
  const re = new RegExp(
    `(?:直接)?经济损失[^，。；0-9${NUMBER_CHARS}]{0,8}?(${N})(?:余|多)?(万|亿)?(?:余|多)?元`,
    'g',
  );
  for (const m of text.matchAll(re)) {
    const base = parseChineseNumber(`${m[1] ?? ''}${m[2] ?? ''}`);
    if (base === null) continue;
    const start = m.index ?? 0;
    out.push({ field: 'lossYuan', value: base, start, end: start + m[0].length, text: m[0], source, zero: false });
  }
  return out;
}

interface TypeResult {
  code: AccidentTypeCode | null;
  cues: string[];
  evidence: Evidence[];
}

function detectType(parts: readonly { text: string; source: 'text' | 'title' }[]): TypeResult {
  const score = new Map<AccidentTypeCode, number>();
  const first = new Map<AccidentTypeCode, number>();
  const hits: { code: AccidentTypeCode; cue: string; ev: Evidence }[] = [];
  let order = 0;
  for (const { text, source } of parts) {
    const taken = new Array<boolean>(text.length).fill(false);
    for (const { cue, code } of CUE_LIST) {
      let from = 0;
      for (;;) {
        const at = text.indexOf(cue, from);
        if (at < 0) break;
        from = at + 1;
        let free = true;
        for (let i = at; i < at + cue.length; i += 1) if (taken[i]) free = false;
        if (!free) continue;
        for (let i = at; i < at + cue.length; i += 1) taken[i] = true;
        // Headline cues say what the story is about, so they weigh more.
        const w = (source === 'title' ? 3 : 1) * cue.length;
        score.set(code, (score.get(code) ?? 0) + w);
        if (!first.has(code)) first.set(code, order * 1e6 + at);
        hits.push({ code, cue, ev: { field: 'type', text: cue, start: at, end: at + cue.length, source } });
      }
    }
    order += 1;
  }
  let best: AccidentTypeCode | null = null;
  for (const [code, s] of score) {
    if (best === null) {
      best = code;
      continue;
    }
    const bs = score.get(best) ?? 0;
    if (s > bs || (s === bs && (first.get(code) ?? 0) < (first.get(best) ?? 0))) best = code;
  }
  if (best === null) return { code: null, cues: [], evidence: [] };
  const mine = hits.filter((h) => h.code === best);
  return { code: best, cues: [...new Set(mine.map((h) => h.cue))], evidence: mine.slice(0, 3).map((h) => h.ev) };
}

type Counts = Record<CountField | 'lossYuan', number | null>;

/** Extract accident type, casualty counts, loss and grade from one news item. */
export function extractAccidentFacts(text: string, opts: ExtractOptions = {}): AccidentFacts {
  const parts: { text: string; source: 'text' | 'title' }[] = [];
  if (opts.title) parts.push({ text: normalizeDigits(opts.title), source: 'title' });
  parts.push({ text: normalizeDigits(text), source: 'text' });

  const evidence: Evidence[] = [];
  const mentions: Mention[] = [];
  let sawAggregate = false;
  let sawRumour = false;
  for (const part of parts) {
    const sentences = sentenceSpans(part.text);
    const aggregate = sentences.filter((s) => isAggregateSentence(part.text.slice(s.start, s.end)));
    const rumour = rumourSpans(part.text, sentences);
    for (const r of rumour) {
      sawRumour = true;
      const cue = RUMOUR_CUE.exec(part.text.slice(r.start, r.end));
      RUMOUR_CUE.lastIndex = 0;
      const at = r.start + (cue?.index ?? 0);
      evidence.push({ field: 'rumour', text: cue?.[0] ?? '', start: at, end: at + (cue?.[0].length ?? 0), source: part.source });
    }
    for (const m of [...countMentions(part.text, part.source), ...lossMentions(part.text, part.source)]) {
      if (inside(aggregate, m.start)) {
        sawAggregate = true;
        continue;
      }
      mentions.push({ ...m, rumour: inside(rumour, m.start) });
    }
    if (sawAggregate && !evidence.some((e) => e.field === 'aggregate')) {
      const s = aggregate[0];
      if (s) evidence.push({ field: 'aggregate', text: part.text.slice(s.start, s.end), start: s.start, end: s.end, source: part.source });
    }
  }

  const fields: (CountField | 'lossYuan')[] = ['deaths', 'seriousInjuries', 'injuries', 'missing', 'trapped', 'lossYuan'];
  const counts: Counts = { deaths: null, seriousInjuries: null, injuries: null, missing: null, trapped: null, lossYuan: null };
  const official: Counts = { ...counts };
  for (const field of fields) {
    const own = mentions.filter((m) => m.field === field);
    // Prefer official over rumour, real counts over "无人员伤亡"; among equals take the highest (counts only rise as bodies are found).
    const pick = (pool: Mention[]): Mention | undefined => {
      const real = pool.filter((m) => !m.zero);
      const use = real.length > 0 ? real : pool;
      return use.reduce<Mention | undefined>((best, m) => (best === undefined || m.value > best.value ? m : best), undefined);
    };
    const off = pick(own.filter((m) => !m.rumour));
    const chosen = off ?? pick(own);
    if (chosen) {
      counts[field] = chosen.value;
      evidence.push({ field, text: chosen.text, start: chosen.start, end: chosen.end, source: chosen.source });
    }
    official[field] = off ? off.value : null;
  }

  const aggregate = sawAggregate && mentions.length === 0;
  const type = detectType(parts);
  evidence.push(...type.evidence);

  const provisionalDeaths =
    official.deaths === null && official.missing === null ? null : (official.deaths ?? 0) + (official.missing ?? 0);
  const grade = accidentGrade({ deaths: provisionalDeaths, seriousInjuries: official.seriousInjuries, lossYuan: official.lossYuan });

  return {
    type: type.code ? ACCIDENT_TYPES[type.code] : null,
    typeCode: type.code,
    typeCues: type.cues,
    deaths: counts.deaths,
    seriousInjuries: counts.seriousInjuries,
    injuries: counts.injuries,
    missing: counts.missing,
    trapped: counts.trapped,
    lossYuan: counts.lossYuan,
    grade,
    aggregate,
    rumour: sawRumour,
    evidence,
  };
}
