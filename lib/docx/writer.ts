/**
 * OfficialDocument → .docx bytes (WordprocessingML, zipped by lib/export/zip.ts), laid out after
 * GB/T 9704-2012: A4, 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm, 22 lines of 28 characters,
 * 3号仿宋 body, 2号小标宋 title, headings 黑体/楷体/仿宋, red 发文机关标志 and red rule, 版记
 * rules, page numbers "— 1 —" on the outer side. No dependency, no hyperlinks, no images.
 *
 * Every string from the model goes through textRuns(): control characters and bidi overrides are
 * dropped and the rest escaped, so hostile crawled text stays text. The output depends only on the
 * model (timestamps come from properties.createdAt), so the same model gives the same bytes.
 */
import { xmlText } from '../export/xlsx';
import { zip } from '../export/zip';
import {
  copyNumberText,
  documentDate,
  documentNumberText,
  outline,
  secrecyText,
  validateDocument,
} from './model';
import type { BriefingMasthead, GongwenMasthead, OfficialDocument, OutlineItem, TableBlock } from './model';

// ---- Geometry (twips: 1/1440 inch) ----------------------------------------------------------

const mm = (v: number): number => Math.round((v / 25.4) * 1440);

export const PAGE = {
  width: mm(210),
  height: mm(297),
  top: mm(37), // 天头
  left: mm(28), // 订口
  // Derived from the type area so 版心 is exactly 156 × 225 mm after rounding.
  right: mm(210) - mm(28) - mm(156),
  bottom: mm(297) - mm(37) - mm(225),
  /** Footer placed so the page number's 一字线 sits about 7 mm under the type area (approximate). */
  footer: mm(297 - 37 - 225 - 7) - 182,
  textWidth: mm(156),
} as const;

/** 225 mm / 22 lines, rounded down so 22 lines fit: 579 twips = 28.95 pt. */
export const LINE_PITCH = Math.floor(mm(225) / 22);
/** 156 mm / 28 characters ≈ 15.79 pt per character. */
const CHAR_PITCH = PAGE.textWidth / 28;
/** docGrid charSpace: (pitch − 16 pt default size) in 1/4096 pt, so each line holds 28 characters. */
const CHAR_SPACE = Math.round((CHAR_PITCH / 20 - 16) * 4096);
/** One body character (3号 on the grid) and one 4号 character, for indents. */
const CH = Math.round(CHAR_PITCH);
const CH4 = 280;

// ---- Fonts (w:rFonts; fontTable.xml maps each to an installed fallback) ---------------------

const FONT = {
  xiaobiaosong: '方正小标宋简体',
  fangsong: '仿宋_GB2312',
  heiti: '黑体',
  kaiti: '楷体_GB2312',
  songti: '宋体',
} as const;
type FontKey = keyof typeof FONT;
const FONT_FALLBACK: Record<FontKey, string> = {
  xiaobiaosong: '宋体',
  fangsong: '仿宋',
  heiti: 'SimHei',
  kaiti: '楷体',
  songti: 'SimSun',
};

/** Point sizes of the Chinese 字号 used here. */
const PT = { chuhao: 42, erhao: 22, sanhao: 16, sihao: 14 } as const;
const RED = 'FF0000';

// ---- Text -------------------------------------------------------------------------------------

/** Bidi overrides/isolates could reorder a crawled title on paper; they are dropped. */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

interface RunStyle {
  font?: FontKey;
  sizePt?: number;
  bold?: boolean;
  color?: string;
}

function rPr(s: RunStyle): string {
  const parts: string[] = [];
  if (s.font) {
    const f = FONT[s.font];
    parts.push(`<w:rFonts w:ascii="${f}" w:hAnsi="${f}" w:eastAsia="${f}" w:cs="${f}"/>`);
  }
  if (s.bold) parts.push('<w:b/><w:bCs/>');
  if (s.color) parts.push(`<w:color w:val="${s.color}"/>`);
  if (s.sizePt) parts.push(`<w:sz w:val="${s.sizePt * 2}"/><w:szCs w:val="${s.sizePt * 2}"/>`);
  return parts.length ? `<w:rPr>${parts.join('')}</w:rPr>` : '';
}

