'use client';
import { useActionState } from 'react';
import { unlockAction } from '@/app/admin/security/actions';
import { FormMessage } from './AdminBits';
import { ADMIN_IDLE } from './form-state';

export interface LockedAccount {
  id: string;
  username: string;
  name: string;
  lockedUntilText: string;
  self: boolean;
}

/**
 * 被锁定的账号 with a 解锁 button each. One form for the table, so the outcome stays on screen after
 * the unlocked row leaves the list.
 */
export function LockedAccounts({ accounts }: { accounts: readonly LockedAccount[] }) {
  const [state, formAction, pending] = useActionState(unlockAction, ADMIN_IDLE);
  return (
    <form action={formAction} aria-label="解锁账号">
      <FormMessage state={state} />
      {accounts.length === 0 ? (
        <p className="empty">当前没有被锁定的账号。</p>
      ) : (
        <table className="table adm-table">
          <thead>
            <tr>
              <th scope="col">用户名</th>
              <th scope="col">姓名</th>
              <th scope="col">锁定至</th>
              <th scope="col">操作</th>
            </tr>
          </thead>
          <tbody>
            {accounts.map((a) => (
              <tr key={a.id} data-username={a.username}>
                <td>{a.username}</td>
                <td>{a.name}</td>
                <td className="nowrap">{a.lockedUntilText}</td>
                <td>
                  {a.self ? (
                    <span className="muted small">本人账号</span>
                  ) : (
                    <button type="submit" name="userId" value={a.id} className="adm-btn" disabled={pending}>
                      解锁 {a.username}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </form>
  );
}
