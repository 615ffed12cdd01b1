/**
 * Warning levels (DOMAIN §3.4, §5.5) and the administrator-settable thresholds used by every detector
 * in lib/warning. Pure: no clock, no I/O. A level is always explained: `levelFromFactors` returns the
 * factors that reached a level, with the value and the threshold behind each one.
 *
 * 预警级别：一级（红）> 二级（橙）> 三级（黄）> 四级（蓝）（突发事件应对法 2024 第63条）。
 */
import { z } from 'zod';
import type { AccidentGrade } from '@/lib/analysis/grade';

export type { AccidentGrade };

export type WarningLevel = 'blue' | 'yellow' | 'orange' | 'red';

export interface WarningLevelInfo {
  code: WarningLevel;
  /** 1 = 四级/蓝 … 4 = 一级/红. */
  rank: 1 | 2 | 3 | 4;
  /** 蓝色 / 黄色 / 橙色 / 红色. */
  colour: string;
  /** 蓝色预警（四级） … 红色预警（一级）. */
  label: string;
  /** 四级 … 一级. */
  tier: string;
}

export const WARNING_LEVELS: Readonly<Record<WarningLevel, WarningLevelInfo>> = {
  blue: { code: 'blue', rank: 1, colour: '蓝色', label: '蓝色预警（四级）', tier: '四级' },
  yellow: { code: 'yellow', rank: 2, colour: '黄色', label: '黄色预警（三级）', tier: '三级' },
  orange: { code: 'orange', rank: 3, colour: '橙色', label: '橙色预警（二级）', tier: '二级' },
  red: { code: 'red', rank: 4, colour: '红色', label: '红色预警（一级）', tier: '一级' },
};

/** Lowest first. */
export const LEVEL_ORDER: readonly WarningLevel[] = ['blue', 'yellow', 'orange', 'red'];

/** 4 for red down to 1 for blue; 0 for none or for text that is not a level (stored rows are plain text). */
export function levelRank(level: WarningLevel | string | null | undefined): number {
  return level ? ((WARNING_LEVELS as Readonly<Record<string, { rank: number } | undefined>>)[level]?.rank ?? 0) : 0;
}

export function levelFromRank(rank: number): WarningLevel | null {
  if (!Number.isFinite(rank) || rank < 1) return null;
  return LEVEL_ORDER[Math.min(4, Math.floor(rank)) - 1] ?? null;
}

export function maxLevel(...levels: (WarningLevel | null | undefined)[]): WarningLevel | null {
  return levelFromRank(Math.max(0, ...levels.map(levelRank)));
}

/** 493 art. 3 grades, lowest first; rank 1..4 lines up with the §3.4 colour floor. */
export const GRADE_RANK: Readonly<Record<AccidentGrade, 1 | 2 | 3 | 4>> = { 一般: 1, 较大: 2, 重大: 3, 特别重大: 4 };

// ---------------------------------------------------------------------------------------------
// Thresholds (settings)

/**
 * The value at which a factor reaches each level (value ≥ cut). `null` = the factor never produces
 * that level. Cuts must not decrease from blue to red.
 */
function levelCuts(d: { blue: number | null; yellow: number | null; orange: number | null; red: number | null }) {
  return z
    .object({
      blue: z.number().nullable().default(d.blue),
      yellow: z.number().nullable().default(d.yellow),
      orange: z.number().nullable().default(d.orange),
      red: z.number().nullable().default(d.red),
    })
    .prefault({})
    .refine(
      (c) => {
        const set = [c.blue, c.yellow, c.orange, c.red].filter((x): x is number => x !== null);
        return set.every((x, i) => i === 0 || x >= (set[i - 1] ?? -Infinity));
      },
      { message: '各级阈值须由蓝到红不递减 (cuts must not decrease from blue to red)' },
    );
}

const positive = (d: number) => z.number().positive().default(d);
const nonNegative = (d: number) => z.number().min(0).default(d);
const probability = (d: number) => z.number().gt(0).lt(1).default(d);
const count = (d: number) => z.number().int().min(0).default(d);

