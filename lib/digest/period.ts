/**
 * Periods of a digest in a configured time zone (Asia/Shanghai by default, DOMAIN §4.3: 前日 08:00
 * to 当日 08:00). Pure; Intl gives the zone's offset, so a zone with daylight saving also works.
 */

export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** The wall-clock time of `at` in `tz`. */
export function wallTime(at: Date, tz: string): WallTime & { second: number } {
  const parts: Record<string, number> = {};
  for (const p of formatter(tz).formatToParts(at)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour! % 24, minute: parts.minute!, second: parts.second! };
}

/** The instant at which the wall clock of `tz` shows `w` (the earlier one if it shows it twice). */
export function zonedInstant(w: WallTime, tz: string): Date {
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
  let guess = asUtc;
  // Two rounds settle the offset (the second corrects for a change of offset between guesses).
  for (let i = 0; i < 2; i += 1) {
    const shown = wallTime(new Date(guess), tz);
    const shownUtc = Date.UTC(shown.year, shown.month - 1, shown.day, shown.hour, shown.minute, shown.second);
    guess += asUtc - shownUtc;
  }
  return new Date(guess);
}

export interface Period {
  start: Date;
  end: Date;
}

/** "07:30" → { hour: 7, minute: 30 }. */
export function parseClockTime(hhmm: string): { hour: number; minute: number } | null {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  return m ? { hour: Number(m[1]), minute: Number(m[2]) } : null;
}

/** The daily digest's monitoring period: yesterday 08:00 to today 08:00 (in tz) of the day `now` is in. */
export function dailyPeriod(now: Date, tz: string, cutHour = 8): Period {
  const w = wallTime(now, tz);
  const end = zonedInstant({ year: w.year, month: w.month, day: w.day, hour: cutHour, minute: 0 }, tz);
  const yesterday = new Date(Date.UTC(w.year, w.month - 1, w.day - 1));
  const start = zonedInstant(
    { year: yesterday.getUTCFullYear(), month: yesterday.getUTCMonth() + 1, day: yesterday.getUTCDate(), hour: cutHour, minute: 0 },
    tz,
  );
  return { start, end };
}

/** Today's scheduled generation time (in tz) of the day `now` is in. */
export function scheduledTime(now: Date, tz: string, hhmm: string): Date {
  const t = parseClockTime(hhmm) ?? { hour: 7, minute: 30 };
  const w = wallTime(now, tz);
  return zonedInstant({ year: w.year, month: w.month, day: w.day, hour: t.hour, minute: t.minute }, tz);
}

/** The calendar year of an instant in tz (the 期号 year). */
export function yearIn(at: Date, tz: string): number {
  return wallTime(at, tz).year;
}

/** "2026年3月5日 08:00" in tz. */
export function wallText(at: Date, tz: string): string {
  const w = wallTime(at, tz);
  return `${w.year}年${w.month}月${w.day}日 ${String(w.hour).padStart(2, '0')}:${String(w.minute).padStart(2, '0')}`;
}

/** "3月5日 08:00" in tz. */
export function shortWallText(at: Date, tz: string): string {
  const w = wallTime(at, tz);
  return `${w.month}月${w.day}日 ${String(w.hour).padStart(2, '0')}:${String(w.minute).padStart(2, '0')}`;
}
