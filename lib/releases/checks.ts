/**
 * Checks a release draft must pass before it goes to review (issue 7, DOMAIN §4.5): personal
 * data, sensitive terms, figures that disagree with the latest official figures, missing required
 * elements, and leftover 【待补充】 placeholders. Pure: the caller passes the draft, its kind and
 * the official figures. A 'block' finding stops the draft going to 保密审查; a 'warn' is shown to
 * the drafter and the reviewer.
 *
 * Offsets are UTF-16 code units into the text as given.
 */
import { extractAccidentFacts } from '@/lib/analysis/accident';
import type { CountField } from '@/lib/analysis/accident';
import { normalizeDigits } from '@/lib/analysis/chinese-numbers';
import { extractPlace } from '@/lib/analysis/place';
import type { ReleaseElementId, ReleaseKind } from './kinds';
import { RELEASE_KIND_SPECS } from './kinds';
import type { SensitiveTerm } from './sensitive-terms';
import { SENSITIVE_CATEGORY_LABELS, SENSITIVE_TERMS } from './sensitive-terms';
import type { OfficialFigures } from './templates';
import { listPlaceholders } from './templates';

export type FindingKind = 'personal_data' | 'sensitive_term' | 'figure_mismatch' | 'missing_element' | 'placeholder';
export type FindingSeverity = 'block' | 'warn';

export interface Span {
  start: number;
  end: number;
}

export interface Finding {
  kind: FindingKind;
  /** The detector: 'id18', 'mobile', 'deaths', 'casualties', a sensitive term… */
  rule: string;
  severity: FindingSeverity;
  message: string;
  offsets: Span[];
}

export const FINDING_KIND_LABELS: Readonly<Record<FindingKind, string>> = {
  personal_data: '个人信息',
  sensitive_term: '敏感用语',
  figure_mismatch: '数字与官方不一致',
  missing_element: '缺少要素',
  placeholder: '待补充内容',
};

export interface CheckInput {
  kind: ReleaseKind;
  text: string;
  /** Latest official figures of the event (templates.officialFiguresFromFacts). */
  official: OfficialFigures;
  /** Phone numbers and e-mail addresses published on purpose (duty line, press mailbox): not flagged. */
  publicContacts?: readonly string[];
  /** The sensitive-term list; SENSITIVE_TERMS when absent. */
  terms?: readonly SensitiveTerm[];
}

export interface CheckResult {
  findings: Finding[];
  /** True when any finding blocks review. */
  blocked: boolean;
}

export function checkRelease(input: CheckInput): CheckResult {
  const text = input.text;
  const findings = [
    ...placeholderFindings(text),
    ...missingElementFindings(input.kind, text),
    ...figureFindings(text, input.official),
    ...personalDataFindings(text, input.publicContacts ?? []),
    ...sensitiveTermFindings(text, input.kind, input.terms ?? SENSITIVE_TERMS),
  ];
  findings.sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || (a.offsets[0]?.start ?? -1) - (b.offsets[0]?.start ?? -1));
  return { findings, blocked: findings.some((f) => f.severity === 'block') };
}

