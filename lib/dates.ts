/**
 * Date parsing for feeds and Chinese list pages. Pure: `now` is always passed in, so relative dates
 * (刚刚, 3小时前, 昨天 10:30) are testable. A date without a zone is Asia/Shanghai (+08:00, no DST).
 * Never substitutes `now` for a missing or bad date (STYLE rule 7): that is `null` plus a flag.
 */

export type DateFlag = 'future_date' | 'unparseable';

export interface ParsedDate {
  date: Date | null;
  flag?: DateFlag;
}

export interface ParseDateOptions {
  now: Date;
  timezone?: 'Asia/Shanghai';
}

const SHANGHAI_OFFSET_MIN = 8 * 60;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** More than this ahead of `now` is a publisher clock/typo problem, not a real date (B37). */
const FUTURE_TOLERANCE_MS = DAY;
/** Placeholder years such as 0001-01-01 or 1900-01-01 are nonsense for news items. */
const MIN_YEAR = 1970;
const MAX_INPUT = 200;

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
  january: 1, february: 2, march: 3, april: 4, june: 6, july: 7, august: 8, september: 9, october: 10,
  november: 11, december: 12,
  // Portuguese/Spanish/German/French abbreviations seen in real feeds (UOL: `Seg, 24 Set 2018`).
  fev: 2, abr: 4, mai: 5, ago: 8, set: 9, out: 10, dez: 12, ene: 1, dic: 12, okt: 10, avr: 4, janv: 1,
  fevr: 2, juil: 7, aout: 8,
};

// RFC 822 zone names. `CST` is deliberately China Standard Time: Chinese Java/ASP CMSs emit it for
// +0800, and our sources are Chinese; US Central sources would send a numeric offset in practice.
const ZONES: Record<string, number> = {
  z: 0, ut: 0, utc: 0, gmt: 0, est: -300, edt: -240, cdt: -300, mst: -420, mdt: -360, pst: -480,
  pdt: -420, cst: 480, bjt: 480, hkt: 480, jst: 540, kst: 540, cet: 60, cest: 120, bst: 60,
};

const CN_NUM: Record<string, number> = {
  一: 1, 两: 2, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10, 半: 0.5,
};

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Builds a UTC instant from wall-clock fields at a given offset; null when any field is invalid. */
function fromParts(
  y: number,
  mo: number,
  d: number,
  h = 0,
  mi = 0,
  s = 0,
  offsetMin = SHANGHAI_OFFSET_MIN,
  ms = 0,
): Date | null {
  if (![y, mo, d, h, mi, s].every(Number.isFinite)) return null;
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  if (h > 23 || mi > 59 || s > 60) return null;
  const utc = Date.UTC(y, mo - 1, d, h, mi, Math.min(s, 59), ms) - offsetMin * MINUTE;
  const date = new Date(utc);
  // Date.UTC maps years 0–99 to 1900+; reject rather than silently shift.
  return Number.isNaN(date.getTime()) || y < 100 ? null : date;
}

function parseOffset(zone: string | undefined): number | null {
  if (!zone) return null;
  const z = zone.trim().replace(/^\(|\)$/g, '');
  if (!z) return null;
  const named = ZONES[z.toLowerCase()];
  if (named !== undefined) return named;
  const m = /^(?:GMT|UTC|UT)?\s*([+-])(\d{1,2}):?(\d{2})?$/i.exec(z);
  if (!m) return null;
  const hours = Number(m[2]);
  const mins = Number(m[3] ?? '0');
  if (hours > 14 || mins > 59) return null;
  return (m[1] === '-' ? -1 : 1) * (hours * 60 + mins);
}

/** Wall-clock date fields of `now` in Shanghai. */
function shanghaiToday(now: Date): { y: number; mo: number; d: number } {
  const t = new Date(now.getTime() + SHANGHAI_OFFSET_MIN * MINUTE);
  return { y: t.getUTCFullYear(), mo: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

function normaliseInput(raw: string): string {
  const s = raw.slice(0, MAX_INPUT);
  // Fast path: most feed dates are plain ASCII with single spaces.
  if (/^[\x21-\x7e]+(?: [\x21-\x7e]+)*$/.test(s)) return s;
  return s
    .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)) // full-width digits
    .replace(/[：]/g, ':')
    .replace(/[／]/g, '/')
    .replace(/[－—]/g, '-')
    .replace(/[\u00a0\u3000\s]+/g, ' ')
    .trim();
}

function cnNumber(s: string): number | null {
  if (/^\d+$/.test(s)) return Number(s);
  if (s === '十') return 10;
  const m = /^([一二两三四五六七八九])?十([一二三四五六七八九])?$/.exec(s);
  if (m) return (m[1] ? (CN_NUM[m[1]] ?? 0) : 1) * 10 + (m[2] ? (CN_NUM[m[2]] ?? 0) : 0);
  return CN_NUM[s] ?? null;
}

