/**
 * Parses official hazard and disaster warnings (气象、自然资源/地质灾害、应急管理/森林火险、水利/山洪与
 * 洪水、安全生产风险提示) from an item's title and text. Pure: the reference date is passed in and
 * every date is resolved in Asia/Shanghai (+08:00, no DST).
 *
 * Strict by design: an item is a warning only when a hazard and a colour (or 一–四级) sit next to
 * 预警 in the title, or in a lede sentence that also names the publisher, and no rejection rule
 * fires (drills, system-building stories, statistics, retrospectives, hypotheticals, explainers,
 * rumour rebuttals, dates long past). See HAZARD_REJECT_RULES.
 *
 * Fields follow 突发事件应对法 2024 art. 64 (DOMAIN §3.4): 预警类别 (hazard), 级别 (level), 起始时间
 * (issuedAt), 可能影响的范围 (scope), 警示事项/应当采取的措施 (measures), 发布单位 (publisher) and
 * 发布时间 (issuedAt), plus the validity when stated.
 */
import type { WarningLevel } from './levels';

export type HazardAction = 'issue' | 'upgrade' | 'downgrade' | 'continue' | 'lift';
export type HazardCategory = 'weather' | 'geological' | 'flood' | 'fire' | 'marine' | 'safety';

export interface EvidenceSpan {
  field: 'hazard' | 'level' | 'action' | 'publisher' | 'issuedAt' | 'validUntil' | 'scope' | 'measures';
  in: 'title' | 'text';
  /** UTF-16 offsets into the title or the text. */
  start: number;
  end: number;
  text: string;
}

export interface HazardWarning {
  /** Canonical hazard name, e.g. 暴雨, 地质灾害, 森林火险, 中小河流洪水, 安全生产风险. */
  hazard: string;
  category: HazardCategory;
  level: WarningLevel;
  /** False only for 安全生产风险提示/重大隐患预警 without a colour (level then defaults to blue). */
  levelStated: boolean;
  action: HazardAction;
  /** For upgrades/downgrades stated as 由黄色…为橙色: the previous colour. */
  previousLevel: WarningLevel | null;
  publisher: string | null;
  /** Jurisdiction taken from the publisher, e.g. 演示省. */
  region: string | null;
  issuedAt: Date | null;
  validUntil: Date | null;
  /** 可能影响的范围, e.g. 江澜市、临川县等地. */
  scope: string | null;
  /** 应当采取的措施 / 防御指南 sentence, when present. */
  measures: string | null;
  evidence: EvidenceSpan[];
}

export interface HazardItem {
  title: string;
  text?: string | null;
}

export interface ParseHazardOptions {
  /** Warnings dated more than this many hours before the reference are news about the past. */
  maxAgeHours?: number;
  /** How far into the text a warning sentence may start (the lede). */
  ledeChars?: number;
}

const HOUR_MS = 3_600_000;
const SHANGHAI_MS = 8 * HOUR_MS;

interface HazardSpec {
  name: string;
  re: string;
  category: HazardCategory;
}

