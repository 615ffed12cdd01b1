/**
 * Loaders for the evaluation corpora in ../shared/fixtures (read at run time, never copied into
 * the repository): sentiment sets (CSV / SMP2020-EWECT JSON) mapped to polarity, and the CEC
 * event corpus with a gold casualty count per document.
 *
 * The gold counts are derived here from the CEC annotations or from headlines with small
 * regexes of their own. Nothing in this file calls lib/analysis: gold made by the system under
 * test would measure nothing.
 */
import fs from 'node:fs';
import path from 'node:path';

// ---------------------------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------------------------

/**
 * RFC 4180 CSV: strips a UTF-8 BOM, handles quoted fields with commas, doubled quotes and line
 * breaks, and CRLF / LF / CR record ends. Tolerant of what spreadsheet exports produce: a quote
 * inside an unquoted field is kept literally, text after a closing quote is appended, and an
 * unterminated quoted field runs to the end of the input. Blank lines yield no record.
 */
export function parseCsv(input: string): string[][] {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false; // inside a quoted section
  let sawQuote = false; // this record had a quoted field, so `""` alone is a record, not a blank line
  let i = 0;
  const endRecord = (): void => {
    record.push(field);
    if (sawQuote || !(record.length === 1 && record[0] === '')) records.push(record);
    record = [];
    field = '';
    sawQuote = false;
  };
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      sawQuote = true;
      i++;
    } else if (c === ',') {
      record.push(field);
      field = '';
      i++;
    } else if (c === '\r' || c === '\n') {
      endRecord();
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      field += c;
      i++;
    }
  }
  if (field !== '' || record.length > 0) endRecord();
  return records;
}

/** Spreadsheet artefacts that replaced the original text (Excel formula errors, numbers in E-notation). */
const EXCEL_ERROR = /^#(?:NAME\?|VALUE!|REF!|DIV\/0!|N\/A|NUM!|NULL!|SPILL!|CALC!)$/;
const EXCEL_NUMBER = /^[+-]?\d+(?:\.\d+)?E[+-]\d+$/i;

/** Why a text cell is unusable, or null when it is fine. */
export function junkReason(text: string): 'empty' | 'excel-error' | 'excel-number' | null {
  const t = text.trim();
  if (t === '') return 'empty';
  if (EXCEL_ERROR.test(t)) return 'excel-error';
  if (EXCEL_NUMBER.test(t)) return 'excel-number';
  return null;
}

// ---------------------------------------------------------------------------------------------
// Sentiment sets
// ---------------------------------------------------------------------------------------------

export type Polarity = 'negative' | 'neutral' | 'positive';
export const POLARITIES: readonly Polarity[] = ['negative', 'neutral', 'positive'];

export interface LabelMapping {
  /** Label as stored in the file ("happy", "2"). */
  source: string;
  /** Human name of the source label ("optimism"). */
  name: string;
  polarity: Polarity | 'excluded';
}

export interface PolarityItem {
  id: string;
  text: string;
  /** Source label name ("angry", "gratitude"). */
  source: string;
  gold: Polarity;
}

export interface PolaritySet {
  id: string;
  name: string;
  file: string;
  /** Gold classes this set scores, in display order. */
  classes: Polarity[];
  mapping: LabelMapping[];
  items: PolarityItem[];
  /** Data rows read (header excluded). */
  rows: number;
  /** Rows left out on purpose, by source label name (e.g. surprise). */
  excluded: Record<string, number>;
  /** Rows dropped as unusable, by reason (empty, excel-error, unknown-label, ...). */
  skipped: Record<string, number>;
  /** Items whose text repeats an earlier item's (kept; reported because they weigh twice). */
  duplicates: number;
}