/** Plain text → one run; line breaks become w:br, tabs w:tab, everything else escaped. */
export function textRuns(text: string, style: RunStyle = {}): string {
  const clean = text.replace(/\r\n?/g, '\n').replace(BIDI_CONTROLS, '');
  const inner = clean
    .split('\n')
    .map((line) =>
      line
        .split('\t')
        .map((piece) => (piece ? `<w:t xml:space="preserve">${xmlText(piece)}</w:t>` : ''))
        .join('<w:tab/>'),
    )
    .join('<w:br/>');
  return `<w:r>${rPr(style)}${inner}</w:r>`;
}

/** Approximate width in body characters: ASCII and half-width forms count half. */
export function textWidthChars(text: string): number {
  let w = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    w += c < 0x80 || (c >= 0xff61 && c <= 0xffdc) ? 0.5 : 1;
  }
  return w;
}

// ---- Paragraphs ------------------------------------------------------------------------------

interface Border {
  side: 'top' | 'bottom';
  color: string;
  /** eighths of a point */
  size: number;
  /** points between text and rule */
  space: number;
}

interface ParaStyle {
  styleId?: string;
  align?: 'left' | 'center' | 'right' | 'both';
  before?: number;
  after?: number;
  /** 'exact' at LINE_PITCH unless 'auto' (for large type that must not be clipped). */
  lineRule?: 'auto';
  indentLeft?: number;
  indentRight?: number;
  firstLine?: number;
  hanging?: number;
  /** Same indents in hundredths of a character, for Word's grid (w:*Chars). */
  charsLeft?: number;
  charsRight?: number;
  charsFirstLine?: number;
  borders?: readonly Border[];
  tabs?: readonly { kind: 'left' | 'right'; pos: number }[];
  keepNext?: boolean;
  outlineLevel?: number;
}

function pPr(s: ParaStyle): string {
  const parts: string[] = [];
  if (s.styleId) parts.push(`<w:pStyle w:val="${s.styleId}"/>`);
  if (s.keepNext) parts.push('<w:keepNext/>');
  if (s.borders?.length) {
    const order = ['top', 'bottom'] as const;
    const b = order
      .map((side) => s.borders?.find((x) => x.side === side))
      .filter((x): x is Border => x !== undefined)
      .map((x) => `<w:${x.side} w:val="single" w:sz="${x.size}" w:space="${x.space}" w:color="${x.color}"/>`)
      .join('');
    parts.push(`<w:pBdr>${b}</w:pBdr>`);
  }
  if (s.tabs?.length) {
    parts.push(`<w:tabs>${s.tabs.map((t) => `<w:tab w:val="${t.kind}" w:pos="${t.pos}"/>`).join('')}</w:tabs>`);
  }
  if (s.before !== undefined || s.after !== undefined || s.lineRule) {
    const line = s.lineRule ? ' w:line="240" w:lineRule="auto"' : '';
    parts.push(`<w:spacing w:before="${s.before ?? 0}" w:after="${s.after ?? 0}"${line}/>`);
  }
  const ind: string[] = [];
  if (s.indentLeft !== undefined) ind.push(`w:left="${s.indentLeft}"`);
  if (s.charsLeft !== undefined) ind.push(`w:leftChars="${s.charsLeft}"`);
  if (s.indentRight !== undefined) ind.push(`w:right="${s.indentRight}"`);
  if (s.charsRight !== undefined) ind.push(`w:rightChars="${s.charsRight}"`);
  if (s.firstLine !== undefined) ind.push(`w:firstLine="${s.firstLine}"`);
  if (s.charsFirstLine !== undefined) ind.push(`w:firstLineChars="${s.charsFirstLine}"`);
  if (s.hanging !== undefined) ind.push(`w:hanging="${s.hanging}"`);
  if (ind.length) parts.push(`<w:ind ${ind.join(' ')}/>`);
  if (s.align) parts.push(`<w:jc w:val="${s.align}"/>`);
  if (s.outlineLevel !== undefined) parts.push(`<w:outlineLvl w:val="${s.outlineLevel}"/>`);
  return parts.length ? `<w:pPr>${parts.join('')}</w:pPr>` : '';
}

const p = (style: ParaStyle, runs = ''): string => `<w:p>${pPr(style)}${runs}</w:p>`;

/** Right-aligned paragraph n characters from the right edge (署名、成文日期). */
const rightChars = (n: number): ParaStyle => ({ align: 'right', indentRight: Math.round(n * CH), charsRight: Math.round(n * 100) });