export const WarningThresholdsSchema = z.object({
  /** 各因子达到各级预警的阈值 / per-factor level cuts (value ≥ cut). */
  levels: z
    .object({
      /** 事故等级下限（§3.4）：一般=1→蓝，较大=2→黄，重大=3→橙，特别重大=4→红 / event-grade floor, grade rank. */
      grade: levelCuts({ blue: 1, yellow: 2, orange: 3, red: 4 }),
      /** 热度指数 H（§5.5 公式，约 0–7）/ heat index H from `heatIndex`. */
      heat: levelCuts({ blue: 2.5, yellow: 3.5, orange: 4.5, red: 5.5 }),
      /** 事件热度分 0–100（lib/analysis/events eventHeat）/ stored 0–100 event heat. */
      heat_score: levelCuts({ blue: 40, yellow: 55, orange: 70, red: 85 }),
      /** 敏感度 S（§5.5：敏感类权重和 + 负面占比项）/ sensitivity score S from `sensitivityScore`. */
      sensitivity: levelCuts({ blue: 1, yellow: 3, orange: 5, red: 8 }),
      /** 声量倍数（当前/基线）/ volume ratio current ÷ baseline. */
      volume_ratio: levelCuts({ blue: 3, yellow: 5, orange: 10, red: 20 }),
      /** 负面占比上升（百分点）/ rise of the negative share, percentage points. */
      negative_rise: levelCuts({ blue: 10, yellow: 20, orange: 30, red: 45 }),
      /** 首发窗口内的不同来源数 / distinct sources within the spread window. */
      spread_sources: levelCuts({ blue: 5, yellow: 10, orange: 20, red: 40 }),
      /** 每小时条数相对常态的倍数 / items per hour ÷ typical items per hour. */
      spread_rate: levelCuts({ blue: 5, yellow: 10, orange: 20, red: 50 }),
      /** 含关注类敏感线索的条数 / items carrying a watched sensitive cue. */
      sensitive_items: levelCuts({ blue: 3, yellow: 5, orange: 10, red: 25 }),
      /** 高敏感条数 / items whose sensitivity is high. */
      sensitive_high_items: levelCuts({ blue: 2, yellow: 3, orange: 6, red: 15 }),
      /** 静默显著性 −log10 P(间隔内 0 条) / silence, −log10 of P(no item in the gap). */
      silence: levelCuts({ blue: 3, yellow: 20, orange: null, red: null }),
      /** 官方灾害预警颜色（1 蓝 … 4 红），按原色 / official hazard warning colour, rank 1..4. */
      hazard: levelCuts({ blue: 1, yellow: 2, orange: 3, red: 4 }),
    })
    .prefault({}),

  /** 热度指数 H 的权重（§5.5）/ heat index weights (§5.5). */
  heat: z
    .object({
      /** H 中 log1p(条数) 的权重 / weight of log1p(items). */
      itemsWeight: nonNegative(0.35),
      /** H 中 log1p(互动量：转评赞) 的权重 / weight of log1p(interactions). */
      interactionsWeight: nonNegative(0.25),
      /** H 中来源权威性的权重 / weight of authority (0–1). */
      authorityWeight: nonNegative(0.25),
      /** H 中增速的权重 / weight of velocity. */
      velocityWeight: nonNegative(0.15),
      /** 增速（相对 6 小时基线的倍数）的上限 / cap on velocity (growth over a 6-hour baseline). */
      velocityCap: positive(5),
      /** 来源权威性：中央媒体或官方账号 / central media or official account. */
      authorityCentral: nonNegative(1),
      /** 来源权威性：省级媒体 / provincial media. */
      authorityProvincial: nonNegative(0.6),
      /** 来源权威性：大号 / large account. */
      authorityLargeAccount: nonNegative(0.5),
      /** 来源权威性：其他 / others. */
      authorityOther: nonNegative(0.2),
    })
    .prefault({}),

  /** 敏感度 S（§5.2、§5.5）/ sensitivity score weights. */
  sensitivity: z
    .object({
      /** 每个敏感类别的权重 / weight per sensitive cue class. */
      classWeights: z.record(z.string(), z.number().min(0)).default({
        'sensitive.reporting': 3,
        'sensitive.info-control': 3,
        'sensitive.credibility': 2,
        'sensitive.family': 2,
        'sensitive.compliance': 1.5,
        'sensitive.rumour': 1,
        'sensitive.accountability': 0.5,
      }),
      /** 负面占比（0–1）乘以该权重计入 S / weight of the negative share (0–1). */
      negativeShareWeight: nonNegative(2),
    })
    .prefault({}),

  /** 声量突增 / volume spike detector. */
  volume: z
    .object({
      /** 显著性水平：P(≥当前量 | 基线) 须小于此值 / significance level of the upper-tail test. */
      alpha: probability(0.001),
      /** 当前量至少为基线的倍数 / minimum ratio current ÷ baseline. */
      minRatio: positive(3),
      /** 每小时最少条数 / minimum count in an hourly bucket. */
      minCountHour: count(8),
      /** 每天最少条数 / minimum count in a daily bucket. */
      minCountDay: count(20),
      /** 小时基线下限（条/小时），避免 0→2 成为突增 / floor of the hourly baseline rate. */
      rateFloorHour: positive(2),
      /** 日基线下限（条/天）/ floor of the daily baseline rate. */
      rateFloorDay: positive(5),
      /** 小时基线窗口：过去多少小时 / hourly baseline window, hours. */
      hourWindow: z.number().int().min(1).default(12),
      /** 日基线窗口：过去多少天 / daily baseline window, days. */
      dayWindow: z.number().int().min(1).default(14),
      /** 同时段比较最多回看天数 / days looked back for the same hour. */
      seasonalDays: count(7),
      /** 至少有几天同时段数据才按同时段比较 / minimum same-hour days for the seasonal baseline. */
      minSeasonalDays: count(3),
      /** 基线已知桶数少于此值为“短基线”（小时）/ known baseline buckets below which the hourly baseline is short. */
      minBaselineHour: count(6),
      /** 同上（日）/ the same for days. */
      minBaselineDay: count(7),
      /** 短基线时的最小倍数（相对已知桶的最大值）/ minimum ratio over the max known bucket when short. */
      shortMinRatio: positive(4),
      /** 短基线时的显著性水平 / significance level when the baseline is short. */
      shortAlpha: probability(1e-6),
      /** 至少几个基线点才估计过度离散 / baseline points needed to estimate over-dispersion (MAD). */
      minDispersionPoints: count(5),
    })
    .prefault({}),

  /** 负面占比上升 / negative-share shift. */
  negative: z
    .object({
      /** 当前与基线各自的最少条数 / minimum items on each side. */
      minN: count(30),
      /** 最小上升幅度（0–1）/ minimum absolute rise of the share. */
      minRise: z.number().min(0).max(1).default(0.1),
      /** 单侧检验显著性水平 / one-sided significance level. */
      alpha: probability(0.01),
    })
    .prefault({}),

  /** 事件快速扩散 / event spread. */
  spread: z
    .object({
      /** 新事件的观察窗口（小时）/ window after first sighting, hours. */
      windowHours: positive(6),
      /** 窗口内最少不同来源数 / minimum distinct sources inside the window. */
      minSources: count(5),
      /** 按速率判断时最少条数 / minimum items for the rate rule. */
      minItems: count(10),
      /** 常态每小时条数（无事件专属基线时）/ typical items per hour for one event. */
      typicalItemsPerHour: positive(1),
      /** 速率为常态的倍数 / minimum rate ratio. */
      minRateRatio: positive(5),
      /**
       * 按速率判断时最少来源数：单一平台内的转发潮不算跨来源扩散 / minimum distinct sources for the
       * rate rule: a repost storm inside one platform is not yet spreading across sources.
       */
      minSourcesForRate: count(2),
    })
    .prefault({}),

  /** 敏感线索（瞒报、删帖、质疑、网传…）/ sensitive cues. */
  sensitive: z
    .object({
      /** 关注的敏感类别 / watched cue classes. */
      watchedClasses: z
        .array(z.string())
        .default(['sensitive.reporting', 'sensitive.info-control', 'sensitive.credibility', 'sensitive.rumour']),
      /** 含关注类线索的最少条数 / minimum items with a watched class. */
      minItems: count(3),
      /** 含关注类线索条数占事件条数的最小比例 / minimum share of the event's items. */
      minShare: z.number().min(0).max(1).default(0.1),
      /** 高敏感条数达到此值即报（不看比例）/ high-sensitivity items that alert on their own. */
      minHighItems: count(2),
    })
    .prefault({}),

  /** 来源静默 / silent source. */
  silence: z
    .object({
      /** P(间隔内 0 条) 须小于此值 / P(no item in the gap) must be below this. */
      alpha: probability(0.001),
      /** 最短静默小时数（TESTPLAN：至少 24 小时）/ minimum silence, hours. */
      minQuietHours: positive(24),
      /** 静默须至少为抓取间隔的倍数 / silence must exceed this many crawl intervals. */
      minIntervals: positive(3),
      /** 常态日均条数低于此值不判断 / ignore sources with a lower usual rate. */
      minUsualItemsPerDay: nonNegative(0.5),
      /** 历史天数少于此值不判断 / ignore sources with less history, days. */
      minHistoryDays: nonNegative(7),
    })
    .prefault({}),

  /** 同一预警的冷却时间（分钟），按级别 / cooldown per level, minutes. */
  cooldownMinutes: z
    .object({
      blue: positive(24 * 60),
      yellow: positive(12 * 60),
      orange: positive(6 * 60),
      red: positive(2 * 60),
    })
    .prefault({}),
});

