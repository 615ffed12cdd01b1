/** Field and message pieces of the sign-in and account forms. */
import type { AuthFormState } from './form-state';

export function AuthField(props: {
  id: string;
  name: string;
  label: string;
  type?: 'text' | 'password';
  autoComplete: string;
  error: string | undefined;
  help?: string;
  defaultValue?: string;
  maxLength: number;
  code?: boolean;
  autoFocus?: boolean;
}) {
  const described = [props.help ? `${props.id}-help` : null, props.error ? `${props.id}-err` : null].filter(Boolean).join(' ');
  return (
    <div className="auth-field">
      <label htmlFor={props.id}>{props.label}</label>
      <input
        id={props.id}
        name={props.name}
        type={props.type ?? 'text'}
        autoComplete={props.autoComplete}
        defaultValue={props.defaultValue}
        maxLength={props.maxLength}
        required
        autoFocus={props.autoFocus}
        className={props.code ? 'code' : undefined}
        inputMode={props.code ? 'numeric' : undefined}
        spellCheck={false}
        autoCapitalize="off"
        aria-invalid={props.error ? true : undefined}
        aria-describedby={described || undefined}
      />
      {props.help ? (
        <p id={`${props.id}-help`} className="auth-help">
          {props.help}
        </p>
      ) : null}
      {props.error ? (
        <p id={`${props.id}-err`} className="auth-error">
          {props.error}
        </p>
      ) : null}
    </div>
  );
}

export function AuthMessage({ state }: { state: AuthFormState }) {
  if (state.status === 'idle' || (!state.message && state.reasons.length === 0)) return null;
  return (
    <div className={`auth-message ${state.status}`} role={state.status === 'error' ? 'alert' : 'status'}>
      {state.message}
      {state.reasons.length > 1 ? (
        <ul>
          {state.reasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