/** Applies a 上午/下午/晚上 marker to a 12-hour clock value. */
function meridiem(hour: number, marker: string | undefined): number {
  if (!marker) return hour;
  if (/下午|晚上|晚|pm/i.test(marker) && hour < 12) return hour + 12;
  if (/上午|凌晨|早上|am/i.test(marker) && hour === 12) return 0;
  return hour;
}

/** `刚刚`, `5分钟前`, `3小时前`, `2天前`, `今天 10:30`, `昨天 10:30`, `前天`, `5 minutes ago`. */
export function parseRelativeDate(raw: string, opts: ParseDateOptions): Date | null {
  const s = normaliseInput(raw);
  const now = opts.now.getTime();
  if (/^(刚刚|刚才|just now)$/i.test(s)) return new Date(now);

  const ago = /^(\d+|[一二两三四五六七八九十半]+)\s*(秒钟?|分钟?|个?小时|个?钟头|天|日|周|星期|个?月)\s*(?:之)?前$/.exec(s);
  if (ago) {
    const n = cnNumber(ago[1] ?? '');
    const unit = ago[2] ?? '';
    if (n === null) return null;
    const ms = unit.startsWith('秒')
      ? 1000
      : unit.startsWith('分')
        ? MINUTE
        : /小时|钟头/.test(unit)
          ? HOUR
          : /周|星期/.test(unit)
            ? 7 * DAY
            : /月/.test(unit)
              ? 30 * DAY
              : DAY;
    return new Date(now - n * ms);
  }

  const en = /^(\d+)\s*(second|sec|minute|min|hour|hr|day|week)s?\s+ago$/i.exec(s);
  if (en) {
    const n = Number(en[1]);
    const unit = (en[2] ?? '').toLowerCase();
    const ms = unit.startsWith('s') ? 1000 : unit.startsWith('mi') ? MINUTE : unit.startsWith('h') ? HOUR : unit === 'week' ? 7 * DAY : DAY;
    return new Date(now - n * ms);
  }

  const day = /^(今天|今日|昨天|昨日|前天)\s*(上午|下午|晚上|凌晨|早上)?\s*(?:(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(s);
  if (day) {
    const back = /今/.test(day[1] ?? '') ? 0 : /昨/.test(day[1] ?? '') ? 1 : 2;
    const today = shanghaiToday(opts.now);
    const base = fromParts(today.y, today.mo, today.d);
    if (!base) return null;
    const h = day[3] ? meridiem(Number(day[3]), day[2]) : 0;
    const mi = day[4] ? Number(day[4]) : 0;
    const sec = day[5] ? Number(day[5]) : 0;
    if (h > 23 || mi > 59 || sec > 59) return null;
    return new Date(base.getTime() - back * DAY + h * HOUR + mi * MINUTE + sec * 1000);
  }
  return null;
}

function parseEpoch(s: string): Date | undefined {
  if (/^\d{13}$/.test(s)) return new Date(Number(s));
  if (/^\d{10}$/.test(s)) return new Date(Number(s) * 1000);
  if (/^\d{10}\.\d+$/.test(s)) return new Date(Math.round(Number(s) * 1000));
  return undefined;
}

/** Compact `20260821`, `202608211030`, `20260821103000` (Shanghai time). */
function parseCompact(s: string): Date | null | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?)?$/.exec(s);
  if (!m) return undefined;
  return fromParts(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0));
}

const ISO_RE =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

function parseIso(s: string): Date | null | undefined {
  const m = ISO_RE.exec(s);
  if (!m) return undefined;
  const offset = m[8] ? parseOffset(m[8]) : SHANGHAI_OFFSET_MIN;
  if (offset === null) return null;
  const ms = m[7] ? Number((m[7] + '00').slice(0, 3)) : 0;
  return fromParts(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0), offset, ms);
}

