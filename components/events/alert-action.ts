'use server';
/**
 * The server half of AlertActions: one Server Action for the four lifecycle steps. The work is in
 * lib/events-view/alert-actions (validated there, testable without Next); this only wires it up.
 */
import { refresh } from 'next/cache';
import { db } from '@/lib/db';
import { actorAuditContext, requirePermission } from '@/lib/auth/dal';
import { applyAlertAction, parseAlertAction } from '@/lib/events-view/alert-actions';
import type { AlertActionResult } from '@/lib/events-view/alert-actions';

export type AlertActionState = AlertActionResult | null;

// POST (Server Action) – acknowledge / assign / resolve / reopen an alert
export async function alertAction(_prev: AlertActionState, form: FormData): Promise<AlertActionState> {
  const actor = await requirePermission('alerts.handle');
  const raw: Record<string, unknown> = {};
  for (const [k, v] of form.entries()) if (typeof v === 'string') raw[k] = v;
  // Who acted is the signed-in person, never a form field: the alert shows the name, the log the account.
  raw.actor = actor.name;
  const parsed = parseAlertAction(raw);
  if (!parsed.ok) return { ok: false, alertId: null, error: parsed.error };
  const audit = await actorAuditContext(actor);
  const result = await applyAlertAction(db(), parsed.input, new Date(), audit);
  // The page shows the new state (or, after a refusal because someone else acted, the current one).
  refresh();
  return result;
}
