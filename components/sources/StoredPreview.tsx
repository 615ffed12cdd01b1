'use client';

import { useActionState } from 'react';
import { previewStoredAction } from '@/app/sources/actions';
import type { PreviewState } from '@/app/sources/actions';
import { PreviewPanel } from './PreviewPanel';

/** 测试抓取 of a saved source: fetch it now with its settings and show what would be stored, storing nothing. */
export function StoredPreview({ id }: { id: string }) {
  const [state, action, pending] = useActionState<PreviewState, FormData>(previewStoredAction, null);
  return (
    <div>
      <form action={action} className="inline-form">
        <input type="hidden" name="id" value={id} />
        <button type="submit" className="btn" disabled={pending}>
          {pending ? '正在抓取…' : '测试抓取（不保存）'}
        </button>
      </form>
      {state?.errors.form && (
        <p className="err-what" role="alert">
          {state.errors.form}
        </p>
      )}
      {state?.result && <PreviewPanel result={state.result} />}
    </div>
  );
}
