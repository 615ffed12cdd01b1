/**
 * Risk (0–100) and sensitivity of one item, from named factors, so the dashboard can say why an
 * item scored as it did. Points are settings proposed by the team, to be tuned with press officers.
 */
import type { AccidentFacts } from './accident';
import type { AccidentGrade } from './grade';
import type { SentimentCue, SentimentResult } from './sentiment';

export type SensitivityLevel = 'none' | 'low' | 'medium' | 'high';
export type SourceCategory = 'official' | 'central_media' | 'local_media' | 'forum_social' | 'own_site';

export interface RiskFactor {
  /** Stable key for code and tests. */
  key: string;
  /** Chinese label for the dashboard. */
  name: string;
  points: number;
  detail: string;
}

export interface RiskResult {
  score: number;
  factors: RiskFactor[];
}

export interface Sensitivity {
  level: SensitivityLevel;
  /** Sensitive cue classes found, most severe first. */
  classes: string[];
}

/** DOMAIN §5.2 classes: the first three are what turns an accident into a credibility crisis. */
const CLASS_SEVERITY: Readonly<Record<string, { level: Exclude<SensitivityLevel, 'none'>; points: number; name: string }>> = {
  'sensitive.reporting': { level: 'high', points: 20, name: '瞒报/迟报/谎报' },
  'sensitive.info-control': { level: 'high', points: 20, name: '删帖/阻挠采访' },
  'sensitive.credibility': { level: 'high', points: 15, name: '质疑/真相' },
  'sensitive.family': { level: 'medium', points: 12, name: '家属/维权/赔偿' },
  'sensitive.compliance': { level: 'medium', points: 10, name: '违法违规生产' },
  'sensitive.rumour': { level: 'low', points: 8, name: '网传/爆料' },
  'sensitive.accountability': { level: 'low', points: 5, name: '问责/追责' },
};

const LEVEL_RANK: Readonly<Record<SensitivityLevel, number>> = { none: 0, low: 1, medium: 2, high: 3 };
const RANK_LEVEL: readonly SensitivityLevel[] = ['none', 'low', 'medium', 'high'];

export const GRADE_POINTS: Readonly<Record<AccidentGrade, number>> = { 特别重大: 35, 重大: 28, 较大: 20, 一般: 8 };
export const MAX_NEGATIVITY_POINTS = 30;
export const MAX_SENSITIVE_POINTS = 40;
export const ACCIDENT_WITHOUT_GRADE_POINTS = 5;
export const PEOPLE_UNACCOUNTED_POINTS = 8;
export const RUMOUR_POINTS = 8;
export const FORUM_POINTS = 5;
/** An official voice is the response, not the risk: its total is scaled down. */
export const OFFICIAL_RISK_SCALE = 0.6;

export function sensitivityOf(cues: readonly SentimentCue[]): Sensitivity {
  const classes = new Map<string, boolean>(); // class → seen un-negated at least once
  for (const cue of cues) {
    if (!CLASS_SEVERITY[cue.category]) continue;
    classes.set(cue.category, (classes.get(cue.category) ?? false) || !cue.negated);
  }
  let rank = 0;
  for (const [cls, plain] of classes) {
    const spec = CLASS_SEVERITY[cls];
    if (!spec) continue;
    // "不存在瞒报" still puts the subject on the table, one level lower.
    const r = LEVEL_RANK[spec.level] - (plain ? 0 : 1);
    rank = Math.max(rank, r);
  }
  const ordered = [...classes.keys()].sort(
    (a, b) => (CLASS_SEVERITY[b]?.points ?? 0) - (CLASS_SEVERITY[a]?.points ?? 0),
  );
  return { level: RANK_LEVEL[rank] ?? 'none', classes: ordered };
}

export interface RiskInput {
  sentiment: SentimentResult;
  accident: AccidentFacts;
  sourceCategory?: SourceCategory | null;
  officialVoice: boolean;
}

export function scoreRisk(input: RiskInput): RiskResult {
  const factors: RiskFactor[] = [];
  const { sentiment, accident } = input;
  if (sentiment.score < 0) {
    const points = Math.round(MAX_NEGATIVITY_POINTS * Math.min(1, -sentiment.score));
    if (points > 0) factors.push({ key: 'negativity', name: '负面情绪', points, detail: `情感得分 ${sentiment.score}` });
  }
  const seen = new Set<string>();
  let sensitive = 0;
  const names: string[] = [];
  for (const cue of sentiment.cues) {
    const spec = CLASS_SEVERITY[cue.category];
    if (!spec || seen.has(cue.category)) continue;
    seen.add(cue.category);
    sensitive += cue.negated ? spec.points / 2 : spec.points;
    names.push(spec.name);
  }
  if (sensitive > 0) {
    factors.push({
      key: 'sensitive',
      name: '敏感线索',
      points: Math.round(Math.min(MAX_SENSITIVE_POINTS, sensitive)),
      detail: names.join('、'),
    });
  }
  if (!accident.aggregate) {
    if (accident.grade) {
      factors.push({ key: 'grade', name: '事故等级', points: GRADE_POINTS[accident.grade], detail: `${accident.grade}事故（初判）` });
    } else if (accident.typeCode) {
      factors.push({ key: 'accident', name: '涉及事故', points: ACCIDENT_WITHOUT_GRADE_POINTS, detail: accident.type ?? '' });
    }
    const unaccounted = (accident.missing ?? 0) + (accident.trapped ?? 0);
    if (unaccounted > 0) {
      factors.push({ key: 'unaccounted', name: '失联/被困', points: PEOPLE_UNACCOUNTED_POINTS, detail: `${unaccounted} 人` });
    }
  }
  if (accident.rumour) factors.push({ key: 'rumour', name: '传言', points: RUMOUR_POINTS, detail: '含网传/爆料等未经证实的说法' });
  if (input.sourceCategory === 'forum_social') {
    factors.push({ key: 'forum', name: '社交平台', points: FORUM_POINTS, detail: '论坛/社交媒体来源，传播快' });
  }
  let total = factors.reduce((sum, f) => sum + f.points, 0);
  if (input.officialVoice && total > 0) {
    const cut = Math.round(total * (1 - OFFICIAL_RISK_SCALE));
    factors.push({ key: 'official', name: '官方发布', points: -cut, detail: '官方来源或转发官方通报，属回应而非风险' });
    total -= cut;
  }
  return { score: Math.max(0, Math.min(100, Math.round(total))), factors };
}