/** SMP2020-EWECT keeps the organisers' spelling "neural" for neutral. */
export const SMP_MAPPING: readonly LabelMapping[] = [
  { source: 'happy', name: 'happy', polarity: 'positive' },
  { source: 'neural', name: 'neural (sic: neutral)', polarity: 'neutral' },
  { source: 'angry', name: 'angry', polarity: 'negative' },
  { source: 'sad', name: 'sad', polarity: 'negative' },
  { source: 'fear', name: 'fear', polarity: 'negative' },
  // Surprise has no polarity (惊讶 at good or bad news alike), so it is left out of the 3-class score.
  { source: 'surprise', name: 'surprise', polarity: 'excluded' },
];

export const COVID7_MAPPING: readonly LabelMapping[] = [
  { source: '0', name: 'fear', polarity: 'negative' },
  { source: '1', name: 'disgust', polarity: 'negative' },
  { source: '2', name: 'optimism', polarity: 'positive' },
  { source: '3', name: 'surprise', polarity: 'excluded' },
  { source: '4', name: 'gratitude', polarity: 'positive' },
  { source: '5', name: 'sadness', polarity: 'negative' },
  { source: '6', name: 'anger', polarity: 'negative' },
];

export const BINARY_MAPPING: readonly LabelMapping[] = [
  { source: '1', name: 'positive', polarity: 'positive' },
  { source: '0', name: 'negative', polarity: 'negative' },
];

function bump(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

interface RawRow {
  id: string;
  text: string;
  label: string;
}

function buildSet(
  meta: { id: string; name: string; file: string; classes: Polarity[] },
  mapping: readonly LabelMapping[],
  rows: readonly RawRow[],
  skipped: Record<string, number>,
): PolaritySet {
  const byLabel = new Map(mapping.map((m) => [m.source, m]));
  const droppedEarlier = sumValues(skipped);
  const items: PolarityItem[] = [];
  const excluded: Record<string, number> = {};
  const seen = new Set<string>();
  let duplicates = 0;
  for (const row of rows) {
    const junk = junkReason(row.text);
    if (junk) {
      bump(skipped, junk);
      continue;
    }
    const m = byLabel.get(row.label.trim());
    if (!m) {
      bump(skipped, 'unknown-label');
      continue;
    }
    if (m.polarity === 'excluded') {
      bump(excluded, m.name);
      continue;
    }
    const text = row.text.trim();
    if (seen.has(text)) duplicates++;
    seen.add(text);
    items.push({ id: row.id, text, source: m.name, gold: m.polarity });
  }
  return { ...meta, mapping: [...mapping], items, rows: rows.length + droppedEarlier, excluded, skipped, duplicates };
}

function sumValues(r: Record<string, number>): number {
  return Object.values(r).reduce((s, n) => s + n, 0);
}

/** SMP2020-EWECT JSON: [{id, content, label}], 3 polarity classes. */
export function loadSmp2020(file: string): PolaritySet {
  const data: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (!Array.isArray(data)) throw new Error(`${file}: expected a JSON array`);
  const skipped: Record<string, number> = {};
  const rows: RawRow[] = [];
  for (const entry of data as unknown[]) {
    const e = entry as { id?: unknown; content?: unknown; label?: unknown } | null;
    if (!e || typeof e.content !== 'string' || typeof e.label !== 'string') {
      bump(skipped, 'malformed');
      continue;
    }
    rows.push({ id: String(e.id ?? rows.length + 1), text: e.content, label: e.label });
  }
  return buildSet(
    { id: 'smp2020-ewect', name: 'SMP2020-EWECT 疫情微博 (crisis-period Weibo)', file, classes: [...POLARITIES] },
    SMP_MAPPING,
    rows,
    skipped,
  );
}

/**
 * CSV with a text column and a label column; the header names them (`review,label` or
 * `label,review`), so column order is detected rather than assumed.
 */
function csvRows(file: string, skipped: Record<string, number>): RawRow[] {
  const records = parseCsv(fs.readFileSync(file, 'utf8'));
  const header = (records[0] ?? []).map((h) => h.trim().toLowerCase());
  const textCol = header.findIndex((h) => h === 'review' || h === 'text' || h === 'content');
  const labelCol = header.indexOf('label');
  if (textCol < 0 || labelCol < 0) throw new Error(`${file}: header needs a review/text and a label column, got ${header.join(',')}`);
  const rows: RawRow[] = [];
  records.slice(1).forEach((r, i) => {
    if (r.length !== header.length) {
      bump(skipped, 'bad-field-count');
      return;
    }
    rows.push({ id: String(i + 2), text: r[textCol] ?? '', label: r[labelCol] ?? '' });
  });
  return rows;
}

/** COVID-19 Weibo 7 emotions (NLPCC 2020): negative vs positive, surprise left out. */
export function loadCovid7(file: string): PolaritySet {
  const skipped: Record<string, number> = {};
  const rows = csvRows(file, skipped);
  return buildSet(
    { id: 'covid-weibo-7emotions', name: 'COVID-19 Weibo 7 emotions (NLPCC 2020)', file, classes: ['negative', 'positive'] },
    COVID7_MAPPING,
    rows,
    skipped,
  );
}

/** Binary review sets (ChnSentiCorp hotels, waimai_10k): label 1 positive, 0 negative. */
export function loadBinaryReviews(file: string, id: string, name: string): PolaritySet {
  const skipped: Record<string, number> = {};
  const rows = csvRows(file, skipped);
  return buildSet({ id, name, file, classes: ['negative', 'positive'] }, BINARY_MAPPING, rows, skipped);
}

// ---------------------------------------------------------------------------------------------
// Numbers (independent of lib/analysis/chinese-numbers on purpose)
// ---------------------------------------------------------------------------------------------

const CN_DIGITS: Readonly<Record<string, number>> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};
const CN_UNITS: Readonly<Record<string, number>> = { 十: 10, 百: 100, 千: 1000 };

