/**
 * Event grouping, database-free core: which existing event a new item joins (reposts and
 * follow-ups of one story across sources are grouped, never dropped), and an explainable event heat.
 *
 * The caller looks up candidate events (SimHash band keys, same accident type and place, recent
 * events), passes their representative fingerprints here and stores the decision.
 */
import { ACCIDENT_TYPES, isAccidentTypeCode } from './accident';
import type { AccidentGrade } from './grade';
import { fingerprintTokens, hamming, jaccardEstimate } from './simhash';
import type { SimHash64 } from './simhash';

// ---------------------------------------------------------------------------------------------
// Rules (settings proposed by the team; tune against labelled data)

/** Repost / near-duplicate: SimHash Hamming distance at most this (band keys catch ≤ 3). */
export const NEAR_DUPLICATE_MAX_HAMMING = 3;
/** Repost / near-duplicate: MinHash Jaccard of token bigrams at least this (short posts). */
export const NEAR_DUPLICATE_MIN_JACCARD = 0.5;
/** Items with fewer distinct bigrams than this only join on an identical fingerprint ("太惨了"). */
export const MIN_SHINGLES_FOR_SIMILARITY = 3;
/** A near-duplicate joins when published within this many hours of the event's span. */
export const DUPLICATE_WINDOW_HOURS = 7 * 24;
/** A follow-up joins when published within this many hours of the event's span. */
export const FOLLOW_UP_WINDOW_HOURS = 72;
/** Follow-up: Jaccard of distinctive title words (place names and accident boilerplate removed). */
export const FOLLOW_UP_MIN_TITLE_JACCARD = 0.2;
/** Follow-up: or whole-text SimHash distance at most this (unrelated texts average ≈ 32). */
export const FOLLOW_UP_MAX_HAMMING = 12;
/**
 * GB 6441 types that happen often enough for two of them to share a city within 72 hours (traffic,
 * drowning, fire, falls, machinery, electric shock, struck-by, other). For the others (explosions,
 * floods in mines, gas, collapses, poisoning) the same type in the same city within the window is
 * the same accident even when the follow-up's headline shares no words with the first report.
 */
export const COMMON_ACCIDENT_TYPES: ReadonlySet<string> = new Set(['01', '02', '03', '05', '06', '08', '09', '20']);
/** Fingerprints kept per event besides the first item's: the latest ones. */
export const EVENT_LATEST_FINGERPRINTS = 5;
/** Headline used when an item has no title (Weibo posts): the start of the text. */
const HEADLINE_CHARS = 60;

/**
 * Title words that every accident report shares; they would make two different accidents of one
 * type look alike ("致2死" / "致1死"), so the follow-up title test ignores them.
 */
export const GENERIC_TITLE_WORDS: ReadonlySet<string> = new Set([
  '事故', '发生', '一起', '致', '死', '伤', '亡', '死亡', '受伤', '重伤', '轻伤', '遇难', '失踪', '被困', '失联',
  '造成', '导致', '人', '名', '起', '最新', '通报', '进展', '消息', '快讯', '突发', '现场', '情况', '新闻',
  '记者', '人数', '升至', '上升', '增至', '增加', '已致', '目前', '后续', '追踪', '最新消息', '官方', '回应',
  '救援', '搜救', '处置', '调查', '原因', '责任', '死者', '伤者', '遇难者', '当地', '今天', '昨天', '今日', '昨日',
  '凌晨', '上午', '下午', '晚上', '日前', '近日',
]);

// ---------------------------------------------------------------------------------------------
// Types

export interface EventAccident {
  /** ACCIDENT_TYPES code ("15" = 瓦斯爆炸). */
  typeCode: string | null;
  province: string | null;
  city: string | null;
  deaths: number | null;
}

/** What an event keeps of one of its items to compare newcomers against. */
export interface EventFingerprint {
  /** The item's title, or the start of its text when it has none (Weibo posts). */
  title: string;
  publishedAt: Date;
  simhash: SimHash64;
  /** Bottom-k MinHash; optional for events stored before it existed. */
  minhash?: Uint32Array | null;
}

export interface EventCandidateInput {
  title: string;
  text: string;
  publishedAt: Date;
  simhash: SimHash64;
  minhash: Uint32Array;
  accident?: EventAccident | null;
}

