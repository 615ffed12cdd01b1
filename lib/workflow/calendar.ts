/**
 * Working-day calendar for statutory deadlines (DOMAIN §1.4).
 *
 * A working day (工作日) is Monday–Friday minus the 法定节假日, plus the weekend days that the
 * 国务院办公厅's yearly 节假日安排通知 declares as working days (调休上班). The yearly notices are kept
 * as data in lib/workflow/holidays/<year>.json, imported statically so the Next build bundles them.
 *
 * Calendar days are plain 'YYYY-MM-DD' strings in Asia/Shanghai: deadlines are about days on the
 * wall calendar in China, and strings cannot drift with the server's time zone. Instants are
 * converted once, with `calendarDayInShanghai`.
 *
 * A year without a table is never guessed silently: the computation falls back to Monday–Friday
 * and every result carries a Chinese warning naming the missing year.
 */
import { z } from 'zod';
import table2024 from './holidays/2024.json';
import table2025 from './holidays/2025.json';
import table2026 from './holidays/2026.json';

/** 'YYYY-MM-DD', a day on the Asia/Shanghai wall calendar. */
export type CalendarDay = string;

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export const CalendarDaySchema = z
  .string()
  .regex(DAY_PATTERN, '日期格式应为 YYYY-MM-DD')
  .refine(isValidCalendarDay, '日期不存在');

export const HolidayTableSchema = z
  .object({
    year: z.number().int().min(2000).max(2100),
    source: z.object({
      notice: z.string().nullable(),
      title: z.string().min(1),
      published: CalendarDaySchema,
      url: z.url(),
    }),
    verifiedBy: z.array(z.string()).min(1),
    notes: z.array(z.string()).default([]),
    holidays: z
      .array(z.object({ name: z.string().min(1), from: CalendarDaySchema, to: CalendarDaySchema }))
      .min(1),
    workdays: z.array(CalendarDaySchema),
  })
  .superRefine((table, ctx) => {
    const inYear = (day: string) => day.startsWith(`${table.year}-`);
    for (const h of table.holidays) {
      if (h.from > h.to || !inYear(h.from) || !inYear(h.to)) {
        ctx.addIssue({ code: 'custom', message: `${table.year}年${h.name}的起止日期无效` });
      }
    }
    for (const day of table.workdays) {
      if (!inYear(day) || !isWeekend(day)) {
        ctx.addIssue({ code: 'custom', message: `${day} 不是${table.year}年的周末，不能作为调休上班日` });
      }
    }
  });

export type HolidayTable = z.output<typeof HolidayTableSchema>;

interface YearCalendar {
  table: HolidayTable;
  /** day → holiday name */
  holidays: Map<CalendarDay, string>;
  workdays: Set<CalendarDay>;
}

/** The tables we ship. Add a year: drop its JSON in holidays/ and add it here. */
export const HOLIDAY_TABLES: readonly HolidayTable[] = [table2024, table2025, table2026].map((t) =>
  HolidayTableSchema.parse(t),
);

const CALENDARS = buildCalendars(HOLIDAY_TABLES);

function buildCalendars(tables: readonly HolidayTable[]): Map<number, YearCalendar> {
  const byYear = new Map<number, YearCalendar>();
  for (const table of tables) {
    const holidays = new Map<CalendarDay, string>();
    for (const h of table.holidays) {
      for (let day = h.from; day <= h.to; day = addCalendarDays(day, 1)) holidays.set(day, h.name);
    }
    byYear.set(table.year, { table, holidays, workdays: new Set(table.workdays) });
  }
  return byYear;
}

// ---------------------------------------------------------------------------------------------
// Plain calendar-day arithmetic (UTC midnight is only a vehicle; no time zone is involved).

export function isValidCalendarDay(day: string): boolean {
  const m = DAY_PATTERN.exec(day);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === day;
}

