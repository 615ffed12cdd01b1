'use client';
/** One next-step form of a case (补正, 征求意见, 延期, 办结 …): validated on the server, errors by the fields. */
import { useActionState } from 'react';
import { recordReviewAction, recordStepAction } from '@/app/disclosure/actions';
import { IDLE } from '@/lib/settings/form-state';
import { keepValues } from './keep-values';
import { Field, type FieldSpec } from '@/components/forms/Field';

export interface StepFormProps {
  requestId: number;
  expectedCount: number;
  /** The step type (hidden field), or 'review' for the 复议/诉讼 form. */
  type: string;
  title: string;
  help: string;
  submitLabel: string;
  fields: FieldSpec[];
}

export function StepForm({ requestId, expectedCount, type, title, help, submitLabel, fields }: StepFormProps) {
  const [state, formAction, pending] = useActionState(type === 'review' ? recordReviewAction : recordStepAction, IDLE);
  const idPrefix = `step-${type}`;
  return (
    <form action={formAction} onSubmit={keepValues(formAction)} noValidate aria-labelledby={`${idPrefix}-title`} className="card dc-step-form" data-step={type}>
      <h3 id={`${idPrefix}-title`}>{title}</h3>
      <p className="dc-field-help">{help}</p>
      <input type="hidden" name="requestId" value={requestId} />
      <input type="hidden" name="expectedCount" value={expectedCount} />
      {type === 'review' ? null : <input type="hidden" name="type" value={type} />}
      {fields.map((f) => (
        <Field key={f.name} classPrefix="dc" idPrefix={idPrefix} spec={f} value={state.values?.[f.name]} error={state.errors[f.name]} />
      ))}
      {state.errors.type ? <p className="dc-field-error">{state.errors.type}</p> : null}
      <button type="submit" disabled={pending}>
        {pending ? '正在保存…' : submitLabel}
      </button>
      {state.message && state.status !== 'idle' ? (
        <p className={`dc-form-message ${state.status}`} role={state.status === 'error' ? 'alert' : 'status'}>
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
