/**
 * Reaction forecast for a release draft (预判, 74号 "predict the reaction to major releases";
 * DOMAIN §4.2 风险研判, §7): what followed comparable releases of similar past events, with the
 * cases cited. Pure: the caller passes the archive (past events with their releases and hourly
 * volume). It describes the past; it predicts nothing on its own, and says so when the cases are
 * too few.
 *
 * Similarity (also returned as `basis`, in Chinese, so the page can show it):
 * - same accident type and same release kind are conditions, not points;
 * - grade: same +2, adjacent (一般/较大/重大/特别重大) +1, two or more apart excluded, unknown on
 *   either side +0;
 * - province: same +2 (preferred, not required);
 * - the best MAX_CASES by score, ties broken by the most recent release.
 *
 * What followed a release: over the 24 h after it against the (up to) 24 h before it,
 * - volume change: (mean items per hour after − mean before) / mean before; a release with no
 *   volume before it is left out (no base to compare);
 * - negative-share change: after − before, in percentage points (volume-weighted share of each
 *   window), left out when a window has no items or no sentiment.
 * Hours missing from the series count as zero items. The before-window starts where the series
 * starts if that is less than 24 h earlier; the after-window must be covered in full, or the
 * release is left out (its reaction is not over yet). One event is one case: its releases of the
 * kind are summarised by their median, so a long rescue with many 续报 does not outvote others.
 */
import type { AccidentGrade } from '@/lib/analysis/grade';
import type { ReleaseKind } from './kinds';
import { RELEASE_KIND_LABELS } from './kinds';

export const WINDOW_HOURS = 24;
export const MIN_CASES = 3;
export const MAX_CASES = 10;

const HOUR = 3_600_000;
const GRADE_ORDER: readonly AccidentGrade[] = ['一般', '较大', '重大', '特别重大'];

export interface HourlyPoint {
  /** Start of the hour. */
  at: Date;
  volume: number;
  /** Share of negative items in that hour, 0..1; null when not analysed. */
  negativeShare: number | null;
}

export interface ArchiveRelease {
  at: Date;
  kind: ReleaseKind;
}

export interface ArchiveEvent {
  id: number | string;
  title: string;
  /** Accident type name as the analysis gives it. */
  type: string | null;
  grade: AccidentGrade | null;
  province: string | null;
  releases: readonly ArchiveRelease[];
  hourly: readonly HourlyPoint[];
}

export interface ForecastTarget {
  kind: ReleaseKind;
  type: string | null;
  grade: AccidentGrade | null;
  province: string | null;
  /** An event to leave out (the draft's own event, if it is in the archive). */
  excludeEventId?: number | string;
}

export interface ReleaseReaction {
  at: Date;
  beforePerHour: number;
  afterPerHour: number;
  /** Relative change of items per hour, e.g. 0.5 = +50 %. */
  volumeChange: number;
  /** Change of the negative share in percentage points; null when not measurable. */
  negativeShareChangePts: number | null;
}

export interface CitedCase {
  id: number | string;
  title: string;
  type: string | null;
  grade: AccidentGrade | null;
  province: string | null;
  score: number;
  /** Why it is comparable: 同类型, 同等级/相邻等级, 同省. */
  reasons: string[];
  reactions: ReleaseReaction[];
  volumeChange: number;
  negativeShareChangePts: number | null;
}

export interface Spread {
  median: number;
  min: number;
  max: number;
  n: number;
}

export interface ReactionForecast {
  status: 'ok' | 'too_few_cases';
  /** The plain-language summary (Chinese). */
  message: string;
  /** How similarity was scored (Chinese). */
  basis: string;
  cases: CitedCase[];
  volumeChange: Spread | null;
  negativeShareChangePts: Spread | null;
  /** Comparable events left out for lack of data, with the reason. */
  skipped: { id: number | string; title: string; reason: string }[];
}

