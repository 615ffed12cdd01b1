'use client';
/** Demo mode only: one button per demo account, clearly marked; no password. */
import { useActionState } from 'react';
import { demoLoginAction } from '@/app/login/actions';
import { AuthMessage } from './FormBits';
import { INITIAL_AUTH_STATE } from './form-state';

export interface DemoAccount {
  username: string;
  roleLabel: string;
}

export function DemoLogin({ accounts }: { accounts: DemoAccount[] }) {
  const [state, action, pending] = useActionState(demoLoginAction, INITIAL_AUTH_STATE);
  return (
    <section className="auth-demo" aria-labelledby="demo-head">
      <h2 id="demo-head">演示模式 · 演示账号</h2>
      <p className="auth-help">
        仅供体验：演示账号无需密码，看到的都是虚构的演示数据。正式使用前请关闭演示模式（DEMO_MODE=0），演示账号随即失效。
      </p>
      <AuthMessage state={state} />
      {accounts.length === 0 ? (
        <p className="empty">暂无演示账号（首次启动时创建）。</p>
      ) : (
        <form action={action}>
          <ul className="auth-demo-list">
            {accounts.map((a) => (
              <li key={a.username}>
                <button type="submit" name="username" value={a.username} className="auth-button" disabled={pending} aria-describedby={`demo-${a.username}`}>
                  {a.roleLabel}
                </button>
                <span id={`demo-${a.username}`} className="auth-help">
                  演示账号 {a.username}
                </span>
              </li>
            ))}
          </ul>
        </form>
      )}
    </section>
  );
}
