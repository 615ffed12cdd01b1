/**
 * The settings form schemas (lib/settings), shared by the pages and the CLIs: good input passes,
 * bad input fails with a Chinese message on the right field, and what is stored round-trips.
 */
import { describe, expect, test } from 'vitest';
import { lexiconEditSchema, missingForNew, parseLexiconForm, parseLexiconQuery } from '@/lib/settings/lexicon-form';
import { actorLabel } from '@/lib/settings/actor';
import { applyClockForm, applyClockPatch, effectiveClocks, resetClocks } from '@/lib/settings/clocks';
import { channelLines, maskSecret } from '@/lib/settings/notifications';
import { overrideDiff } from '@/lib/settings/override';
import {
  applyThresholdForm,
  applyThresholdPatch,
  changedThresholdKeys,
  effectiveThresholds,
  resetThresholds,
  thresholdFieldKeys,
} from '@/lib/settings/thresholds';
import { TopicInputSchema, checkTopicRule, ruleErrorPosition, splitAtError } from '@/lib/settings/topic-form';
import { markedParts } from '@/lib/settings/marks';
import { LEXICON_KINDS, SENTIMENT_CATEGORY_LABELS, SENTIMENT_WEIGHT_MAX, SENTIMENT_WEIGHT_MIN } from '@/lib/settings/lexicon-labels';
import { LEXICON_ENTRY_KINDS, MAX_WEIGHT, MIN_WEIGHT, SENTIMENT_CATEGORIES } from '@/lib/analysis/lexicon';
import { ChannelConfigSchema } from '@/lib/notify/channels';
import { DEFAULT_CLOCK_CONFIG } from '@/lib/warning/clocks';
import { DEFAULT_THRESHOLDS, WarningThresholdsSchema } from '@/lib/warning/levels';

function form(fields: Record<string, string | string[]>): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) fd.append(k, x);
  return fd;
}

/** Every leaf path of a settings object (records and arrays of DEFAULT_THRESHOLDS count per key / as one). */
function leafKeys(obj: unknown, at: string[] = []): string[] {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return [at.join('/')];
  return Object.entries(obj as Record<string, unknown>).flatMap(([k, v]) => leafKeys(v, [...at, k]));
}

describe('topic form', () => {
  test('a valid topic is trimmed and its rule kept as typed', () => {
    const r = TopicInputSchema.safeParse({ name: ' 煤矿透水 ', rule: '  煤矿 AND (透水 OR 突水) NOT 演练 ', description: '', enabled: true });
    expect(r.success).toBe(true);
    expect(r.data).toEqual({ name: '煤矿透水', rule: '煤矿 AND (透水 OR 突水) NOT 演练', description: null, enabled: true });
  });

  test.each([
    ['煤矿 AND (透水 OR 突水', 7, '左括号“(”没有对应的右括号'],
    ['煤矿 AND (透水 OR', 11, '“OR”后面缺少关键词'],
    ['煤矿 AND', 3, '后面缺少关键词'],
    ['"透水', 0, '引号没有闭合'],
    ['NOT 演练', 0, '只有排除条件'],
    ['透水 NEAR 突水', 3, 'NEAR 缺少距离'],
  ])('rule %j is refused at character %i with a Chinese reason', (rule, position, reason) => {
    const r = TopicInputSchema.safeParse({ name: '专题', rule, description: '', enabled: true });
    expect(r.success).toBe(false);
    if (r.success) return;
    expect(ruleErrorPosition(r.error)).toBe(position);
    const message = r.error.issues.find((i) => i.path[0] === 'rule')?.message ?? '';
    expect(message).toMatch(new RegExp(`^规则有误.*第 ${position + 1} 个字符`));
    expect(message).toContain(reason);
    const check = checkTopicRule(rule);
    expect(check.ok).toBe(false);
  });

  test('name and description limits, in Chinese', () => {
    const r = TopicInputSchema.safeParse({ name: '  ', rule: '透水', description: '说'.repeat(201), enabled: true });
    expect(r.success).toBe(false);
    const byField = Object.fromEntries((r.error?.issues ?? []).map((i) => [String(i.path[0]), i.message]));
    expect(byField.name).toBe('请填写专题名称');
    expect(byField.description).toBe('说明最长 200 个字符');
  });

  test('the error position splits the rule at a whole character, the end included', () => {
    expect(splitAtError('煤矿 AND (透水 OR', 7)).toEqual({ before: '煤矿 AND ', at: '(', after: '透水 OR' });
    expect(splitAtError('透水 😀x', 3)).toEqual({ before: '透水 ', at: '😀', after: 'x' });
    expect(splitAtError('煤矿 AND', 8)).toEqual({ before: '煤矿 AND', at: '', after: '' });
  });

  test('hits in a title are marked without overlaps', () => {
    expect(markedParts('煤矿透水事故', [{ start: 0, end: 2 }, { start: 1, end: 4 }])).toEqual([
      { text: '煤矿', hit: true },
      { text: '透水', hit: true },
      { text: '事故', hit: false },
    ]);
  });
});

