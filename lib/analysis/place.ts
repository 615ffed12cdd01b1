/**
 * Where did it happen? Province and prefecture of an accident report or public-opinion item, so
 * items can be grouped and alerted per region.
 *
 * One linear scan per field over a dictionary built once at module load (names indexed by their
 * first two UTF-16 units, longest first; no per-name regex). Each accepted name is a mention; names
 * written back to back that narrow down (山西省临汾市乡宁县, 凉山州木里县) form one reference to the
 * deepest place. References are weighed by their context, then:
 *
 *  1. Province: if the title names a Chinese place, the province with the highest title score wins
 *     (body score, then first appearance, break ties); otherwise the same on the body. A title that
 *     names only foreign places, or a body whose foreign references outweigh every province, gives
 *     no place: we never invent one for a foreign event.
 *  2. City: among the references inside that province that name a prefecture, the same rule
 *     (title score, body score, first appearance). Municipalities, the SARs and Taiwan have none.
 *
 * Weights: 1 per reference; ×1.5 for a chain (山西临汾); ×2 where the wording marks the scene
 * (X一煤矿, X某, X发生, X境内, 位于X); ×0.5 for a cause or spill-over (受X地震影响, 波及X); ×0.3 for
 * a media outlet or an origin (X日报, X卫视, X籍, X牌照, 来自X); 0 for a news-agency dateline
 * (新华社北京3月2日电), which says where the reporter filed from, not where it happened. A province
 * whose total is below MIN_SCORE (a lone 来自四川) is not an answer.
 *
 * Short names that are ordinary words or street/organisation names (长治久安, 安康, 来宾, 中山路,
 * 大同小异) count only as full names (长治市), right after their province (山西长治) or before 境内.
 * Short names whose first character often ends another word (黄河北岸, 泰山西麓, 平台中) need a clean
 * left edge; a short name followed by 路/大街/区 is a street or another city's district (北京路,
 * 海城区); a few names have their own look-alikes (北京时间, 大理石, 哈密瓜).
 */
import {
  LOCALITIES,
  PREFECTURES,
  PREFECTURE_BY_CODE,
  PROVINCES,
  PROVINCE_ALIASES,
  PROVINCE_BY_CODE,
  PROVINCE_BY_NAME,
  PREFECTURE_BY_NAME,
  SHARED_SHORT_NAMES,
} from './lexicons/divisions';
import { CharBitset } from './char-table';

export interface PlaceEvidence {
  /** The name as written, e.g. 临汾市 or 凉山州. */
  text: string;
  /** Offsets into the field named by source: field.slice(start, end) === text. */
  start: number;
  end: number;
  source: 'title' | 'text';
}

export interface PlaceResult {
  /** Full name of the provincial-level division, e.g. 山西省; null when unknown or abroad. */
  province: string | null;
  /** Full name of the prefecture-level division, e.g. 太原市; null when unknown or not applicable. */
  city: string | null;
  /** The mentions that support the answer, title first, in reading order. */
  evidence: PlaceEvidence[];
}

// ---------------------------------------------------------------- matching rules (data)

/** Prefecture short names that are ordinary words, idioms or common street/organisation names. */
export const STRICT_SHORT_NAMES: ReadonlySet<string> = new Set([
  '长治', // 长治久安
  '安康', // 安康 (well-being)
  '来宾', // 来宾 (guests)
  '中山', // 中山路, 中山大学, 孙中山, 大连中山区
  '大同', // 大同小异, 世界大同
  '朝阳', // 北京/长春朝阳区, 朝阳路
  '四平', // 四平八稳
  '白山', // 白山黑水
  '日照', // 日照 (sunshine)
  '德州', // 德州 (Texas)
  '开封', // 开封 (unseal)
  '北海', // 北海公园, 北海道
  '海口', // 夸下海口
  '安顺', // 平安顺利
  '白银', // 白银 (silver)
  '中卫', // 中卫 (centre-back)
  '山南', // 泰山南麓
  '玉树', // 玉树临风
  '海西', // 海西经济区
  '文山', // 文山会海
  '兴安', // 桂林兴安县, 大/小兴安岭
  '阿里', // 阿里巴巴
]);

