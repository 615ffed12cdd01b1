/**
 * One labelled form field of the 事故信息公开 forms, with its help and its error right below it
 * (aria-describedby). The field list is data (lib/workflow/accident-form ENTRY_FIELDS).
 */
import type { EntryField } from '@/lib/workflow/accident-form';

export function Field({ idPrefix, spec, value, error }: { idPrefix: string; spec: EntryField; value: string | undefined; error: string | undefined }) {
  const id = `${idPrefix}-${spec.name}`;
  const describedBy = [error ? `${id}-err` : null, spec.help ? `${id}-help` : null].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    name: spec.name,
    defaultValue: value ?? '',
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy,
    'aria-required': spec.required ? true : undefined,
  } as const;
  let control;
  if (spec.kind === 'select') {
    control = (
      <select {...common}>
        <option value="">请选择</option>
        {(spec.options ?? []).map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    );
  } else if (spec.kind === 'textarea') {
    control = <textarea {...common} maxLength={spec.maxLength} rows={3} />;
  } else {
    const type = spec.kind === 'datetime' ? 'datetime-local' : spec.kind === 'number' ? 'text' : spec.kind;
    control = <input {...common} type={type} inputMode={spec.kind === 'number' ? 'numeric' : undefined} maxLength={spec.maxLength} className={spec.kind === 'number' ? 'ac-num' : undefined} />;
  }
  return (
    <div className="ac-field">
      <label htmlFor={id}>
        {spec.label}
        {spec.required ? <span className="ac-required">（必填）</span> : null}
      </label>
      {control}
      {spec.help ? (
        <p id={`${id}-help`} className="ac-field-help">
          {spec.help}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-err`} className="ac-field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
