'use client';
/** Username and password. Errors appear under their field; refusals are one generic message. */
import { useActionState } from 'react';
import { loginAction } from '@/app/login/actions';
import { AuthField, AuthMessage } from './FormBits';
import { INITIAL_AUTH_STATE } from './form-state';

export function LoginForm() {
  const [state, action, pending] = useActionState(loginAction, INITIAL_AUTH_STATE);
  return (
    <form action={action} className="auth-form" noValidate>
      <AuthMessage state={state} />
      <AuthField
        id="login-username"
        name="username"
        label="用户名"
        autoComplete="username"
        maxLength={64}
        defaultValue={state.username}
        error={state.fieldErrors.username}
        autoFocus
      />
      <AuthField
        id="login-password"
        name="password"
        label="密码"
        type="password"
        autoComplete="current-password"
        maxLength={256}
        error={state.fieldErrors.password}
      />
      <button type="submit" className="auth-button" disabled={pending}>
        {pending ? '正在登录…' : '登录'}
      </button>
    </form>
  );
}
