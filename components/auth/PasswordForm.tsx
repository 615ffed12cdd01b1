'use client';
/** Change one's own password; every policy reason is listed when the new one is refused. */
import { useActionState } from 'react';
import { changePasswordAction } from '@/app/account/actions';
import { AuthField, AuthMessage } from './FormBits';
import { INITIAL_AUTH_STATE } from './form-state';

export function PasswordForm({ policyHelp }: { policyHelp: string }) {
  const [state, action, pending] = useActionState(changePasswordAction, INITIAL_AUTH_STATE);
  return (
    <form action={action} className="auth-form" noValidate>
      <AuthMessage state={state} />
      <AuthField id="pw-current" name="currentPassword" label="当前密码" type="password" autoComplete="current-password" maxLength={256} error={state.fieldErrors.currentPassword} autoFocus />
      <AuthField id="pw-new" name="newPassword" label="新密码" type="password" autoComplete="new-password" maxLength={256} help={policyHelp} error={state.fieldErrors.newPassword} />
      <AuthField id="pw-confirm" name="confirmPassword" label="再次输入新密码" type="password" autoComplete="new-password" maxLength={256} error={state.fieldErrors.confirmPassword} />
      <button type="submit" className="auth-button" disabled={pending}>
        {pending ? '正在修改…' : '修改密码'}
      </button>
    </form>
  );
}
