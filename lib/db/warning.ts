/**
 * Early-warning storage: rollup series for the detectors, alerts with their lifecycle log,
 * response clocks, hazard warnings, notification channels/rules/deliveries and settings.
 * Decisions (what level, whether to escalate) are made in lib/warning; this module stores them.
 */
import type { Db } from './client';
import { appendAuditInTx } from './audit';
import type { AuditAction, AuditContext } from './audit';
import { takeWriteLock } from './dialect';
import { TX_OPTIONS } from './sources';

// ---------------------------------------------------------------- rollup series

export interface RollupPoint {
  bucket: Date;
  items: number;
  negative: number;
  sensitive: number;
}

/** Hourly counts of one dimension key between from (inclusive) and to (exclusive); empty hours are absent. */
export async function hourlySeries(
  client: Db,
  q: { dimension: string; key: string; from: Date; to: Date },
): Promise<RollupPoint[]> {
  return client.hourlyRollup.findMany({
    where: { dimension: q.dimension, key: q.key, bucket: { gte: q.from, lt: q.to } },
    select: { bucket: true, items: true, negative: true, sensitive: true },
    orderBy: { bucket: 'asc' },
  });
}

/** Keys of a dimension with items in [from, to), busiest first: the subjects worth testing. */
export async function activeKeys(
  client: Db,
  q: { dimension: string; from: Date; to: Date; limit: number },
): Promise<{ key: string; items: number }[]> {
  const rows = await client.hourlyRollup.groupBy({
    by: ['key'],
    where: { dimension: q.dimension, bucket: { gte: q.from, lt: q.to }, key: { not: '' } },
    _sum: { items: true },
    orderBy: { _sum: { items: 'desc' } },
    take: q.limit,
  });
  return rows.map((r) => ({ key: r.key, items: r._sum.items ?? 0 }));
}

// ---------------------------------------------------------------- alerts

export type AlertState = 'open' | 'acknowledged' | 'assigned' | 'resolved';

export interface AlertRow {
  id: number;
  dedupeKey: string;
  kind: string;
  subjectType: string;
  subjectKey: string;
  subjectLabel: string;
  level: string;
  state: string;
  why: string;
  factorsJson: string;
  metricsJson: string;
  eventId: number | null;
  firstRaisedAt: Date;
  lastRaisedAt: Date;
  escalatedAt: Date | null;
  cooldownUntil: Date;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
  assignedTo: string | null;
  assignedAt: Date | null;
  assignedBy: string | null;
  resolvedAt: Date | null;
  resolvedBy: string | null;
  resolution: string | null;
  isDemo: boolean;
}

/** The latest alert per dedupe key that is not resolved, or resolved within `since` (for cooldown). */
export async function alertsByKeys(client: Db, keys: readonly string[]): Promise<AlertRow[]> {
  if (keys.length === 0) return [];
  const rows = await client.alert.findMany({ where: { dedupeKey: { in: [...keys] } }, orderBy: { id: 'desc' } });
  const latest = new Map<string, AlertRow>();
  for (const r of rows) if (!latest.has(r.dedupeKey)) latest.set(r.dedupeKey, r);
  return [...latest.values()];
}

export interface AlertWrite {
  dedupeKey: string;
  kind: string;
  subjectType: string;
  subjectKey: string;
  subjectLabel: string;
  level: string;
  why: string;
  factorsJson: string;
  metricsJson: string;
  eventId: number | null;
  at: Date;
  cooldownUntil: Date;
  isDemo: boolean;
}

export type AlertOp =
  | { op: 'create'; alert: AlertWrite }
  | { op: 'escalate'; id: number; alert: AlertWrite; fromLevel: string }
  | { op: 'refresh'; id: number; alert: AlertWrite }
  | { op: 'reopen'; id: number; alert: AlertWrite; fromLevel: string };

/**
 * Applies the detector's decisions in one transaction, each with its lifecycle record.
 * Returns the ids of alerts that should be notified (created, escalated, reopened).
 */
