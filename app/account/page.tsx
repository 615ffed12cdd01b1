/** 我的账号: who I am, my roles, password age, second factor, recent sign-ins, sign-out. */
import type { Metadata } from 'next';
import Link from 'next/link';
import { db, getSecurityPolicy, getUserById, listLoginAttempts } from '@/lib/db';
import { currentUser, requireUser } from '@/lib/auth/dal';
import { ROLE_LABELS } from '@/lib/auth/roles';
import { formatDateTime } from '@/lib/format/zh';
import { SignOutButton } from '@/components/auth/SignOutButton';
import '@/components/auth/auth.css';
import { AccountEmail } from '@/components/digest/AccountEmail';

export const metadata: Metadata = { title: '我的账号 · 安全生产舆情监测预警平台' };

const DAY = 86_400_000;

const REASON_LABELS: Readonly<Record<string, string>> = {
  bad_password: '密码错误',
  unknown_user: '用户名不存在',
  locked: '账号锁定中',
  disabled: '账号已停用',
  no_password: '账号无密码',
  totp_failed: '动态口令错误',
  throttled: '请求过于频繁',
};

export default async function AccountPage() {
  const actor = await requireUser({ allowPending: true });
  const client = db();
  const [user, policy, attempts, cur] = await Promise.all([
    getUserById(client, actor.userId),
    getSecurityPolicy(client),
    listLoginAttempts(client, { userId: actor.userId, limit: 10 }),
    currentUser(),
  ]);
  if (!user) return <p className="empty">账号不存在。</p>;
  const now = new Date();
  const changedAt = user.passwordChangedAt ?? user.createdAt;
  const ageDays = Math.floor((now.getTime() - changedAt.getTime()) / DAY);
  const leftDays = policy.expiryDays > 0 ? policy.expiryDays - ageDays : null;
  const mustChange = cur.state === 'signed_in' && cur.mustChangePassword;
  return (
    <div className="auth-page auth-wide">
      <div className="page-head">
        <h1>我的账号</h1>
        {user.demo ? <span className="tag demo">演示账号</span> : null}
      </div>
      {mustChange ? (
        <p className="banner alert">
          请先<Link href="/account/password">修改密码</Link>，然后才能使用平台的其他功能。
        </p>
      ) : null}
      <section className="card" aria-labelledby="acct-who">
        <h2 id="acct-who">账号信息</h2>
        <dl className="auth-facts">
          <dt>姓名</dt>
          <dd>{user.name}</dd>
          <dt>用户名</dt>
          <dd>{user.username}</dd>
          <dt>角色</dt>
          <dd>{user.roles.length ? user.roles.map((r) => ROLE_LABELS[r]).join('、') : '（未分配角色）'}</dd>
          <dt>密码</dt>
          <dd>
            {user.demo ? (
              '演示账号没有密码'
            ) : (
              <>
                {ageDays} 天前修改（{formatDateTime(changedAt)}）
                {leftDays !== null ? (leftDays > 0 ? `，${leftDays} 天后到期` : '，已到期') : null}
                {' · '}
                <Link href="/account/password">修改密码</Link>
              </>
            )}
          </dd>
          <dt>动态口令</dt>
          <dd>
            {user.totpEnabled ? '已启用' : '未启用'}
            {user.demo ? null : (
              <>
                {' · '}
                <Link href="/account/totp">{user.totpEnabled ? '管理' : '设置'}动态口令</Link>
              </>
            )}
          </dd>
        </dl>
      </section>
      <AccountEmail userId={user.id} />
      <section className="card" aria-labelledby="acct-attempts">
        <h2 id="acct-attempts">最近的登录记录</h2>
        {attempts.length === 0 ? (
          <p className="empty">暂无记录。</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">时间</th>
                <th scope="col">结果</th>
                <th scope="col">来源地址</th>
              </tr>
            </thead>
            <tbody>
              {attempts.map((a, i) => (
                <tr key={i}>
                  <td className="nowrap">{formatDateTime(a.at)}</td>
                  <td>{a.success ? '成功' : `失败（${REASON_LABELS[a.reason ?? ''] ?? a.reason ?? '未知'}）`}</td>
                  <td>{a.clientIp ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p className="auth-help">如有不是您本人的登录或失败记录，请立即修改密码并告知安全管理员。</p>
      </section>
      <SignOutButton />
    </div>
  );
}