export interface EventCandidate {
  eventKey: string;
  /** The event's first item. */
  first: EventFingerprint;
  /** Its latest few items (EVENT_LATEST_FINGERPRINTS), any order. */
  latest: readonly EventFingerprint[];
  accident: EventAccident | null;
  firstSeenAt: Date;
  lastSeenAt: Date;
}

export interface EventDecision {
  /** Existing event to join; null → create a new event. */
  eventKey: string | null;
  /**
   * Similarity behind the decision (0–1): for a near-duplicate max(1 − Hamming/64, Jaccard), for a
   * follow-up max(title Jaccard, 1 − Hamming/64); 0 for a new event. Near-duplicates always win
   * over follow-ups, whatever the score.
   */
  score: number;
  /** Chinese explanation for the dashboard. */
  reason: string;
}

// ---------------------------------------------------------------------------------------------
// Helpers

const HOUR_MS = 3_600_000;
const MUNICIPALITIES = new Set(['北京', '上海', '天津', '重庆', '香港', '澳门']);

/** "山西省" → "山西", "临汾市" → "临汾", "广西壮族自治区" → "广西"; null for blanks. */
export function normalizePlace(place: string | null | undefined): string | null {
  const p = (place ?? '').trim();
  if (p === '') return null;
  const stripped = p.replace(/(?:壮族|回族|维吾尔)?自治区$|特别行政区$|自治州$|地区$|[省市盟]$/, '');
  return stripped === '' ? p : stripped;
}

function placeLabel(a: EventAccident): string {
  const province = (a.province ?? '').trim();
  const city = (a.city ?? '').trim();
  if (city === '' || normalizePlace(city) === normalizePlace(province)) return province || city || '地点不详';
  return province + city;
}

function locationConflict(a: EventAccident | null | undefined, b: EventAccident | null | undefined): boolean {
  if (!a || !b) return false;
  const pa = normalizePlace(a.province);
  const pb = normalizePlace(b.province);
  if (pa !== null && pb !== null && pa !== pb) return true;
  const ca = normalizePlace(a.city);
  const cb = normalizePlace(b.city);
  return ca !== null && cb !== null && ca !== cb;
}

function sameLocation(a: EventAccident, b: EventAccident): boolean {
  const pa = normalizePlace(a.province);
  if (pa === null || pa !== normalizePlace(b.province)) return false;
  const ca = normalizePlace(a.city);
  const cb = normalizePlace(b.city);
  if (ca === null && cb === null) return MUNICIPALITIES.has(pa);
  return ca !== null && ca === cb;
}

function sameType(a: EventAccident, b: EventAccident): boolean {
  return a.typeCode !== null && a.typeCode !== '' && a.typeCode === b.typeCode;
}

function typeName(code: string | null): string {
  if (code !== null && isAccidentTypeCode(code)) return ACCIDENT_TYPES[code];
  return code ?? '事故';
}

function headline(title: string, text: string): string {
  const t = title.trim();
  return t !== '' ? t : text.trim().slice(0, HEADLINE_CHARS);
}

// Title tokens of candidate events are needed again for every newcomer: keep a small cache.
const TITLE_CACHE_MAX = 2000;
const titleCache = new Map<string, ReadonlySet<string>>();

function titleWords(title: string): ReadonlySet<string> {
  let words = titleCache.get(title);
  if (!words) {
    words = new Set(fingerprintTokens(title, '').filter((w) => !GENERIC_TITLE_WORDS.has(w)));
    if (titleCache.size >= TITLE_CACHE_MAX) titleCache.clear();
    titleCache.set(title, words);
  }
  return words;
}

/** Jaccard of distinctive title words, ignoring words that only name the (already equal) place. */
function titleJaccard(a: ReadonlySet<string>, b: ReadonlySet<string>, places: readonly string[]): number {
  const keep = (w: string): boolean => !places.some((p) => p.includes(w) || (w.length > 1 && w.includes(p)));
  let inter = 0;
  let union = 0;
  for (const w of a) {
    if (!keep(w)) continue;
    union++;
    if (b.has(w)) inter++;
  }
  for (const w of b) if (keep(w) && !a.has(w)) union++;
  return union === 0 ? 0 : inter / union;
}

function placeWords(...accidents: (EventAccident | null | undefined)[]): string[] {
  const out: string[] = [];
  for (const a of accidents) {
    if (!a) continue;
    for (const p of [a.province, a.city]) {
      const n = normalizePlace(p);
      if (n !== null) out.push(n);
    }
  }
  return out;
}

