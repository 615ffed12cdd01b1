/** An export file from pages of rows: CSV streamed page by page, XLSX built once (bounded by EXPORT_MAX_ROWS). */
import type { ItemListRow } from '@/lib/db/queries/list-items';
import { EXPORT_COLUMNS, exportRow } from './cells';
import type { Cell } from './cells';
import { CSV_BOM, csvLine } from './csv';
import { xlsxWorkbook } from './xlsx';

export type ExportFormat = 'csv' | 'xlsx';

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** CSV as a byte stream: BOM and header first, then each page as it is read from the database. */
export function csvStream(pages: AsyncIterable<ItemListRow[]>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = pages[Symbol.asyncIterator]();
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(CSV_BOM + csvLine([...EXPORT_COLUMNS])));
        return;
      }
      const next = await iterator.next();
      if (next.done) {
        controller.close();
        return;
      }
      controller.enqueue(encoder.encode(next.value.map((r) => csvLine(exportRow(r))).join('')));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

export async function xlsxBytes(pages: AsyncIterable<ItemListRow[]>): Promise<Buffer> {
  const rows: Cell[][] = [];
  for await (const page of pages) for (const r of page) rows.push(exportRow(r));
  return xlsxWorkbook([...EXPORT_COLUMNS], rows);
}

/** 信息导出_20261124-0930.csv, in Asia/Shanghai time. */
export function exportFileName(format: ExportFormat, now: Date): string {
  const stamp = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace(/-/g, '').replace('T', '-').replace(':', '');
  return `信息导出_${stamp}.${format}`;
}

/** Content-Disposition with an ASCII fallback and the UTF-8 name (RFC 6266 / 5987). */
export function attachmentHeader(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
