/**
 * The 发布 state machine: every (state, step) pair not in the legal table is refused with a Chinese
 * reason; the legal ones lead where the workflow says; the reviewer may not be an author; 签发 and
 * 发布 need a clearance (and signature) of exactly the current text; an edit after clearance or
 * signing goes back to draft; the forms name bad fields in Chinese.
 */
import { describe, expect, test } from 'vitest';
import type { Role } from '@/lib/auth/roles';
import { parseCreateForm, parseListQuery, parseNewQuery, parseStepForm } from '@/lib/releases/forms';
import {
  applyRedactions,
  decideReleaseStep,
  RELEASE_STATES,
  releaseTextHash,
  stepsOffered,
} from '@/lib/releases/workflow';
import type { ReleaseSnapshot, ReleaseState, ReleaseStep } from '@/lib/releases/workflow';

const TITLE = '关于某矿透水事故的情况通报';
const BODY = '正文';
const HASH = releaseTextHash(TITLE, BODY);

const STEPS: Record<ReleaseStep['type'], ReleaseStep> = {
  edit: { type: 'edit', title: TITLE, body: '改过的正文' },
  submit: { type: 'submit' },
  clear: { type: 'clear', redactions: [], opinion: null },
  return: { type: 'return', opinion: '请删去第二段' },
  approve: { type: 'approve', note: null },
  reject: { type: 'reject', opinion: '口径不妥' },
  publish: { type: 'publish' },
  withdraw: { type: 'withdraw', reason: '数字有误，已更正后重发' },
};

/** Who may take each step: the one role that holds its permission. */
const ROLE_OF: Record<ReleaseStep['type'], Role> = {
  edit: 'drafter',
  submit: 'drafter',
  publish: 'press_officer',
  withdraw: 'press_officer',
  clear: 'reviewer',
  return: 'reviewer',
  approve: 'leader',
  reject: 'leader',
};

/** The legal table: state → step → next state (with a snapshot in which the step's conditions hold). */
const LEGAL: Partial<Record<ReleaseState, Partial<Record<ReleaseStep['type'], ReleaseState>>>> = {
  draft: { edit: 'draft', submit: 'in_review' },
  returned: { edit: 'draft', submit: 'in_review' },
  in_review: { clear: 'cleared', return: 'returned' },
  cleared: { edit: 'draft', approve: 'approved', reject: 'returned' },
  approved: { edit: 'draft', publish: 'published' },
  published: { withdraw: 'withdrawn' },
};

function snapshot(state: ReleaseState, over: Partial<ReleaseSnapshot> = {}): ReleaseSnapshot {
  const cleared = state === 'cleared' || state === 'approved';
  return {
    state,
    textHash: HASH,
    clearedHash: cleared || state === 'published' ? HASH : null,
    approvedHash: state === 'approved' || state === 'published' ? HASH : null,
    latestReview: cleared || state === 'published' ? { result: 'cleared', textHash: HASH } : null,
    authors: ['writer'],
    blocked: false,
    ...over,
  };
}

describe('decideReleaseStep', () => {
  for (const state of RELEASE_STATES) {
    for (const type of Object.keys(STEPS) as ReleaseStep['type'][]) {
      const to = LEGAL[state]?.[type];
      test(`${state} + ${type} → ${to ?? 'refused'}`, () => {
        const d = decideReleaseStep(snapshot(state), STEPS[type], { username: ROLE_OF[type] === 'reviewer' ? 'checker' : 'writer', roles: [ROLE_OF[type]] });
        if (to) expect(d).toEqual({ ok: true, to });
        else {
          expect(d.ok).toBe(false);
          if (!d.ok) expect(d.reason).toMatch(/[\u4e00-\u9fff]/);
        }
      });
    }
  }

  test('each step needs its permission', () => {
    const d = decideReleaseStep(snapshot('cleared'), STEPS.approve, { username: 'writer', roles: ['drafter', 'reviewer'] });
    expect(d).toEqual({ ok: false, reason: '只有领导可以签发' });
    expect(decideReleaseStep(snapshot('in_review'), STEPS.clear, { username: 'boss', roles: ['leader'] }).ok).toBe(false);
    expect(decideReleaseStep(snapshot('draft'), STEPS.submit, { username: 'checker', roles: ['reviewer'] }).ok).toBe(false);
  });

  test('someone holding both drafter and reviewer roles may not review a text they drafted or edited', () => {
    const both = { username: 'writer', roles: ['drafter', 'reviewer'] as Role[] };
    for (const step of [STEPS.clear, STEPS.return]) {
      const d = decideReleaseStep(snapshot('in_review', { authors: ['someone', 'writer'] }), step, both);
      expect(d.ok).toBe(false);
      if (!d.ok) expect(d.reason).toContain('不能审查自己的稿件');
    }
    // The same person may review a text others wrote.
    expect(decideReleaseStep(snapshot('in_review', { authors: ['someone'] }), STEPS.clear, both)).toEqual({ ok: true, to: 'cleared' });
    expect(stepsOffered('in_review', both, ['writer'])).toEqual([]);
    expect(stepsOffered('in_review', both, ['someone'])).toEqual(['clear', 'return']);
  });

  test('submission is refused while a check blocks, naming the findings', () => {
    const d = decideReleaseStep(snapshot('draft', { blocked: true, blockingMessages: ['含手机号码（138****5678）'] }), STEPS.submit, { username: 'writer', roles: ['drafter'] });
    expect(d).toEqual({ ok: false, reason: '送审前检查有须修改的问题：含手机号码（138****5678）' });
  });

  test('签发 and 发布 need clearance and signature of exactly the current text', () => {
    const leader = { username: 'boss', roles: ['leader'] as Role[] };
    const other = releaseTextHash(TITLE, '别的正文');
    expect(decideReleaseStep(snapshot('cleared', { latestReview: { result: 'cleared', textHash: other } }), STEPS.approve, leader).ok).toBe(false);
    expect(decideReleaseStep(snapshot('cleared', { clearedHash: other }), STEPS.approve, leader).ok).toBe(false);
    expect(decideReleaseStep(snapshot('cleared', { latestReview: { result: 'returned', textHash: HASH } }), STEPS.approve, leader).ok).toBe(false);
    expect(decideReleaseStep(snapshot('cleared', { latestReview: { result: 'cleared_with_redactions', textHash: HASH } }), STEPS.approve, leader).ok).toBe(true);
    const press = { username: 'press', roles: ['press_officer'] as Role[] };
    expect(decideReleaseStep(snapshot('approved', { approvedHash: other }), STEPS.publish, press)).toEqual({ ok: false, reason: '签发的不是当前文本，须重新送审和签发' });
    expect(decideReleaseStep(snapshot('approved', { latestReview: null }), STEPS.publish, press)).toEqual({ ok: false, reason: '没有针对当前文本的保密审查通过记录，不能发布' });
    expect(decideReleaseStep(snapshot('approved', { latestReview: { result: 'cleared', textHash: other } }), STEPS.publish, press).ok).toBe(false);
  });

  test('an edit that changes nothing, a return and a reject without an opinion, a withdrawal without a reason are refused', () => {
    const writer = { username: 'writer', roles: ['drafter'] as Role[] };
    expect(decideReleaseStep(snapshot('draft'), { type: 'edit', title: TITLE, body: BODY }, writer)).toEqual({ ok: false, reason: '内容没有变化，未保存', field: 'body' });
    expect(decideReleaseStep(snapshot('in_review'), { type: 'return', opinion: ' ' }, { username: 'checker', roles: ['reviewer'] }).ok).toBe(false);
    expect(decideReleaseStep(snapshot('cleared'), { type: 'reject', opinion: '' }, { username: 'boss', roles: ['leader'] }).ok).toBe(false);
    expect(decideReleaseStep(snapshot('published'), { type: 'withdraw', reason: '' }, writer).ok).toBe(false);
  });
});

