import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import { hasPermission, requirePermission } from '@/lib/auth/dal';
import { db, listDigests } from '@/lib/db';
import { DIGEST_KIND_LABELS, issueText } from '@/lib/digest/model';
import { formatDateTime } from '@/lib/format/zh';
import { generateDailyAction } from './actions';
import '@/components/digest/digest.css';

export const metadata: Metadata = { title: '舆情日报 · 安全生产舆情监测预警平台' };

type Search = Promise<Record<string, string | string[] | undefined>>;
const one = (v: string | string[] | undefined) => (typeof v === 'string' ? v.slice(0, 200) : null);

function shanghaiDay(d: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(d);
}

// GET /digests – history of 日报/专报, on-demand generation
export default async function DigestsPage({ searchParams }: { searchParams: Search }) {
  await requirePermission('monitor.read');
  await connection();
  const sp = await searchParams;
  const [rows, canManage] = await Promise.all([listDigests(db()), hasPermission('digest.manage')]);
  const now = new Date();
  const today = shanghaiDay(now);
  const yesterday = shanghaiDay(new Date(now.getTime() - 86_400_000));
  const ok = one(sp.ok);
  const error = one(sp.error);
  return (
    <div>
      <div className="page-head">
        <h1>舆情日报与专报</h1>
        {canManage ? <Link href="/digests/subscriptions">邮件订阅</Link> : null}
      </div>
      {ok ? <p className="banner" role="status">{ok}</p> : null}
      {error ? <p className="banner alert" role="alert">{error}</p> : null}
      {canManage ? (
        <section className="card dg-forms" aria-labelledby="dg-gen">
          <h2 id="dg-gen">生成日报</h2>
          <form action={generateDailyAction}>
            <label>
              开始日期（当日 08:00 起）
              <input type="date" name="from" defaultValue={yesterday} required />
            </label>
            <label>
              结束日期（至当日 08:00）
              <input type="date" name="to" defaultValue={today} required />
            </label>
            <button type="submit">生成日报</button>
          </form>
          <p className="muted">专报请在事件页点击“生成专报”。日报每天按设定时间自动生成一期。</p>
        </section>
      ) : null}
      <section className="card" aria-labelledby="dg-history">
        <h2 id="dg-history">历史期次</h2>
        {rows.length === 0 ? (
          <p className="empty">还没有日报或专报。{canManage ? '可在上方生成一期。' : '每天按设定时间自动生成。'}</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">期号</th>
                <th scope="col">类型</th>
                <th scope="col">标题</th>
                <th scope="col">监测时段</th>
                <th scope="col">审核/签发</th>
                <th scope="col">批示</th>
                <th scope="col">邮件投递</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>
                    <Link href={`/digests/${r.id}`}>{issueText(r.year, r.seq)}</Link>
                  </td>
                  <td>{DIGEST_KIND_LABELS[r.kind as 'daily' | 'special'] ?? r.kind}</td>
                  <td>{r.title}</td>
                  <td>
                    {formatDateTime(r.periodStart)} – {formatDateTime(r.periodEnd)}
                  </td>
                  <td>{r.signedBy ? `已签发（${r.signedBy}）` : r.reviewedBy ? `已审核（${r.reviewedBy}）` : '未审核'}</td>
                  <td>{r.instructedAt ? '有批示' : '—'}</td>
                  <td>
                    已发 {r.deliveries.sent} · 待发 {r.deliveries.pending}
                    {r.deliveries.failed ? <strong className="level red"> · 失败 {r.deliveries.failed}</strong> : null}
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
