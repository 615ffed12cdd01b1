/**
 * 响应时限 (Setting 'warning.clocks'): the response-clock rules of ResponseClockConfigSchema with a
 * label and one line of plain Chinese per field, the two forms, the checks across fields and the
 * override to store. Shared by the settings page and `npm run alerts -- clock-rules`. Pure.
 */
import { DEFAULT_CLOCK_CONFIG, ResponseClockConfigSchema } from '@/lib/warning/clocks';
import type { ResponseClockConfig } from '@/lib/warning/clocks';
import type { FieldErrors } from './form-state';
import { formChecked, formText, pathKey, zodFieldErrors } from './form-state';
import { checkNumber, deepEqual, getAt, isPlainObject, overrideDiff, readNumber, setAt } from './override';
import type { NumberRule } from './override';
import type { SettingUpdate } from './thresholds';

export const GRADES = ['一般', '较大', '重大', '特别重大'] as const;
type Grade = (typeof GRADES)[number];

export interface ClockFieldInfo {
  key: string;
  label: string;
  help: string;
  unit?: string;
}

/** Field keys are the form names; `localFirstRelease/…` are the local rule's parts. */
export const CLOCK_FIELDS: Readonly<Record<string, ClockFieldInfo & { rule?: NumberRule }>> = {
  authoritativeInfoHours: {
    key: 'authoritativeInfoHours',
    label: '发布权威信息时限',
    help: '重大、特别重大事件从第一条信息起，须在这么多小时内发布权威信息（国办发〔2016〕80号：5 小时）。',
    unit: '小时',
    rule: 'positive',
  },
  pressConferenceHours: {
    key: 'pressConferenceHours',
    label: '新闻发布会时限',
    help: '同类事件须在这么多小时内举行新闻发布会（国办发〔2016〕61号：最迟 24 小时）。',
    unit: '小时',
    rule: 'positive',
  },
  majorGrades: {
    key: 'majorGrades',
    label: '适用上述两项时限的事故等级',
    help: '勾选的等级启动“权威信息”和“发布会”两个时限，其余涉政舆情只启动一般回应时限。',
  },
  replyHours: {
    key: 'replyHours',
    label: '一般政务舆情回应时限',
    help: '其他涉及政府的舆情须在这么多小时内回应（国办发〔2016〕61号：48 小时）。',
    unit: '小时',
    rule: 'positive',
  },
  warningMarginMinutes: {
    key: 'warningMarginMinutes',
    label: '到期前提醒',
    help: '离截止还剩这么多分钟时提醒值班人员。',
    unit: '分钟',
    rule: 'nonNegative',
  },
  'localFirstRelease/enabled': {
    key: 'localFirstRelease/enabled',
    label: '启用地方首发规定',
    help: '有的地方要求更早首次发布（如贵州 2014：较大及以上 3 小时内），启用后按更短的时限计时。',
  },
  'localFirstRelease/hours': {
    key: 'localFirstRelease/hours',
    label: '首次发布时限',
    help: '所选等级的事件须在这么多小时内首次发布。',
    unit: '小时',
    rule: 'positive',
  },
  'localFirstRelease/grades': {
    key: 'localFirstRelease/grades',
    label: '地方规定适用的事故等级',
    help: '至少选一个等级。',
  },
  'localFirstRelease/label': {
    key: 'localFirstRelease/label',
    label: '显示名称',
    help: '时限在页面和通知中的名称，如“首次发布（贵州）”。',
  },
};

export const CLOCK_GROUPS: readonly { id: 'deadlines' | 'local'; title: string; help: string; keys: readonly string[] }[] = [
  {
    id: 'deadlines',
    title: '发布与回应时限',
    help: '事件的回应时限从它的第一条信息算起，事件中出现官方发布（或有人手工标记完成）即算完成，超时会发出预警。',
    keys: ['authoritativeInfoHours', 'pressConferenceHours', 'majorGrades', 'replyHours', 'warningMarginMinutes'],
  },
  {
    id: 'local',
    title: '地方首发规定',
    help: '可选：按本地规定增加一个更早的“首次发布”时限。',
    keys: ['localFirstRelease/enabled', 'localFirstRelease/hours', 'localFirstRelease/grades', 'localFirstRelease/label'],
  },
];

const DEFAULT_LOCAL = { hours: 3, grades: ['特别重大', '重大', '较大'] as Grade[], label: '首次发布（地方规定）' };

export function effectiveClocks(stored: unknown): { value: ResponseClockConfig; valid: boolean } {
  if (stored === undefined || stored === null) return { value: DEFAULT_CLOCK_CONFIG, valid: true };
  const r = ResponseClockConfigSchema.safeParse(stored);
  return r.success ? { value: r.data, valid: true } : { value: DEFAULT_CLOCK_CONFIG, valid: false };
}

/** What the local rule's fields show when it is off: the last one used, else a sensible start. */
export function localRuleFormDefaults(c: ResponseClockConfig): { hours: number; grades: readonly string[]; label: string } {
  return c.localFirstRelease ?? DEFAULT_LOCAL;
}

export function clockCrossErrors(c: ResponseClockConfig): FieldErrors {
  const errors: FieldErrors = {};
  if (c.authoritativeInfoHours > c.pressConferenceHours) {
    errors.authoritativeInfoHours = `发布权威信息时限不能晚于新闻发布会时限（${c.pressConferenceHours} 小时）`;
  }
  const shortest = Math.min(
    c.authoritativeInfoHours,
    c.pressConferenceHours,
    c.replyHours,
    ...(c.localFirstRelease ? [c.localFirstRelease.hours] : []),
  );
  if (c.warningMarginMinutes >= shortest * 60) {
    errors.warningMarginMinutes = `提醒提前量须短于最短的时限（${shortest} 小时 = ${shortest * 60} 分钟）`;
  }
  return errors;
}

