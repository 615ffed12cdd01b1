/** Small pieces the administrators' forms share: a field's error, the form's message, a one-time password. */
import type { AccountRow } from '@/lib/db';
import type { AdminFormState } from './form-state';

export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p id={id} className="adm-field-error">
      {message}
    </p>
  );
}

export function FormMessage({ state }: { state: Pick<AdminFormState, 'status' | 'message'> }) {
  if (!state.message || state.status === 'idle') return null;
  return (
    <p className={`adm-message ${state.status}`} role={state.status === 'error' ? 'alert' : 'status'}>
      {state.message}
    </p>
  );
}

/** Shown once, right after creation or reset: it is in this response only and stored nowhere in clear. */
export function OneTimePassword({ state }: { state: AdminFormState }) {
  if (!state.oneTimePassword) return null;
  return (
    <div className="adm-otp" role="status" aria-label="一次性密码">
      <p>
        账号 <strong>{state.forUsername}</strong> 的一次性密码：
        <code className="adm-otp-value" data-testid="one-time-password">
          {state.oneTimePassword}
        </code>
      </p>
      <p className="small">
        此密码只显示这一次，系统不保存明文，离开或刷新本页后无法再次查看。请当面或通过安全渠道交给本人；本人首次登录时必须修改密码。
      </p>
    </div>
  );
}

/** An account's name cell: username, the demo mark and, for the viewer's own account, “本人”. */
export function AccountNameCell({ account, self }: { account: Pick<AccountRow, 'username' | 'demo'>; self: boolean }) {
  return (
    <td className="nowrap">
      {account.username}
      {account.demo ? <span className="tag demo" style={{ marginLeft: 6 }}>演示</span> : null}
      {self ? <span className="muted small">（本人）</span> : null}
    </td>
  );
}
