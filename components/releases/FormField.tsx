/** One labelled field with its help and its Chinese error, wired for screen readers (aria-invalid, aria-describedby). */
export interface FieldSpec {
  name: string;
  label: string;
  kind: 'text' | 'textarea' | 'select';
  required?: boolean;
  help?: string;
  maxLength?: number;
  rows?: number;
  options?: { value: string; label: string }[];
  defaultValue?: string;
}

export function FormField({ prefix, field: f, error, value }: { prefix: string; field: FieldSpec; error?: string; value?: string }) {
  const id = `${prefix}-${f.name}`;
  const describedBy = [error ? `${id}-err` : null, f.help ? `${id}-help` : null].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    name: f.name,
    defaultValue: value ?? f.defaultValue ?? '',
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy,
    'aria-required': f.required ? true : undefined,
  } as const;
  return (
    <div className="rl-field">
      <label htmlFor={id}>
        {f.label}
        {f.required ? <span>（必填）</span> : null}
      </label>
      {f.kind === 'select' ? (
        <select {...common}>
          {(f.options ?? []).map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      ) : f.kind === 'textarea' ? (
        <textarea {...common} maxLength={f.maxLength} rows={f.rows ?? 4} />
      ) : (
        <input {...common} type="text" maxLength={f.maxLength} />
      )}
      {f.help ? (
        <p id={`${id}-help`} className="rl-help">
          {f.help}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-err`} className="rl-field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