export type WarningThresholds = z.output<typeof WarningThresholdsSchema>;
export type WarningThresholdsInput = z.input<typeof WarningThresholdsSchema>;

export const DEFAULT_THRESHOLDS: WarningThresholds = WarningThresholdsSchema.parse({});

// ---------------------------------------------------------------------------------------------
// Factors → level

export type FactorName = keyof WarningThresholds['levels'];

export interface Factor {
  name: FactorName;
  /** The number compared with the cuts (grade and hazard: rank 1..4). */
  value: number;
  /** Chinese detail of the numbers behind the value, e.g. 死亡和失踪 12 人. */
  detail?: string;
}

export interface WhyEntry {
  factor: FactorName;
  value: number;
  /** The cut that was reached. */
  threshold: number;
  level: WarningLevel;
  /** One Chinese clause, e.g. 事故等级为重大（死亡 12 人，≥10 人为重大）. */
  text: string;
}

export interface LevelResult {
  /** null when no factor reached blue. */
  level: WarningLevel | null;
  /** Factors that reached a level, highest first. */
  why: WhyEntry[];
  /** Chinese, e.g. 橙色：事故等级为重大（死亡 12 人，≥10 人为重大）. */
  summary: string;
}

export const FACTOR_LABELS: Readonly<Record<FactorName, string>> = {
  grade: '事故等级',
  heat: '热度指数',
  heat_score: '热度',
  sensitivity: '敏感度',
  volume_ratio: '声量倍数',
  negative_rise: '负面占比上升',
  spread_sources: '来源数',
  spread_rate: '传播速率倍数',
  sensitive_items: '敏感线索条数',
  sensitive_high_items: '高敏感条数',
  silence: '静默显著性',
  hazard: '官方预警',
};