function severityRank(s: FindingSeverity): number {
  return s === 'block' ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// Placeholders

export function placeholderFindings(text: string): Finding[] {
  return listPlaceholders(text).map((p) => ({
    kind: 'placeholder',
    rule: 'placeholder',
    severity: 'block',
    message: `尚有待补充内容：${p.label || '（未注明）'}`,
    offsets: [{ start: p.start, end: p.end }],
  }));
}

// ---------------------------------------------------------------------------------------------
// Required elements

/**
 * A placeholder, with the words that lead into it in its clause ("新闻联系人及电话：", "下一次情况发布
 * 定于"), blanked to spaces (offsets kept): a label waiting for its content is not the element.
 */
const PLACEHOLDER_WITH_LEAD = /[^\s，。；、,;！？!?]{0,12}【待补充[：:][^】]*】/g;

function withoutPlaceholders(text: string): string {
  return text.replace(PLACEHOLDER_WITH_LEAD, (m) => ' '.repeat(m.length));
}

const CN_DATE = '(?:\\d{1,2}|[一二三四五六七八九十]{1,3})月(?:\\d{1,2}|[一二三四五六七八九十]{1,3})日';
const DATE_BEFORE_ACCIDENT = new RegExp(`${CN_DATE}[^。]{0,40}(?:发生|突发|起火|爆炸|坍塌|事故|透水|着火|泄漏|侧翻|相撞)`);
const AS_OF = /(?:截至|截止)(?:目前|发稿时|[^，。\n]{0,20}[日时分])/;
const ENTERPRISE_WORDS = /(?:事故发生单位|涉事企业|涉事单位)(?:为|是|系|：|:)/;
const RESCUE = /救援|搜救|抢险|救治|救出|获救|升井|施救|善后|送医|搜寻/;
const MEASURES = /启动|成立|赶赴|组织|调集|部署|开展|采取|疏散|管控|封控|转移|排查/;
const NEXT_RELEASE = /(?:将|会)[^。；\n]{0,30}(?:发布|通报)|(?:持续|及时|适时|另行)(?:发布|通报)|下一次(?:情况)?发布/;
const CONTACT = /联系电话|咨询电话|值班电话|联系人|联系方式|新闻发言人|发言人|热线/;
const ISSUER = /应急管理(?:部|厅|局)|人民政府|安全生产委员会|安委会|安委办|指挥部|新闻办公室|新闻办|调查组|管理局|监察局|委员会|办公室/;
const LOSS = /经济损失/;
const TEAM = /调查组/;
const GRADE = /(?:特别重大|重大|较大|一般)(?:生产安全)?(?:责任)?(?:事故|火灾|道路交通)/;
const NATURE = /责任事故|非责任事故|自然灾害|事故性质/;
const CAUSE = /原因(?:是|为|系|：|:)|直接原因|间接原因/;
const RESPONSIBILITY = /追究|问责|处分|移送|责任认定|责任人|处理建议|行政处罚|立案|刑事责任/;
const RECTIFICATION = /防范|整改/;
const REPORT_PUBLISHED = /(?:全文|调查报告)[^。]{0,30}(?:公布|公开|发布|刊登)/;
const PROGRESS = /善后|整改|排查|大检查|救治|赔偿|安置|复产|调查|追责|问责|处置|抚恤|进展/;
const CONCERN = /关注|网传|反映|质疑|疑问|回应|关切|不实/;

type Facts = ReturnType<typeof extractAccidentFacts>;

function hasCasualty(f: Facts): boolean {
  return f.deaths !== null || f.injuries !== null || f.seriousInjuries !== null || f.missing !== null || f.trapped !== null;
}

/** The issuer signs at the end: one of the last three non-empty lines names an agency. */
function hasIssuer(text: string): boolean {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  return lines.slice(-3).some((l) => ISSUER.test(l));
}

/** Whether each element is present, by cue words and the analysis extractors. Heuristic by design. */
export function presentElements(text: string): Record<ReleaseElementId, boolean> {
  const t = withoutPlaceholders(normalizeDigits(text));
  const facts = extractAccidentFacts(t);
  return {
    time: facts.occurredText !== null || DATE_BEFORE_ACCIDENT.test(t),
    asOf: AS_OF.test(t),
    place: extractPlace(t).province !== null,
    enterprise: facts.enterprise !== null || ENTERPRISE_WORDS.test(t),
    accidentType: facts.type !== null,
    casualties: hasCasualty(facts),
    loss: LOSS.test(t),
    rescue: RESCUE.test(t),
    measures: MEASURES.test(t),
    nextRelease: NEXT_RELEASE.test(t),
    contact: CONTACT.test(t),
    issuer: hasIssuer(t),
    investigationTeam: TEAM.test(t),
    grade: GRADE.test(t),
    nature: NATURE.test(t),
    cause: CAUSE.test(t),
    responsibility: RESPONSIBILITY.test(t),
    rectification: RECTIFICATION.test(t),
    reportPublished: REPORT_PUBLISHED.test(t),
    progress: PROGRESS.test(t),
    concern: CONCERN.test(t),
  };
}

export function missingElementFindings(kind: ReleaseKind, text: string): Finding[] {
  const spec = RELEASE_KIND_SPECS[kind];
  const present = presentElements(text);
  const out: Finding[] = [];
  for (const e of spec.elements) {
    if (present[e.id]) continue;
    const required = e.level === 'required';
    out.push({
      kind: 'missing_element',
      rule: e.id,
      severity: required ? 'block' : 'warn',
      message: `${spec.label}${required ? '缺少必备要素' : '建议写明'}：${e.label}`,
      offsets: [],
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Figures against the latest official figures

const COMPARED: readonly { field: CountField; subject: string }[] = [
  { field: 'deaths', subject: '死亡人数' },
  { field: 'seriousInjuries', subject: '重伤人数' },
  { field: 'injuries', subject: '受伤人数' },
  { field: 'missing', subject: '失联（失踪）人数' },
  { field: 'trapped', subject: '被困人数' },
];

const SENTENCE_END = /[。！？；!?;\n]/g;

function sentences(text: string): Span[] {
  const out: Span[] = [];
  let start = 0;
  for (const m of text.matchAll(SENTENCE_END)) {
    const end = (m.index ?? 0) + 1;
    if (end > start) out.push({ start, end });
    start = end;
  }
  if (start < text.length) out.push({ start, end: text.length });
  return out;
}

/** Words that end a rumour clause in the analysis (lib/analysis/accident OFFICIAL_CUE). */
const OFFICIAL_AFTER_RUMOUR = /官方|通报|经核实|核实|证实|应急管理|公安|政府/g;

/**
 * The analysis prefers an official figure over a rumour one in the same sentence, but only says
 * whether the sentence has a rumour cue: the figure is a rumour's when no official cue stands
 * between the rumour cue and the figure ("网传5人死亡不实，经核实4人死亡": 4 is official).
 */
function inRumourClause(sentence: string, facts: Facts, figureAt: number): boolean {
  const cue = facts.evidence.find((e) => e.field === 'rumour' && e.source === 'text');
  if (!cue || figureAt < cue.start) return false;
  for (const m of sentence.slice(cue.end, figureAt).matchAll(OFFICIAL_AFTER_RUMOUR)) if (m[0]) return false;
  return true;
}

/**
 * Every casualty figure the draft states, compared with the official one. The draft is read
 * sentence by sentence with the analysis's own extractor (lib/analysis/accident), so "三人死亡"
 * and "十二名工人受伤" are read exactly as the facts table reads the news; a stale figure in one
 * sentence is caught even when another sentence has the right one. Figures from rumour clauses
 * ("网传5人死亡") and period statistics are reported as warnings or skipped, as the analysis does.
 */
export function figureFindings(text: string, official: OfficialFigures): Finding[] {
  const out: Finding[] = [];
  const clean = withoutPlaceholders(text);
  for (const s of sentences(clean)) {
    const facts = extractAccidentFacts(clean.slice(s.start, s.end));
    if (facts.aggregate) continue;
    for (const { field, subject } of COMPARED) {
      const said = facts[field];
      if (said === null) continue;
      const ev = facts.evidence.find((e) => e.field === field && e.source === 'text');
      const offsets = ev ? [{ start: s.start + ev.start, end: s.start + ev.end }] : [{ start: s.start, end: s.end }];
      const saidText = ev?.text ?? clean.slice(s.start, s.end);
      const off = official[field];
      if (off === null || off === undefined) {
        out.push({
          kind: 'figure_mismatch',
          rule: field,
          severity: 'warn',
          message: `草稿写明${subject} ${said} 人（“${saidText}”），但事件尚无官方通报的${subject}，请核实来源`,
          offsets,
        });
        continue;
      }
      if (said === off) continue;
      if (facts.rumour && inRumourClause(clean.slice(s.start, s.end), facts, ev?.start ?? 0)) {
        out.push({
          kind: 'figure_mismatch',
          rule: field,
          severity: 'warn',
          message: `草稿引述的传言${subject}为 ${said} 人，官方最新通报为 ${off} 人；请确认这是辟谣表述，且写明官方数字`,
          offsets,
        });
        continue;
      }
      out.push({
        kind: 'figure_mismatch',
        rule: field,
        severity: 'block',
        message: `草稿${subject}为 ${said} 人（“${saidText}”），与官方最新通报的 ${off} 人不一致；如数字已由指挥部或调查组更新，请先登记新的官方数字`,
        offsets,
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Personal data

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const ID_CHECK = '10X98765432';
/** Provincial codes of GB/T 2260 (first two digits of an ID number). */
const ID_PROVINCES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41', '42', '43', '44',
  '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71', '81', '82', '83', '91',
]);

/** The GB 11643-1999 check character (ISO 7064 MOD 11-2) of the first 17 digits. */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17.charAt(i)) * (ID_WEIGHTS[i] ?? 0);
  return ID_CHECK.charAt(sum % 11);
}

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= days;
}

/** Region and birth date plausible: the shape of an ID number, whatever the check character. */
function idShaped18(s: string): boolean {
  if (!ID_PROVINCES.has(s.slice(0, 2))) return false;
  const y = Number(s.slice(6, 10));
  return y >= 1800 && y <= 2100 && validDate(y, Number(s.slice(10, 12)), Number(s.slice(12, 14)));
}

/** An 18-character 居民身份证号码 whose check character is right (GB 11643-1999). */
export function isValidResidentId18(s: string): boolean {
  if (!/^\d{17}[\dXx]$/.test(s) || !idShaped18(s)) return false;
  return idCheckChar(s.slice(0, 17)) === s.charAt(17).toUpperCase();
}

/** A 15-digit first-generation ID: region and 19yy birth date plausible (there is no check digit). */
export function isPlausibleResidentId15(s: string): boolean {
  if (!/^\d{15}$/.test(s) || !ID_PROVINCES.has(s.slice(0, 2))) return false;
  return validDate(1900 + Number(s.slice(6, 8)), Number(s.slice(8, 10)), Number(s.slice(10, 12)));
}

/** Luhn (ISO/IEC 7812) over a digit string. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits.charAt(digits.length - 1 - i));
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits.length > 0 && sum % 10 === 0;
}

const ID18_RE = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;
const ID15_RE = /(?<![0-9A-Za-z])\d{15}(?![0-9A-Za-z])/g;
const BANK_RE = /(?<![0-9A-Za-z])\d{4}(?:[ -]?\d{4}){2}[ -]?\d{4,7}(?![0-9A-Za-z])/g;
const MOBILE_RE = /(?<![0-9])(?:(?:\+|00)86[- ]?)?1[3-9]\d(?:[- ]?\d{4}){2}(?![0-9])/g;
const LANDLINE_RE = /(?<![0-9])(?:[（(]0\d{2,3}[)）][- ]?|0\d{2,3}[- ]?)[2-9]\d{6,7}(?:(?:-|转)\d{1,5})?(?![0-9])/g;
const EMAIL_RE = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const PLATE_RE =
  /(?<![A-Za-z0-9])[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Z][·•.\s]?[A-HJ-NP-Z0-9]{4}(?:[A-HJ-NP-Z0-9]{1,2}|挂|学|警|港|澳)(?![A-Za-z0-9])/g;

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵钱严覃武戴莫孔汤庞樊殷葛伍';
const COMPOUND_SURNAMES = '欧阳|司马|上官|诸葛|东方|皇甫|尉迟|公孙|慕容|令狐|夏侯|司徒|长孙';
/** Characters that do not occur in a given name here but do in the words around a death verb. */
const NOT_NAME = '某等人员者名部均已不经后在中内们先当场共全亦也又被因致而并及和与其的了时日月年相继分别';
const NAME = `(?:${COMPOUND_SURNAMES}|[${SURNAMES}])[^${NOT_NAME}\\s\\d\\p{P}A-Za-z×＊*]{1,2}`;
const DEATH_VERB = '(?:遇难|死亡|身亡|罹难|殉职)';
const NAME_AFTER_LABEL = new RegExp(`(?:遇难者|死者|遇难人员|死亡人员|罹难者|逝者)(?:为|是|系|：|:)?\\s*(${NAME})(?:[、，,](${NAME}))*`, 'gu');
const NAME_BEFORE_VERB = new RegExp(
  `(?<=工人|矿工|职工|员工|司机|驾驶员|村民|男子|女子|作业人员|施工人员|[，、：:（(\\s]|^)(${NAME})(?:[（(][^）)]{0,20}[）)])?(?:不幸|当场|经抢救无效|抢救无效)?${DEATH_VERB}`,
  'gmu',
);

function digitsOf(s: string): string {
  return normalizeDigits(s).replace(/\D/g, '');
}

interface Claim extends Span {
  rule: string;
}

export function personalDataFindings(text: string, publicContacts: readonly string[] = []): Finding[] {
  const t = normalizeDigits(text);
  const publicDigits = new Set(publicContacts.map(digitsOf).filter((d) => d.length > 0));
  const publicEmails = new Set(publicContacts.filter((c) => c.includes('@')).map((c) => c.trim().toLowerCase()));
  const claims: Claim[] = [];
  const out: Finding[] = [];
  const free = (start: number, end: number): boolean => claims.every((c) => end <= c.start || start >= c.end);
  const add = (rule: string, severity: FindingSeverity, message: string, start: number, end: number): void => {
    claims.push({ rule, start, end });
    out.push({ kind: 'personal_data', rule, severity, message, offsets: [{ start, end }] });
  };
  const isPublic = (s: string): boolean => {
    const d = digitsOf(s);
    return publicDigits.has(d) || [...publicDigits].some((p) => d.endsWith(p) && p.length >= 7 && d.length - p.length <= 4);
  };

  for (const m of t.matchAll(ID18_RE)) {
    const s = m[0];
    const at = m.index ?? 0;
    if (isValidResidentId18(s)) add('id18', 'block', `含身份证号码（${mask(s)}），须删除`, at, at + s.length);
    // A Luhn-valid run of 18 digits is left to the bank-card rule below.
    else if (idShaped18(s) && !(/^\d{18}$/.test(s) && luhnValid(s))) {
      add('id18_checksum', 'warn', `疑似身份证号码（${mask(s)}，校验位不符），请核实并删除`, at, at + s.length);
    }
  }
  for (const m of t.matchAll(BANK_RE)) {
    const at = m.index ?? 0;
    const d = digitsOf(m[0]);
    if (d.length < 16 || d.length > 19 || !luhnValid(d) || !free(at, at + m[0].length)) continue;
    add('bank_card', 'block', `含银行卡号（${mask(d)}），须删除`, at, at + m[0].length);
  }
  for (const m of t.matchAll(ID15_RE)) {
    const at = m.index ?? 0;
    if (isPlausibleResidentId15(m[0]) && free(at, at + 15)) add('id15', 'block', `含15位旧身份证号码（${mask(m[0])}），须删除`, at, at + 15);
  }
  for (const m of t.matchAll(MOBILE_RE)) {
    const at = m.index ?? 0;
    if (!free(at, at + m[0].length) || isPublic(m[0])) continue;
    add('mobile', 'block', `含手机号码（${mask(digitsOf(m[0]))}），个人号码不得公开；对外联系请用值班或咨询电话`, at, at + m[0].length);
  }
  for (const m of t.matchAll(LANDLINE_RE)) {
    const at = m.index ?? 0;
    if (!free(at, at + m[0].length) || isPublic(m[0])) continue;
    add('landline', 'warn', `含固定电话（${m[0]}）：如为对外公布的值班或咨询电话，请登记为公开号码；否则删除`, at, at + m[0].length);
  }
  for (const m of t.matchAll(EMAIL_RE)) {
    const at = m.index ?? 0;
    const email = m[0];
    if (publicEmails.has(email.toLowerCase())) continue;
    const official = /\.gov\.cn$/i.test(email);
    add(
      'email',
      official ? 'warn' : 'block',
      official ? `含机关电子邮箱（${email}），请确认为对外公布的邮箱` : `含电子邮箱（${email}），个人邮箱不得公开`,
      at,
      at + email.length,
    );
  }
  for (const m of t.matchAll(PLATE_RE)) {
    const at = m.index ?? 0;
    if (!/\d/.test(m[0]) || !free(at, at + m[0].length)) continue;
    add('plate', 'block', `含完整车牌号（${m[0]}），确需公开的须经审核并部分遮挡（如 鲁A·1**45）`, at, at + m[0].length);
  }
  const names = new Map<number, Span>();
  for (const re of [NAME_AFTER_LABEL, NAME_BEFORE_VERB]) {
    for (const m of t.matchAll(re)) {
      const at = m.index ?? 0;
      if (!names.has(at)) names.set(at, { start: at, end: at + m[0].length });
    }
  }
  for (const span of [...names.values()].sort((a, b) => a.start - b.start)) {
    if (!free(span.start, span.end)) continue;
    add('casualty_name', 'warn', `疑似公布遇难者姓名（“${t.slice(span.start, span.end)}”）：须经家属同意并经审核，否则改用“王某”等称谓`, span.start, span.end);
  }
  return out;
}

/** 1101**********123X: enough to find it, not enough to repeat it. */
function mask(s: string): string {
  if (s.length <= 7) return s;
  return `${s.slice(0, 3)}${'*'.repeat(s.length - 7)}${s.slice(-4)}`;
}

// ---------------------------------------------------------------------------------------------
// Sensitive terms

export function sensitiveTermFindings(text: string, kind: ReleaseKind, terms: readonly SensitiveTerm[] = SENSITIVE_TERMS): Finding[] {
  const lower = text.toLowerCase();
  const applicable = terms.filter((t) => t.term.length > 0 && (!t.kinds || t.kinds.includes(kind)));
  // Longest first: 初步判断为人为 claims its characters before 初步判断 can.
  applicable.sort((a, b) => b.term.length - a.term.length);
  const taken = new Uint8Array(text.length);
  const byTerm = new Map<SensitiveTerm, Span[]>();
  for (const term of applicable) {
    const needle = term.term.toLowerCase();
    for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, at + 1)) {
      const end = at + needle.length;
      if (taken.subarray(at, end).some((v) => v === 1)) continue;
      taken.fill(1, at, end);
      const spans = byTerm.get(term) ?? [];
      spans.push({ start: at, end });
      byTerm.set(term, spans);
    }
  }
  return [...byTerm].map(([term, offsets]) => ({
    kind: 'sensitive_term',
    rule: term.term,
    severity: term.severity,
    message: `${SENSITIVE_CATEGORY_LABELS[term.category]}“${term.term}”${offsets.length > 1 ? `（${offsets.length} 处）` : ''}：${term.reason}`,
    offsets,
  }));
}
