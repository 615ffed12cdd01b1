/**
 * What an event's stored numbers mean now: whether it is still active, its heat decayed to now with
 * the reasons, the state of its response clocks and of its alerts, in Chinese.
 */
import { z } from 'zod';
import { HEAT_HALF_LIFE_HOURS, decayedHeat } from '@/lib/analysis/events';
import { clockStatus } from '@/lib/warning/clocks';
import { WARNING_LEVELS, levelRank } from '@/lib/warning/levels';
import type { WarningLevel } from '@/lib/warning/levels';

const HOUR = 3_600_000;

export type Activity = 'active' | 'cooling' | 'quiet';

export const ACTIVITY_LABELS: Readonly<Record<Activity, string>> = {
  active: '持续发酵',
  cooling: '趋于平息',
  quiet: '已平息',
};

/** Active: news within 24 h; cooling: within 72 h; quiet: none for longer. */
export function eventActivity(lastSeenAt: Date, now: Date): { activity: Activity; label: string; hint: string } {
  const hours = (now.getTime() - lastSeenAt.getTime()) / HOUR;
  const activity: Activity = hours <= 24 ? 'active' : hours <= 72 ? 'cooling' : 'quiet';
  const hint = activity === 'active' ? '24 小时内有新信息' : activity === 'cooling' ? '24 小时以上无新信息' : '3 天以上无新信息';
  return { activity, label: ACTIVITY_LABELS[activity], hint };
}

/** Stored heat is as of the event's last item; it halves for every 24 h without news. */
export function currentHeat(heat: number, lastSeenAt: Date, now: Date): number {
  return decayedHeat(heat, Math.max(0, (now.getTime() - lastSeenAt.getTime()) / HOUR));
}

const HeatFactorSchema = z.object({
  key: z.string(),
  name: z.string(),
  value: z.number(),
  contribution: z.number(),
});

export interface HeatLine {
  key: string;
  name: string;
  /** The input behind the factor, in words: 6 个来源, 较大, 90%, 30 小时无新信息. */
  value: string;
  /** Points, signed; the lines add up to the heat (up to rounding). */
  points: number;
}

export interface HeatExplanation {
  now: number;
  atLastItem: number;
  lines: HeatLine[];
  note: string;
}

const GRADE_BY_RANK = ['无', '一般', '较大', '重大', '特别重大'];

function describe(key: string, value: number): string {
  switch (key) {
    case 'sources':
      return `${value} 个来源`;
    case 'items':
      return `${value} 条信息`;
    case 'authority':
      return `加权 ${value}（官方 4、央媒 3、地方媒体 2、论坛 1）`;
    case 'grade':
      return GRADE_BY_RANK[value] ?? String(value);
    case 'negative':
      return `${Math.round(value * 100)}%`;
    default:
      return String(value);
  }
}

/**
 * The heat factors stored with the event (heatJson), with the time decay recomputed for `now`.
 * A damaged heatJson yields no lines rather than an error: the heat itself is still shown.
 */
export function explainHeat(heatJson: string, heat: number, lastSeenAt: Date, now: Date): HeatExplanation {
  let factors: z.output<typeof HeatFactorSchema>[] = [];
  try {
    const parsed = z.array(HeatFactorSchema).safeParse(JSON.parse(heatJson));
    if (parsed.success) factors = parsed.data;
  } catch {
    factors = [];
  }
  const hours = Math.max(0, (now.getTime() - lastSeenAt.getTime()) / HOUR);
  const nowHeat = currentHeat(heat, lastSeenAt, now);
  const lines: HeatLine[] = factors
    .filter((f) => f.key !== 'decay')
    .map((f) => ({ key: f.key, name: f.name, value: describe(f.key, f.value), points: f.contribution }));
  if (lines.length) {
    const base = lines.reduce((s, l) => s + l.points, 0);
    lines.push({
      key: 'decay',
      name: '时间衰减',
      value: `${Math.round(hours)} 小时无新信息`,
      points: Math.round((nowHeat - Math.min(100, base)) * 10) / 10,
    });
  }
  return {
    now: nowHeat,
    atLastItem: heat,
    lines,
    note: `热度 0–100：来源数、报道量、来源权威性、事故等级和负面占比相加；每 ${HEAT_HALF_LIFE_HOURS} 小时无新信息减半。`,
  };
}

export interface ClockLike {
  label: string;
  dueAt: Date;
  metAt: Date | null;
}

export type ClockTone = 'overdue' | 'due-soon' | 'running' | 'met' | 'met-late' | 'none';

export interface ClockSummary {
  tone: ClockTone;
  text: string;
}

/**
 * One line for a list row: the most urgent clock still open (overdue first, then the nearest
 * deadline), else whether all were met on time.
 */
export function summariseClocks(clocks: readonly ClockLike[], now: Date): ClockSummary {
  if (clocks.length === 0) return { tone: 'none', text: '无回应时限' };
  const withStatus = clocks.map((c) => ({ c, s: clockStatus(c, { metAt: c.metAt }, now) }));
  const overdue = withStatus.filter((x) => x.s.state === 'overdue').sort((a, b) => b.s.overdueMs - a.s.overdueMs)[0];
  if (overdue) return { tone: 'overdue', text: `${overdue.c.label}：${overdue.s.text}` };
  const running = withStatus.filter((x) => x.s.state === 'running').sort((a, b) => a.s.remainingMs - b.s.remainingMs)[0];
  if (running) return { tone: running.s.escalate ? 'due-soon' : 'running', text: `${running.c.label}：${running.s.text}` };
  const late = withStatus.find((x) => x.s.state === 'met_late');
  if (late) return { tone: 'met-late', text: `${late.c.label}：${late.s.text}` };
  return { tone: 'met', text: clocks.length === 1 ? `${clocks[0]?.label ?? ''}：已按时完成` : '各项时限均已按时完成' };
}

export interface AlertSummary {
  open: number;
  level: WarningLevel | null;
  text: string;
}

/** Unresolved alerts of an event: how many, and the highest level. */
export function summariseOpenAlerts(alerts: readonly { level: string; state: string }[]): AlertSummary {
  const open = alerts.filter((a) => a.state !== 'resolved');
  let level: WarningLevel | null = null;
  for (const a of open) {
    const l = a.level as WarningLevel;
    if (WARNING_LEVELS[l] && levelRank(l) > levelRank(level)) level = l;
  }
  return { open: open.length, level, text: open.length ? `${open.length} 条未办结` : '无' };
}
