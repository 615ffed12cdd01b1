/**
 * The 应对预案 forms, checked with zod: the editor's flat fields (step-3-title, qa-0-answer …) are
 * turned into a plan, and every message comes back in Chinese under the field it is about, so the
 * page shows it next to that field. Blank step and Q&A rows are ignored. Pure.
 */
import { z } from 'zod';
import { fieldErrorsOf } from '@/lib/settings/form-state';
import type { FieldErrors, FormState, Parsed } from '@/lib/settings/form-state';
import { PLAN_TIERS, PlanSchema } from './schema';
import type { Plan, PlanInput, PlanStep, ReleasePlan } from './schema';

export type PlanFormState = FormState & { runId?: number };
export type { Parsed };

/** How many empty step and Q&A rows the editor offers below the filled ones. */
export const BLANK_STEP_ROWS = 3;
export const BLANK_QA_ROWS = 2;
/** Highest row index the parser reads (the editor never renders more). */
const MAX_ROWS = 60;

const list = (v: string | undefined): string[] => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : []);
const get = (values: Record<string, string>, k: string): string => values[k] ?? '';

/** The editor's values → a plan, or the errors keyed by the editor's field names. */
export function parsePlanForm(values: Record<string, string>): Parsed<Plan> {
  const errors: FieldErrors = {};
  const stepRows: number[] = [];
  const steps: PlanInput['body']['steps'] = [];
  for (let i = 0; i < MAX_ROWS; i++) {
    const title = get(values, `step-${i}-title`).trim();
    const responsible = get(values, `step-${i}-responsible`).trim();
    const hours = get(values, `step-${i}-hours`).trim();
    if (!title && !responsible && !hours) continue;
    let dueHours: number | null = null;
    if (hours) {
      const n = Number(hours);
      if (!Number.isFinite(n)) errors[`step-${i}-hours`] = '时限须为数字（小时），如 1 或 0.5';
      else dueHours = n;
    }
    stepRows.push(i);
    steps.push({ title, responsible, dueHours, optional: values[`step-${i}-optional`] === 'on' });
  }
  const qaRows: number[] = [];
  const qa: { question: string; answer: string }[] = [];
  for (let i = 0; i < MAX_ROWS; i++) {
    const question = get(values, `qa-${i}-question`).trim();
    const answer = get(values, `qa-${i}-answer`).trim();
    if (!question && !answer) continue;
    qaRows.push(i);
    qa.push({ question, answer });
  }
  const release = releaseInput(values);
  const input = {
    name: get(values, 'name'),
    scope: values.scope || undefined,
    tier: values.tier || undefined,
    accidentTypes: list(values.types),
    grades: list(values.grades),
    body: {
      summary: get(values, 'summary'),
      steps,
      wording: { core: get(values, 'core'), qa },
      spokesperson: get(values, 'spokesperson'),
      liaison: get(values, 'liaison'),
      channels: list(values.channels),
      release,
    },
  };
  const r = PlanSchema.safeParse(input);
  if (!r.success) {
    for (const issue of r.error.issues) {
      const key = fieldOf(issue.path, stepRows, qaRows, release);
      errors[key] ??= issue.message;
    }
  }
  if (Object.keys(errors).length > 0 || !r.success) return { ok: false, errors };
  return { ok: true, value: r.data };
}

/** A zod path of PlanSchema → the editor field that shows the message. */
function fieldOf(path: readonly PropertyKey[], stepRows: number[], qaRows: number[], release: PlanInput['body']['release']): string {
  const p = path.map(String);
  if (p[0] === 'accidentTypes') return 'types';
  if (p[0] !== 'body') return p[0] ?? 'form';
  if (p[1] === 'steps') {
    if (p[2] === undefined) return 'steps';
    const field = p[3] === 'dueHours' ? 'hours' : (p[3] ?? 'title');
    return `step-${stepRows[Number(p[2])] ?? 0}-${field}`;
  }
  if (p[1] === 'release') return releaseFieldOf(p.slice(2), release);
  if (p[1] === 'wording') {
    if (p[2] === 'core') return 'core';
    return p[3] === undefined ? 'qa' : `qa-${qaRows[Number(p[3])] ?? 0}-${p[4] ?? 'question'}`;
  }
  return p[1] ?? 'form';
}