/** Longest and most specific first: the alternation picks the first that matches at a position. */
const HAZARDS: readonly HazardSpec[] = [
  { name: '中小河流洪水', re: '中小河流洪水(?:气象)?(?:风险)?', category: 'flood' },
  { name: '山洪', re: '山洪(?:灾害)?(?:气象)?(?:风险)?', category: 'flood' },
  { name: '地质灾害', re: '地质灾害(?:气象)?(?:风险)?', category: 'geological' },
  { name: '森林草原火险', re: '森林草原(?:火险|火灾)(?:气象)?(?:风险)?', category: 'fire' },
  { name: '森林火险', re: '森林(?:火险|火灾)(?:气象)?(?:风险)?(?:等级)?', category: 'fire' },
  { name: '草原火险', re: '草原(?:火险|火灾)(?:气象)?(?:风险)?', category: 'fire' },
  { name: '城市内涝', re: '(?:城市)?内涝(?:气象)?(?:风险)?', category: 'flood' },
  { name: '渍涝', re: '渍涝(?:风险)?', category: 'flood' },
  { name: '雷雨大风', re: '雷雨大风', category: 'weather' },
  { name: '道路结冰', re: '道路结冰', category: 'weather' },
  { name: '沙尘暴', re: '沙尘暴', category: 'weather' },
  { name: '强对流', re: '强对流(?:天气)?', category: 'weather' },
  { name: '风暴潮', re: '风暴潮', category: 'marine' },
  { name: '海浪', re: '海浪', category: 'marine' },
  { name: '洪水', re: '洪水', category: 'flood' },
  { name: '暴雨', re: '暴雨', category: 'weather' },
  { name: '暴雪', re: '暴雪', category: 'weather' },
  { name: '寒潮', re: '寒潮', category: 'weather' },
  { name: '大风', re: '大风', category: 'weather' },
  { name: '高温', re: '高温', category: 'weather' },
  { name: '干旱', re: '(?:气象)?干旱', category: 'weather' },
  { name: '雷电', re: '雷电', category: 'weather' },
  { name: '冰雹', re: '冰雹', category: 'weather' },
  { name: '霜冻', re: '霜冻', category: 'weather' },
  { name: '大雾', re: '大雾', category: 'weather' },
  { name: '霾', re: '霾', category: 'weather' },
  { name: '台风', re: '台风', category: 'weather' },
  { name: '低温', re: '低温(?:雨雪冰冻)?', category: 'weather' },
];

const HAZ = `(${HAZARDS.map((h) => h.re).join('|')})`;
/** A colour, or 一–四级 / Ⅰ–Ⅳ级 optionally followed by (颜色). */
const LVL = '((?:红|橙|黄|蓝)色|(?:Ⅰ|Ⅱ|Ⅲ|Ⅳ|IV|III|II|I|一|二|三|四)级(?:[（(](?:红|橙|黄|蓝)色[)）])?)';
const SIGNAL = '(?:信号)?';

/** Three shapes: 暴雨橙色预警, 橙色暴雨预警, 地质灾害气象风险预警（黄色）. */
const PATTERNS: readonly { re: RegExp; haz: 1 | 2; lvl: 1 | 2 }[] = [
  { re: new RegExp(`${HAZ}(?:灾害)?${LVL}预警${SIGNAL}`, 'g'), haz: 1, lvl: 2 },
  { re: new RegExp(`${LVL}${HAZ}(?:灾害)?预警${SIGNAL}`, 'g'), haz: 2, lvl: 1 },
  { re: new RegExp(`${HAZ}(?:灾害)?预警${SIGNAL}\\s*[（(]${LVL}(?:预警)?[)）]`, 'g'), haz: 1, lvl: 2 },
  // 暴雨预警由红色降级为黄色: the colour here is the previous one; the transition gives the new one.
  { re: new RegExp(`${HAZ}(?:灾害)?预警${SIGNAL}由${LVL}`, 'g'), haz: 1, lvl: 2 },
];

/** 安全生产风险提示 / 重大事故隐患预警: the colour is optional. */
const SAFETY_RE = new RegExp(`(安全生产风险|安全风险|重大(?:事故)?隐患)(?:${LVL})?(?:提示|预警)(?:函|单|通知|信息)?(?:[（(]${LVL}[)）])?`, 'g');

function levelOf(token: string | undefined): WarningLevel | null {
  if (!token) return null;
  const colour = /(红|橙|黄|蓝)色/.exec(token)?.[1];
  const byColour: Record<string, WarningLevel> = { 红: 'red', 橙: 'orange', 黄: 'yellow', 蓝: 'blue' };
  if (colour) return byColour[colour] ?? null;
  const tier = /^(Ⅰ|Ⅱ|Ⅲ|Ⅳ|IV|III|II|I|一|二|三|四)级/.exec(token)?.[1];
  const byTier: Record<string, WarningLevel> = {
    Ⅰ: 'red', I: 'red', 一: 'red', Ⅱ: 'orange', II: 'orange', 二: 'orange',
    Ⅲ: 'yellow', III: 'yellow', 三: 'yellow', Ⅳ: 'blue', IV: 'blue', 四: 'blue',
  };
  return tier ? (byTier[tier] ?? null) : null;
}

