/** TESTPLAN S13 and the first gate: proxy.ts sends a nonce CSP and turns away requests without a session cookie. */
import { describe, expect, test } from 'vitest';
import { NextRequest } from 'next/server';
import { PLAIN_SESSION_COOKIE, SECURE_SESSION_COOKIE } from '@/lib/auth/dal';
import { contentSecurityPolicy } from '@/lib/auth/csp';
import { SESSION_COOKIE_NAMES, config, proxy } from '@/proxy';

const BASE = 'http://127.0.0.1:3000';
const request = (path: string, init: { cookie?: string; headers?: Record<string, string> } = {}) =>
  new NextRequest(`${BASE}${path}`, { headers: { ...(init.cookie ? { cookie: init.cookie } : {}), ...init.headers } });

describe('without a session cookie', () => {
  test.each(['/', '/items', '/admin/users', '/account', '/login/totp/../../items'])('page %s redirects (307) to /login', (path) => {
    const r = proxy(request(path));
    expect(r.status).toBe(307);
    expect(new URL(r.headers.get('location')!).pathname).toBe('/login');
  });

  test.each(['/api/items', '/api', '/api/health/../items'])('API %s answers 401 JSON', async (path) => {
    const r = proxy(request(path));
    expect(r.status).toBe(401);
    expect(await r.json()).toEqual({ error: { code: 'unauthenticated', message: '请先登录', status: 401 } });
  });

  test('bypass headers do not help (x-middleware-subrequest, RSC, prefetch)', () => {
    const r = proxy(
      request('/items', {
        headers: { 'x-middleware-subrequest': 'middleware:middleware:middleware:middleware:middleware', RSC: '1', 'Next-Router-Prefetch': '1' },
      }),
    );
    expect(r.status).toBe(307);
  });

  test.each(['/login', '/login/totp', '/api/health'])('public %s passes', (path) => {
    const r = proxy(request(path));
    expect(r.status).toBe(200);
    expect(r.headers.get('x-middleware-next')).toBe('1');
  });

  test('an empty cookie value is no cookie', () => {
    expect(proxy(request('/', { cookie: `${PLAIN_SESSION_COOKIE}=` })).status).toBe(307);
  });
});

test('with either session cookie the request goes on (the DAL decides whether it is a session)', () => {
  for (const name of [SECURE_SESSION_COOKIE, PLAIN_SESSION_COOKIE]) {
    const r = proxy(request('/items', { cookie: `${name}=whatever` }));
    expect(r.status).toBe(200);
    expect(r.headers.get('x-middleware-next')).toBe('1');
  }
  expect([...SESSION_COOKIE_NAMES]).toEqual([SECURE_SESSION_COOKIE, PLAIN_SESSION_COOKIE]);
});

describe('Content-Security-Policy', () => {
  test('every response carries it, with a fresh nonce passed to rendering', () => {
    const a = proxy(request('/login'));
    const b = proxy(request('/login'));
    const csp = a.headers.get('content-security-policy')!;
    const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(b.headers.get('content-security-policy')).not.toBe(csp);
    // The request headers Next renders with carry the same nonce (x-middleware-override-headers mechanism).
    expect(a.headers.get('x-middleware-request-x-nonce')).toBe(nonce);
    expect(a.headers.get('x-middleware-request-content-security-policy')).toBe(csp);
    expect(proxy(request('/')).headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  test('a client cannot choose the nonce or the x-som-path the DAL records', () => {
    const r = proxy(request('/login', { headers: { 'x-nonce': 'attacker', 'x-som-path': '/forged' } }));
    expect(r.headers.get('x-middleware-request-x-nonce')).not.toBe('attacker');
    expect(r.headers.get('x-middleware-request-x-som-path')).toBe('/login');
  });

  test('production policy: nonce + strict-dynamic for scripts, no eval, no inline script, strict framing and base', () => {
    const csp = contentSecurityPolicy('abc', false);
    const d = Object.fromEntries(csp.split('; ').map((p) => [p.split(' ')[0], p.split(' ').slice(1).join(' ')]));
    expect(d['script-src']).toBe("'self' 'nonce-abc' 'strict-dynamic'");
    expect(csp).not.toContain('unsafe-eval');
    expect(d['script-src']).not.toContain('unsafe-inline');
    expect(d).toMatchObject({
      'default-src': "'self'",
      'object-src': "'none'",
      'base-uri': "'none'",
      'frame-ancestors': "'none'",
      'form-action': "'self'",
      'img-src': "'self' data: blob:",
      'connect-src': "'self'",
    });
    expect(contentSecurityPolicy('abc', true)).toContain("'unsafe-eval'");
  });

  test('the matcher leaves only static files out', () => {
    const re = new RegExp(`^${config.matcher[0]}$`);
    for (const p of ['/', '/login', '/api/health', '/items/123', '/_next/data/x.json']) expect(re.test(p)).toBe(true);
    for (const p of ['/_next/static/chunks/a.js', '/_next/image', '/favicon.ico']) expect(re.test(p)).toBe(false);
  });
});
