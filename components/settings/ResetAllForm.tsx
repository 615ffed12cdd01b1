'use client';
import { useActionState, useMemo } from 'react';
import { clocksAction, thresholdsAction } from '@/app/settings/actions';
import { IDLE } from '@/lib/settings/form-state';
import { FieldError, FormMessage } from './FormBits';

/** 全部恢复默认, behind a ticked confirmation in the page (no browser dialog). */
export function ResetAllForm({ target }: { target: 'thresholds' | 'clocks' }) {
  const action = useMemo(() => (target === 'thresholds' ? thresholdsAction : clocksAction).bind(null, 'all'), [target]);
  const [state, formAction, pending] = useActionState(action, IDLE);
  const id = `${target}-reset-all`;
  return (
    <form action={formAction} aria-label="全部恢复默认">
      <input type="hidden" name="intent" value="reset" />
      <div className="field">
        <label>
          <input type="checkbox" name="confirm" aria-describedby={state.errors.confirm ? `${id}-err` : undefined} />{' '}
          确认把本页所有设置恢复为默认值
        </label>
        <FieldError id={`${id}-err`} message={state.errors.confirm} />
      </div>
      <button type="submit" className="btn danger" disabled={pending}>
        全部恢复默认
      </button>
      <FormMessage state={state} />
    </form>
  );
}