const RFC822_RE =
  /^(?:[A-Za-z]{2,9}\.?,?\s*)?(\d{1,2})[\s-]+([A-Za-z]{3,9})\.?[\s-]+(\d{2,4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*(.*)$/;

function parseRfc822(s: string): Date | null | undefined {
  const m = RFC822_RE.exec(s);
  if (!m) return undefined;
  const month = MONTHS[(m[2] ?? '').toLowerCase()];
  if (!month) return undefined;
  let year = Number(m[3]);
  if ((m[3] ?? '').length === 2) year += year < 50 ? 2000 : 1900;
  const rest = (m[7] ?? '').trim();
  const offset = rest ? parseOffset(rest) : SHANGHAI_OFFSET_MIN;
  if (offset === null) return null;
  // The weekday is ignored on purpose: publishers often get it wrong (B37 day-name mismatch).
  return fromParts(year, month, Number(m[1]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0), offset);
}

/** `Aug 21, 2026 10:30 AM` and `Thu Aug 21 2026 10:30:00 GMT+0800 (CST)` (JS Date#toString). */
const MDY_RE =
  /^(?:[A-Za-z]{2,9},?\s+)?([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(am|pm)?)?\s*(.*)$/i;

function parseMdy(s: string): Date | null | undefined {
  const m = MDY_RE.exec(s);
  if (!m) return undefined;
  const month = MONTHS[(m[1] ?? '').toLowerCase()];
  if (!month) return undefined;
  const rest = (m[8] ?? '').replace(/\s*\([^)]*\)\s*$/, '').trim();
  const offset = rest ? parseOffset(rest) : SHANGHAI_OFFSET_MIN;
  if (offset === null) return null;
  const h = meridiem(Number(m[4] ?? 0), m[7]);
  return fromParts(Number(m[3]), month, Number(m[2]), h, Number(m[5] ?? 0), Number(m[6] ?? 0), offset);
}

/** `2026年8月21日 10:30`, `2026-08-21 10:30:00`, `2026/8/21`, `2026.08.21`, also inside other text. */
const CN_FULL_RE =
  /(\d{4})\s*(?:年|-|\/|\.)\s*(\d{1,2})\s*(?:月|-|\/|\.)\s*(\d{1,2})\s*日?(?:\s*(?:星期.|周.))?(?:[\sT]*(上午|下午|晚上|凌晨|早上)?\s*(\d{1,2})\s*(?::|时|點|点)\s*(\d{1,2})\s*(?:分)?(?:\s*:?\s*(\d{1,2})\s*秒?)?)?/;

function parseChineseFull(s: string): Date | null | undefined {
  const m = CN_FULL_RE.exec(s);
  if (!m) return undefined;
  const h = m[5] ? meridiem(Number(m[5]), m[4]) : 0;
  return fromParts(Number(m[1]), Number(m[2]), Number(m[3]), h, Number(m[6] ?? 0), Number(m[7] ?? 0));
}

/** `08-21`, `[08-21]`, `8月21日 10:30`: current year in Shanghai, or last year if that is in the future. */
const MONTH_DAY_RE = /^[[(（【]?\s*(\d{1,2})\s*(?:-|\/|\.|月)\s*(\d{1,2})\s*日?\s*[\])）】]?(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

function parseMonthDay(s: string, now: Date): Date | null | undefined {
  const m = MONTH_DAY_RE.exec(s);
  if (!m) return undefined;
  const { y } = shanghaiToday(now);
  const mo = Number(m[1]);
  const d = Number(m[2]);
  const h = Number(m[3] ?? 0);
  const mi = Number(m[4] ?? 0);
  const sec = Number(m[5] ?? 0);
  const thisYear = fromParts(y, mo, d, h, mi, sec);
  if (thisYear && thisYear.getTime() <= now.getTime() + FUTURE_TOLERANCE_MS) return thisYear;
  // 02-29 of a leap year seen in a non-leap year also lands here.
  return fromParts(y - 1, mo, d, h, mi, sec) ?? thisYear;
}

/** Last resort for formats with an explicit zone only; zone-less strings would depend on the server TZ. */
function parseWithZone(s: string): Date | null | undefined {
  if (!/(?:\b(?:GMT|UTC)\b|[+-]\d{2}:?\d{2}\b|Z$)/i.test(s)) return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : new Date(t);
}

function check(date: Date, now: Date): ParsedDate {
  if (Number.isNaN(date.getTime()) || date.getUTCFullYear() < MIN_YEAR) return { date: null, flag: 'unparseable' };
  if (date.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) return { date: null, flag: 'future_date' };
  return { date };
}

/**
 * Parses a publication date as found in a feed or page. Empty input → `{ date: null }` (no flag);
 * garbage or impossible dates (`Thu, 31 Feb 2026`, `0001-01-01`) → `unparseable`; more than 24 h
 * ahead of `now` → `future_date`.
 */
export function parseDate(raw: string | null | undefined, opts: ParseDateOptions): ParsedDate {
  if (raw === null || raw === undefined) return { date: null };
  const s = normaliseInput(raw);
  if (!s) return { date: null };

  const relative = parseRelativeDate(s, opts);
  if (relative) return check(relative, opts.now);

  const parsers: Array<(x: string) => Date | null | undefined> = [
    parseEpoch,
    parseCompact,
    parseIso,
    parseRfc822,
    parseMdy,
    parseChineseFull,
    (x) => parseMonthDay(x, opts.now),
    parseWithZone,
  ];
  for (const parse of parsers) {
    const result = parse(s);
    if (result === undefined) continue;
    if (result === null) return { date: null, flag: 'unparseable' };
    return check(result, opts.now);
  }
  return { date: null, flag: 'unparseable' };
}