/** Words after a name that show it is something else (北京时间, 大理石, 哈密瓜, 黄河南岸). */
const REJECT_AFTER: Readonly<Record<string, readonly string[]>> = {
  北京: ['时间'],
  山西: ['麓', '坡', '侧', '峰'],
  山东: ['麓', '坡', '侧', '峰'],
  河南: ['岸', '侧'],
  河北: ['岸', '侧'],
  湖南: ['岸', '侧'],
  湖北: ['岸', '侧'],
  江西: ['岸', '侧'],
  海南: ['岸', '侧'],
  重庆: ['祝', '典'],
  三明: ['治'],
  新乡: ['村'],
  大庆: ['典'],
  大理: ['石', '寺'],
  普洱: ['茶'],
  哈密: ['瓜'],
  和田: ['玉'],
  阿克苏: ['诺贝尔'],
  河源: ['头'],
  广安: ['门'],
  黄石: ['公园'],
  兰州: ['拉面'],
  朝鲜: ['族'],
  南非: ['法', '常'],
};

/** Characters before a name that make it part of another word (东海南部, 隆重庆祝, 传承德). */
const REJECT_BEFORE: Readonly<Record<string, string>> = {
  海南: '东南渤黄',
  重庆: '隆',
  福建: '幸',
  承德: '传继秉',
  法国: '依执立违司宪合非',
};

/**
 * Names whose first character often ends another word (黄河北岸, 澄河北坪, 长江苏州段, 平台中, 重新北上).
 * Written as short names they count only at a clean left edge: after punctuation, a digit or a
 * letter, after another place name, or after one of LEFT_EDGE_OK (在河北, 赴山西, 近日河南). Their
 * full names (河北省) and the cities inside them (河北唐山) are not affected.
 */
const LEFT_EDGE_NAMES: ReadonlySet<string> = new Set([
  '山东', '山西', '河北', '河南', '湖北', '湖南', '江西', '江苏', '海南',
  '台北', '台中', '台南', '新北', '新竹', '南投', '云林',
]);
/** Function words and time words that may stand right before a LEFT_EDGE name. */
const LEFT_EDGE_OK = new Set(
  '在于自至赴往到从和与及的是为由经据对向去回入进了将被同跟或达抵离开处地道线些位名个湾省国局部厅委会院司办队站所日月年天前后期今昨们咱我'.split(''),
);

/** Foreign countries and territories: their mentions vote for "no Chinese place". */
const FOREIGN_NAMES: readonly string[] = [
  '印度尼西亚 印尼 印度 日本 韩国 朝鲜 蒙古国 俄罗斯 美国 加拿大 墨西哥 英国 法国 德国',
  '意大利 西班牙 葡萄牙 希腊 土耳其 伊朗 伊拉克 叙利亚 阿富汗 巴基斯坦 孟加拉国 尼泊尔',
  '缅甸 老挝 越南 泰国 柬埔寨 马来西亚 新加坡 菲律宾 澳大利亚 新西兰 斐济 汤加 瓦努阿图',
  '所罗门群岛 巴布亚新几内亚 新喀里多尼亚 智利 秘鲁 哥伦比亚 哥斯达黎加 尼加拉瓜 危地马拉',
  '萨尔瓦多 洪都拉斯 厄瓜多尔 阿根廷 巴西 委内瑞拉 海地 古巴 埃及 南非 尼日利亚 肯尼亚',
  '埃塞俄比亚 乌克兰 哈萨克斯坦 吉尔吉斯斯坦 塔吉克斯坦 乌兹别克斯坦 沙特阿拉伯 以色列',
  '黎巴嫩 也门 冰岛 波兰 荷兰 比利时 瑞士 瑞典 挪威 芬兰',
].join(' ').split(' ');

