/** The official-document .docx writer: package structure, GB/T 9704 layout rules, escaping, determinism. */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  chineseNumeral,
  documentDate,
  DocumentModelError,
  list,
  outline,
  paragraph,
  section,
  sectionLabel,
  table,
} from '@/lib/docx/model';
import type { Block, OfficialDocument } from '@/lib/docx/model';
import { DOCX_PARTS, LINE_PITCH, PAGE, textWidthChars, writeDocx } from '@/lib/docx/writer';
import { unzip } from '../helpers/unzip';
import { checkXml } from './xml-check';

const CREATED = new Date('2026-11-25T01:30:00Z');

function digest(overrides: Partial<OfficialDocument> = {}): OfficialDocument {
  return {
    masthead: {
      kind: 'briefing',
      publicationName: '安全生产舆情日报',
      issueNumber: 128,
      totalIssueNumber: 1234,
      classification: '内部资料　注意保存',
      editor: '××省应急管理厅新闻宣传处',
      date: { year: 2026, month: 11, day: 25 },
      reviewer: '王审核',
      issuer: '李签发',
    },
    title: '安全生产舆情日报（11月24日8时至25日8时）',
    recipients: ['厅领导', '各处室'],
    body: [
      section('舆情概况', paragraph('监测时段内共采集信息 1,284 条，较前日增加 12%。')),
      section(
        '重点舆情',
        section(
          '某煤矿透水事故',
          paragraph('事故发生后，多家媒体转载。'),
          section('传播态势', paragraph('微博话题阅读量上升。'), section('核心传播节点', list(['央视新闻', '人民日报']))),
          section('网民观点'),
        ),
        section('某化工厂火灾', table(['标题', '来源', '倾向'], [['化工厂起火', '某网', '负面']], [3, 1, 1])),
      ),
      section('研判提示与建议', paragraph('建议及时发布权威信息。')),
    ],
    attachments: ['重点舆情清单。', '网民观点摘录'],
    signature: { authority: '××省应急管理厅', date: { year: 2026, month: 11, day: 25 } },
    note: '联系人：张三，电话：010-12345678',
    colophon: {
      distribution: [{ label: '抄送', recipients: ['应急管理部新闻宣传司', '省委宣传部'] }],
      printedBy: '××省应急管理厅办公室',
      printedOn: { year: 2026, month: 11, day: 25 },
    },
    properties: { createdAt: CREATED, author: '舆情平台', subject: '舆情日报' },
    ...overrides,
  };
}

function parts(bytes: Buffer): Map<string, string> {
  return new Map(unzip(bytes).map((e) => [e.name, e.data.toString('utf8')]));
}

function part(bytes: Buffer, name: string): string {
  const xml = parts(bytes).get(name);
  if (xml === undefined) throw new Error(`missing part ${name}`);
  return xml;
}

/** Paragraph texts of document.xml in order (w:t joined, w:br as \n, entities decoded). */
function paragraphs(documentXml: string): string[] {
  return [...documentXml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) =>
    checkXml(`<x xmlns:w="w">${m[0].replace(/<w:br\/>/g, '<w:t>\n</w:t>')}</x>`)
      .elements.filter((e) => e.name === 'w:t')
      .map((e) => e.text)
      .join(''),
  );
}

/** The raw XML of the first paragraph whose text starts with (or is) the given text. */
function paragraphXml(documentXml: string, prefix: string, exact = false): string {
  const all = [...documentXml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) => m[0]);
  const texts = paragraphs(documentXml);
  const i = texts.findIndex((t) => (exact ? t === prefix : t.startsWith(prefix)));
  if (i < 0) throw new Error(`no paragraph starting ${prefix}`);
  return all[i] ?? '';
}