describe('redactions', () => {
  test('every occurrence is replaced by one ■ per character; a text not in the draft is named', () => {
    const r = applyRedactions('某矿（井下三区）透水', '井下三区被困3人，井下三区正在排水。', [{ text: '井下三区', reason: '涉及生产布局' }]);
    expect(r).toEqual({ ok: true, title: '某矿（■■■■）透水', body: '■■■■被困3人，■■■■正在排水。' });
    expect(applyRedactions('标题', '正文', [{ text: '不存在', reason: null }])).toEqual({ ok: false, missing: '不存在' });
  });
});

describe('forms', () => {
  test('a draft needs a kind, a title and a body; errors are Chinese and by field; CRLF is stored as LF', () => {
    const bad = parseCreateForm({ kind: 'press_conference', title: '', body: '' });
    expect(bad).toEqual({ ok: false, errors: { kind: '请选择发布类型', title: '请填写标题', body: '请填写正文' } });
    const good = parseCreateForm({ kind: 'follow_up', eventId: '12', title: ' 标题 ', body: '一\r\n二' });
    expect(good).toEqual({ ok: true, value: { kind: 'follow_up', eventId: 12, title: '标题', body: '一\n二' } });
    expect(parseCreateForm({ kind: 'follow_up', eventId: '', title: '标题', body: '正文' })).toMatchObject({ ok: true, value: { eventId: null } });
    expect(parseCreateForm({ kind: 'follow_up', eventId: 'x', title: '标题', body: '正文' })).toEqual({ ok: false, errors: { eventId: '事件编号无效' } });
  });

  test('step forms', () => {
    const ref = { releaseId: '3', expectedVersion: '4' };
    expect(parseStepForm({ ...ref, op: 'withdraw', reason: '' })).toEqual({ ok: false, errors: { reason: '请填写撤回原因（将在公开页面上显示）' } });
    expect(parseStepForm({ ...ref, op: 'return' })).toEqual({ ok: false, errors: { opinion: '请填写退回意见' } });
    expect(parseStepForm({ ...ref, op: 'clear', redactions: '井下三区｜涉及生产布局\n\n张某某' })).toEqual({
      ok: true,
      value: { releaseId: 3, expectedVersion: 4, step: { type: 'clear', opinion: null, redactions: [{ text: '井下三区', reason: '涉及生产布局' }, { text: '张某某', reason: null }] } },
    });
    const oneChar = parseStepForm({ ...ref, op: 'clear', redactions: '某' });
    expect(oneChar.ok).toBe(false);
    expect(parseStepForm({ ...ref, op: 'delete' })).toEqual({ ok: false, errors: { op: '未知的操作' } });
    expect(parseStepForm({ releaseId: '3', op: 'submit' })).toEqual({ ok: false, errors: { expectedVersion: '表单版本无效' } });
  });

  test('query strings: invalid values are named, never fatal', () => {
    expect(parseListQuery({ state: 'in_review' })).toEqual({ query: { state: 'in_review' }, ignored: [] });
    expect(parseListQuery({ state: 'nope' })).toEqual({ query: { state: 'all' }, ignored: ['状态=nope'] });
    expect(parseNewQuery({ eventId: '5', kind: 'investigation' })).toEqual({ eventId: 5, kind: 'investigation', ignored: [] });
    expect(parseNewQuery({ eventId: '-1', kind: 'x' })).toEqual({ eventId: null, kind: 'first_report', ignored: ['事件编号=-1', '发布类型=x'] });
  });
});
