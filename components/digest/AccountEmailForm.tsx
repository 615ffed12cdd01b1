'use client';
/** 工作邮箱 on the account page: where the 日报/专报 go when one's role is subscribed. */
import { useActionState } from 'react';
import { setEmailAction } from '@/app/account/email-actions';
import type { EmailFormState } from '@/app/account/email-actions';

const IDLE: EmailFormState = { status: 'idle', message: null };

export function AccountEmailForm({ email }: { email: string | null }) {
  const [state, action, pending] = useActionState(setEmailAction, IDLE);
  return (
    <section className="card" aria-labelledby="acct-email">
      <h2 id="acct-email">工作邮箱</h2>
      <form action={action}>
        <label htmlFor="acct-email-input">用于接收舆情日报/专报（留空则清除）</label>{' '}
        <input id="acct-email-input" type="email" name="email" maxLength={320} defaultValue={email ?? ''} aria-invalid={state.status === 'error' ? true : undefined} />{' '}
        <button type="submit" disabled={pending}>
          {pending ? '正在保存…' : '保存'}
        </button>{' '}
        <span role="status" aria-live="polite" className={state.status === 'error' ? 'level red' : 'muted'}>
          {state.message}
        </span>
      </form>
    </section>
  );
}
