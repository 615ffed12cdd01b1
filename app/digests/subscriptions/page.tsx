import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import { requirePermission } from '@/lib/auth/dal';
import { BUSINESS_ROLES, ROLE_LABELS } from '@/lib/auth/roles';
import type { Role } from '@/lib/auth/roles';
import { db, listDigestSubscriptions } from '@/lib/db';
import { addSubscriptionAction, changeSubscriptionAction } from '../actions';
import '@/components/digest/digest.css';

export const metadata: Metadata = { title: '日报邮件订阅 · 安全生产舆情监测预警平台' };
type Search = Promise<Record<string, string | string[] | undefined>>;
const one = (v: string | string[] | undefined) => (typeof v === 'string' ? v.slice(0, 200) : null);
const KINDS: Readonly<Record<string, string>> = { all: '日报和专报', daily: '仅日报', special: '仅专报' };

// GET /digests/subscriptions – who receives the digest by email (by role or by address)
export default async function SubscriptionsPage({ searchParams }: { searchParams: Search }) {
  await requirePermission('digest.manage');
  await connection();
  const sp = await searchParams;
  const subs = await listDigestSubscriptions(db());
  const ok = one(sp.ok);
  const error = one(sp.error);
  return (
    <div>
      <div className="page-head">
        <h1>日报邮件订阅</h1>
        <Link href="/digests">返回日报列表</Link>
      </div>
      {ok ? <p className="banner" role="status">{ok}</p> : null}
      {error ? <p className="banner alert" role="alert">{error}</p> : null}
      <p className="muted">按角色订阅时，发给持有该角色、状态正常且在“我的账号”中填写了工作邮箱的所有账号。邮件经“设置 → 通知”中启用的电子邮件通道发送。</p>
      <section className="card dg-forms" aria-label="添加订阅">
        <form action={addSubscriptionAction} aria-label="按角色订阅">
          <input type="hidden" name="target" value="role" />
          <label>
            角色
            <select name="role" required>
              {BUSINESS_ROLES.map((r) => (
                <option key={r} value={r}>
                  {ROLE_LABELS[r]}
                </option>
              ))}
            </select>
          </label>
          <label>
            类型
            <select name="kinds">
              {Object.entries(KINDS).map(([k, v]) => (
                <option key={k} value={k}>
                  {v}
                </option>
              ))}
            </select>
          </label>
          <button type="submit">按角色订阅</button>
        </form>
        <form action={addSubscriptionAction} aria-label="按邮箱订阅">
          <input type="hidden" name="target" value="address" />
          <label>
            邮箱地址
            <input type="email" name="address" maxLength={320} required />
          </label>
          <label>
            类型
            <select name="kinds">
              {Object.entries(KINDS).map(([k, v]) => (
                <option key={k} value={k}>
                  {v}
                </option>
              ))}
            </select>
          </label>
          <button type="submit">按邮箱订阅</button>
        </form>
      </section>
      <section className="card">
        {subs.length === 0 ? (
          <p className="empty">还没有订阅。</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">订阅对象</th>
                <th scope="col">类型</th>
                <th scope="col">当前送达</th>
                <th scope="col">状态</th>
                <th scope="col">操作</th>
              </tr>
            </thead>
            <tbody>
              {subs.map((s) => (
                <tr key={s.id}>
                  <td>{s.target === 'role' ? `角色：${ROLE_LABELS[s.role as Role] ?? s.role}` : s.address}</td>
                  <td>{KINDS[s.kinds] ?? s.kinds}</td>
                  <td>{s.reaches.length ? s.reaches.join('、') : <span className="muted">（无人填写工作邮箱）</span>}</td>
                  <td>{s.enabled ? '启用' : '停用'}</td>
                  <td className="dg-actions">
                    <form action={changeSubscriptionAction}>
                      <input type="hidden" name="id" value={s.id} />
                      <input type="hidden" name="op" value={s.enabled ? 'disable' : 'enable'} />
                      <button type="submit">{s.enabled ? '停用' : '启用'}</button>
                    </form>
                    <form action={changeSubscriptionAction}>
                      <input type="hidden" name="id" value={s.id} />
                      <input type="hidden" name="op" value="delete" />
                      <button type="submit">删除</button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