export async function applyAlertOps(client: Db, ops: readonly AlertOp[]): Promise<number[]> {
  if (ops.length === 0) return [];
  return client.$transaction(async (tx) => {
    await takeWriteLock(tx);
    const notify: number[] = [];
    for (const o of ops) {
      const a = o.alert;
      const fields = {
        subjectLabel: a.subjectLabel,
        level: a.level,
        why: a.why,
        factorsJson: a.factorsJson,
        metricsJson: a.metricsJson,
        eventId: a.eventId,
        lastRaisedAt: a.at,
        cooldownUntil: a.cooldownUntil,
      };
      if (o.op === 'create') {
        // eslint-disable-next-line no-await-in-loop -- a handful of alerts per detection run
        const row = await tx.alert.create({
          data: {
            ...fields,
            dedupeKey: a.dedupeKey,
            kind: a.kind,
            subjectType: a.subjectType,
            subjectKey: a.subjectKey,
            state: 'open',
            firstRaisedAt: a.at,
            isDemo: a.isDemo,
            actions: { create: { at: a.at, actor: 'system', action: 'raised', toLevel: a.level, note: a.why } },
          },
          select: { id: true },
        });
        notify.push(row.id);
      } else if (o.op === 'escalate') {
        // eslint-disable-next-line no-await-in-loop -- as above
        await tx.alert.update({
          where: { id: o.id },
          data: {
            ...fields,
            escalatedAt: a.at,
            actions: { create: { at: a.at, actor: 'system', action: 'escalated', fromLevel: o.fromLevel, toLevel: a.level, note: a.why } },
          },
        });
        notify.push(o.id);
      } else if (o.op === 'reopen') {
        // eslint-disable-next-line no-await-in-loop -- as above
        await tx.alert.update({
          where: { id: o.id },
          data: {
            ...fields,
            state: 'open',
            resolvedAt: null,
            resolvedBy: null,
            resolution: null,
            actions: { create: { at: a.at, actor: 'system', action: 'reopened', fromLevel: o.fromLevel, toLevel: a.level, note: a.why } },
          },
        });
        notify.push(o.id);
      } else {
        // eslint-disable-next-line no-await-in-loop -- as above
        await tx.alert.update({ where: { id: o.id }, data: fields });
      }
    }
    return notify;
  }, TX_OPTIONS);
}

export interface AlertTransition {
  id: number;
  to: AlertState;
  actor: string;
  at: Date;
  assignee?: string;
  note?: string;
}

const TRANSITION_AUDIT: Record<AlertState, AuditAction> = {
  acknowledged: 'alert.acknowledge',
  assigned: 'alert.assign',
  resolved: 'alert.resolve',
  open: 'alert.reopen',
};

/**
 * Stores a lifecycle transition already validated by lib/warning, with who and when, and its audit
 * row in the same transaction (no audit row, no change).
 */
export async function recordAlertTransition(client: Db, t: AlertTransition, audit?: AuditContext): Promise<void> {
  const data =
    t.to === 'acknowledged'
      ? { acknowledgedAt: t.at, acknowledgedBy: t.actor }
      : t.to === 'assigned'
        ? { assignedAt: t.at, assignedBy: t.actor, assignedTo: t.assignee ?? null }
        : t.to === 'resolved'
          ? { resolvedAt: t.at, resolvedBy: t.actor, resolution: t.note ?? null }
          : { resolvedAt: null, resolvedBy: null, resolution: null };
  await client.$transaction(async (tx) => {
    await takeWriteLock(tx);
    const updated = await tx.alert.update({
      where: { id: t.id },
      data: {
        state: t.to,
        ...data,
        actions: {
          create: {
            at: t.at,
            actor: t.actor,
            action: t.to,
            note: t.to === 'assigned' ? `指派给 ${t.assignee ?? ''}${t.note ? `：${t.note}` : ''}` : (t.note ?? null),
          },
        },
      },
      select: { level: true },
    });
    if (audit) {
      await appendAuditInTx(tx, audit, {
        action: TRANSITION_AUDIT[t.to],
        objectType: 'alert',
        objectId: String(t.id),
        at: t.at,
        detail: { to: t.to, by: t.actor, level: updated.level, ...(t.assignee ? { assignee: t.assignee } : {}), noted: Boolean(t.note) },
      });
    }
  }, TX_OPTIONS);
}

export async function getAlert(client: Db, id: number) {
  return client.alert.findUnique({ where: { id }, include: { actions: { orderBy: [{ at: 'asc' }, { id: 'asc' }] }, deliveries: true } });
}

export async function listAlerts(client: Db, q: { states?: AlertState[]; limit?: number } = {}): Promise<AlertRow[]> {
  return client.alert.findMany({
    where: q.states ? { state: { in: q.states } } : {},
    orderBy: [{ lastRaisedAt: 'desc' }],
    take: q.limit ?? 100,
  });
}

// ---------------------------------------------------------------- clocks

export interface ClockRow {
  id: number;
  eventId: number;
  kind: string;
  label: string;
  startedAt: Date;
  dueAt: Date;
  metAt: Date | null;
  metBy: string | null;
  state: string;
  escalatedAt: Date | null;
}