function fullwidthToAscii(s: string): string {
  return s.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/** "38", "１２", "九千二百", "十二", "两", "2万"; null for a lone 百/千/万 ("近万人" is an estimate). */
export function parseNumeral(raw: string): number | null {
  const s = fullwidthToAscii(raw.trim());
  if (/^\d+$/.test(s)) return Number(s);
  const wan = /^(\d+)万$/.exec(s);
  if (wan) return Number(wan[1]) * 10000;
  if (!/^[零〇一二两三四五六七八九十百千万]+$/.test(s) || /^[百千万]$/.test(s)) return null;
  if (s.length > 1 && /^[零〇一二两三四五六七八九]+$/.test(s)) {
    return [...s].reduce((v, c) => v * 10 + (CN_DIGITS[c] ?? 0), 0);
  }
  let total = 0;
  let section = 0;
  let digit = 0;
  for (const c of s) {
    const d = CN_DIGITS[c];
    const u = CN_UNITS[c];
    if (d !== undefined) digit = d;
    else if (u !== undefined) {
      section += (digit || 1) * u;
      digit = 0;
    } else {
      total += (section + digit) * 10000;
      section = 0;
      digit = 0;
    }
  }
  return total + section + digit;
}

const NUMERAL = '[0-9０-９]+万?|[零〇一二两三四五六七八九十百千万]+';
const NOT_AFTER_NUMERAL = '(?<![0-9０-９零〇一二两三四五六七八九十百千万数几近余多])';
const COUNT_RE = new RegExp(`${NOT_AFTER_NUMERAL}(${NUMERAL})(?:余|多)?(?:人|名|位)`);

/**
 * A head count in an annotated Participant: "38人", "至少56人", "九千二百余人", "4名学生",
 * "一名马来族妇女", "突破300人". "N余人"/"N多人" count as N (the stated floor). Vague amounts
 * ("多人", "数百人", "近万人", "人员", "伤者") give null.
 */
export function parseCount(participant: string): number | null {
  const m = COUNT_RE.exec(participant);
  return m?.[1] ? parseNumeral(m[1]) : null;
}

// ---------------------------------------------------------------------------------------------
// CEC corpus: parsing
// ---------------------------------------------------------------------------------------------

export interface CecEvent {
  denoters: string[];
  participants: string[];
  /** <Object> texts: CEC sometimes tags the people a casualty befalls as Object ("2人 抢救 无效"). */
  objects: string[];
  /** <Time> texts ("2010年2月", "截至9月3日8时"). */
  times: string[];
  /** Plain text of the event element (nested events included). */
  text: string;
  /** polarity="negative": the event is denied ("未接到人员伤亡报告"). */
  negative: boolean;
  /** Index of the enclosing <Sentence>, for events split across a sentence. */
  sentence: number;
}

export interface CecDoc {
  title: string;
  reportTime: string | null;
  /** Content as plain text: tags removed, indentation removed, one line per paragraph. */
  text: string;
  events: CecEvent[];
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : all;
    }
    return ENTITIES[e.toLowerCase()] ?? all;
  });
}

