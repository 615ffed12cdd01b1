'use client';
/** The new-draft form: kind, the event it concerns, title and text prefilled from the template. */
import { startTransition, useActionState } from 'react';
import type { FormEvent } from 'react';
import { createReleaseAction } from '@/app/releases/actions';
import type { ReleaseFormState } from '@/lib/releases/forms';
import { IDLE } from '@/lib/settings/form-state';
import { FormField } from './FormField';
import './releases.css';

export interface ReleaseDraftFormProps {
  kind: string;
  kinds: { value: string; label: string }[];
  eventId: number | null;
  title: string;
  body: string;
}

export function ReleaseDraftForm({ kind, kinds, eventId, title, body }: ReleaseDraftFormProps) {
  const [state, formAction, pending] = useActionState<ReleaseFormState, FormData>(createReleaseAction, IDLE);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const fd = new FormData(event.currentTarget);
    startTransition(() => formAction(fd));
  };
  const v = state.values ?? {};
  return (
    <form action={formAction} onSubmit={onSubmit} noValidate aria-labelledby="draft-form-h" className="card rl-form rl-form-wide" data-op="create">
      <h2 id="draft-form-h">稿件</h2>
      <input type="hidden" name="eventId" value={eventId ?? ''} />
      <FormField prefix="draft" field={{ name: 'kind', label: '发布类型', kind: 'select', required: true, options: kinds, defaultValue: kind }} error={state.errors.kind} value={v.kind} />
      <FormField prefix="draft" field={{ name: 'title', label: '标题', kind: 'text', required: true, maxLength: 200, defaultValue: title }} error={state.errors.title} value={v.title} />
      <FormField
        prefix="draft"
        field={{ name: 'body', label: '正文', kind: 'textarea', required: true, maxLength: 20000, rows: 16, defaultValue: body, help: '【待补充：…】处须补全后才能送审；保存后显示送审前检查结果。' }}
        error={state.errors.body}
        value={v.body}
      />
      {state.errors.eventId ? <p className="rl-field-error">{state.errors.eventId}</p> : null}
      <button type="submit" disabled={pending}>
        {pending ? '正在保存…' : '保存草稿'}
      </button>
      {state.message && state.status !== 'idle' ? (
        <p className={`rl-form-message ${state.status}`} role={state.status === 'error' ? 'alert' : 'status'}>
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