export const FORECAST_BASIS =
  `相似度计分：须为同一事故类型、同一发布类型；事故等级相同 +2、相邻 +1、相差两级及以上不参与比较、任一方等级未知 +0；同一省份 +2。` +
  `按得分取前 ${MAX_CASES} 起，同分按发布时间由近及远。比较发布后 ${WINDOW_HOURS} 小时与发布前（至多）${WINDOW_HOURS} 小时的每小时信息量和负面占比；` +
  `一起事件的多次同类发布取中位数，算作一个案例。少于 ${MIN_CASES} 个案例不作预判。`;

function normProvince(p: string | null): string | null {
  if (!p) return null;
  const t = p.trim().replace(/(?:壮族自治区|回族自治区|维吾尔自治区|特别行政区|自治区|省|市)$/, '');
  return t || null;
}

function gradeDistance(a: AccidentGrade | null, b: AccidentGrade | null): number | null {
  if (a === null || b === null) return null;
  return Math.abs(GRADE_ORDER.indexOf(a) - GRADE_ORDER.indexOf(b));
}

/** Score and reasons, or null when the event is not comparable at all. */
export function similarity(target: ForecastTarget, e: ArchiveEvent): { score: number; reasons: string[] } | null {
  if (target.type === null || e.type !== target.type) return null;
  const reasons = ['同类型'];
  let score = 0;
  const dist = gradeDistance(target.grade, e.grade);
  if (dist !== null && dist >= 2) return null;
  if (dist === 0) {
    score += 2;
    reasons.push('同等级');
  } else if (dist === 1) {
    score += 1;
    reasons.push('相邻等级');
  } else reasons.push('等级未知');
  const p = normProvince(target.province);
  if (p !== null && p === normProvince(e.province)) {
    score += 2;
    reasons.push('同省');
  }
  return { score, reasons };
}

function windowStats(hourly: readonly HourlyPoint[], from: number, to: number): { volume: number; negative: number; rated: number } {
  let volume = 0;
  let negative = 0;
  let rated = 0;
  for (const h of hourly) {
    const t = h.at.getTime();
    if (t < from || t >= to) continue;
    const v = Math.max(0, h.volume);
    volume += v;
    if (h.negativeShare !== null && Number.isFinite(h.negativeShare)) {
      negative += v * Math.min(1, Math.max(0, h.negativeShare));
      rated += v;
    }
  }
  return { volume, negative, rated };
}