/**
 * Collapse the XML's layout whitespace: Chinese needs no spaces, so whitespace survives only
 * (as one space) between two printable ASCII characters ("Tunes Hotel", "6.1 级" stays "6.1级").
 */
export function squeezeSpace(s: string): string {
  return s.replace(/[\s\u3000]+/g, (_ws, at: number, all: string) => {
    const prev = all[at - 1] ?? '';
    const next = all[at + _ws.length] ?? '';
    return /[\x21-\x7e]/.test(prev) && /[\x21-\x7e]/.test(next) && !/[\r\n]/.test(_ws) ? ' ' : '';
  });
}

function stripTags(s: string): string {
  return squeezeSpace(decodeEntities(s.replace(/<[^>]*>/g, '')));
}

type CapturedTag = 'Participant' | 'Denoter' | 'Object' | 'Time';
const CAPTURED = new Set<string>(['Participant', 'Denoter', 'Object', 'Time']);

interface OpenEvent {
  event: CecEvent;
  raw: string;
}

/** Parse one CEC XML document with a small tag walker (events may nest). */
export function parseCecXml(xml: string): CecDoc {
  const title = stripTags(/<Title>([\s\S]*?)<\/Title>/.exec(xml)?.[1] ?? '');
  const reportTime = stripTags(/<ReportTime\b[^>]*>([\s\S]*?)<\/ReportTime>/.exec(xml)?.[1] ?? '') || null;
  const content = /<Content>([\s\S]*?)<\/Content>/.exec(xml)?.[1] ?? '';

  const events: CecEvent[] = [];
  const open: OpenEvent[] = [];
  const paragraphs: string[] = [];
  let paragraph = '';
  let sentence = 0;
  let capture: { tag: CapturedTag; raw: string } | null = null;

  for (const m of content.matchAll(/<(\/?)([A-Za-z][\w-]*)([^>]*?)\/?>|([^<]+)/g)) {
    const [, closing, tag, attrs, chunk] = m;
    if (chunk !== undefined) {
      paragraph += chunk;
      for (const o of open) o.raw += chunk;
      if (capture) capture.raw += chunk;
      continue;
    }
    if (tag === 'Sentence' && !closing) sentence++;
    else if (tag === 'Paragraph' && closing) {
      paragraphs.push(paragraph);
      paragraph = '';
    } else if (tag === 'Event') {
      if (!closing) {
        const event: CecEvent = {
          denoters: [],
          participants: [],
          objects: [],
          times: [],
          text: '',
          negative: /\bpolarity\s*=\s*"negative"/.test(attrs ?? ''),
          sentence,
        };
        events.push(event);
        open.push({ event, raw: '' });
      } else {
        const o = open.pop();
        if (o) o.event.text = stripTags(o.raw);
      }
    } else if (tag !== undefined && CAPTURED.has(tag) && open.length > 0) {
      if (!closing) capture = { tag: tag as CapturedTag, raw: '' };
      else if (capture) {
        const top = open[open.length - 1]?.event;
        const value = stripTags(capture.raw);
        if (top && value) {
          const list = { Participant: top.participants, Denoter: top.denoters, Object: top.objects, Time: top.times }[capture.tag];
          list.push(value);
        }
        capture = null;
      }
    }
  }
  if (paragraph.trim()) paragraphs.push(paragraph);
  for (const o of open) o.event.text = stripTags(o.raw);
  const text = paragraphs.map((p) => stripTags(p)).filter((p) => p !== '').join('\n');
  return { title, reportTime, text, events };
}

