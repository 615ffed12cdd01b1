/**
 * 账号管理 (system administrator): accounts only, never business data. Creating, disabling,
 * enabling and resetting passwords; roles are shown but granted by the security administrator.
 */
import type { AccountRow } from '@/lib/db';
import { isLocked } from '@/lib/db';
import { ROLE_LABELS, isAdminRole } from '@/lib/auth/roles';
import { formatDateTime } from '@/lib/format/zh';
import { ResetPasswordForm, StatusForm } from './AccountActions';
import { CreateAccountForm } from './CreateAccountForm';
import { ACCOUNT_STATUS_LABELS } from './labels';
import { AccountNameCell } from './AdminBits';
import './admin.css';

function Roles({ a }: { a: AccountRow }) {
  if (a.roles.length === 0) return <span className="muted">无角色</span>;
  return (
    <>
      {a.roles.map((r) => (
        <span key={r} className={`adm-role${isAdminRole(r) ? ' admin' : ''}`} style={{ paddingRight: 8 }}>
          {ROLE_LABELS[r]}
        </span>
      ))}
    </>
  );
}

export function AdminUsersPage({ accounts, selfId, now }: { accounts: AccountRow[]; selfId: string; now: Date }) {
  return (
    <div>
      <div className="page-head">
        <h1>账号管理</h1>
        <span className="muted">系统管理员</span>
      </div>
      <p className="banner adm-note" role="note">
        三员分立：系统管理员负责创建、停用、启用账号和重置密码；角色由安全管理员授予，审计日志由审计管理员查看。三员账号不能查看业务数据，也不能对自己的账号执行操作。
      </p>
      <section className="card" aria-labelledby="adm-new-h">
        <h2 id="adm-new-h">新建账号</h2>
        <CreateAccountForm />
      </section>
      <section className="card" aria-labelledby="adm-list-h">
        <h2 id="adm-list-h">全部账号（{accounts.length}）</h2>
        {accounts.length === 0 ? (
          <p className="empty">还没有账号。</p>
        ) : (
          <div className="adm-scroll">
            <table className="table adm-table">
              <thead>
                <tr>
                  <th scope="col">用户名</th>
                  <th scope="col">姓名</th>
                  <th scope="col">角色</th>
                  <th scope="col">状态</th>
                  <th scope="col">锁定</th>
                  <th scope="col">最近登录</th>
                  <th scope="col">操作</th>
                </tr>
              </thead>
              <tbody>
                {accounts.map((a) => {
                  const locked = isLocked(a, now);
                  const self = a.id === selfId;
                  return (
                    <tr key={a.id} data-username={a.username}>
                      <AccountNameCell account={a} self={self} />
                      <td>{a.name}</td>
                      <td>
                        <Roles a={a} />
                      </td>
                      <td className="nowrap">
                        <span className={a.status === 'disabled' ? 'adm-status-disabled' : undefined}>{ACCOUNT_STATUS_LABELS[a.status] ?? a.status}</span>
                        {a.mustChangePassword && !a.demo ? <div className="muted small">待首次改密</div> : null}
                      </td>
                      <td className="nowrap">
                        {locked ? <span className="adm-locked">锁定至 {formatDateTime(a.lockedUntil)}</span> : <span className="muted">否</span>}
                      </td>
                      <td className="nowrap">{a.lastSuccessAt ? formatDateTime(a.lastSuccessAt) : <span className="muted">从未登录</span>}</td>
                      <td>
                        {self ? (
                          <span className="muted small">本人账号请在“我的账号”中修改密码</span>
                        ) : (
                          <div className="adm-actions-row">
                            <StatusForm userId={a.id} username={a.username} status={a.status} />
                            {a.demo ? null : <ResetPasswordForm userId={a.id} username={a.username} />}
                          </div>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
