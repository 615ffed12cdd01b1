/**
 * 应对预案 (response plans): what a plan holds and how it is checked. The structure follows DOMAIN
 * §4.1 (the SAWS tiers 一般 / 较大 / 重大以上 and who signs off) and §4.2 (steps, 口径 with Q&A under
 * "快报事实、慎报原因", spokesperson and liaison, channels with the website first). Pure.
 */
import { z } from 'zod';
import { ACCIDENT_TYPES, isAccidentTypeCode } from '@/lib/analysis/accident';
import type { AccidentTypeCode } from '@/lib/analysis/accident';
import type { AccidentGrade } from '@/lib/analysis/grade';

export const PLAN_TIERS = ['一般', '较大', '重大以上'] as const;
export type PlanTier = (typeof PLAN_TIERS)[number];

/** Who acts at each SAWS tier (§4.1), shown beside the tier. */
export const TIER_ROUTES: Readonly<Record<PlanTier, string>> = {
  一般: '列入舆情动态，转责任单位，本单位负责人审核后回应',
  较大: '报宣教办，与责任单位定性并提出处置意见，分管领导审核，形成简报',
  重大以上: '立即电话报告，启动舆情应急预案，形成舆情专报报主要领导、分管领导批示',
};

export const GRADES = ['特别重大', '重大', '较大', '一般'] as const satisfies readonly AccidentGrade[];

/** Channels in release order: the website first, then 两微一端, 发布会, media (§4.2). */
export const CHANNELS = ['网站', '两微一端', '发布会', '媒体'] as const;
export type Channel = (typeof CHANNELS)[number];

export const PLAN_SCOPES = ['event', 'release'] as const;
export type PlanScope = (typeof PLAN_SCOPES)[number];
export const SCOPE_LABELS: Readonly<Record<PlanScope, string>> = {
  event: '事件处置（按事故类型和等级匹配）',
  release: '发布前准备（如预警、调查报告发布，不自动匹配事件）',
};

/** The SAWS tier an event of this grade starts at (§3.4 / §4.1): 特别重大 and 重大 are 重大以上. */
export function tierOfGrade(grade: AccidentGrade | null): PlanTier {
  if (grade === '特别重大' || grade === '重大') return '重大以上';
  if (grade === '较大') return '较大';
  return '一般';
}

export function accidentTypeName(code: string): string {
  return isAccidentTypeCode(code) ? ACCIDENT_TYPES[code] : code;
}

const text = (max: number, missing: string, what: string) =>
  z.string({ error: missing }).trim().min(1, { error: missing }).max(max, { error: `${what}不能超过 ${max} 个字` });
const optionalText = (max: number, what: string) =>
  z
    .string()
    .trim()
    .max(max, { error: `${what}不能超过 ${max} 个字` })
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .default(null);

export const PlanStepSchema = z.object({
  title: text(100, '请填写步骤内容', '步骤内容'),
  /** A role label (舆情值班员, 领导 …) or a free-text unit (宣教办, 属地政府 …). */
  responsible: text(40, '请填写责任角色或单位', '责任角色或单位'),
  /** Hours after activation the step is due; null = no time limit. */
  dueHours: z
    .number({ error: '时限须为数字（小时）' })
    .min(0, { error: '时限不能为负数' })
    .max(720, { error: '时限不能超过 720 小时（30 天）' })
    .nullable()
    .default(null),
  optional: z.boolean().default(false),
});
export type PlanStep = z.output<typeof PlanStepSchema>;

export const QaSchema = z.object({
  question: text(200, '请填写问题', '问题'),
  answer: text(1000, '请填写答复口径', '答复口径'),
});

/** What a release-scope plan prepares for (DOMAIN §4.2 item 1). */
export const RELEASE_ITEM_TYPES = ['调查报告', '批复', '挂牌督办', '黑名单', '预警', '处罚'] as const;
export const RISK_LEVELS = ['低', '中', '高'] as const;
/** Stakeholders §4.2 item 2 names; others may be typed in. */
export const STAKEHOLDERS = ['家属', '企业', '属地政府', '媒体'] as const;
/** Products of the trigger matrix (§4.2 item 6, §4.1). */
export const TRIGGER_PRODUCTS = ['动态', '简报', '专报'] as const;

const lines = (maxItems: number, maxLen: number, what: string) =>
  z
    .array(z.string().trim().max(maxLen, { error: `每条${what}不能超过 ${maxLen} 个字` }))
    .transform((xs) => xs.filter((x) => x !== ''))
    .pipe(z.array(z.string()).max(maxItems, { error: `${what}不能超过 ${maxItems} 条` }))
    .default([]);

export const TriggerRowSchema = z.object({
  tier: z.enum(PLAN_TIERS, { error: '请选择舆情层级' }),
  product: z.enum(TRIGGER_PRODUCTS, { error: '请选择产品（动态、简报或专报）' }),
  approver: text(60, '请填写审批人', '审批人'),
});

