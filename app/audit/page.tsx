import type { Metadata } from 'next';
import { connection } from 'next/server';
import { Suspense } from 'react';
import { AuditPage } from '@/components/audit/AuditPage';
import { AUDIT_PAGE_SIZE, auditQueryDetail, parseAuditQuery } from '@/lib/audit/query';
import type { SearchParams } from '@/lib/audit/query';
import { appendAudit, db, lastAuditVerification, searchAuditLog } from '@/lib/db';
import { actorAuditContext, requirePermission } from '@/lib/auth/dal';
import type { Actor } from '@/lib/auth/dal';

export const metadata: Metadata = { title: '审计日志 - 安全生产舆情监测预警平台' };

async function Audit({ searchParams, actor }: { searchParams: Promise<SearchParams>; actor: Actor }) {
  await connection(); // always fresh data
  const query = parseAuditQuery(await searchParams);
  const client = db();
  // Looking at the audit log is itself recorded, before anything is shown.
  await appendAudit(client, await actorAuditContext(actor), {
    action: 'audit.query',
    objectType: 'audit_log',
    objectId: 'search',
    detail: auditQueryDetail(query),
  });
  const [page, verification] = await Promise.all([
    searchAuditLog(client, query.filter, { limit: AUDIT_PAGE_SIZE, ...(query.before ? { before: query.before } : {}) }),
    lastAuditVerification(client),
  ]);
  return <AuditPage page={page} query={query} verification={verification} />;
}

// GET /audit – the audit log: search, newest first, CSV export, chain status
export default async function Page({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const actor = await requirePermission('audit.read');
  return (
    <Suspense fallback={<p className="loading" role="status">正在加载审计日志…</p>}>
      <Audit searchParams={searchParams} actor={actor} />
    </Suspense>
  );
}