describe('section numbering (GB/T 9704-2012 结构层次序数)', () => {
  test('Chinese numerals', () => {
    expect([1, 2, 9, 10, 11, 19, 20, 21, 99, 100, 105, 110, 999].map(chineseNumeral)).toEqual([
      '一', '二', '九', '十', '十一', '十九', '二十', '二十一', '九十九', '一百', '一百〇五', '一百一十', '九百九十九',
    ]);
  });

  test('labels of the four levels', () => {
    expect([1, 2, 3, 4].map((level) => sectionLabel(level, 3))).toEqual(['三、', '（三）', '3.', '（3）']);
    expect(() => sectionLabel(5, 1)).toThrow(DocumentModelError);
  });

  test('numbers come from nesting and restart inside each parent', () => {
    const labels = outline(digest().body)
      .filter((i) => i.kind === 'heading')
      .map((i) => (i.kind === 'heading' ? `${i.level}:${i.label}${i.text}` : ''));
    expect(labels).toEqual([
      '1:一、舆情概况',
      '1:二、重点舆情',
      '2:（一）某煤矿透水事故',
      '3:1.传播态势',
      '4:（1）核心传播节点',
      '3:2.网民观点',
      '2:（二）某化工厂火灾',
      '1:三、研判提示与建议',
    ]);
  });

  test('a fifth level is refused, not invented', () => {
    const deep: Block = section('1', section('2', section('3', section('4', section('5')))));
    expect(() => writeDocx(digest({ body: [deep] }))).toThrow(/最多 4 级/);
  });
});

describe('dates (GB/T 9704-2012: Arabic numerals, year in full, no leading zeros)', () => {
  test('formatting', () => {
    expect(documentDate({ year: 2026, month: 1, day: 5 })).toBe('2026年1月5日');
    expect(documentDate({ year: 2026, month: 11, day: 25 })).toBe('2026年11月25日');
  });

  test('impossible dates are refused', () => {
    expect(() => documentDate({ year: 2026, month: 2, day: 30 })).toThrow(DocumentModelError);
    expect(() => writeDocx(digest({ signature: { authority: 'x', date: { year: 2026, month: 13, day: 1 } } }))).toThrow(DocumentModelError);
  });
});

