/**
 * 动态口令 (TOTP): enrol by typing the Base32 secret (or importing the otpauth:// URI) into an
 * authenticator app, then confirm with a code. No QR image: nothing is sent to a QR service.
 */
import type { Metadata } from 'next';
import Link from 'next/link';
import { db, getSecurityPolicy, getUserById } from '@/lib/db';
import { requireUser } from '@/lib/auth/dal';
import { isAdminRole } from '@/lib/auth/roles';
import { groupedSecret, openTotpSecret, totpUri } from '@/lib/auth/totp';
import { TotpConfirmForm, TotpDisableForm } from '@/components/auth/TotpForms';
import { startTotpAction } from '@/app/account/actions';
import '@/components/auth/auth.css';

export const metadata: Metadata = { title: '动态口令 · 安全生产舆情监测预警平台' };

export default async function TotpPage() {
  const actor = await requireUser({ allowPending: true });
  const client = db();
  const [user, policy] = await Promise.all([getUserById(client, actor.userId), getSecurityPolicy(client)]);
  if (!user) return <p className="empty">账号不存在。</p>;
  const required = policy.adminTotpRequired && user.roles.some(isAdminRole);
  const pending = !user.totpEnabled && user.totpSecret ? openTotpSecret(user.totpSecret, user.id) : null;
  return (
    <div className="auth-page auth-wide">
      <h1>动态口令（双因素登录）</h1>
      {required && !user.totpEnabled ? (
        <p className="banner alert" role="note">
          安全策略要求管理员账号启用动态口令：完成设置后才能继续使用平台。
        </p>
      ) : null}
      <div className="card">
        {user.demo ? (
          <p>演示账号不能设置动态口令。</p>
        ) : user.totpEnabled ? (
          <>
            <p>
              <strong>已启用。</strong>每次登录输入密码后，还需输入验证器中的 6 位数字。
            </p>
            {required ? <p className="auth-help">安全策略要求管理员账号保持启用，停用后下次访问会要求重新设置。</p> : null}
            <TotpDisableForm />
          </>
        ) : pending ? (
          <>
            <ol>
              <li>在手机上打开验证器应用（如 FreeOTP、Google Authenticator、Microsoft Authenticator 等）。</li>
              <li>
                选择“手动输入密钥”，账户填 <strong>{user.username}</strong>，密钥填：
                <p className="auth-secret" aria-label="动态口令密钥">
                  {groupedSecret(pending)}
                </p>
                类型选“基于时间”，6 位，30 秒。支持导入链接的应用也可以复制下面的链接：
                <p className="auth-uri" aria-label="otpauth 链接">
                  {totpUri(pending, user.username)}
                </p>
              </li>
              <li>输入验证器显示的 6 位数字，确认启用。</li>
            </ol>
            <p className="auth-help">密钥只在此处显示，请勿截图外传。手机与服务器的时间需准确（相差不超过 30 秒）。</p>
            <TotpConfirmForm />
          </>
        ) : (
          <>
            <p>启用后，登录时除密码外还需输入手机验证器生成的 6 位动态数字，密码泄露也无法登录您的账号。</p>
            <form action={startTotpAction}>
              <button type="submit" className="auth-button">
                开始设置动态口令
              </button>
            </form>
          </>
        )}
      </div>
      <p>
        <Link href="/account">返回我的账号</Link>
      </p>
    </div>
  );
}