/** The one way a clock-rules change is accepted (page and CLI). */
export function finishClocks(full: unknown): SettingUpdate<ResponseClockConfig> {
  const r = ResponseClockConfigSchema.safeParse(full);
  if (!r.success) {
    const errors = zodFieldErrors(r.error);
    for (const key of Object.keys(errors)) {
      const info = CLOCK_FIELDS[key];
      const problem = info?.rule ? checkNumber(info.rule, getAt(full, key.split('/'))) : null;
      errors[key] = problem ?? (key.endsWith('grades') || key === 'majorGrades' ? '请从列表中选择事故等级' : '数值不符合要求');
    }
    return { ok: false, errors };
  }
  const cross = clockCrossErrors(r.data);
  if (Object.keys(cross).length) return { ok: false, errors: cross };
  return { ok: true, value: r.data, stored: overrideDiff(r.data, DEFAULT_CLOCK_CONFIG) };
}

function pickGrades(fd: FormData, name: string): Grade[] {
  const picked = fd.getAll(name).filter((v): v is string => typeof v === 'string');
  return GRADES.filter((g) => picked.includes(g)).reverse();
}

export function applyClockForm(current: ResponseClockConfig, groupId: string, fd: FormData): SettingUpdate<ResponseClockConfig> {
  const errors: FieldErrors = {};
  let next: ResponseClockConfig = current;
  const number = (key: string): number | null => {
    const info = CLOCK_FIELDS[key];
    const r = readNumber(info?.rule ?? 'positive', formText(fd, key));
    if (!r.ok) {
      errors[key] = r.message;
      return null;
    }
    if (r.value === null) errors[key] = '请填写数值';
    return r.value;
  };
  if (groupId === 'deadlines') {
    for (const key of ['authoritativeInfoHours', 'pressConferenceHours', 'replyHours', 'warningMarginMinutes'] as const) {
      const v = number(key);
      if (v !== null) next = setAt(next, [key], v);
    }
    next = setAt(next, ['majorGrades'], pickGrades(fd, 'majorGrades'));
  } else if (groupId === 'local') {
    if (!formChecked(fd, 'localFirstRelease/enabled')) {
      next = { ...next, localFirstRelease: null };
    } else {
      const hours = number('localFirstRelease/hours');
      const grades = pickGrades(fd, 'localFirstRelease/grades');
      const label = formText(fd, 'localFirstRelease/label').trim();
      if (grades.length === 0) errors['localFirstRelease/grades'] = '至少选择一个事故等级';
      if (!label) errors['localFirstRelease/label'] = '请填写显示名称';
      else if (label.length > 30) errors['localFirstRelease/label'] = '显示名称最长 30 个字符';
      if (hours !== null) next = { ...next, localFirstRelease: { hours, grades, label } };
    }
  } else {
    return { ok: false, errors: { group: '未知的设置分组' } };
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  return finishClocks(next);
}

export function resetClocks(current: ResponseClockConfig, groupId: string | 'all'): SettingUpdate<ResponseClockConfig> {
  if (groupId === 'all') return finishClocks(DEFAULT_CLOCK_CONFIG);
  const group = CLOCK_GROUPS.find((g) => g.id === groupId);
  if (!group) return { ok: false, errors: { group: '未知的设置分组' } };
  if (group.id === 'local') return finishClocks({ ...current, localFirstRelease: DEFAULT_CLOCK_CONFIG.localFirstRelease });
  const next = { ...current };
  for (const key of ['authoritativeInfoHours', 'pressConferenceHours', 'majorGrades', 'replyHours', 'warningMarginMinutes'] as const) {
    Object.assign(next, { [key]: DEFAULT_CLOCK_CONFIG[key] });
  }
  return finishClocks(next);
}

/** A partial JSON object (the CLI's `clock-rules set FILE.json`) applied to the rules in force. */
export function applyClockPatch(current: ResponseClockConfig, patch: unknown): SettingUpdate<ResponseClockConfig> {
  if (!isPlainObject(patch)) return { ok: false, errors: { '': '设置须是 JSON 对象' } };
  const known = new Set(['authoritativeInfoHours', 'pressConferenceHours', 'majorGrades', 'replyHours', 'warningMarginMinutes', 'localFirstRelease']);
  const errors: FieldErrors = {};
  for (const k of Object.keys(patch)) if (!known.has(k)) errors[pathKey([k])] = '未知的设置项';
  if (Object.keys(errors).length) return { ok: false, errors };
  return finishClocks({ ...current, ...patch });
}

/** Fields whose value in force differs from the default (shown as 已修改). */
export function changedClockKeys(c: ResponseClockConfig): Set<string> {
  const out = new Set<string>();
  for (const key of ['authoritativeInfoHours', 'pressConferenceHours', 'majorGrades', 'replyHours', 'warningMarginMinutes'] as const) {
    if (!deepEqual(c[key], DEFAULT_CLOCK_CONFIG[key])) out.add(key);
  }
  if (!deepEqual(c.localFirstRelease, DEFAULT_CLOCK_CONFIG.localFirstRelease)) out.add('localFirstRelease/enabled');
  return out;
}