/** Creates an event's clocks once (they start at its first item; later calls keep them). */
export async function ensureClocks(
  client: Db,
  clocks: readonly { eventId: number; kind: string; label: string; startedAt: Date; dueAt: Date }[],
): Promise<void> {
  for (const c of clocks) {
    // eslint-disable-next-line no-await-in-loop -- a few clocks per event
    await client.responseClock.upsert({
      where: { eventId_kind: { eventId: c.eventId, kind: c.kind } },
      create: { ...c, state: 'running' },
      // A grade that rises later moves a clock forward, never back.
      update: {},
    });
  }
}

export async function openClocks(client: Db): Promise<ClockRow[]> {
  return client.responseClock.findMany({ where: { state: { in: ['running', 'overdue'] } }, orderBy: { dueAt: 'asc' } });
}

export async function clocksOfEvents(client: Db, eventIds: readonly number[]): Promise<ClockRow[]> {
  if (eventIds.length === 0) return [];
  return client.responseClock.findMany({ where: { eventId: { in: [...eventIds] } }, orderBy: { dueAt: 'asc' } });
}

export async function updateClock(
  client: Db,
  id: number,
  data: { state?: string; metAt?: Date | null; metBy?: string | null; metNote?: string | null; escalatedAt?: Date | null },
): Promise<void> {
  await client.responseClock.update({ where: { id }, data });
}

/** A person marks a response clock met (e.g. the press conference was held), with its audit row. */
export async function markClockMet(client: Db, id: number, met: { at: Date; by: string; note: string; state: 'met' | 'met_late' }, audit: AuditContext): Promise<void> {
  await client.$transaction(async (tx) => {
    await takeWriteLock(tx);
    await tx.responseClock.update({ where: { id }, data: { metAt: met.at, metBy: met.by, metNote: met.note, state: met.state } });
    await appendAuditInTx(tx, audit, { action: 'clock.met', objectType: 'clock', objectId: String(id), at: met.at, detail: { by: met.by, state: met.state } });
  }, TX_OPTIONS);
}

// ---------------------------------------------------------------- hazard warnings

export interface HazardWarningWrite {
  itemId: number;
  hazard: string;
  level: string;
  action: string;
  publisher: string | null;
  region: string | null;
  issuedAt: Date;
  validUntil: Date | null;
  title: string;
  isDemo: boolean;
}

/** Stores warnings read from items (once per item); a "lift" closes the open warnings it names. */
export async function saveHazardWarnings(client: Db, warnings: readonly HazardWarningWrite[]): Promise<void> {
  if (warnings.length === 0) return;
  await client.$transaction(async (tx) => {
    await takeWriteLock(tx);
    for (const w of [...warnings].sort((a, b) => a.issuedAt.getTime() - b.issuedAt.getTime())) {
      // eslint-disable-next-line no-await-in-loop -- a few warnings per batch
      await tx.hazardWarning.upsert({ where: { itemId: w.itemId }, create: w, update: {} });
      // An upgrade, downgrade or lift replaces what the same publisher said before about the same hazard.
      // eslint-disable-next-line no-await-in-loop -- as above
      await tx.hazardWarning.updateMany({
        where: {
          hazard: w.hazard,
          region: w.region,
          publisher: w.publisher,
          liftedAt: null,
          issuedAt: { lt: w.issuedAt },
          itemId: { not: w.itemId },
        },
        data: { liftedAt: w.issuedAt },
      });
      if (w.action === 'lift') {
        // eslint-disable-next-line no-await-in-loop -- as above
        await tx.hazardWarning.update({ where: { itemId: w.itemId }, data: { liftedAt: w.issuedAt } });
      }
    }
  }, TX_OPTIONS);
}

/** A warning that states no validity is taken to run for a day (weather warnings are renewed daily). */
export const DEFAULT_WARNING_VALIDITY_MS = 24 * 3_600_000;

/** Warnings in force at `now`: not lifted, not expired. */
export async function hazardWarningsInForce(client: Db, now: Date) {
  return client.hazardWarning.findMany({
    where: {
      liftedAt: null,
      issuedAt: { lte: now },
      OR: [
        { validUntil: null, issuedAt: { gt: new Date(now.getTime() - DEFAULT_WARNING_VALIDITY_MS) } },
        { validUntil: { gt: now } },
      ],
    },
    orderBy: [{ issuedAt: 'desc' }],
  });
}

// ---------------------------------------------------------------- settings

export async function getSetting(client: Db, key: string): Promise<unknown> {
  const row = await client.setting.findUnique({ where: { key } });
  if (!row) return undefined;
  try {
    return JSON.parse(row.valueJson) as unknown;
  } catch {
    return undefined;
  }
}

const SETTING_AUDIT: Record<string, AuditAction> = {
  'warning.thresholds': 'settings.thresholds',
  'warning.clocks': 'settings.clocks',
};

