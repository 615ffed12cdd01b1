/**
 * The first gate (Next 16 "proxy", formerly middleware), with no database access:
 * - a Content-Security-Policy with a fresh nonce on every page (Next applies the nonce to its own
 *   scripts while rendering);
 * - no session cookie → pages redirect to /login, /api/* answers 401 JSON.
 * Whether the cookie is a valid session, and what its holder may do, is decided by the DAL
 * (lib/auth/dal.ts) in every page, action and route handler: this gate can be bypassed or mis-matched
 * and nothing must depend on it alone.
 */
import { NextResponse } from 'next/server';
import type { NextRequest } from 'next/server';
import { contentSecurityPolicy, newNonce } from '@/lib/auth/csp';

/** The same names as SECURE_SESSION_COOKIE / PLAIN_SESSION_COOKIE in lib/auth/dal.ts (kept out of this bundle). */
export const SESSION_COOKIE_NAMES = ['__Host-som_session', 'som_session'] as const;

/** Reachable without a session. */
const PUBLIC_PATHS = new Set(['/login', '/login/totp', '/api/health']);
/** The public release pages and their RSS feed (the "government website first" channel of 发布). */
const PUBLIC_PREFIX = '/public/';

// Next replaces NODE_ENV at build time; `next dev` needs eval for its error overlay.
const DEV = process.env.NODE_ENV === 'development';

function isPublic(pathname: string): boolean {
  return PUBLIC_PATHS.has(pathname) || pathname.startsWith(PUBLIC_PREFIX);
}

export function proxy(request: NextRequest): NextResponse {
  const nonce = newNonce();
  const csp = contentSecurityPolicy(nonce, DEV);
  const { pathname } = request.nextUrl;
  const hasCookie = SESSION_COOKIE_NAMES.some((n) => !!request.cookies.get(n)?.value);

  let response: NextResponse;
  if (!hasCookie && !isPublic(pathname)) {
    response = pathname === '/api' || pathname.startsWith('/api/')
      ? NextResponse.json({ error: { code: 'unauthenticated', message: '请先登录', status: 401 } }, { status: 401 })
      : NextResponse.redirect(new URL('/login', request.url), 307);
  } else {
    const requestHeaders = new Headers(request.headers);
    requestHeaders.set('x-nonce', nonce);
    requestHeaders.set('Content-Security-Policy', csp);
    // The path as requested, for the DAL's denial records (overwrites anything the client sent).
    requestHeaders.set('x-som-path', pathname.slice(0, 300));
    response = NextResponse.next({ request: { headers: requestHeaders } });
  }
  response.headers.set('Content-Security-Policy', csp);
  return response;
}

export const config = {
  matcher: [
    // Everything but Next's static files and the icon.
    '/((?!_next/static|_next/image|favicon.ico).*)',
  ],
};
