/**
 * One early-warning run at `now`: read rollups, events, sources, clocks and hazard warnings from the
 * database, run the pure detectors of lib/warning, deduplicate against stored alerts, store the
 * decisions with their lifecycle records, and queue notifications for new and escalated alerts.
 * Everything takes `now`, so a replay drives it through past time exactly as the worker does live.
 */
import type { z } from 'zod';
import type { AccidentGrade } from '@/lib/analysis/grade';
import {
  activeKeys,
  alertsByKeys,
  applyAlertOps,
  clocksOfEvents,
  enqueueDeliveries,
  ensureClocks,
  getSetting,
  hazardWarningsInForce,
  hourlySeries,
  listRules,
  overdueWorkflow,
  updateClock,
} from '@/lib/db';
import type { AlertOp, AlertRow, AlertWrite, Db } from '@/lib/db';
import { log } from '@/lib/log';
import { NotificationRuleSchema, routeAlert } from '@/lib/notify/routing';
import type { NotificationRule } from '@/lib/notify/routing';
import { DEFAULT_CLOCK_CONFIG, ResponseClockConfigSchema, clockStatus, clocksFor } from '@/lib/warning/clocks';
import type { ClockState, ResponseClockConfig } from '@/lib/warning/clocks';
import { cooldownMs, decideAlert, dedupeKey } from '@/lib/warning/dedupe';
import type { AlertState, AlertStatus } from '@/lib/warning/dedupe';
import {
  detectAccidentGrade,
  detectEventSpread,
  detectHazardWarning,
  detectNegativeShift,
  detectSensitiveCues,
  detectSilentSource,
  detectVolumeSpike,
} from '@/lib/warning/detectors';
import type { CountPoint, Finding, Subject, SubjectType } from '@/lib/warning/detectors';
import { workflowFindings } from '@/lib/warning/workflow-findings';
import { DEFAULT_THRESHOLDS, GRADE_RANK, WARNING_LEVELS, WarningThresholdsSchema, maxLevel } from '@/lib/warning/levels';
import type { WarningLevel, WarningThresholds } from '@/lib/warning/levels';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Events seen within this window are checked for spread, grade, cues and clocks. */
export const EVENT_WINDOW_HOURS = 72;
/** Subjects per dimension tested for volume and negativity (the busiest of the last day). */
export const SUBJECTS_PER_DIMENSION = 30;
/** Negative share: the recent window against the days before it. */
export const NEGATIVE_WINDOW_HOURS = 6;
export const NEGATIVE_BASELINE_DAYS = 7;

/** Alert kinds that remind again after their cooldown while nobody has acknowledged them. */
export const REMINDED_KINDS: ReadonlySet<string> = new Set(['volume_spike', 'negative_shift', 'event_spread', 'sensitive_cues', 'clock_overdue']);

export const SETTING_THRESHOLDS = 'warning.thresholds';
export const SETTING_CLOCKS = 'warning.clocks';


const DIMENSION_LABEL: Readonly<Record<string, string>> = {
  category: '信源类别',
  region: '地区',
  topic: '专题',
};

const CATEGORY_LABEL: Readonly<Record<string, string>> = {
  official: '政府/官方',
  central_media: '中央媒体',
  local_media: '地方媒体',
  forum_social: '论坛/社交',
  own_site: '本单位网站',
};

export interface DetectionSettings {
  thresholds: WarningThresholds;
  clocks: ResponseClockConfig;
  rules: NotificationRule[];
}

/** Settings from the database; a stored value that no longer validates falls back to defaults, loudly. */
export async function loadDetectionSettings(client: Db): Promise<DetectionSettings> {
  const parse = <T>(schema: z.ZodType<T>, raw: unknown, name: string, fallback: T): T => {
    if (raw === undefined) return fallback;
    const r = schema.safeParse(raw);
    if (r.success) return r.data;
    log.error('setting_invalid', { setting: name, message: r.error.issues.map((i) => i.message).join('; ') });
    return fallback;
  };
  const [t, c, ruleRows] = await Promise.all([
    getSetting(client, SETTING_THRESHOLDS),
    getSetting(client, SETTING_CLOCKS),
    listRules(client, { enabledOnly: true }),
  ]);
  const rules: NotificationRule[] = [];
  for (const row of ruleRows) {
    let raw: unknown;
    try {
      raw = { ...(JSON.parse(row.ruleJson) as object), id: String(row.id) };
    } catch {
      raw = null;
    }
    const r = NotificationRuleSchema.safeParse(raw);
    if (r.success) rules.push(r.data);
    else log.error('notification_rule_invalid', { rule: row.name });
  }
  return {
    thresholds: parse(WarningThresholdsSchema, t, SETTING_THRESHOLDS, DEFAULT_THRESHOLDS),
    clocks: parse(ResponseClockConfigSchema, c, SETTING_CLOCKS, DEFAULT_CLOCK_CONFIG),
    rules,
  };
}