// ---------------------------------------------------------------------------------------------
// CEC corpus: gold casualty counts
// ---------------------------------------------------------------------------------------------

/**
 * figure: a count is stated. none: no count and no casualty event (gold null).
 * unquantified: casualties are mentioned without a usable number ("多人受伤", "伤者不幸身亡",
 * "数百人伤亡"); such documents cannot be judged and are left out of the "all docs" figure.
 */
export type GoldStatus = 'figure' | 'none' | 'unquantified';

export interface CountGold {
  value: number | null;
  status: GoldStatus;
  /** Distinct figures found, in document order. */
  figures: number[];
  /** More than one distinct figure, so the choice rule decided. */
  ambiguous: boolean;
  /** The document says there were none ("暂无人员伤亡"): a prediction of 0 is accepted for a null gold. */
  statedNone: boolean;
}

export interface CasualtyGold {
  deaths: CountGold;
  injuries: CountGold;
}

/** Denoters that mean "died" / "was injured". 重伤 is left out: it is the separate seriousInjuries field. */
const DEATH_DENOTERS = new Set(['死亡', '遇难', '罹难', '身亡', '丧生', '死', '殒命', '不治身亡', '殉职', '死难', '溺亡']);
const INJURY_DENOTERS = new Set(['受伤', '伤', '轻伤', '受轻伤', '烧伤', '砸伤', '撞伤', '摔伤', '灼伤', '烫伤', '负伤']);
/** A participant that is a person (or people) even without a number: "伤者", "人员", "孤寡老人吴志群". */
const PERSON_CUE = /人|者|员|名|位|孩|童|儿|生|妇|男|女|工|民|客|司机/;

// "暂无人员伤亡", "未造成人员伤亡", "尚未出现人员死亡"; 末 is a typo for 未 found in a CEC headline ("末有人员伤亡").
const NONE_WORD = '(?:没有|未造成|尚未出现|未出现|尚无|暂无|[无未末]有?)(?:任何)?(?:人员|人)?';
const NONE_DEATHS = new RegExp(`${NONE_WORD}(?:伤亡|死亡|遇难)`);
const NONE_INJURIES = new RegExp(`${NONE_WORD}(?:伤亡|受伤)`);

class GoldBuilder {
  private figures: number[] = [];
  private unquantified = false;
  private none = false;

  figure(n: number): void {
    if (!this.figures.includes(n)) this.figures.push(n);
  }

  vague(): void {
    this.unquantified = true;
  }

  statedNone(): void {
    this.none = true;
  }

  /**
   * Several figures: take the largest. CEC articles state the overall toll and then break it
   * down by place or by time (攀枝花: 38 = 会理27 + 攀枝花5 + 元谋5 + 永仁1; 俄罗斯: 12 twice),
   * so the total is the maximum, while "the figure reported last" would pick a regional part.
   * Rolling reports only revise tolls upwards, which also favours the maximum. Limits: a total
   * that is only the sum of parts ("两人当场死亡" + "4人因抢救无效死亡" in 湖北公安) is right only
   * because the headline states 6; a wider scope beats a local one (印度: 56 in India and Nepal
   * vs the headline's 7 in 西藏亚东); older events are filtered by year (see cecGold). Every
   * document with more than one figure is reported as ambiguous.
   */
  build(): CountGold {
    const value = this.figures.length > 0 ? Math.max(...this.figures) : null;
    const status: GoldStatus = value !== null ? 'figure' : this.unquantified && !this.none ? 'unquantified' : 'none';
    return { value, status, figures: [...this.figures], ambiguous: this.figures.length > 1, statedNone: this.none };
  }
}

