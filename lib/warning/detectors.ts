/**
 * Early-warning detectors. Each one is pure: data and `now` in, zero or more findings out. Every
 * finding carries its level, the named numbers behind it and a Chinese "why" built from them.
 *
 * Statistics (documented per detector below):
 * - volume: one-sided upper-tail test of the current count against a robust baseline (median of the
 *   known buckets, floored), quasi-Poisson when the baseline shows over-dispersion (MAD), plus a
 *   minimum count and a minimum ratio; hourly data compares with the same hour of previous days once
 *   3 such days are known (day/night cycle); a short baseline only alerts on an obvious surge.
 * - negative share: one-sided two-proportion z-test with a pooled standard error.
 * - silent source: Poisson, P(0 items in the gap) = exp(−rate · gap).
 */
import type { AccidentGrade } from '@/lib/analysis/grade';
import type { Factor, WarningLevel, WarningThresholds } from './levels';
import {
  DEFAULT_THRESHOLDS,
  GRADE_RANK,
  WARNING_LEVELS,
  fmt,
  gradeFactor,
  levelFromFactors,
  levelRank,
  sensitivityScore,
} from './levels';
import type { HazardWarning } from './hazard';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

// ---------------------------------------------------------------------------------------------
// Types

/** reply and plan: 待回应 tasks and 应对预案 runs past their due time (lib/warning/workflow-findings). */
export type SubjectType = 'topic' | 'event' | 'region' | 'category' | 'source' | 'all' | 'reply' | 'plan';

export interface Subject {
  type: SubjectType;
  key: string;
  label: string;
}

export type FindingKind =
  | 'volume_spike'
  | 'negative_shift'
  | 'event_spread'
  | 'accident_grade'
  | 'sensitive_cues'
  | 'silent_source'
  | 'hazard_warning'
  | 'clock_overdue';

export interface Finding {
  kind: FindingKind;
  subject: Subject;
  at: Date;
  level: WarningLevel;
  /** The named numbers compared with the level cuts. */
  factors: Record<string, number>;
  /** Chinese, with the numbers behind it. */
  why: string;
  metrics: Record<string, number>;
}

export const ALL_SUBJECT: Subject = { type: 'all', key: 'all', label: '全部' };

// ---------------------------------------------------------------------------------------------
// Statistics helpers (exported for tests)

/** ln Γ(x), Lanczos (g = 7, n = 9); relative error ~1e-15 for x > 0. */
export function lnGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lnGamma(1 - x);
  const xx = x - 1;
  let a = c[0] ?? 0;
  const t = xx + 7.5;
  for (let i = 1; i < 9; i++) a += (c[i] ?? 0) / (xx + i);
  return 0.5 * Math.log(2 * Math.PI) + (xx + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Regularised lower incomplete gamma P(a, x) (Numerical Recipes gser/gcf). */
export function gammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  if (a <= 0) return 1;
  const lnPre = -x + a * Math.log(x) - lnGamma(a);
  if (x < a + 1) {
    let ap = a;
    let sum = 1 / a;
    let del = sum;
    for (let n = 0; n < 100_000; n++) {
      ap += 1;
      del *= x / ap;
      sum += del;
      if (Math.abs(del) < Math.abs(sum) * 1e-15) break;
    }
    return Math.min(1, sum * Math.exp(lnPre));
  }
  // Continued fraction for Q(a, x), modified Lentz.
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 100_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return Math.max(0, 1 - Math.exp(lnPre) * h);
}

/**
 * P(X ≥ k) for X ~ Poisson(lambda). k may be fractional (quasi-Poisson scaling uses k/φ, λ/φ): the
 * continuous extension P(X ≥ k) = P(k, λ), the regularised lower incomplete gamma.
 */
export function poissonUpperTail(k: number, lambda: number): number {
  if (k <= 0) return 1;
  if (lambda <= 0) return 0;
  return gammaP(k, lambda);
}

