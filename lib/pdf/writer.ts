/**
 * A small PDF 1.4 writer for Chinese documents, without a dependency and without embedding a font:
 * text is set in the Adobe-GB1 CID font STSong-Light with the UniGB-UCS2-H CMap (one of the
 * standard CJK fonts every PDF viewer substitutes with its own Song face), so a digest of any
 * length stays a few kilobytes. A ToUnicode CMap (identity over UCS-2) lets text be searched,
 * copied and extracted (pdftotext) even where the viewer lacks the Adobe CMap files.
 *
 * Blocks: title, heading, paragraph, small right-aligned meta line, bordered table (cells wrap, rows
 * split across pages), page break. Lines wrap by character width (CJK 1 em, ASCII ½ em). Text
 * outside the Basic Multilingual Plane and control characters are replaced: UCS-2 cannot carry them.
 */

export type PdfBlock =
  | { kind: 'title'; text: string }
  | { kind: 'heading'; text: string; level?: 1 | 2 }
  | { kind: 'paragraph'; text: string; indent?: boolean }
  | { kind: 'meta'; text: string; align?: 'left' | 'right' | 'center' }
  | { kind: 'table'; header: readonly string[]; rows: readonly (readonly string[])[]; weights?: readonly number[] }
  | { kind: 'rule' }
  | { kind: 'pagebreak' };

export interface PdfInfo {
  title: string;
  createdAt: Date;
  author?: string;
}

const PAGE_W = 595.28;
const PAGE_H = 841.89;
const MARGIN_X = 64;
const MARGIN_TOP = 72;
const MARGIN_BOTTOM = 64;
const TEXT_W = PAGE_W - 2 * MARGIN_X;
const SIZES = { title: 20, h1: 15, h2: 13, body: 11.5, meta: 10, cell: 10 } as const;
const LEADING = 1.6;

/** Replaces what UCS-2 cannot carry and what would disturb a line (controls, bidi overrides). */
export function pdfSafeText(s: string): string {
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, '').replace(/[\u{10000}-\u{10ffff}]/gu, '□');
}

/** Width in em of one character: half for ASCII and half-width forms, full otherwise. */
function charEm(ch: string): number {
  const c = ch.codePointAt(0) ?? 0;
  return c < 0x7f || (c >= 0xff61 && c <= 0xff9f) ? 0.5 : 1;
}

export function textWidth(s: string, size: number): number {
  let em = 0;
  for (const ch of s) em += charEm(ch);
  return em * size;
}

/** Greedy wrap by width; ASCII words are not split unless longer than a line. */
export function wrapText(text: string, size: number, width: number): string[] {
  const out: string[] = [];
  for (const para of pdfSafeText(text).split('\n')) {
    let line = '';
    let w = 0;
    const tokens = para.match(/[\x21-\x7e]+|\s|[^\s]/g) ?? [];
    for (const t of tokens) {
      const tw = textWidth(t, size);
      if (w + tw > width && line !== '') {
        out.push(line.trimEnd());
        line = '';
        w = 0;
        if (t === ' ') continue;
      }
      if (tw > width) {
        for (const ch of t) {
          const cw = textWidth(ch, size);
          if (w + cw > width && line) {
            out.push(line);
            line = '';
            w = 0;
          }
          line += ch;
          w += cw;
        }
      } else {
        line += t;
        w += tw;
      }
    }
    out.push(line.trimEnd());
  }
  return out;
}

/** A string as the UCS-2 hex the UniGB-UCS2-H CMap reads. */
function hex(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i += 1) out += s.charCodeAt(i).toString(16).padStart(4, '0').toUpperCase();
  return `<${out}>`;
}

const num = (n: number): string => (Math.round(n * 100) / 100).toString();

class Layout {
  pages: string[] = [];
  private ops: string[] = [];
  private y = 0;

  constructor() {
    this.y = PAGE_H - MARGIN_TOP;
  }

  newPage(): void {
    this.flush();
    this.y = PAGE_H - MARGIN_TOP;
  }

  flush(): void {
    this.pages.push(this.ops.join('\n'));
    this.ops = [];
  }