/** Hours from `t` to the span [first, last]; 0 inside it (late-crawled items land inside). */
function hoursOutside(t: Date, first: Date, last: Date): number {
  const ms = t.getTime();
  if (ms < first.getTime()) return (first.getTime() - ms) / HOUR_MS;
  if (ms > last.getTime()) return (ms - last.getTime()) / HOUR_MS;
  return 0;
}

function hoursLabel(hours: number): string {
  const h = Math.round(hours);
  return h < 1 ? '不足 1 小时' : `${h} 小时`;
}

/** The newest `max` fingerprints after adding `fp`: what an event stores in `latest`. */
export function appendLatest(
  latest: readonly EventFingerprint[],
  fp: EventFingerprint,
  max: number = EVENT_LATEST_FINGERPRINTS,
): EventFingerprint[] {
  return [...latest, fp].sort((a, b) => b.publishedAt.getTime() - a.publishedAt.getTime()).slice(0, max);
}

// ---------------------------------------------------------------------------------------------
// Decision

interface Evaluation {
  candidate: EventCandidate;
  kind: 'duplicate' | 'follow-up' | null;
  score: number;
  reason: string;
  /** Why a similar candidate was rejected, with a rank (higher = more telling). */
  rejection: { rank: number; reason: string } | null;
  minHamming: number;
}

function evaluate(item: EventCandidateInput, c: EventCandidate): Evaluation {
  const reps: { fp: EventFingerprint; label: string }[] = [
    { fp: c.first, label: '首条' },
    ...c.latest.map((fp) => ({ fp, label: '最新报道' })),
  ];
  const thin = item.minhash.length < MIN_SHINGLES_FOR_SIMILARITY;
  let minHam = 65;
  let hamLabel = '';
  let maxJ = 0;
  let jLabel = '';
  for (const { fp, label } of reps) {
    const d = hamming(item.simhash, fp.simhash);
    if (d < minHam) {
      minHam = d;
      hamLabel = label;
    }
    if (!thin && fp.minhash && fp.minhash.length >= MIN_SHINGLES_FOR_SIMILARITY) {
      const j = jaccardEstimate(item.minhash, fp.minhash);
      if (j > maxJ) {
        maxJ = j;
        jLabel = label;
      }
    }
  }
  const out: Evaluation = { candidate: c, kind: null, score: 0, reason: '', rejection: null, minHamming: minHam };
  const reject = (rank: number, reason: string): void => {
    if (!out.rejection || rank > out.rejection.rank) out.rejection = { rank, reason };
  };
  const gap = hoursOutside(item.publishedAt, c.firstSeenAt, c.lastSeenAt);
  const sinceLast = Math.abs(item.publishedAt.getTime() - c.lastSeenAt.getTime()) / HOUR_MS;
  const a = item.accident ?? null;
  const b = c.accident;

  const byHamming = thin ? minHam === 0 : minHam <= NEAR_DUPLICATE_MAX_HAMMING;
  const byJaccard = maxJ >= NEAR_DUPLICATE_MIN_JACCARD;
  const similar = byHamming || byJaccard;

  // Two places named and different: never the same event, however alike the wording (templates).
  if (a && b && locationConflict(a, b)) {
    const places = `地点不同（${placeLabel(a)}、${placeLabel(b)}）`;
    if (similar) reject(3, `内容近似但${places}`);
    else if (sameType(a, b)) reject(1, `同为${typeName(a.typeCode)}但${places}`);
    return out;
  }

  if (similar) {
    if (gap > DUPLICATE_WINDOW_HOURS) {
      reject(2, `与事件内容近似但超出时间窗口（间隔 ${Math.round(gap)} 小时）`);
    } else {
      out.kind = 'duplicate';
      out.score = Math.max(1 - minHam / 64, maxJ);
      out.reason = byHamming
        ? `与事件${hamLabel}内容近似重复（海明距离 ${minHam}）`
        : `与事件${jLabel}内容高度重合（MinHash 相似度 ${maxJ.toFixed(2)}）`;
      return out;
    }
  }

  // An item that names no accident type (a family's post, "数字怎么一变再变") may follow an accident
  // in the same place when a headline word is shared. Not the reverse: an untyped event (a routine
  // inspection notice) must not absorb the accident reports that come after it.
  const oneUntyped = a && b && a.typeCode === null && b.typeCode !== null;
  if (a && b && (sameType(a, b) || oneUntyped) && sameLocation(a, b)) {
    const places = placeWords(a, b);
    const mine = titleWords(headline(item.title, item.text));
    let titleJ = 0;
    for (const { fp } of reps) titleJ = Math.max(titleJ, titleJaccard(mine, titleWords(fp.title), places));
    const rare = !oneUntyped && a.typeCode !== null && !COMMON_ACCIDENT_TYPES.has(a.typeCode);
    const related = rare || titleJ >= FOLLOW_UP_MIN_TITLE_JACCARD || minHam <= FOLLOW_UP_MAX_HAMMING;
    if (!related) {
      reject(1, `事故类型与地点相同但报道内容不同（标题相似度 ${titleJ.toFixed(2)}），视为另一起事故`);
    } else if (gap > FOLLOW_UP_WINDOW_HOURS) {
      reject(2, `同一地点同类事故但超出 ${FOLLOW_UP_WINDOW_HOURS} 小时窗口（间隔 ${Math.round(gap)} 小时）`);
    } else {
      out.kind = 'follow-up';
      out.score = Math.max(titleJ, 1 - minHam / 64);
      out.reason = `同一事故后续报道：同为${typeName(a.typeCode ?? b.typeCode)}、${placeLabel(b)}，间隔 ${hoursLabel(sinceLast)}`;
    }
  }
  return out;
}

