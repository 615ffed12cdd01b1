/**
 * An event's spread over time: items per time bucket by source category, and sentiment per bucket.
 * Buckets are aligned to Beijing time (UTC+8, no daylight saving): hourly for a short event, six
 * hours for a few days, daily beyond, so a chart has a readable number of bars at any span.
 */

export type BucketSize = 'hour' | 'sixHours' | 'day';

const HOUR = 3_600_000;
const SHANGHAI_OFFSET = 8 * HOUR;

export const BUCKET_MS: Readonly<Record<BucketSize, number>> = { hour: HOUR, sixHours: 6 * HOUR, day: 24 * HOUR };
export const BUCKET_LABELS: Readonly<Record<BucketSize, string>> = { hour: '每小时', sixHours: '每 6 小时', day: '每天' };

/** Spans up to 48 h are shown by the hour, up to 8 days by 6 hours, longer ones by the day. */
export function chooseBucket(from: Date, to: Date): BucketSize {
  const span = Math.max(0, to.getTime() - from.getTime());
  if (span <= 48 * HOUR) return 'hour';
  if (span <= 8 * 24 * HOUR) return 'sixHours';
  return 'day';
}

/** Start of the bucket containing `t`, aligned to Beijing midnight. */
export function bucketStart(t: number, size: BucketSize): number {
  const ms = BUCKET_MS[size];
  return Math.floor((t + SHANGHAI_OFFSET) / ms) * ms - SHANGHAI_OFFSET;
}

function beijing(t: number): { month: number; day: number; hour: number } {
  const d = new Date(t + SHANGHAI_OFFSET);
  return { month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours() };
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** Axis label in Beijing time: 5月28日 08时 / 5月28日 06–12时 / 5月28日. */
export function bucketLabel(start: number, size: BucketSize): string {
  const b = beijing(start);
  const date = `${b.month}月${b.day}日`;
  if (size === 'day') return date;
  if (size === 'hour') return `${date} ${pad(b.hour)}时`;
  return `${date} ${pad(b.hour)}–${pad(b.hour + 6)}时`;
}

export const SPREAD_CATEGORIES = ['official', 'own_site', 'central_media', 'local_media', 'forum_social'] as const;
export type SpreadCategory = (typeof SPREAD_CATEGORIES)[number];

export interface SpreadPoint extends Record<SpreadCategory, number> {
  /** ISO time of the bucket's start. */
  start: string;
  label: string;
  total: number;
}

export interface SentimentPoint {
  start: string;
  label: string;
  negative: number;
  neutral: number;
  positive: number;
  /** Negative items / analysed items in the bucket, 0–100; null for a bucket without items. */
  negativeShare: number | null;
}

export interface TimelineMember {
  at: Date;
  category: string;
  /** negative | neutral | positive | error. */
  label: string;
}

export interface Timeline {
  size: BucketSize;
  spread: SpreadPoint[];
  sentiment: SentimentPoint[];
  /** Categories that have at least one item, in SPREAD_CATEGORIES order (the chart's series). */
  categories: SpreadCategory[];
  /** Items counted; items of other categories count in `total` only. */
  items: number;
  /** Buckets before this were dropped to keep the chart readable (a very long event). */
  clippedBefore: string | null;
}

/** At most this many bars; a longer event shows its most recent part. */
export const MAX_BUCKETS = 400;

export function buildTimeline(members: readonly TimelineMember[]): Timeline | null {
  if (members.length === 0) return null;
  let first = Infinity;
  let last = -Infinity;
  for (const m of members) {
    const t = m.at.getTime();
    if (t < first) first = t;
    if (t > last) last = t;
  }
  const size = chooseBucket(new Date(first), new Date(last));
  const ms = BUCKET_MS[size];
  const end = bucketStart(last, size);
  let start = bucketStart(first, size);
  let clippedBefore: string | null = null;
  if ((end - start) / ms + 1 > MAX_BUCKETS) {
    start = end - (MAX_BUCKETS - 1) * ms;
    clippedBefore = new Date(start).toISOString();
  }
  const count = Math.round((end - start) / ms) + 1;
  const spread: SpreadPoint[] = [];
  const sentiment: SentimentPoint[] = [];
  for (let i = 0; i < count; i++) {
    const t = start + i * ms;
    const label = bucketLabel(t, size);
    const iso = new Date(t).toISOString();
    spread.push({ start: iso, label, total: 0, official: 0, own_site: 0, central_media: 0, local_media: 0, forum_social: 0 });
    sentiment.push({ start: iso, label, negative: 0, neutral: 0, positive: 0, negativeShare: null });
  }
  const seen = new Set<string>();
  let items = 0;
  for (const m of members) {
    const i = Math.round((bucketStart(m.at.getTime(), size) - start) / ms);
    const s = spread[i];
    const e = sentiment[i];
    if (!s || !e) continue;
    items += 1;
    s.total += 1;
    if ((SPREAD_CATEGORIES as readonly string[]).includes(m.category)) {
      s[m.category as SpreadCategory] += 1;
      seen.add(m.category);
    }
    if (m.label === 'negative' || m.label === 'neutral' || m.label === 'positive') e[m.label] += 1;
  }
  for (const e of sentiment) {
    const n = e.negative + e.neutral + e.positive;
    e.negativeShare = n ? Math.round((e.negative / n) * 1000) / 10 : null;
  }
  return { size, spread, sentiment, categories: SPREAD_CATEGORIES.filter((c) => seen.has(c)), items, clippedBefore };
}