function toUtcDate(day: CalendarDay): Date {
  if (!isValidCalendarDay(day)) throw new RangeError(`无效日期：${day}`);
  return new Date(`${day}T00:00:00Z`);
}

export function addCalendarDays(day: CalendarDay, n: number): CalendarDay {
  const d = toUtcDate(day);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(day: CalendarDay): number {
  return toUtcDate(day).getUTCDay();
}

export function isWeekend(day: CalendarDay): boolean {
  const w = weekdayOf(day);
  return w === 0 || w === 6;
}

export function yearOf(day: CalendarDay): number {
  return Number(day.slice(0, 4));
}

const SHANGHAI_DAY = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The Asia/Shanghai calendar day of an instant (e.g. 23:30 UTC is already the next day in China). */
export function calendarDayInShanghai(instant: Date): CalendarDay {
  return SHANGHAI_DAY.format(instant);
}

// ---------------------------------------------------------------------------------------------
// Coverage and warnings

export type CalendarCoverage = 'covered' | 'missing';

export function calendarCoverage(year: number): CalendarCoverage {
  return CALENDARS.has(year) ? 'covered' : 'missing';
}

export function coveredYears(): number[] {
  return [...CALENDARS.keys()].sort((a, b) => a - b);
}

export function missingYearWarning(year: number): string {
  return (
    `缺少${year}年的法定节假日安排（国务院办公厅通知），${year}年暂按周一至周五计算工作日，` +
    `期限可能不准确，请尽快补充该年度节假日表。`
  );
}

/**
 * The warning to show on every deadline page: the current year must be covered, and from
 * November on (when the next year's notice is normally published) the next year too.
 */
export function currentYearCalendarWarning(today: CalendarDay): string | null {
  const year = yearOf(today);
  if (calendarCoverage(year) === 'missing') return missingYearWarning(year);
  if (today.slice(5) >= '11-01' && calendarCoverage(year + 1) === 'missing') {
    return (
      `尚未录入${year + 1}年的法定节假日安排。国务院办公厅通常于11月前后发布次年安排，` +
      `发布后请补充；跨年期限暂按周一至周五计算。`
    );
  }
  return null;
}

/** Collects the missing years a computation touched, so the warning is attached to its result. */
class CoverageTracker {
  private readonly missing = new Set<number>();

  note(day: CalendarDay): YearCalendar | undefined {
    const year = yearOf(day);
    const calendar = CALENDARS.get(year);
    if (!calendar) this.missing.add(year);
    return calendar;
  }

  get missingYears(): number[] {
    return [...this.missing].sort((a, b) => a - b);
  }

  get warnings(): string[] {
    return this.missingYears.map(missingYearWarning);
  }
}

// ---------------------------------------------------------------------------------------------
// Working days

export type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeup_workday';

export interface DayInfo {
  day: CalendarDay;
  workingDay: boolean;
  kind: DayKind;
  /** 中文说明，如“法定节假日：春节”“调休上班”。 */
  label: string;
  /** Whether the holiday table for this year exists (false → Monday–Friday fallback). */
  covered: boolean;
  warnings: string[];
}

function classify(day: CalendarDay, tracker: CoverageTracker): Omit<DayInfo, 'warnings'> {
  const calendar = tracker.note(day);
  const covered = calendar !== undefined;
  const holidayName = calendar?.holidays.get(day);
  if (holidayName) {
    return { day, workingDay: false, kind: 'holiday', label: `法定节假日：${holidayName}`, covered };
  }
  if (calendar?.workdays.has(day)) {
    return { day, workingDay: true, kind: 'makeup_workday', label: '调休上班', covered };
  }
  if (isWeekend(day)) return { day, workingDay: false, kind: 'weekend', label: '周末', covered };
  return { day, workingDay: true, kind: 'workday', label: '工作日', covered };
}

export function describeDay(day: CalendarDay): DayInfo {
  const tracker = new CoverageTracker();
  return { ...classify(day, tracker), warnings: tracker.warnings };
}

export function isWorkingDay(day: CalendarDay): boolean {
  return classify(day, new CoverageTracker()).workingDay;
}

export interface CalendarResult<T> {
  value: T;
  /** Years the computation touched that have no holiday table (Monday–Friday was used). */
  missingYears: number[];
  warnings: string[];
}

/** Guards against runaway loops on absurd input (about 40 years of days). */
const MAX_SCAN_DAYS = 15_000;

/**
 * The n-th working day after `start`. 《民法典》art. 201: "开始的当日不计入，自下一日开始计算",
 * so `start` is day 0 whatever kind of day it is, and n = 0 returns `start` itself.
 */
export function addWorkingDays(start: CalendarDay, n: number): CalendarResult<CalendarDay> {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`工作日数必须是非负整数：${n}`);
  const tracker = new CoverageTracker();
  tracker.note(start);
  let day = start;
  let counted = 0;
  for (let i = 0; counted < n; i++) {
    if (i > MAX_SCAN_DAYS) throw new RangeError('工作日计算超出范围');
    day = addCalendarDays(day, 1);
    if (classify(day, tracker).workingDay) counted++;
  }
  return { value: day, missingYears: tracker.missingYears, warnings: tracker.warnings };
}

