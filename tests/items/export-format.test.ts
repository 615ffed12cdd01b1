/** The export's cell rules and file formats, without a database. */
import { describe, expect, test } from 'vitest';
import { neutraliseFormula, shanghaiTime } from '@/lib/export/cells';
import { CSV_BOM, csvLine } from '@/lib/export/csv';
import { attachmentHeader, exportFileName } from '@/lib/export/stream';
import { columnName, xmlText } from '@/lib/export/xlsx';

describe('cells', () => {
  test.each([
    ['=1+1', "'=1+1"],
    ['+86 123', "'+86 123"],
    ['-5', "'-5"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=cmd', "'\t=cmd"],
    ['\r=cmd', "'\r=cmd"],
    ['安全 = 生命', '安全 = 生命'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(neutraliseFormula(input)).toBe(expected);
  });

  test('times are Asia/Shanghai', () => {
    expect(shanghaiTime(new Date('2026-11-20T17:30:00Z'))).toBe('2026-11-21 01:30');
  });
});

describe('CSV', () => {
  test('strings always quoted with quotes doubled; line breaks stay inside the cell; numbers plain; null empty', () => {
    expect(csvLine(['a"b', 'x,y', '第一行\n第二行', 57, -0.5, null])).toBe('"a""b","x,y","第一行\n第二行",57,-0.5,\r\n');
    expect(csvLine(['=HYPERLINK("http://x")'])).toBe('"\'=HYPERLINK(""http://x"")"\r\n');
    expect(CSV_BOM).toBe('\uFEFF');
  });
});

describe('XLSX parts', () => {
  test('column names', () => {
    expect([0, 25, 26, 51, 701, 702].map(columnName)).toEqual(['A', 'Z', 'AA', 'AZ', 'ZZ', 'AAA']);
  });

  test('XML text: escaped, and characters XML cannot carry are dropped', () => {
    expect(xmlText('<b>&"\u0001\u0008ok\t\n')).toBe('&lt;b&gt;&amp;&quot;ok\t\n');
    expect(xmlText('a\uD800b😀')).toBe('ab😀');
  });

  test('download name: Chinese with an ASCII fallback', () => {
    const name = exportFileName('csv', new Date('2026-11-20T01:02:00Z'));
    expect(name).toBe('信息导出_20261120-0902.csv');
    const h = attachmentHeader(name);
    expect(h).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''/);
    expect(decodeURIComponent(h.split("UTF-8''")[1] ?? '')).toBe(name);
  });
});
