'use client';
import { useActionState, useMemo } from 'react';
import { testChannelAction } from '@/app/settings/actions';
import { IDLE } from '@/lib/settings/form-state';
import { FormMessage } from './FormBits';

/** Sends the marked test message to one channel and shows the outcome in place. */
export function TestSendButton({ channelId, name }: { channelId: number; name: string }) {
  const action = useMemo(() => testChannelAction.bind(null, channelId), [channelId]);
  const [state, formAction, pending] = useActionState(action, IDLE);
  return (
    <form action={formAction}>
      <button type="submit" className="btn" disabled={pending} aria-label={`向 ${name} 发送测试消息`}>
        {pending ? '正在发送…' : '发送测试消息'}
      </button>
      <FormMessage state={state} />
    </form>
  );
}