// ---------------------------------------------------------------- series

/** Hourly points from `from` to the hour of `now`, zeros for empty hours since data exists, null before. */
function hourlyPoints(rows: readonly { bucket: Date; items: number }[], from: number, now: Date, dataSince: number): CountPoint[] {
  const byHour = new Map(rows.map((r) => [r.bucket.getTime(), r.items]));
  const out: CountPoint[] = [];
  for (let t = from; t <= now.getTime(); t += HOUR) {
    out.push({ start: new Date(t), count: t + HOUR <= dataSince ? null : (byHour.get(t) ?? 0) });
  }
  return out;
}

const SHANGHAI = 8 * HOUR;

/** Daily points (Asia/Shanghai days) from hourly rows. */
function dailyPoints(rows: readonly { bucket: Date; items: number }[], days: number, now: Date, dataSince: number): CountPoint[] {
  const today = Math.floor((now.getTime() + SHANGHAI) / DAY) * DAY - SHANGHAI;
  const byDay = new Map<number, number>();
  for (const r of rows) {
    const d = Math.floor((r.bucket.getTime() + SHANGHAI) / DAY) * DAY - SHANGHAI;
    byDay.set(d, (byDay.get(d) ?? 0) + r.items);
  }
  const out: CountPoint[] = [];
  for (let d = today - days * DAY; d <= today; d += DAY) {
    out.push({ start: new Date(d), count: d + DAY <= dataSince ? null : (byDay.get(d) ?? 0) });
  }
  return out;
}

async function subjectLabel(client: Db, dimension: string, key: string): Promise<string> {
  if (dimension === 'all') return '全部信息';
  if (dimension === 'category') return `${DIMENSION_LABEL.category}：${CATEGORY_LABEL[key] ?? key}`;
  if (dimension === 'topic') {
    const t = await client.topic.findUnique({ where: { id: Number(key) }, select: { name: true } });
    return `${DIMENSION_LABEL.topic}：${t?.name ?? key}`;
  }
  return `${DIMENSION_LABEL[dimension] ?? dimension}：${key}`;
}

async function volumeAndNegativity(client: Db, now: Date, t: WarningThresholds): Promise<Finding[]> {
  const first = await client.hourlyRollup.findFirst({ orderBy: { bucket: 'asc' }, select: { bucket: true } });
  if (!first) return [];
  const dataSince = first.bucket.getTime();
  const nowHour = Math.floor(now.getTime() / HOUR) * HOUR;
  const from = nowHour - 15 * DAY;
  const subjects: { dimension: SubjectType; key: string }[] = [{ dimension: 'all', key: '' }];
  for (const dimension of ['category', 'region', 'topic'] as const) {
    // eslint-disable-next-line no-await-in-loop -- three small grouped queries
    const keys = await activeKeys(client, { dimension, from: new Date(nowHour - DAY), to: new Date(nowHour + HOUR), limit: SUBJECTS_PER_DIMENSION });
    for (const k of keys) subjects.push({ dimension, key: k.key });
  }
  const findings: Finding[] = [];
  for (const s of subjects) {
    // eslint-disable-next-line no-await-in-loop -- one indexed range read per subject
    const rows = await hourlySeries(client, { dimension: s.dimension, key: s.key, from: new Date(from), to: new Date(nowHour + HOUR) });
    // eslint-disable-next-line no-await-in-loop -- as above
    const label = await subjectLabel(client, s.dimension, s.key);
    const subject: Subject = { type: s.dimension, key: s.key || 'all', label };
    findings.push(
      ...detectVolumeSpike(hourlyPoints(rows, nowHour - 8 * DAY, now, dataSince), { granularity: 'hour', subject, thresholds: t }),
      ...detectVolumeSpike(dailyPoints(rows, 14, now, dataSince), { granularity: 'day', subject, thresholds: t }),
    );
    const recentFrom = nowHour + HOUR - NEGATIVE_WINDOW_HOURS * HOUR;
    const baseFrom = recentFrom - NEGATIVE_BASELINE_DAYS * DAY;
    const sum = (lo: number, hi: number) =>
      rows
        .filter((r) => r.bucket.getTime() >= lo && r.bucket.getTime() < hi)
        .reduce((a, r) => ({ n: a.n + r.items, negative: a.negative + r.negative }), { n: 0, negative: 0 });
    findings.push(
      ...detectNegativeShift(sum(recentFrom, nowHour + HOUR), sum(baseFrom, recentFrom), { subject, at: now, thresholds: t }),
    );
  }
  // Hourly and daily tests of one subject are one alert: keep the higher level.
  return findings;
}

