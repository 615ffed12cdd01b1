/**
 * Cross-site request refusal for route handlers (TESTPLAN S7). Server actions get Next's own
 * Origin check; our GET routes that do expensive or audited work (exports) refuse requests a
 * browser marks as coming from another site, so a link elsewhere cannot trigger them with the
 * user's cookie. Clients that send no Sec-Fetch-Site (curl, old browsers) are judged by Origin.
 */
export function refuseCrossSite(request: Request): Response | null {
  const site = request.headers.get('sec-fetch-site');
  const origin = request.headers.get('origin');
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  let foreignOrigin = false;
  if (origin && origin !== 'null' && host) {
    try {
      foreignOrigin = new URL(origin).host !== host;
    } catch {
      foreignOrigin = true;
    }
  }
  if (site === 'cross-site' || site === 'same-site' || foreignOrigin || origin === 'null') {
    return Response.json({ error: { code: 'cross_site', message: '拒绝来自其他网站的请求' } }, { status: 403 });
  }
  return null;
}