const redRule: Border = { side: 'bottom', color: RED, size: 12, space: 11 }; // ≈ 4 mm under the line
const thick: Omit<Border, 'side'> = { color: '000000', size: 8, space: 1 }; // 0.35 mm ≈ 1 pt
const thin: Omit<Border, 'side'> = { color: '000000', size: 6, space: 1 }; // 0.25 mm ≈ 0.75 pt

/** Size for a one-line red mark (发文机关标志 / 刊名): 初号 at most, smaller to fit the type area. */
function markSizePt(text: string): number {
  const fit = Math.floor((PAGE.textWidth / 20) / Math.max(textWidthChars(text), 1));
  return Math.max(PT.sanhao, Math.min(PT.chuhao, fit));
}

// ---- Masthead --------------------------------------------------------------------------------

function gongwenMasthead(m: GongwenMasthead): string {
  const out: string[] = [];
  // 份号, 密级和保密期限, 紧急程度: flush left, top to bottom in this order (§7.2.1–7.2.3).
  if (m.copyNumber !== undefined) out.push(p({ align: 'left' }, textRuns(copyNumberText(m.copyNumber), { font: 'fangsong' })));
  if (m.secrecy) out.push(p({ align: 'left' }, textRuns(secrecyText(m.secrecy), { font: 'heiti' })));
  if (m.urgency) out.push(p({ align: 'left' }, textRuns(m.urgency, { font: 'heiti' })));
  const signers = m.signers?.filter((s) => s.trim()) ?? [];
  // 发文机关标志: top edge 35 mm under the type area's top; 80 mm for 上行文 (with 签发人).
  const target = mm(signers.length ? 80 : 35);
  const size = markSizePt(m.issuingAuthorityMark);
  out.push(
    p(
      { align: 'center', before: Math.max(0, target - out.length * LINE_PITCH), lineRule: 'auto' },
      textRuns(m.issuingAuthorityMark, { font: 'xiaobiaosong', sizePt: size, color: RED }),
    ),
  );
  const number = m.documentNumber ? documentNumberText(m.documentNumber) : '';
  const twoLines = 2 * LINE_PITCH; // 发文字号 / 签发人 two lines under the mark
  if (!signers.length) {
    out.push(p({ align: 'center', before: twoLines, borders: [redRule] }, number ? textRuns(number, { font: 'fangsong' }) : ''));
    return out.join('');
  }
  // 上行文: 字号 left (one character in), 签发人 right (one character in), two names a line,
  // later lines aligned with the first name; the 字号 shares the last line (§7.2.5–7.2.6).
  const lines: string[][] = [];
  for (let i = 0; i < signers.length; i += 2) lines.push(signers.slice(i, i + 2));
  const namesWidth = Math.max(...lines.map((l) => textWidthChars(l.join('　'))));
  const labelX = PAGE.textWidth - CH - Math.round((4 + namesWidth) * CH); // "签发人：" is four characters
  const namesX = labelX + 4 * CH;
  lines.forEach((names, i) => {
    const last = i === lines.length - 1;
    const runs = [
      last && number ? textRuns(number, { font: 'fangsong' }) : '',
      i === 0 ? `<w:r><w:tab/></w:r>${textRuns('签发人：', { font: 'fangsong' })}` : '<w:r><w:tab/></w:r>',
      textRuns(names.join('　'), { font: 'kaiti' }),
    ].join('');
    out.push(
      p(
        {
          align: 'left',
          before: i === 0 ? twoLines : 0,
          indentLeft: CH,
          tabs: [{ kind: 'left', pos: i === 0 ? labelX : namesX }],
          borders: last ? [redRule] : [],
        },
        runs,
      ),
    );
  });
  return out.join('');
}

function briefingMasthead(m: BriefingMasthead): string {
  const out: string[] = [];
  if (m.classification) out.push(p({ align: 'left' }, textRuns(m.classification, { font: 'heiti' })));
  out.push(
    p(
      { align: 'center', before: LINE_PITCH, lineRule: 'auto' },
      textRuns(m.publicationName, { font: 'xiaobiaosong', sizePt: markSizePt(m.publicationName), color: RED }),
    ),
  );
  const issue = `第${m.issueNumber}期${m.totalIssueNumber ? `（总第${m.totalIssueNumber}期）` : ''}`;
  out.push(p({ align: 'center', before: LINE_PITCH / 2 }, textRuns(issue, { font: 'fangsong' })));
  const approvals = [m.reviewer ? `审核：${m.reviewer}` : '', m.issuer ? `签发：${m.issuer}` : ''].filter(Boolean);
  if (approvals.length) out.push(p({ align: 'right', indentRight: CH }, textRuns(approvals.join('　'), { font: 'fangsong' })));
  // 编发单位 left, date right, on the red rule.
  out.push(
    p(
      { align: 'left', indentLeft: CH, indentRight: CH, tabs: [{ kind: 'right', pos: PAGE.textWidth - CH }], borders: [redRule] },
      `${textRuns(m.editor, { font: 'fangsong' })}<w:r><w:tab/></w:r>${textRuns(documentDate(m.date), { font: 'fangsong' })}`,
    ),
  );
  return out.join('');
}