describe('package', () => {
  const bytes = writeDocx(digest());
  const files = parts(bytes);

  test('has exactly the expected parts, each well-formed XML', () => {
    expect([...files.keys()]).toEqual([...DOCX_PARTS]);
    for (const [name, xml] of files) expect(checkXml(xml).problems, name).toEqual([]);
  });

  test('[Content_Types].xml covers every part; every relationship points at a part', () => {
    const types = checkXml(files.get('[Content_Types].xml') ?? '').elements;
    const defaults = new Set(types.filter((e) => e.name === 'Default').map((e) => e.attributes.Extension));
    const overrides = new Set(types.filter((e) => e.name === 'Override').map((e) => e.attributes.PartName));
    for (const name of files.keys()) {
      if (name === '[Content_Types].xml') continue;
      const ext = name.split('.').pop() ?? '';
      expect(overrides.has(`/${name}`) || (ext === 'rels' && defaults.has('rels')), name).toBe(true);
    }
    for (const o of overrides) expect(files.has(o?.slice(1) ?? ''), o).toBe(true);
    const rootTargets = checkXml(files.get('_rels/.rels') ?? '').elements.filter((e) => e.name === 'Relationship').map((e) => e.attributes.Target);
    const docRels = checkXml(files.get('word/_rels/document.xml.rels') ?? '').elements.filter((e) => e.name === 'Relationship');
    for (const t of rootTargets) expect(files.has(t ?? ''), t).toBe(true);
    for (const r of docRels) expect(files.has(`word/${r.attributes.Target}`), r.attributes.Target).toBe(true);
    // every r:id used by the document is declared
    const ids = new Set(docRels.map((r) => r.attributes.Id));
    for (const m of (files.get('word/document.xml') ?? '').matchAll(/r:id="([^"]+)"/g)) expect(ids.has(m[1])).toBe(true);
    expect(docRels.some((r) => r.attributes.TargetMode === 'External')).toBe(false);
  });

  test('the document carries masthead, title, recipients, numbered sections, attachments, signature, note and 版记 in order', () => {
    const texts = paragraphs(files.get('word/document.xml') ?? '').filter((t) => t.trim());
    expect(texts).toEqual([
      '内部资料　注意保存',
      '安全生产舆情日报',
      '第128期（总第1234期）',
      '审核：王审核　签发：李签发',
      '××省应急管理厅新闻宣传处2026年11月25日',
      '安全生产舆情日报（11月24日8时至25日8时）',
      '厅领导、各处室：',
      '一、舆情概况',
      '监测时段内共采集信息 1,284 条，较前日增加 12%。',
      '二、重点舆情',
      '（一）某煤矿透水事故',
      '事故发生后，多家媒体转载。',
      '1.传播态势',
      '微博话题阅读量上升。',
      '（1）核心传播节点',
      '央视新闻',
      '人民日报',
      '2.网民观点',
      '（二）某化工厂火灾',
      '标题',
      '来源',
      '倾向',
      '化工厂起火',
      '某网',
      '负面',
      '三、研判提示与建议',
      '建议及时发布权威信息。',
      '附件：1.重点舆情清单',
      '2.网民观点摘录',
      '××省应急管理厅',
      '2026年11月25日',
      '（联系人：张三，电话：010-12345678）',
      '抄送：应急管理部新闻宣传司，省委宣传部。',
      '××省应急管理厅办公室2026年11月25日印发',
    ]);
  });

  test('headings use the GB/T 9704 faces: 一级 黑体, 二级 楷体, 三、四级 仿宋; body 3号仿宋; title 2号小标宋', () => {
    const doc = files.get('word/document.xml') ?? '';
    expect(paragraphXml(doc, '一、')).toContain('w:eastAsia="黑体"');
    expect(paragraphXml(doc, '（一）')).toContain('w:eastAsia="楷体_GB2312"');
    expect(paragraphXml(doc, '1.传播')).toContain('w:eastAsia="仿宋_GB2312"');
    expect(paragraphXml(doc, '（1）')).toContain('<w:pStyle w:val="GwHeading4"/>');
    const styles = files.get('word/styles.xml') ?? '';
    expect(styles).toMatch(/<w:rPrDefault><w:rPr><w:rFonts[^>]*w:eastAsia="仿宋_GB2312"[^>]*\/>.*<w:sz w:val="32"\/>/);
    expect(styles).toMatch(/w:styleId="GwTitle">.*?w:eastAsia="方正小标宋简体".*?<w:sz w:val="44"\/>/);
    expect(styles).toContain(`w:line="${LINE_PITCH}" w:lineRule="exact"`);
    expect(files.get('word/fontTable.xml')).toContain('<w:font w:name="方正小标宋简体"><w:altName w:val="宋体"/>');
  });

  test('A4 with 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm, 22 lines; page numbers on the outer side', () => {
    const doc = files.get('word/document.xml') ?? '';
    expect(doc).toContain('<w:pgSz w:w="11906" w:h="16838"/>');
    expect(doc).toContain('w:top="2098" w:right="1475" w:bottom="1984" w:left="1587"');
    expect(PAGE.width - PAGE.left - PAGE.right).toBe(Math.round((156 / 25.4) * 1440));
    expect(PAGE.height - PAGE.top - PAGE.bottom).toBe(Math.round((225 / 25.4) * 1440));
    expect(LINE_PITCH * 22).toBeLessThanOrEqual(PAGE.height - PAGE.top - PAGE.bottom);
    expect(LINE_PITCH * 23).toBeGreaterThan(PAGE.height - PAGE.top - PAGE.bottom);
    expect(doc).toMatch(/<w:docGrid w:type="linesAndChars" w:linePitch="579" w:charSpace="-\d+"\/>/);
    expect(files.get('word/settings.xml')).toContain('<w:evenAndOddHeaders/>');
    const odd = files.get('word/footer1.xml') ?? '';
    const even = files.get('word/footer2.xml') ?? '';
    expect(paragraphs(odd)).toEqual(['— 1 —']);
    expect(odd).toContain('<w:fldSimple w:instr=" PAGE ">');
    expect(odd).toContain('<w:jc w:val="right"/>');
    expect(even).toContain('<w:jc w:val="left"/>');
    expect(doc).toContain('<w:footerReference w:type="default" r:id="rId4"/><w:footerReference w:type="even" r:id="rId5"/>');
  });

  test('red rule under the masthead; 版记 between a thick top and a thick bottom rule with a thin one inside', () => {
    const doc = files.get('word/document.xml') ?? '';
    expect(paragraphXml(doc, '××省应急管理厅新闻宣传处')).toMatch(/<w:bottom w:val="single" w:sz="\d+" w:space="\d+" w:color="FF0000"\/>/);
    expect(paragraphXml(doc, '安全生产舆情日报')).toContain('<w:color w:val="FF0000"/>');
    const copy = paragraphXml(doc, '抄送');
    expect(copy).toContain('<w:top w:val="single" w:sz="8"');
    expect(copy).toContain('<w:bottom w:val="single" w:sz="6"');
    expect(paragraphXml(doc, '××省应急管理厅办公室')).toContain('<w:bottom w:val="single" w:sz="8"');
  });

  test('署名 two characters from the right; the date starts two characters right of the name', () => {
    const doc = files.get('word/document.xml') ?? '';
    const rightOf = (prefix: string): number => Number(/w:rightChars="(\d+)"/.exec(paragraphXml(doc, prefix, true))?.[1]) / 100;
    const nameRight = rightOf('××省应急管理厅');
    const dateRight = rightOf('2026年11月25日');
    expect(Math.min(nameRight, dateRight)).toBe(2);
    // left edge = width − right indent − text width
    const nameLeft = -nameRight - textWidthChars('××省应急管理厅');
    const dateLeft = -dateRight - textWidthChars('2026年11月25日');
    expect(dateLeft - nameLeft).toBe(2);
  });

  test('the table has borders, a repeating header row and the weighted widths', () => {
    const doc = files.get('word/document.xml') ?? '';
    expect(doc).toContain('<w:insideH w:val="single"');
    expect(doc).toContain('<w:tblHeader/>');
    const cols = [...doc.matchAll(/<w:gridCol w:w="(\d+)"\/>/g)].map((m) => Number(m[1]));
    expect(cols.reduce((a, b) => a + b, 0)).toBe(PAGE.textWidth);
    expect(Math.round((cols[0] ?? 0) / (cols[1] ?? 1))).toBe(3);
  });

  test('a table with a ragged row is refused', () => {
    expect(() => writeDocx(digest({ body: [table(['a', 'b'], [['1']])] }))).toThrow(DocumentModelError);
  });
});

