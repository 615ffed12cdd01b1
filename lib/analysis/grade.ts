/** Accident grades per 《生产安全事故报告和调查处理条例》(国务院令第493号) art. 3; "以上" includes the boundary. */

export type AccidentGrade = '特别重大' | '重大' | '较大' | '一般';

export interface GradeInput {
  deaths?: number | null;
  seriousInjuries?: number | null;
  lossYuan?: number | null;
}

const RANK: readonly AccidentGrade[] = ['一般', '较大', '重大', '特别重大'];

function byThresholds(value: number, [t3, t2, t1]: readonly [number, number, number]): number {
  if (value >= t1) return 3;
  if (value >= t2) return 2;
  if (value >= t3) return 1;
  return 0;
}

function known(v: number | null | undefined): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0;
}

/** Max over the three dimensions (art. 3 says "或者"); null when no dimension is known. */
export function accidentGrade(input: GradeInput): AccidentGrade | null {
  const ranks: number[] = [];
  if (known(input.deaths)) ranks.push(byThresholds(input.deaths, [3, 10, 30]));
  if (known(input.seriousInjuries)) ranks.push(byThresholds(input.seriousInjuries, [10, 50, 100]));
  if (known(input.lossYuan)) ranks.push(byThresholds(input.lossYuan, [1e7, 5e7, 1e8]));
  if (ranks.length === 0) return null;
  return RANK[Math.max(...ranks)] ?? null;
}
