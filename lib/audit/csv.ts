/** The /audit search as CSV, with the same formula neutralisation and BOM as the item export. */
import type { AuditRow } from '@/lib/db';
import { CSV_BOM, csvLine } from '@/lib/export/csv';
import { formatDateTime } from '@/lib/format/zh';
import { AUDIT_RESULT_LABELS, auditActionLabel } from './labels';

export const AUDIT_CSV_COLUMNS = ['编号', '时间（北京时间）', '时间（UTC）', '操作人', '角色', '来源地址', '请求编号', '操作', '操作代码', '对象类型', '对象', '结果', '原因', '详情', '哈希'];

export function auditCsvLine(r: AuditRow): string {
  return csvLine([
    r.id,
    formatDateTime(r.at),
    r.at.toISOString(),
    r.actor,
    r.role,
    r.clientIp,
    r.requestId,
    auditActionLabel(r.action),
    r.action,
    r.objectType,
    r.objectId,
    AUDIT_RESULT_LABELS[r.result] ?? r.result,
    r.reason,
    r.detailJson,
    r.hash,
  ]);
}

/** Streams the rows as CSV (UTF-8 with BOM, CRLF). */
export function auditCsvStream(rows: AsyncIterable<AuditRow>): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  const it = rows[Symbol.asyncIterator]();
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(enc.encode(CSV_BOM + csvLine(AUDIT_CSV_COLUMNS)));
        return;
      }
      const next = await it.next();
      if (next.done) controller.close();
      else controller.enqueue(enc.encode(auditCsvLine(next.value)));
    },
    async cancel() {
      await it.return?.(undefined);
    },
  });
}