/** Head counts an event carries: its Participants and Objects, else a count in its own text ("2人死亡"). */
function eventCounts(ev: CecEvent): number[] {
  const tagged = [...ev.participants, ...ev.objects].map(parseCount).filter((n): n is number => n !== null);
  if (tagged.length > 0) return tagged;
  const own = parseCount(ev.text);
  return own === null ? [] : [own];
}

/**
 * Gold deaths and injuries from the CEC annotations: the head counts of events whose Denoter is
 * a death / injury word (a Participant or Object such as "38人", or, when the tag lost its number
 * as in "2<Participant>人</Participant>死亡", the count in the event text). CEC often splits
 * "3人经抢救无效 | 死亡" into two events, so a casualty event with no count of its own takes the
 * count of the previous event in the same sentence. CEC does not annotate the <Title>, so the
 * headline toll ("…6人死亡") is added with the headline rules below; the largest figure wins
 * (see GoldBuilder.build). Casualties in a sentence dated to an earlier year than the report
 * ("2010年2月…共造成超过500人死亡" in a 2014 article) belong to a past event and are ignored.
 * Negative-polarity events and "无人员伤亡" wording mark "stated none".
 */
export function cecGold(doc: CecDoc): CasualtyGold {
  const deaths = new GoldBuilder();
  const injuries = new GoldBuilder();
  const reportYear = Number(/(\d{4})/.exec(doc.reportTime ?? '')?.[1] ?? NaN);
  const pastSentences = new Set(
    doc.events
      .filter((ev) => ev.times.some((t) => Number(/(\d{4})年/.exec(t)?.[1] ?? NaN) < reportYear))
      .map((ev) => ev.sentence),
  );
  doc.events.forEach((ev, i) => {
    if (pastSentences.has(ev.sentence)) return;
    const isDeath = ev.denoters.some((d) => DEATH_DENOTERS.has(d));
    const isInjury = ev.denoters.some((d) => INJURY_DENOTERS.has(d));
    if (ev.negative) {
      if (isDeath || /伤亡|死亡|遇难/.test(ev.text)) deaths.statedNone();
      if (isInjury || /伤亡|受伤/.test(ev.text)) injuries.statedNone();
      return;
    }
    if (!isDeath && !isInjury) return;
    let counts = eventCounts(ev);
    const prev = doc.events[i - 1];
    if (counts.length === 0 && ev.participants.length === 0 && prev && prev.sentence === ev.sentence && !prev.negative) {
      counts = eventCounts(prev);
    }
    for (const b of [isDeath ? deaths : null, isInjury ? injuries : null]) {
      if (!b) continue;
      for (const n of counts) b.figure(n);
      if (counts.length === 0 && [...ev.participants, ...ev.objects].some((p) => PERSON_CUE.test(p))) b.vague();
    }
  });
  const title = fullwidthToAscii(doc.title);
  addHeadline(deaths, title, H_DEATH, H_DEATH_CUE, NONE_DEATHS);
  addHeadline(injuries, title, H_INJURY, H_INJURY_CUE, NONE_INJURIES);
  if (NONE_DEATHS.test(doc.text)) deaths.statedNone();
  if (NONE_INJURIES.test(doc.text)) injuries.statedNone();
  return { deaths: deaths.build(), injuries: injuries.build() };
}

