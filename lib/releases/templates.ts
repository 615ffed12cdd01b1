/**
 * Release drafts from templates filled with an event's facts. Pure: the caller passes the facts
 * (see `releaseFactsFromEvent` for the event page's data). Nothing is invented: a fact that is
 * unknown stays in the text as 【待补充：…】, which the pre-review checks block until someone fills
 * it. Figures are written in the same forms the analysis extracts ("3人死亡"), so a draft made from
 * the official figures passes the figure check.
 */
import type { AccidentGrade } from '@/lib/analysis/grade';
import type { FactField, FactRow } from '@/lib/events-view/facts';
import type { ReleaseKind } from './kinds';
import { RELEASE_ELEMENT_LABELS } from './kinds';

/** The latest official figure per field; null (or absent) when no official source has given it. */
export type OfficialFigures = Partial<Record<FactField, number | null>>;

export interface InvestigationFacts {
  /** e.g. "省政府成立了由省应急管理厅牵头的事故调查组". */
  team: string | null;
  /** e.g. "生产安全责任事故". */
  nature: string | null;
  cause: string | null;
  responsibility: string | null;
  rectification: string | null;
  /** Where the full report is published (website and column, or URL). */
  reportPublishedAt: string | null;
}

export interface ReleaseFacts {
  /** GB 6441 type name as the analysis gives it ("透水", "中毒和窒息"). */
  accidentType: string | null;
  grade: AccidentGrade | null;
  /** When the accident happened. The event's first-seen time is NOT this and must not be used. */
  occurredAt: Date | null;
  /** As written in the release: "山西省临汾市乡宁县". */
  place: string | null;
  enterprise: string | null;
  figures: OfficialFigures;
  /** Time of the latest official figure ("截至…"). */
  figuresAsOf: Date | null;
  rescue: { status: 'ongoing' | 'ended' | null; progress: string | null };
  /** Measures taken, as one or more sentences without the final 。. */
  measures: string | null;
  issuer: string | null;
  /** Spokesperson or press contact with phone. */
  contact: string | null;
  nextReleaseAt: Date | null;
  investigation?: Partial<InvestigationFacts>;
  /** For 正面回应/后续进展: the public concern answered and the progress made. */
  followUp?: { concern?: string | null; progress?: string | null };
}

export interface ReleaseDraft {
  kind: ReleaseKind;
  title: string;
  body: string;
  /** Title, blank line, body: what the checks read. */
  text: string;
  placeholders: Placeholder[];
}

export interface Placeholder {
  label: string;
  start: number;
  end: number;
}

export const PLACEHOLDER_OPEN = '【待补充：';
const PLACEHOLDER_RE = /【待补充[：:]([^】]*)】/g;

/** A visible gap in the draft: 【待补充：label】. */
export function placeholder(label: string): string {
  return `${PLACEHOLDER_OPEN}${label}】`;
}

/** Every 【待补充：…】 left in a text, in order, with offsets (UTF-16 code units). */
export function listPlaceholders(text: string): Placeholder[] {
  const out: Placeholder[] = [];
  for (const m of text.matchAll(PLACEHOLDER_RE)) {
    const start = m.index ?? 0;
    out.push({ label: (m[1] ?? '').trim(), start, end: start + m[0].length });
  }
  return out;
}

const shanghaiParts = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  hourCycle: 'h23',
});

function parts(d: Date): { year: number; month: number; day: number; hour: number; minute: number } {
  const get = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(shanghaiParts.formatToParts(d).find((p) => p.type === type)?.value ?? NaN);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute') };
}

/** 2024年11月23日14时30分 (Asia/Shanghai); minutes left out on the hour. */
export function formatReleaseTime(d: Date): string {
  const p = parts(d);
  const minute = p.minute === 0 ? '' : `${p.minute}分`;
  return `${p.year}年${p.month}月${p.day}日${p.hour}时${minute}`;
}

