'use client';
/** The second step of signing in: the 6-digit code from the authenticator app. */
import { useActionState } from 'react';
import { cancelTotpAction, totpAction } from '@/app/login/actions';
import { AuthField, AuthMessage } from './FormBits';
import { INITIAL_AUTH_STATE } from './form-state';

export function TotpLoginForm() {
  const [state, action, pending] = useActionState(totpAction, INITIAL_AUTH_STATE);
  return (
    <>
      <form action={action} className="auth-form" noValidate>
        <AuthMessage state={state} />
        <AuthField
          id="totp-code"
          name="code"
          label="动态口令"
          autoComplete="one-time-code"
          maxLength={12}
          code
          autoFocus
          help="打开手机上的验证器应用，输入本平台当前显示的 6 位数字。"
          error={state.fieldErrors.code}
        />
        <button type="submit" className="auth-button" disabled={pending}>
          {pending ? '正在验证…' : '验证'}
        </button>
      </form>
      <form action={cancelTotpAction} className="auth-after">
        <button type="submit" className="auth-button secondary">
          取消，重新登录
        </button>
      </form>
    </>
  );
}