// Context around a reference (regexes run only on the few characters next to an accepted name).
const DATELINE_DATE =
  /^\s?(?:\d{1,2}|[一二三四五六七八九十]{1,3})月(?:\d{1,2}|[一二三四五六七八九十]{1,3})日\s?(?:电|讯|消息)/;
const DATELINE_BARE = /^\s?(?:电|讯)(?![力网厂站视话梯气池缆线器费子动信商台影工车])/;
const AGENCY_BEFORE = /(?:社|网|报|台|新闻|客户端|中新|央视|央广)\s?$/;
const MEDIA_AFTER =
  /^(?:日报|晚报|晨报|早报|商报|都市报|青年报|法制报|法治报|电视台|广播电视台|卫视|新闻|在线|网|发布|广播)/;
/** Where people or vehicles come from, not where it happened: X籍, X老家, X牌照, 来自X. */
const ORIGIN_AFTER = /^(?:籍|老家|牌照|口音)/;
const ORIGIN_BEFORE = /来自$/;
const SCENE_AFTER = /^(?:一|某|发生|境内|突发|辖区|的一)/;
const SCENE_BEFORE = /(?:位于|地处|发生在|事发|事发地)$/;
const SPILLOVER_BEFORE = /(?:波及|波及到|影响到)$/;
const CAUSE_AFTER = /^[^，。；,;]{0,6}影响/;
/** After a short name: a street (北京路, 中山东路) or another city's district (北海市海城区). */
const SHORT_REJECT_AFTER = /^(?:[东西南北中]?(?:路|大街|大道)|街(?!头)|区(?!域))/;

const CHAIN_BONUS = 1.5;
const SCENE_BONUS = 2;
const SPILLOVER_FACTOR = 0.5;
const INCIDENTAL_FACTOR = 0.3;
/** A province needs at least this much support: one incidental mention (来自四川) is not enough. */
const MIN_SCORE = 0.5;

// ---------------------------------------------------------------- dictionary (built once)

type Level = 0 | 1 | 2; // province, prefecture, locality

interface Target {
  level: Level;
  provinceCode: string;
  prefectureCode: string | null;
}

interface Entry {
  name: string;
  /** targets[0] is the default meaning; a second one exists for SHARED_SHORT_NAMES. */
  targets: Target[] | null; // null: a foreign name
  short: boolean;
  strict: boolean;
  leftEdge: boolean;
  rejectAfter: readonly string[];
  rejectBefore: string;
}

const UNIT_SUFFIX = /(?:省|市|县|州|盟|旗|地区|特区|林区|自治区|特别行政区)$/;

function sameTarget(a: Target, b: Target): boolean {
  return a.level === b.level && a.provinceCode === b.provinceCode && a.prefectureCode === b.prefectureCode;
}

/**
 * A place the office adds to the built-in divisions (lexicon rows of kind `place`): a county,
 * town or mine area of its own jurisdiction, or a whole fictional region for the demo. `province`
 * and `city` are full names; unknown ones become places of their own.
 */
export interface ExtraPlace {
  name: string;
  province: string;
  city?: string | null;
}

/** The compiled name index; build once per set of extra places with compileGazetteer. */
export interface Gazetteer {
  index: Map<number, Entry[]>;
  /** Bit pairHash(first, second unit) set for every key of `index`: most positions are rejected without a map lookup. */
  pairs: CharBitset;
  provinceNames: Map<string, string>;
  prefectureNames: Map<string, string>;
}

const CUSTOM = 'x:';

