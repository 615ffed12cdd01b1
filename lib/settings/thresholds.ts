/**
 * 预警阈值 (Setting 'warning.thresholds'): every field of WarningThresholdsSchema with a label and one
 * line of plain Chinese saying what it does, the form of each group, the checks across fields
 * (a red cut must be higher than the orange one…), and the override that is stored. The settings
 * page and `npm run alerts -- thresholds` both go through `finishThresholds`. Pure.
 */
import { DEFAULT_THRESHOLDS, FACTOR_LABELS, LEVEL_ORDER, WARNING_LEVELS, WarningThresholdsSchema } from '@/lib/warning/levels';
import type { FactorName, WarningLevel, WarningThresholds } from '@/lib/warning/levels';
import type { FieldErrors } from './form-state';
import { formText, pathKey } from './form-state';
import { checkNumber, deepEqual, getAt, isPlainObject, overrideDiff, readNumber, setAt } from './override';
import type { NumberRule, Path } from './override';

export const SENSITIVE_CLASS_LABELS: Readonly<Record<string, string>> = {
  'sensitive.reporting': '瞒报/迟报/谎报',
  'sensitive.info-control': '删帖/阻挠采访',
  'sensitive.credibility': '质疑/真相',
  'sensitive.family': '家属/维权/赔偿',
  'sensitive.compliance': '违法违规生产',
  'sensitive.rumour': '网传/爆料',
  'sensitive.accountability': '问责/追责',
};
const SENSITIVE_CLASSES = Object.keys(SENSITIVE_CLASS_LABELS);

export interface NumberField {
  kind: 'number';
  path: Path;
  label: string;
  help: string;
  rule: NumberRule;
  unit?: string;
}

export interface ChoiceListField {
  kind: 'choices';
  path: Path;
  label: string;
  help: string;
  options: readonly { value: string; label: string }[];
}

export type SettingField = NumberField | ChoiceListField;

export interface FieldGroup {
  id: string;
  title: string;
  help: string;
  fields: readonly SettingField[];
}

const num = (path: Path, label: string, rule: NumberRule, help: string, unit?: string): NumberField => ({
  kind: 'number',
  path,
  label,
  rule,
  help,
  ...(unit ? { unit } : {}),
});

/** One line per factor: what its number measures. */
export const FACTOR_HELP: Readonly<Record<FactorName, string>> = {
  grade: '事故等级：1=一般，2=较大，3=重大，4=特别重大；等级达到该数即至少发出这一级预警。',
  heat: '热度指数 H（约 0–7），综合条数、互动量、来源权威性和增速，越高传播越广。',
  heat_score: '事件热度分（0–100），综合来源数、条数、权威性、事故等级和负面占比。',
  sensitivity: '敏感度 S：事件中各类敏感线索的分值之和，加上负面占比项。',
  volume_ratio: '当前信息量是平时的多少倍（声量激增）。',
  negative_rise: '近 6 小时负面占比比过去 7 天高出多少个百分点。',
  spread_sources: '事件首发后观察窗口内报道它的不同来源数。',
  spread_rate: '事件每小时条数是常态的多少倍。',
  sensitive_items: '事件中含瞒报、删帖、质疑、网传等关注线索的条数。',
  sensitive_high_items: '事件中被判为高敏感的条数。',
  silence: '信源沉默得有多反常：−log10（平时这么久没有新信息的概率），3 即千分之一。',
  hazard: '官方灾害预警的颜色：1=蓝，2=黄，3=橙，4=红。',
};

export const FACTOR_ORDER: readonly FactorName[] = [
  'grade', 'hazard', 'heat_score', 'heat', 'sensitivity', 'volume_ratio', 'negative_rise', 'spread_sources',
  'spread_rate', 'sensitive_items', 'sensitive_high_items', 'silence',
];

const levelFields: NumberField[] = FACTOR_ORDER.flatMap((factor) =>
  LEVEL_ORDER.map((level) =>
    num(['levels', factor, level], `${FACTOR_LABELS[factor]} · ${WARNING_LEVELS[level].colour}`, 'cut', FACTOR_HELP[factor]),
  ),
);

