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