function buildIndex(extra: readonly ExtraPlace[] = []): Gazetteer {
  const provinceNames = new Map<string, string>();
  const prefectureNames = new Map<string, string>();
  const byName = new Map<string, Target[] | null>();
  const add = (name: string, target: Target | null): void => {
    const have = byName.get(name);
    if (target === null) {
      if (have === undefined) byName.set(name, null);
      return;
    }
    if (have === undefined || have === null) byName.set(name, [target]);
    else if (!have.some((t) => sameTarget(t, target))) have.push(target);
  };
  for (const p of PROVINCES) {
    const t: Target = { level: 0, provinceCode: p.code, prefectureCode: null };
    for (const n of [p.name, p.short, ...(PROVINCE_ALIASES[p.code] ?? [])]) add(n, t);
  }
  for (const p of PREFECTURES) {
    const t: Target = { level: 1, provinceCode: p.provinceCode, prefectureCode: p.code };
    for (const n of [p.name, p.short, ...p.aliases]) add(n, t);
  }
  for (const l of LOCALITIES) {
    const t: Target = { level: 2, provinceCode: l.provinceCode, prefectureCode: l.prefectureCode };
    for (const n of [l.name, ...l.aliases]) add(n, t);
  }
  for (const x of extra) {
    const province = PROVINCE_BY_NAME.get(x.province);
    const provinceCode = province?.code ?? `${CUSTOM}${x.province}`;
    if (!province) provinceNames.set(provinceCode, x.province);
    let prefectureCode: string | null = null;
    if (x.city) {
      const prefecture = PREFECTURE_BY_NAME.get(x.city);
      prefectureCode = prefecture?.code ?? `${CUSTOM}${x.province}/${x.city}`;
      if (!prefecture) prefectureNames.set(prefectureCode, x.city);
    }
    const stem = (full: string): string => full.replace(UNIT_SUFFIX, '');
    // The name of the province or city itself (澄河市, or 澄河 for it), else a place inside it.
    const level: Level =
      x.name === x.province || x.name === stem(x.province)
        ? 0
        : x.city && (x.name === x.city || x.name === stem(x.city))
          ? 1
          : 2;
    add(x.name, { level, provinceCode, prefectureCode: level === 0 ? null : prefectureCode });
  }
  for (const n of FOREIGN_NAMES) add(n, null);
  // Shared short names: the province is the default meaning (provinces were added first).
  for (const n of Object.keys(SHARED_SHORT_NAMES)) {
    const targets = byName.get(n);
    if (!targets || targets[0]?.level !== 0) {
      throw new Error(`place: shared short name ${n} must default to a province`);
    }
  }

  const index = new Map<number, Entry[]>();
  for (const [name, targets] of byName) {
    if (name.length < 2) continue;
    const entry: Entry = {
      name,
      targets,
      short: !UNIT_SUFFIX.test(name),
      strict: STRICT_SHORT_NAMES.has(name),
      leftEdge: LEFT_EDGE_NAMES.has(name),
      rejectAfter: REJECT_AFTER[name] ?? [],
      rejectBefore: REJECT_BEFORE[name] ?? '',
    };
    const key = name.charCodeAt(0) * 0x10000 + name.charCodeAt(1);
    const list = index.get(key);
    if (list) list.push(entry);
    else index.set(key, [entry]);
  }
  for (const list of index.values()) list.sort((a, b) => b.name.length - a.name.length);
  const pairs = new CharBitset();
  for (const key of index.keys()) pairs.add(pairHash(Math.floor(key / 0x10000), key % 0x10000));
  return { index, pairs, provinceNames, prefectureNames };
}

/** A 16-bit hash of two code units, for the Gazetteer's pair filter. */
function pairHash(a: number, b: number): number {
  return (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca6b)) >>> 16;
}

const DEFAULT_GAZETTEER = buildIndex();

/** The built-in divisions plus the office's own places. */
export function compileGazetteer(extra: readonly ExtraPlace[]): Gazetteer {
  return extra.length ? buildIndex(extra) : DEFAULT_GAZETTEER;
}

// ---------------------------------------------------------------- scanning

interface Mention {
  name: string;
  start: number;
  end: number;
  /** Null for a foreign name. */
  target: Target | null;
}

function isCjk(ch: string | undefined): boolean {
  if (ch === undefined) return false;
  const c = ch.charCodeAt(0);
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf);
}