/** “11·23” as accident names are written. */
function accidentDateTag(d: Date): string {
  const p = parts(d);
  return `“${p.month}·${p.day}”`;
}

function known(v: number | null | undefined): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0;
}

function or(value: string | null | undefined, label: string): string {
  const v = value?.trim();
  return v ? v : placeholder(label);
}

function timeOr(d: Date | null, label: string): string {
  return d ? formatReleaseTime(d) : placeholder(label);
}

/** 1200万元 / 850元, in the form the loss extraction reads. */
export function formatLoss(yuan: number): string {
  if (yuan >= 10_000) return `${Number((yuan / 10_000).toFixed(2))}万元`;
  return `${yuan}元`;
}

/**
 * "3人死亡、5人受伤（其中2人重伤）、1人失联，另有2人被困". Deaths and injuries are required: an
 * unknown one is a placeholder. Missing and trapped appear only when an official figure exists.
 */
export function casualtyPhrase(f: OfficialFigures): string {
  const { deaths, injuries, seriousInjuries, missing, trapped } = f;
  const out: string[] = [];
  if (known(deaths) && known(injuries) && deaths === 0 && injuries === 0) {
    out.push('未造成人员伤亡');
  } else {
    if (!known(deaths)) out.push(placeholder('死亡人数'));
    else out.push(deaths === 0 ? '未造成人员死亡' : `${deaths}人死亡`);
    if (!known(injuries)) out.push(placeholder('受伤人数'));
    else if (injuries > 0) {
      const serious = known(seriousInjuries) && seriousInjuries > 0 ? `（其中${seriousInjuries}人重伤）` : '';
      out.push(`${injuries}人受伤${serious}`);
    } else out.push('无人员受伤');
  }
  if (known(missing) && missing > 0) out.push(`${missing}人失联`);
  let phrase = out.join('、');
  if (known(trapped) && trapped > 0) phrase += `，另有${trapped}人被困`;
  return phrase;
}

function accidentName(f: ReleaseFacts): string {
  const where = `${or(f.place, RELEASE_ELEMENT_LABELS.place)}${or(f.enterprise, RELEASE_ELEMENT_LABELS.enterprise)}`;
  const tag = f.occurredAt ? accidentDateTag(f.occurredAt) : '';
  return `${where}${tag}${or(f.accidentType, RELEASE_ELEMENT_LABELS.accidentType)}事故`;
}

/** Accident name where the enterprise is only recommended: left out when unknown. */
function looseName(f: ReleaseFacts): string {
  const tag = f.occurredAt ? accidentDateTag(f.occurredAt) : '';
  return `${or(f.place, RELEASE_ELEMENT_LABELS.place)}${f.enterprise?.trim() ?? ''}${tag}${or(f.accidentType, RELEASE_ELEMENT_LABELS.accidentType)}事故`;
}

function opening(f: ReleaseFacts): string {
  return `${timeOr(f.occurredAt, RELEASE_ELEMENT_LABELS.time)}许，${or(f.place, RELEASE_ELEMENT_LABELS.place)}${or(f.enterprise, RELEASE_ELEMENT_LABELS.enterprise)}发生一起${or(f.accidentType, RELEASE_ELEMENT_LABELS.accidentType)}事故。`;
}

function rescueSentence(f: ReleaseFacts): string {
  const progress = f.rescue.progress?.trim() ? `${f.rescue.progress.trim().replace(/[。；;]$/, '')}。` : '';
  if (f.rescue.status === 'ongoing') return `目前，救援工作正在全力进行中。${progress}`;
  if (f.rescue.status === 'ended') return `目前，现场救援工作已结束，善后处置工作正在有序开展。${progress}`;
  return progress || `${placeholder(RELEASE_ELEMENT_LABELS.rescue)}。`;
}

function nextReleaseSentence(f: ReleaseFacts): string {
  return `下一次情况发布定于${timeOr(f.nextReleaseAt, '下次发布时间')}。`;
}