/** Child order Word enforces (ECMA-376 sequences, the members we may emit); Word rejects a file otherwise. */
const SEQUENCES: Record<string, string[][]> = {
  'w:pPr': ['pStyle', 'keepNext', 'keepLines', 'pageBreakBefore', 'framePr', 'widowControl', 'numPr', 'pBdr', 'shd', 'tabs', 'snapToGrid', 'spacing', 'ind', 'contextualSpacing', 'jc', 'textAlignment', 'outlineLvl', 'rPr', 'sectPr'].map((n) => [n]),
  'w:rPr': ['rStyle', 'rFonts', 'b', 'bCs', 'i', 'iCs', 'color', 'spacing', 'kern', 'sz', 'szCs', 'u', 'lang'].map((n) => [n]),
  'w:sectPr': [['headerReference', 'footerReference'], ['type'], ['pgSz'], ['pgMar'], ['pgNumType'], ['cols'], ['titlePg'], ['docGrid']],
  'w:tblPr': ['tblStyle', 'tblW', 'jc', 'tblInd', 'tblBorders', 'tblLayout', 'tblCellMar', 'tblLook'].map((n) => [n]),
  'w:tblBorders': ['top', 'left', 'bottom', 'right', 'insideH', 'insideV'].map((n) => [n]),
  'w:pBdr': ['top', 'left', 'bottom', 'right', 'between'].map((n) => [n]),
  'w:tcPr': ['tcW', 'gridSpan', 'vMerge', 'tcBorders', 'shd', 'vAlign'].map((n) => [n]),
  'w:tbl': [['tblPr'], ['tblGrid'], ['tr']],
  'w:tc': [['tcPr'], ['p', 'tbl']],
  'w:p': [['pPr'], ['r', 'fldSimple', 'hyperlink']],
  'w:body': [['p', 'tbl'], ['sectPr']],
  'w:style': ['name', 'basedOn', 'next', 'link', 'uiPriority', 'qFormat', 'pPr', 'rPr', 'tblPr'].map((n) => [n]),
  'w:font': ['altName', 'panose1', 'charset', 'family', 'pitch'].map((n) => [n]),
  'w:settings': ['zoom', 'defaultTabStop', 'evenAndOddHeaders', 'characterSpacingControl', 'compat', 'themeFontLang'].map((n) => [n]),
  'w:docDefaults': [['rPrDefault'], ['pPrDefault']],
};