/** The reaction to one release, or the reason it cannot be measured. */
export function releaseReaction(hourly: readonly HourlyPoint[], at: Date): ReleaseReaction | { reason: string } {
  if (hourly.length === 0) return { reason: '无声量数据' };
  let first = Infinity;
  let last = -Infinity;
  for (const h of hourly) {
    first = Math.min(first, h.at.getTime());
    last = Math.max(last, h.at.getTime());
  }
  const t = at.getTime();
  if (last + HOUR < t + WINDOW_HOURS * HOUR) return { reason: `发布后不足 ${WINDOW_HOURS} 小时的数据` };
  const beforeFrom = Math.max(first, t - WINDOW_HOURS * HOUR);
  const beforeHours = (t - beforeFrom) / HOUR;
  if (beforeHours < 1) return { reason: '发布前无数据' };
  const before = windowStats(hourly, beforeFrom, t);
  const after = windowStats(hourly, t, t + WINDOW_HOURS * HOUR);
  const beforePerHour = before.volume / beforeHours;
  const afterPerHour = after.volume / WINDOW_HOURS;
  if (beforePerHour === 0) return { reason: '发布前无声量' };
  const shareBefore = before.rated > 0 ? before.negative / before.rated : null;
  const shareAfter = after.rated > 0 ? after.negative / after.rated : null;
  return {
    at,
    beforePerHour,
    afterPerHour,
    volumeChange: (afterPerHour - beforePerHour) / beforePerHour,
    negativeShareChangePts: shareBefore === null || shareAfter === null ? null : (shareAfter - shareBefore) * 100,
  };
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  if (s.length === 0) return NaN;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

function spread(values: readonly number[]): Spread | null {
  if (values.length === 0) return null;
  return { median: median(values), min: Math.min(...values), max: Math.max(...values), n: values.length };
}

function pct(x: number): string {
  const v = Math.round(x * 100);
  return `${v > 0 ? '+' : v < 0 ? '−' : ''}${Math.abs(v)}%`;
}

function pts(x: number): string {
  const v = Math.round(x * 10) / 10;
  return `${v > 0 ? '+' : v < 0 ? '−' : ''}${Math.abs(v).toFixed(1)}`;
}

function cite(c: CitedCase): string {
  return `#${c.id}「${c.title}」`;
}

export function forecastReaction(target: ForecastTarget, archive: readonly ArchiveEvent[]): ReactionForecast {
  const kindLabel = RELEASE_KIND_LABELS[target.kind];
  const skipped: ReactionForecast['skipped'] = [];
  if (target.type === null) {
    return {
      status: 'too_few_cases',
      message: `事件类型未知，无法找到同类事件，不作预判。`,
      basis: FORECAST_BASIS,
      cases: [],
      volumeChange: null,
      negativeShareChangePts: null,
      skipped,
    };
  }
  const candidates: (CitedCase & { latest: number })[] = [];
  for (const e of archive) {
    if (target.excludeEventId !== undefined && e.id === target.excludeEventId) continue;
    const sim = similarity(target, e);
    if (!sim) continue;
    const releases = e.releases.filter((r) => r.kind === target.kind);
    if (releases.length === 0) continue;
    const reactions: ReleaseReaction[] = [];
    const reasons: string[] = [];
    for (const r of releases) {
      const x = releaseReaction(e.hourly, r.at);
      if ('reason' in x) reasons.push(x.reason);
      else reactions.push(x);
    }
    if (reactions.length === 0) {
      skipped.push({ id: e.id, title: e.title, reason: [...new Set(reasons)].join('；') });
      continue;
    }
    const shares = reactions.flatMap((r) => (r.negativeShareChangePts === null ? [] : [r.negativeShareChangePts]));
    candidates.push({
      id: e.id,
      title: e.title,
      type: e.type,
      grade: e.grade,
      province: e.province,
      score: sim.score,
      reasons: sim.reasons,
      reactions,
      volumeChange: median(reactions.map((r) => r.volumeChange)),
      negativeShareChangePts: shares.length > 0 ? median(shares) : null,
      latest: Math.max(...reactions.map((r) => r.at.getTime())),
    });
  }
  candidates.sort((a, b) => b.score - a.score || b.latest - a.latest);
  const cases: CitedCase[] = candidates.slice(0, MAX_CASES).map(({ latest: _latest, ...c }) => c);
  const cited = cases.map(cite).join('、');

  if (cases.length < MIN_CASES) {
    const found = cases.length === 0 ? '未找到可比案例' : `仅找到 ${cases.length} 起可比案例（${cited}）`;
    return {
      status: 'too_few_cases',
      message: `${found}，少于 ${MIN_CASES} 起，案例太少，不作预判。`,
      basis: FORECAST_BASIS,
      cases,
      volumeChange: null,
      negativeShareChangePts: null,
      skipped,
    };
  }

  const volume = spread(cases.map((c) => c.volumeChange)) as Spread;
  const negative = spread(cases.flatMap((c) => (c.negativeShareChangePts === null ? [] : [c.negativeShareChangePts])));
  const negText = negative
    ? `负面占比变化中位数 ${pts(negative.median)} 个百分点（范围 ${pts(negative.min)}～${pts(negative.max)}，${negative.n} 起）`
    : '负面占比无法比较（案例缺少情感数据）';
  return {
    status: 'ok',
    message:
      `参照 ${cases.length} 起同类事件的${kindLabel}（${cited}）：发布后 ${WINDOW_HOURS} 小时每小时信息量变化中位数 ${pct(volume.median)}` +
      `（范围 ${pct(volume.min)}～${pct(volume.max)}），${negText}。以上为历史案例的统计，仅供研判参考。`,
    basis: FORECAST_BASIS,
    cases,
    volumeChange: volume,
    negativeShareChangePts: negative,
    skipped,
  };
}
