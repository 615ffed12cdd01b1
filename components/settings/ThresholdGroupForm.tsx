'use client';
import { useActionState, useMemo } from 'react';
import { thresholdsAction } from '@/app/settings/actions';
import { IDLE } from '@/lib/settings/form-state';
import { FACTOR_HELP, FACTOR_ORDER, thresholdGroup } from '@/lib/settings/thresholds';
import { FACTOR_LABELS, LEVEL_ORDER, WARNING_LEVELS } from '@/lib/warning/levels';
import { FieldError, FormMessage } from './FormBits';
import { ChoiceSettingField, NumberSettingField } from './SettingFields';

export interface GroupValues {
  /** Field key → value in force, as the input shows it. */
  values: Record<string, string>;
  defaults: Record<string, string>;
  changed: readonly string[];
}

const domId = (key: string): string => `th-${key.replace(/[^a-zA-Z0-9]+/g, '-')}`;

/** One group of 预警阈值: save (validated on the server, nothing saved on error) or 恢复默认. */
export function ThresholdGroupForm({ groupId, data }: { groupId: string; data: GroupValues }) {
  const action = useMemo(() => thresholdsAction.bind(null, groupId), [groupId]);
  const [state, formAction, pending] = useActionState(action, IDLE);
  const group = thresholdGroup(groupId);
  if (!group) return null;
  const value = (key: string): string => (state.values ? (state.values[key] ?? '') : (data.values[key] ?? ''));
  const changed = new Set(data.changed);
  const defaultText = (key: string): string => data.defaults[key] || '不启用';
  return (
    <form action={formAction} noValidate aria-label={group.title}>
      {group.id === 'levels' ? (
        <div className="table-scroll">
          <table className="table levels-table">
            <thead>
              <tr>
                <th scope="col">因子</th>
                {LEVEL_ORDER.map((l) => (
                  <th scope="col" key={l}>
                    <span className={`level ${l}`}>{WARNING_LEVELS[l].colour}</span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {FACTOR_ORDER.map((factor) => (
                <tr key={factor}>
                  <th scope="row">
                    {FACTOR_LABELS[factor]}
                    <p className="field-help">{FACTOR_HELP[factor]}</p>
                  </th>
                  {LEVEL_ORDER.map((level) => {
                    const key = `levels/${factor}/${level}`;
                    const id = domId(key);
                    const error = state.errors[key];
                    return (
                      <td key={level}>
                        <input
                          id={id}
                          name={key}
                          inputMode="decimal"
                          defaultValue={value(key)}
                          aria-label={`${FACTOR_LABELS[factor]}：${WARNING_LEVELS[level].colour}阈值`}
                          aria-invalid={error ? true : undefined}
                          aria-describedby={error ? `${id}-err` : undefined}
                          placeholder="不启用"
                        />
                        {changed.has(key) && <span className="tag changed">已修改</span>}
                        <div className="field-default">默认 {defaultText(key)}</div>
                        <FieldError id={`${id}-err`} message={error} />
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <div className="field-grid">
          {group.fields.map((f) => {
            const key = f.path.join('/');
            return f.kind === 'number' ? (
              <NumberSettingField
                key={key}
                id={domId(key)}
                name={key}
                label={f.label}
                help={f.help}
                {...(f.unit ? { unit: f.unit } : {})}
                value={value(key)}
                defaultText={defaultText(key)}
                changed={changed.has(key)}
                error={state.errors[key]}
              />
            ) : (
              <ChoiceSettingField
                key={key}
                id={domId(key)}
                name={key}
                label={f.label}
                help={f.help}
                options={f.options}
                checked={value(key).split(',')}
                defaultText={
                  data.defaults[key]
                    ?.split(',')
                    .map((v) => f.options.find((o) => o.value === v)?.label ?? v)
                    .join('、') || '无'
                }
                changed={changed.has(key)}
                error={state.errors[key]}
              />
            );
          })}
        </div>
      )}
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