/** A stored plan → the editor's flat values (for the edit page). */
export function planToValues(plan: Plan): Record<string, string> {
  const v: Record<string, string> = {
    name: plan.name,
    scope: plan.scope,
    tier: plan.tier,
    types: plan.accidentTypes.join(','),
    grades: plan.grades.join(','),
    summary: plan.body.summary ?? '',
    core: plan.body.wording.core,
    spokesperson: plan.body.spokesperson,
    liaison: plan.body.liaison ?? '',
    channels: plan.body.channels.join(','),
  };
  plan.body.steps.forEach((s: PlanStep, i) => {
    v[`step-${i}-title`] = s.title;
    v[`step-${i}-responsible`] = s.responsible;
    v[`step-${i}-hours`] = s.dueHours === null ? '' : String(s.dueHours);
    if (s.optional) v[`step-${i}-optional`] = 'on';
  });
  plan.body.wording.qa.forEach((q, i) => {
    v[`qa-${i}-question`] = q.question;
    v[`qa-${i}-answer`] = q.answer;
  });
  return { ...v, ...releaseToValues(plan.body.release) };
}

/** Highest filled row index + 1 of `prefix` (step / qa) in the values. */
export function filledRows(values: Record<string, string>, prefix: 'step' | 'qa'): number {
  let n = 0;
  for (const k of Object.keys(values)) {
    const m = new RegExp(`^${prefix}-(\\d+)-`).exec(k);
    if (m && values[k]) n = Math.max(n, Number(m[1]) + 1);
  }
  return Math.min(n, MAX_ROWS);
}

const positiveId = (what: string) =>
  z.coerce.number({ error: `${what}无效` }).int({ error: `${what}无效` }).positive({ error: `${what}无效` }).max(2 ** 31, { error: `${what}无效` });
const note = z
  .string()
  .trim()
  .max(500, { error: '说明不能超过 500 个字' })
  .optional()
  .transform((v) => (v ? v : null));

const ActivateSchema = z.object({ planId: positiveId('预案'), eventId: positiveId('事件') });
const TickSchema = z.object({ runId: positiveId('预案启动记录'), seq: z.coerce.number({ error: '步骤无效' }).int({ error: '步骤无效' }).min(0, { error: '步骤无效' }).max(100, { error: '步骤无效' }), note });
const CloseSchema = z.object({ runId: positiveId('预案启动记录'), note });
const SaveRefSchema = z.object({ id: positiveId('预案').optional(), expectedVersion: positiveId('表单版本').optional() });

function parseWith<T>(schema: z.ZodType<T>, values: Record<string, string>): Parsed<T> {
  const r = schema.safeParse(values);
  if (r.success) return { ok: true, value: r.data };
  return { ok: false, errors: fieldErrorsOf(r.error) };
}

export const parseActivateForm = (v: Record<string, string>) => parseWith(ActivateSchema, v);
export const parseTickForm = (v: Record<string, string>) => parseWith(TickSchema, v);
export const parseCloseForm = (v: Record<string, string>) => parseWith(CloseSchema, v);
export const parseSaveRef = (v: Record<string, string>) =>
  parseWith(SaveRefSchema, { ...(v.id ? { id: v.id } : {}), ...(v.expectedVersion ? { expectedVersion: v.expectedVersion } : {}) });

// ---------------------------------------------------------------- release-scope fields (DOMAIN §4.2)

/**
 * The release section's flat fields: rel-type, rel-planned, rel-questions (one per line),
 * rel-stakeholders (comma list), rel-dates, rel-level, rel-keywords, rel-platforms, rel-frequency,
 * rel-thresholds, rel-trigger-<tier>-product / -approver (one row per tier; a row with neither is
 * left out), rel-positive, rel-review.
 */
