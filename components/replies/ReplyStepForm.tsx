'use client';
/** One next-step form of a reply task (分派, 登记回应, 关闭, 重新打开): checked on the server, errors by their fields. */
import { startTransition, useActionState } from 'react';
import type { FormEvent } from 'react';
import { replyStepAction } from '@/app/replies/actions';
import type { ReplyFormState } from '@/lib/replies/forms';
import { IDLE } from '@/lib/settings/form-state';
import './replies.css';

export interface StepField {
  name: string;
  label: string;
  kind: 'text' | 'textarea' | 'select' | 'url';
  required?: boolean;
  help?: string;
  maxLength?: number;
  options?: { value: string; label: string }[];
  defaultValue?: string;
}

export interface ReplyStepFormProps {
  taskId: number;
  version: number;
  op: 'assign' | 'answer' | 'close' | 'reopen';
  title: string;
  help: string;
  submitLabel: string;
  fields: StepField[];
}

export function ReplyStepForm({ taskId, version, op, title, help, submitLabel, fields }: ReplyStepFormProps) {
  const [state, formAction, pending] = useActionState<ReplyFormState, FormData>(replyStepAction, IDLE);
  const prefix = `step-${op}`;
  // Submit without React's form reset, so what was typed stays next to its error after a refusal.
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const fd = new FormData(event.currentTarget);
    startTransition(() => formAction(fd));
  };
  return (
    <form action={formAction} onSubmit={onSubmit} noValidate aria-labelledby={`${prefix}-title`} className="card rp-form" data-op={op}>
      <h3 id={`${prefix}-title`}>{title}</h3>
      <p className="rp-field-help">{help}</p>
      <input type="hidden" name="taskId" value={taskId} />
      <input type="hidden" name="expectedVersion" value={version} />
      <input type="hidden" name="op" value={op} />
      {fields.map((f) => {
        const id = `${prefix}-${f.name}`;
        const error = state.errors[f.name];
        const describedBy = [error ? `${id}-err` : null, f.help ? `${id}-help` : null].filter(Boolean).join(' ') || undefined;
        const common = {
          id,
          name: f.name,
          defaultValue: state.values?.[f.name] ?? f.defaultValue ?? '',
          'aria-invalid': error ? true : undefined,
          'aria-describedby': describedBy,
          'aria-required': f.required ? true : undefined,
        } as const;
        return (
          <div className="rp-field" key={f.name}>
            <label htmlFor={id}>
              {f.label}
              {f.required ? <span>（必填）</span> : null}
            </label>
            {f.kind === 'select' ? (
              <select {...common}>
                <option value="">请选择</option>
                {(f.options ?? []).map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            ) : f.kind === 'textarea' ? (
              <textarea {...common} maxLength={f.maxLength} rows={4} />
            ) : (
              <input {...common} type={f.kind === 'url' ? 'url' : 'text'} inputMode={f.kind === 'url' ? 'url' : undefined} maxLength={f.maxLength} />
            )}
            {f.help ? (
              <p id={`${id}-help`} className="rp-field-help">
                {f.help}
              </p>
            ) : null}
            {error ? (
              <p id={`${id}-err`} className="rp-field-error">
                {error}
              </p>
            ) : null}
          </div>
        );
      })}
      <button type="submit" disabled={pending}>
        {pending ? '正在保存…' : submitLabel}
      </button>
      {state.message && state.status !== 'idle' ? (
        <p className={`rp-form-message ${state.status}`} role={state.status === 'error' ? 'alert' : 'status'}>
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
