/**
 * The exported table: Chinese column headers and one row of cells per item, shared by CSV and
 * XLSX. Crawled text is hostile here too: a cell that a spreadsheet would read as a formula
 * (= + - @, or a leading tab / carriage return) is neutralised with a leading single quote.
 */
import type { ItemListRow } from '@/lib/db/queries/list-items';
import { categoryLabel } from '@/lib/format/zh';
import { SENTIMENT_LABELS } from '@/lib/warning/labels';

/** Rows per export file at most; the page says so. */
export const EXPORT_MAX_ROWS = 50_000;
/** Characters of text per row (a spreadsheet cell holds 32 767 at most). */
export const EXPORT_TEXT_CHARS = 500;

export type Cell = string | number | null;

const FORMULA_START = /^[=+\-@\t\r]/;

/** A string a spreadsheet will show as text, never evaluate. */
export function neutraliseFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export const SENSITIVITY_LABELS: Readonly<Record<string, string>> = { none: '无', low: '低', medium: '中', high: '高' };

export const EXPORT_COLUMNS = [
  '时间',
  '信源',
  '信源类别',
  '标题',
  '原文链接',
  '情感',
  '情感分值',
  '风险',
  '敏感度',
  '事故类型',
  '省份',
  '城市',
  '事故等级',
  '死亡',
  '受伤',
  '失联',
  '专题',
  '事件编号',
  '演示数据',
  '信息编号',
  '正文摘录',
] as const;

/** YYYY-MM-DD HH:mm in Asia/Shanghai (UTC+8, no daylight saving). */
export function shanghaiTime(d: Date): string {
  return new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

export function exportRow(r: ItemListRow): Cell[] {
  const a = r.analysis;
  const text = (r.text ?? '').replace(/\s+/g, ' ').trim();
  return [
    shanghaiTime(r.sortAt),
    r.sourceName,
    categoryLabel(r.category),
    r.title,
    r.url,
    a ? (SENTIMENT_LABELS[a.label] ?? a.label) : '未分析',
    a ? Math.round(a.sentiment * 1000) / 1000 : null,
    a ? a.risk : null,
    a ? (SENSITIVITY_LABELS[a.sensitivity] ?? a.sensitivity) : null,
    a?.accidentType ?? null,
    a?.province ?? null,
    a?.city ?? null,
    a?.grade ?? null,
    a?.deaths ?? null,
    a?.injuries ?? null,
    a?.missing ?? null,
    r.topics.map((t) => t.name).join('、'),
    a?.eventId ?? null,
    r.isDemo ? '是' : '否',
    r.id,
    text.length > EXPORT_TEXT_CHARS ? `${text.slice(0, EXPORT_TEXT_CHARS)}…` : text,
  ];
}

/** Every string cell neutralised; numbers stay numbers (they are ours, not crawled). */
export function safeCells(cells: readonly Cell[]): Cell[] {
  return cells.map((c) => (typeof c === 'string' ? neutraliseFormula(c) : c));
}
