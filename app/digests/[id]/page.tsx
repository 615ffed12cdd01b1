import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { hasPermission, requirePermission } from '@/lib/auth/dal';
import { db, existingEvidence, listDigestDeliveries } from '@/lib/db';
import { periodText } from '@/lib/digest/daily';
import { loadDigest } from '@/lib/digest/load';
import { allEvidence, DIGEST_KIND_LABELS, issueText } from '@/lib/digest/model';
import { formatDateTime } from '@/lib/format/zh';
import { DigestBody } from '@/components/digest/DigestBody';
import { instructAction, resendAction, signoffAction } from '../actions';

type Params = Promise<{ id: string }>;
type Search = Promise<Record<string, string | string[] | undefined>>;
const one = (v: string | string[] | undefined) => (typeof v === 'string' ? v.slice(0, 200) : null);

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  await requirePermission('monitor.read');
  const d = await loadDigest(db(), (await params).id);
  return { title: `${d ? d.row.title : '日报不存在'} · 安全生产舆情监测预警平台` };
}

const DELIVERY_STATES: Readonly<Record<string, string>> = { pending: '待发送', sent: '已发送', failed: '发送失败' };

// GET /digests/:id – one digest with its evidence links, sign-off, 批示 and deliveries
export default async function DigestPage({ params, searchParams }: { params: Params; searchParams: Search }) {
  await requirePermission('monitor.read');
  await connection();
  const client = db();
  const d = await loadDigest(client, (await params).id);
  if (!d) notFound();
  const { row, content } = d;
  const sp = await searchParams;
  const [exists, deliveries, canManage, canInstruct] = await Promise.all([
    existingEvidence(client, allEvidence(content)),
    listDigestDeliveries(client, row.id),
    hasPermission('digest.manage'),
    hasPermission('digest.instruct'),
  ]);
  const ok = one(sp.ok);
  const error = one(sp.error);
  return (
    <div>
      <div className="page-head">
        <h1>
          {DIGEST_KIND_LABELS[content.kind]} {issueText(row.year, row.seq)}
        </h1>
        <nav className="dg-actions" aria-label="导出">
          <Link href={`/digests/${row.id}/print`}>打印版</Link>
          <a href={`/digests/${row.id}/docx`} download>
            下载 Word（.docx）
          </a>
          <a href={`/digests/${row.id}/pdf`} download>
            下载 PDF
          </a>
          <Link href="/digests">返回列表</Link>
        </nav>
      </div>
      {ok ? <p className="banner" role="status">{ok}</p> : null}
      {error ? <p className="banner alert" role="alert">{error}</p> : null}
      <section className="card">
        <h2>{content.title}</h2>
        <div className="dg-meta">
          <span>编发单位：{content.issuer}</span>
          <span>监测时段：{periodText(content)}</span>
          <span>生成：{formatDateTime(row.generatedAt)}（{row.generatedBy === 'schedule' ? '定时生成' : row.generatedBy.replace(/^user:/, '')}）</span>
          <span>审核人：{row.reviewedBy ?? '未记录'}</span>
          <span>签发人：{row.signedBy ?? '未记录'}</span>
          {content.eventId ? <Link href={`/events/${content.eventId}`}>查看事件</Link> : null}
        </div>
      </section>
      {row.instruction ? (
        <section className="card dg-instruction" aria-labelledby="dg-instr">
          <h2 id="dg-instr">领导批示</h2>
          <p>{row.instruction}</p>
          <p className="muted">
            {row.instructedBy} · {formatDateTime(row.instructedAt)}
          </p>
        </section>
      ) : null}
      <section className="card">
        <DigestBody content={content} exists={exists} />
      </section>
      {canManage || canInstruct ? (
        <section className="card dg-forms" aria-label="审核、签发与批示">
          {canManage ? (
            <>
              <form action={signoffAction} aria-label="记录审核人">
                <input type="hidden" name="digestId" value={row.id} />
                <input type="hidden" name="step" value="review" />
                <label>
                  审核人
                  <input name="name" maxLength={40} required defaultValue={row.reviewedBy ?? ''} />
                </label>
                <button type="submit">记录审核</button>
              </form>
              <form action={signoffAction} aria-label="记录签发人">
                <input type="hidden" name="digestId" value={row.id} />
                <input type="hidden" name="step" value="sign" />
                <label>
                  签发人
                  <input name="name" maxLength={40} required defaultValue={row.signedBy ?? ''} />
                </label>
                <button type="submit">记录签发</button>
              </form>
            </>
          ) : null}
          {canInstruct ? (
            <form action={instructAction} aria-label="领导批示">
              <input type="hidden" name="digestId" value={row.id} />
              <label>
                批示内容
                <textarea name="text" maxLength={2000} required defaultValue={row.instruction ?? ''} />
              </label>
              <button type="submit">记录批示</button>
            </form>
          ) : null}
        </section>
      ) : null}
      <section className="card" aria-labelledby="dg-deliv">
        <h2 id="dg-deliv">邮件投递</h2>
        {deliveries.length === 0 ? (
          <p className="empty">本期没有邮件订阅者。{canManage ? <Link href="/digests/subscriptions">设置订阅</Link> : null}</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">收件地址</th>
                <th scope="col">状态</th>
                <th scope="col">尝试次数</th>
                <th scope="col">下次重试</th>
                <th scope="col">最近错误</th>
                {canManage ? <th scope="col">操作</th> : null}
              </tr>
            </thead>
            <tbody>
              {deliveries.map((x) => (
                <tr key={x.id}>
                  <td>{x.address}</td>
                  <td>
                    {x.state === 'failed' ? <strong className="level red">{DELIVERY_STATES[x.state]}</strong> : (DELIVERY_STATES[x.state] ?? x.state)}
                    {x.sentAt ? `（${formatDateTime(x.sentAt)}）` : null}
                  </td>
                  <td>{x.attempts}</td>
                  <td>{x.state === 'pending' ? formatDateTime(x.nextAttemptAt) : '—'}</td>
                  <td>{x.lastError ?? '—'}</td>
                  {canManage ? (
                    <td>
                      {x.state !== 'sent' ? (
                        <form action={resendAction}>
                          <input type="hidden" name="digestId" value={row.id} />
                          <input type="hidden" name="deliveryId" value={x.id} />
                          <button type="submit">重新发送</button>
                        </form>
                      ) : null}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
