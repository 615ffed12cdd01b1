/**
 * Rule-based extraction of accident facts (type, casualties, loss) from Chinese news text.
 * Vocabulary follows DOMAIN.md §5.1; grading follows §2.1 and §2.4.
 */
import { NUMBER_CHARS, normalizeDigits, parseChineseNumber } from './chinese-numbers';
import { CharBitset, CharTable } from './char-table';
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
export type EvidenceField = CountField | 'lossYuan' | 'type' | 'aggregate' | 'rumour' | 'enterprise' | 'time';

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
  /** Responsible enterprise when the report names it ("某化工厂" is not a name). */
  enterprise: string | null;
  /** The time phrase of the accident as written ("11月23日14时30分许") and, given a reference date, resolved. */
  occurredText: string | null;
  occurredAt: Date | null;
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
  /** Publication time: resolves "23日凌晨3时许" to a date (Asia/Shanghai). */
  reference?: Date;
  /** Accident-type cues from the database lexicon; the built-in list when absent. */
  typeCues?: readonly TypeCue[];
}

export interface TypeCue {
  cue: string;
  code: AccidentTypeCode;
}

export function isAccidentTypeCode(code: string): code is AccidentTypeCode {
  return Object.hasOwn(ACCIDENT_TYPES, code);
}

// Synonyms from DOMAIN §5.1; longer cues win over the shorter ones they contain.
export const TYPE_CUES: Readonly<Record<AccidentTypeCode, readonly string[]>> = {
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

/** Longest cue first, so 瓦斯爆炸 claims its characters before 爆炸 can. */
export function compileTypeCues(cues: readonly TypeCue[]): TypeCue[] {
  return [...cues].sort((a, b) => b.cue.length - a.cue.length);
}

export const DEFAULT_TYPE_CUES: readonly TypeCue[] = compileTypeCues(
  (Object.entries(TYPE_CUES) as [AccidentTypeCode, readonly string[]][]).flatMap(([code, cues]) =>
    cues.map((cue) => ({ cue, code })),
  ),
);

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

type RawMention = Omit<Mention, 'rumour'>;

interface Span {
  start: number;
  end: number;
}

// Compiled once at module load: building these per call cost more than running them.
const RUMOUR_CUE = /网传|据网友|有网友|网友爆料|网友称|网曝|网帖|传言|传闻|谣传|朋友圈/g;
// A later official statement in the same sentence ends the rumour clause.
const OFFICIAL_CUE = /官方|通报|经核实|核实|证实|应急管理|公安|政府|辟谣/g;
const PERIOD_CUE = /今年以来|年以来|全年|上半年|下半年|[一二三四1-4]季度|前\d+个?月|\d+[-—~至]\d+月|年度|同比|环比|累计|历年|近[0-9一二三四五六七八九十]+年/;
const PERIOD_CUE_G = new RegExp(PERIOD_CUE.source, 'g');
/** "3起事故": two or more events counted in one sentence. Sticky: run at the start of a number run. */
const MULTI_EVENTS_AT = new RegExp(`(?<![第${NUMBER_CHARS}])(${N})(?:余|多)?起`, 'y');
const NOT_PERIOD = /第[^，。]{0,4}起|最/;
const TOTAL_WORD = /共|累计|合计|总计/;
/** The characters of NUMBER_CHARS ('0-9' spelled out). */
const NUMBER_SET = new CharTable([[NUMBER_CHARS.replace('0-9', '0123456789'), 1]]);
/** Sentence ends: 。！？!?；;\n. */
function isSentenceEnd(c: number): boolean {
  return c === 0x3002 || c === 0xff01 || c === 0xff1f || c === 0x21 || c === 0x3f || c === 0xff1b || c === 0x3b || c === 0x0a;
}

function sentenceSpans(text: string): Span[] {
  const spans: Span[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (!isSentenceEnd(text.charCodeAt(i))) continue;
    spans.push({ start, end: i + 1 });
    start = i + 1;
  }
  if (start < text.length) spans.push({ start, end: text.length });
  return spans;
}

/** Index of the sentence holding offset `at` (sentences are sorted and cover the text). */
function sentenceAt(sentences: readonly Span[], at: number): number {
  let lo = 0;
  let hi = sentences.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sentences[mid] as Span).end <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Sentences that report period statistics. Neither cue can span a sentence end, so each is
 * searched once over the whole text and mapped to its sentence, instead of once per sentence.
 */
function aggregateSentences(text: string, sentencesOf: () => readonly Span[]): Span[] {
  let period: Uint8Array | undefined;
  let multi: Uint8Array | undefined;
  let sentences: readonly Span[] = [];
  // Sentences are split only when a cue is found (most texts have none).
  const mark = (which: 'period' | 'multi', at: number): void => {
    if (period === undefined || multi === undefined) {
      sentences = sentencesOf();
      period = new Uint8Array(sentences.length);
      multi = new Uint8Array(sentences.length);
    }
    (which === 'period' ? period : multi)[sentenceAt(sentences, at)] = 1;
  };
  PERIOD_CUE_G.lastIndex = 0;
  for (let m = PERIOD_CUE_G.exec(text); m !== null; m = PERIOD_CUE_G.exec(text)) mark('period', m.index);
  // MULTI_EVENTS ends in 起 and its count starts where a run of number characters does: each
  // 起 is checked where it stands, instead of running the regex over the text (起 is common:
  // 起火, 一起). Run it anchored at the run's start (sticky), so the match is the regex's own.
  for (let j = text.indexOf('起'); j >= 0; j = text.indexOf('起', j + 1)) {
    let q = j;
    if (q > 0 && (text.charCodeAt(q - 1) === 0x4f59 || text.charCodeAt(q - 1) === 0x591a)) q--; // 余 多
    if (q === 0 || NUMBER_SET.get(text.charCodeAt(q - 1)) === 0) continue;
    let p = q - 1;
    while (p > 0 && NUMBER_SET.get(text.charCodeAt(p - 1)) !== 0) p--;
    MULTI_EVENTS_AT.lastIndex = p;
    const m = MULTI_EVENTS_AT.exec(text);
    if (m === null) continue;
    const v = parseChineseNumber(m[1] ?? '');
    if (v !== null && v >= 2) mark('multi', m.index);
  }
  if (period === undefined || multi === undefined) return [];
  const out: Span[] = [];
  for (let i = 0; i < sentences.length; i++) {
    if (period[i] === 0 && multi[i] === 0) continue;
    const span = sentences[i] as Span;
    const s = text.slice(span.start, span.end);
    if ((period[i] === 1 && !NOT_PERIOD.test(s)) || (multi[i] === 1 && TOTAL_WORD.test(s))) out.push(span);
  }
  return out;
}

function rumourSpans(text: string, sentencesOf: () => readonly Span[]): Span[] {
  const out: Span[] = [];
  RUMOUR_CUE.lastIndex = 0;
  for (let m = RUMOUR_CUE.exec(text); m !== null; m = RUMOUR_CUE.exec(text)) {
    const at = m.index;
    const sentences = sentencesOf();
    // Sentences are sorted and cover the text: the one holding `at`.
    const sentence = sentences[sentenceAt(sentences, at)];
    if (!sentence || at < sentence.start || at >= sentence.end) continue;
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
  for (const s of spans) if (at >= s.start && at < s.end) return true;
  return false;
}

// Clause characters that casualty patterns need, as bits; a clause without them is not searched.
const HAS_NUMBER = 1;
const HAS_DEATH = 2; // 死亡 遇难 罹难 身亡 丧生 殉职 殒命, shorthand 死
const HAS_HURT = 4; // 受伤 轻伤 重伤 烧伤, bare 伤, 伤亡
const HAS_MISSING = 8; // 失联 失踪 下落不明
const HAS_TRAPPED = 16; // 被困
const HAS_NONE = 32; // 无 没 未: "无人员伤亡"
/** Character classes for the adjacency checks below (not clause bits themselves). */
const C_NUMERAL = 64; // NUMBER_CHARS (with the point)
const C_ROUGH = 128; // 余 多
const C_CLASSIFIER = 256; // 人 名 位
const C_SI = 512; // 死
const C_SHANG = 1024; // 伤
const CLAUSE_CHAR_BITS = 63;
/** A count with its classifier: a number character, 余/多 or not, then 人/名/位 ("3人", "十余名"). */
const HAS_COUNT = 2048;
/** A number character, 余/多 or not, then 死 or 伤: the headline shorthands "3死", "5伤2亡". */
const HAS_SHORT_DEATH = 4096;
const HAS_SHORT_HURT = 8192;
const CLAUSE_BITS = new CharTable([
  ['0123456789零〇一二两三四五六七八九十百千万亿', HAS_NUMBER],
  ['死遇罹身丧殉殒', HAS_DEATH],
  ['伤', HAS_HURT],
  ['失落', HAS_MISSING],
  ['困', HAS_TRAPPED],
  ['无没未', HAS_NONE],
  [NUMBER_CHARS.replace('0-9', '0123456789'), C_NUMERAL],
  ['余多', C_ROUGH],
  ['人名位', C_CLASSIFIER],
  ['死', C_SI],
  ['伤', C_SHANG],
]);

/**
 * Characters no casualty pattern can match: the ones GAP excludes (，。；、！？,;!? and white
 * space). Every pattern below matches inside one clause, so running it per clause finds the
 * same matches as running it over the whole text (lookarounds at a clause edge see a break
 * character, which none of them accepts).
 */
function isClauseBreak(c: number): boolean {
  if (c < 0x80) return c === 0x2c || c === 0x3b || c === 0x21 || c === 0x3f || c === 0x20 || (c >= 9 && c <= 13);
  switch (c) {
    case 0xff0c: // ，
    case 0x3002: // 。
    case 0xff1b: // ；
    case 0x3001: // 、
    case 0xff01: // ！
    case 0xff1f: // ？
    case 0xa0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202f:
    case 0x205f:
    case 0x3000:
    case 0xfeff:
      return true;
    default:
      return c >= 0x2000 && c <= 0x200a; // the remaining \s spaces
  }
}

type CountKind = 'count' | 'shorthandDeath' | 'shorthandHurt' | 'zero';

interface CountRule {
  re: RegExp;
  /** Clause bits that must all be present. */
  needs: number;
  kind: CountKind;
  /** Field of the first capture ('count'), or the fields a 'zero' statement fills. */
  fields: readonly CountField[];
}

const COUNT_RULES: readonly CountRule[] = [
  ...TERMS.flatMap((t): CountRule[] => {
    const verb = { deaths: HAS_DEATH, seriousInjuries: HAS_HURT, injuries: HAS_HURT, missing: HAS_MISSING, trapped: HAS_TRAPPED }[t.field];
    const after: CountRule = {
      re: new RegExp(`${APPROX}${NUM}${CL}${GAP}(?:已|不幸|当场|先后)?${t.after}`, 'g'),
      needs: HAS_NUMBER | HAS_COUNT | verb,
      kind: 'count',
      fields: [t.field],
    };
    if (!t.before) return [after];
    const before: CountRule = {
      re: new RegExp(`${t.before}${BEFORE_LINK}${APPROX}${NUM}${CL}${NEXT_VERB}`, 'g'),
      needs: HAS_NUMBER | HAS_COUNT | verb,
      kind: 'count',
      fields: [t.field],
    };
    return [after, before];
  }),
  // Bare 伤 right after the count: "已致21人伤"; not 伤亡/伤势/伤者.
  { re: new RegExp(`${NUM}${CL}伤(?![亡势者员害情口残])`, 'g'), needs: HAS_NUMBER | HAS_COUNT | HAS_HURT, kind: 'count', fields: ['injuries'] },
  // Headline shorthand "3死5伤", "一死一伤".
  { re: new RegExp(`${NUM}死(?!亡|伤)(?:(${N})伤(?!亡))?`, 'g'), needs: HAS_NUMBER | HAS_DEATH | HAS_SHORT_DEATH, kind: 'shorthandDeath', fields: [] },
  // "5伤2亡"
  { re: new RegExp(`${NUM}伤(?:(${N})亡)`, 'g'), needs: HAS_NUMBER | HAS_HURT | HAS_SHORT_HURT, kind: 'shorthandHurt', fields: [] },
  {
    re: /(?:无|未造成|没有|未有|暂无|未发现)(?:任何)?人员伤亡|无人伤亡/g,
    needs: HAS_NONE | HAS_HURT,
    kind: 'zero',
    fields: ['deaths', 'injuries'],
  },
  { re: /(?:无|未造成|没有|暂无)(?:人员)?(?:死亡|遇难)|无人(?:死亡|遇难)/g, needs: HAS_NONE | HAS_DEATH, kind: 'zero', fields: ['deaths'] },
];

// A lone big unit ("近万人", "上千人") is an estimate, not a count.
const LONE_UNIT = /^[百千万亿]$/;
const THRESHOLD = /[人名位]\s*(?:及)?以[上下]/;

function pushCount(out: RawMention[], field: CountField, raw: string, m: RegExpExecArray, offset: number, source: 'text' | 'title'): void {
  if (LONE_UNIT.test(raw)) return;
  // "10人以上30人以下死亡" defines a grade (an explainer, a regulation); it reports no accident.
  if (THRESHOLD.test(m[0])) return;
  const value = parseChineseNumber(raw);
  if (value === null || !Number.isInteger(value)) return;
  const start = offset + m.index;
  out.push({ field, value, start, end: start + m[0].length, text: m[0], source, zero: false });
}

function applyRule(rule: CountRule, clause: string, offset: number, source: 'text' | 'title', out: RawMention[]): void {
  const re = rule.re;
  re.lastIndex = 0;
  for (let m = re.exec(clause); m !== null; m = re.exec(clause)) {
    if (rule.kind === 'count') {
      pushCount(out, rule.fields[0] as CountField, m[1] ?? '', m, offset, source);
    } else if (rule.kind === 'shorthandDeath') {
      pushCount(out, 'deaths', m[1] ?? '', m, offset, source);
      if (m[2]) pushCount(out, 'injuries', m[2], m, offset, source);
    } else if (rule.kind === 'shorthandHurt') {
      pushCount(out, 'injuries', m[1] ?? '', m, offset, source);
      pushCount(out, 'deaths', m[2] ?? '', m, offset, source);
    } else {
      const start = offset + m.index;
      for (const field of rule.fields) {
        out.push({ field, value: 0, start, end: start + m[0].length, text: m[0], source, zero: true });
      }
    }
  }
}

/**
 * Casualty counts and "no casualties" statements, in rule order, then text order within a rule.
 * Each clause is searched only by the rules whose characters it holds; the count rules also need
 * a number right before its classifier or 死/伤 (with 余/多 between or not), which most clauses
 * with a number lack (dates, times, sizes).
 */
function countMentions(text: string, source: 'text' | 'title'): RawMention[] {
  let byRule: RawMention[][] | undefined;
  let start = 0;
  let bits = 0;
  // Whether the previous character is a number, and whether a number ends right before the
  // current one (余/多 between or not).
  let prevNumber = false;
  let afterNumber = false;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 0x20;
    if (!isClauseBreak(c)) {
      const v = CLAUSE_BITS.get(c);
      if (v === 0) {
        prevNumber = false;
        afterNumber = false;
        continue;
      }
      bits |= v & CLAUSE_CHAR_BITS;
      if (afterNumber) {
        if (v & C_CLASSIFIER) bits |= HAS_COUNT;
        else if (v & C_SI) bits |= HAS_SHORT_DEATH;
        else if (v & C_SHANG) bits |= HAS_SHORT_HURT;
      }
      afterNumber = (v & C_NUMERAL) !== 0 || (prevNumber && (v & C_ROUGH) !== 0);
      prevNumber = (v & C_NUMERAL) !== 0;
      continue;
    }
    prevNumber = false;
    afterNumber = false;
    if (bits & (HAS_NUMBER | HAS_NONE)) {
      const clause = text.slice(start, i);
      for (let r = 0; r < COUNT_RULES.length; r++) {
        const rule = COUNT_RULES[r] as CountRule;
        if ((bits & rule.needs) !== rule.needs) continue;
        byRule ??= COUNT_RULES.map(() => []);
        applyRule(rule, clause, start, source, byRule[r] as RawMention[]);
      }
    }
    start = i + 1;
    bits = 0;
  }
  if (byRule === undefined) return [];
  const out: RawMention[] = [];
  for (const list of byRule) for (const m of list) out.push(m);
  return out;
}

const LOSS_RE = new RegExp(`(?:直接)?经济损失[^，。；0-9${NUMBER_CHARS}]{0,8}?(${N})(?:余|多)?(万|亿)?(?:余|多)?元`, 'g');

function lossMentions(text: string, source: 'text' | 'title'): RawMention[] {
  const out: RawMention[] = [];
  if (!text.includes('经济损失')) return out;
  for (const m of text.matchAll(LOSS_RE)) {
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

/** Characters of the text being matched against the type cues. */
const seenChars = new CharBitset();
/** Characters already claimed by a cue, per text; reused (allocating a typed array per call costs more than the search). */
let takenChars = new Uint8Array(1024);

/** cueEnds per cue list (the built-in one, or one compiled from the database lexicon). */
const cueEndsCache = new WeakMap<readonly TypeCue[], Uint16Array>();

/** [first, last] code unit of every cue, in list order (0, 0 for an empty cue). */
function cueEnds(cues: readonly TypeCue[]): Uint16Array {
  let ends = cueEndsCache.get(cues);
  if (ends === undefined) {
    const out = new Uint16Array(cues.length * 2);
    cues.forEach(({ cue }, k) => {
      if (cue.length === 0) return;
      out[2 * k] = cue.charCodeAt(0);
      out[2 * k + 1] = cue.charCodeAt(cue.length - 1);
    });
    cueEndsCache.set(cues, out);
    ends = out;
  }
  return ends;
}

function detectType(parts: readonly { text: string; source: 'text' | 'title' }[], cueList: readonly TypeCue[]): TypeResult {
  const score = new Map<AccidentTypeCode, number>();
  const first = new Map<AccidentTypeCode, number>();
  const hits: { code: AccidentTypeCode; cue: string; ev: Evidence }[] = [];
  let order = 0;
  for (const { text, source } of parts) {
    // Characters present in this text: a cue whose first or last character is absent is skipped
    // without a search (most of the ~100 cues are absent from any one text).
    for (let i = 0; i < text.length; i++) seenChars.add(text.charCodeAt(i));
    if (takenChars.length < text.length) takenChars = new Uint8Array(Math.max(text.length, takenChars.length * 2));
    const taken = takenChars;
    taken.fill(0, 0, text.length);
    const ends = cueEnds(cueList);
    for (let k = 0; k < cueList.length; k++) {
      if (!seenChars.has(ends[2 * k] as number) || !seenChars.has(ends[2 * k + 1] as number)) continue;
      const { cue, code } = cueList[k] as TypeCue;
      if (cue.length === 0) continue;
      let from = 0;
      for (;;) {
        const at = text.indexOf(cue, from);
        if (at < 0) break;
        from = at + 1;
        let free = true;
        for (let i = at; i < at + cue.length; i += 1) if (taken[i]) free = false;
        if (!free) continue;
        for (let i = at; i < at + cue.length; i += 1) taken[i] = 1;
        // Headline cues say what the story is about, so they weigh more.
        const w = (source === 'title' ? 3 : 1) * cue.length;
        score.set(code, (score.get(code) ?? 0) + w);
        if (!first.has(code)) first.set(code, order * 1e6 + at);
        hits.push({ code, cue, ev: { field: 'type', text: cue, start: at, end: at + cue.length, source } });
      }
    }
    // Clear only the words this text set (cheaper than the whole 8 KB for a short text).
    for (let i = 0; i < text.length; i++) seenChars.clearWord(text.charCodeAt(i));
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

// Legal-entity endings, longest first; a bare 厂/矿 needs a longer name before it.
const ENTERPRISE_SUFFIX =
  '(?:有限责任公司|股份有限公司|有限公司|集团公司|集团|煤业公司|矿业公司|煤矿|矿业|化工厂|钢铁厂|烟花爆竹厂|炮竹厂|加工厂|工厂|电厂|公司|厂|矿)';
// The name runs back to punctuation or to a word that cannot be part of it.
const ENTERPRISE_RE = new RegExp(`([\\u4e00-\\u9fa5A-Za-z0-9（）()]{2,30}?)${ENTERPRISE_SUFFIX}`, 'g');
const NAME_STOP = /.*(?:发生|位于|是|在|的|了|据|由|对|向|与|和|及|从|为|一家|一座|一处|一个|当地|涉事|事发|该|这家|此|其|某|日|时|许|讯|电|称|获悉|报道|介绍|通报|记者)/;
const GENERIC_NAME = /^(?:[一该这此某本涉事发家座处个所]|当地|相关|有关|全国|全省|全市|多家|部分|企业|国有|民营)/;

const ENTERPRISE_SUFFIX_END = new RegExp(`${ENTERPRISE_SUFFIX}$`);
const LEGAL_FORM = /公司|集团/;
const BARE_SUFFIX = /^(?:厂|矿|公司|工厂|煤矿)$/;
const ENDS_WITH_ONE = /(?<!第)一[家座处个所]?$/;

/** A character ENTERPRISE_RE's name part accepts: [\u4e00-\u9fa5A-Za-z0-9（）()]. */
function isNameChar(c: number): boolean {
  if (c >= 0x4e00 && c <= 0x9fa5) return true;
  if (c < 0x80) return (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122) || c === 0x28 || c === 0x29;
  return c === 0xff08 || c === 0xff09;
}

/** Every suffix ends in, or holds, one of 司 团 矿 厂 (公司, 集团, 煤矿, 矿业, 厂). */
function isSuffixMark(c: number): boolean {
  return c === 0x53f8 || c === 0x56e2 || c === 0x77ff || c === 0x5382;
}

/**
 * Runs of name characters that hold a suffix character, as [start, end) pairs. A match of
 * ENTERPRISE_RE consists of name and suffix characters only, so it lies inside one such run and
 * matching each run finds the same names as matching the whole text, without the lazy name
 * being tried at every position of the text.
 */
function suffixRuns(text: string): number[] {
  const runs: number[] = [];
  // Most texts name no company, mine or factory at all.
  if (text.indexOf('司') < 0 && text.indexOf('厂') < 0 && text.indexOf('矿') < 0 && text.indexOf('团') < 0) return runs;
  let start = -1;
  let marked = false;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 0x20;
    if (isNameChar(c)) {
      if (start < 0) start = i;
      if (isSuffixMark(c)) marked = true;
      continue;
    }
    if (start >= 0 && marked && i - start >= 3) runs.push(start, i);
    start = -1;
    marked = false;
  }
  return runs;
}

function findEnterprise(parts: readonly { text: string; source: 'text' | 'title' }[]): { name: string; evidence: Evidence } | null {
  const candidates: { name: string; evidence: Evidence; score: number }[] = [];
  for (const { text, source } of parts) {
    const runs = suffixRuns(text);
    for (let r = 0; r < runs.length; r += 2) {
      const offset = runs[r] as number;
      const run = text.slice(offset, runs[r + 1]);
      // exec rather than matchAll, which clones the regex on every call; no match is empty.
      ENTERPRISE_RE.lastIndex = 0;
      for (let m = ENTERPRISE_RE.exec(run); m !== null; m = ENTERPRISE_RE.exec(run)) {
        const full = m[0];
        const at = offset + m.index;
        // Drop everything up to the last stop word inside the match ("位于X县的Y公司" → "Y公司").
        const cut = NAME_STOP.exec(full.slice(0, -1))?.[0].length ?? 0;
        const name = full.slice(cut);
        const stem = name.replace(ENTERPRISE_SUFFIX_END, '');
        // "郴州一化工厂" names no one.
        if (stem.length < 2 || GENERIC_NAME.test(name) || name.includes('某') || ENDS_WITH_ONE.test(stem)) continue;
        // A short name before a bare 厂/矿/公司 is usually a common noun ("化工厂", "煤矿").
        if (stem.length < 4 && BARE_SUFFIX.test(name.slice(stem.length))) continue;
        const start = at + cut;
        const legal = LEGAL_FORM.test(name) ? 2 : 1;
        candidates.push({ name, score: legal * 10 + (source === 'text' ? 1 : 0), evidence: { field: 'enterprise', text: name, start, end: start + name.length, source } });
      }
    }
  }
  candidates.sort((a, b) => b.score - a.score);
  const best = candidates[0];
  return best ? { name: best.name, evidence: best.evidence } : null;
}

const DAY_PART: Readonly<Record<string, number>> = { 凌晨: 0, 早上: 0, 上午: 0, 中午: 0, 下午: 12, 傍晚: 12, 晚上: 12, 晚: 12, 夜间: 12, 夜里: 12 };
const TIME_RE =
  /(?:(\d{4})年)?(?:(\d{1,2})月)?(\d{1,2})日(凌晨|早上|上午|中午|下午|傍晚|晚上|夜间|夜里|晚)?(?:(\d{1,2})(?:时|点)(?:(\d{1,2})分)?)?许?(?:左右)?/g;

/** Longest TIME_RE prefix before its 日: "2024年11月23" (4 + 1 + 2 + 1 + 2). */
const TIME_BEFORE_DAY = 10;

/**
 * TIME_RE.exec from TIME_RE.lastIndex, starting the search at most TIME_BEFORE_DAY characters
 * before the next 日: no match can start earlier, and the regex's optional prefix would
 * otherwise be tried at every position.
 */
function nextTime(text: string): RegExpExecArray | null {
  const from = TIME_RE.lastIndex;
  const day = text.indexOf('日', from);
  if (day < 0) return null;
  TIME_RE.lastIndex = Math.max(from, day - TIME_BEFORE_DAY);
  return TIME_RE.exec(text);
}

const ACCIDENT_VERB = /发生|突发|起火|爆炸|坍塌|事故|透水|着火|泄漏|侧翻|相撞/;

/** The first dated phrase followed soon by 发生/突发 etc. is the accident time; datelines are skipped. */
function findAccidentTime(
  parts: readonly { text: string; source: 'text' | 'title' }[],
  reference: Date | undefined,
): { text: string; at: Date | null; evidence: Evidence } | null {
  for (const { text, source } of [...parts].reverse()) {
    TIME_RE.lastIndex = 0;
    for (let m = nextTime(text); m !== null; m = nextTime(text)) {
      const at = m.index;
      const after = text.slice(at + m[0].length, at + m[0].length + 40);
      if (after.startsWith('电') || !ACCIDENT_VERB.test(after)) continue;
      if (!m[5] && !m[4] && !m[2]) continue; // a bare "3日" is too weak on its own
      return {
        text: m[0],
        at: resolveTime(m, reference),
        evidence: { field: 'time', text: m[0], start: at, end: at + m[0].length, source },
      };
    }
  }
  return null;
}

const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;

function resolveTime(m: RegExpMatchArray, reference: Date | undefined): Date | null {
  if (!reference) return null;
  const ref = new Date(reference.getTime() + SHANGHAI_OFFSET_MS);
  let year = m[1] ? Number(m[1]) : ref.getUTCFullYear();
  let month = m[2] ? Number(m[2]) - 1 : ref.getUTCMonth();
  const day = Number(m[3]);
  let hour = m[5] ? Number(m[5]) : 0;
  if (m[4] && hour < 12) hour += DAY_PART[m[4]] ?? 0;
  const minute = m[6] ? Number(m[6]) : 0;
  if (day < 1 || day > 31 || hour > 23 || minute > 59 || month > 11) return null;
  // A day after the reference's day without a month means last month ("31日" read on the 2nd).
  if (!m[2] && day > ref.getUTCDate()) {
    month -= 1;
    if (month < 0) {
      month = 11;
      year -= 1;
    }
  } else if (!m[1] && m[2] && month > ref.getUTCMonth()) {
    year -= 1;
  }
  const t = Date.UTC(year, month, day, hour, minute) - SHANGHAI_OFFSET_MS;
  return t > reference.getTime() + 3600_000 ? null : new Date(t);
}

type Counts = Record<CountField | 'lossYuan', number | null>;

/**
 * The mention that fills a field: official over rumour (when `officialOnly`), real counts over
 * "无人员伤亡"; among equals the highest, the first on ties (counts only rise as bodies are found).
 */
function pickMention(mentions: readonly Mention[], field: Mention['field'], officialOnly: boolean): Mention | undefined {
  let real: Mention | undefined;
  let any: Mention | undefined;
  for (const m of mentions) {
    if (m.field !== field || (officialOnly && m.rumour)) continue;
    if (any === undefined || m.value > any.value) any = m;
    if (!m.zero && (real === undefined || m.value > real.value)) real = m;
  }
  return real ?? any;
}

function hasAggregateEvidence(evidence: readonly Evidence[]): boolean {
  for (const e of evidence) if (e.field === 'aggregate') return true;
  return false;
}

/** Extract accident type, casualty counts, loss and grade from one news item. */
const ENUMERATOR = /(?:^|[。！？；;!?\s：:])([1-9])[、．.](?![0-9])/g;

/** Evidence of a numbered roundup: items 1, 2 and 3 in order. */
function roundupEvidence(parts: readonly { text: string; source: 'text' | 'title' }[]): Evidence | null {
  for (const { text, source } of parts) {
    if (text.indexOf('3') < 0) continue;
    let expect = 1;
    let first = -1;
    ENUMERATOR.lastIndex = 0;
    for (let m = ENUMERATOR.exec(text); m !== null; m = ENUMERATOR.exec(text)) {
      if (Number(m[1]) !== expect) continue;
      if (expect === 1) first = m.index + m[0].indexOf('1');
      expect += 1;
      if (expect > 3) {
        const end = m.index + m[0].length;
        return { field: 'aggregate', text: text.slice(first, end), start: first, end, source };
      }
    }
  }
  return null;
}

export function extractAccidentFacts(text: string, opts: ExtractOptions = {}): AccidentFacts {
  const parts: { text: string; source: 'text' | 'title' }[] = [];
  if (opts.title) parts.push({ text: normalizeDigits(opts.title), source: 'title' });
  parts.push({ text: normalizeDigits(text), source: 'text' });

  const evidence: Evidence[] = [];
  const mentions: Mention[] = [];
  let sawAggregate = false;
  let sawRumour = false;
  for (const part of parts) {
    let sentences: Span[] | undefined;
    const sentencesOf = (): Span[] => (sentences ??= sentenceSpans(part.text));
    const aggregate = aggregateSentences(part.text, sentencesOf);
    const rumour = rumourSpans(part.text, sentencesOf);
    for (const r of rumour) {
      sawRumour = true;
      const cue = RUMOUR_CUE.exec(part.text.slice(r.start, r.end));
      RUMOUR_CUE.lastIndex = 0;
      const at = r.start + (cue?.index ?? 0);
      evidence.push({ field: 'rumour', text: cue?.[0] ?? '', start: at, end: at + (cue?.[0].length ?? 0), source: part.source });
    }
    for (const found of [countMentions(part.text, part.source), lossMentions(part.text, part.source)]) {
      for (const m of found) {
        if (inside(aggregate, m.start)) {
          sawAggregate = true;
          continue;
        }
        const { field, value, start, end, text: said, source, zero } = m;
        mentions.push({ field, value, start, end, text: said, source, zero, rumour: inside(rumour, start) });
      }
    }
    if (sawAggregate && !hasAggregateEvidence(evidence)) {
      const s = aggregate[0];
      if (s) evidence.push({ field: 'aggregate', text: part.text.slice(s.start, s.end), start: s.start, end: s.end, source: part.source });
    }
  }

  const fields: (CountField | 'lossYuan')[] = ['deaths', 'seriousInjuries', 'injuries', 'missing', 'trapped', 'lossYuan'];
  const counts: Counts = { deaths: null, seriousInjuries: null, injuries: null, missing: null, trapped: null, lossYuan: null };
  const official: Counts = { ...counts };
  for (const field of fields) {
    const off = pickMention(mentions, field, true);
    const chosen = off ?? pickMention(mentions, field, false);
    if (chosen) {
      counts[field] = chosen.value;
      evidence.push({ field, text: chosen.text, start: chosen.start, end: chosen.end, source: chosen.source });
    }
    official[field] = off ? off.value : null;
  }

  // A numbered news roundup (早报: "1、… 2、… 3、…") is many stories: its figures grade no accident.
  const roundup = roundupEvidence(parts);
  if (roundup) {
    evidence.push(roundup);
    for (const field of fields) {
      counts[field] = null;
      official[field] = null;
    }
  }
  const aggregate = roundup !== null || (sawAggregate && mentions.length === 0);
  const type = detectType(parts, opts.typeCues ?? DEFAULT_TYPE_CUES);
  evidence.push(...type.evidence);
  const enterprise = findEnterprise(parts);
  if (enterprise) evidence.push(enterprise.evidence);
  const when = findAccidentTime(parts, opts.reference);
  if (when) evidence.push(when.evidence);

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
    enterprise: enterprise?.name ?? null,
    occurredText: when?.text ?? null,
    occurredAt: when?.at ?? null,
    grade,
    aggregate,
    rumour: sawRumour,
    evidence,
  };
}
