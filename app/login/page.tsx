/** 登录. Public; a signed-in person is sent to their home page. */
import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { config } from '@/lib/config';
import { db, listUsers } from '@/lib/db';
import { currentUser, isSecureContext } from '@/lib/auth/dal';
import { homePathFor } from '@/lib/auth/permissions';
import { ROLE_LABELS } from '@/lib/auth/roles';
import { DemoLogin } from '@/components/auth/DemoLogin';
import type { DemoAccount } from '@/components/auth/DemoLogin';
import { LoginForm } from '@/components/auth/LoginForm';
import '@/components/auth/auth.css';

export const metadata: Metadata = { title: '登录 · 安全生产舆情监测预警平台' };

export default async function LoginPage() {
  const cur = await currentUser();
  if (cur.state === 'signed_in') redirect(cur.mustChangePassword ? '/account/password' : homePathFor(cur.actor.roles));
  const secure = isSecureContext(await headers(), config().audit.trustProxy);
  const demo = config().demo.enabled;
  const demoAccounts: DemoAccount[] = demo
    ? (await listUsers(db()))
        .filter((u) => u.demo && u.status === 'active' && u.roles.length > 0)
        .map((u) => ({ username: u.username, roleLabel: u.roles.map((r) => ROLE_LABELS[r]).join('、') }))
    : [];
  return (
    <div className="auth-page">
      <h1>登录</h1>
      {!secure ? (
        <p className="banner alert" role="note">
          当前连接未加密（HTTP）：密码可能被他人截获。请通过 HTTPS 地址访问本平台，或联系系统管理员。
        </p>
      ) : null}
      <div className="card">
        <LoginForm />
        <p className="auth-help">连续输错 5 次密码，账号将被临时锁定。忘记密码请联系系统管理员重置。</p>
      </div>
      {demo ? <DemoLogin accounts={demoAccounts} /> : null}
    </div>
  );
}