/** Decides whether the dictionary name found at i counts, and with which meaning. */
function accept(s: string, i: number, e: Entry, prev: Mention | undefined): Mention | null {
  const end = i + e.name.length;
  const adjacent = prev !== undefined && prev.end === i;
  const before = i > 0 ? s[i - 1] : undefined;

  if (e.name.endsWith('市') && s[end] === '场') return null; // 吉林市场监管局
  for (const w of e.rejectAfter) if (s.startsWith(w, end)) return null;
  if (!adjacent && before !== undefined && e.rejectBefore.includes(before)) return null;
  if (e.leftEdge && !adjacent && isCjk(before) && !LEFT_EDGE_OK.has(before as string)) return null;
  if (e.targets === null) return { name: e.name, start: i, end, target: null };
  if (e.short && SHORT_REJECT_AFTER.test(s.slice(end, end + 3))) return null;

  const prevTarget = adjacent ? prev.target : null;
  let target = e.targets[0] as Target;
  if (prevTarget && e.targets.length > 1) {
    // 吉林吉林, 青海海南: after its own province a shared short name means the prefecture.
    target = e.targets.find((t) => t.level > prevTarget.level && t.provinceCode === prevTarget.provinceCode) ?? target;
  }
  if (e.strict) {
    const afterItsProvince = prevTarget !== null && prevTarget.provinceCode === target.provinceCode;
    if (!afterItsProvince && !s.startsWith('境内', end)) return null;
  }
  return { name: e.name, start: i, end, target };
}

function scan(s: string, g: Gazetteer): Mention[] {
  const out: Mention[] = [];
  let prev: Mention | undefined;
  const last = s.length - 1;
  const { index, pairs } = g;
  for (let i = 0; i < last; ) {
    const a = s.charCodeAt(i);
    const b = s.charCodeAt(i + 1);
    if (!pairs.has(pairHash(a, b))) {
      i++;
      continue;
    }
    const list = index.get(a * 0x10000 + b);
    let m: Mention | null = null;
    if (list) {
      for (const e of list) {
        if (e.name.length > 2 && !s.startsWith(e.name, i)) continue;
        m = accept(s, i, e, prev);
        if (m) break;
      }
    }
    if (m) {
      out.push(m);
      prev = m;
      i = m.end;
    } else {
      i++;
    }
  }
  return out;
}

// ---------------------------------------------------------------- references and weights

interface Ref {
  source: 'title' | 'text';
  mentions: Mention[];
  /** Null for a foreign reference. */
  provinceCode: string | null;
  prefectureCode: string | null;
  weight: number;
  /** Reading order across title then body, for tie-breaks. */
  order: number;
}

function narrows(a: Target, b: Target): boolean {
  if (b.level <= a.level || b.provinceCode !== a.provinceCode) return false;
  return a.level === 0 || (a.prefectureCode !== null && b.prefectureCode === a.prefectureCode);
}

function weigh(s: string, start: number, end: number, chain: boolean): number {
  const before = s.slice(Math.max(0, start - 8), start);
  const after = s.slice(end, end + 16);
  if (DATELINE_DATE.test(after) || (DATELINE_BARE.test(after) && AGENCY_BEFORE.test(before))) return 0;
  let w = chain ? CHAIN_BONUS : 1;
  if (MEDIA_AFTER.test(after) || ORIGIN_AFTER.test(after) || ORIGIN_BEFORE.test(before)) w *= INCIDENTAL_FACTOR;
  else if (SCENE_AFTER.test(after) || SCENE_BEFORE.test(before)) w *= SCENE_BONUS;
  if (SPILLOVER_BEFORE.test(before) || (before.endsWith('受') && CAUSE_AFTER.test(after))) w *= SPILLOVER_FACTOR;
  return w;
}

function references(s: string, source: 'title' | 'text', firstOrder: number, g: Gazetteer): Ref[] {
  const mentions = scan(s, g);
  const refs: Ref[] = [];
  let i = 0;
  while (i < mentions.length) {
    const chain = [mentions[i] as Mention];
    let j = i + 1;
    for (; j < mentions.length; j++) {
      const a = chain[chain.length - 1] as Mention;
      const b = mentions[j] as Mention;
      if (b.start !== a.end || !a.target || !b.target || !narrows(a.target, b.target)) break;
      chain.push(b);
    }
    const head = chain[0] as Mention;
    const tail = chain[chain.length - 1] as Mention;
    let prefectureCode: string | null = null;
    for (const m of chain) if (m.target?.prefectureCode) prefectureCode = m.target.prefectureCode;
    refs.push({
      source,
      mentions: chain,
      provinceCode: tail.target?.provinceCode ?? null,
      prefectureCode,
      weight: weigh(s, head.start, tail.end, chain.length > 1),
      order: firstOrder + refs.length,
    });
    i = j;
  }
  return refs;
}