// ---------------------------------------------------------------- events and clocks

const GRADES = new Set<string>(['特别重大', '重大', '较大', '一般']);
function asGrade(g: string | null): AccidentGrade | null {
  return g !== null && GRADES.has(g) ? (g as AccidentGrade) : null;
}

interface EventFacts {
  id: number;
  title: string;
  firstSeenAt: Date;
  lastSeenAt: Date;
  itemCount: number;
  sourceCount: number;
  officialSourceCount: number;
  negativeCount: number;
  heat: number;
  grade: string | null;
  deaths: number | null;
  missing: number | null;
  accidentTypeCode: string | null;
}

async function eventFindings(
  client: Db,
  now: Date,
  s: DetectionSettings,
): Promise<{ findings: Finding[]; eventIds: Map<string, number>; demoKeys: Set<string> }> {
  const events: EventFacts[] = await client.event.findMany({
    where: { lastSeenAt: { gte: new Date(now.getTime() - EVENT_WINDOW_HOURS * HOUR), lte: now } },
    orderBy: { heat: 'desc' },
    take: 500,
  });
  const findings: Finding[] = [];
  const eventIds = new Map<string, number>();
  const demoKeys = new Set<string>();
  if (events.length === 0) return { findings, eventIds, demoKeys };
  const ids = events.map((e) => e.id);
  // Only what happened up to `now` counts (a replay stores the future before it reaches it).
  const members = await client.itemAnalysis.findMany({
    where: { eventId: { in: ids }, item: { sortAt: { lte: now } } },
    select: {
      eventId: true,
      sensitivity: true,
      riskJson: true,
      officialVoice: true,
      label: true,
      item: { select: { title: true, sortAt: true, sourceId: true, isDemo: true, source: { select: { category: true } } } },
    },
  });
  const byEvent = new Map<number, typeof members>();
  for (const m of members) {
    if (m.eventId === null) continue;
    byEvent.set(m.eventId, [...(byEvent.get(m.eventId) ?? []), m]);
  }
  const clocks = await clocksOfEvents(client, ids);
  for (const e of events) {
    const items = byEvent.get(e.id) ?? [];
    if (items.length === 0) continue;
    const key = String(e.id);
    eventIds.set(key, e.id);
    if (items.every((m) => m.item.isDemo)) demoKeys.add(key);
    const categories = new Map(items.map((m) => [m.item.sourceId, m.item.source.category]));
    const cats = [...categories.values()];
    const grade = asGrade(e.grade);
    const firstSeenAt = items.reduce((t, m) => (m.item.sortAt < t ? m.item.sortAt : t), items[0]?.item.sortAt ?? e.firstSeenAt);
    const ref = { id: key, title: e.title };
    findings.push(
      ...detectEventSpread(
        {
          ...ref,
          firstSeenAt,
          items: items.length,
          sources: categories.size,
          officialSources: cats.filter((c) => c === 'official' || c === 'own_site').length,
          mediaSources: cats.filter((c) => c === 'central_media' || c === 'local_media').length,
          forumSources: cats.filter((c) => c === 'forum_social').length,
          grade,
          heat: e.heat,
        },
        now,
        { thresholds: s.thresholds },
      ),
      // A casualty figure without an accident type (a forum post's "4死") is not yet an accident report.
      ...(e.accidentTypeCode ? detectAccidentGrade({ ...ref, grade, dead: e.deaths, missing: e.missing }, now, { thresholds: s.thresholds }) : []),
      ...detectSensitiveCues(
        {
          ...ref,
          items: items.length,
          // An official refutation quotes the rumour (网传…): it is the response, not a cue.
          sensitiveItems: items
            .filter((m) => m.sensitivity !== 'none' && !m.officialVoice)
            .map((m) => ({ level: m.sensitivity as 'high' | 'medium' | 'low', classes: sensitiveClasses(m.riskJson) })),
          negativeShare: items.filter((m) => m.label === 'negative').length / items.length,
        },
        now,
        { thresholds: s.thresholds },
      ),
    );

    // Response clocks: start at the first item; met by the first official release after that.
    const negativeShare = items.filter((m) => m.label === 'negative').length / items.length;
    const sensitive = items.some((m) => m.sensitivity === 'high' || m.sensitivity === 'medium');
    // A lone post is not yet public opinion that needs an official reply; once it spreads it is.
    const governmentRelated = grade !== null || (sensitive && categories.size >= 2) || (negativeShare >= 0.5 && categories.size >= 3);
    const wanted = clocksFor({ grade, firstSeenAt, governmentRelated }, s.clocks);
    if (wanted.length) {
      // eslint-disable-next-line no-await-in-loop -- a few events in the window have clocks
      await ensureClocks(client, wanted.map((c) => ({ eventId: e.id, kind: c.kind, label: c.label, startedAt: c.startedAt, dueAt: c.dueAt })));
    }
    const stored = clocks.filter((c) => c.eventId === e.id);
    // eslint-disable-next-line no-await-in-loop -- as above
    const mine = stored.length || !wanted.length ? stored : await clocksOfEvents(client, [e.id]);
    const official = items.filter((m) => m.officialVoice).sort((a, b) => a.item.sortAt.getTime() - b.item.sortAt.getTime());
    for (const c of mine) {
      const metBy = official.find(
        (m) => m.item.sortAt >= c.startedAt && (c.kind !== 'press_conference' || /新闻发布会|发布会/.test(m.item.title)),
      );
      const metAt = c.metAt ?? metBy?.item.sortAt ?? null;
      const status = clockStatus(c, { metAt: metAt && metAt <= now ? metAt : null }, now, {
        warningMarginMinutes: s.clocks.warningMarginMinutes,
        previousState: c.state as ClockState,
      });
      if (status.state !== c.state || (metAt && !c.metAt && status.state !== 'running' && status.state !== 'overdue')) {
        // eslint-disable-next-line no-await-in-loop -- a state change per clock, rarely
        await updateClock(client, c.id, {
          state: status.state,
          ...(metAt && !c.metAt && metBy && metAt <= now ? { metAt, metBy: 'system', metNote: `官方发布：${metBy.item.title.slice(0, 100)}` } : {}),
        });
      }
      if (status.state === 'overdue') {
        const floor: WarningLevel = grade && GRADE_RANK[grade] >= GRADE_RANK['重大'] ? 'red' : 'orange';
        findings.push({
          kind: 'clock_overdue',
          subject: { type: 'event', key: `${key}:${c.kind}`, label: `${e.title}（${c.label}）` },
          at: now,
          level: floor,
          factors: { overdueHours: Math.round((status.overdueMs / HOUR) * 10) / 10 },
          why: `事件“${e.title}”${c.label}的时限已到，${status.text}，尚未发现官方发布。${WARNING_LEVELS[floor].colour}：${grade ?? '政务舆情'}回应超时`,
          metrics: { overdueMs: status.overdueMs, dueAt: c.dueAt.getTime() },
        });
        eventIds.set(`${key}:${c.kind}`, e.id);
        if (demoKeys.has(key)) demoKeys.add(`${key}:${c.kind}`);
      }
    }
  }
  return { findings, eventIds, demoKeys };
}

