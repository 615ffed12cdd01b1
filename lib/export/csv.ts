/** CSV for Excel: UTF-8 with a byte-order mark (else Excel reads Chinese as mojibake), CRLF rows. */
import { safeCells } from './cells';
import type { Cell } from './cells';

export const CSV_BOM = '\uFEFF';

function csvField(c: Cell): string {
  if (c === null) return '';
  if (typeof c === 'number') return Number.isFinite(c) ? String(c) : '';
  // Always quoted: commas, quotes and line breaks in crawled text stay inside their cell.
  return `"${c.replace(/"/g, '""')}"`;
}

/** One CSV line (with its CRLF), formula-looking strings neutralised. */
export function csvLine(cells: readonly Cell[]): string {
  return `${safeCells(cells).map(csvField).join(',')}\r\n`;
}