/** erfc(x), Numerical Recipes erfcc (Chebyshev), fractional error < 1.2e-7 everywhere. */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** P(Z ≥ z) for a standard normal Z. */
export function normalUpperTail(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? NaN) : ((s[mid - 1] ?? NaN) + (s[mid] ?? NaN)) / 2;
}

/** Median absolute deviation (unscaled). */
export function mad(xs: readonly number[]): number {
  const m = median(xs);
  return median(xs.map((x) => Math.abs(x - m)));
}

export interface TwoProportionResult {
  p1: number;
  p0: number;
  pooled: number;
  se: number;
  z: number;
  /** One-sided P(Z ≥ z): the current share is higher. */
  p: number;
}

/** Pooled two-proportion z-test, one-sided (current share > baseline share). */
export function twoProportionZ(x1: number, n1: number, x0: number, n0: number): TwoProportionResult {
  const p1 = x1 / n1;
  const p0 = x0 / n0;
  const pooled = (x1 + x0) / (n1 + n0);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n0));
  const z = se > 0 ? (p1 - p0) / se : p1 > p0 ? Infinity : 0;
  return { p1, p0, pooled, se, z, p: normalUpperTail(z) };
}

function sci(p: number): string {
  if (p === 0) return '<1e-300';
  if (p >= 0.001) return fmt(p, 4);
  return p.toExponential(1);
}

function r3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function finding(
  kind: FindingKind,
  subject: Subject,
  at: Date,
  factors: Factor[],
  thresholds: WarningThresholds,
  head: string,
  metrics: Record<string, number>,
  minLevel: WarningLevel | null = 'blue',
): Finding | null {
  const res = levelFromFactors(factors, thresholds);
  let level = res.level;
  if (levelRank(minLevel) > levelRank(level)) level = minLevel;
  if (!level) return null;
  const named: Record<string, number> = {};
  for (const f of factors) named[f.name] = r3(f.value);
  const reason = res.level ? res.summary : `${WARNING_LEVELS[level].colour}：达到告警条件`;
  return { kind, subject, at, level, factors: named, why: `${head}。${reason}`, metrics };
}

// ---------------------------------------------------------------------------------------------
// Volume spike

export interface CountPoint {
  start: Date;
  /** null = unknown (no data), never zero. */
  count: number | null;
}

export type Granularity = 'hour' | 'day';

export interface VolumeSpikeOptions {
  granularity: Granularity;
  subject?: Subject;
  /** The bucket to test; defaults to the latest point in the series. */
  current?: Date;
  thresholds?: WarningThresholds;
}

export type BaselineMode = 'seasonal' | 'window' | 'short';

export interface VolumeTest {
  mode: BaselineMode;
  count: number;
  baseline: number;
  baselinePoints: number;
  dispersion: number;
  ratio: number;
  p: number;
  alert: boolean;
  /** Chinese reason when `alert` is false. */
  reason: string;
}

/**
 * The statistical core of `detectVolumeSpike`, exposed so the dashboard can show a non-alert too.
 * Returns null when the current bucket is missing or unknown, or has no known baseline at all.
 */
