/** A digest as PDF: the same outline as the .docx (lib/digest/document), laid out by lib/pdf. */
import { outline } from '@/lib/docx/model';
import { writePdf } from '@/lib/pdf/writer';
import type { PdfBlock } from '@/lib/pdf/writer';
import { digestBlocks } from './document';
import type { DigestRecord } from './document';
import { DIGEST_KIND_LABELS, issueText } from './model';
import type { DigestContent } from './model';
import { wallTime } from './period';

export function digestPdfBlocks(c: DigestContent, r: DigestRecord): PdfBlock[] {
  const w = wallTime(r.generatedAt, c.timezone);
  const blocks: PdfBlock[] = [
    { kind: 'meta', text: '内部资料　注意保存' },
    { kind: 'title', text: c.kind === 'daily' ? '安全生产舆情日报' : '安全生产舆情专报' },
    { kind: 'meta', text: issueText(r.year, r.seq), align: 'center' },
    { kind: 'meta', text: `编发单位：${c.issuer}　　${w.year}年${w.month}月${w.day}日`, align: 'left' },
    { kind: 'meta', text: `审核：${r.reviewedBy ?? '（未记录）'}　签发：${r.signedBy ?? '（未记录）'}`, align: 'right' },
    { kind: 'rule' },
    { kind: 'heading', text: c.kind === 'daily' ? `${DIGEST_KIND_LABELS.daily}（${issueText(r.year, r.seq)}）` : c.title },
  ];
  for (const o of outline(digestBlocks(c, r))) {
    if (o.kind === 'heading') blocks.push({ kind: 'heading', text: `${o.label}${o.text}`, level: o.level === 1 ? 1 : 2 });
    else if (o.kind === 'paragraph') blocks.push({ kind: 'paragraph', text: o.text });
    else if (o.kind === 'list') for (const i of o.items) blocks.push({ kind: 'paragraph', text: i });
    else blocks.push({ kind: 'table', header: o.table.header, rows: o.table.rows, ...(o.table.columnWeights ? { weights: o.table.columnWeights } : {}) });
  }
  if (c.attachments.length) {
    blocks.push({ kind: 'heading', text: '附件' });
    c.attachments.forEach((a, i) => blocks.push({ kind: 'paragraph', text: `${i + 1}. ${a}` }));
  }
  return blocks;
}

export function digestPdf(c: DigestContent, r: DigestRecord): Buffer {
  return writePdf(digestPdfBlocks(c, r), { title: c.kind === 'daily' ? `${DIGEST_KIND_LABELS.daily} ${issueText(r.year, r.seq)}` : c.title, createdAt: r.generatedAt, author: c.issuer });
}