// ---- Body ------------------------------------------------------------------------------------

const HEADING_FONT: Record<number, FontKey> = { 1: 'heiti', 2: 'kaiti', 3: 'fangsong', 4: 'fangsong' };

function tableXml(t: TableBlock): string {
  const weights = t.columnWeights ?? t.header.map(() => 1);
  const total = weights.reduce((a, b) => a + b, 0);
  const widths = weights.map((w) => Math.floor((PAGE.textWidth * w) / total));
  const first = widths[0];
  if (first !== undefined) widths[0] = first + PAGE.textWidth - widths.reduce((a, b) => a + b, 0);
  const border = (side: string): string => `<w:${side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>`;
  const cell = (text: string, i: number, header: boolean): string =>
    `<w:tc><w:tcPr><w:tcW w:w="${widths[i] ?? 0}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>${p(
      { styleId: 'GwTableText', align: header ? 'center' : 'left' },
      textRuns(text, header ? { font: 'heiti' } : {}),
    )}</w:tc>`;
  const row = (cells: readonly string[], header: boolean): string =>
    `<w:tr><w:trPr><w:cantSplit/>${header ? '<w:tblHeader/>' : ''}</w:trPr>${cells.map((c, i) => cell(c, i, header)).join('')}</w:tr>`;
  return [
    '<w:tbl><w:tblPr><w:tblW w:w="',
    String(PAGE.textWidth),
    '" w:type="dxa"/><w:jc w:val="center"/><w:tblBorders>',
    ['top', 'left', 'bottom', 'right', 'insideH', 'insideV'].map(border).join(''),
    '</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="85" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid>',
    widths.map((w) => `<w:gridCol w:w="${w}"/>`).join(''),
    '</w:tblGrid>',
    row(t.header, true),
    t.rows.map((r) => row(r, false)).join(''),
    '</w:tbl>',
    // A paragraph after every table: keeps two tables apart and the body from ending on a table.
    p({ styleId: 'GwTableText' }),
  ].join('');
}

function bodyXml(items: readonly OutlineItem[]): string {
  return items
    .map((item) => {
      switch (item.kind) {
        case 'heading':
          return p({ styleId: `GwHeading${item.level}` }, textRuns(item.label + item.text, { font: HEADING_FONT[item.level] }));
        case 'paragraph':
          return p({ styleId: 'GwBody' }, textRuns(item.text));
        case 'list':
          return item.items.map((text) => p({ styleId: 'GwBody' }, textRuns(text))).join('');
        case 'table':
          return tableXml(item.table);
      }
    })
    .join('');
}

/** Trailing punctuation is not printed after 附件名称 (§7.3.4). */
const stripTrailingPunctuation = (s: string): string => s.trim().replace(/[。．.，,；;：:、！!？?\s]+$/u, '');

function attachmentsXml(names: readonly string[]): string {
  const list = names.map(stripTrailingPunctuation).filter(Boolean);
  if (!list.length) return '';
  if (list.length === 1) {
    return p({ align: 'both', before: LINE_PITCH, indentLeft: 5 * CH, hanging: 3 * CH }, textRuns(`附件：${list[0]}`));
  }
  // "附件：1.名称", later items aligned under "1.", wrapped lines under the name's first character.
  return list
    .map((name, i) =>
      p(
        { align: 'both', before: i === 0 ? LINE_PITCH : 0, indentLeft: 6 * CH, hanging: i === 0 ? 4 * CH : CH },
        textRuns(`${i === 0 ? '附件：' : ''}${i + 1}.${name}`),
      ),
    )
    .join('');
}

/**
 * 署名 and 成文日期 without a seal (§7.3.5.3): the name two characters from the right, the date on
 * the next line starting two characters right of the name's first character; a date longer than
 * that stays two characters from the right and pushes the name left instead.
 */
