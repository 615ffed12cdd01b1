import { auditContextOf, guardRoute } from '@/lib/auth/dal';
import { auditExportResponse } from '@/lib/export/responses';
import { exportLimiter, throttledResponse } from '@/lib/auth/throttle';
import { refuseCrossSite } from '@/lib/http/same-origin';

export const dynamic = 'force-dynamic';

// GET /audit/export?…the page's search – the current search as CSV, newest first (audit administrator only)
export async function GET(request: Request): Promise<Response> {
  const guard = await guardRoute('audit.read');
  if ('response' in guard) return guard.response;
  const crossSite = refuseCrossSite(request);
  if (crossSite) return crossSite;
  // Exports are expensive: a few a minute per account (TESTPLAN S22).
  const allowed = exportLimiter().take(`${guard.actor.userId}`, new Date());
  if (!allowed.allowed) return throttledResponse(allowed);
  return auditExportResponse(request, auditContextOf(guard.actor, request.headers));
}
