/**
 * A small typed model of an official document (GB/T 9704-2012 《党政机关公文格式》) or of an
 * internal 简报/专报 with the lighter masthead, independent of how it is rendered (.docx by
 * ./writer.ts; a print page can walk the same outline). Every string is plain text: the writer
 * escapes it, so crawled titles can go in as they are.
 *
 * Section numbers (一、 （一） 1. （1）) are never typed by hand: they come from nesting sections.
 */

/** A calendar day, free of time zones: documents are dated, not timestamped. */
export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

export type SecrecyLevel = '秘密' | '机密' | '绝密';
export type Urgency = '特急' | '加急';

/** Full 版头 of a 公文 (GB/T 9704-2012 §7.2). */
export interface GongwenMasthead {
  kind: 'gongwen';
  /** 份号: printed as 6 Arabic digits (zero-padded). */
  copyNumber?: number;
  /** 密级和保密期限, e.g. { level: '机密', period: '1年' } → 机密★1年. */
  secrecy?: { level: SecrecyLevel; period?: string };
  urgency?: Urgency;
  /** 发文机关标志, e.g. "××省应急管理厅文件" (red, centred). */
  issuingAuthorityMark: string;
  /** 发文字号, e.g. { agencyCode: '×应急', year: 2026, serial: 12 } → ×应急〔2026〕12号. */
  documentNumber?: { agencyCode: string; year: number; serial: number };
  /**
   * 签发人 (上行文 only). When present the 字号 moves left onto the last signer line and the
   * 发文机关标志 drops to 80 mm below the top of the type area.
   */
  signers?: readonly string[];
}

/** Lighter masthead of an internal 简报 / 日报 / 专报: 刊名、期号、编发单位、日期. */
export interface BriefingMasthead {
  kind: 'briefing';
  /** 刊名, e.g. "安全生产舆情日报" (red, centred). */
  publicationName: string;
  /** 期号: printed "第128期". */
  issueNumber: number;
  /** 总期号, printed "（总第1234期）" after the 期号. */
  totalIssueNumber?: number;
  /** e.g. "内部资料　注意保存", top left like a 密级. */
  classification?: string;
  /** 编发单位, left on the line above the red rule. */
  editor: string;
  /** 编发日期, right on the same line. */
  date: CivilDate;
  /** 审核人 / 签发人 of a 日报 (DOMAIN §4.3), printed above the red rule. */
  reviewer?: string;
  issuer?: string;
}

export type Masthead = GongwenMasthead | BriefingMasthead;

export interface ParagraphBlock {
  kind: 'paragraph';
  text: string;
}

/** A simple bordered table: one header row, then rows of plain text cells. */
export interface TableBlock {
  kind: 'table';
  header: readonly string[];
  rows: readonly (readonly string[])[];
  /** Relative column widths (any positive numbers); equal widths when absent. */
  columnWeights?: readonly number[];
}

/** Items as separate indented paragraphs, without bullets (公文 have none). */
export interface ListBlock {
  kind: 'list';
  items: readonly string[];
}

/** A numbered section; its level (and so its 一、/（一）/1./（1）) is its nesting depth. */
export interface SectionBlock {
  kind: 'section';
  heading: string;
  blocks: readonly Block[];
}

export type Block = ParagraphBlock | TableBlock | ListBlock | SectionBlock;

export interface DistributionLine {
  /** "抄送" in a 公文; "报" / "送" / "发" in a 简报. */
  label: string;
  recipients: readonly string[];
}

export interface OfficialDocument {
  masthead: Masthead;
  title: string;
  /** 主送机关: printed flush left, joined by "、", ending in a full-width colon. */
  recipients?: readonly string[];
  body: readonly Block[];
  /** 附件说明: attachment names, numbered when more than one. */
  attachments?: readonly string[];
  /** 发文机关署名 and 成文日期 (no seal: the writer uses the 不加盖印章 layout). */
  signature?: { authority: string; date: CivilDate };
  /** 附注, printed in parentheses under the date. */
  note?: string;
  /** 版记: 抄送 (or 报/送/发) lines, then 印发机关和印发日期. */
  colophon?: {
    distribution?: readonly DistributionLine[];
    printedBy?: string;
    printedOn?: CivilDate;
  };
  /** docProps; createdAt is fixed by the caller so the same model gives the same bytes. */
  properties: { createdAt: Date; author?: string; subject?: string };
}

export class DocumentModelError extends Error {
  override name = 'DocumentModelError';
}

/** GB/T 9704-2012 gives four levels of 结构层次序数. */
export const MAX_SECTION_DEPTH = 4;

// Builders, so callers write section('重点舆情', paragraph('…')) rather than object literals.
export const paragraph = (text: string): ParagraphBlock => ({ kind: 'paragraph', text });
export const list = (items: readonly string[]): ListBlock => ({ kind: 'list', items });
export const section = (heading: string, ...blocks: Block[]): SectionBlock => ({ kind: 'section', heading, blocks });
export function table(header: readonly string[], rows: readonly (readonly string[])[], columnWeights?: readonly number[]): TableBlock {
  return columnWeights ? { kind: 'table', header, rows, columnWeights } : { kind: 'table', header, rows };
}

const DIGITS = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百〇五 (positive integers below 1000). */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 999) throw new DocumentModelError(`序数超出范围：${n}`);
  const hundreds = Math.floor(n / 100);
  const tens = Math.floor((n % 100) / 10);
  const ones = n % 10;
  let s = '';
  if (hundreds) s += `${DIGITS[hundreds]}百`;
  if (tens) s += `${hundreds || tens > 1 ? DIGITS[tens] : ''}十`;
  else if (hundreds && ones) s += '〇';
  if (ones) s += DIGITS[ones];
  return s;
}