// ---------------------------------------------------------------- decision

interface Tally {
  title: number;
  text: number;
  order: number;
}

function tally(refs: readonly Ref[], keyOf: (r: Ref) => string | null): Map<string, Tally> {
  const out = new Map<string, Tally>();
  for (const r of refs) {
    const key = keyOf(r);
    if (key === null || r.weight <= 0) continue;
    const t = out.get(key) ?? { title: 0, text: 0, order: r.order };
    t[r.source] += r.weight;
    out.set(key, t);
  }
  return out;
}

/** Title score first (when the title has a candidate at all), then body score, then reading order. */
function best(tallies: Map<string, Tally>): string | null {
  const titled = [...tallies].filter(([, t]) => t.title > 0);
  const pool = titled.length > 0 ? titled : [...tallies];
  let winner: [string, Tally] | null = null;
  for (const cand of pool) {
    if (winner === null) {
      winner = cand;
      continue;
    }
    const [, a] = cand;
    const [, b] = winner;
    const better = a.title !== b.title ? a.title > b.title : a.text !== b.text ? a.text > b.text : a.order < b.order;
    if (better) winner = cand;
  }
  return winner ? winner[0] : null;
}

function noPlace(): PlaceResult {
  return { province: null, city: null, evidence: [] };
}

/**
 * Extracts the province and prefecture an item is about. `text` is the body; pass the headline as
 * `opts.title`: it outweighs the body. Never throws; unknown or foreign places give nulls.
 */
export function extractPlace(text: string, opts: { title?: string; gazetteer?: Gazetteer } = {}): PlaceResult {
  const title = opts.title ?? '';
  const g = opts.gazetteer ?? DEFAULT_GAZETTEER;
  const titleRefs = title ? references(title, 'title', 0, g) : [];
  const textRefs = text ? references(text, 'text', titleRefs.length, g) : [];
  const refs = [...titleRefs, ...textRefs];

  const domesticTitle = titleRefs.some((r) => r.provinceCode !== null && r.weight > 0);
  const foreignTitle = titleRefs.some((r) => r.provinceCode === null && r.weight > 0);
  if (!domesticTitle && foreignTitle) return noPlace();

  const provinces = tally(refs, (r) => r.provinceCode);
  for (const [code, t] of provinces) if (t.title + t.text < MIN_SCORE) provinces.delete(code);
  const provinceCode = best(provinces);
  if (provinceCode === null) return noPlace();
  if (!domesticTitle) {
    const foreign = refs.reduce((sum, r) => sum + (r.provinceCode === null ? r.weight : 0), 0);
    if (foreign > (provinces.get(provinceCode)?.text ?? 0)) return noPlace();
  }

  const cities = tally(refs, (r) => (r.provinceCode === provinceCode ? r.prefectureCode : null));
  const cityCode = best(cities);

  const evidence: PlaceEvidence[] = [];
  for (const r of refs) {
    if (r.weight <= 0 || r.provinceCode !== provinceCode) continue;
    if (r.prefectureCode !== null && r.prefectureCode !== cityCode) continue;
    for (const m of r.mentions) evidence.push({ text: m.name, start: m.start, end: m.end, source: r.source });
  }
  return {
    province: PROVINCE_BY_CODE.get(provinceCode)?.name ?? g.provinceNames.get(provinceCode) ?? null,
    city: cityCode === null ? null : (PREFECTURE_BY_CODE.get(cityCode)?.name ?? g.prefectureNames.get(cityCode) ?? null),
    evidence,
  };
}
