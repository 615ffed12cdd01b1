'use client';
import { useActionState, useMemo } from 'react';
import { clocksAction } from '@/app/settings/actions';
import { CLOCK_FIELDS, CLOCK_GROUPS, GRADES } from '@/lib/settings/clocks';
import { IDLE } from '@/lib/settings/form-state';
import { FieldError, FormMessage } from './FormBits';
import { ChoiceSettingField, NumberSettingField } from './SettingFields';
import type { GroupValues } from './ThresholdGroupForm';

const GRADE_OPTIONS = [...GRADES].reverse().map((g) => ({ value: g, label: g }));
const domId = (key: string): string => `clk-${key.replace(/[^a-zA-Z0-9]+/g, '-')}`;

/** One group of 响应时限: save (validated on the server, nothing saved on error) or 恢复默认. */
export function ClockGroupForm({ groupId, data }: { groupId: 'deadlines' | 'local'; data: GroupValues }) {
  const action = useMemo(() => clocksAction.bind(null, groupId), [groupId]);
  const [state, formAction, pending] = useActionState(action, IDLE);
  const group = CLOCK_GROUPS.find((g) => g.id === groupId);
  if (!group) return null;
  const value = (key: string): string => (state.values ? (state.values[key] ?? '') : (data.values[key] ?? ''));
  const changed = new Set(data.changed);
  return (
    <form action={formAction} noValidate aria-label={group.title}>
      <div className="field-grid">
        {group.keys.map((key) => {
          const info = CLOCK_FIELDS[key];
          if (!info) return null;
          const id = domId(key);
          const error = state.errors[key];
          if (key === 'majorGrades' || key === 'localFirstRelease/grades') {
            return (
              <ChoiceSettingField
                key={key}
                id={id}
                name={key}
                label={info.label}
                help={info.help}
                options={GRADE_OPTIONS}
                checked={value(key).split(',')}
                defaultText={data.defaults[key]?.split(',').join('、') || '无'}
                changed={changed.has(key)}
                error={error}
              />
            );
          }
          if (key === 'localFirstRelease/enabled') {
            return (
              <div className="field" key={key}>
                <label>
                  <input type="checkbox" name={key} defaultChecked={value(key) === 'on'} aria-describedby={`${id}-help`} /> {info.label}{' '}
                  {changed.has(key) && <span className="tag changed">已修改</span>}
                </label>
                <p id={`${id}-help`} className="field-help">
                  {info.help}
                </p>
                <span className="field-default">默认：{data.defaults[key] === 'on' ? '启用' : '不启用'}</span>
              </div>
            );
          }
          if (key === 'localFirstRelease/label') {
            return (
              <div className="field" key={key}>
                <label htmlFor={id}>{info.label}</label>
                <input
                  id={id}
                  name={key}
                  defaultValue={value(key)}
                  maxLength={40}
                  aria-invalid={error ? true : undefined}
                  aria-describedby={[error ? `${id}-err` : null, `${id}-help`].filter(Boolean).join(' ')}
                />
                <p id={`${id}-help`} className="field-help">
                  {info.help}
                </p>
                <FieldError id={`${id}-err`} message={error} />
              </div>
            );
          }
          return (
            <NumberSettingField
              key={key}
              id={id}
              name={key}
              label={info.label}
              help={info.help}
              {...(info.unit ? { unit: info.unit } : {})}
              value={value(key)}
              defaultText={data.defaults[key] || '—'}
              changed={changed.has(key)}
              error={error}
            />
          );
        })}
      </div>
      <div className="form-actions">
        <button type="submit" name="intent" value="save" className="btn primary" disabled={pending}>
          {pending ? '正在保存…' : `保存“${group.title}”`}
        </button>
        <button type="submit" name="intent" value="reset" className="btn" disabled={pending}>
          恢复本组默认
        </button>
      </div>
      <FormMessage state={state} />
    </form>
  );
}
