/**
 * The daily audit job (worker): retention first, then the chain check. A broken chain opens a
 * system event (shown on the overview and /api/health) until a later check passes again. The same
 * daily pass disables business accounts unused for 90 days (MLPS 8.1.4.2c).
 */
import { appendAudit, closeSystemEvents, deleteExpiredAuditRows, disableInactiveAccounts, lastAuditVerification, openSystemEvent, verifyAuditChain } from '@/lib/db';
import type { AuditContext, AuditVerification, Db } from '@/lib/db';

export const AUDIT_JOB_EVERY_MS = 24 * 3_600_000;
export const AUDIT_CHAIN_EVENT = 'audit_chain_broken';
const SYSTEM: AuditContext = { actor: 'system', role: null, clientIp: null, requestId: null };

/** Due when the last recorded verification is a day old (or none exists): survives restarts. */
export async function isAuditJobDue(client: Db, now: Date): Promise<boolean> {
  const last = await lastAuditVerification(client);
  return !last || now.getTime() - last.at.getTime() >= AUDIT_JOB_EVERY_MS;
}

export async function runAuditJob(
  client: Db,
  o: { now: Date; retentionDays: number },
): Promise<{ deleted: number; verification: AuditVerification; disabledAccounts: string[] }> {
  const disabledAccounts = await disableInactiveAccounts(client, o.now, { ...SYSTEM, actor: 'system:inactivity' });
  const { deleted } = await deleteExpiredAuditRows(client, { now: o.now, retentionDays: o.retentionDays, ctx: SYSTEM });
  const verification = await verifyAuditChain(client);
  await appendAudit(client, SYSTEM, {
    action: 'audit.verify',
    objectType: 'audit_log',
    objectId: verification.broken ? String(verification.broken.id) : 'chain',
    result: verification.ok ? 'ok' : 'failed',
    reason: verification.broken?.problem ?? null,
    at: o.now,
    detail: { checked: verification.checked, firstId: verification.firstId, lastId: verification.lastId, deleted },
  });
  if (verification.broken) {
    await openSystemEvent(client, {
      kind: AUDIT_CHAIN_EVENT,
      message: `审计日志完整性校验失败：第 ${verification.broken.id} 条记录（${verification.broken.problem}）`,
      now: o.now,
    });
  } else {
    await closeSystemEvents(client, AUDIT_CHAIN_EVENT, o.now);
  }
  return { deleted, verification, disabledAccounts };
}
