/**
 * Alert deduplication, escalation and lifecycle as a pure state machine. The caller loads the open
 * alerts, calls `decideAlert` for each new finding and stores what it returns; notifications are
 * sent only when `notify` is true.
 *
 * Decisions for a finding with dedupe key = kind + subject:
 * - create   no alert with that key: new alert, notify;
 * - escalate the level rose above the alert's peak level: notify (a resolved alert is reopened);
 * - refresh  same or lower level inside the cooldown of the alert's peak level (counted from the last
 *            notification, or from resolution for a resolved alert): numbers updated, no notification;
 * - reopen   same or lower level after the cooldown: notify again; a resolved alert goes back to
 *            open, an unresolved one keeps its status (a reminder).
 *
 * Lifecycle: open → acknowledged → assigned → resolved; assigned → assigned (reassign);
 * acknowledged/assigned → resolved; resolved → open (reopen). Anything else is refused with a
 * Chinese message.
 */
import type { Finding, FindingKind, Subject } from './detectors';
import type { WarningLevel, WarningThresholds } from './levels';
import { DEFAULT_THRESHOLDS, WARNING_LEVELS, levelRank } from './levels';

export type AlertStatus = 'open' | 'acknowledged' | 'assigned' | 'resolved';

export interface AlertHistoryEntry {
  at: Date;
  by: string;
  from: AlertStatus | null;
  to: AlertStatus;
  note?: string;
}

export interface AlertState {
  /** Storage id; absent until stored. */
  id?: string;
  key: string;
  kind: FindingKind;
  subject: Subject;
  status: AlertStatus;
  /** Highest level seen while this alert has been open (escalation compares with it). */
  level: WarningLevel;
  /** Level of the latest finding. */
  currentLevel: WarningLevel;
  why: string;
  factors: Record<string, number>;
  metrics: Record<string, number>;
  firstSeenAt: Date;
  lastSeenAt: Date;
  lastNotifiedAt: Date;
  /** Findings merged into this alert. */
  occurrences: number;
  acknowledgedBy?: string | null;
  acknowledgedAt?: Date | null;
  assignee?: string | null;
  assignedBy?: string | null;
  assignedAt?: Date | null;
  resolvedBy?: string | null;
  resolvedAt?: Date | null;
  resolution?: string | null;
  history: AlertHistoryEntry[];
}

export type AlertDecision =
  | { action: 'create'; notify: true; alert: AlertState }
  | { action: 'escalate'; notify: true; from: WarningLevel; to: WarningLevel; alert: AlertState }
  | { action: 'refresh'; notify: false; alert: AlertState }
  | { action: 'reopen'; notify: true; alert: AlertState };

export function dedupeKey(f: Pick<Finding, 'kind' | 'subject'>): string {
  return `${f.kind}|${f.subject.type}|${f.subject.key}`;
}

export function cooldownMs(level: WarningLevel, thresholds: WarningThresholds = DEFAULT_THRESHOLDS): number {
  return thresholds.cooldownMinutes[level] * 60_000;
}

function withFinding(a: AlertState, f: Finding, now: Date): AlertState {
  return {
    ...a,
    currentLevel: f.level,
    why: f.why,
    factors: { ...f.factors },
    metrics: { ...f.metrics },
    lastSeenAt: now,
    occurrences: a.occurrences + 1,
    history: [...a.history],
  };
}

/** Decides what a new finding does to the open alerts (matched by dedupe key). */
export function decideAlert(
  open: readonly AlertState[],
  finding: Finding,
  now: Date,
  thresholds: WarningThresholds = DEFAULT_THRESHOLDS,
): AlertDecision {
  const key = dedupeKey(finding);
  const matches = open.filter((a) => a.key === key);
  // Prefer an unresolved alert; else the latest resolved one.
  const existing =
    matches.find((a) => a.status !== 'resolved') ??
    [...matches].sort((x, y) => (y.resolvedAt?.getTime() ?? 0) - (x.resolvedAt?.getTime() ?? 0))[0];

  if (!existing) {
    return {
      action: 'create',
      notify: true,
      alert: {
        key,
        kind: finding.kind,
        subject: finding.subject,
        status: 'open',
        level: finding.level,
        currentLevel: finding.level,
        why: finding.why,
        factors: { ...finding.factors },
        metrics: { ...finding.metrics },
        firstSeenAt: now,
        lastSeenAt: now,
        lastNotifiedAt: now,
        occurrences: 1,
        history: [{ at: now, by: 'system', from: null, to: 'open', note: '新建预警' }],
      },
    };
  }

  const next = withFinding(existing, finding, now);
  const reopenFromResolved = (note: string) => {
    next.status = 'open';
    next.resolvedAt = null;
    next.resolvedBy = null;
    next.resolution = null;
    next.history.push({ at: now, by: 'system', from: 'resolved', to: 'open', note });
  };

  if (levelRank(finding.level) > levelRank(existing.level)) {
    next.level = finding.level;
    next.lastNotifiedAt = now;
    const note = `升级：${WARNING_LEVELS[existing.level].colour} → ${WARNING_LEVELS[finding.level].colour}`;
    if (existing.status === 'resolved') reopenFromResolved(note);
    return { action: 'escalate', notify: true, from: existing.level, to: finding.level, alert: next };
  }

  const since =
    existing.status === 'resolved'
      ? Math.max(existing.resolvedAt?.getTime() ?? 0, existing.lastNotifiedAt.getTime())
      : existing.lastNotifiedAt.getTime();
  if (now.getTime() - since < cooldownMs(existing.level, thresholds)) {
    return { action: 'refresh', notify: false, alert: next };
  }
  next.lastNotifiedAt = now;
  if (existing.status === 'resolved') {
    // A new episode: the peak restarts at the current level.
    next.level = finding.level;
    reopenFromResolved('冷却期后再次触发，重新打开');
  }
  return { action: 'reopen', notify: true, alert: next };
}

