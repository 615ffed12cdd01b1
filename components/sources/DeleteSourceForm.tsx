'use client';

import { useActionState } from 'react';
import { deleteSourceAction } from '@/app/sources/actions';
import type { DeleteState } from '@/app/sources/actions';

/** Deleting asks for an explicit tick (no pop-up dialog) and says what goes with the source. */
export function DeleteSourceForm({ id, name, items }: { id: string; name: string; items: number }) {
  const [state, action, pending] = useActionState<DeleteState, FormData>(deleteSourceAction, null);
  return (
    <form action={action}>
      <input type="hidden" name="id" value={id} />
      <p className="small">
        删除后，该信源抓取的 {items} 条信息及其分析结果、抓取记录和从中读出的灾害预警也一并删除，无法恢复；已经形成的事件和预警记录保留。
        只想暂停抓取请用“停用”。
      </p>
      <div className="form-buttons">
        <label>
          <input type="checkbox" name="confirm" required /> 确认删除“{name}”及其 {items} 条信息
        </label>
        <button type="submit" className="btn danger" disabled={pending}>
          {pending ? '正在删除…' : '删除信源'}
        </button>
      </div>
      {state?.error && (
        <p className="field-error" role="alert">
          {state.error}
        </p>
      )}
    </form>
  );
}