export function testVolume(series: readonly CountPoint[], opts: VolumeSpikeOptions): VolumeTest | null {
  const t = (opts.thresholds ?? DEFAULT_THRESHOLDS).volume;
  const step = opts.granularity === 'hour' ? HOUR_MS : DAY_MS;
  const byStart = new Map<number, number | null>();
  let latest = -Infinity;
  for (const p of series) {
    const ms = p.start.getTime();
    if (!Number.isFinite(ms)) continue;
    const c = p.count;
    byStart.set(ms, typeof c === 'number' && Number.isFinite(c) && c >= 0 ? c : null);
    latest = Math.max(latest, ms);
  }
  const cur = opts.current ? opts.current.getTime() : latest;
  const count = byStart.get(cur);
  if (count === undefined || count === null) return null;
  const at = (ms: number): number | null => byStart.get(ms) ?? null;

  const window = opts.granularity === 'hour' ? t.hourWindow : t.dayWindow;
  const windowPoints: number[] = [];
  for (let i = 1; i <= window; i++) {
    const v = at(cur - i * step);
    if (v !== null) windowPoints.push(v);
  }
  const seasonalPoints: number[] = [];
  if (opts.granularity === 'hour') {
    for (let d = 1; d <= t.seasonalDays; d++) {
      const v = at(cur - d * DAY_MS);
      if (v !== null) seasonalPoints.push(v);
    }
  }

  let mode: BaselineMode;
  let points: number[];
  if (opts.granularity === 'hour' && seasonalPoints.length >= t.minSeasonalDays) {
    mode = 'seasonal';
    points = seasonalPoints;
  } else {
    points = windowPoints;
    const minBaseline = opts.granularity === 'hour' ? t.minBaselineHour : t.minBaselineDay;
    mode = points.length >= minBaseline ? 'window' : 'short';
  }
  if (points.length === 0) return null;

  const floor = opts.granularity === 'hour' ? t.rateFloorHour : t.rateFloorDay;
  const minCount = opts.granularity === 'hour' ? t.minCountHour : t.minCountDay;
  let baseline: number;
  let dispersion = 1;
  let minRatio = t.minRatio;
  let alpha = t.alpha;
  if (mode === 'short') {
    // Too little history to know what is usual: compare with the largest known bucket and demand an
    // obvious surge (×4, p < 1e-6 by default).
    baseline = Math.max(floor, ...points);
    minRatio = t.shortMinRatio;
    alpha = t.shortAlpha;
  } else {
    baseline = Math.max(floor, median(points));
    if (points.length >= t.minDispersionPoints) {
      const scale = 1.4826 * mad(points);
      dispersion = Math.max(1, (scale * scale) / baseline);
    }
  }
  const ratio = count / baseline;
  const p = poissonUpperTail(count / dispersion, baseline / dispersion);
  let reason = '';
  if (count < minCount) reason = `当前 ${count} 条，少于最少 ${minCount} 条`;
  else if (ratio < minRatio) reason = `倍数 ${fmt(ratio, 2)}，低于 ${fmt(minRatio)} 倍`;
  else if (!(p < alpha)) reason = `p=${sci(p)}，未低于 ${sci(alpha)}`;
  return {
    mode,
    count,
    baseline,
    baselinePoints: points.length,
    dispersion,
    ratio,
    p,
    alert: reason === '',
    reason,
  };
}

const MODE_TEXT = { seasonal: '前几天同一时段' } as const;

/**
 * Volume spike of the current bucket (hour: vs the past 12 hours, or the same hour of up to 7
 * previous days once 3 are known; day: vs the past 14 days). Null counts are unknown, not zero, and
 * are left out of the baseline. Alert when count ≥ minCount, ratio ≥ minRatio and the quasi-Poisson
 * upper tail p < alpha; with a short baseline (fewer than 6 hours / 7 days known) the reference is
 * the largest known bucket with ×4 and p < 1e-6. Never alerts without any known baseline bucket.
 */
export function detectVolumeSpike(series: readonly CountPoint[], opts: VolumeSpikeOptions): Finding[] {
  const thresholds = opts.thresholds ?? DEFAULT_THRESHOLDS;
  const test = testVolume(series, opts);
  if (!test || !test.alert) return [];
  const subject = opts.subject ?? ALL_SUBJECT;
  const hourly = opts.granularity === 'hour';
  const windowText =
    test.mode === 'seasonal'
      ? `${MODE_TEXT.seasonal}（${test.baselinePoints} 天）的中位数`
      : `过去 ${hourly ? `${thresholds.volume.hourWindow} 小时` : `${thresholds.volume.dayWindow} 天`}中 ${test.baselinePoints} 个已知${hourly ? '小时' : '日'}的${test.mode === 'short' ? '最大值' : '中位数'}`;
  const head =
    `${subject.label}${hourly ? '本小时' : '当日'}声量 ${test.count} 条，为${windowText} ${fmt(test.baseline, 1)} 条的 ${fmt(test.ratio, 2)} 倍` +
    `（${test.dispersion > 1 ? `准泊松，离散系数 ${fmt(test.dispersion, 1)}，` : '泊松，'}p=${sci(test.p)}）`;
  const cur = opts.current ?? new Date(Math.max(...series.map((p) => p.start.getTime())));
  const f = finding(
    'volume_spike',
    subject,
    cur,
    [{ name: 'volume_ratio', value: test.ratio, detail: `${test.count}/${fmt(test.baseline, 1)}` }],
    thresholds,
    head,
    {
      count: test.count,
      baseline: r3(test.baseline),
      baselinePoints: test.baselinePoints,
      ratio: r3(test.ratio),
      p: test.p,
      dispersion: r3(test.dispersion),
      seasonal: test.mode === 'seasonal' ? 1 : 0,
      shortBaseline: test.mode === 'short' ? 1 : 0,
    },
  );
  return f ? [f] : [];
}

