'use client';
import { useActionState } from 'react';
import { resetPasswordAction, setAccountStatusAction } from '@/app/admin/users/actions';
import { FieldError, FormMessage, OneTimePassword } from './AdminBits';
import { ADMIN_IDLE } from './form-state';

/** 停用 / 启用 one account. Disabling ends its sessions at once. */
export function StatusForm({ userId, username, status }: { userId: string; username: string; status: string }) {
  const [state, formAction, pending] = useActionState(setAccountStatusAction, ADMIN_IDLE);
  const disabling = status === 'active';
  return (
    <form action={formAction} aria-label={`${disabling ? '停用' : '启用'}账号 ${username}`}>
      <input type="hidden" name="userId" value={userId} />
      <input type="hidden" name="status" value={disabling ? 'disabled' : 'active'} />
      <button type="submit" className={`adm-btn${disabling ? ' danger' : ''}`} disabled={pending}>
        {pending ? '处理中…' : disabling ? '停用' : '启用'}
      </button>
      <FormMessage state={state} />
    </form>
  );
}

/** 重置密码: behind a confirmation box; the new one-time password is shown once here. */
export function ResetPasswordForm({ userId, username }: { userId: string; username: string }) {
  const [state, formAction, pending] = useActionState(resetPasswordAction, ADMIN_IDLE);
  const id = `reset-${userId}`;
  return (
    <details className="adm-details" open={state.status !== 'idle' ? true : undefined}>
      <summary>重置密码</summary>
      <form action={formAction} aria-label={`重置 ${username} 的密码`}>
        <input type="hidden" name="userId" value={userId} />
        <label className="adm-check" htmlFor={`${id}-confirm`}>
          <input
            id={`${id}-confirm`}
            type="checkbox"
            name="confirm"
            aria-invalid={state.errors.confirm ? true : undefined}
            aria-describedby={state.errors.confirm ? `${id}-err` : undefined}
          />
          <span>确认重置 {username} 的密码：其所有登录会话将被结束，下次登录须修改密码</span>
        </label>
        <FieldError id={`${id}-err`} message={state.errors.confirm} />
        <button type="submit" className="adm-btn" disabled={pending} style={{ marginTop: 6 }}>
          {pending ? '正在重置…' : '生成一次性密码'}
        </button>
        <FormMessage state={state} />
        <OneTimePassword state={state} />
      </form>
    </details>
  );
}
