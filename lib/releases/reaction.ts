/**
 * Tracking after a release (74号 "track after release", DOMAIN §7): its event's volume and negative
 * share in the 24 h before against the 24 h after publishing, from the hourly rollups
 * (dimension 'event'). Pure: the caller reads the rollups. Hours without a rollup row had no items
 * and count as zero; the after-window counts only hours that have begun.
 */
import type { HourlyPoint, ReleaseReaction } from './forecast';
import { releaseReaction, WINDOW_HOURS } from './forecast';

const HOUR = 3_600_000;

export interface RollupRow {
  /** Start of the UTC hour. */
  bucket: Date;
  items: number;
  negative: number;
}

export interface WindowSummary {
  /** Hours the window covers so far. */
  hours: number;
  items: number;
  perHour: number;
  /** Share of negative items, 0..1; null without items. */
  negativeShare: number | null;
}

export interface TrackedReaction {
  before: WindowSummary;
  after: WindowSummary;
  /** True once the 24 h after publishing have passed. */
  complete: boolean;
  /** forecast.releaseReaction over the full windows, or why it cannot be measured yet. */
  measured: ReleaseReaction | { reason: string };
}

function floorHour(t: number): number {
  return Math.floor(t / HOUR) * HOUR;
}

/** Every hour from `from` up to (not including) `to`, with the rollup's counts or zero. */
export function hourlySeries(rows: readonly RollupRow[], from: Date, to: Date): HourlyPoint[] {
  const byHour = new Map<number, RollupRow>();
  for (const r of rows) byHour.set(floorHour(r.bucket.getTime()), r);
  const out: HourlyPoint[] = [];
  for (let t = floorHour(from.getTime()); t < to.getTime(); t += HOUR) {
    const r = byHour.get(t);
    const volume = r ? Math.max(0, r.items) : 0;
    out.push({ at: new Date(t), volume, negativeShare: r && volume > 0 ? Math.min(1, Math.max(0, r.negative) / volume) : null });
  }
  return out;
}

function summarise(points: readonly HourlyPoint[], from: number, to: number): WindowSummary {
  let items = 0;
  let negative = 0;
  let rated = 0;
  for (const p of points) {
    const t = p.at.getTime();
    if (t < from || t >= to) continue;
    items += p.volume;
    if (p.negativeShare !== null) {
      negative += p.volume * p.negativeShare;
      rated += p.volume;
    }
  }
  const hours = Math.max(0, Math.round((to - from) / HOUR));
  return { hours, items, perHour: hours > 0 ? items / hours : 0, negativeShare: rated > 0 ? negative / rated : null };
}

/**
 * The event's reaction to a release published at `publishedAt`, as of `now`: both windows as far as
 * they go, and the forecast module's measure once the after-window is complete.
 */
export function trackReaction(rows: readonly RollupRow[], publishedAt: Date, now: Date): TrackedReaction {
  const t = publishedAt.getTime();
  const end = Math.min(now.getTime(), t + WINDOW_HOURS * HOUR);
  // The series runs to the last hour that has begun, so releaseReaction sees the hours passed.
  const series = hourlySeries(rows, new Date(t - WINDOW_HOURS * HOUR), new Date(Math.max(end, t)));
  const before = summarise(series, t - WINDOW_HOURS * HOUR, t);
  const after = summarise(series, t, end);
  return {
    before: { ...before, hours: WINDOW_HOURS, perHour: before.items / WINDOW_HOURS },
    after: { ...after, hours: Math.max(0, (end - t) / HOUR), perHour: end > t ? after.items / ((end - t) / HOUR) : 0 },
    complete: now.getTime() >= t + WINDOW_HOURS * HOUR,
    measured: releaseReaction(series, publishedAt),
  };
}

/** +35% / −12%; 'n/a' style text when there is no base. */
export function changeText(before: number, after: number): string {
  if (before === 0) return after === 0 ? '无变化' : '发布前无声量';
  const v = Math.round(((after - before) / before) * 100);
  return `${v > 0 ? '+' : v < 0 ? '−' : ''}${Math.abs(v)}%`;
}

export function shareText(share: number | null): string {
  return share === null ? '—' : `${Math.round(share * 1000) / 10}%`;
}