// ---------------------------------------------------------------------------------------------
// Negative shift

export interface ShareCounts {
  n: number;
  negative: number;
}

export interface NegativeShiftOptions {
  subject?: Subject;
  at: Date;
  thresholds?: WarningThresholds;
}

/**
 * Negative share rising: pooled two-proportion z-test, one-sided. Alert when both sides have at
 * least `minN` items, the share rose by at least `minRise` (absolute) and p < alpha.
 */
export function detectNegativeShift(current: ShareCounts, baseline: ShareCounts, opts: NegativeShiftOptions): Finding[] {
  const thresholds = opts.thresholds ?? DEFAULT_THRESHOLDS;
  const t = thresholds.negative;
  const valid = (s: ShareCounts) =>
    Number.isFinite(s.n) && Number.isFinite(s.negative) && s.n > 0 && s.negative >= 0 && s.negative <= s.n;
  if (!valid(current) || !valid(baseline)) return [];
  if (current.n < t.minN || baseline.n < t.minN) return [];
  const res = twoProportionZ(current.negative, current.n, baseline.negative, baseline.n);
  const rise = res.p1 - res.p0;
  if (rise < t.minRise || !(res.p < t.alpha)) return [];
  const subject = opts.subject ?? ALL_SUBJECT;
  const pct = (x: number) => `${fmt(x * 100, 1)}%`;
  const head =
    `${subject.label}负面占比由 ${pct(res.p0)}（${baseline.negative}/${baseline.n}）升至 ${pct(res.p1)}` +
    `（${current.negative}/${current.n}），z=${fmt(res.z, 2)}，单侧 p=${sci(res.p)}`;
  const f = finding(
    'negative_shift',
    subject,
    opts.at,
    [{ name: 'negative_rise', value: rise * 100 }],
    thresholds,
    head,
    {
      currentN: current.n,
      currentNegative: current.negative,
      baselineN: baseline.n,
      baselineNegative: baseline.negative,
      currentShare: r3(res.p1),
      baselineShare: r3(res.p0),
      z: r3(res.z),
      p: res.p,
    },
  );
  return f ? [f] : [];
}

// ---------------------------------------------------------------------------------------------
// Event spread

export interface EventRef {
  /** Event key (stable id). */
  id: string;
  /** Event title for the dashboard. */
  title: string;
}

export interface EventSpreadInput extends EventRef {
  firstSeenAt: Date;
  items: number;
  sources: number;
  officialSources: number;
  mediaSources: number;
  forumSources: number;
  grade: AccidentGrade | null;
  /** Stored 0–100 event heat (lib/analysis/events eventHeat). */
  heat: number | null;
}

export interface EventSpreadOptions {
  /** Typical items per hour for an event, when known (else `spread.typicalItemsPerHour`). */
  typicalItemsPerHour?: number;
  thresholds?: WarningThresholds;
}

/**
 * A new event spreading fast: within `windowHours` (6) of its first item, either ≥ `minSources` (5)
 * distinct sources, or ≥ `minItems` (10) items at ≥ `minRateRatio` (5) × the typical items per hour.
 * The level is the max of the spread factors, the grade floor and the stored heat.
 */
