import { describe, expect, test } from 'vitest';
import {
  HOLIDAY_TABLES,
  HolidayTableSchema,
  addWorkingDays,
  calendarCoverage,
  calendarDayInShanghai,
  currentYearCalendarWarning,
  describeDay,
  isWorkingDay,
  workingDaysBetween,
  addCalendarDays,
} from '@/lib/workflow/calendar';

describe('holiday tables', () => {
  test('2024–2026 are shipped, 2027 is not (no 国办 notice verified yet)', () => {
    expect(HOLIDAY_TABLES.map((t) => t.year)).toEqual([2024, 2025, 2026]);
    expect(calendarCoverage(2025)).toBe('covered');
    expect(calendarCoverage(2027)).toBe('missing');
    expect(calendarCoverage(2012)).toBe('missing');
  });

  test('every table names its notice and the sources that agreed', () => {
    for (const t of HOLIDAY_TABLES) {
      expect(t.source.title).toContain(`${t.year}年部分节假日安排`);
      expect(t.verifiedBy.length).toBeGreaterThanOrEqual(2);
    }
  });

  test('schema refuses a 调休上班 day that is not a weekend', () => {
    const bad = { ...HOLIDAY_TABLES[1], workdays: ['2025-01-27'] };
    expect(HolidayTableSchema.safeParse(bad).success).toBe(false);
  });
});

describe('isWorkingDay', () => {
  test.each([
    // 2025 春节: 1月28日至2月4日放假；1月26日（周日）、2月8日（周六）上班
    ['2025-01-24', true, '工作日'],
    ['2025-01-25', false, '周末'],
    ['2025-01-26', true, '调休上班'],
    ['2025-01-28', false, '法定节假日：春节'],
    ['2025-02-04', false, '法定节假日：春节'],
    ['2025-02-05', true, '工作日'],
    ['2025-02-08', true, '调休上班'],
    ['2025-02-09', false, '周末'],
    // 2025 国庆节、中秋节: 10月1日至8日；9月28日（周日）、10月11日（周六）上班
    ['2025-09-28', true, '调休上班'],
    ['2025-10-08', false, '法定节假日：国庆节、中秋节'],
    ['2025-10-11', true, '调休上班'],
    // 2026 春节: 2月15日至23日；2月14日（周六）、2月28日（周六）上班
    ['2026-02-14', true, '调休上班'],
    ['2026-02-23', false, '法定节假日：春节'],
    ['2026-02-28', true, '调休上班'],
    // 2026 国庆节: 10月1日至7日；9月20日（周日）、10月10日（周六）上班；中秋 9月25日至27日
    ['2026-09-20', true, '调休上班'],
    ['2026-09-25', false, '法定节假日：中秋节'],
    ['2026-10-07', false, '法定节假日：国庆节'],
    ['2026-10-10', true, '调休上班'],
    // 2024 除夕 2月9日（周五）: only "encouraged" to rest, legally a working day
    ['2024-02-09', true, '工作日'],
  ])('%s → %s (%s)', (day, working, label) => {
    expect(isWorkingDay(day)).toBe(working);
    const info = describeDay(day);
    expect(info.label).toBe(label);
    expect(info.warnings).toEqual([]);
  });
});