export const RELEASE_FIELD_NAMES = [
  'rel-type', 'rel-planned', 'rel-questions', 'rel-stakeholders', 'rel-dates', 'rel-level', 'rel-keywords', 'rel-platforms',
  'rel-frequency', 'rel-thresholds', 'rel-positive', 'rel-review',
] as const;

const byLine = (v: string | undefined): string[] => (v ? v.split(/\r?\n/).map((s) => s.trim()).filter(Boolean) : []);

function releaseInput(values: Record<string, string>): PlanInput['body']['release'] {
  const g = (k: string) => get(values, k);
  const triggers = PLAN_TIERS.flatMap((tier) => {
    const product = g(`rel-trigger-${tier}-product`).trim();
    const approver = g(`rel-trigger-${tier}-approver`).trim();
    return product || approver ? [{ tier, product, approver }] : [];
  });
  return {
    itemType: (g('rel-type').trim() || null) as ReleasePlan['itemType'],
    plannedAt: g('rel-planned'),
    risk: {
      questions: byLine(values['rel-questions']),
      stakeholders: list(values['rel-stakeholders']),
      sensitiveDates: g('rel-dates'),
      level: (g('rel-level').trim() || null) as ReleasePlan['risk']['level'],
    },
    monitoring: { keywords: g('rel-keywords'), platforms: g('rel-platforms'), frequency: g('rel-frequency'), thresholds: g('rel-thresholds') },
    triggers: triggers as ReleasePlan['triggers'],
    positiveMaterial: g('rel-positive'),
    postReview: g('rel-review'),
  };
}

const RELEASE_PATHS: Readonly<Record<string, string>> = {
  itemType: 'rel-type',
  plannedAt: 'rel-planned',
  'risk/questions': 'rel-questions',
  'risk/stakeholders': 'rel-stakeholders',
  'risk/sensitiveDates': 'rel-dates',
  'risk/level': 'rel-level',
  'monitoring/keywords': 'rel-keywords',
  'monitoring/platforms': 'rel-platforms',
  'monitoring/frequency': 'rel-frequency',
  'monitoring/thresholds': 'rel-thresholds',
  positiveMaterial: 'rel-positive',
  postReview: 'rel-review',
};

/** A zod path inside body.release → the editor field. */
function releaseFieldOf(p: readonly string[], release: PlanInput['body']['release']): string {
  if (p[0] === 'triggers') {
    const tier = release?.triggers?.[Number(p[1])]?.tier;
    return tier && p[2] ? `rel-trigger-${tier}-${p[2] === 'approver' ? 'approver' : 'product'}` : 'rel-triggers';
  }
  return RELEASE_PATHS[p.slice(0, 2).join('/')] ?? RELEASE_PATHS[p[0] ?? ''] ?? 'rel-type';
}

/** A stored release section → the editor's flat values. */
export function releaseToValues(r: ReleasePlan | null): Record<string, string> {
  if (!r) return {};
  const v: Record<string, string> = {
    'rel-type': r.itemType ?? '',
    'rel-planned': r.plannedAt ?? '',
    'rel-questions': r.risk.questions.join('\n'),
    'rel-stakeholders': r.risk.stakeholders.join(','),
    'rel-dates': r.risk.sensitiveDates ?? '',
    'rel-level': r.risk.level ?? '',
    'rel-keywords': r.monitoring.keywords ?? '',
    'rel-platforms': r.monitoring.platforms ?? '',
    'rel-frequency': r.monitoring.frequency ?? '',
    'rel-thresholds': r.monitoring.thresholds ?? '',
    'rel-positive': r.positiveMaterial ?? '',
    'rel-review': r.postReview ?? '',
  };
  for (const t of r.triggers) {
    v[`rel-trigger-${t.tier}-product`] = t.product;
    v[`rel-trigger-${t.tier}-approver`] = t.approver;
  }
  return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== ''));
}