const GRADE_BY_RANK: readonly AccidentGrade[] = ['一般', '较大', '重大', '特别重大'];

export function fmt(x: number, digits = 1): string {
  if (!Number.isFinite(x)) return String(x);
  if (Number.isInteger(x)) return String(x);
  return x.toFixed(digits).replace(/\.?0+$/, '');
}

function clause(f: Factor, threshold: number, level: WarningLevel): string {
  const colour = WARNING_LEVELS[level].colour;
  const detail = f.detail ? `${f.detail}，` : '';
  switch (f.name) {
    case 'grade': {
      const g = GRADE_BY_RANK[Math.round(f.value) - 1] ?? '未知';
      return `事故等级为${g}（${f.detail ?? `${g}对应${colour}`}）`;
    }
    case 'hazard':
      return `官方发布${colour}预警${f.detail ? `（${f.detail}）` : ''}`;
    case 'negative_rise':
      return `负面占比上升 ${fmt(f.value)} 个百分点（${detail}≥${fmt(threshold)} 为${colour}）`;
    case 'volume_ratio':
    case 'spread_rate':
      return `${FACTOR_LABELS[f.name]} ${fmt(f.value)} 倍（${detail}≥${fmt(threshold)} 倍为${colour}）`;
    default:
      return `${FACTOR_LABELS[f.name]} ${fmt(f.value, 2)}（${detail}≥${fmt(threshold, 2)} 为${colour}）`;
  }
}

