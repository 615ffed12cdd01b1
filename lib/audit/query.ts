/**
 * The /audit search as it travels in the address bar: zod-checked, turned into an AuditFilter for
 * lib/db, and back into links (paging, CSV export of the same search).
 */
import { z } from 'zod';
import { AUDIT_ACTIONS } from '@/lib/db';
import type { AuditFilter, AuditResult } from '@/lib/db';

export type SearchParams = Record<string, string | string[] | undefined>;

export const AUDIT_PAGE_SIZE = 50;

/** What the form sends: `datetime-local` values, read as Beijing time. */
const LocalDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/)
  .transform((s) => new Date(`${s}:00+08:00`))
  .refine((d) => !Number.isNaN(d.getTime()));
const Text = z.string().trim().min(1).max(100).regex(/^[^\p{Cc}]+$/u);

const AuditQuerySchema = z.object({
  from: LocalDateTime.optional().catch(undefined),
  to: LocalDateTime.optional().catch(undefined),
  actor: Text.optional().catch(undefined),
  action: z.enum(AUDIT_ACTIONS).optional().catch(undefined),
  objectType: z.string().regex(/^[a-z_]{1,40}$/).optional().catch(undefined),
  objectId: Text.optional().catch(undefined),
  result: z.enum(['ok', 'denied', 'failed']).optional().catch(undefined),
  before: z.coerce.number().int().positive().optional().catch(undefined),
});

export interface AuditQuery {
  /** As typed, to fill the form again. */
  raw: Record<string, string>;
  filter: AuditFilter;
  before: number | undefined;
  /** Parameters that were present but invalid, ignored. */
  ignored: string[];
}

const KEYS = ['from', 'to', 'actor', 'action', 'objectType', 'objectId', 'result', 'before'] as const;

function first(v: string | string[] | undefined): string | undefined {
  const s = Array.isArray(v) ? v[0] : v;
  return s === undefined || s.trim() === '' ? undefined : s;
}

export function parseAuditQuery(params: SearchParams): AuditQuery {
  const raw: Record<string, string> = {};
  for (const k of KEYS) {
    const v = first(params[k]);
    if (v !== undefined) raw[k] = v;
  }
  const q = AuditQuerySchema.parse(raw);
  const ignored = KEYS.filter((k) => raw[k] !== undefined && q[k] === undefined);
  for (const k of ignored) delete raw[k];
  const filter: AuditFilter = {
    ...(q.from ? { from: q.from } : {}),
    ...(q.to ? { to: q.to } : {}),
    ...(q.actor ? { actor: q.actor } : {}),
    ...(q.action ? { action: q.action } : {}),
    ...(q.objectType ? { objectType: q.objectType } : {}),
    ...(q.objectId ? { objectId: q.objectId } : {}),
    ...(q.result ? { result: q.result as AuditResult } : {}),
  };
  return { raw, filter, before: q.before, ignored };
}

/** The search as a query string, with `before` replaced (or dropped with null). */
export function auditQueryString(q: AuditQuery, before: number | null): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q.raw)) if (k !== 'before') p.set(k, v);
  if (before !== null) p.set('before', String(before));
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** What the audit row of a search records: the filter only, never the results. */
export function auditQueryDetail(q: AuditQuery): Record<string, unknown> {
  const { before: _before, ...filter } = q.raw;
  return { filter, ...(q.before ? { before: q.before } : {}) };
}