export const THRESHOLD_GROUPS: readonly FieldGroup[] = [
  {
    id: 'levels',
    title: '分级阈值',
    help: '某个因子达到表中数值，就发出对应颜色的预警；留空表示该因子不产生这一级。级别越高，阈值须越高。',
    fields: levelFields,
  },
  {
    id: 'volume',
    title: '声量激增',
    help: '某个专题、地区或信源的信息量突然远高于平时时发出预警。',
    fields: [
      num(['volume', 'alpha'], '显著性水平', 'probability', '当前量在平时出现的概率低于这个值才算激增；越小越不容易报。'),
      num(['volume', 'minRatio'], '最小倍数', 'positive', '当前量至少是平时的多少倍。', '倍'),
      num(['volume', 'minCountHour'], '每小时最少条数', 'count', '一小时内至少这么多条才可能算激增，免得 1 条变 3 条也报警。', '条'),
      num(['volume', 'minCountDay'], '每天最少条数', 'count', '一天内至少这么多条才可能算激增。', '条'),
      num(['volume', 'rateFloorHour'], '小时基线下限', 'positive', '平时每小时至少按这么多条计算，平时几乎没有信息时不会轻易报警。', '条/小时'),
      num(['volume', 'rateFloorDay'], '日基线下限', 'positive', '平时每天至少按这么多条计算。', '条/天'),
      num(['volume', 'hourWindow'], '小时基线窗口', 'intMin1', '同时段历史不足时，拿过去多少小时作比较。', '小时'),
      num(['volume', 'dayWindow'], '日基线窗口', 'intMin1', '按天比较时，拿过去多少天作比较。', '天'),
      num(['volume', 'seasonalDays'], '同时段回看天数', 'count', '比较“前几天的同一小时”时最多往回看几天。', '天'),
      num(['volume', 'minSeasonalDays'], '同时段最少天数', 'count', '至少有这么多天同一小时的数据，才按同时段比较。', '天'),
      num(['volume', 'minBaselineHour'], '小时历史最少点数', 'count', '已知的历史小时数少于此值算“历史不足”，只有明显暴涨才报。', '个'),
      num(['volume', 'minBaselineDay'], '日历史最少点数', 'count', '已知的历史天数少于此值算“历史不足”。', '个'),
      num(['volume', 'shortMinRatio'], '历史不足时的最小倍数', 'positive', '历史不足时，当前量至少是已知最高值的多少倍。', '倍'),
      num(['volume', 'shortAlpha'], '历史不足时的显著性水平', 'probability', '历史不足时更严格的概率门槛，须不大于上面的显著性水平。'),
      num(['volume', 'minDispersionPoints'], '估计波动所需点数', 'count', '至少这么多个历史点，才估计平时的波动幅度。', '个'),
    ],
  },
  {
    id: 'negative',
    title: '负面占比上升',
    help: '近 6 小时负面信息的占比明显高于过去 7 天时发出预警。',
    fields: [
      num(['negative', 'minN'], '两边最少条数', 'count', '近 6 小时和过去 7 天各自至少这么多条，才比较负面占比。', '条'),
      num(['negative', 'minRise'], '最小上升幅度', 'share', '负面占比至少上升多少（0.1 即 10 个百分点）。'),
      num(['negative', 'alpha'], '显著性水平', 'probability', '上升只是偶然波动的概率低于此值才报。'),
    ],
  },
  {
    id: 'spread',
    title: '事件快速扩散',
    help: '一个事件在首发后短时间内被很多来源报道、或条数猛增时发出预警。',
    fields: [
      num(['spread', 'windowHours'], '观察窗口', 'positive', '从事件第一条信息起，看多少小时内的扩散。', '小时'),
      num(['spread', 'minSources'], '最少来源数', 'count', '窗口内至少这么多个不同来源报道，就算快速扩散。', '个'),
      num(['spread', 'minItems'], '按速率判断的最少条数', 'count', '按每小时速率判断时，事件至少要有这么多条。', '条'),
      num(['spread', 'typicalItemsPerHour'], '常态每小时条数', 'positive', '一个事件平时每小时大约几条，用来计算速率倍数。', '条/小时'),
      num(['spread', 'minRateRatio'], '最小速率倍数', 'positive', '每小时条数至少是常态的多少倍。', '倍'),
      num(['spread', 'minSourcesForRate'], '按速率判断的最少来源数', 'count', '按速率判断时至少这么多个来源；同一平台内的转发潮不算扩散。', '个'),
    ],
  },
  {
    id: 'sensitive',
    title: '敏感线索',
    help: '事件中出现较多瞒报、删帖、质疑、网传等线索时发出预警。',
    fields: [
      {
        kind: 'choices',
        path: ['sensitive', 'watchedClasses'],
        label: '关注的敏感类别',
        help: '勾选的类别出现在信息中时，计入“含关注线索”的条数。',
        options: SENSITIVE_CLASSES.map((c) => ({ value: c, label: SENSITIVE_CLASS_LABELS[c] ?? c })),
      },
      num(['sensitive', 'minItems'], '最少条数', 'count', '含关注线索的信息至少这么多条。', '条'),
      num(['sensitive', 'minShare'], '最小占比', 'share', '含关注线索的信息至少占事件全部信息的比例（0.1 即 10%）。'),
      num(['sensitive', 'minHighItems'], '高敏感条数', 'count', '高敏感信息达到这个条数时直接预警，不看比例。', '条'),
    ],
  },
  {
    id: 'sensitivity',
    title: '敏感度分值',
    help: '敏感度 S 的算法：事件中每出现一类敏感线索加相应分值，再加负面占比项。',
    fields: [
      ...SENSITIVE_CLASSES.map((c) =>
        num(['sensitivity', 'classWeights', c], `${SENSITIVE_CLASS_LABELS[c]}`, 'nonNegative', `事件中出现“${SENSITIVE_CLASS_LABELS[c]}”类线索时，敏感度加这么多分。`, '分'),
      ),
      num(['sensitivity', 'negativeShareWeight'], '负面占比权重', 'nonNegative', '负面信息占比（0–1）乘以这个数计入敏感度。'),
    ],
  },
  {
    id: 'heat',
    title: '热度指数权重',
    help: '热度指数 H = 各项之和：条数、互动量（均取对数）、来源权威性、增速，各乘以权重。',
    fields: [
      num(['heat', 'itemsWeight'], '条数权重', 'nonNegative', '信息条数（取对数）在热度中所占的分量。'),
      num(['heat', 'interactionsWeight'], '互动量权重', 'nonNegative', '转发、评论、点赞总数（取对数）所占的分量。'),
      num(['heat', 'authorityWeight'], '权威性权重', 'nonNegative', '报道来源的权威程度所占的分量。'),
      num(['heat', 'velocityWeight'], '增速权重', 'nonNegative', '近期增长速度所占的分量。'),
      num(['heat', 'velocityCap'], '增速上限', 'positive', '增速最多按这么多倍计算，免得个别暴涨把热度拉满。', '倍'),
      num(['heat', 'authorityCentral'], '权威性：中央媒体/官方', 'nonNegative', '中央媒体或官方账号报道时的权威性得分（通常 0–1）。'),
      num(['heat', 'authorityProvincial'], '权威性：省级媒体', 'nonNegative', '省级媒体报道时的权威性得分。'),
      num(['heat', 'authorityLargeAccount'], '权威性：大号', 'nonNegative', '粉丝多的自媒体账号报道时的权威性得分。'),
      num(['heat', 'authorityOther'], '权威性：其他', 'nonNegative', '其他来源报道时的权威性得分。'),
    ],
  },
  {
    id: 'silence',
    title: '信源异常沉默',
    help: '一个平时稳定更新的信源长时间没有新信息时发出预警（可能被封、改版或出了故障）。',
    fields: [
      num(['silence', 'alpha'], '显著性水平', 'probability', '平时这么久没有新信息的概率低于此值，才算异常沉默。'),
      num(['silence', 'minQuietHours'], '最短沉默时长', 'positive', '至少沉默这么多小时才判断。', '小时'),
      num(['silence', 'minIntervals'], '最少抓取间隔数', 'positive', '沉默时长至少是抓取间隔的多少倍。', '倍'),
      num(['silence', 'minUsualItemsPerDay'], '常态日均条数下限', 'nonNegative', '平时每天少于这么多条的信源不判断。', '条/天'),
      num(['silence', 'minHistoryDays'], '最少历史天数', 'nonNegative', '历史少于这么多天的信源不判断。', '天'),
    ],
  },
  {
    id: 'cooldownMinutes',
    title: '冷却时间',
    help: '同一预警在冷却时间内再次出现，只更新数字、不重复通知；过后仍未处理的会再次提醒。',
    fields: LEVEL_ORDER.map((level) =>
      num(['cooldownMinutes', level], `${WARNING_LEVELS[level].colour}预警冷却`, 'positive', `${WARNING_LEVELS[level].colour}预警多少分钟内不重复通知。`, '分钟'),
    ),
  },
];