/**
 * The release-specific 舆情应对预案 fields of DOMAIN §4.2 (74号: predict, plan, track, release
 * positive information; 61号: risk assessment before release). All optional; only release-scope
 * plans keep them.
 */
export const ReleasePlanSchema = z.object({
  itemType: z.enum(RELEASE_ITEM_TYPES, { error: '未知的发布事项类型' }).nullable().default(null),
  plannedAt: optionalText(100, '计划发布时间'),
  risk: z
    .object({
      /** Likely questions and doubts, e.g. 死亡人数与网传不符. */
      questions: lines(20, 200, '可能的疑问'),
      stakeholders: lines(12, 30, '利益相关方'),
      sensitiveDates: optionalText(300, '敏感时间节点'),
      level: z.enum(RISK_LEVELS, { error: '风险等级须为低、中或高' }).nullable().default(null),
    })
    .default({ questions: [], stakeholders: [], sensitiveDates: null, level: null }),
  monitoring: z
    .object({
      keywords: optionalText(500, '监测关键词'),
      platforms: optionalText(300, '监测平台'),
      frequency: optionalText(100, '监测频次'),
      thresholds: optionalText(500, '升级阈值'),
    })
    .default({ keywords: null, platforms: null, frequency: null, thresholds: null }),
  triggers: z.array(TriggerRowSchema).max(PLAN_TIERS.length, { error: '每个层级只能有一行' }).default([]),
  positiveMaterial: optionalText(2000, '事先准备的正面材料'),
  postReview: optionalText(2000, '发布后评估'),
});
export type ReleasePlan = z.output<typeof ReleasePlanSchema>;

/** Whether any release field holds something (an empty section is stored as null). */
export function releasePlanFilled(r: ReleasePlan): boolean {
  return (
    r.itemType !== null ||
    r.plannedAt !== null ||
    r.risk.questions.length > 0 ||
    r.risk.stakeholders.length > 0 ||
    r.risk.sensitiveDates !== null ||
    r.risk.level !== null ||
    Object.values(r.monitoring).some((v) => v !== null) ||
    r.triggers.length > 0 ||
    r.positiveMaterial !== null ||
    r.postReview !== null
  );
}

export const PlanBodySchema = z.object({
  summary: optionalText(500, '适用说明'),
  steps: z.array(PlanStepSchema).min(1, { error: '至少填写一个处置步骤' }).max(30, { error: '处置步骤不能超过 30 个' }),
  wording: z.object({
    core: text(2000, '请填写核心口径（快报事实、慎报原因）', '核心口径'),
    qa: z.array(QaSchema).max(20, { error: '问答不能超过 20 组' }).default([]),
  }),
  spokesperson: text(60, '请填写新闻发言人', '新闻发言人'),
  liaison: optionalText(200, '联络人'),
  channels: z
    .array(z.enum(CHANNELS, { error: '未知的发布渠道' }))
    .min(1, { error: '至少选择一个发布渠道' })
    // Stored in release order whatever order they were ticked in.
    .transform((cs) => CHANNELS.filter((c) => cs.includes(c))),
  /** Release-scope plans only (DOMAIN §4.2): null when absent or empty. */
  release: ReleasePlanSchema.nullable()
    .default(null)
    .transform((r) => (r && releasePlanFilled(r) ? r : null)),
});
export type PlanBody = z.output<typeof PlanBodySchema>;

export const PlanSchema = z.object({
  name: text(80, '请填写预案名称', '预案名称'),
  scope: z.enum(PLAN_SCOPES, { error: '请选择预案用途' }),
  tier: z.enum(PLAN_TIERS, { error: '请选择舆情层级' }),
  accidentTypes: z
    .array(z.string().refine(isAccidentTypeCode, { error: '未知的事故类型' }))
    .transform((codes) => [...new Set(codes)].sort() as AccidentTypeCode[]),
  grades: z.array(z.enum(GRADES, { error: '未知的事故等级' })).min(1, { error: '至少选择一个适用等级' }).transform((gs) => GRADES.filter((g) => gs.includes(g))),
  body: PlanBodySchema,
})
  // Release fields belong to release-scope plans: an event plan does not keep them.
  .transform((p) => (p.scope === 'release' || p.body.release === null ? p : { ...p, body: { ...p.body, release: null } }));
export type PlanInput = z.input<typeof PlanSchema>;
export type Plan = z.output<typeof PlanSchema>;

/** Due time of a step activated at `activatedAt`, or null when the step has no time limit. */
export function stepDueAt(step: Pick<PlanStep, 'dueHours'>, activatedAt: Date): Date | null {
  return step.dueHours === null ? null : new Date(activatedAt.getTime() + step.dueHours * 3_600_000);
}
