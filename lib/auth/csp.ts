/**
 * The Content-Security-Policy proxy.ts sends with every page (TESTPLAN S13). Scripts run only with
 * the per-request nonce (Next puts it on its own scripts) and what they load ('strict-dynamic'): no
 * inline script without the nonce, no eval in production. Styles allow inline because React's style
 * attributes and the charts (recharts) set them; a style cannot run code. No plugins, no framing,
 * no <base>, forms post only to us.
 */
export function contentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    // React reconstructs server error stacks with eval in development only (Next CSP guide).
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${dev ? ' ws: wss:' : ''}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ].join('; ');
}

/** 128 random bits, base64: unguessable and fresh for every request. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