function orderProblems(xml: string): string[] {
  const els = checkXml(xml).elements;
  const problems: string[] = [];
  els.forEach((el, i) => {
    const seq = SEQUENCES[el.name];
    if (!seq) return;
    let last = 0;
    for (let j = i + 1; j < els.length && (els[j]?.depth ?? 0) > el.depth; j += 1) {
      const child = els[j];
      if (!child || child.depth !== el.depth + 1) continue;
      const rank = seq.findIndex((names) => names.includes(child.name.replace(/^w:/, '')));
      if (rank < 0) problems.push(`<${child.name}> not expected in <${el.name}>`);
      else if (rank < last) problems.push(`<${child.name}> out of order in <${el.name}>`);
      else last = rank;
    }
  });
  return [...new Set(problems)];
}

describe('schema order', () => {
  test('children appear in the order ECMA-376 requires', () => {
    const upward = digest({
      masthead: { kind: 'gongwen', copyNumber: 1, urgency: '加急', issuingAuthorityMark: '××省应急管理厅', documentNumber: { agencyCode: '×应急', year: 2026, serial: 1 }, signers: ['张三', '李四', '王五'] },
    });
    for (const model of [digest(), upward]) {
      const files = parts(writeDocx(model));
      for (const name of ['word/document.xml', 'word/styles.xml', 'word/settings.xml', 'word/fontTable.xml', 'word/footer1.xml', 'word/footer2.xml']) {
        expect(orderProblems(files.get(name) ?? ''), name).toEqual([]);
      }
    }
  });

  test('the order check itself fails on a misordered part', () => {
    expect(orderProblems('<w:settings xmlns:w="w"><w:evenAndOddHeaders/><w:defaultTabStop w:val="420"/></w:settings>')).toEqual([
      '<w:defaultTabStop> out of order in <w:settings>',
    ]);
  });
});

describe('masthead kinds', () => {
  const gongwen = (signers?: string[]): OfficialDocument =>
    digest({
      masthead: {
        kind: 'gongwen',
        copyNumber: 12,
        secrecy: { level: '机密', period: '1年' },
        urgency: '特急',
        issuingAuthorityMark: '××省应急管理厅文件',
        documentNumber: { agencyCode: '×应急', year: 2026, serial: 7 },
        ...(signers ? { signers } : {}),
      },
    });

  test('公文 版头: 份号, 密级★期限, 紧急程度, red 发文机关标志, 发文字号 centred over the red rule', () => {
    const doc = part(writeDocx(gongwen()), 'word/document.xml');
    const texts = paragraphs(doc).filter((t) => t.trim());
    expect(texts.slice(0, 6)).toEqual(['000012', '机密★1年', '特急', '××省应急管理厅文件', '×应急〔2026〕7号', '安全生产舆情日报（11月24日8时至25日8时）']);
    expect(paragraphXml(doc, '机密')).toContain('w:eastAsia="黑体"');
    const mark = paragraphXml(doc, '××省应急管理厅文件');
    expect(mark).toContain('<w:color w:val="FF0000"/>');
    expect(mark).toContain('w:eastAsia="方正小标宋简体"');
    // mark's top 35 mm below the type area: three lines above it plus the spacing
    const before = Number(/w:before="(\d+)"/.exec(mark)?.[1]);
    expect(before + 3 * LINE_PITCH).toBe(Math.round((35 / 25.4) * 1440));
    const number = paragraphXml(doc, '×应急〔2026〕7号');
    expect(number).toContain('<w:jc w:val="center"/>');
    expect(number).toContain('w:color="FF0000"');
  });

  test('上行文: 签发人 right, two names a line, 字号 on the last signer line, mark 80 mm down', () => {
    const doc = part(writeDocx(gongwen(['张三', '李四', '王五'])), 'word/document.xml');
    const texts = paragraphs(doc).filter((t) => t.trim());
    expect(texts.slice(3, 6)).toEqual(['××省应急管理厅文件', '签发人：张三　李四', '×应急〔2026〕7号王五']);
    expect(paragraphXml(doc, '签发人')).toContain('w:eastAsia="楷体_GB2312"');
    expect(paragraphXml(doc, '×应急')).toContain('w:color="FF0000"');
    const before = Number(/w:before="(\d+)"/.exec(paragraphXml(doc, '××省应急管理厅文件'))?.[1]);
    expect(before + 3 * LINE_PITCH).toBe(Math.round((80 / 25.4) * 1440));
  });

  test('简报 masthead: 刊名 in red, 期号, 编发单位 and date on the red rule; no 公文 elements', () => {
    const doc = part(writeDocx(digest()), 'word/document.xml');
    expect(doc).not.toContain('签发人：');
    expect(doc).not.toContain('〔');
    expect(paragraphXml(doc, '第128期')).toContain('<w:jc w:val="center"/>');
  });
});

