/** 修改密码 (also the forced change at first sign-in and after expiry). */
import type { Metadata } from 'next';
import Link from 'next/link';
import { db, getSecurityPolicy } from '@/lib/db';
import { currentUser, requireUser } from '@/lib/auth/dal';
import { PasswordForm } from '@/components/auth/PasswordForm';
import '@/components/auth/auth.css';

export const metadata: Metadata = { title: '修改密码 · 安全生产舆情监测预警平台' };

export default async function PasswordPage() {
  const actor = await requireUser({ allowPending: true });
  const [policy, cur] = await Promise.all([getSecurityPolicy(db()), currentUser()]);
  const forced = cur.state === 'signed_in' && cur.mustChangePassword;
  const help = [
    `至少 ${policy.minLength} 个字符`,
    `包含小写字母、大写字母、数字、其他字符（符号或汉字）中的至少 ${policy.minClasses} 种`,
    '不能是常见密码，不能包含用户名或姓名',
    policy.historyCount > 0 ? `不能与当前及最近 ${policy.historyCount} 次用过的密码相同` : '不能与当前密码相同',
    policy.expiryDays > 0 ? `有效期 ${policy.expiryDays} 天` : null,
  ]
    .filter(Boolean)
    .join('；');
  return (
    <div className="auth-page">
      <h1>修改密码</h1>
      {forced ? (
        <p className="banner alert" role="note">
          首次登录或密码已到期：请先设置新密码，然后才能继续使用平台。
        </p>
      ) : null}
      <div className="card">
        {actor.demo ? (
          <p>演示账号没有密码，无需修改。</p>
        ) : (
          <>
            <PasswordForm policyHelp={`${help}。修改后，您在其他设备上的登录将全部退出。`} />
          </>
        )}
      </div>
      {forced ? null : (
        <p>
          <Link href="/account">返回我的账号</Link>
        </p>
      )}
    </div>
  );
}
