/**
 * "How loud is it today, against the usual?" from hourly rollups. Pure functions, so the overview,
 * the digest and tests agree on one definition.
 *
 * The usual is the median over the previous days of the same span of the day (Asia/Shanghai), so a
 * quiet night is compared with other nights. A day with no item at all is treated as not monitored
 * (the product was off, or not yet installed), never as a zero that would make today look loud.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** China Standard Time has no daylight saving: a fixed offset is exact. */
const SHANGHAI_OFFSET = 8 * HOUR;

export interface HourCount {
  /** Start of the UTC hour. */
  bucket: Date;
  items: number;
  negative: number;
}

export interface TodayVsUsual {
  /** Midnight Asia/Shanghai that started today. */
  since: Date;
  items: number;
  negative: number;
  /** Median items over the previous monitored days for the same span, or null without history. */
  usualItems: number | null;
  /** Median negative share (0..1) over the same days, or null. */
  usualNegativeShare: number | null;
  /** How many previous days had data and so entered the medians. */
  historyDays: number;
}

export interface HourWithUsual {
  hour: Date;
  items: number;
  negative: number;
  /** Median items in the same hour of the previous monitored days, or null without history. */
  usual: number | null;
}

export function shanghaiMidnight(now: Date): Date {
  return new Date(Math.floor((now.getTime() + SHANGHAI_OFFSET) / DAY) * DAY - SHANGHAI_OFFSET);
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

function byHour(points: readonly HourCount[]): Map<number, HourCount> {
  const m = new Map<number, HourCount>();
  for (const p of points) {
    const key = Math.floor(p.bucket.getTime() / HOUR) * HOUR;
    const prev = m.get(key);
    m.set(key, prev ? { bucket: prev.bucket, items: prev.items + p.items, negative: prev.negative + p.negative } : p);
  }
  return m;
}

function sum(m: Map<number, HourCount>, from: number, to: number): { items: number; negative: number } {
  let items = 0;
  let negative = 0;
  for (let h = Math.floor(from / HOUR) * HOUR; h < to; h += HOUR) {
    const p = m.get(h);
    if (p) {
      items += p.items;
      negative += p.negative;
    }
  }
  return { items, negative };
}

/** Days (by their Shanghai midnight) among the `days` before `today` that had any item. */
function monitoredDays(m: Map<number, HourCount>, today: number, days: number): number[] {
  const out: number[] = [];
  for (let d = 1; d <= days; d++) {
    const start = today - d * DAY;
    if (sum(m, start, start + DAY).items > 0) out.push(start);
  }
  return out;
}

/** Today so far against the same span of the previous `days` days. */
export function todayVsUsual(points: readonly HourCount[], now: Date, days = 7): TodayVsUsual {
  const m = byHour(points);
  const since = shanghaiMidnight(now).getTime();
  // Include the current, unfinished hour on both sides so the comparison is like for like.
  const spanEnd = Math.floor(now.getTime() / HOUR) * HOUR + HOUR;
  const today = sum(m, since, spanEnd);
  const history = monitoredDays(m, since, days).map((d) => sum(m, d, d + (spanEnd - since)));
  const shares = history.filter((h) => h.items > 0).map((h) => h.negative / h.items);
  return {
    since: new Date(since),
    items: today.items,
    negative: today.negative,
    usualItems: median(history.map((h) => h.items)),
    usualNegativeShare: median(shares),
    historyDays: history.length,
  };
}

/** The last `hours` hours, oldest first, each with the usual for that hour of the day. */
export function hourlyWithUsual(points: readonly HourCount[], now: Date, hours = 48, days = 7): HourWithUsual[] {
  const m = byHour(points);
  const end = Math.floor(now.getTime() / HOUR) * HOUR + HOUR;
  const start = end - hours * HOUR;
  const out: HourWithUsual[] = [];
  for (let h = start; h < end; h += HOUR) {
    const p = m.get(h);
    // The usual for an hour comes from the days before that hour's own day.
    const day = shanghaiMidnight(new Date(h)).getTime();
    const history = monitoredDays(m, day, days).map((d) => m.get(d + (h - day))?.items ?? 0);
    out.push({ hour: new Date(h), items: p?.items ?? 0, negative: p?.negative ?? 0, usual: median(history) });
  }
  return out;
}

/** "+35%" / "−20%" / "持平" against the usual, or null when there is nothing to compare with. */
export function changeAgainstUsual(value: number, usual: number | null): { ratio: number; text: string } | null {
  if (usual === null) return null;
  if (usual === 0) return value === 0 ? { ratio: 0, text: '持平' } : { ratio: Infinity, text: '常态为 0' };
  const ratio = (value - usual) / usual;
  if (Math.abs(ratio) < 0.05) return { ratio, text: '持平' };
  const pct = Math.round(Math.abs(ratio) * 100);
  return { ratio, text: ratio > 0 ? `+${pct}%` : `−${pct}%` };
}
