'use client';
/** Confirm a TOTP enrolment, or turn TOTP off; both need a current code. */
import { useActionState } from 'react';
import { confirmTotpAction, disableTotpAction } from '@/app/account/actions';
import { AuthField, AuthMessage } from './FormBits';
import { INITIAL_AUTH_STATE } from './form-state';

export function TotpConfirmForm() {
  const [state, action, pending] = useActionState(confirmTotpAction, INITIAL_AUTH_STATE);
  return (
    <form action={action} className="auth-form" noValidate>
      <AuthMessage state={state} />
      <AuthField id="totp-confirm" name="code" label="验证器显示的 6 位数字" autoComplete="one-time-code" maxLength={12} code error={state.fieldErrors.code} />
      <button type="submit" className="auth-button" disabled={pending}>
        确认启用
      </button>
    </form>
  );
}

export function TotpDisableForm() {
  const [state, action, pending] = useActionState(disableTotpAction, INITIAL_AUTH_STATE);
  return (
    <form action={action} className="auth-form" noValidate>
      <AuthMessage state={state} />
      <AuthField id="totp-disable" name="code" label="当前动态口令" autoComplete="one-time-code" maxLength={12} code error={state.fieldErrors.code} />
      <button type="submit" className="auth-button secondary" disabled={pending}>
        停用动态口令
      </button>
    </form>
  );
}