// Headline shorthand, independent of the extractor: "致6人亡", "2死2伤", "3人死亡", "撞死4人",
// "死亡人数升至12人", "6人死亡11受伤", "伤两人".
const H_NUM = `${NOT_AFTER_NUMERAL}(${NUMERAL})(?:余|多)?`;
const H_DEATH = [
  new RegExp(`${H_NUM}(?:人|名)?(?:学生|司机|矿工|工人)?(?:当场|已|不幸)?(?:死亡|遇难|罹难|身亡|丧生|殒命|死|亡)(?!伤)`, 'g'),
  new RegExp(`(?:死亡|遇难)人数[已升上增加达至到为]{0,4}${H_NUM}(?:人|名)`, 'g'),
  new RegExp(`[撞压砸炸烧毒]死${H_NUM}(?:人|名)`, 'g'),
];
const H_INJURY = [
  new RegExp(`${H_NUM}(?:人|名)?(?:学生)?(?:受伤|轻伤|伤)(?![亡势者残员害])`, 'g'),
  // Verb + 伤 + count ("侧翻伤两人"); a bare "伤一人" may start the next clause ("10伤一人伤势较重").
  new RegExp(`[撞砸烧炸翻刺砍]伤${H_NUM}(?:人|名)`, 'g'),
];
// A headline that mentions casualties without a usable toll ("殒命", "重大伤亡", "63人死伤"); not 死鱼, 疗伤.
const H_DEATH_CUE = /死亡|遇难|罹难|丧生|殒命|身亡|一条命|伤亡|死伤|人亡|[0-9一二两三四五六七八九十百千万]死|[撞压砸炸烧毒]死/;
const H_INJURY_CUE = /受伤|轻伤|重伤|伤亡|死伤|伤者|[撞砸烧炸翻刺砍]伤|[0-9一二两三四五六七八九十百千万]伤/;

function addHeadline(b: GoldBuilder, title: string, patterns: readonly RegExp[], cue: RegExp, none: RegExp): void {
  for (const re of patterns) {
    for (const m of title.matchAll(re)) {
      const n = m[1] ? parseNumeral(m[1]) : null;
      if (n !== null) b.figure(n);
    }
  }
  if (none.test(title)) b.statedNone();
  else if (cue.test(title)) b.vague();
}

/**
 * Gold from the headline alone (the raw corpus has no annotation); `text`, when given, only
 * decides "stated none". Weak gold: a headline that names no toll does not mean the article
 * names none.
 */
export function headlineGold(headline: string, text = ''): CasualtyGold {
  const title = fullwidthToAscii(headline);
  const deaths = new GoldBuilder();
  const injuries = new GoldBuilder();
  addHeadline(deaths, title, H_DEATH, H_DEATH_CUE, NONE_DEATHS);
  addHeadline(injuries, title, H_INJURY, H_INJURY_CUE, NONE_INJURIES);
  if (NONE_DEATHS.test(text)) deaths.statedNone();
  if (NONE_INJURIES.test(text)) injuries.statedNone();
  return { deaths: deaths.build(), injuries: injuries.build() };
}

// ---------------------------------------------------------------------------------------------
// CEC corpus: loaders
// ---------------------------------------------------------------------------------------------

export interface AccidentDoc {
  set: 'cec-annotated' | 'cec-raw';
  category: string;
  /** "<category>/<file name>" */
  file: string;
  title: string;
  text: string;
  gold: CasualtyGold;
}

function categoryFiles(dir: string, ext: string): { category: string; name: string; full: string }[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .flatMap((category) =>
      fs
        .readdirSync(path.join(dir, category))
        .filter((f) => f.endsWith(ext))
        .sort()
        .map((name) => ({ category, name, full: path.join(dir, category, name) })),
    );
}

/** events/cec-annotated/<category>/*.xml with gold from the annotations. */
export function loadCecAnnotated(dir: string): AccidentDoc[] {
  return categoryFiles(dir, '.xml').map(({ category, name, full }) => {
    const doc = parseCecXml(fs.readFileSync(full, 'utf8'));
    return { set: 'cec-annotated', category, file: `${category}/${name}`, title: doc.title, text: doc.text, gold: cecGold(doc) };
  });
}

const LEADING_DATE = /^\s*\d{4}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*/;

/** events/cec-raw/<category>/*.txt: the file name is the headline, the first line a date. */
export function loadCecRaw(dir: string): AccidentDoc[] {
  return categoryFiles(dir, '.txt').map(({ category, name, full }) => {
    let text = fs.readFileSync(full, 'utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    text = text.replace(LEADING_DATE, '').trim();
    const title = name.replace(/\.txt$/, '');
    return { set: 'cec-raw', category, file: `${category}/${name}`, title, text, gold: headlineGold(title, text) };
  });
}