function signatureXml(authority: string, dateText: string): string {
  const ws = textWidthChars(authority);
  const wd = textWidthChars(dateText);
  let dateRight = ws - wd;
  let nameRight = 2;
  if (dateRight < 2) {
    dateRight = 2;
    nameRight = wd + 4 - ws;
  }
  return (
    p({ ...rightChars(nameRight), before: LINE_PITCH, keepNext: true }, textRuns(authority)) +
    p(rightChars(dateRight), textRuns(dateText))
  );
}

function colophonXml(doc: OfficialDocument): string {
  const c = doc.colophon;
  if (!c) return '';
  const dist = (c.distribution ?? []).filter((d) => d.recipients.length);
  const printed = c.printedBy || c.printedOn;
  const out: string[] = [];
  dist.forEach((d, i) => {
    const labelWidth = Math.round((textWidthChars(d.label) + 1) * CH4);
    const borders: Border[] = [];
    if (i === 0) borders.push({ side: 'top', ...thick });
    if (i === dist.length - 1) borders.push({ side: 'bottom', ...(printed ? thin : thick) });
    out.push(
      p(
        { styleId: 'GwColophon', before: i === 0 ? 2 * LINE_PITCH : 0, indentLeft: CH4 + labelWidth, indentRight: CH4, hanging: labelWidth, borders, keepNext: true },
        textRuns(`${d.label}：${d.recipients.join('，')}。`),
      ),
    );
  });
  if (printed) {
    const borders: Border[] = [{ side: 'bottom', ...thick }];
    if (!dist.length) borders.unshift({ side: 'top', ...thick });
    out.push(
      p(
        { styleId: 'GwColophon', before: dist.length ? 0 : 2 * LINE_PITCH, indentLeft: CH4, indentRight: CH4, tabs: [{ kind: 'right', pos: PAGE.textWidth - CH4 }], borders },
        `${textRuns(c.printedBy ?? '')}<w:r><w:tab/></w:r>${c.printedOn ? textRuns(`${documentDate(c.printedOn)}印发`) : ''}`,
      ),
    );
  }
  return out.join('');
}

function documentXml(doc: OfficialDocument): string {
  const parts: string[] = [];
  parts.push(doc.masthead.kind === 'gongwen' ? gongwenMasthead(doc.masthead) : briefingMasthead(doc.masthead));
  // 标题: two lines under the red rule, centred.
  parts.push(p({ styleId: 'GwTitle', before: 2 * LINE_PITCH }, textRuns(doc.title)));
  const recipients = (doc.recipients ?? []).map((r) => r.trim()).filter(Boolean);
  if (recipients.length) parts.push(p({ styleId: 'GwRecipients', before: LINE_PITCH }, textRuns(`${recipients.join('、')}：`)));
  else parts.push(p({ styleId: 'GwBody' })); // 标题 and 正文 still one line apart
  parts.push(bodyXml(outline(doc.body)));
  if (doc.attachments?.length) parts.push(attachmentsXml(doc.attachments));
  if (doc.signature) parts.push(signatureXml(doc.signature.authority, documentDate(doc.signature.date)));
  if (doc.note) {
    const note = doc.note.trim();
    const wrapped = note.startsWith('（') && note.endsWith('）') ? note : `（${note}）`;
    parts.push(p({ styleId: 'GwBody' }, textRuns(wrapped)));
  }
  parts.push(colophonXml(doc));
  const sect =
    `<w:sectPr><w:footerReference w:type="default" r:id="rId4"/><w:footerReference w:type="even" r:id="rId5"/>` +
    `<w:pgSz w:w="${PAGE.width}" w:h="${PAGE.height}"/>` +
    `<w:pgMar w:top="${PAGE.top}" w:right="${PAGE.right}" w:bottom="${PAGE.bottom}" w:left="${PAGE.left}" w:header="851" w:footer="${PAGE.footer}" w:gutter="0"/>` +
    `<w:cols w:space="425"/><w:docGrid w:type="linesAndChars" w:linePitch="${LINE_PITCH}" w:charSpace="${CHAR_SPACE}"/></w:sectPr>`;
  return `${XML_DECL}<w:document xmlns:w="${W_NS}" xmlns:r="${R_NS}"><w:body>${parts.join('')}${sect}</w:body></w:document>`;
}

// ---- Package parts ---------------------------------------------------------------------------

const XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const W_NS = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const R_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

const fontsOf = (k: FontKey): string => {
  const f = FONT[k];
  return `<w:rFonts w:ascii="${f}" w:hAnsi="${f}" w:eastAsia="${f}" w:cs="${f}"/>`;
};

function paragraphStyle(id: string, name: string, pPrXml: string, rPrXml: string, extra = ''): string {
  return `<w:style w:type="paragraph" w:customStyle="1" w:styleId="${id}"><w:name w:val="${name}"/><w:basedOn w:val="Normal"/>${extra}<w:pPr>${pPrXml}</w:pPr><w:rPr>${rPrXml}</w:rPr></w:style>`;
}

const bodyIndent = `<w:ind w:firstLine="${2 * CH}" w:firstLineChars="200"/>`;
const exact = `<w:spacing w:before="0" w:after="0" w:line="${LINE_PITCH}" w:lineRule="exact"/>`;

const STYLES =
  `${XML_DECL}<w:styles xmlns:w="${W_NS}">` +
  `<w:docDefaults><w:rPrDefault><w:rPr>${fontsOf('fangsong')}<w:kern w:val="2"/><w:sz w:val="32"/><w:szCs w:val="32"/><w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>` +
  `<w:pPrDefault><w:pPr><w:widowControl w:val="0"/>${exact}<w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults>` +
  `<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>` +
  paragraphStyle('GwTitle', 'Title', `<w:keepNext/><w:jc w:val="center"/><w:outlineLvl w:val="9"/>`, `${fontsOf('xiaobiaosong')}<w:sz w:val="${PT.erhao * 2}"/><w:szCs w:val="${PT.erhao * 2}"/>`) +
  paragraphStyle('GwRecipients', '主送机关', '<w:jc w:val="left"/>', '') +
  paragraphStyle('GwBody', '正文', bodyIndent, '') +
  [1, 2, 3, 4]
    .map((lvl) =>
      paragraphStyle(`GwHeading${lvl}`, `heading ${lvl}`, `<w:keepNext/>${bodyIndent}<w:outlineLvl w:val="${lvl - 1}"/>`, fontsOf(HEADING_FONT[lvl] ?? 'fangsong'), '<w:next w:val="GwBody"/>'),
    )
    .join('') +
  paragraphStyle('GwTableText', '表格文字', '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/><w:jc w:val="left"/>', `<w:sz w:val="${PT.sihao * 2}"/><w:szCs w:val="${PT.sihao * 2}"/>`) +
  paragraphStyle('GwColophon', '版记', '<w:jc w:val="left"/>', `<w:sz w:val="${PT.sihao * 2}"/><w:szCs w:val="${PT.sihao * 2}"/>`) +
  paragraphStyle('GwFooter', 'footer', '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>', `${fontsOf('songti')}<w:sz w:val="${PT.sihao * 2}"/><w:szCs w:val="${PT.sihao * 2}"/>`) +
  `<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>` +
  `</w:styles>`;

/** Page number "— 1 —", 4号半角宋体, one character in from the outer edge (odd right, even left). */
function footerXml(side: 'odd' | 'even'): string {
  const place: ParaStyle = side === 'odd' ? { styleId: 'GwFooter', align: 'right', indentRight: CH4 } : { styleId: 'GwFooter', align: 'left', indentLeft: CH4 };
  const runs = `${textRuns('— ')}<w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>${textRuns(' —')}`;
  return `${XML_DECL}<w:ftr xmlns:w="${W_NS}" xmlns:r="${R_NS}">${p(place, runs)}</w:ftr>`;
}

const SETTINGS =
  `${XML_DECL}<w:settings xmlns:w="${W_NS}"><w:zoom w:percent="100"/><w:defaultTabStop w:val="420"/><w:evenAndOddHeaders/>` +
  `<w:characterSpacingControl w:val="compressPunctuation"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>` +
  `<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/></w:settings>`;

/** GB2312 charset (0x86), so a reader without the font substitutes a Chinese one (w:altName). */
const FONT_TABLE =
  `${XML_DECL}<w:fonts xmlns:w="${W_NS}">` +
  (Object.keys(FONT) as FontKey[])
    .map((k) => `<w:font w:name="${FONT[k]}"><w:altName w:val="${FONT_FALLBACK[k]}"/><w:charset w:val="86"/><w:family w:val="${k === 'heiti' ? 'modern' : 'roman'}"/><w:pitch w:val="variable"/></w:font>`)
    .join('') +
  `</w:fonts>`;

