/** 登录第二步：动态口令. Only for a sign-in whose password was accepted and whose code is due. */
import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { currentUser } from '@/lib/auth/dal';
import { homePathFor } from '@/lib/auth/permissions';
import { TotpLoginForm } from '@/components/auth/TotpLoginForm';
import '@/components/auth/auth.css';

export const metadata: Metadata = { title: '动态口令 · 安全生产舆情监测预警平台' };

export default async function TotpLoginPage() {
  const cur = await currentUser();
  if (cur.state === 'signed_in') redirect(cur.mustChangePassword ? '/account/password' : homePathFor(cur.actor.roles));
  if (cur.state !== 'mfa_pending') redirect('/login');
  return (
    <div className="auth-page">
      <h1>输入动态口令</h1>
      <div className="card">
        <p>
          账号 <strong>{cur.user.username}</strong> 已开启动态口令。请在 5 分钟内完成验证。
        </p>
        <TotpLoginForm />
      </div>
    </div>
  );
}
