/**
 * Which plans fit an event, best first, each with the reasons in words. A plan fits when it is an
 * event plan, its accident types include the event's (or it has none: every type) and its grades
 * include the event's (an ungraded event is treated as 一般, and said so). A plan written for the
 * type beats a general one; a plan whose tier is the event's SAWS tier beats one of another tier.
 * Pure.
 */
import type { AccidentGrade } from '@/lib/analysis/grade';
import { accidentTypeName, tierOfGrade } from './schema';
import type { Plan } from './schema';

export interface MatchEvent {
  accidentTypeCode: string | null;
  grade: AccidentGrade | null;
}

export interface PlanMatch<P> {
  plan: P;
  score: number;
  reasons: string[];
}

export function matchPlans<P extends Pick<Plan, 'name' | 'scope' | 'tier' | 'accidentTypes' | 'grades'>>(
  event: MatchEvent,
  plans: readonly P[],
  limit = 3,
): PlanMatch<P>[] {
  const grade: AccidentGrade = event.grade ?? '一般';
  const tier = tierOfGrade(event.grade);
  const out: PlanMatch<P>[] = [];
  for (const plan of plans) {
    if (plan.scope !== 'event') continue;
    const reasons: string[] = [];
    let score = 0;
    if (plan.accidentTypes.length === 0) {
      score += 1;
      reasons.push('适用全部事故类型');
    } else if (event.accidentTypeCode !== null && (plan.accidentTypes as readonly string[]).includes(event.accidentTypeCode)) {
      // Outweighs a tier match: a plan written for the type beats a general one of the right tier.
      score += 5;
      reasons.push(`专门适用于${accidentTypeName(event.accidentTypeCode)}事故`);
    } else continue;
    if (!plan.grades.includes(grade)) continue;
    score += 2;
    reasons.push(event.grade ? `适用${grade}事故` : '事件尚未定级，按一般事故匹配');
    if (plan.tier === tier) {
      score += 2;
      reasons.push(`舆情层级与事件相当（${tier}）`);
    } else reasons.push(`舆情层级为${plan.tier}，事件对应${tier}`);
    out.push({ plan, score, reasons });
  }
  return out.sort((a, b) => b.score - a.score || a.plan.name.localeCompare(b.plan.name, 'zh')).slice(0, limit);
}