/** The contact line is a placeholder only where the kind requires a contact; otherwise left out when unknown. */
function signature(f: ReleaseFacts, contactRequired: boolean): string[] {
  const contact = f.contact?.trim() || contactRequired ? [`新闻联系人及电话：${or(f.contact, RELEASE_ELEMENT_LABELS.contact)}`] : [];
  return [...contact, or(f.issuer, RELEASE_ELEMENT_LABELS.issuer)];
}

/** Opening sentence where time and enterprise are only recommended (续报, 后续进展): left out when unknown. */
function looseOpening(f: ReleaseFacts): string {
  const time = f.occurredAt ? `${formatReleaseTime(f.occurredAt)}许，` : '';
  return `${time}${or(f.place, RELEASE_ELEMENT_LABELS.place)}${f.enterprise?.trim() ?? ''}发生一起${or(f.accidentType, RELEASE_ELEMENT_LABELS.accidentType)}事故。`;
}

function firstReport(f: ReleaseFacts): { title: string; lines: string[] } {
  const loss = known(f.figures.lossYuan) ? `初步估计直接经济损失约${formatLoss(f.figures.lossYuan)}。` : '';
  return {
    title: `关于${accidentName(f)}的情况通报`,
    lines: [
      opening(f),
      `截至${timeOr(f.figuresAsOf, RELEASE_ELEMENT_LABELS.asOf)}，事故已造成${casualtyPhrase(f.figures)}。${loss}`,
      `事故发生后，${or(f.measures, RELEASE_ELEMENT_LABELS.measures)}。${rescueSentence(f)}`,
      `事故原因正在调查中。${nextReleaseSentence(f)}`,
      ...signature(f, true),
    ],
  };
}

function followUp(f: ReleaseFacts): { title: string; lines: string[] } {
  const measures = f.measures?.trim() ? `${f.measures.trim()}。` : '';
  return {
    title: `关于${looseName(f)}的情况续报`,
    lines: [
      looseOpening(f),
      `截至${timeOr(f.figuresAsOf, RELEASE_ELEMENT_LABELS.asOf)}，事故已造成${casualtyPhrase(f.figures)}。`,
      `${rescueSentence(f)}${measures}`,
      `事故原因正在调查中。${nextReleaseSentence(f)}`,
      ...signature(f, false),
    ],
  };
}

function investigation(f: ReleaseFacts): { title: string; lines: string[] } {
  const inv = f.investigation ?? {};
  const loss = known(f.figures.lossYuan) ? formatLoss(f.figures.lossYuan) : placeholder(RELEASE_ELEMENT_LABELS.loss);
  // Team and publication place are recommended: left out when unknown rather than assumed.
  const published = inv.reportPublishedAt?.trim() ? [`事故调查报告全文已在${inv.reportPublishedAt.trim()}公开。`] : [];
  const team = inv.team?.trim() ? [`事故发生后，${inv.team.trim()}，依据《生产安全事故报告和调查处理条例》开展调查。`] : [];
  return {
    title: `${accidentName(f)}调查报告公布`,
    lines: [
      `${timeOr(f.occurredAt, RELEASE_ELEMENT_LABELS.time)}许，${or(f.place, RELEASE_ELEMENT_LABELS.place)}${or(f.enterprise, RELEASE_ELEMENT_LABELS.enterprise)}发生一起${or(f.accidentType, RELEASE_ELEMENT_LABELS.accidentType)}事故，造成${casualtyPhrase(f.figures)}，直接经济损失${loss}。`,
      ...team,
      `经调查认定，该起事故是一起${or(f.grade, RELEASE_ELEMENT_LABELS.grade)}${or(inv.nature, RELEASE_ELEMENT_LABELS.nature)}。`,
      `事故原因：${or(inv.cause, RELEASE_ELEMENT_LABELS.cause)}。`,
      `责任认定及处理：${or(inv.responsibility, RELEASE_ELEMENT_LABELS.responsibility)}。`,
      `防范和整改措施：${or(inv.rectification, RELEASE_ELEMENT_LABELS.rectification)}。`,
      ...published,
      ...signature(f, false),
    ],
  };
}

