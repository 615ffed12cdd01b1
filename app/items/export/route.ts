import { auditContextOf, guardRoute } from '@/lib/auth/dal';
import { itemsExportResponse } from '@/lib/export/responses';
import { exportLimiter, throttledResponse } from '@/lib/auth/throttle';
import { refuseCrossSite } from '@/lib/http/same-origin';

export const dynamic = 'force-dynamic';

// GET /items/export?format=csv|xlsx&…the list's filters – the current filter as a file, newest first, at most EXPORT_MAX_ROWS rows
export async function GET(request: Request): Promise<Response> {
  const guard = await guardRoute('items.export');
  if ('response' in guard) return guard.response;
  // An export is an expensive, audited read: another site may not trigger one with a link.
  const crossSite = refuseCrossSite(request);
  if (crossSite) return crossSite;
  // Exports are expensive: a few a minute per account (TESTPLAN S22).
  const allowed = exportLimiter().take(`${guard.actor.userId}`, new Date());
  if (!allowed.allowed) return throttledResponse(allowed);
  return itemsExportResponse(request, auditContextOf(guard.actor, request.headers));
}