describe('lexicon entry form', () => {
  const ok = (fields: Record<string, string>) => {
    const r = parseLexiconForm(form(fields), null);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    return r.edit;
  };
  const errors = (fields: Record<string, string>, existing: { kind: 'sentiment' | 'degree'; term: string } | null = null) => {
    const r = parseLexiconForm(form(fields), existing);
    return r.ok ? {} : r.errors;
  };

  test('a new sentiment word takes its category and weight; full-width digits are read', () => {
    expect(ok({ kind: 'sentiment', term: ' 封口费 ', category: 'sensitive.family', weight: '－３', enabled: 'on', note: '家属被要求签字' })).toEqual({
      kind: 'sentiment',
      term: '封口费',
      category: 'sensitive.family',
      weight: -3,
      enabled: true,
      note: '家属被要求签字',
    });
  });

  test('kinds without a category or weight store neutral values; a place stores 省/市', () => {
    expect(ok({ kind: 'negator', term: '未曾', enabled: 'on' })).toMatchObject({ kind: 'negator', category: '', weight: 0, note: null });
    expect(ok({ kind: 'place', term: '北坪县', province: '演示省', city: '澄河市', enabled: 'on' })).toMatchObject({ category: '演示省/澄河市', weight: 0 });
    expect(ok({ kind: 'accident_type', term: '透水', category: '12' })).toMatchObject({ category: '12', enabled: false });
  });

  test.each([
    [{ kind: 'sentiment', term: '', category: 'general', weight: '1' }, 'term', '词条不能为空'],
    [{ kind: 'sentiment', term: '封 口', category: 'general', weight: '1' }, 'term', '词条不能含空白字符'],
    [{ kind: 'sentiment', term: '词'.repeat(41), category: 'general', weight: '1' }, 'term', '词条最长 40 个字符'],
    [{ kind: 'sentiment', term: '封口费', category: 'general', weight: '4' }, 'weight', '情感词权重须在 -3 到 3 之间'],
    [{ kind: 'sentiment', term: '封口费', category: 'general', weight: '0' }, 'weight', '权重不能为 0（不想让它起作用，请停用该词）'],
    [{ kind: 'sentiment', term: '封口费', category: 'general', weight: 'abc' }, 'weight', '请输入数字，如 -2 或 1.5'],
    [{ kind: 'sentiment', term: '封口费', category: '', weight: '-2' }, 'category', '请选择情感词类别'],
    [{ kind: 'sentiment', term: '封口费', category: 'angry', weight: '-2' }, 'category', '请选择情感词类别'],
    [{ kind: 'sentiment', term: '封口费', category: 'general', weight: '' }, 'weight', '请填写权重（-3 到 3）'],
    [{ kind: 'degree', term: '极其', weight: '0' }, 'weight', '程度副词的倍数须大于 0、不超过 5'],
    [{ kind: 'degree', term: '极其', weight: '6' }, 'weight', '程度副词的倍数须大于 0、不超过 5'],
    [{ kind: 'accident_type', term: '涌水', category: '21' }, 'category', '请选择 GB 6441 事故类别（01–20）'],
    [{ kind: 'place', term: '北坪县', province: '' }, 'province', '请填写所属省份（如 山西省）'],
    [{ kind: 'place', term: '坪', province: '演示省' }, 'term', '地名至少 2 个字'],
    [{ kind: 'place', term: '北坪县', province: '演示省', city: 'a/b' }, 'city', '省、市名称中不能含“/”'],
    [{ kind: 'verb', term: '说' }, 'kind', '请选择词条类型'],
    [{ kind: 'negator', term: '未曾', note: '说'.repeat(201) }, 'note', '说明最长 200 个字符'],
  ])('%j → %s: %s', (fields, field, message) => {
    expect(errors(fields as Record<string, string>)[field]).toBe(message);
  });

  test('an edit takes kind and term from the stored row, never from the form', () => {
    const r = parseLexiconForm(form({ kind: 'negator', term: '别的词', category: 'rescue', weight: '2', enabled: 'on' }), { kind: 'sentiment', term: '获救' });
    expect(r).toEqual({ ok: true, edit: { kind: 'sentiment', term: '获救', category: 'rescue', weight: 2, enabled: true, note: null } });
    // A stored term a person could not type (the newline clause break) can still be edited.
    const nl = parseLexiconForm(form({}), { kind: 'degree', term: '\n' });
    expect(nl.ok ? null : nl.errors).toEqual({ weight: '请填写倍数（大于 0、不超过 5）' });
  });

  test('the CLI schema: partial edits pass, a new word must name what its kind needs', () => {
    expect(lexiconEditSchema().parse({ kind: 'sentiment', term: '小', enabled: false })).toEqual({ kind: 'sentiment', term: '小', enabled: false });
    expect(lexiconEditSchema().safeParse({ kind: 'sentiment', term: '封口费', weight: Number('x') }).error?.issues[0]?.message).toBe('权重须是数字');
    expect(missingForNew({ kind: 'sentiment' })).toEqual({ category: '请选择情感词类别', weight: '请填写权重（-3 到 3）' });
    expect(missingForNew({ kind: 'segment' })).toEqual({});
  });

  test('the browser-side copies of kinds, categories and weight bounds match the analysis', () => {
    expect(LEXICON_KINDS).toEqual(LEXICON_ENTRY_KINDS);
    expect(Object.keys(SENTIMENT_CATEGORY_LABELS)).toEqual(SENTIMENT_CATEGORIES);
    expect([SENTIMENT_WEIGHT_MIN, SENTIMENT_WEIGHT_MAX]).toEqual([MIN_WEIGHT, MAX_WEIGHT]);
  });

  test('the list query falls back to the default view on anything unexpected', () => {
    expect(parseLexiconQuery({})).toEqual({ kind: 'sentiment', q: '', status: 'all', page: 1 });
    expect(parseLexiconQuery({ kind: 'degree', q: ' 非常 ', status: 'edited', page: '3' })).toEqual({ kind: 'degree', q: '非常', status: 'edited', page: 3 });
    expect(parseLexiconQuery({ kind: 'x', status: 'y', page: '-2' })).toEqual({ kind: 'sentiment', q: '', status: 'all', page: 1 });
  });

  test('actors are stored with where they came from', () => {
    expect(actorLabel('user:zhangsan')).toBe('zhangsan（账号）');
    expect(actorLabel('system:bootstrap')).toBe('系统（bootstrap）');
    expect(actorLabel('web:张三')).toBe('张三（网页，账号功能上线前填写）');
    expect(actorLabel('cli:root')).toBe('命令行 root');
    expect(actorLabel(null)).toBe('未记录');
  });
});