/** Records the schema defaults as a whole: stored whole when anything in them changed. */
const ATOMIC: ReadonlySet<string> = new Set(['sensitivity/classWeights']);

const FIELD_BY_KEY: ReadonlyMap<string, SettingField> = new Map(
  THRESHOLD_GROUPS.flatMap((g) => g.fields.map((f) => [pathKey(f.path), f] as const)),
);

export function thresholdGroup(id: string): FieldGroup | undefined {
  return THRESHOLD_GROUPS.find((g) => g.id === id);
}

export function thresholdFieldLabel(key: string): string {
  const f = FIELD_BY_KEY.get(key);
  if (!f) return key;
  const group = THRESHOLD_GROUPS.find((g) => g.fields.includes(f));
  return group && group.id !== 'levels' ? `${group.title} · ${f.label}` : f.label;
}

export type SettingUpdate<T> = { ok: true; value: T; stored: Record<string, unknown> } | { ok: false; errors: FieldErrors };

/** The thresholds in force for a stored override; an override that no longer validates counts as defaults. */
export function effectiveThresholds(stored: unknown): { value: WarningThresholds; valid: boolean } {
  if (stored === undefined || stored === null) return { value: DEFAULT_THRESHOLDS, valid: true };
  const r = WarningThresholdsSchema.safeParse(stored);
  return r.success ? { value: r.data, valid: true } : { value: DEFAULT_THRESHOLDS, valid: false };
}