export function detectEventSpread(event: EventSpreadInput, now: Date, opts: EventSpreadOptions = {}): Finding[] {
  const thresholds = opts.thresholds ?? DEFAULT_THRESHOLDS;
  const t = thresholds.spread;
  const ageMs = now.getTime() - event.firstSeenAt.getTime();
  if (!(ageMs >= 0) || ageMs > t.windowHours * HOUR_MS) return [];
  const ageHours = ageMs / HOUR_MS;
  // Less than an hour old: rate per the first hour, so 3 items in 5 minutes is not 36/h.
  const rate = event.items / Math.max(1, ageHours);
  const typical = opts.typicalItemsPerHour && opts.typicalItemsPerHour > 0 ? opts.typicalItemsPerHour : t.typicalItemsPerHour;
  const rateRatio = rate / typical;
  const bySources = event.sources >= t.minSources;
  const byRate = event.items >= t.minItems && rateRatio >= t.minRateRatio && event.sources >= t.minSourcesForRate;
  if (!bySources && !byRate) return [];
  const factors: Factor[] = [
    {
      name: 'spread_sources',
      value: event.sources,
      detail: `官方 ${event.officialSources}、媒体 ${event.mediaSources}、论坛 ${event.forumSources}`,
    },
    { name: 'spread_rate', value: rateRatio, detail: `每小时 ${fmt(rate, 1)} 条，常态 ${fmt(typical, 1)} 条` },
  ];
  const g = gradeFactor({ grade: event.grade });
  if (g) factors.push(g);
  if (typeof event.heat === 'number' && Number.isFinite(event.heat)) factors.push({ name: 'heat_score', value: event.heat });
  const head =
    `事件“${event.title}”首条后 ${fmt(ageHours, 1)} 小时内已有 ${event.sources} 个来源、${event.items} 条` +
    `（每小时 ${fmt(rate, 1)} 条，为常态的 ${fmt(rateRatio, 1)} 倍）`;
  const f = finding('event_spread', { type: 'event', key: event.id, label: event.title }, now, factors, thresholds, head, {
    ageHours: r3(ageHours),
    items: event.items,
    sources: event.sources,
    officialSources: event.officialSources,
    mediaSources: event.mediaSources,
    forumSources: event.forumSources,
    itemsPerHour: r3(rate),
    rateRatio: r3(rateRatio),
  });
  return f ? [f] : [];
}

// ---------------------------------------------------------------------------------------------
// Accident grade

export interface AccidentGradeInput extends EventRef {
  grade: AccidentGrade | null;
  dead?: number | null;
  missing?: number | null;
  seriouslyInjured?: number | null;
  lossYuan?: number | null;
}

/**
 * An accident at 较大 or above (provisional grade: dead + missing, DOMAIN §2.4), at the §3.4 floor:
 * 特别重大 → 红, 重大 → 橙, 较大 → 黄.
 */
export function detectAccidentGrade(
  event: AccidentGradeInput,
  now: Date,
  opts: { thresholds?: WarningThresholds } = {},
): Finding[] {
  const thresholds = opts.thresholds ?? DEFAULT_THRESHOLDS;
  if (!event.grade || GRADE_RANK[event.grade] < GRADE_RANK['较大']) return [];
  const g = gradeFactor(event);
  if (!g) return [];
  const dead = event.dead ?? 0;
  const missing = event.missing ?? 0;
  const head = `事故“${event.title}”报道为${event.grade}事故（死亡 ${dead} 人、失踪 ${missing} 人）`;
  const metrics: Record<string, number> = { gradeRank: GRADE_RANK[event.grade], dead, missing };
  if (typeof event.seriouslyInjured === 'number') metrics.seriouslyInjured = event.seriouslyInjured;
  if (typeof event.lossYuan === 'number') metrics.lossYuan = event.lossYuan;
  const f = finding('accident_grade', { type: 'event', key: event.id, label: event.title }, now, [g], thresholds, head, metrics);
  return f ? [f] : [];
}