/** Stores a setting; with an audit context, its audit row goes in the same transaction. */
export async function putSetting(client: Db, key: string, value: unknown, by: string, audit?: AuditContext): Promise<void> {
  const valueJson = JSON.stringify(value);
  await client.$transaction(async (tx) => {
    await takeWriteLock(tx);
    await tx.setting.upsert({ where: { key }, create: { key, valueJson, updatedBy: by }, update: { valueJson, updatedBy: by } });
    const action = SETTING_AUDIT[key];
    if (audit && action) {
      // The value itself is configuration, small and not secret: record it so a change can be traced.
      await appendAuditInTx(tx, audit, { action, objectType: 'setting', objectId: key, detail: { value } });
    }
  }, TX_OPTIONS);
}

// ---------------------------------------------------------------- notifications

export async function listChannels(client: Db, opts: { enabledOnly?: boolean } = {}) {
  return client.notificationChannel.findMany({ where: opts.enabledOnly ? { enabled: true } : {}, orderBy: { id: 'asc' } });
}

/** Saves a channel; with `audit`, its audit row in the same transaction (kind and name only: configs hold secrets). */
export async function upsertChannel(client: Db, c: { name: string; kind: string; configJson: string; enabled?: boolean }, audit?: AuditContext) {
  const data = { kind: c.kind, configJson: c.configJson, enabled: c.enabled ?? true };
  return client.$transaction(async (tx) => {
    await takeWriteLock(tx);
    const row = await tx.notificationChannel.upsert({ where: { name: c.name }, create: { name: c.name, ...data }, update: data });
    if (audit) {
      await appendAuditInTx(tx, audit, { action: 'notify.channel.save', objectType: 'channel', objectId: String(row.id), detail: { name: c.name, kind: c.kind, enabled: data.enabled } });
    }
    return row;
  }, TX_OPTIONS);
}

export async function listRules(client: Db, opts: { enabledOnly?: boolean } = {}) {
  return client.notificationRule.findMany({ where: opts.enabledOnly ? { enabled: true } : {}, orderBy: { id: 'asc' } });
}

/** Saves a notification rule; with `audit`, its audit row in the same transaction. */
export async function upsertRule(client: Db, r: { name: string; ruleJson: string; enabled?: boolean }, audit?: AuditContext) {
  const data = { ruleJson: r.ruleJson, enabled: r.enabled ?? true };
  return client.$transaction(async (tx) => {
    await takeWriteLock(tx);
    const row = await tx.notificationRule.upsert({ where: { name: r.name }, create: { name: r.name, ...data }, update: data });
    if (audit) {
      await appendAuditInTx(tx, audit, { action: 'notify.rule.save', objectType: 'rule', objectId: String(row.id), detail: { name: r.name, enabled: data.enabled } });
    }
    return row;
  }, TX_OPTIONS);
}

export async function enqueueDeliveries(
  client: Db,
  rows: readonly { alertId: number; channelId: number; ruleId: number | null; tier: string; nextAttemptAt: Date | null; createdAt: Date }[],
): Promise<void> {
  if (rows.length === 0) return;
  await client.delivery.createMany({
    data: rows.map((r) => ({ ...r, state: r.tier === 'digest' ? 'digest' : 'pending' })),
  });
}

/** Immediate deliveries whose time has come, oldest first. */
export async function dueDeliveries(client: Db, now: Date, limit = 50) {
  return client.delivery.findMany({
    where: { state: 'pending', OR: [{ nextAttemptAt: null }, { nextAttemptAt: { lte: now } }] },
    include: { alert: true, channel: true },
    orderBy: { id: 'asc' },
    take: limit,
  });
}

export async function markDelivery(
  client: Db,
  id: number,
  r: { state: 'sent' | 'pending' | 'failed'; attempts: number; nextAttemptAt: Date | null; lastError: string | null; sentAt: Date | null },
): Promise<void> {
  await client.delivery.update({ where: { id }, data: r });
}

export async function recordAlertAction(
  client: Db,
  a: { alertId: number; at: Date; actor: string; action: string; note?: string | null },
): Promise<void> {
  await client.alertAction.create({ data: { alertId: a.alertId, at: a.at, actor: a.actor, action: a.action, note: a.note ?? null } });
}

/** Failed or retrying deliveries, for the dashboard and /api/health: nothing is silently lost. */
export async function deliveryProblems(client: Db) {
  const [failed, retrying] = await Promise.all([
    client.delivery.count({ where: { state: 'failed' } }),
    client.delivery.count({ where: { state: 'pending', attempts: { gt: 0 } } }),
  ]);
  return { failed, retrying };
}