/** The highest level whose cut the value reaches, with that cut. */
export function levelOfFactor(
  f: Factor,
  thresholds: WarningThresholds = DEFAULT_THRESHOLDS,
): { level: WarningLevel; threshold: number } | null {
  const cuts = thresholds.levels[f.name];
  if (!Number.isFinite(f.value)) return null;
  for (const level of [...LEVEL_ORDER].reverse()) {
    const cut = cuts[level];
    if (cut !== null && f.value >= cut) return { level, threshold: cut };
  }
  return null;
}

/**
 * level = max over factors of the level each reaches (§5.5: max(levelFromH, levelFromS, gradeFloor)).
 * `why` lists every factor that reached a level, highest first; `summary` names the level and every
 * reason at that level.
 */
export function levelFromFactors(
  factors: readonly Factor[],
  thresholds: WarningThresholds = DEFAULT_THRESHOLDS,
): LevelResult {
  const why: WhyEntry[] = [];
  for (const f of factors) {
    const hit = levelOfFactor(f, thresholds);
    if (!hit) continue;
    why.push({ factor: f.name, value: f.value, threshold: hit.threshold, level: hit.level, text: clause(f, hit.threshold, hit.level) });
  }
  why.sort((a, b) => levelRank(b.level) - levelRank(a.level));
  const level = why[0]?.level ?? null;
  if (!level) return { level: null, why, summary: '未达到预警阈值' };
  const top = why.filter((w) => w.level === level).map((w) => w.text);
  return { level, why, summary: `${WARNING_LEVELS[level].colour}：${top.join('；')}` };
}

// ---------------------------------------------------------------------------------------------
// Grade floor, heat index and sensitivity (§5.5)

export interface GradeFacts {
  grade: AccidentGrade | null;
  dead?: number | null;
  missing?: number | null;
  seriouslyInjured?: number | null;
  lossYuan?: number | null;
}

const DEATH_CUTS: Readonly<Record<AccidentGrade, number>> = { 一般: 0, 较大: 3, 重大: 10, 特别重大: 30 };
const INJURY_CUTS: Readonly<Record<AccidentGrade, number>> = { 一般: 0, 较大: 10, 重大: 50, 特别重大: 100 };
const LOSS_CUTS: Readonly<Record<AccidentGrade, number>> = { 一般: 0, 较大: 1e7, 重大: 5e7, 特别重大: 1e8 };

function known(x: number | null | undefined): x is number {
  return typeof x === 'number' && Number.isFinite(x) && x >= 0;
}

function yuan(x: number): string {
  return x >= 1e8 ? `${fmt(x / 1e8, 2)} 亿元` : `${fmt(x / 1e4, 0)} 万元`;
}