const DOC_RELS =
  `${XML_DECL}<Relationships xmlns="${REL_NS}">` +
  `<Relationship Id="rId1" Type="${REL}/styles" Target="styles.xml"/>` +
  `<Relationship Id="rId2" Type="${REL}/settings" Target="settings.xml"/>` +
  `<Relationship Id="rId3" Type="${REL}/fontTable" Target="fontTable.xml"/>` +
  `<Relationship Id="rId4" Type="${REL}/footer" Target="footer1.xml"/>` +
  `<Relationship Id="rId5" Type="${REL}/footer" Target="footer2.xml"/>` +
  `</Relationships>`;

const ROOT_RELS =
  `${XML_DECL}<Relationships xmlns="${REL_NS}">` +
  `<Relationship Id="rId1" Type="${REL}/officeDocument" Target="word/document.xml"/>` +
  `<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
  `<Relationship Id="rId3" Type="${REL}/extended-properties" Target="docProps/app.xml"/>` +
  `</Relationships>`;

const WML = 'application/vnd.openxmlformats-officedocument.wordprocessingml';
const CONTENT_TYPES =
  `${XML_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
  `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
  `<Override PartName="/word/document.xml" ContentType="${WML}.document.main+xml"/>` +
  `<Override PartName="/word/styles.xml" ContentType="${WML}.styles+xml"/>` +
  `<Override PartName="/word/settings.xml" ContentType="${WML}.settings+xml"/>` +
  `<Override PartName="/word/fontTable.xml" ContentType="${WML}.fontTable+xml"/>` +
  `<Override PartName="/word/footer1.xml" ContentType="${WML}.footer+xml"/>` +
  `<Override PartName="/word/footer2.xml" ContentType="${WML}.footer+xml"/>` +
  `<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
  `<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>` +
  `</Types>`;

const w3cdtf = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
/** Properties are single-line metadata: line breaks and tabs flattened to spaces. */
const prop = (s: string): string => xmlText(s.replace(/[\t\r\n]+/g, ' ').replace(BIDI_CONTROLS, ''));

function coreXml(doc: OfficialDocument): string {
  const when = w3cdtf(doc.properties.createdAt);
  const author = doc.properties.author ?? '';
  return (
    `${XML_DECL}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
    `<dc:title>${prop(doc.title)}</dc:title><dc:subject>${prop(doc.properties.subject ?? '')}</dc:subject>` +
    `<dc:creator>${prop(author)}</dc:creator><cp:lastModifiedBy>${prop(author)}</cp:lastModifiedBy><cp:revision>1</cp:revision>` +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${when}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${when}</dcterms:modified>` +
    `</cp:coreProperties>`
  );
}

const APP =
  `${XML_DECL}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">` +
  `<Application>安全生产舆情监测预警平台</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged><AppVersion>1.0000</AppVersion></Properties>`;

/** Content-Type of the download (route handlers pass it with attachmentHeader from lib/export). */
export const DOCX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** The package's part names, in the order they are zipped. */
export const DOCX_PARTS = [
  '[Content_Types].xml',
  '_rels/.rels',
  'docProps/core.xml',
  'docProps/app.xml',
  'word/document.xml',
  'word/_rels/document.xml.rels',
  'word/styles.xml',
  'word/settings.xml',
  'word/fontTable.xml',
  'word/footer1.xml',
  'word/footer2.xml',
] as const;

/** The .docx bytes of a document; throws DocumentModelError for a model the layout cannot carry. */
export function writeDocx(doc: OfficialDocument): Buffer {
  validateDocument(doc);
  const parts: Record<(typeof DOCX_PARTS)[number], string> = {
    '[Content_Types].xml': CONTENT_TYPES,
    '_rels/.rels': ROOT_RELS,
    'docProps/core.xml': coreXml(doc),
    'docProps/app.xml': APP,
    'word/document.xml': documentXml(doc),
    'word/_rels/document.xml.rels': DOC_RELS,
    'word/styles.xml': STYLES,
    'word/settings.xml': SETTINGS,
    'word/fontTable.xml': FONT_TABLE,
    'word/footer1.xml': footerXml('odd'),
    'word/footer2.xml': footerXml('even'),
  };
  return zip(DOCX_PARTS.map((name) => ({ name, data: Buffer.from(parts[name], 'utf8') })));
}