function hazardOf(token: string): HazardSpec | null {
  for (const h of HAZARDS) if (new RegExp(`^(?:${h.re})$`).test(token)) return h;
  return null;
}

// ---------------------------------------------------------------------------------------------
// Rejection rules

export interface RejectRule {
  id: string;
  /** Where the rule looks: the whole title, or the sentence holding the warning. */
  scope: 'title' | 'sentence';
  re: RegExp;
  why: string;
}

export const HAZARD_REJECT_RULES: readonly RejectRule[] = [
  { id: 'drill', scope: 'sentence', re: /演练|演习|模拟(?:发布|预警)|桌面推演|实战化/, why: '演练、演习，不是真实预警' },
  { id: 'drill-title', scope: 'title', re: /演练|演习|桌面推演/, why: '标题为演练' },
  {
    id: 'system',
    scope: 'title',
    re: /预警(?:信息)?(?:发布)?(?:系统|平台|体系|机制|能力|工程|项目|网络)|(?:建设|建成|上线|投用|投入使用)/,
    why: '预警系统/平台建设报道',
  },
  {
    id: 'statistics',
    scope: 'sentence',
    re: /累计|共发布|共计|\d+\s*次|[一二两三四五六七八九十]+次|今年以来|年以来|入汛以来|同比|环比/,
    why: '统计汇总，不是一条预警',
  },
  {
    id: 'retrospective',
    scope: 'sentence',
    re: /回顾|复盘|周年|曾发布|曾经|历史上|去年|前年|往年|当年|那年|记忆|纪念/,
    why: '回顾过去的预警',
  },
  {
    id: 'hypothetical',
    scope: 'sentence',
    re: /(?:可能|或将|将会|拟|有望|是否|何时|如何|不排除|视情)(?:再次|继续)?(?:发布|升级)|未(?:发布|达到)|没有发布|尚未|不会发布|无需发布/,
    why: '假设或否定，并未发布',
  },
  {
    id: 'explainer',
    scope: 'sentence',
    re: /科普|小知识|图解|含义|什么意思|分为(?:四|4)级|怎么办|如何应对|如何防范|蓝黄橙红|红橙黄蓝|蓝、黄、橙、红|红、橙、黄、蓝|级别划分|标准是/,
    why: '科普解读，不是预警本身',
  },
  { id: 'rumour', scope: 'sentence', re: /谣言|辟谣|不实|假消息|虚假|网传|系伪造/, why: '谣言或辟谣' },
];