  ensure(height: number): void {
    if (this.y - height < MARGIN_BOTTOM) this.newPage();
  }

  text(s: string, x: number, size: number): void {
    this.ops.push(`BT /F1 ${num(size)} Tf ${num(x)} ${num(this.y - size)} Td ${hex(s)} Tj ET`);
  }

  lines(lines: string[], size: number, opts: { x?: number; align?: 'left' | 'right' | 'center'; firstIndent?: number } = {}): void {
    const lh = size * LEADING;
    lines.forEach((l, i) => {
      this.ensure(lh);
      const w = textWidth(l, size);
      const left = opts.x ?? MARGIN_X;
      const x = opts.align === 'right' ? PAGE_W - MARGIN_X - w : opts.align === 'center' ? (PAGE_W - w) / 2 : left + (i === 0 ? (opts.firstIndent ?? 0) : 0);
      this.text(l, x, size);
      this.y -= lh;
    });
  }

  gap(h: number): void {
    this.y -= h;
  }

  rule(): void {
    this.ensure(6);
    this.ops.push(`0.8 0 0 RG 1 w ${num(MARGIN_X)} ${num(this.y - 2)} m ${num(PAGE_W - MARGIN_X)} ${num(this.y - 2)} l S 0 0 0 RG`);
    this.y -= 8;
  }

  table(header: readonly string[], rows: readonly (readonly string[])[], weights?: readonly number[]): void {
    const n = header.length;
    const ws = weights && weights.length === n ? weights : header.map(() => 1);
    const total = ws.reduce((a, b) => a + b, 0);
    const colW = ws.map((w) => (w / total) * TEXT_W);
    const size = SIZES.cell;
    const lh = size * 1.45;
    const pad = 3;
    const drawRow = (cells: readonly string[], bold: boolean): void => {
      const wrapped = cells.map((c, i) => wrapText(c, size, (colW[i] ?? 50) - 2 * pad));
      let remaining = wrapped;
      while (remaining.some((w) => w.length)) {
        const room = Math.floor((this.y - MARGIN_BOTTOM - 2 * pad) / lh);
        if (room < 1) {
          this.newPage();
          continue;
        }
        const take = Math.min(room, Math.max(...remaining.map((w) => w.length)));
        const h = take * lh + 2 * pad;
        let x = MARGIN_X;
        const top = this.y;
        if (bold) this.ops.push(`0.93 g ${num(MARGIN_X)} ${num(top - h)} ${num(TEXT_W)} ${num(h)} re f 0 g`);
        remaining.forEach((w, i) => {
          w.slice(0, take).forEach((l, k) => {
            this.ops.push(`BT /F1 ${num(size)} Tf ${num(x + pad)} ${num(top - pad - k * lh - size)} Td ${hex(l)} Tj ET`);
          });
          this.ops.push(`0.5 w ${num(x)} ${num(top - h)} ${num(colW[i] ?? 0)} ${num(h)} re S`);
          x += colW[i] ?? 0;
        });
        this.y -= h;
        remaining = remaining.map((w) => w.slice(take));
        if (remaining.some((w) => w.length)) this.newPage();
      }
    };
    this.ensure(lh * 2 + 4 * pad);
    drawRow(header, true);
    for (const r of rows) drawRow(r, false);
    this.y -= 6;
  }
}

function toUnicodeCMap(): string {
  const ranges: string[] = [];
  for (let hi = 0; hi < 256; hi += 1) {
    if (hi >= 0xd8 && hi <= 0xdf) continue; // surrogates are never written
    const h = hi.toString(16).padStart(2, '0').toUpperCase();
    ranges.push(`<${h}00> <${h}FF> <${h}00>`);
  }
  const chunks: string[] = [];
  for (let i = 0; i < ranges.length; i += 100) {
    const part = ranges.slice(i, i + 100);
    chunks.push(`${part.length} beginbfrange\n${part.join('\n')}\nendbfrange`);
  }
  return [
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def',
    '/CMapType 2 def',
    '1 begincodespacerange',
    '<0000> <FFFF>',
    'endcodespacerange',
    ...chunks,
    'endcmap',
    'CMapName currentdict /CMap defineresource pop',
    'end',
    'end',
  ].join('\n');
}

function pdfDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `D:${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
}

/** A UTF-16BE text string (with BOM) for the Info dictionary. */
function infoText(s: string): string {
  return `<FEFF${hex(pdfSafeText(s)).slice(1, -1)}>`;
}

export function writePdf(blocks: readonly PdfBlock[], info: PdfInfo): Buffer {
  const L = new Layout();
  for (const b of blocks) {
    switch (b.kind) {
      case 'title':
        L.gap(4);
        L.lines(wrapText(b.text, SIZES.title, TEXT_W), SIZES.title, { align: 'center' });
        L.gap(6);
        break;
      case 'heading': {
        const size = b.level === 2 ? SIZES.h2 : SIZES.h1;
        L.ensure(size * LEADING * 2.2);
        L.gap(4);
        L.lines(wrapText(b.text, size, TEXT_W), size);
        break;
      }
      case 'paragraph': {
        const indent = b.indent === false ? 0 : SIZES.body * 2;
        const first = wrapText(b.text, SIZES.body, TEXT_W - indent);
        // Re-wrap after the first line at full width so only the first line is indented.
        const head = first[0] ?? '';
        const rest = first.length > 1 ? wrapText(pdfSafeText(b.text).slice(head.length).replace(/^ /, ''), SIZES.body, TEXT_W) : [];
        L.lines([head, ...rest], SIZES.body, { firstIndent: indent });
        break;
      }
      case 'meta':
        L.lines(wrapText(b.text, SIZES.meta, TEXT_W), SIZES.meta, { align: b.align ?? 'left' });
        break;
      case 'table':
        L.table(b.header, b.rows, b.weights);
        break;
      case 'rule':
        L.rule();
        break;
      case 'pagebreak':
        L.newPage();
        break;
    }
  }
  L.flush();
  const nonEmpty = L.pages.filter((p) => p.length > 0);
  const pages = nonEmpty.length ? nonEmpty : [''];

  // Objects: 1 catalog, 2 pages, 3 font, 4 CID font, 5 descriptor, 6 ToUnicode, 7 info, then per page (page, content).
  const objs: (string | null)[] = [];
  const set = (n: number, body: string) => {
    objs[n] = body;
  };
  const stream = (dict: string, data: string) => `<< ${dict} /Length ${Buffer.byteLength(data, 'latin1')} >>\nstream\n${data}\nendstream`;
  const pageIds = pages.map((_, i) => 8 + i * 2);
  set(1, '<< /Type /Catalog /Pages 2 0 R >>');
  set(2, `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`);
  set(3, '<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [4 0 R] /ToUnicode 6 0 R >>');
  set(4, '<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 5 0 R /DW 1000 /W [1 95 500] >>');
  set(5, '<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>');
  set(6, stream('', toUnicodeCMap()));
  set(7, `<< /Title ${infoText(info.title)} /Producer (som-pdf) /CreationDate (${pdfDate(info.createdAt)})${info.author ? ` /Author ${infoText(info.author)}` : ''} >>`);
  pages.forEach((content, i) => {
    const pageNo = `BT /F1 9 Tf ${num(PAGE_W / 2 - 14)} 36 Td ${hex(`— ${i + 1} —`)} Tj ET`;
    set(pageIds[i]!, `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${num(PAGE_W)} ${num(PAGE_H)}] /Resources << /Font << /F1 3 0 R >> >> /Contents ${pageIds[i]! + 1} 0 R >>`);
    set(pageIds[i]! + 1, stream('', `${content}\n${pageNo}`));
  });

  // Everything above is ASCII, so string length = byte length and offsets are exact.
  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  for (let n = 1; n < objs.length; n += 1) {
    offsets[n] = Buffer.byteLength(out, 'latin1');
    out += `${n} 0 obj\n${objs[n]}\nendobj\n`;
  }
  const xrefAt = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objs.length}\n0000000000 65535 f \n`;
  for (let n = 1; n < objs.length; n += 1) out += `${String(offsets[n]).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objs.length} /Root 1 0 R /Info 7 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