/**
 * The 结构层次序数 of GB/T 9704-2012 §7.3.3: level 1 "一、", 2 "（一）", 3 "1.", 4 "（1）"
 * (full-width parentheses and 顿号 as in the standard; level 3 uses the ASCII full stop).
 */
export function sectionLabel(level: number, index: number): string {
  switch (level) {
    case 1:
      return `${chineseNumeral(index)}、`;
    case 2:
      return `（${chineseNumeral(index)}）`;
    case 3:
      return `${index}.`;
    case 4:
      return `（${index}）`;
    default:
      throw new DocumentModelError(`章节层级最多 ${MAX_SECTION_DEPTH} 级，收到第 ${level} 级`);
  }
}

/** A block with its place in the outline: what a renderer walks. */
export type OutlineItem =
  | { kind: 'heading'; level: number; label: string; text: string }
  | { kind: 'paragraph'; text: string; level: number }
  | { kind: 'list'; items: readonly string[]; level: number }
  | { kind: 'table'; table: TableBlock; level: number };

/**
 * Flattens the body into document order with generated labels; counters restart inside each
 * parent. Throws DocumentModelError past four levels rather than inventing a fifth numbering.
 */
export function outline(body: readonly Block[]): OutlineItem[] {
  const out: OutlineItem[] = [];
  const walk = (blocks: readonly Block[], level: number): void => {
    let sectionIndex = 0;
    for (const b of blocks) {
      if (b.kind === 'section') {
        sectionIndex += 1;
        const own = level + 1;
        out.push({ kind: 'heading', level: own, label: sectionLabel(own, sectionIndex), text: b.heading });
        walk(b.blocks, own);
      } else if (b.kind === 'paragraph') out.push({ kind: 'paragraph', text: b.text, level });
      else if (b.kind === 'list') out.push({ kind: 'list', items: b.items, level });
      else out.push({ kind: 'table', table: b, level });
    }
  };
  walk(body, 0);
  return out;
}

function checkDate(d: CivilDate): void {
  const probe = new Date(Date.UTC(d.year, d.month - 1, d.day));
  const valid =
    Number.isInteger(d.year) && d.year >= 1000 && d.year <= 9999 &&
    probe.getUTCFullYear() === d.year && probe.getUTCMonth() === d.month - 1 && probe.getUTCDate() === d.day;
  if (!valid) throw new DocumentModelError(`日期无效：${d.year}-${d.month}-${d.day}`);
}

/**
 * 成文日期 / 印发日期 / 编发日期 per GB/T 9704-2012 §7.3.5.1: Arabic numerals, the year in
 * full, no leading zeros ("2026年1月5日", never "2026年01月05日"). The 1999 edition's 汉字 dates
 * (二〇二六年…) are no longer the rule.
 */
export function documentDate(d: CivilDate): string {
  checkDate(d);
  return `${d.year}年${d.month}月${d.day}日`;
}

/** 发文字号: ×应急〔2026〕12号 (六角括号, no 第, no leading zeros). */
export function documentNumberText(n: { agencyCode: string; year: number; serial: number }): string {
  if (!Number.isInteger(n.year) || !Number.isInteger(n.serial) || n.serial < 1) {
    throw new DocumentModelError('发文字号的年份和序号须为正整数');
  }
  return `${n.agencyCode}〔${n.year}〕${n.serial}号`;
}

/** 份号: six Arabic digits. */
export function copyNumberText(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 999_999) throw new DocumentModelError(`份号须为 1–999999：${n}`);
  return String(n).padStart(6, '0');
}

/** 密级和保密期限, separated by ★. */
export function secrecyText(s: { level: SecrecyLevel; period?: string }): string {
  return s.period ? `${s.level}★${s.period}` : s.level;
}

/** Checks what types cannot: valid dates, section depth, table shapes. */
export function validateDocument(doc: OfficialDocument): void {
  if (!doc.title.trim()) throw new DocumentModelError('标题不能为空');
  if (Number.isNaN(doc.properties.createdAt.getTime())) throw new DocumentModelError('createdAt 无效');
  if (doc.masthead.kind === 'briefing') {
    checkDate(doc.masthead.date);
    if (!Number.isInteger(doc.masthead.issueNumber) || doc.masthead.issueNumber < 1) {
      throw new DocumentModelError('期号须为正整数');
    }
  } else {
    if (doc.masthead.copyNumber !== undefined) copyNumberText(doc.masthead.copyNumber);
    if (doc.masthead.documentNumber) documentNumberText(doc.masthead.documentNumber);
  }
  if (doc.signature) checkDate(doc.signature.date);
  if (doc.colophon?.printedOn) checkDate(doc.colophon.printedOn);
  for (const item of outline(doc.body)) {
    if (item.kind !== 'table') continue;
    const { header, rows, columnWeights } = item.table;
    if (header.length === 0) throw new DocumentModelError('表格至少要有一列');
    if (rows.some((r) => r.length !== header.length)) throw new DocumentModelError('表格每行的列数须与表头一致');
    if (columnWeights && (columnWeights.length !== header.length || columnWeights.some((w) => !(w > 0)))) {
      throw new DocumentModelError('列宽权重须为正数且与列数一致');
    }
  }
}
