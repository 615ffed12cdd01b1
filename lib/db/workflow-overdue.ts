/**
 * Reply tasks and plan-run steps past their due time, for the detection run that turns them into
 * 回应时限 alerts (and so into notifications through the ordinary rules).
 */
import type { Db } from './client';

export interface OverdueReplyTask {
  id: number;
  subjectType: string;
  subjectId: number;
  subjectTitle: string;
  state: string;
  dueAt: Date;
  clockLabel: string;
  assigneeName: string | null;
  /** The event the task is about (the event itself, or the item's event), for the alert's link. */
  eventId: number | null;
  eventGrade: string | null;
}

export interface OverduePlanStep {
  runId: number;
  planName: string;
  eventId: number;
  eventTitle: string;
  eventGrade: string | null;
  seq: number;
  title: string;
  responsible: string;
  dueAt: Date;
}

export async function overdueWorkflow(client: Db, now: Date): Promise<{ replies: OverdueReplyTask[]; planSteps: OverduePlanStep[] }> {
  const [tasks, steps] = await Promise.all([
    client.replyTask.findMany({
      where: { state: { in: ['open', 'assigned'] }, dueAt: { lt: now } },
      orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
      take: 500,
      select: { id: true, subjectType: true, subjectId: true, subjectTitle: true, state: true, dueAt: true, clockLabel: true, assigneeName: true },
    }),
    client.planRunStep.findMany({
      where: { doneAt: null, optional: false, dueAt: { lt: now }, run: { state: 'active' } },
      orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
      take: 1000,
      select: { seq: true, title: true, responsible: true, dueAt: true, run: { select: { id: true, planName: true, eventId: true, eventTitle: true } } },
    }),
  ]);
  const itemIds = tasks.filter((t) => t.subjectType === 'item').map((t) => t.subjectId);
  const itemEvents = itemIds.length
    ? await client.itemAnalysis.findMany({ where: { itemId: { in: itemIds } }, select: { itemId: true, eventId: true } })
    : [];
  const eventOfItem = new Map(itemEvents.map((r) => [r.itemId, r.eventId]));
  const eventIdOf = (t: { subjectType: string; subjectId: number }): number | null =>
    t.subjectType === 'event' ? t.subjectId : (eventOfItem.get(t.subjectId) ?? null);
  const eventIds = [...new Set([...tasks.map(eventIdOf), ...steps.map((s) => s.run.eventId)].filter((x): x is number => x !== null))];
  const grades = eventIds.length
    ? await client.event.findMany({ where: { id: { in: eventIds } }, select: { id: true, grade: true } })
    : [];
  const gradeOf = new Map(grades.map((e) => [e.id, e.grade]));
  return {
    replies: tasks.map((t) => {
      const eventId = eventIdOf(t);
      return { ...t, eventId, eventGrade: eventId === null ? null : (gradeOf.get(eventId) ?? null) };
    }),
    planSteps: steps.map((s) => ({
      runId: s.run.id,
      planName: s.run.planName,
      eventId: s.run.eventId,
      eventTitle: s.run.eventTitle,
      eventGrade: gradeOf.get(s.run.eventId) ?? null,
      seq: s.seq,
      title: s.title,
      responsible: s.responsible,
      dueAt: s.dueAt as Date,
    })),
  };
}
