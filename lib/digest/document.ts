/**
 * DigestContent → the lib/docx OfficialDocument (the briefing masthead: 刊名、期号、编发单位、日期,
 * 审核人/签发人) and → the outline the PDF writer lays out. Evidence becomes a short "〔依据：信息
 * #12、事件 #3〕" after each statement, so paper keeps the link to the stored rows.
 */
import { paragraph, section, table } from '@/lib/docx/model';
import type { Block, OfficialDocument } from '@/lib/docx/model';
import { periodText } from './daily';
import { DIGEST_KIND_LABELS, EVIDENCE_LABELS } from './model';
import type { DigestContent, Statement } from './model';
import { wallTime } from './period';

export interface DigestRecord {
  id: number;
  year: number;
  seq: number;
  generatedAt: Date;
  reviewedBy: string | null;
  signedBy: string | null;
  instruction: string | null;
  instructedBy: string | null;
}

export function evidenceNote(st: Statement): string {
  if (st.evidence.length === 0) return '';
  const shown = st.evidence.slice(0, 6).map((e) => `${EVIDENCE_LABELS[e.kind]} #${e.id}`);
  const rest = st.evidence.length - shown.length + st.more;
  return `〔依据：${shown.join('、')}${rest > 0 ? ` 等，另 ${rest} 条` : ''}〕`;
}

const withEvidence = (st: Statement): string => `${st.text}${evidenceNote(st)}`;

/** The sections as document blocks (shared by .docx and PDF). */
export function digestBlocks(c: DigestContent, r: DigestRecord): Block[] {
  const blocks: Block[] = [paragraph(`监测时段：${periodText(c)}`)];
  if (c.abstract) blocks.push(section('核心摘要', paragraph(withEvidence(c.abstract))));
  for (const s of c.sections) {
    const inner: Block[] = s.statements.map((st) => paragraph(withEvidence(st)));
    if (s.table && s.table.rows.length) inner.push(table(s.table.header, s.table.rows.map((row) => row.cells)));
    blocks.push(section(s.heading, ...inner));
  }
  if (c.volume && c.volume.length) {
    blocks.push(
      section('声量走势', table(['时段起', '报道数'], c.volume.map((v) => {
        const w = wallTime(new Date(v.at), c.timezone);
        return [`${w.month}月${w.day}日 ${String(w.hour).padStart(2, '0')}:00`, String(v.count)];
      }))),
    );
  }
  if (r.instruction) blocks.push(section('领导批示', paragraph(`${r.instruction}（${r.instructedBy ?? ''}）`)));
  return blocks;
}

export function digestDocument(c: DigestContent, r: DigestRecord): OfficialDocument {
  const w = wallTime(r.generatedAt, c.timezone);
  return {
    masthead: {
      kind: 'briefing',
      publicationName: c.kind === 'daily' ? '安全生产舆情日报' : '安全生产舆情专报',
      issueNumber: r.seq,
      classification: '内部资料　注意保存',
      editor: c.issuer,
      date: { year: w.year, month: w.month, day: w.day },
      ...(r.reviewedBy ? { reviewer: r.reviewedBy } : {}),
      ...(r.signedBy ? { issuer: r.signedBy } : {}),
    },
    title: c.kind === 'daily' ? `${DIGEST_KIND_LABELS.daily}（${r.year}年第${r.seq}期）` : c.title,
    body: digestBlocks(c, r),
    ...(c.attachments.length ? { attachments: c.attachments } : {}),
    properties: { createdAt: r.generatedAt, author: c.issuer, subject: DIGEST_KIND_LABELS[c.kind] },
  };
}
