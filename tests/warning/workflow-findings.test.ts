/** Overdue 待回应 tasks and plan steps as 回应时限 findings: levels, one finding per run, wording. */
import { describe, expect, test } from 'vitest';
import type { OverduePlanStep, OverdueReplyTask } from '@/lib/db/workflow-overdue';
import { overdueText, workflowFindings } from '@/lib/warning/workflow-findings';

const HOUR = 3_600_000;
const NOW = new Date('2026-11-25T08:00:00Z');
const task = (over: Partial<OverdueReplyTask> = {}): OverdueReplyTask => ({
  id: 7,
  subjectType: 'event',
  subjectId: 3,
  subjectTitle: '某化工厂爆炸',
  state: 'open',
  dueAt: new Date(NOW.getTime() - 2 * HOUR),
  clockLabel: '48 小时回应时限',
  assigneeName: null,
  eventId: 3,
  eventGrade: '一般',
  ...over,
});
const step = (over: Partial<OverduePlanStep> = {}): OverduePlanStep => ({
  runId: 4,
  planName: '较大事故舆情应对',
  eventId: 9,
  eventTitle: '某煤矿透水',
  eventGrade: '较大',
  seq: 1,
  title: '核实被困人数',
  responsible: '舆情值班员',
  dueAt: new Date(NOW.getTime() - HOUR),
  ...over,
});

describe('overdue replies', () => {
  test('orange when a little late, with who holds it and the due time', () => {
    const [f] = workflowFindings([task({ state: 'assigned', assigneeName: '张三' })], [], NOW).findings;
    expect(f).toMatchObject({ kind: 'clock_overdue', level: 'orange', subject: { type: 'reply', key: 'reply:7' } });
    expect(f?.why).toContain('逾期 2 小时');
    expect(f?.why).toContain('承办人 张三');
  });

  test('red after a day, or at once for a 重大 event', () => {
    expect(workflowFindings([task({ dueAt: new Date(NOW.getTime() - 25 * HOUR) })], [], NOW).findings[0]?.level).toBe('red');
    const major = workflowFindings([task({ eventGrade: '重大' })], [], NOW).findings[0];
    expect(major?.level).toBe('red');
    expect(major?.why).toContain('重大事故回应超时');
  });

  test('links the event; a task not yet due is no finding', () => {
    const r = workflowFindings([task(), task({ id: 8, dueAt: new Date(NOW.getTime() + HOUR) }), task({ id: 9, eventId: null })], [], NOW);
    expect(r.findings.map((f) => f.subject.key)).toEqual(['reply:7', 'reply:9']);
    expect(r.eventIds.get('reply:7')).toBe(3);
    expect(r.eventIds.has('reply:9')).toBe(false);
  });
});

describe('overdue plan steps', () => {
  test('one finding per run naming its overdue steps, earliest first', () => {
    const r = workflowFindings([], [step({ seq: 2, title: '发布救援进展', dueAt: new Date(NOW.getTime() - 30 * 60_000) }), step(), step({ runId: 5, eventId: 10 })], NOW);
    expect(r.findings).toHaveLength(2);
    const run4 = r.findings.find((f) => f.subject.key === 'planrun:4');
    expect(run4?.factors.overdueSteps).toBe(2);
    expect(run4?.why.indexOf('核实被困人数')).toBeLessThan(run4?.why.indexOf('发布救援进展') ?? -1);
    expect(run4?.level).toBe('orange');
    expect(r.eventIds.get('planrun:5')).toBe(10);
  });
});

test('overdue text', () => {
  expect(overdueText(20 * 60_000)).toBe('20 分钟');
  expect(overdueText(3.5 * HOUR)).toBe('3.5 小时');
  expect(overdueText(50 * HOUR)).toBe('2 天 2 小时');
  expect(overdueText(72 * HOUR)).toBe('3 天');
});
