/**
 * One labelled form field with its help and its error right below it (aria-describedby), as data
 * the server page can pass to the client forms. Shared by the 依申请公开 and 事故信息公开 forms; each
 * styles it through its own class prefix (dc-field, ac-field …).
 */
export interface FieldOption {
  value: string;
  label: string;
  group?: string;
}

export interface FieldSpec {
  name: string;
  label: string;
  kind: 'date' | 'datetime' | 'text' | 'number' | 'select' | 'textarea';
  required?: boolean;
  help?: string;
  options?: FieldOption[];
  defaultValue?: string;
  maxLength?: number;
}

function groupsOf(options: FieldOption[]): { group: string | undefined; options: FieldOption[] }[] {
  const out: { group: string | undefined; options: FieldOption[] }[] = [];
  for (const o of options) {
    const last = out[out.length - 1];
    if (last && last.group === o.group) last.options.push(o);
    else out.push({ group: o.group, options: [o] });
  }
  return out;
}

export function Field({
  idPrefix,
  spec,
  value,
  error,
  classPrefix,
}: {
  idPrefix: string;
  spec: FieldSpec;
  value: string | undefined;
  error: string | undefined;
  /** The module's CSS prefix: `dc` gives dc-field, dc-num, dc-required, dc-field-help, dc-field-error. */
  classPrefix: string;
}) {
  const cls = (name: string) => `${classPrefix}-${name}`;
  const id = `${idPrefix}-${spec.name}`;
  const describedBy = [error ? `${id}-err` : null, spec.help ? `${id}-help` : null].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    name: spec.name,
    defaultValue: value ?? spec.defaultValue ?? '',
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy,
    'aria-required': spec.required ? true : undefined,
  } as const;
  let control;
  if (spec.kind === 'select') {
    control = (
      <select {...common}>
        <option value="">请选择</option>
        {groupsOf(spec.options ?? []).map((g, i) =>
          g.group ? (
            <optgroup key={`${g.group}-${i}`} label={g.group}>
              {g.options.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </optgroup>
          ) : (
            g.options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))
          ),
        )}
      </select>
    );
  } else if (spec.kind === 'textarea') {
    control = <textarea {...common} maxLength={spec.maxLength} rows={3} />;
  } else {
    control = (
      <input
        {...common}
        type={spec.kind === 'number' ? 'text' : spec.kind === 'datetime' ? 'datetime-local' : spec.kind}
        inputMode={spec.kind === 'number' ? 'numeric' : undefined}
        maxLength={spec.maxLength}
        className={spec.kind === 'number' ? cls('num') : undefined}
      />
    );
  }
  return (
    <div className={cls('field')}>
      <label htmlFor={id}>
        {spec.label}
        {spec.required ? <span className={cls('required')}>（必填）</span> : null}
      </label>
      {control}
      {spec.help ? (
        <p id={`${id}-help`} className={cls('field-help')}>
          {spec.help}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-err`} className={cls('field-error')}>
          {error}
        </p>
      ) : null}
    </div>
  );
}
