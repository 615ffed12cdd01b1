import { z } from 'zod';
import { auditContextFromHeaders } from '@/lib/audit/context';
import { config } from '@/lib/config';
import { appendAudit, countItemsUpTo, db, iterateItems, prepareSearchSegmenter } from '@/lib/db';
import { EXPORT_MAX_ROWS } from '@/lib/export/cells';
import { EXPORT_CONTENT_TYPES, attachmentHeader, csvStream, exportFileName, xlsxBytes } from '@/lib/export/stream';
import { parseItemQuery } from '@/lib/search/filter';

export const dynamic = 'force-dynamic';

const FormatSchema = z.enum(['csv', 'xlsx']);

function badRequest(message: string): Response {
  return Response.json({ error: { message, code: 'invalid_query', status: 400 } }, { status: 400 });
}

// GET /items/export?format=csv|xlsx&…the list's filters – the current filter as a file, newest first, at most EXPORT_MAX_ROWS rows
export async function GET(request: Request): Promise<Response> {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const format = FormatSchema.safeParse(params.format ?? 'csv');
  if (!format.success) return badRequest('导出格式只能是 csv 或 xlsx');
  const now = new Date();
  if (params.q) await prepareSearchSegmenter(db());
  const query = parseItemQuery(params, now);
  // Unlike the page, an export with a wrong condition is refused: a file must match what was asked.
  if (query.errors.length) return badRequest(`导出条件有误：${query.errors.join('；')}`);
  const match = query.search.kind === 'ok' ? query.search.match : null;
  // Recorded before the first byte leaves: no audit row, no file. Accounts arrive later: actor 'web'.
  const rows = await countItemsUpTo(db(), query.filter, match, EXPORT_MAX_ROWS);
  const { format: _format, ...filter } = params;
  await appendAudit(db(), auditContextFromHeaders('web', request.headers, config().audit.trustProxy), {
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
