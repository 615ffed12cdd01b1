'use client';
/**
 * The client half of 标记需回应: one button (and, when marking by hand, an optional reason). The
 * server action checks the permission, creates the task with its due time and opens its page; a
 * refusal (already marked, gone) is shown next to the button, in Chinese, without a dialog.
 */
import Link from 'next/link';
import { useActionState, useId } from 'react';
import { markReplyAction } from '@/app/replies/actions';
import type { ReplyFormState } from '@/lib/replies/forms';
import { IDLE } from '@/lib/settings/form-state';
import './replies.css';

export interface MarkReplyFormProps {
  subjectType: 'item' | 'event';
  subjectId: number;
  /** rule: one-click confirmation of a proposal (no reason field). */
  origin: 'rule' | 'manual';
  label?: string;
}

export function MarkReplyForm({ subjectType, subjectId, origin, label }: MarkReplyFormProps) {
  const [state, formAction, pending] = useActionState<ReplyFormState, FormData>(markReplyAction, IDLE);
  const id = useId();
  const what = subjectType === 'item' ? '信息' : '事件';
  return (
    <form action={formAction} className="rp-mark" aria-label={`将此${what}标记为需回应`} noValidate>
      <input type="hidden" name="subjectType" value={subjectType} />
      <input type="hidden" name="subjectId" value={subjectId} />
      <input type="hidden" name="origin" value={origin} />
      {origin === 'manual' ? (
        <div className="rp-field">
          <label htmlFor={`${id}-reason`}>理由（可选）</label>
          <input
            id={`${id}-reason`}
            type="text"
            name="reason"
            maxLength={500}
            placeholder="如：涉及突发事件处置"
            defaultValue={state.values?.reason ?? ''}
            aria-invalid={state.errors.reason ? true : undefined}
            aria-describedby={state.errors.reason ? `${id}-reason-err` : undefined}
          />
          {state.errors.reason ? (
            <p id={`${id}-reason-err`} className="rp-field-error">
              {state.errors.reason}
            </p>
          ) : null}
        </div>
      ) : null}
      <button type="submit" disabled={pending}>
        {pending ? '正在标记…' : (label ?? '标记需回应')}
      </button>
      <span role="status" aria-live="polite" className="rp-form-message error">
        {state.status === 'error' ? state.message : ''}
        {state.taskId ? (
          <>
            {' '}
            <Link href={`/replies/${state.taskId}`}>查看任务 #{state.taskId}</Link>
          </>
        ) : null}
      </span>
    </form>
  );
}
