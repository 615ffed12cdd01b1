'use client';
import { useActionState } from 'react';
import { grantRoleAction, revokeRoleAction } from '@/app/admin/security/actions';
import { FieldError, FormMessage } from './AdminBits';
import { ADMIN_IDLE } from './form-state';

export interface RoleOption {
  value: string;
  label: string;
  admin: boolean;
}

export interface HeldRole {
  value: string;
  label: string;
  admin: boolean;
}

/**
 * The two role cells of one account's row: held roles with 撤销, and 授予. One component per row, so
 * the outcome stays on screen after the page refreshes the row (a revoked role's own button is gone,
 * an account that became an administrator loses its grant form).
 */
export function RoleCells({
  userId,
  username,
  held,
  options,
  self,
}: {
  userId: string;
  username: string;
  held: readonly HeldRole[];
  options: readonly RoleOption[];
  self: boolean;
}) {
  const [revoked, revokeAction, revoking] = useActionState(revokeRoleAction, ADMIN_IDLE);
  const [granted, grantAction, granting] = useActionState(grantRoleAction, ADMIN_IDLE);
  const id = `grant-${userId}`;
  const holdsAdmin = held.some((r) => r.admin);
  return (
    <>
      <td>
        <form action={revokeAction} aria-label={`${username} 的角色`}>
          <input type="hidden" name="userId" value={userId} />
          {held.length === 0 ? <span className="muted">无角色</span> : null}
          {held.map((r) => (
            <span key={r.value} className={`adm-role${r.admin ? ' admin' : ''}`} style={self ? { paddingRight: 8 } : undefined}>
              {r.label}
              {self ? null : (
                <button type="submit" name="role" value={r.value} disabled={revoking} aria-label={`撤销 ${username} 的${r.label}角色`}>
                  撤销
                </button>
              )}
            </span>
          ))}
          <FormMessage state={revoked} />
          {granted.status === 'saved' ? <FormMessage state={granted} /> : null}
        </form>
      </td>
      <td>
        {self ? (
          <span className="muted small">不能修改自己的角色</span>
        ) : holdsAdmin ? (
          <span className="muted small">管理员账号不能再持有其他角色</span>
        ) : (
          <form action={grantAction} aria-label={`为 ${username} 授予角色`}>
            <input type="hidden" name="userId" value={userId} />
            <div className="adm-inline">
              <label htmlFor={id} className="small">
                授予
              </label>
              <select
                id={id}
                name="role"
                defaultValue=""
                aria-invalid={granted.errors.role ? true : undefined}
                aria-describedby={granted.errors.role ? `${id}-err` : undefined}
              >
                <option value="" disabled>
                  选择角色…
                </option>
                <optgroup label="业务角色（可兼任）">
                  {options.filter((o) => !o.admin).map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </optgroup>
                <optgroup label="管理员（三员，只能单独持有）">
                  {options.filter((o) => o.admin).map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </optgroup>
              </select>
              <button type="submit" className="adm-btn" disabled={granting}>
                {granting ? '处理中…' : '授予'}
              </button>
            </div>
            <FieldError id={`${id}-err`} message={granted.errors.role} />
          </form>
        )}
      </td>
    </>
  );
}
