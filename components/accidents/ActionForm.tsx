'use client';
/** A form bound to one of the 事故信息公开 server actions: fields from data, errors by the fields. */
import type { ReactNode } from 'react';
import { useActionState } from 'react';
import { createCaseAction, createListingAction, recordEntryAction, removeListingAction } from '@/app/accidents/actions';
import { IDLE } from '@/lib/settings/form-state';
import type { EntryField } from '@/lib/workflow/accident-form';
import { Field } from '@/components/forms/Field';
import { keepValues } from './keep-values';

const ACTIONS = { entry: recordEntryAction, createCase: createCaseAction, listing: createListingAction, removal: removeListingAction } as const;

export function ActionForm({
  action,
  idPrefix,
  title,
  help,
  submitLabel,
  fields,
  hidden,
  defaults = {},
  dataStep,
  children,
}: {
  action: keyof typeof ACTIONS;
  idPrefix: string;
  title: string;
  help?: string;
  submitLabel: string;
  fields: EntryField[];
  hidden: Record<string, string>;
  defaults?: Record<string, string>;
  dataStep?: string;
  children?: ReactNode;
}) {
  const [state, formAction, pending] = useActionState(ACTIONS[action], IDLE);
  return (
    <form action={formAction} onSubmit={keepValues(formAction)} noValidate aria-labelledby={`${idPrefix}-heading`} className="card ac-step-form" data-step={dataStep}>
      <h3 id={`${idPrefix}-heading`}>{title}</h3>
      {help ? <p className="ac-field-help">{help}</p> : null}
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {children}
      {fields.map((f) => (
        <Field key={f.name} classPrefix="ac" idPrefix={idPrefix} spec={f} value={state.values?.[f.name] ?? defaults[f.name]} error={state.errors[f.name]} />
      ))}
      {state.errors.type ? <p className="ac-field-error">{state.errors.type}</p> : null}
      <button type="submit" disabled={pending}>
        {pending ? '正在保存…' : submitLabel}
      </button>
      {state.message && state.status !== 'idle' ? (
        <p className={`ac-form-message ${state.status}`} role={state.status === 'error' ? 'alert' : 'status'}>
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