// ---------------------------------------------------------------------------------------------
// Sensitive cues

export interface SensitiveItem {
  level: 'high' | 'medium' | 'low';
  classes: readonly string[];
}

export interface SensitiveCuesInput extends EventRef {
  /** All items of the event. */
  items: number;
  /** Items with a sensitive cue (from lib/analysis risk.sensitivityOf). */
  sensitiveItems: readonly SensitiveItem[];
  /** Share of negative items, 0–1, when known: adds to S. */
  negativeShare?: number;
}

const CLASS_NAMES: Readonly<Record<string, string>> = {
  'sensitive.reporting': '瞒报/迟报/谎报',
  'sensitive.info-control': '删帖/阻挠采访',
  'sensitive.credibility': '质疑/真相',
  'sensitive.rumour': '网传/爆料',
  'sensitive.family': '家属/维权',
  'sensitive.compliance': '违法违规生产',
  'sensitive.accountability': '问责/追责',
};

/**
 * Rumour and cover-up cues: alert when items carrying a watched class (瞒报, 删帖, 质疑, 网传 by default)
 * number ≥ minItems (3) and make up ≥ minShare (10 %) of the event, or when ≥ minHighItems (2) items
 * are highly sensitive. Level = max(S, watched-item count, high-item count).
 */
export function detectSensitiveCues(
  event: SensitiveCuesInput,
  now: Date,
  opts: { thresholds?: WarningThresholds } = {},
): Finding[] {
  const thresholds = opts.thresholds ?? DEFAULT_THRESHOLDS;
  const t = thresholds.sensitive;
  const watched = new Set(t.watchedClasses);
  const perClass = new Map<string, number>();
  let watchedItems = 0;
  let highItems = 0;
  for (const it of event.sensitiveItems) {
    if (it.level === 'high') highItems++;
    const hits = [...new Set(it.classes)].filter((c) => watched.has(c));
    if (hits.length) watchedItems++;
    for (const c of hits) perClass.set(c, (perClass.get(c) ?? 0) + 1);
  }
  const total = Math.max(event.items, event.sensitiveItems.length);
  const share = total > 0 ? watchedItems / total : 0;
  const byWatched = watchedItems >= t.minItems && share >= t.minShare;
  const byHigh = highItems >= t.minHighItems;
  if (!byWatched && !byHigh) return [];
  const classes = [...perClass.keys()];
  const s = sensitivityScore(
    { classes: event.sensitiveItems.flatMap((i) => i.classes), negativeShare: event.negativeShare },
    thresholds,
  );
  const classText = [...perClass.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([c, n]) => `${CLASS_NAMES[c] ?? c} ${n} 条`)
    .join('、');
  const head =
    `事件“${event.title}”${event.items} 条中 ${watchedItems} 条含关注类敏感线索（${fmt(share * 100, 1)}%` +
    `${classText ? `：${classText}` : ''}），高敏感 ${highItems} 条`;
  const factors: Factor[] = [
    { name: 'sensitivity', value: s, detail: classes.length ? `${classes.length} 类关注线索` : undefined },
    { name: 'sensitive_items', value: watchedItems },
    { name: 'sensitive_high_items', value: highItems },
  ];
  const metrics: Record<string, number> = { items: event.items, watchedItems, highItems, share: r3(share), sensitivity: s };
  for (const [c, n] of perClass) metrics[c] = n;
  const f = finding('sensitive_cues', { type: 'event', key: event.id, label: event.title }, now, factors, thresholds, head, metrics);
  return f ? [f] : [];
}

// ---------------------------------------------------------------------------------------------
// Silent source

export type SourceHealthState = 'unknown' | 'ok' | 'degraded' | 'failing';