const KIND_RANK = { duplicate: 2, 'follow-up': 1 } as const;

/**
 * Which candidate event the item joins, or null for a new event. Rules, in order:
 * 1. accident facts of both name places and they differ → never the same event;
 * 2. near-duplicate (Hamming ≤ NEAR_DUPLICATE_MAX_HAMMING or MinHash Jaccard ≥
 *    NEAR_DUPLICATE_MIN_JACCARD against the first or a latest item) within DUPLICATE_WINDOW_HOURS;
 * 3. follow-up: same accident type, same province and city, within FOLLOW_UP_WINDOW_HOURS, and
 *    title Jaccard ≥ FOLLOW_UP_MIN_TITLE_JACCARD or Hamming ≤ FOLLOW_UP_MAX_HAMMING.
 * Among matches, near-duplicates beat follow-ups, then the higher score, then the newer event.
 */
export function decideEvent(item: EventCandidateInput, candidates: readonly EventCandidate[]): EventDecision {
  if (candidates.length === 0) return { eventKey: null, score: 0, reason: '无候选事件，新建事件' };
  let best: Evaluation | null = null;
  let rejected: Evaluation | null = null;
  let nearest = 65;
  for (const c of candidates) {
    const e = evaluate(item, c);
    nearest = Math.min(nearest, e.minHamming);
    if (e.kind) {
      if (
        !best ||
        KIND_RANK[e.kind] > KIND_RANK[best.kind ?? 'follow-up'] ||
        (e.kind === best.kind &&
          (e.score > best.score ||
            (e.score === best.score && c.lastSeenAt.getTime() > best.candidate.lastSeenAt.getTime())))
      ) {
        best = e;
      }
    } else if (e.rejection && (!rejected || e.rejection.rank > (rejected.rejection?.rank ?? 0))) {
      rejected = e;
    }
  }
  if (best) return { eventKey: best.candidate.eventKey, score: round2(best.score), reason: best.reason };
  if (rejected?.rejection) return { eventKey: null, score: 0, reason: `${rejected.rejection.reason}，新建事件` };
  return { eventKey: null, score: 0, reason: `与候选事件均不相似（最小海明距离 ${nearest}），新建事件` };
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

// ---------------------------------------------------------------------------------------------
// Heat

export interface EventHeatStats {
  /** Distinct sources that carried the event. */
  sources: number;
  items: number;
  officialSources: number;
  /** News media sources, central and local together. */
  mediaSources: number;
  forumSources: number;
  grade: AccidentGrade | null;
  /** Share of the event's items labelled negative, 0–1. */
  negativeShare: number;
  hoursSinceLast: number;
  /** Of `mediaSources`, how many are central media; when absent all count as local media. */
  centralMediaSources?: number;
}

export interface HeatFactor {
  /** Stable key for code and tests. */
  key: 'sources' | 'items' | 'authority' | 'grade' | 'negative' | 'decay';
  /** Chinese label for the dashboard. */
  name: string;
  /** The input behind the factor (count, weighted count, grade rank 0–4, share, hours). */
  value: number;
  /** Points added (the decay factor is negative); contributions sum to the heat up to rounding. */
  contribution: number;
}

/** Upper bounds of each factor before decay; they add up to 100. */
export const HEAT_MAX_POINTS = { sources: 25, items: 15, authority: 20, grade: 25, negative: 15 } as const;
/** Value at which a log-scaled factor reaches its maximum. */
export const HEAT_SATURATION = { sources: 30, items: 200, authority: 40 } as const;
/** Weight of one source by kind: official > central media > local media > forum. */
export const HEAT_AUTHORITY_WEIGHTS = { official: 4, centralMedia: 3, localMedia: 2, forum: 1 } as const;
export const HEAT_GRADE_POINTS: Readonly<Record<AccidentGrade, number>> = { 特别重大: 25, 重大: 20, 较大: 12, 一般: 5 };
const GRADE_RANK: Readonly<Record<AccidentGrade, number>> = { 特别重大: 4, 重大: 3, 较大: 2, 一般: 1 };
/** Heat halves for every this many hours without a new item. */
export const HEAT_HALF_LIFE_HOURS = 24;

function nonNegative(x: number | undefined): number {
  return typeof x === 'number' && Number.isFinite(x) && x > 0 ? x : 0;
}

/** max · min(1, ln(1 + x) / ln(1 + saturation)): the first few sources count most. */
function logScaled(x: number, saturation: number, max: number): number {
  return max * Math.min(1, Math.log1p(x) / Math.log1p(saturation));
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

/**
 * Event heat, 0–100, with its factors:
 *   base  = 25·L(sources, 30) + 15·L(items, 200) + 20·L(authority, 40) + grade points + 15·negativeShare
 *   heat  = base · 0.5^(hoursSinceLast / 24)
 * where L(x, s) = min(1, ln(1+x)/ln(1+s)), authority = 4·official + 3·central media + 2·local media
 * + 1·forum sources, and grade points are 特别重大 25, 重大 20, 较大 12, 一般 5. The decay appears
 * as its own negative factor so that the contributions add up to the heat.
 */
export function eventHeat(stats: EventHeatStats): { heat: number; factors: HeatFactor[] } {
  const sources = nonNegative(stats.sources);
  const items = nonNegative(stats.items);
  const media = nonNegative(stats.mediaSources);
  const central = Math.min(media, nonNegative(stats.centralMediaSources));
  const w = HEAT_AUTHORITY_WEIGHTS;
  const authority =
    w.official * nonNegative(stats.officialSources) +
    w.centralMedia * central +
    w.localMedia * (media - central) +
    w.forum * nonNegative(stats.forumSources);
  const negative = Math.min(1, nonNegative(stats.negativeShare));
  const hours = nonNegative(stats.hoursSinceLast);

  const raw: { key: HeatFactor['key']; name: string; value: number; points: number }[] = [
    { key: 'sources', name: '来源数', value: sources, points: logScaled(sources, HEAT_SATURATION.sources, HEAT_MAX_POINTS.sources) },
    { key: 'items', name: '报道量', value: items, points: logScaled(items, HEAT_SATURATION.items, HEAT_MAX_POINTS.items) },
    {
      key: 'authority',
      name: '来源权威性',
      value: authority,
      points: logScaled(authority, HEAT_SATURATION.authority, HEAT_MAX_POINTS.authority),
    },
    {
      key: 'grade',
      name: '事故等级',
      value: stats.grade ? GRADE_RANK[stats.grade] : 0,
      points: stats.grade ? HEAT_GRADE_POINTS[stats.grade] : 0,
    },
    { key: 'negative', name: '负面占比', value: negative, points: HEAT_MAX_POINTS.negative * negative },
  ];
  const base = raw.reduce((sum, f) => sum + f.points, 0);
  const heat = Math.min(100, base * 0.5 ** (hours / HEAT_HALF_LIFE_HOURS));
  const factors: HeatFactor[] = raw.map(({ key, name, value, points }) => ({
    key,
    name,
    value: round2(value),
    contribution: round1(points),
  }));
  factors.push({ key: 'decay', name: '时间衰减', value: round1(hours), contribution: round1(heat - base) });
  return { heat: round1(heat), factors };
}

/** Heat stored as of the event's last item (hoursSinceLast = 0), decayed to `hoursSinceLast` later. */
export function decayedHeat(heat: number, hoursSinceLast: number): number {
  return round1(nonNegative(heat) * 0.5 ** (nonNegative(hoursSinceLast) / HEAT_HALF_LIFE_HOURS));
}