describe('warning thresholds', () => {
  const levelsForm = (change: Record<string, string>) => {
    const fields: Record<string, string> = {};
    for (const [factor, cuts] of Object.entries(DEFAULT_THRESHOLDS.levels)) {
      for (const [level, v] of Object.entries(cuts)) fields[`levels/${factor}/${level}`] = v === null ? '' : String(v);
    }
    return form({ ...fields, ...change });
  };

  test('the field list covers every threshold the detectors read', () => {
    const keys = new Set(thresholdFieldKeys());
    expect(leafKeys(DEFAULT_THRESHOLDS).filter((k) => !keys.has(k))).toEqual([]);
    expect([...keys].filter((k) => !leafKeys(DEFAULT_THRESHOLDS).includes(k))).toEqual([]);
  });

  test('the defaults as submitted store nothing', () => {
    const r = applyThresholdForm(DEFAULT_THRESHOLDS, 'levels', levelsForm({}));
    expect(r).toMatchObject({ ok: true, stored: {} });
  });

  test('red must be higher than orange, with the message on the red field', () => {
    const r = applyThresholdForm(DEFAULT_THRESHOLDS, 'levels', levelsForm({ 'levels/heat_score/red': '60' }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual({ 'levels/heat_score/red': '红色阈值须高于橙色阈值（70），否则橙色预警永远不会出现' });
    const equal = applyThresholdForm(DEFAULT_THRESHOLDS, 'levels', levelsForm({ 'levels/grade/orange': '2' }));
    expect(equal.ok ? {} : equal.errors).toEqual({ 'levels/grade/orange': '橙色阈值须高于黄色阈值（2），否则黄色预警永远不会出现' });
  });

  test('an empty cut switches a level off, and the order is checked over the levels left', () => {
    const off = applyThresholdForm(DEFAULT_THRESHOLDS, 'levels', levelsForm({ 'levels/silence/yellow': '' }));
    expect(off).toMatchObject({ ok: true, stored: { levels: { silence: { yellow: null } } } });
    const bad = applyThresholdForm(DEFAULT_THRESHOLDS, 'levels', levelsForm({ 'levels/volume_ratio/orange': '', 'levels/volume_ratio/red': '4' }));
    expect(bad.ok ? {} : bad.errors).toEqual({ 'levels/volume_ratio/red': '红色阈值须高于黄色阈值（5），否则黄色预警永远不会出现' });
  });

  test.each([
    ['volume/alpha', '1', '须在 0 与 1 之间（不含 0 和 1），如 0.001'],
    ['volume/alpha', '', '请填写数值'],
    ['volume/minCountHour', '2.5', '须为不小于 0 的整数'],
    ['volume/hourWindow', '0', '须为不小于 1 的整数'],
    ['volume/minRatio', '-1', '须大于 0'],
    ['volume/minRatio', '三', '请输入数字'],
    ['volume/shortAlpha', '0.01', '历史不足时的显著性水平须不大于常规显著性水平（0.001）'],
    ['volume/minSeasonalDays', '9', '同时段最少天数不能多于同时段回看天数（7）'],
  ])('volume: %s = %j → %s', (key, raw, message) => {
    const fields: Record<string, string> = {};
    for (const [k, v] of Object.entries(DEFAULT_THRESHOLDS.volume)) fields[`volume/${k}`] = String(v);
    const r = applyThresholdForm(DEFAULT_THRESHOLDS, 'volume', form({ ...fields, [key]: raw }));
    expect(r.ok ? {} : r.errors).toEqual({ [key]: message });
  });

  test('a change round-trips through the stored override and through the domain schema', () => {
    const fields: Record<string, string | string[]> = {
      'sensitive/watchedClasses': ['sensitive.reporting', 'sensitive.family', 'not-a-class'],
      'sensitive/minItems': '4',
      'sensitive/minShare': '0.1',
      'sensitive/minHighItems': '2',
    };
    const r = applyThresholdForm(DEFAULT_THRESHOLDS, 'sensitive', form(fields));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.stored).toEqual({ sensitive: { watchedClasses: ['sensitive.reporting', 'sensitive.family'], minItems: 4 } });
    const again = effectiveThresholds(JSON.parse(JSON.stringify(r.stored)));
    expect(again).toEqual({ value: r.value, valid: true });
    expect([...changedThresholdKeys(again.value)].sort()).toEqual(['sensitive/minItems', 'sensitive/watchedClasses']);
  });

  test('a record of weights is stored whole, so the other weights survive a reload', () => {
    const r = applyThresholdPatch(DEFAULT_THRESHOLDS, { sensitivity: { classWeights: { 'sensitive.rumour': 2.5 } } });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const reloaded = WarningThresholdsSchema.parse(r.stored);
    expect(reloaded.sensitivity.classWeights).toEqual({ ...DEFAULT_THRESHOLDS.sensitivity.classWeights, 'sensitive.rumour': 2.5 });
  });

  test('the CLI patch refuses unknown keys and wrong types in Chinese, and keeps other changes', () => {
    const r = applyThresholdPatch(DEFAULT_THRESHOLDS, { volume: { alpah: 0.01, minRatio: '3' }, nope: 1 });
    expect(r.ok ? {} : r.errors).toEqual({ 'volume/alpah': '未知的设置项', 'volume/minRatio': '请输入数字', nope: '未知的设置项' });
    const current = applyThresholdPatch(DEFAULT_THRESHOLDS, { cooldownMinutes: { red: 30 } });
    if (!current.ok) throw new Error('unexpected');
    const next = applyThresholdPatch(current.value, { volume: { minRatio: 4 } });
    expect(next).toMatchObject({ ok: true, stored: { cooldownMinutes: { red: 30 }, volume: { minRatio: 4 } } });
  });

  test('恢复默认 resets one group and leaves the others', () => {
    const changed = applyThresholdPatch(DEFAULT_THRESHOLDS, { cooldownMinutes: { red: 30 }, volume: { minRatio: 4 } });
    if (!changed.ok) throw new Error('unexpected');
    expect(resetThresholds(changed.value, 'volume')).toMatchObject({ ok: true, stored: { cooldownMinutes: { red: 30 } } });
    expect(resetThresholds(changed.value, 'all')).toMatchObject({ ok: true, stored: {} });
  });

  test('a stored override that no longer validates counts as the defaults, and says so', () => {
    expect(effectiveThresholds({ volume: { alpha: 5 } })).toEqual({ value: DEFAULT_THRESHOLDS, valid: false });
    expect(effectiveThresholds(undefined)).toEqual({ value: DEFAULT_THRESHOLDS, valid: true });
  });

  test('overrideDiff keeps only what differs', () => {
    expect(overrideDiff({ a: 1, b: { c: 2, d: [1, 2] } }, { a: 1, b: { c: 3, d: [1, 2] } })).toEqual({ b: { c: 2 } });
  });
});

describe('response clocks', () => {
  const deadlines = (change: Record<string, string | string[]>) =>
    form({ authoritativeInfoHours: '5', pressConferenceHours: '24', replyHours: '48', warningMarginMinutes: '60', majorGrades: ['特别重大', '重大'], ...change });

  test('the defaults store nothing; a change stores only itself', () => {
    expect(applyClockForm(DEFAULT_CLOCK_CONFIG, 'deadlines', deadlines({}))).toMatchObject({ ok: true, stored: {} });
    expect(applyClockForm(DEFAULT_CLOCK_CONFIG, 'deadlines', deadlines({ replyHours: '24' }))).toMatchObject({ ok: true, stored: { replyHours: 24 } });
  });

  test('inconsistent deadlines are refused in Chinese on the right field', () => {
    const late = applyClockForm(DEFAULT_CLOCK_CONFIG, 'deadlines', deadlines({ authoritativeInfoHours: '30' }));
    expect(late.ok ? {} : late.errors).toEqual({ authoritativeInfoHours: '发布权威信息时限不能晚于新闻发布会时限（24 小时）' });
    const margin = applyClockForm(DEFAULT_CLOCK_CONFIG, 'deadlines', deadlines({ warningMarginMinutes: '300' }));
    expect(margin.ok ? {} : margin.errors).toEqual({ warningMarginMinutes: '提醒提前量须短于最短的时限（5 小时 = 300 分钟）' });
    const zero = applyClockForm(DEFAULT_CLOCK_CONFIG, 'deadlines', deadlines({ replyHours: '0' }));
    expect(zero.ok ? {} : zero.errors).toEqual({ replyHours: '须大于 0' });
  });

  test('the local first-release rule: on with its fields, off as null, grades required', () => {
    const on = applyClockForm(DEFAULT_CLOCK_CONFIG, 'local', form({
      'localFirstRelease/enabled': 'on',
      'localFirstRelease/hours': '3',
      'localFirstRelease/grades': ['较大', '重大', '特别重大'],
      'localFirstRelease/label': '首次发布（贵州）',
    }));
    expect(on).toMatchObject({ ok: true, stored: { localFirstRelease: { hours: 3, grades: ['特别重大', '重大', '较大'], label: '首次发布（贵州）' } } });
    const none = applyClockForm(DEFAULT_CLOCK_CONFIG, 'local', form({ 'localFirstRelease/enabled': 'on', 'localFirstRelease/hours': '3', 'localFirstRelease/label': 'x' }));
    expect(none.ok ? {} : none.errors).toEqual({ 'localFirstRelease/grades': '至少选择一个事故等级' });
    if (!on.ok) return;
    expect(resetClocks(on.value, 'local')).toMatchObject({ ok: true, stored: {} });
    expect(effectiveClocks(on.stored).value.localFirstRelease?.label).toBe('首次发布（贵州）');
  });

  test('the CLI patch refuses unknown keys and inconsistent values', () => {
    expect(applyClockPatch(DEFAULT_CLOCK_CONFIG, { replyhours: 24 })).toEqual({ ok: false, errors: { replyhours: '未知的设置项' } });
    const r = applyClockPatch(DEFAULT_CLOCK_CONFIG, { pressConferenceHours: 4 });
    expect(r.ok ? {} : r.errors).toEqual({ authoritativeInfoHours: '发布权威信息时限不能晚于新闻发布会时限（4 小时）' });
  });
});

describe('notification channels on the page', () => {
  test('no secret is shown in full', () => {
    const secret = 'SEC0123456789abcdef0123456789abcdef';
    const key = 'abcd1234-5678-90ef-abcd-1234567890ab';
    const channels = [
      { kind: 'wecom', webhookUrl: `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${key}`, mentionedMobiles: ['13812345678'] },
      { kind: 'dingtalk', webhookUrl: `https://oapi.dingtalk.com/robot/send?access_token=${key}`, secret },
      { kind: 'webhook', url: 'https://hooks.example.com/alerts', secret },
      { kind: 'email', host: 'smtp.example.com', port: 465, tls: 'implicit', auth: { user: 'duty@example.com', pass: secret }, from: 'duty@example.com', to: ['a@example.com'] },
    ].map((c) => ChannelConfigSchema.parse(c));
    for (const c of channels) {
      const text = channelLines(c).map((l) => `${l.label}${l.value}`).join('\n');
      expect(text).not.toContain(secret);
      expect(text).not.toContain(key);
      expect(text).not.toContain('13812345678');
    }
    expect(maskSecret(secret)).toBe('已设置（SEC…ef，共 35 位）');
    expect(maskSecret('short')).toBe('已设置（共 5 位）');
    expect(maskSecret(undefined)).toBe('未设置');
  });
});