function rejectedBy(title: string, sentence: string): RejectRule | null {
  for (const r of HAZARD_REJECT_RULES) {
    if (r.re.test(r.scope === 'title' ? title : sentence)) return r;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Publisher and region

const ORG_SUFFIX =
  '(?:中央气象台|国家气候中心|气象台|气象局|气象中心|气象服务中心|自然资源(?:厅|局|部)|应急管理(?:厅|局|部)|水利(?:厅|局|部)|' +
  '水文(?:水资源)?(?:勘测)?(?:局|中心)|防汛抗旱指挥部(?:办公室)?|防指|森林(?:草原)?防灭火指挥部(?:办公室)?|防灭火指挥部(?:办公室)?|' +
  '安全生产委员会(?:办公室)?|安委会(?:办公室)?|安委办|减灾委(?:员会)?(?:办公室)?|林业(?:和草原)?局|林草局|海洋预报(?:台|中心)|预警(?:信息)?发布中心)';
const ORG_RE = new RegExp(
  `([\\u4e00-\\u9fa5]{0,14}?${ORG_SUFFIX}(?:(?:与|和|、|会同|联合)[\\u4e00-\\u9fa5]{0,14}?${ORG_SUFFIX})*)`,
  'g',
);
const LEAD_NOISE =
  /^(?:[日时分点年月号]|据悉|据了解|记者从|记者|据|从|今天|今日|今晨|今早|昨天|昨日|明天|凌晨|早晨|早上|上午|中午|下午|傍晚|晚上|夜间|刚刚|目前|日前|近日|近期|此前|随后|同时|其中|另外|并且|并|已|于|由)+/;

function findPublisher(s: string, end: number): { text: string; start: number; end: number } | null {
  ORG_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  let best: { text: string; start: number; end: number } | null = null;
  while ((m = ORG_RE.exec(s)) && m.index < end) {
    let text = m[1] ?? '';
    let start = m.index;
    const lead = LEAD_NOISE.exec(text);
    if (lead) {
      text = text.slice(lead[0].length);
      start += lead[0].length;
    }
    if (text) best = best ?? { text, start, end: start + text.length };
  }
  return best;
}

function regionOf(publisher: string | null): string | null {
  if (!publisher) return null;
  const m = /^([\u4e00-\u9fa5]{2,}?(?:特别行政区|自治区|自治州|自治县|省|市|州|盟|县|区|旗))/.exec(publisher);
  if (!m?.[1]) return null;
  // 市气象台 / 县应急管理局 alone are not a region name.
  return m[1];
}

// ---------------------------------------------------------------------------------------------
// Dates (Asia/Shanghai)

interface Wall {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
}

function wallOf(ref: Date): Wall {
  const t = new Date(ref.getTime() + SHANGHAI_MS);
  return { y: t.getUTCFullYear(), mo: t.getUTCMonth() + 1, d: t.getUTCDate(), h: t.getUTCHours(), mi: t.getUTCMinutes() };
}

function shanghai(y: number, mo: number, d: number, h: number, mi: number): Date | null {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 24 || mi < 0 || mi > 59) return null;
  const ms = Date.UTC(y, mo - 1, d, h, mi) - SHANGHAI_MS;
  const check = new Date(ms + SHANGHAI_MS);
  if (check.getUTCDate() !== d && h !== 24) return null;
  return new Date(ms);
}

const DATE_RE =
  /(?:(\d{4})年)?(?:(\d{1,2})月)?(?:(\d{1,2})日)?(今天|今日|今晨|今早|明天|明日|昨天|昨日)?(凌晨|早晨|早上|上午|中午|下午|傍晚|晚上|夜间|夜里)?(?:(\d{1,2})(?:时|点)(?:(\d{1,2})分|(半))?)?/g;

interface DateHit {
  date: Date;
  start: number;
  end: number;
  text: string;
}

/** Every Chinese date/time phrase in `s`, resolved against the reference (Asia/Shanghai). */
export function findChineseDates(s: string, reference: Date, opts: { future?: boolean } = {}): DateHit[] {
  const out: DateHit[] = [];
  const ref = wallOf(reference);
  DATE_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = DATE_RE.exec(s))) {
    if (m[0] === '') {
      DATE_RE.lastIndex++;
      continue;
    }
    const [, ys, mos, ds, dayWord, part, hs, mis, half] = m;
    const hasDate = Boolean(ys || mos || ds);
    if (!hasDate && !hs) continue; // 今天 / 上午 alone is too vague
    if (ds === undefined && mos !== undefined && ys === undefined && !hs) {
      // "7月" alone is not a date.
      continue;
    }
    let y = ys ? Number(ys) : ref.y;
    let mo = mos ? Number(mos) : ref.mo;
    let d = ds ? Number(ds) : ref.d;
    let h = hs ? Number(hs) : 0;
    const mi = mis ? Number(mis) : half ? 30 : 0;
    if (part && /下午|傍晚|晚上|夜间|夜里/.test(part) && h < 12) h += 12;
    if (part === '中午' && h < 6) h += 12;
    let date = shanghai(y, mo, d, h, mi);
    if (!date) continue;
    if (dayWord) {
      const shift = /明/.test(dayWord) ? 1 : /昨/.test(dayWord) ? -1 : 0;
      date = new Date(date.getTime() + shift * 24 * HOUR_MS);
    }
    // No year (or month) stated: a date well after the reference belongs to the previous period.
    const ahead = date.getTime() - reference.getTime();
    if (!opts.future && !ys && !dayWord && ahead > 36 * HOUR_MS) {
      if (mos) y -= 1;
      else if (ds) {
        mo -= 1;
        if (mo === 0) {
          mo = 12;
          y -= 1;
        }
      } else d -= 1;
      date = shanghai(y, mo, d, h, mi) ?? date;
    }
    out.push({ date, start: m.index, end: m.index + m[0].length, text: m[0] });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Parsing

const ACTION_RES: readonly { action: HazardAction; re: RegExp }[] = [
  { action: 'lift', re: /解除|取消|撤销|终止/ },
  { action: 'upgrade', re: /升级|提升|上调/ },
  { action: 'downgrade', re: /降级|降低|下调|降为/ },
  { action: 'continue', re: /继续发布|维持|更新|持续发布|继续/ },
  { action: 'issue', re: /发布|启动|发出|拉响|挂出|生效/ },
];

const TRANSITION_RE = new RegExp(`^[^。；;]{0,8}?(升级|提升|上调|调整|降级|降低|下调|降|变更|更改)为${LVL}`);
const FROM_RE = new RegExp(`由${LVL}[^。；;]{0,6}$`);

function sentenceBounds(s: string, start: number, end: number): [number, number] {
  let a = start;
  while (a > 0 && !/[。！？!?\n；;]/.test(s[a - 1] ?? '')) a--;
  let b = end;
  while (b < s.length && !/[。！？!?\n]/.test(s[b] ?? '')) b++;
  return [a, b];
}

interface RawHit {
  hazard: HazardSpec;
  level: WarningLevel | null;
  start: number;
  end: number;
  hazardSpan: [number, number];
  levelSpan: [number, number] | null;
}

function rawHits(s: string): RawHit[] {
  const hits: RawHit[] = [];
  for (const p of PATTERNS) {
    p.re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = p.re.exec(s))) {
      const hz = m[p.haz] ?? '';
      const lv = m[p.lvl] ?? '';
      const spec = hazardOf(hz);
      const level = levelOf(lv);
      if (!spec || !level) continue;
      const hs = m.index + m[0].indexOf(hz);
      const ls = p.lvl === 1 ? m.index : m.index + m[0].lastIndexOf(lv);
      hits.push({ hazard: spec, level, start: m.index, end: m.index + m[0].length, hazardSpan: [hs, hs + hz.length], levelSpan: [ls, ls + lv.length] });
    }
  }
  SAFETY_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = SAFETY_RE.exec(s))) {
    const name = /隐患/.test(m[1] ?? '') ? '重大事故隐患' : '安全生产风险';
    const lv = m[2] ?? m[3];
    const ls = lv ? m.index + m[0].lastIndexOf(lv) : -1;
    hits.push({
      hazard: { name, re: '', category: 'safety' },
      level: levelOf(lv),
      start: m.index,
      end: m.index + m[0].length,
      hazardSpan: [m.index, m.index + (m[1] ?? '').length],
      levelSpan: lv ? [ls, ls + lv.length] : null,
    });
  }
  // Overlapping hits (two shapes matching the same words): keep the earliest, longest.
  hits.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: RawHit[] = [];
  for (const h of hits) if (!kept.some((k) => h.start < k.end && k.start < h.end)) kept.push(h);
  return kept;
}

