'use client';
/**
 * The small forms of a plan run: 启动预案, tick a step (with an optional note) and close. The server
 * actions check plans.run, store the change with who and when and refresh the page; a refusal (a
 * step ticked meanwhile, a plan already active) is shown next to the button, in Chinese, without a
 * dialog.
 */
import Link from 'next/link';
import { useActionState, useId } from 'react';
import { activatePlanAction, closeRunAction, tickStepAction } from '@/app/plans/actions';
import type { PlanFormState } from '@/lib/plans/forms';
import { IDLE } from '@/lib/settings/form-state';
import './plans.css';

function Message({ state }: { state: PlanFormState }) {
  return (
    <span role="status" aria-live="polite" className={`pl-form-message ${state.status}`}>
      {state.status === 'idle' ? '' : state.message}
    </span>
  );
}

export function ActivatePlanForm({ planId, eventId, planName }: { planId: number; eventId: number; planName: string }) {
  const [state, formAction, pending] = useActionState<PlanFormState, FormData>(activatePlanAction, IDLE);
  return (
    <form action={formAction} className="pl-inline-form" aria-label={`启动预案：${planName}`}>
      <input type="hidden" name="planId" value={planId} />
      <input type="hidden" name="eventId" value={eventId} />
      <button type="submit" disabled={pending}>
        {pending ? '正在启动…' : '启动预案'}
      </button>
      <Message state={state} />
      {state.status === 'error' && state.runId ? <Link href={`/plans/runs/${state.runId}`}>查看已启动的预案</Link> : null}
    </form>
  );
}

export function TickStepForm({ runId, seq, title }: { runId: number; seq: number; title: string }) {
  const [state, formAction, pending] = useActionState<PlanFormState, FormData>(tickStepAction, IDLE);
  const id = useId();
  return (
    <form action={formAction} className="pl-inline-form" aria-label={`完成步骤：${title}`}>
      <input type="hidden" name="runId" value={runId} />
      <input type="hidden" name="seq" value={seq} />
      <label htmlFor={`${id}-note`} className="visually-hidden pl-sr">
        步骤“{title}”的说明（可选）
      </label>
      <input
        id={`${id}-note`}
        type="text"
        name="note"
        maxLength={500}
        placeholder="说明（可选）"
        defaultValue={state.status === 'error' ? (state.values?.note ?? '') : ''}
        aria-invalid={state.errors.note ? true : undefined}
      />
      <button type="submit" disabled={pending} aria-label={`完成：${title}`}>
        {pending ? '正在保存…' : '完成'}
      </button>
      {state.errors.note ? <span className="pl-field-error">{state.errors.note}</span> : null}
      {state.status === 'error' ? <Message state={state} /> : null}
    </form>
  );
}

export function CloseRunForm({ runId }: { runId: number }) {
  const [state, formAction, pending] = useActionState<PlanFormState, FormData>(closeRunAction, IDLE);
  const id = useId();
  return (
    <form action={formAction} className="pl-close-form" aria-label="关闭预案">
      <input type="hidden" name="runId" value={runId} />
      <div className="pl-field">
        <label htmlFor={`${id}-note`}>关闭说明（必做步骤未完成时必填）</label>
        <input
          id={`${id}-note`}
          type="text"
          name="note"
          maxLength={500}
          defaultValue={state.values?.note ?? ''}
          aria-invalid={state.errors.note ? true : undefined}
          aria-describedby={state.errors.note ? `${id}-note-err` : undefined}
        />
        {state.errors.note ? (
          <p id={`${id}-note-err`} className="pl-field-error">
            {state.errors.note}
          </p>
        ) : null}
      </div>
      <button type="submit" disabled={pending}>
        {pending ? '正在关闭…' : '关闭预案'}
      </button>
      <Message state={state} />
    </form>
  );
}
