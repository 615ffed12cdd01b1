/**
 * 安全管理 (security administrator): roles, unlocks, the security policy and sign-in records. No
 * business data, no account creation, no audit log (those belong to the other two administrators).
 */
import type { AccountRow, LoginAttemptRow } from '@/lib/db';
import { isLocked } from '@/lib/db';
import { ADMIN_ROLES, ROLES, ROLE_LABELS, isAdminRole } from '@/lib/auth/roles';
import type { AdminRole } from '@/lib/auth/roles';
import type { SecurityPolicy } from '@/lib/auth/policy';
import { formatDateTime } from '@/lib/format/zh';
import { PolicyForm } from './PolicyForm';
import type { PolicyFieldView } from './PolicyForm';
import { LockedAccounts } from './LockedAccounts';
import { RoleCells } from './RoleCells';
import type { RoleOption } from './RoleCells';
import { ACCOUNT_STATUS_LABELS, attemptReasonLabel } from './labels';
import { AccountNameCell } from './AdminBits';
import './admin.css';

export interface SecurityPageData {
  accounts: AccountRow[];
  selfId: string;
  now: Date;
  policyFields: PolicyFieldView[];
  totp: { value: boolean; defaultValue: boolean };
  totpHelp: string;
  attempts: LoginAttemptRow[];
  attemptFilter: string;
  adminHolders: Record<AdminRole, number>;
  policy: SecurityPolicy;
}

/**
 * The roles offered next to the ones held. Administrator roles stay on the list for business
 * accounts, so choosing one gets the 三员 refusal explained rather than a silently missing option.
 */
function grantable(a: AccountRow): RoleOption[] {
  if (a.roles.some(isAdminRole)) return [];
  return ROLES.filter((r) => !a.roles.includes(r)).map((r) => ({ value: r, label: ROLE_LABELS[r], admin: isAdminRole(r) }));
}

export function AdminSecurityPage(d: SecurityPageData) {
  const locked = d.accounts.filter((a) => isLocked(a, d.now));
  const missing = ADMIN_ROLES.filter((r) => d.adminHolders[r] === 0);
  return (
    <div>
      <div className="page-head">
        <h1>安全管理</h1>
        <span className="muted">安全管理员</span>
      </div>
      <div className="banner adm-note" role="note">
        <p style={{ margin: 0 }}>
          <strong>三员分立规则：</strong>系统管理员、安全管理员、审计管理员三个角色互斥，同一账号只能持有其中一个，且不能再兼任任何业务角色（舆情值班员、撰稿人、保密审查员、领导）；业务角色之间可以兼任。数据库同样强制此规则。
        </p>
        <p style={{ margin: '4px 0 0' }}>
          不能修改自己的角色；每种管理员角色至少保留一个启用的账号，最后一个不能撤销。角色变更在对方下一次操作时立即生效。所有操作记入审计日志。
        </p>
      </div>
      {missing.length > 0 ? (
        <p className="banner alert" role="alert">
          当前没有启用的{missing.map((r) => ROLE_LABELS[r]).join('、')}账号，请尽快授予。
        </p>
      ) : null}

      <section className="card" aria-labelledby="sec-roles-h">
        <h2 id="sec-roles-h">角色授权</h2>
        {d.accounts.length === 0 ? (
          <p className="empty">还没有账号。账号由系统管理员创建。</p>
        ) : (
          <div className="adm-scroll">
            <table className="table adm-table">
              <thead>
                <tr>
                  <th scope="col">用户名</th>
                  <th scope="col">姓名</th>
                  <th scope="col">状态</th>
                  <th scope="col">当前角色</th>
                  <th scope="col">授予角色</th>
                </tr>
              </thead>
              <tbody>
                {d.accounts.map((a) => {
                  const self = a.id === d.selfId;
                  return (
                    <tr key={a.id} data-username={a.username}>
                      <AccountNameCell account={a} self={self} />
                      <td>{a.name}</td>
                      <td className="nowrap">
                        <span className={a.status === 'disabled' ? 'adm-status-disabled' : undefined}>{ACCOUNT_STATUS_LABELS[a.status] ?? a.status}</span>
                      </td>
                      <RoleCells
                        userId={a.id}
                        username={a.username}
                        held={a.roles.map((r) => ({ value: r, label: ROLE_LABELS[r], admin: isAdminRole(r) }))}
                        options={grantable(a)}
                        self={self}
                      />
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="card" aria-labelledby="sec-locked-h">
        <h2 id="sec-locked-h">被锁定的账号（{locked.length}）</h2>
        <p className="adm-help">
          连续登录失败 {d.policy.lockoutThreshold} 次（{d.policy.lockoutWindowMinutes} 分钟内）的账号锁定 {d.policy.lockoutMinutes} 分钟。确认是本人后可提前解锁，解锁后此前的失败次数不再累计。
        </p>
        <LockedAccounts
          accounts={locked.map((a) => ({ id: a.id, username: a.username, name: a.name, lockedUntilText: formatDateTime(a.lockedUntil), self: a.id === d.selfId }))}
        />
      </section>

      <section className="card" aria-labelledby="sec-policy-h">
        <h2 id="sec-policy-h">安全策略</h2>
        <p className="adm-help" style={{ marginBottom: 10 }}>
          默认值按等保 2.0 通行做法设置，不修改即符合要求。每次保存都记入审计日志。
        </p>
        <PolicyForm fields={d.policyFields} totp={d.totp} totpHelp={d.totpHelp} />
      </section>

      <section className="card" aria-labelledby="sec-attempts-h">
        <h2 id="sec-attempts-h">最近登录记录</h2>
        <form method="get" action="/admin/security" className="adm-form" aria-label="按用户名筛选登录记录" style={{ alignItems: 'flex-end', marginBottom: 8 }}>
          <div className="adm-field">
            <label htmlFor="attempt-username">用户名包含</label>
            <input id="attempt-username" name="username" defaultValue={d.attemptFilter} maxLength={64} autoComplete="off" />
          </div>
          <button type="submit" className="adm-btn">
            筛选
          </button>
          {d.attemptFilter ? <a href="/admin/security#sec-attempts-h">显示全部</a> : null}
        </form>
        {d.attempts.length === 0 ? (
          <p className="empty">{d.attemptFilter ? `没有用户名包含“${d.attemptFilter}”的登录记录。` : '还没有登录记录。'}</p>
        ) : (
          <div className="adm-scroll">
            <table className="table adm-table">
              <caption className="muted small">最近 {d.attempts.length} 条，最新的在前</caption>
              <thead>
                <tr>
                  <th scope="col">时间</th>
                  <th scope="col">用户名</th>
                  <th scope="col">来源地址</th>
                  <th scope="col">结果</th>
                  <th scope="col">原因</th>
                </tr>
              </thead>
              <tbody>
                {d.attempts.map((a) => (
                  <tr key={a.id}>
                    <td className="nowrap">{formatDateTime(a.at)}</td>
                    <td>{a.username}</td>
                    <td>{a.clientIp ?? <span className="muted">未记录</span>}</td>
                    <td className={a.success ? 'adm-result-ok' : 'adm-result-fail'}>{a.success ? '成功' : '失败'}</td>
                    <td>{a.success ? '—' : attemptReasonLabel(a.reason)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
