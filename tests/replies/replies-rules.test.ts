/**
 * The 待回应 state machine as a table (every state × every step), the forms each state offers, and
 * the form checks with their Chinese messages on the right field (the answer's link above all).
 */
import { describe, expect, test } from 'vitest';
import { parseListQuery, parseMarkForm, parseStepForm } from '@/lib/replies/forms';
import { decideStep, isOverdue, REPLY_STATES, stepsOffered } from '@/lib/replies/state-machine';
import type { ReplyState, ReplyStep } from '@/lib/replies/state-machine';

const NOW = new Date('2026-11-25T04:00:00Z');
const FUTURE = new Date(NOW.getTime() + 3_600_000);
const PAST = new Date(NOW.getTime() - 3_600_000);

const STEPS: Record<string, ReplyStep> = {
  assign: { type: 'assign', assignee: 'b', assigneeName: '乙', note: null },
  answer: { type: 'answer', text: '已回应', url: null },
  close: { type: 'close', note: null },
  closeWithNote: { type: 'close', note: '无需回应' },
  reopen: { type: 'reopen', note: '需更正' },
};

// Where each step leads from each state (assignee 'a' set for assigned/answered/closed); '—' = refused.
const TABLE: Record<ReplyState, Record<keyof typeof STEPS, ReplyState | '—'>> = {
  open: { assign: 'assigned', answer: '—', close: '—', closeWithNote: 'closed', reopen: '—' },
  assigned: { assign: 'assigned', answer: 'answered', close: '—', closeWithNote: 'closed', reopen: '—' },
  answered: { assign: '—', answer: '—', close: 'closed', closeWithNote: 'closed', reopen: 'assigned' },
  closed: { assign: '—', answer: '—', close: '—', closeWithNote: '—', reopen: 'assigned' },
};

describe('the state machine', () => {
  for (const state of REPLY_STATES) {
    for (const [name, step] of Object.entries(STEPS)) {
      const expected = TABLE[state][name as keyof typeof STEPS];
      test(`${state} + ${name} → ${expected}`, () => {
        const d = decideStep({ state, assignee: state === 'open' ? null : 'a', dueAt: FUTURE, escalatedAt: null }, step, NOW);
        if (expected === '—') {
          expect(d.ok).toBe(false);
          if (!d.ok) expect(d.reason).toMatch(/[\u4e00-\u9fff]/u);
        } else expect(d).toEqual({ ok: true, to: expected });
      });
    }
  }

  test('reopening a task never assigned goes back to open', () => {
    expect(decideStep({ state: 'closed', assignee: null, dueAt: FUTURE, escalatedAt: null }, STEPS.reopen as ReplyStep, NOW)).toEqual({ ok: true, to: 'open' });
  });

  test('escalation: only waiting, overdue, not yet escalated tasks, and the state stays', () => {
    const esc: ReplyStep = { type: 'escalate' };
    expect(decideStep({ state: 'assigned', assignee: 'a', dueAt: PAST, escalatedAt: null }, esc, NOW)).toEqual({ ok: true, to: 'assigned' });
    expect(decideStep({ state: 'assigned', assignee: 'a', dueAt: PAST, escalatedAt: PAST }, esc, NOW)).toMatchObject({ ok: false, reason: '已升级过' });
    expect(decideStep({ state: 'open', assignee: null, dueAt: NOW, escalatedAt: null }, esc, NOW)).toMatchObject({ ok: false, reason: '尚未逾期' });
    expect(decideStep({ state: 'answered', assignee: 'a', dueAt: PAST, escalatedAt: null }, esc, NOW)).toMatchObject({ ok: false });
  });

  test('overdue: waiting and strictly past the due time', () => {
    expect(isOverdue({ state: 'open', dueAt: PAST }, NOW)).toBe(true);
    expect(isOverdue({ state: 'open', dueAt: NOW }, NOW)).toBe(false);
    expect(isOverdue({ state: 'answered', dueAt: PAST }, NOW)).toBe(false);
  });

  test('each state offers only the forms it accepts', () => {
    expect(stepsOffered('open')).toEqual(['assign', 'close']);
    expect(stepsOffered('assigned')).toEqual(['answer', 'assign', 'close']);
    expect(stepsOffered('answered')).toEqual(['close', 'reopen']);
    expect(stepsOffered('closed')).toEqual(['reopen']);
  });
});

