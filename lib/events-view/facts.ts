/**
 * The facts table of an event: what official sources say about casualties and loss against what
 * media and posts say, with the differences a press officer must know about put into words.
 * Pure: the caller passes each item's extracted figures (lib/analysis/accident) with its voice.
 */

export type FactField = 'deaths' | 'seriousInjuries' | 'injuries' | 'missing' | 'trapped' | 'lossYuan';

export const FACT_FIELDS: readonly { field: FactField; label: string; subject: string }[] = [
  { field: 'deaths', label: '死亡', subject: '死亡人数' },
  { field: 'seriousInjuries', label: '重伤', subject: '重伤人数' },
  { field: 'injuries', label: '受伤', subject: '受伤人数' },
  { field: 'missing', label: '失踪/失联', subject: '失踪（失联）人数' },
  { field: 'trapped', label: '被困', subject: '被困人数' },
  { field: 'lossYuan', label: '直接经济损失', subject: '直接经济损失' },
];

/** One item's figures as extracted, with who says it. */
export interface FactReport {
  itemId: number;
  at: Date;
  title: string;
  sourceName: string;
  /** Source category: official | central_media | local_media | forum_social | own_site. */
  category: string;
  /** An official source or an item relaying an official bulletin (lib/analysis). */
  officialVoice: boolean;
  /** The figures were found only in rumour clauses (网传…), possibly quoted by a refutation. */
  rumour: boolean;
  /** Period statistics (今年以来…): no per-accident figures. */
  aggregate: boolean;
  figures: Partial<Record<FactField, number | null>>;
}

/** Who says a figure: the official account, media, posts (forum/social), or a rumour. */
export type FactVoice = 'official' | 'media' | 'posts' | 'rumour';

export function voiceOf(r: Pick<FactReport, 'officialVoice' | 'rumour' | 'aggregate' | 'category'>): FactVoice | null {
  if (r.aggregate) return null;
  if (r.rumour) return 'rumour';
  if (r.officialVoice) return 'official';
  return r.category === 'forum_social' ? 'posts' : 'media';
}

export interface FigureCitation {
  value: number;
  at: Date;
  itemId: number;
  sourceName: string;
  title: string;
}

export interface FigureSpread {
  min: number;
  max: number;
  /** The most recent report (the larger figure when two are equally recent). */
  latest: FigureCitation;
  reports: number;
}

export interface OfficialFigure {
  latest: FigureCitation;
  /** Each change of the official figure in time order, ending with the latest. */
  changes: FigureCitation[];
}

export type FlagSeverity = 'warning' | 'info';

export interface FactFlag {
  severity: FlagSeverity;
  text: string;
}

export interface FactRow {
  field: FactField;
  label: string;
  official: OfficialFigure | null;
  media: FigureSpread | null;
  posts: FigureSpread | null;
  rumour: FigureSpread | null;
  /** The figure appears only in rumour clauses: nobody has confirmed it. */
  rumourOnly: boolean;
  flags: FactFlag[];
}

function later(a: FigureCitation, b: FigureCitation): FigureCitation {
  const dt = b.at.getTime() - a.at.getTime();
  if (dt !== 0) return dt > 0 ? b : a;
  return b.value > a.value ? b : a;
}

function spreadOf(cites: readonly FigureCitation[]): FigureSpread | null {
  const first = cites[0];
  if (!first) return null;
  let min = first.value;
  let max = first.value;
  let latest = first;
  for (const c of cites) {
    if (c.value < min) min = c.value;
    if (c.value > max) max = c.value;
    latest = later(latest, c);
  }
  return { min, max, latest, reports: cites.length };
}

function officialOf(cites: readonly FigureCitation[]): OfficialFigure | null {
  if (cites.length === 0) return null;
  const sorted = [...cites].sort((a, b) => a.at.getTime() - b.at.getTime() || a.value - b.value);
  const changes: FigureCitation[] = [];
  for (const c of sorted) if (changes.at(-1)?.value !== c.value) changes.push(c);
  const latest = sorted.reduce(later);
  // Equal times sort the larger value last, so the last change is the latest figure.
  return { latest, changes };
}

