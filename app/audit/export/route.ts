import { auditContextFromHeaders } from '@/lib/audit/context';
import { auditCsvStream } from '@/lib/audit/csv';
import { auditQueryDetail, parseAuditQuery } from '@/lib/audit/query';
import { config } from '@/lib/config';
import { appendAudit, db, iterateAuditLog } from '@/lib/db';
import { attachmentHeader } from '@/lib/export/stream';

export const dynamic = 'force-dynamic';

// GET /audit/export?…the page's search – the current search as CSV, newest first
export async function GET(request: Request): Promise<Response> {
  const query = parseAuditQuery(Object.fromEntries(new URL(request.url).searchParams));
  const client = db();
  const now = new Date();
  // Recorded before the first byte leaves: no audit row, no file.
  await appendAudit(client, auditContextFromHeaders('web', request.headers, config().audit.trustProxy), {
    action: 'export.audit',
    objectType: 'audit_log',
    objectId: 'csv',
    at: now,
    detail: auditQueryDetail(query),
  });
  const stamp = now.toISOString().slice(0, 19).replace(/[-:T]/g, '');
  return new Response(auditCsvStream(iterateAuditLog(client, query.filter)), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': attachmentHeader(`audit-${stamp}.csv`),
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