function positiveUpdate(f: ReleaseFacts): { title: string; lines: string[] } {
  const concern = f.followUp?.concern?.trim();
  const intro = concern ? `针对社会关注的${concern}，现将有关情况通报如下：` : '现将后续工作进展情况通报如下：';
  const figures = f.figures;
  const anyFigure = [figures.deaths, figures.injuries, figures.missing, figures.trapped].some(known);
  const casualties = anyFigure && f.figuresAsOf ? `截至${formatReleaseTime(f.figuresAsOf)}，事故共造成${casualtyPhrase(figures)}。` : '';
  return {
    title: `关于${looseName(f)}后续工作进展情况的通报`,
    lines: [
      `${looseOpening(f)}${intro}`,
      `${or(f.followUp?.progress, RELEASE_ELEMENT_LABELS.progress)}。${casualties}`,
      f.nextReleaseAt ? `后续进展将于${formatReleaseTime(f.nextReleaseAt)}前后持续发布。` : '后续进展将持续发布。',
      ...signature(f, false),
    ],
  };
}

const BUILDERS: Readonly<Record<ReleaseKind, (f: ReleaseFacts) => { title: string; lines: string[] }>> = {
  first_report: firstReport,
  follow_up: followUp,
  investigation,
  positive_update: positiveUpdate,
};

/** Fill the template of `kind` with the facts; unknown facts stay as 【待补充：…】. */
export function draftRelease(kind: ReleaseKind, facts: ReleaseFacts): ReleaseDraft {
  const { title, lines } = BUILDERS[kind](facts);
  const body = lines.map((l) => l.replace(/。。/g, '。')).join('\n');
  const text = `${title}\n\n${body}`;
  return { kind, title, body, text, placeholders: listPlaceholders(text) };
}

/** The official column of the facts table (lib/events-view/facts): the latest official value per field. */
export function officialFiguresFromFacts(rows: readonly FactRow[]): { figures: OfficialFigures; asOf: Date | null } {
  const figures: OfficialFigures = {};
  let asOf: Date | null = null;
  for (const row of rows) {
    if (!row.official) continue;
    figures[row.field] = row.official.latest.value;
    const at = row.official.latest.at;
    if (asOf === null || at > asOf) asOf = at;
  }
  return { figures, asOf };
}

/** What the event page knows (lib/db getEvent + compareFacts over getEventFactReports). */
export interface EventForRelease {
  accidentType: string | null;
  grade: string | null;
  province: string | null;
  city: string | null;
  /** Named by the event's items, most named first (official voices count double). */
  enterprises?: readonly string[];
}

const GRADES: readonly AccidentGrade[] = ['一般', '较大', '重大', '特别重大'];

function isGrade(v: string | null): v is AccidentGrade {
  return v !== null && (GRADES as readonly string[]).includes(v);
}

/**
 * Facts for a draft from the event's stored data. The accident time, measures, rescue progress,
 * issuer, contact and next release time are not in the event: they stay empty (placeholders)
 * unless `extra` gives them. The place is province + city only; add the county in `extra.place`.
 */
export function releaseFactsFromEvent(
  event: EventForRelease,
  facts: readonly FactRow[],
  extra: Partial<ReleaseFacts> = {},
): ReleaseFacts {
  const { figures, asOf } = officialFiguresFromFacts(facts);
  const place = [event.province, event.city && event.city !== event.province ? event.city : null].filter(Boolean).join('');
  return {
    accidentType: event.accidentType,
    grade: isGrade(event.grade) ? event.grade : null,
    occurredAt: null,
    place: place || null,
    enterprise: event.enterprises?.[0] ?? null,
    figures,
    figuresAsOf: asOf,
    rescue: { status: null, progress: null },
    measures: null,
    issuer: null,
    contact: null,
    nextReleaseAt: null,
    ...extra,
  };
}
