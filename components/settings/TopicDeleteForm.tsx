'use client';
import { useActionState, useMemo } from 'react';
import { deleteTopicAction } from '@/app/settings/actions';
import { IDLE } from '@/lib/settings/form-state';
import { FieldError, FormMessage } from './FormBits';

/** Deleting asks for a ticked confirmation in the page itself (no browser dialog). */
export function TopicDeleteForm({ topicId, name }: { topicId: number; name: string }) {
  const action = useMemo(() => deleteTopicAction.bind(null, topicId), [topicId]);
  const [state, formAction, pending] = useActionState(action, IDLE);
  return (
    <form action={formAction} aria-label="删除专题">
      <p className="field-help">删除后该专题的标注随之删除，已入库信息会在后台重新分析。此操作无法撤销；只想暂停请用“停用”。</p>
      <div className="field">
        <label>
          <input type="checkbox" name="confirm" aria-describedby={state.errors.confirm ? 'delete-confirm-err' : undefined} /> 确认删除专题「{name}」
        </label>
        <FieldError id="delete-confirm-err" message={state.errors.confirm} />
      </div>
      <button type="submit" className="btn danger" disabled={pending}>
        {pending ? '正在删除…' : '删除专题'}
      </button>
      <FormMessage state={state} />
    </form>
  );
}
