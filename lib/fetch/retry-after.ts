/** Retry-After (RFC 9110 §10.2.3): delay-seconds or an HTTP-date. Garbage is ignored, not guessed at (B41). */

export const MAX_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const WKDAY = '(?:mon|tue|wed|thu|fri|sat|sun)';
const WEEKDAY = '(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)';
const MON = '(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)';
const TIME = '(\\d{2}):(\\d{2}):(\\d{2})';

// Date.parse is far too lenient ("2026" or "1 2 3" parse), so only the three RFC forms are accepted.
const IMF_FIXDATE = new RegExp(`^${WKDAY}, (\\d{1,2}) ${MON} (\\d{4}) ${TIME} (?:gmt|utc)$`);
const RFC850 = new RegExp(`^${WEEKDAY}, (\\d{1,2})-${MON}-(\\d{2}) ${TIME} gmt$`);
const ASCTIME = new RegExp(`^${WKDAY} ${MON} (\\d{1,2}) ${TIME} (\\d{4})$`);

function utc(y: number, mon: string, d: number, h: number, mi: number, s: number): number | undefined {
  const m = MONTHS.indexOf(mon);
  if (m < 0 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return undefined;
  const t = Date.UTC(y, m, d, h, mi, Math.min(s, 59));
  // Rejects 31 Feb and friends instead of letting Date roll them over.
  return new Date(t).getUTCDate() === d ? t : undefined;
}

/** Milliseconds since the epoch of an HTTP-date, or undefined. */
export function parseHttpDate(value: string): number | undefined {
  const v = value.trim().toLowerCase().replace(/\s+/g, ' ');
  let m = IMF_FIXDATE.exec(v);
  if (m) return utc(Number(m[3]), m[2] ?? '', Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6]));
  m = RFC850.exec(v);
  if (m) {
    const yy = Number(m[3]);
    return utc(yy < 70 ? 2000 + yy : 1900 + yy, m[2] ?? '', Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6]));
  }
  m = ASCTIME.exec(v);
  if (m) return utc(Number(m[6]), m[1] ?? '', Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]));
  return undefined;
}

/** Delay in ms requested by a Retry-After value, capped at 24 h; a date in the past gives 0. */
export function parseRetryAfter(value: string | undefined, now: Date): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (!v) return undefined;
  if (/^\d+$/.test(v)) return Math.min(Number(v) * 1000, MAX_RETRY_AFTER_MS);
  const at = parseHttpDate(v);
  if (at === undefined) return undefined;
  return Math.min(Math.max(at - now.getTime(), 0), MAX_RETRY_AFTER_MS);
}