describe('the forms', () => {
  const ref = { taskId: '3', expectedVersion: '2' };

  test('an answer needs text; the link is optional but must be a full http(s) address', () => {
    expect(parseStepForm({ ...ref, op: 'answer', text: '  ', url: '' })).toEqual({ ok: false, errors: { text: '请填写回应内容（已发布的回应或口径）' } });
    expect(parseStepForm({ ...ref, op: 'answer', text: '已发布通报', url: '' })).toEqual({
      ok: true,
      value: { taskId: 3, expectedVersion: 2, step: { type: 'answer', text: '已发布通报', url: null } },
    });
    expect(parseStepForm({ ...ref, op: 'answer', text: '已发布通报', url: ' https://yjj.example.gov.cn/a.html ' })).toMatchObject({
      ok: true,
      value: { step: { url: 'https://yjj.example.gov.cn/a.html' } },
    });
    for (const bad of ['javascript:alert(1)', 'www.example.gov.cn/a.html', 'ftp://example.gov.cn/a']) {
      const r = parseStepForm({ ...ref, op: 'answer', text: '已发布通报', url: bad });
      expect(r, bad).toEqual({ ok: false, errors: { url: '链接须以 http:// 或 https:// 开头，如 https://www.example.gov.cn/xwfb/1.html' } });
    }
    expect(parseStepForm({ ...ref, op: 'answer', text: '已发布通报', url: 'https://exa mple.cn/' })).toEqual({
      ok: false,
      errors: { url: '链接格式不正确，请从浏览器地址栏复制完整地址' },
    });
  });

  test('assign needs an assignee, reopen a reason; lengths are checked; unknown steps refused', () => {
    expect(parseStepForm({ ...ref, op: 'assign', assignee: '' })).toEqual({ ok: false, errors: { assignee: '请选择承办人' } });
    expect(parseStepForm({ ...ref, op: 'reopen', note: '' })).toEqual({ ok: false, errors: { note: '请填写重新打开的原因' } });
    expect(parseStepForm({ ...ref, op: 'close', note: '长'.repeat(501) })).toEqual({ ok: false, errors: { note: '说明不能超过 500 个字' } });
    expect(parseStepForm({ ...ref, op: 'delete' })).toMatchObject({ ok: false, errors: { op: '未知的操作' } });
    expect(parseStepForm({ taskId: 'x', expectedVersion: '1', op: 'close' })).toMatchObject({ ok: false, errors: { taskId: '任务编号无效' } });
  });

  test('marking takes an item or event id and an optional reason', () => {
    expect(parseMarkForm({ subjectType: 'event', subjectId: '7', reason: ' 涉及突发事件处置 ' })).toEqual({
      ok: true,
      value: { origin: 'manual', subjectType: 'event', subjectId: 7, reason: '涉及突发事件处置' },
    });
    expect(parseMarkForm({ subjectType: 'alert', subjectId: '7' })).toMatchObject({ ok: false, errors: { subjectType: '标记对象无效' } });
  });

  test('the list query: active by default; invalid values are dropped and named', () => {
    expect(parseListQuery({})).toEqual({ query: { state: 'active', overdue: false }, ignored: [] });
    expect(parseListQuery({ state: 'closed', overdue: '1', assignee: 'press' })).toEqual({
      query: { state: 'closed', overdue: true, assignee: 'press' },
      ignored: [],
    });
    expect(parseListQuery({ state: 'done', overdue: 'yes', assignee: '<b>' })).toEqual({
      query: { state: 'active', overdue: false },
      ignored: ['状态=done', '逾期=yes', '承办人=<b>'],
    });
  });
});