describe('addWorkingDays (民法典 art. 201: the start day is day 0)', () => {
  test('n = 0 is the start day itself, even on a holiday', () => {
    expect(addWorkingDays('2025-01-29', 0).value).toBe('2025-01-29');
  });

  test('receipt on the Friday before 2025 Spring Festival', () => {
    // 1/24 Fri = day 0. WD1 1/26 (Sun 调休), WD2 1/27, 1/28–2/4 off, WD3 2/5, 4 2/6, 5 2/7,
    // 6 2/8 (Sat 调休), 7–11 2/10–2/14, 12–16 2/17–2/21, 17 2/24, 18 2/25, 19 2/26, 20 2/27.
    expect(addWorkingDays('2025-01-24', 1).value).toBe('2025-01-26');
    expect(addWorkingDays('2025-01-24', 3).value).toBe('2025-02-05');
    expect(addWorkingDays('2025-01-24', 20)).toEqual({ value: '2025-02-27', missingYears: [], warnings: [] });
  });

  test('receipt on the Friday before 2026 Spring Festival', () => {
    // 2/13 Fri = day 0. WD1 2/14 (Sat 调休), 2/15–2/23 off, WD2–5 2/24–2/27, 6 2/28 (Sat 调休),
    // 7–11 3/2–3/6, 12–16 3/9–3/13, 17 3/16, 18 3/17, 19 3/18, 20 3/19.
    expect(addWorkingDays('2026-02-13', 1).value).toBe('2026-02-14');
    expect(addWorkingDays('2026-02-13', 2).value).toBe('2026-02-24');
    expect(addWorkingDays('2026-02-13', 20).value).toBe('2026-03-19');
  });

  test('receipt on the Friday before 2025 National Day', () => {
    // 9/26 Fri = day 0. WD1 9/28 (Sun 调休), 2 9/29, 3 9/30, 10/1–10/8 off, 4 10/9, 5 10/10,
    // 6 10/11 (Sat 调休), 7–11 10/13–10/17, 12–16 10/20–10/24, 17 10/27 … 20 10/30.
    expect(addWorkingDays('2025-09-26', 4).value).toBe('2025-10-09');
    expect(addWorkingDays('2025-09-26', 20).value).toBe('2025-10-30');
  });

  test('receipt on the Friday before 2026 中秋 and National Day', () => {
    // 9/18 Fri = day 0. WD1 9/20 (Sun 调休), 2–5 9/21–9/24, 9/25–27 中秋, 6–8 9/28–9/30,
    // 10/1–10/7 off, 9 10/8, 10 10/9, 11 10/10 (Sat 调休), 12–16 10/12–10/16, 17–20 10/19–10/22.
    expect(addWorkingDays('2026-09-18', 9).value).toBe('2026-10-08');
    expect(addWorkingDays('2026-09-18', 20).value).toBe('2026-10-22');
  });

  test('a missing year falls back to Monday–Friday and says so', () => {
    // 12/31 Thu WD1; 2027: no table, so 1/1 (Fri, really 元旦) counts as WD2, 1/4 WD3, 1/5 WD4, 1/6 WD5.
    const result = addWorkingDays('2026-12-30', 5);
    expect(result.value).toBe('2027-01-06');
    expect(result.missingYears).toEqual([2027]);
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toContain('缺少2027年的法定节假日安排');
    expect(result.warnings[0]).toContain('周一至周五');
  });

  test('refuses a negative count', () => {
    expect(() => addWorkingDays('2025-01-01', -1)).toThrow(RangeError);
  });
});

describe('workingDaysBetween', () => {
  test('counts (a, b] and is signed', () => {
    expect(workingDaysBetween('2025-01-24', '2025-02-27').value).toBe(20);
    expect(workingDaysBetween('2025-02-27', '2025-01-24').value).toBe(-20);
    expect(workingDaysBetween('2025-01-28', '2025-01-28').value).toBe(0);
    // Whole Spring Festival week: no working day in (1/27, 2/4].
    expect(workingDaysBetween('2025-01-27', '2025-02-04').value).toBe(0);
  });

  test('is the inverse of addWorkingDays across the covered years', () => {
    for (let start = '2024-01-01'; start <= '2026-12-01'; start = addCalendarDays(start, 17)) {
      for (const n of [1, 7, 15, 20, 40]) {
        const due = addWorkingDays(start, n).value;
        expect(workingDaysBetween(start, due).value).toBe(n);
      }
    }
  });

  test('warns when the span reaches a missing year', () => {
    const r = workingDaysBetween('2023-12-29', '2024-01-03');
    expect(r.value).toBe(2); // 2024-01-02, 01-03 (2023 falls back: 12/29 is day 0)
    expect(r.missingYears).toEqual([2023]);
  });
});

describe('time zone and coverage warnings', () => {
  test('an instant is placed on the Asia/Shanghai calendar', () => {
    expect(calendarDayInShanghai(new Date('2025-01-23T16:30:00Z'))).toBe('2025-01-24');
    expect(calendarDayInShanghai(new Date('2025-01-23T15:59:59Z'))).toBe('2025-01-23');
  });

  test('current-year warning', () => {
    expect(currentYearCalendarWarning('2026-06-01')).toBeNull();
    expect(currentYearCalendarWarning('2026-11-15')).toContain('2027年');
    expect(currentYearCalendarWarning('2027-03-01')).toContain('缺少2027年');
  });
});
