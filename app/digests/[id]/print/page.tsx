import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { actorAuditContext, requirePermission } from '@/lib/auth/dal';
import { auditDigestExport, db } from '@/lib/db';
import { periodText } from '@/lib/digest/daily';
import { loadDigest } from '@/lib/digest/load';
import { issueText } from '@/lib/digest/model';
import { wallTime } from '@/lib/digest/period';
import { DigestBody } from '@/components/digest/DigestBody';

export const metadata: Metadata = { title: '打印 · 舆情日报' };
type Params = Promise<{ id: string }>;

// GET /digests/:id/print – the print-friendly page (masthead, A4 print CSS), audited as an export
export default async function PrintPage({ params }: { params: Params }) {
  const actor = await requirePermission('monitor.read');
  await connection();
  const client = db();
  const d = await loadDigest(client, (await params).id);
  if (!d) notFound();
  const { row, content } = d;
  await auditDigestExport(client, row.id, 'print', await actorAuditContext(actor));
  const w = wallTime(row.generatedAt, content.timezone);
  return (
    <article className="dg-print">
      <p>内部资料　注意保存</p>
      <header className="dg-masthead">
        <h1>{content.kind === 'daily' ? '安全生产舆情日报' : '安全生产舆情专报'}</h1>
        <p>{issueText(row.year, row.seq)}</p>
        <p>
          {content.issuer}　　{w.year}年{w.month}月{w.day}日　　审核：{row.reviewedBy ?? '—'}　签发：{row.signedBy ?? '—'}
        </p>
      </header>
      <h2>{content.title}</h2>
      <p>监测时段：{periodText(content)}</p>
      <DigestBody content={content} exists={null} />
      {row.instruction ? (
        <section>
          <h2>领导批示</h2>
          <p>
            {row.instruction}（{row.instructedBy}）
          </p>
        </section>
      ) : null}
    </article>
  );
}