function colour(level: WarningLevel): string {
  return WARNING_LEVELS[level].colour;
}

/** Each factor's cuts must rise from blue to red (levels switched off are skipped). */
function levelOrderErrors(full: unknown): FieldErrors {
  const errors: FieldErrors = {};
  for (const factor of FACTOR_ORDER) {
    let previous: { level: WarningLevel; value: number } | null = null;
    for (const level of LEVEL_ORDER) {
      const v = getAt(full, ['levels', factor, level]);
      if (typeof v !== 'number') continue;
      if (previous && v <= previous.value) {
        errors[pathKey(['levels', factor, level])] =
          `${colour(level)}阈值须高于${colour(previous.level)}阈值（${previous.value}），否则${colour(previous.level)}预警永远不会出现`;
      }
      previous = { level, value: v };
    }
  }
  return errors;
}

/** Checks across fields, keyed by field: what a single field's range cannot say. */
export function thresholdCrossErrors(t: WarningThresholds): FieldErrors {
  const errors = levelOrderErrors(t);
  if (t.volume.shortAlpha > t.volume.alpha) {
    errors[pathKey(['volume', 'shortAlpha'])] = `历史不足时的显著性水平须不大于常规显著性水平（${t.volume.alpha}）`;
  }
  if (t.volume.minSeasonalDays > t.volume.seasonalDays) {
    errors[pathKey(['volume', 'minSeasonalDays'])] = `同时段最少天数不能多于同时段回看天数（${t.volume.seasonalDays}）`;
  }
  return errors;
}

/**
 * The one way a thresholds change is accepted (page and CLI): the checks across fields, the domain
 * schema, and the override to store (what differs from the defaults).
 */