/**
 * The grade-floor factor with the numbers that put the event in its grade, e.g.
 * `{ name: 'grade', value: 3, detail: '死亡 12 人，≥10 人为重大' }`. Null without a grade.
 */
export function gradeFactor(facts: GradeFacts): Factor | null {
  if (!facts.grade) return null;
  const g = facts.grade;
  const value = GRADE_RANK[g];
  let detail: string | undefined;
  const dead = known(facts.dead) ? facts.dead : 0;
  const missing = known(facts.missing) ? facts.missing : 0;
  const people = dead + missing;
  if (g === '一般') {
    detail = people > 0 ? `${missing > 0 ? '死亡和失踪' : '死亡'} ${people} 人，<3 人为一般` : '一般事故';
  } else if (people >= DEATH_CUTS[g]) {
    detail = `${missing > 0 ? '死亡和失踪' : '死亡'} ${people} 人，≥${DEATH_CUTS[g]} 人为${g}`;
  } else if (known(facts.seriouslyInjured) && facts.seriouslyInjured >= INJURY_CUTS[g]) {
    detail = `重伤 ${facts.seriouslyInjured} 人，≥${INJURY_CUTS[g]} 人为${g}`;
  } else if (known(facts.lossYuan) && facts.lossYuan >= LOSS_CUTS[g]) {
    detail = `直接经济损失 ${yuan(facts.lossYuan)}，≥${yuan(LOSS_CUTS[g])}为${g}`;
  }
  return detail ? { name: 'grade', value, detail } : { name: 'grade', value };
}

export type AuthorityClass = 'central' | 'official' | 'provincial' | 'large_account' | 'other';

export interface HeatIndexInput {
  items: number;
  /** 转评赞 summed. */
  interactions: number;
  /** Kinds of source that carried the event; authority is the maximum over them. */
  authorities: readonly AuthorityClass[];
  /** Growth over a 6-hour baseline (ratio); capped at `velocityCap`. */
  velocity: number;
}

/**
 * §5.5: H = 0.35·log1p(items) + 0.25·log1p(interactions) + 0.25·authority + 0.15·velocity, every
 * weight a setting. Returns H and each term so the "why" panel can show them.
 */
export function heatIndex(
  input: HeatIndexInput,
  thresholds: WarningThresholds = DEFAULT_THRESHOLDS,
): { value: number; terms: Record<'items' | 'interactions' | 'authority' | 'velocity', number> } {
  const h = thresholds.heat;
  const nn = (x: number) => (Number.isFinite(x) && x > 0 ? x : 0);
  const weightOf: Record<AuthorityClass, number> = {
    central: h.authorityCentral,
    official: h.authorityCentral,
    provincial: h.authorityProvincial,
    large_account: h.authorityLargeAccount,
    other: h.authorityOther,
  };
  const authority = Math.max(0, ...input.authorities.map((a) => weightOf[a]));
  const terms = {
    items: h.itemsWeight * Math.log1p(nn(input.items)),
    interactions: h.interactionsWeight * Math.log1p(nn(input.interactions)),
    authority: h.authorityWeight * authority,
    velocity: h.velocityWeight * Math.min(h.velocityCap, nn(input.velocity)),
  };
  const value = terms.items + terms.interactions + terms.authority + terms.velocity;
  return { value: Math.round(value * 1000) / 1000, terms };
}

/**
 * §5.5: S = Σ weight(class) over the distinct sensitive classes present + negativeShareWeight ·
 * negativeShare. Unknown classes weigh 0.
 */
export function sensitivityScore(
  input: { classes: readonly string[]; negativeShare?: number },
  thresholds: WarningThresholds = DEFAULT_THRESHOLDS,
): number {
  const w = thresholds.sensitivity;
  let s = 0;
  for (const c of new Set(input.classes)) s += w.classWeights[c] ?? 0;
  const neg = input.negativeShare;
  if (typeof neg === 'number' && Number.isFinite(neg)) s += w.negativeShareWeight * Math.min(1, Math.max(0, neg));
  return Math.round(s * 1000) / 1000;
}