// ---------------------------------------------------------------------------------------------
// Lifecycle

export type LifecycleAction =
  | { type: 'acknowledge'; by: string; at: Date; note?: string }
  | { type: 'assign'; by: string; at: Date; assignee: string; note?: string }
  | { type: 'resolve'; by: string; at: Date; resolution: string }
  | { type: 'reopen'; by: string; at: Date; note?: string };

export type TransitionResult = { ok: true; alert: AlertState } | { ok: false; error: string };

const STATUS_TEXT: Readonly<Record<AlertStatus, string>> = {
  open: '待处理',
  acknowledged: '已确认',
  assigned: '已分派',
  resolved: '已办结',
};

const ACTION_TEXT: Readonly<Record<LifecycleAction['type'], string>> = {
  acknowledge: '确认',
  assign: '分派',
  resolve: '办结',
  reopen: '重新打开',
};

const ALLOWED: Readonly<Record<LifecycleAction['type'], readonly AlertStatus[]>> = {
  acknowledge: ['open'],
  assign: ['open', 'acknowledged', 'assigned'],
  resolve: ['acknowledged', 'assigned'],
  reopen: ['resolved'],
};

const TARGET: Readonly<Record<LifecycleAction['type'], AlertStatus>> = {
  acknowledge: 'acknowledged',
  assign: 'assigned',
  resolve: 'resolved',
  reopen: 'open',
};

function lastChangeAt(a: AlertState): number {
  const times = [a.firstSeenAt.getTime(), ...a.history.map((h) => h.at.getTime())];
  return Math.max(...times);
}

/**
 * Applies a lifecycle action. Validates the actor (non-empty), the time (valid, not in the future
 * of `now`, not before the alert's last change) and the transition. Never mutates the input.
 */
export function transition(alert: AlertState, action: LifecycleAction, now: Date): TransitionResult {
  const by = action.by?.trim();
  if (!by) return { ok: false, error: `${ACTION_TEXT[action.type]}预警须注明操作人` };
  const at = action.at.getTime();
  if (!Number.isFinite(at)) return { ok: false, error: '操作时间无效' };
  if (at > now.getTime()) return { ok: false, error: '操作时间不能晚于当前时间' };
  if (at < lastChangeAt(alert)) return { ok: false, error: '操作时间不能早于该预警的上一次变更' };
  if (!ALLOWED[action.type].includes(alert.status)) {
    const hint =
      action.type === 'resolve' && alert.status === 'open' ? '，请先确认或分派' : alert.status === 'resolved' ? '，请先重新打开' : '';
    return { ok: false, error: `预警当前为“${STATUS_TEXT[alert.status]}”，不能${ACTION_TEXT[action.type]}${hint}` };
  }
  const next: AlertState = { ...alert, history: [...alert.history] };
  const to = TARGET[action.type];
  let note: string | undefined;
  switch (action.type) {
    case 'acknowledge':
      next.acknowledgedBy = by;
      next.acknowledgedAt = action.at;
      note = action.note;
      break;
    case 'assign': {
      const assignee = action.assignee?.trim();
      if (!assignee) return { ok: false, error: '分派预警须指定承办人' };
      if (alert.status === 'assigned' && alert.assignee === assignee) {
        return { ok: false, error: `预警已分派给“${assignee}”` };
      }
      next.assignee = assignee;
      next.assignedBy = by;
      next.assignedAt = action.at;
      if (!next.acknowledgedAt) {
        next.acknowledgedBy = by;
        next.acknowledgedAt = action.at;
      }
      note = action.note ?? `分派给 ${assignee}`;
      break;
    }
    case 'resolve': {
      const resolution = action.resolution?.trim();
      if (!resolution) return { ok: false, error: '办结预警须填写处理结果' };
      next.resolvedBy = by;
      next.resolvedAt = action.at;
      next.resolution = resolution;
      note = resolution;
      break;
    }
    case 'reopen':
      next.resolvedBy = null;
      next.resolvedAt = null;
      next.resolution = null;
      note = action.note;
      break;
  }
  next.status = to;
  next.history.push(note ? { at: action.at, by, from: alert.status, to, note } : { at: action.at, by, from: alert.status, to });
  return { ok: true, alert: next };
}