export interface SilentSourceInput {
  id: string;
  name: string;
  /** Usual new items per day (e.g. the median over the last 28 days). */
  usualItemsPerDay: number;
  lastNewItemAt: Date | null;
  /** Crawl interval. */
  intervalMinutes: number;
  health: SourceHealthState;
  /** Days of history behind `usualItemsPerDay`, when known. */
  historyDays?: number;
}

/**
 * A healthy source that went quiet: gap = now − lastNewItemAt; expected = usualItemsPerDay · gap;
 * alert when P(0 items) = exp(−expected) < alpha (0.001), the gap is ≥ 24 h and ≥ 3 crawl intervals.
 * Failing or degraded sources are a health problem reported elsewhere; sources with a low usual
 * rate, no last item or less than 7 days of history are skipped.
 */
export function detectSilentSource(
  source: SilentSourceInput,
  now: Date,
  opts: { thresholds?: WarningThresholds } = {},
): Finding[] {
  const thresholds = opts.thresholds ?? DEFAULT_THRESHOLDS;
  const t = thresholds.silence;
  if (source.health === 'failing' || source.health === 'degraded') return [];
  if (!source.lastNewItemAt) return [];
  if (!(source.usualItemsPerDay >= t.minUsualItemsPerDay) || source.usualItemsPerDay <= 0) return [];
  if (typeof source.historyDays === 'number' && source.historyDays < t.minHistoryDays) return [];
  const gapMs = now.getTime() - source.lastNewItemAt.getTime();
  const gapHours = gapMs / HOUR_MS;
  if (gapHours < t.minQuietHours) return [];
  if (gapMs < t.minIntervals * Math.max(0, source.intervalMinutes) * 60_000) return [];
  const expected = (source.usualItemsPerDay * gapMs) / DAY_MS;
  const log10p = expected / Math.LN10; // −log10 exp(−expected)
  const p = Math.exp(-expected);
  if (!(p < t.alpha)) return [];
  const head =
    `来源“${source.name}”已 ${fmt(gapHours, 1)} 小时无新条目，常态日均 ${fmt(source.usualItemsPerDay, 1)} 条，` +
    `期间应有约 ${fmt(expected, 1)} 条（P(0 条)=${sci(p)}）`;
  const f = finding(
    'silent_source',
    { type: 'source', key: source.id, label: source.name },
    now,
    [{ name: 'silence', value: log10p }],
    thresholds,
    head,
    { gapHours: r3(gapHours), usualItemsPerDay: source.usualItemsPerDay, expected: r3(expected), p },
  );
  return f ? [f] : [];
}

// ---------------------------------------------------------------------------------------------
// Official hazard warnings

/**
 * An official hazard/disaster warning in force becomes a finding at the warning's own colour.
 * Lifted warnings and warnings past their stated validity produce nothing.
 */
export function detectHazardWarning(
  w: HazardWarning,
  now: Date,
  opts: { thresholds?: WarningThresholds } = {},
): Finding[] {
  const thresholds = opts.thresholds ?? DEFAULT_THRESHOLDS;
  if (w.action === 'lift') return [];
  if (w.validUntil && w.validUntil.getTime() < now.getTime()) return [];
  const region = w.region ?? '';
  const key = `${region || w.publisher || '未知'}:${w.hazard}`;
  const label = `${region}${w.hazard}预警`;
  const actionText = { issue: '发布', upgrade: '升级为', downgrade: '降级为', continue: '继续发布', lift: '解除' }[w.action];
  const head =
    `${w.publisher ?? '官方'}${actionText}${w.hazard}${WARNING_LEVELS[w.level].colour}预警` +
    `${w.validUntil ? `，有效期至 ${w.validUntil.toISOString()}` : ''}`;
  const f = finding(
    'hazard_warning',
    { type: 'region', key, label },
    w.issuedAt ?? now,
    [{ name: 'hazard', value: WARNING_LEVELS[w.level].rank, detail: `${w.hazard}${WARNING_LEVELS[w.level].colour}` }],
    thresholds,
    head,
    { colourRank: WARNING_LEVELS[w.level].rank },
    null,
  );
  return f ? [f] : [];
}