function span(field: EvidenceSpan['field'], where: 'title' | 'text', s: string, start: number, end: number): EvidenceSpan {
  return { field, in: where, start, end, text: s.slice(start, end) };
}

function actionNear(sentence: string, relStart: number, relEnd: number): { action: HazardAction; at: number; len: number } | null {
  const before = sentence.slice(0, relStart);
  const after = sentence.slice(relEnd, relEnd + 12);
  // "…预警信号已解除" / "…预警解除"
  const afterLift = /^[^。；;，,]{0,6}?(解除|取消|撤销|终止)/.exec(after);
  if (afterLift?.[1]) return { action: 'lift', at: relEnd + after.indexOf(afterLift[1]), len: afterLift[1].length };
  const near = before.slice(-24);
  const offset = before.length - near.length;
  for (const { action, re } of ACTION_RES) {
    const all = [...near.matchAll(new RegExp(re.source, 'g'))];
    const last = all[all.length - 1];
    if (last && last.index !== undefined) return { action, at: offset + last.index, len: last[0].length };
  }
  return null;
}

const MEASURES_RE = /(?:防御指南|防御措施|请(?:注意|做好|加强)|建议|应当|注意防范|做好[^。]{0,10}(?:防御|防范|准备))[^。]*。?/;
const SCOPE_RE = /(?:影响范围[:：]?|预计[^。，]{0,20}?(?:，|,)?)?([\u4e00-\u9fa5、]{2,60}?)等(?:地|地区|县市区?|乡镇|区县)/;
const VALID_RE = /有效期(?:至|到|为|截至)?/;
const HORIZON_RE = /(?:未来|今后)\s*(\d{1,3})\s*(?:个)?小时/;