describe('hostile text', () => {
  const evil = '<script>alert(1)</script> & ]]> "q" \'a\' \u0000\u0007\u001b\uFFFE\u202Eevil\uD800 x';
  const long = '长'.repeat(50_000) + 'A'.repeat(50_000);
  const hostile = digest({
    masthead: { kind: 'briefing', publicationName: evil, issueNumber: 1, editor: evil, date: { year: 2026, month: 11, day: 25 }, reviewer: evil },
    title: evil,
    recipients: [evil],
    body: [section(evil, paragraph(`${evil}\n第二行\t制表`), list([evil, long]), table([evil], [[evil], [long]]))],
    attachments: [evil],
    signature: { authority: evil, date: { year: 2026, month: 11, day: 25 } },
    note: evil,
    colophon: { distribution: [{ label: evil, recipients: [evil] }], printedBy: evil },
    properties: { createdAt: CREATED, author: evil, subject: evil },
  });
  const files = parts(writeDocx(hostile));

  test('every part stays well-formed and carries no markup from the text', () => {
    for (const [name, xml] of files) {
      expect(checkXml(xml).problems, name).toEqual([]);
      expect(xml, name).not.toContain('<script');
      expect(xml, name).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u202E\uFFFE]/);
    }
  });

  test('the text arrives as text: escaped characters decode back, controls and bidi overrides are gone', () => {
    const texts = paragraphs(files.get('word/document.xml') ?? '');
    const clean = '<script>alert(1)</script> & ]]> "q" \'a\' evil x';
    expect(texts.filter((t) => t.includes(clean)).length).toBeGreaterThanOrEqual(10);
    expect(texts).toContain(`一、${clean}`);
    expect(texts).toContain(`${clean}\n第二行制表`);
    expect(texts.filter((t) => t === long)).toHaveLength(2);
    expect(files.get('word/document.xml')).toContain('<w:tab/>');
    const core = checkXml(files.get('docProps/core.xml') ?? '').elements;
    expect(core.find((e) => e.name === 'dc:title')?.text).toBe(clean);
  });
});

describe('determinism', () => {
  test('the same model gives the same bytes; another creation time changes them', () => {
    const a = writeDocx(digest());
    const b = writeDocx(digest());
    expect(a.equals(b)).toBe(true);
    const c = writeDocx(digest({ properties: { createdAt: new Date('2026-11-26T00:00:00Z') } }));
    expect(a.equals(c)).toBe(false);
    expect(part(c, 'docProps/core.xml')).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2026-11-26T00:00:00Z</dcterms:created>');
  });
});

const soffice = ['soffice', 'libreoffice'].find((cmd) => spawnSync('which', [cmd]).status === 0);

describe('LibreOffice smoke test', () => {
  test.skipIf(!soffice)(
    soffice ? 'converts to PDF' : 'converts to PDF (skipped: LibreOffice/soffice is not installed on this machine)',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'docx-'));
      try {
        writeFileSync(join(dir, 'digest.docx'), writeDocx(digest()));
        execFileSync(soffice ?? 'soffice', ['--headless', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', 'pdf', '--outdir', dir, join(dir, 'digest.docx')], { timeout: 120_000 });
        const pdf = readFileSync(join(dir, 'digest.pdf'));
        expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});

describe('xml-check catches what it should (so the checks above can fail)', () => {
  test.each([
    ['<a><b></a></b>'],
    ['<a>x & y</a>'],
    ['<a>1 < 2</a>'],
    ['<a x="1" x="2"/>'],
    ['<a x=1/>'],
    ['<a/><b/>'],
    ['<a>\u0001</a>'],
    ['<a><![CDATA[x]]></a>'],
    ['<a>x ]]> y</a>'],
    ['<a>'],
  ])('%j is rejected', (xml) => {
    expect(checkXml(xml).problems.length).toBeGreaterThan(0);
  });

  test('a well-formed document passes', () => {
    expect(checkXml('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:a xmlns:w="u"><w:b c="&amp;&#x4E00;">t &lt; &#20;</w:b></w:a>').problems).toEqual([]);
  });
});