function sensitiveClasses(riskJson: string): string[] {
  try {
    const r = JSON.parse(riskJson) as { sensitivity?: unknown };
    return Array.isArray(r.sensitivity) ? r.sensitivity.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

// ---------------------------------------------------------------- sources and hazards

async function sourceFindings(client: Db, now: Date, t: WarningThresholds): Promise<Finding[]> {
  const from = new Date(now.getTime() - 14 * DAY);
  const [sources, counts] = await Promise.all([
    client.source.findMany({
      where: { enabled: true },
      select: { id: true, name: true, intervalMinutes: true, health: true, lastNewItemAt: true, createdAt: true },
    }),
    client.hourlyRollup.groupBy({ by: ['key'], where: { dimension: 'source', bucket: { gte: from, lt: now } }, _sum: { items: true } }),
  ]);
  const perSource = new Map(counts.map((c) => [c.key, c._sum.items ?? 0]));
  const findings: Finding[] = [];
  for (const s of sources) {
    const historyDays = Math.min(14, (now.getTime() - s.createdAt.getTime()) / DAY);
    if (historyDays <= 0) continue;
    findings.push(
      ...detectSilentSource(
        {
          id: s.id,
          name: s.name,
          usualItemsPerDay: (perSource.get(s.id) ?? 0) / historyDays,
          lastNewItemAt: s.lastNewItemAt,
          intervalMinutes: s.intervalMinutes,
          health: s.health as 'unknown' | 'ok' | 'degraded' | 'failing',
          historyDays,
        },
        now,
        { thresholds: t },
      ),
    );
  }
  return findings;
}

async function hazardFindings(client: Db, now: Date, t: WarningThresholds): Promise<{ findings: Finding[]; demoKeys: Set<string> }> {
  const findings: Finding[] = [];
  const demoKeys = new Set<string>();
  for (const w of await hazardWarningsInForce(client, now)) {
    const found = detectHazardWarning(
        {
          hazard: w.hazard,
          category: 'weather',
          level: w.level as WarningLevel,
          levelStated: true,
          action: w.action as 'issue',
          previousLevel: null,
          publisher: w.publisher,
          region: w.region,
          issuedAt: w.issuedAt,
          validUntil: w.validUntil,
          scope: null,
          measures: null,
          evidence: [],
        },
        now,
        { thresholds: t },
    );
    for (const f of found) if (w.isDemo) demoKeys.add(dedupeKey(f));
    findings.push(...found);
  }
  return { findings, demoKeys };
}

// ---------------------------------------------------------------- dedupe and store

/** A stored alert as the dedupe and lifecycle rules see it. */
export function alertStateOf(row: AlertRow, thresholds: WarningThresholds): AlertState {
  return {
    id: String(row.id),
    key: row.dedupeKey,
    kind: row.kind as AlertState['kind'],
    subject: { type: row.subjectType as SubjectType, key: row.subjectKey, label: row.subjectLabel },
    status: row.state as AlertStatus,
    level: row.level as WarningLevel,
    currentLevel: row.level as WarningLevel,
    why: row.why,
    factors: {},
    metrics: {},
    firstSeenAt: row.firstRaisedAt,
    lastSeenAt: row.lastRaisedAt,
    // cooldownUntil is set whenever the alert is notified (raised, escalated, reminded, reopened).
    lastNotifiedAt: new Date(row.cooldownUntil.getTime() - cooldownMs(row.level as WarningLevel, thresholds)),
    occurrences: 1,
    resolvedAt: row.resolvedAt,
    resolvedBy: row.resolvedBy,
    resolution: row.resolution,
    history: [],
  };
}

/** Several findings for one alert key (hourly and daily volume): the highest level speaks. */
function strongest(findings: readonly Finding[]): Finding[] {
  const byKey = new Map<string, Finding>();
  for (const f of findings) {
    const k = dedupeKey(f);
    const have = byKey.get(k);
    if (!have || maxLevel(have.level, f.level) !== have.level) byKey.set(k, f);
  }
  return [...byKey.values()];
}

export interface DetectionResult {
  findings: Finding[];
  /** What happened to each finding. */
  /** remind: an unresolved alert notified again after its cooldown; reopen: a resolved one came back. */
  decisions: { key: string; action: 'create' | 'escalate' | 'refresh' | 'reopen' | 'remind'; level: WarningLevel; alertId: number | null }[];
  /** Alerts created, escalated or reopened at this run: they are notified. */
  notified: number[];
}

export async function runDetection(client: Db, now: Date, opts: { settings?: DetectionSettings; isDemo?: boolean } = {}): Promise<DetectionResult> {
  const s = opts.settings ?? (await loadDetectionSettings(client));
  const volume = await volumeAndNegativity(client, now, s.thresholds);
  const events = await eventFindings(client, now, s);
  const sources = await sourceFindings(client, now, s.thresholds);
  const hazards = await hazardFindings(client, now, s.thresholds);
  const overdue = await overdueWorkflow(client, now);
  const workflow = workflowFindings(overdue.replies, overdue.planSteps, now);
  const findings = strongest([...volume, ...events.findings, ...sources, ...hazards.findings, ...workflow.findings]);
  const isDemo = (f: Finding): boolean =>
    f.subject.type === 'event' ? events.demoKeys.has(f.subject.key) : f.kind === 'hazard_warning' ? hazards.demoKeys.has(dedupeKey(f)) : (opts.isDemo ?? false);

  const existing = await alertsByKeys(client, findings.map(dedupeKey));
  const byKey = new Map(existing.map((r) => [r.dedupeKey, r]));
  const ops: AlertOp[] = [];
  const decisions: DetectionResult['decisions'] = [];
  for (const f of findings) {
    const key = dedupeKey(f);
    const row = byKey.get(key);
    let d = decideAlert(row ? [alertStateOf(row, s.thresholds)] : [], f, now, s.thresholds);
    // Reminders: only for an open alert whose situation keeps developing; someone acknowledged or
    // assigned is on it, and a stated fact (a grade, a hazard warning) is told once and on escalation.
    if (row && d.action === 'reopen' && row.state !== 'resolved' && (row.state !== 'open' || !REMINDED_KINDS.has(f.kind))) {
      d = { action: 'refresh', notify: false, alert: d.alert };
    }
    const level = (f.level ?? 'blue') as WarningLevel;
    const write: AlertWrite = {
      dedupeKey: key,
      kind: f.kind,
      subjectType: f.subject.type,
      subjectKey: f.subject.key,
      subjectLabel: f.subject.label.slice(0, 300),
      level: d.alert.level,
      why: f.why,
      factorsJson: JSON.stringify(f.factors),
      metricsJson: JSON.stringify(f.metrics),
      eventId: events.eventIds.get(f.subject.key) ?? workflow.eventIds.get(f.subject.key) ?? null,
      at: now,
      cooldownUntil: new Date(now.getTime() + s.thresholds.cooldownMinutes[d.alert.level] * 60_000),
      isDemo: isDemo(f),
    };
    if (d.action === 'create') ops.push({ op: 'create', alert: write });
    else if (row && d.action === 'escalate') ops.push({ op: 'escalate', id: row.id, alert: write, fromLevel: row.level });
    else if (row && d.action === 'reopen') ops.push({ op: 'reopen', id: row.id, alert: write, fromLevel: row.level });
    else if (row) ops.push({ op: 'refresh', id: row.id, alert: { ...write, level: row.level, cooldownUntil: row.cooldownUntil } });
    const action = d.action === 'reopen' && row && row.state !== 'resolved' ? 'remind' : d.action;
    decisions.push({ key, action, level, alertId: row?.id ?? null });
  }
  const notified = await applyAlertOps(client, ops);
  await queueNotifications(client, notified, s.rules, now);
  return { findings, decisions, notified };
}

/** Routes each notified alert through the rules and stores one delivery per channel. */
async function queueNotifications(client: Db, alertIds: readonly number[], rules: readonly NotificationRule[], now: Date): Promise<void> {
  if (alertIds.length === 0 || rules.length === 0) return;
  const alerts = await client.alert.findMany({ where: { id: { in: [...alertIds] } } });
  const rows: { alertId: number; channelId: number; ruleId: number | null; tier: string; nextAttemptAt: Date | null; createdAt: Date }[] = [];
  for (const a of alerts) {
    const seen = new Set<number>();
    for (const r of routeAlert(
      { level: a.level as WarningLevel, kind: a.kind, subjectType: a.subjectType, escalated: a.escalatedAt !== null && a.escalatedAt.getTime() === now.getTime() },
      rules,
      now,
    )) {
      for (const c of r.channelIds) {
        const channelId = Number(c);
        if (!Number.isInteger(channelId) || seen.has(channelId)) continue;
        seen.add(channelId);
        rows.push({ alertId: a.id, channelId, ruleId: Number(r.ruleId), tier: r.tier, nextAttemptAt: r.deferUntil, createdAt: now });
      }
    }
  }
  const channels = new Set((await client.notificationChannel.findMany({ select: { id: true } })).map((c) => c.id));
  await enqueueDeliveries(client, rows.filter((r) => channels.has(r.channelId)));
}