/**
 * Working days in the half-open span (a, b]: how many working days have passed since `a` by the
 * end of `b`. Negative when b < a. Consistent with addWorkingDays:
 * workingDaysBetween(s, addWorkingDays(s, n).value) === n.
 */
export function workingDaysBetween(a: CalendarDay, b: CalendarDay): CalendarResult<number> {
  const tracker = new CoverageTracker();
  const [from, to, sign] = a <= b ? [a, b, 1] : [b, a, -1];
  tracker.note(from);
  let count = 0;
  let i = 0;
  for (let day = addCalendarDays(from, 1); day <= to; day = addCalendarDays(day, 1)) {
    if (++i > MAX_SCAN_DAYS) throw new RangeError('工作日计算超出范围');
    if (classify(day, tracker).workingDay) count++;
  }
  return { value: sign * count, missingYears: tracker.missingYears, warnings: tracker.warnings };
}

/**
 * Walks working days after `start`, letting the caller skip some (paused time), and returns the
 * day on which `budget` counted days are used up. Used by the disclosure clock.
 */
export function walkWorkingDays(
  start: CalendarDay,
  budget: number,
  isPaused: (day: CalendarDay) => boolean,
): CalendarResult<CalendarDay> {
  if (!Number.isInteger(budget) || budget < 0) throw new RangeError(`工作日数必须是非负整数：${budget}`);
  const tracker = new CoverageTracker();
  tracker.note(start);
  let day = start;
  let counted = 0;
  for (let i = 0; counted < budget; i++) {
    if (i > MAX_SCAN_DAYS) throw new RangeError('工作日计算超出范围');
    day = addCalendarDays(day, 1);
    if (classify(day, tracker).workingDay && !isPaused(day)) counted++;
  }
  return { value: day, missingYears: tracker.missingYears, warnings: tracker.warnings };
}

/** Working days in (a, b] that are not paused. 0 when b ≤ a. */
export function countWorkingDays(
  a: CalendarDay,
  b: CalendarDay,
  isPaused: (day: CalendarDay) => boolean,
): CalendarResult<number> {
  const tracker = new CoverageTracker();
  tracker.note(a);
  let count = 0;
  let i = 0;
  for (let day = addCalendarDays(a, 1); day <= b; day = addCalendarDays(day, 1)) {
    if (++i > MAX_SCAN_DAYS) throw new RangeError('工作日计算超出范围');
    if (classify(day, tracker).workingDay && !isPaused(day)) count++;
  }
  return { value: count, missingYears: tracker.missingYears, warnings: tracker.warnings };
}