/** 3 人; 1200 万元 / 850 元 for the loss. */
export function formatFigure(field: FactField, value: number): string {
  if (field !== 'lossYuan') return `${value} 人`;
  if (value >= 10_000) return `${Math.round((value / 10_000) * 100) / 100} 万元`;
  return `${value} 元`;
}

/** 3 人 or 1–3 人 (1200–1500 万元). */
export function formatRange(field: FactField, s: Pick<FigureSpread, 'min' | 'max'>): string {
  if (s.min === s.max) return formatFigure(field, s.min);
  const [lo, hi] = [formatFigure(field, s.min), formatFigure(field, s.max)];
  const unit = hi.replace(/^[\d.]+ /, '');
  return lo.endsWith(unit) ? `${lo.slice(0, -unit.length - 1)}–${hi}` : `${lo}–${hi}`;
}

function flagsFor(field: FactField, subject: string, row: Omit<FactRow, 'flags' | 'field' | 'label'>): FactFlag[] {
  const flags: FactFlag[] = [];
  const f = (v: number) => formatFigure(field, v);
  const { official, media, posts, rumour } = row;
  if (official) {
    const o = official.latest.value;
    if (media && media.max > o) {
      flags.push({ severity: 'warning', text: `媒体报道${subject}高于官方通报（媒体最多 ${f(media.max)}，官方 ${f(o)}）` });
    } else if (media && media.latest.value < o && media.latest.at > official.latest.at) {
      flags.push({
        severity: 'info',
        text: `官方通报后仍有媒体报道较低的${subject}（媒体最新 ${f(media.latest.value)}，官方 ${f(o)}），可能引用了旧数据`,
      });
    }
    if (posts && posts.max > o) {
      flags.push({ severity: 'warning', text: `网帖所称${subject}高于官方通报（网帖最多 ${f(posts.max)}，官方 ${f(o)}）` });
    }
    if (rumour && rumour.max !== o) {
      flags.push({
        severity: 'warning',
        text: `传言所称${subject}${rumour.max > o ? '高于' : '低于'}官方通报（传言 ${formatRange(field, rumour)}，官方 ${f(o)}），未经证实`,
      });
    }
  } else if (media || posts) {
    const said = [media ? `媒体报道 ${formatRange(field, media)}` : '', posts ? `网帖称 ${formatRange(field, posts)}` : '']
      .filter(Boolean)
      .join('，');
    flags.push({ severity: 'warning', text: `官方尚未通报${subject}，${said}` });
    if (media && posts && posts.max > media.max) {
      flags.push({ severity: 'info', text: `网帖所称${subject}高于媒体报道（网帖最多 ${f(posts.max)}，媒体最多 ${f(media.max)}）` });
    }
    if (rumour && rumour.max > Math.max(media?.max ?? 0, posts?.max ?? 0)) {
      flags.push({ severity: 'warning', text: `传言所称${subject}更高（${formatRange(field, rumour)}），未经证实` });
    }
  } else if (rumour) {
    flags.push({ severity: 'warning', text: `${subject}仅见于传言（${formatRange(field, rumour)}），未经官方或媒体证实` });
  }
  return flags;
}

/**
 * Compares, for each figure anyone reported, the latest official figure with the range media and
 * posts give and with rumours. Fields nobody reported are left out. Statistics items are ignored.
 */
export function compareFacts(reports: readonly FactReport[]): FactRow[] {
  const rows: FactRow[] = [];
  for (const { field, label, subject } of FACT_FIELDS) {
    const byVoice: Record<FactVoice, FigureCitation[]> = { official: [], media: [], posts: [], rumour: [] };
    for (const r of reports) {
      const value = r.figures[field];
      if (value === null || value === undefined || !Number.isFinite(value) || value < 0) continue;
      const voice = voiceOf(r);
      if (!voice) continue;
      byVoice[voice].push({ value, at: r.at, itemId: r.itemId, sourceName: r.sourceName, title: r.title });
    }
    const official = officialOf(byVoice.official);
    const media = spreadOf(byVoice.media);
    const posts = spreadOf(byVoice.posts);
    const rumour = spreadOf(byVoice.rumour);
    if (!official && !media && !posts && !rumour) continue;
    const base = { official, media, posts, rumour, rumourOnly: !official && !media && !posts };
    rows.push({ field, label, ...base, flags: flagsFor(field, subject, base) });
  }
  return rows;
}