/**
 * Every warning in the item (usually one; a bulletin may issue 暴雨 and 雷电 together). Empty for
 * items that are not an official warning.
 */
export function parseHazardWarnings(item: HazardItem, reference: Date, opts: ParseHazardOptions = {}): HazardWarning[] {
  const maxAgeHours = opts.maxAgeHours ?? 72;
  const ledeChars = opts.ledeChars ?? 300;
  const title = (item.title ?? '').trim();
  const text = (item.text ?? '').trim();

  let where: 'title' | 'text' = 'title';
  let hits = rawHits(title);
  let s = title;
  if (hits.length === 0) {
    // A warning only in the body must be in the lede and name its publisher.
    where = 'text';
    s = text;
    hits = rawHits(text).filter((h) => {
      if (h.start > ledeChars) return false;
      const [a] = sentenceBounds(text, h.start, h.end);
      return findPublisher(text.slice(a, h.start), h.start - a) !== null;
    });
  }
  if (hits.length === 0) return [];

  const out: HazardWarning[] = [];
  for (const h of hits) {
    const [a, b] = sentenceBounds(s, h.start, h.end);
    const sentence = s.slice(a, b);
    if (rejectedBy(title, sentence)) continue;
    if (h.hazard.category === 'safety' && !h.level && !/发布|印发|下发|提示|预警/.test(sentence)) continue;

    const evidence: EvidenceSpan[] = [span('hazard', where, s, h.hazardSpan[0], h.hazardSpan[1])];
    let level = h.level;
    let previousLevel: WarningLevel | null = null;
    if (h.levelSpan) evidence.push(span('level', where, s, h.levelSpan[0], h.levelSpan[1]));

    const relStart = h.start - a;
    const relEnd = h.end - a;
    const act = actionNear(sentence, relStart, relEnd);
    let action: HazardAction = act?.action ?? 'issue';
    if (act) evidence.push(span('action', where, s, a + act.at, a + act.at + act.len));

    // 由黄色升级为橙色 / 将暴雨黄色预警信号升级为橙色预警信号
    const tr = TRANSITION_RE.exec(sentence.slice(relEnd));
    if (tr?.[2]) {
      const to = levelOf(tr[2]);
      if (to) {
        previousLevel = level;
        level = to;
        const rank = { blue: 1, yellow: 2, orange: 3, red: 4 };
        action = previousLevel && rank[to] < rank[previousLevel] ? 'downgrade' : /降/.test(tr[1] ?? '') ? 'downgrade' : 'upgrade';
        const ts = h.end + (tr.index ?? 0) + tr[0].lastIndexOf(tr[2]);
        evidence.push(span('level', where, s, ts, ts + tr[2].length));
      }
    } else {
      const fr = FROM_RE.exec(sentence.slice(0, relStart));
      if (fr?.[1] && level) {
        previousLevel = levelOf(fr[1]);
        const rank = { blue: 1, yellow: 2, orange: 3, red: 4 };
        if (previousLevel && previousLevel !== level) action = rank[level] > rank[previousLevel] ? 'upgrade' : 'downgrade';
      }
    }
    const levelStated = level !== null;
    if (!level) level = 'blue';

    // Publisher: in the sentence before the warning; else in the text's lede.
    let publisher: string | null = null;
    const pub = findPublisher(sentence, relStart);
    if (pub) {
      publisher = pub.text;
      evidence.push(span('publisher', where, s, a + pub.start, a + pub.end));
    } else if (where === 'title' && text) {
      const lede = text.slice(0, ledeChars);
      const p2 = findPublisher(lede, lede.length);
      if (p2) {
        publisher = p2.text;
        evidence.push(span('publisher', 'text', text, p2.start, p2.end));
      }
    }

    // Dates: the phrase nearest before the action (or the warning), in this sentence; else the text lede.
    const validAt = VALID_RE.exec(sentence);
    const dates = findChineseDates(sentence, reference);
    const validStart = validAt ? validAt.index + validAt[0].length : -1;
    const issueDates = dates.filter((d) => d.start !== validStart && d.start < (act ? Math.min(act.at, relStart) : relStart) + 1);
    let issued: { hit: DateHit; where: 'title' | 'text'; base: number; src: string } | null = null;
    const lastIssue = issueDates[issueDates.length - 1];
    if (lastIssue) issued = { hit: lastIssue, where, base: a, src: s };
    else if (where === 'title' && text) {
      const lede = text.slice(0, ledeChars);
      const vt = VALID_RE.exec(lede);
      const vStart = vt ? vt.index + vt[0].length : -1;
      const first = findChineseDates(lede, reference).find((d) => d.start !== vStart);
      if (first) issued = { hit: first, where: 'text', base: 0, src: text };
    }
    const issuedAt = issued?.hit.date ?? null;
    if (issued) evidence.push(span('issuedAt', issued.where, issued.src, issued.base + issued.hit.start, issued.base + issued.hit.end));
    if (issuedAt && reference.getTime() - issuedAt.getTime() > maxAgeHours * HOUR_MS) continue; // news about the past

    // Validity: 有效期至… or 未来 N 小时, in the sentence, else in the text.
    let validUntil: Date | null = null;
    for (const [src, srcWhere] of [
      [sentence, where],
      [text, 'text'],
    ] as const) {
      if (validUntil || !src) continue;
      const base = src === sentence ? a : 0;
      const full = srcWhere === where && src === sentence ? s : text;
      const v = VALID_RE.exec(src);
      if (v) {
        const at = v.index + v[0].length;
        const hit = findChineseDates(src.slice(at), issuedAt ?? reference, { future: true })[0];
        if (hit && hit.start === 0) {
          validUntil = hit.date;
          if (issuedAt && validUntil.getTime() < issuedAt.getTime()) validUntil = null;
          else evidence.push(span('validUntil', srcWhere, full, base + v.index, base + at + hit.end));
          continue;
        }
      }
      const hz = HORIZON_RE.exec(src);
      if (hz?.[1] && issuedAt) {
        validUntil = new Date(issuedAt.getTime() + Number(hz[1]) * HOUR_MS);
        evidence.push(span('validUntil', srcWhere, full, base + hz.index, base + hz.index + hz[0].length));
      }
    }

    // 可能影响的范围 and 应当采取的措施, from the text.
    let scope: string | null = null;
    let measures: string | null = null;
    if (text) {
      const sc = SCOPE_RE.exec(text);
      if (sc?.[1]) {
        scope = sc[1].replace(/^[，,、]+/, '');
        const st = sc.index + sc[0].indexOf(sc[1]) + (sc[1].length - scope.length);
        evidence.push(span('scope', 'text', text, st, st + scope.length));
      }
      const me = MEASURES_RE.exec(text);
      if (me) {
        measures = me[0];
        evidence.push(span('measures', 'text', text, me.index, me.index + me[0].length));
      }
    }

    out.push({
      hazard: h.hazard.name,
      category: h.hazard.category,
      level,
      levelStated,
      action,
      previousLevel,
      publisher,
      region: regionOf(publisher),
      issuedAt,
      validUntil,
      scope,
      measures,
      evidence,
    });
  }
  return out;
}

/** The first warning in the item, or null when it is not an official warning. */
export function parseHazardWarning(item: HazardItem, reference: Date, opts: ParseHazardOptions = {}): HazardWarning | null {
  return parseHazardWarnings(item, reference, opts)[0] ?? null;
}