export function finishThresholds(full: unknown): SettingUpdate<WarningThresholds> {
  // The order of the cuts first: the domain schema refuses it too, but only per factor and in English.
  const order = levelOrderErrors(full);
  if (Object.keys(order).length) return { ok: false, errors: order };
  const r = WarningThresholdsSchema.safeParse(full);
  if (!r.success) {
    const errors: FieldErrors = {};
    for (const issue of r.error.issues) {
      const key = pathKey(issue.path);
      const f = FIELD_BY_KEY.get(key);
      errors[key] ??= f && f.kind === 'number' ? (checkNumber(f.rule, getAt(full, f.path)) ?? '数值不符合要求') : '数值不符合要求';
    }
    return { ok: false, errors };
  }
  const cross = thresholdCrossErrors(r.data);
  if (Object.keys(cross).length) return { ok: false, errors: cross };
  return { ok: true, value: r.data, stored: overrideDiff(r.data, DEFAULT_THRESHOLDS, ATOMIC) };
}

/** A group's form applied to the thresholds in force. Fields of other groups stay as they are. */
export function applyThresholdForm(current: WarningThresholds, groupId: string, fd: FormData): SettingUpdate<WarningThresholds> {
  const group = thresholdGroup(groupId);
  if (!group) return { ok: false, errors: { group: '未知的设置分组' } };
  const errors: FieldErrors = {};
  let next: WarningThresholds = current;
  for (const f of group.fields) {
    const key = pathKey(f.path);
    if (f.kind === 'number') {
      const r = readNumber(f.rule, formText(fd, key));
      if (!r.ok) errors[key] = r.message;
      else next = setAt(next, f.path, r.value);
    } else {
      const allowed = new Set(f.options.map((o) => o.value));
      const picked = fd.getAll(key).filter((v): v is string => typeof v === 'string' && allowed.has(v));
      next = setAt(next, f.path, f.options.map((o) => o.value).filter((v) => picked.includes(v)));
    }
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  return finishThresholds(next);
}

/** 恢复默认 for one group (or every group). */
export function resetThresholds(current: WarningThresholds, groupId: string | 'all'): SettingUpdate<WarningThresholds> {
  if (groupId === 'all') return finishThresholds(DEFAULT_THRESHOLDS);
  const group = thresholdGroup(groupId);
  if (!group) return { ok: false, errors: { group: '未知的设置分组' } };
  let next = current;
  for (const f of group.fields) next = setAt(next, f.path, getAt(DEFAULT_THRESHOLDS, f.path));
  return finishThresholds(next);
}

/**
 * A partial JSON object (the CLI's `thresholds set FILE.json`: only the fields to change) applied to
 * the thresholds in force. Unknown keys are refused, so a typo does not pass silently.
 */
export function applyThresholdPatch(current: WarningThresholds, patch: unknown): SettingUpdate<WarningThresholds> {
  if (!isPlainObject(patch)) return { ok: false, errors: { '': '设置须是 JSON 对象' } };
  const errors: FieldErrors = {};
  let next = current;
  const walk = (value: unknown, path: string[]): void => {
    const key = pathKey(path);
    const field = FIELD_BY_KEY.get(key);
    if (field) {
      if (field.kind === 'number') {
        const problem = checkNumber(field.rule, value);
        if (problem) errors[key] = problem;
        else next = setAt(next, field.path, value);
      } else {
        const allowed = new Set(field.options.map((o) => o.value));
        if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && allowed.has(v))) {
          errors[key] = `须是以下类别的数组：${[...allowed].join('、')}`;
        } else next = setAt(next, field.path, [...new Set(value as string[])]);
      }
      return;
    }
    const isContainer = [...FIELD_BY_KEY.keys()].some((k) => k.startsWith(`${key}/`));
    if (isContainer && isPlainObject(value)) {
      for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
      return;
    }
    errors[key] = isContainer ? '须是 JSON 对象' : '未知的设置项';
  };
  for (const [k, v] of Object.entries(patch)) walk(v, [k]);
  if (Object.keys(errors).length) return { ok: false, errors };
  return finishThresholds(next);
}

/** Every field key, for checking that the metadata covers the schema. */
export function thresholdFieldKeys(): string[] {
  return [...FIELD_BY_KEY.keys()];
}

/** Fields whose value in force differs from the default (shown as 已修改). */
export function changedThresholdKeys(t: WarningThresholds): Set<string> {
  const out = new Set<string>();
  for (const g of THRESHOLD_GROUPS) {
    for (const f of g.fields) if (!deepEqual(getAt(t, f.path), getAt(DEFAULT_THRESHOLDS, f.path))) out.add(pathKey(f.path));
  }
  return out;
}
