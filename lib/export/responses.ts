/**
 * The two file exports (items, audit log) as plain functions of the request and the caller's audit
 * context: the route handlers check permission and origin, then call these; tests call them directly.
 * Each records the export before the first byte leaves (no audit row, no file).
 */
import { z } from 'zod';
import { auditCsvStream } from '@/lib/audit/csv';
import { auditQueryDetail, parseAuditQuery } from '@/lib/audit/query';
import { appendAudit, countItemsUpTo, db, iterateAuditLog, iterateItems, prepareSearchSegmenter } from '@/lib/db';
import type { AuditContext } from '@/lib/db';
import { parseItemQuery } from '@/lib/search/filter';
import { EXPORT_MAX_ROWS } from './cells';
import { EXPORT_CONTENT_TYPES, attachmentHeader, csvStream, exportFileName, xlsxBytes } from './stream';

const FormatSchema = z.enum(['csv', 'xlsx']);

function badRequest(message: string): Response {
  return Response.json({ error: { message, code: 'invalid_query', status: 400 } }, { status: 400 });
}

/** The item list's current filter as CSV or XLSX, newest first, at most EXPORT_MAX_ROWS rows. */
export async function itemsExportResponse(request: Request, audit: AuditContext): Promise<Response> {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const format = FormatSchema.safeParse(params.format ?? 'csv');
  if (!format.success) return badRequest('导出格式只能是 csv 或 xlsx');
  const now = new Date();
  if (params.q) await prepareSearchSegmenter(db());
  const query = parseItemQuery(params, now);
  // Unlike the page, an export with a wrong condition is refused: a file must match what was asked.
  if (query.errors.length) return badRequest(`导出条件有误：${query.errors.join('；')}`);
  const match = query.search.kind === 'ok' ? query.search.match : null;
  // Recorded before the first byte leaves: no audit row, no file.
  const rows = await countItemsUpTo(db(), query.filter, match, EXPORT_MAX_ROWS);
  const { format: _format, ...filter } = params;
  await appendAudit(db(), audit, {
    action: 'export.items',
    objectType: 'items',
    objectId: format.data,
    at: now,
    detail: { filter, rows: rows.count },
  });
  const pages = iterateItems(db(), query.filter, match, EXPORT_MAX_ROWS);
  const headers = {
    'Content-Type': EXPORT_CONTENT_TYPES[format.data],
    'Content-Disposition': attachmentHeader(exportFileName(format.data, now)),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  };
  if (format.data === 'csv') return new Response(csvStream(pages), { headers });
  return new Response(new Uint8Array(await xlsxBytes(pages)), { headers });
}

/** The audit log search as CSV, newest first. */
export async function auditExportResponse(request: Request, audit: AuditContext): Promise<Response> {
  const query = parseAuditQuery(Object.fromEntries(new URL(request.url).searchParams));
  const client = db();
  const now = new Date();
  // Recorded before the first byte leaves: no audit row, no file.
  await appendAudit(client, audit, {
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
