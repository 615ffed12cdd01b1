/** Small pieces every settings form uses: a field's error, the form's message, the 操作人 field. */
import type { FormState } from '@/lib/settings/form-state';

export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p id={id} className="field-error">
      {message}
    </p>
  );
}

export function FormMessage({ state }: { state: Pick<FormState, 'status' | 'message'> }) {
  if (!state.message || state.status === 'idle') return null;
  return (
    <p className={`form-message ${state.status}`} role={state.status === 'error' ? 'alert' : 'status'}>
      {state.message}
    </p>
  );
}

/** Free-text 操作人 (accounts come later); stored as who made the change. */
export function ActorField({ id, error, defaultValue }: { id: string; error: string | undefined; defaultValue: string }) {
  return (
    <div className="field">
      <label htmlFor={id}>操作人（选填）</label>
      <input
        id={id}
        name="actor"
        defaultValue={defaultValue}
        maxLength={40}
        autoComplete="name"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-err` : `${id}-help`}
        style={{ maxWidth: '16em' }}
      />
      <p id={`${id}-help`} className="field-help">
        记录这次修改是谁做的；账号功能上线前请自行填写姓名。
      </p>
      <FieldError id={`${id}-err`} message={error} />
    </div>
  );
}
