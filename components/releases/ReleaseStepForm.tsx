'use client';
/**
 * One step form of a release (修改, 提交保密审查, 审查通过/退回, 签发/退回, 发布, 撤回): checked on the
 * server, errors by their fields, what was typed kept after a refusal.
 */
import { startTransition, useActionState } from 'react';
import type { FormEvent } from 'react';
import { approveStepAction, draftStepAction, reviewStepAction } from '@/app/releases/actions';
import type { ReleaseFormState } from '@/lib/releases/forms';
import { IDLE } from '@/lib/settings/form-state';
import { FormField } from './FormField';
import type { FieldSpec } from './FormField';
import './releases.css';

export type StepOp = 'edit' | 'submit' | 'clear' | 'return' | 'approve' | 'reject' | 'publish' | 'withdraw';

const ACTION_OF: Record<StepOp, typeof draftStepAction> = {
  edit: draftStepAction,
  submit: draftStepAction,
  publish: draftStepAction,
  withdraw: draftStepAction,
  clear: reviewStepAction,
  return: reviewStepAction,
  approve: approveStepAction,
  reject: approveStepAction,
};

export interface ReleaseStepFormProps {
  releaseId: number;
  version: number;
  op: StepOp;
  title: string;
  help: string;
  submitLabel: string;
  fields: FieldSpec[];
  /** A step that cannot be undone (publish, withdraw): shown in a stronger style. */
  weighty?: boolean;
  disabledReason?: string | null;
}

export function ReleaseStepForm({ releaseId, version, op, title, help, submitLabel, fields, weighty, disabledReason }: ReleaseStepFormProps) {
  const [state, formAction, pending] = useActionState<ReleaseFormState, FormData>(ACTION_OF[op], IDLE);
  const prefix = `step-${op}`;
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const fd = new FormData(event.currentTarget);
    startTransition(() => formAction(fd));
  };
  return (
    <form action={formAction} onSubmit={onSubmit} noValidate aria-labelledby={`${prefix}-title`} className={`card rl-form${op === 'edit' ? ' rl-form-wide' : ''}`} data-op={op}>
      <h3 id={`${prefix}-title`}>{title}</h3>
      <p className="rl-help">{help}</p>
      <input type="hidden" name="releaseId" value={releaseId} />
      <input type="hidden" name="expectedVersion" value={version} />
      <input type="hidden" name="op" value={op} />
      {fields.map((f) => (
        <FormField key={f.name} prefix={prefix} field={f} error={state.errors[f.name]} value={state.values?.[f.name]} />
      ))}
      {disabledReason ? <p className="rl-help rl-blocked">{disabledReason}</p> : null}
      <button type="submit" disabled={pending || Boolean(disabledReason)} className={weighty ? 'rl-weighty' : undefined}>
        {pending ? '正在保存…' : submitLabel}
      </button>
      {state.message && state.status !== 'idle' ? (
        <p className={`rl-form-message ${state.status}`} role={state.status === 'error' ? 'alert' : 'status'}>
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
