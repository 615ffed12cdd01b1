'use client';

import { useActionState } from 'react';
import { saveScheduleAction } from '@/app/sources/actions';
import type { SaveState } from '@/app/sources/actions';

/**
 * A built-in source (catalogue, demo, command line) keeps its definition in a file that is loaded
 * again at the next start; only its enabled switch and interval are edited here.
 */
export function ScheduleForm({ id, enabled, intervalMinutes }: { id: string; enabled: boolean; intervalMinutes: number }) {
  const [state, action, pending] = useActionState<SaveState, FormData>(saveScheduleAction, null);
  const err = state?.errors.intervalMinutes ?? state?.errors.form;
  return (
    <form action={action} className="source-form" noValidate>
      <input type="hidden" name="editId" value={id} />
      <fieldset>
        <legend>抓取设置</legend>
        <div className="form-grid">
          <div className="field">
            <label htmlFor="f-intervalMinutes">抓取间隔（分钟）</label>
            <input
              id="f-intervalMinutes"
              name="intervalMinutes"
              type="number"
              min={1}
              max={1440}
              step={1}
              defaultValue={state?.values.intervalMinutes ?? String(intervalMinutes)}
              aria-invalid={err ? true : undefined}
              aria-describedby={err ? 'f-intervalMinutes-err' : undefined}
            />
            {err && (
              <span className="field-error" id="f-intervalMinutes-err" role="alert">
                {err}
              </span>
            )}
          </div>
          <div className="field check">
            <input id="f-enabled" name="enabled" type="checkbox" defaultChecked={state ? state.values.enabled === 'on' : enabled} />
            <label htmlFor="f-enabled">启用</label>
          </div>
        </div>
      </fieldset>
      <div className="form-buttons">
        <button type="submit" className="btn primary" disabled={pending}>
          {pending ? '正在保存…' : '保存'}
        </button>
        <a className="btn" href={`/sources/${id}`}>
          取消
        </a>
      </div>
    </form>
  );
}
