/**
 * The AuditContext of a request or a CLI run. Until accounts exist the actor is the name the user
 * typed (web:姓名) or the OS user of a CLI (cli:<user>); role stays empty.
 */
import { randomUUID } from 'node:crypto';
import { isIP } from 'node:net';
import type { AuditContext } from '@/lib/db';

/**
 * The client address as reported by a trusted reverse proxy (X-Real-IP, else the right-most
 * X-Forwarded-For entry, the one our proxy appended). Without TRUST_PROXY the headers are the
 * client's own words and are ignored: null.
 */
export function clientIpFrom(headers: Pick<Headers, 'get'>, trustProxy: boolean): string | null {
  if (!trustProxy) return null;
  const real = headers.get('x-real-ip')?.trim();
  if (real && isIP(real)) return real;
  const forwarded = headers.get('x-forwarded-for')?.split(',').map((s) => s.trim()).filter(Boolean).at(-1);
  return forwarded && isIP(forwarded) ? forwarded : null;
}

/** One context per request: a fresh request id, the proxy-reported address when trusted. */
export function auditContextFromHeaders(actor: string, headers: Pick<Headers, 'get'>, trustProxy: boolean): AuditContext {
  return { actor, role: null, clientIp: clientIpFrom(headers, trustProxy), requestId: randomUUID() };
}

/** For CLIs: `actor` is already `cli:<user>`. */
export function cliAuditContext(actor: string): AuditContext {
  return { actor, role: null, clientIp: null, requestId: randomUUID() };
}
