/** Inputs of the threshold and clock forms: value, unit, default beside it, one line of help, error. */
import { FieldError } from './FormBits';

export function NumberSettingField(props: {
  id: string;
  name: string;
  label: string;
  help: string;
  unit?: string;
  value: string;
  defaultText: string;
  changed: boolean;
  error: string | undefined;
  allowEmpty?: boolean;
}) {
  const { id, name, label, help, unit, value, defaultText, changed, error } = props;
  return (
    <div className="field">
      <label htmlFor={id}>
        {label} {changed && <span className="tag changed">已修改</span>}
      </label>
      <div className="field-row">
        <input
          id={id}
          name={name}
          className="num"
          inputMode="decimal"
          defaultValue={value}
          aria-invalid={error ? true : undefined}
          aria-describedby={[error ? `${id}-err` : null, `${id}-help`].filter(Boolean).join(' ')}
        />
        {unit && <span>{unit}</span>}
        <span className="field-default">默认 {defaultText}</span>
      </div>
      <p id={`${id}-help`} className="field-help">
        {help}
      </p>
      <FieldError id={`${id}-err`} message={error} />
    </div>
  );
}

export function ChoiceSettingField(props: {
  id: string;
  name: string;
  label: string;
  help: string;
  options: readonly { value: string; label: string }[];
  checked: readonly string[];
  defaultText: string;
  changed: boolean;
  error: string | undefined;
}) {
  const { id, name, label, help, options, checked, defaultText, changed, error } = props;
  return (
    <div className="field">
      <fieldset className="checks" aria-describedby={[error ? `${id}-err` : null, `${id}-help`].filter(Boolean).join(' ')}>
        <legend>
          {label} {changed && <span className="tag changed">已修改</span>}
        </legend>
        {options.map((o) => (
          <label key={o.value}>
            <input type="checkbox" name={name} value={o.value} defaultChecked={checked.includes(o.value)} /> {o.label}
          </label>
        ))}
      </fieldset>
      <p id={`${id}-help`} className="field-help">
        {help}
      </p>
      <span className="field-default">默认：{defaultText}</span>
      <FieldError id={`${id}-err`} message={error} />
    </div>
  );
}
