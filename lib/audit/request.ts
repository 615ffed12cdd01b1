/** AuditContext of the current server action or route handler (Next request headers). */
import { headers } from 'next/headers';
import { config } from '@/lib/config';
import type { AuditContext } from '@/lib/db';
import { auditContextFromHeaders } from './context';

export async function requestAuditContext(actor: string): Promise<AuditContext> {
  return auditContextFromHeaders(actor, await headers(), config().audit.trustProxy);
}
