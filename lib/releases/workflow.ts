/**
 * 发布 workflow (DOMAIN §4.2 item 8, §4.5): 拟稿 → 保密审查 → 签发 → 发布, and 撤回 with a public
 * notice. Pure: lib/db/releases.ts asks `decideReleaseStep` whether a step is legal before anything
 * is stored, so a refused step leaves no trace but the reason in Chinese.
 *
 * The rules:
 * - a draft goes to review only when its pre-review checks have no blocking finding;
 * - the 保密审查 is done by someone who holds releases.review and has neither drafted nor edited
 *   the text (one person may hold the drafter and reviewer roles: refused for their own text);
 * - 签发 only when the latest review cleared exactly the current text (its SHA-256);
 * - publishing only when the signed text and a cleared review both match the current text;
 * - any edit after clearance or signing sends the release back to draft (both are void);
 * - a published release is withdrawn only with a reason, which the public page then shows.
 */
import { createHash } from 'node:crypto';
import type { Role } from '@/lib/auth/roles';
import { can } from '@/lib/auth/permissions';
import { RELEASE_KINDS } from './kinds';
import type { ReleaseKind } from './kinds';

export const RELEASE_STATES = ['draft', 'in_review', 'returned', 'cleared', 'approved', 'published', 'withdrawn'] as const;
export type ReleaseState = (typeof RELEASE_STATES)[number];

export const RELEASE_STATE_LABELS: Readonly<Record<ReleaseState, string>> = {
  draft: '草稿',
  in_review: '待保密审查',
  returned: '已退回',
  cleared: '已通过审查',
  approved: '已签发',
  published: '已发布',
  withdrawn: '已撤回',
};

export const RELEASE_STEP_LABELS = {
  create: '起草',
  edit: '修改',
  submit: '提交保密审查',
  clear: '保密审查通过',
  return: '保密审查退回',
  approve: '签发',
  reject: '退回（不予签发）',
  publish: '发布',
  withdraw: '撤回',
} as const;
export type ReleaseStepType = keyof typeof RELEASE_STEP_LABELS;

export function isReleaseState(v: string): v is ReleaseState {
  return (RELEASE_STATES as readonly string[]).includes(v);
}

export function isReleaseKind(v: string): v is ReleaseKind {
  return (RELEASE_KINDS as readonly string[]).includes(v);
}

export function isReleaseStepType(v: string): v is ReleaseStepType {
  return v in RELEASE_STEP_LABELS;
}

/** A text the reviewer removes before clearing, with why. */
export interface Redaction {
  text: string;
  reason: string | null;
}

export type ReleaseStep =
  | { type: 'edit'; title: string; body: string }
  | { type: 'submit' }
  | { type: 'clear'; redactions: Redaction[]; opinion: string | null }
  | { type: 'return'; opinion: string }
  | { type: 'approve'; note: string | null }
  | { type: 'reject'; opinion: string }
  | { type: 'publish' }
  | { type: 'withdraw'; reason: string };

/** What the state machine needs to know about a release, read inside the step's transaction. */
export interface ReleaseSnapshot {
  state: ReleaseState;
  /** SHA-256 of the current title and body. */
  textHash: string;
  clearedHash: string | null;
  approvedHash: string | null;
  /** The latest 保密审查 record, if any. */
  latestReview: { result: string; textHash: string } | null;
  /** Usernames of whoever drafted or edited the text. */
  authors: readonly string[];
  /** Whether the pre-review checks of the current text have a blocking finding. */
  blocked: boolean;
  /** The blocking findings' messages, for the refusal. */
  blockingMessages?: readonly string[];
}

export interface StepActor {
  username: string;
  roles: readonly Role[];
}

export type ReleaseDecision = { ok: true; to: ReleaseState } | { ok: false; reason: string; field?: string };

/** SHA-256 over the title and body as checked (title, blank line, body). */
export function releaseText(title: string, body: string): string {
  return `${title}\n\n${body}`;
}

export function releaseTextHash(title: string, body: string): string {
  return createHash('sha256').update(releaseText(title, body), 'utf8').digest('hex');
}

/** A review result that clears the text it names. */
export function isClearing(result: string): boolean {
  return result === 'cleared' || result === 'cleared_with_redactions';
}

/** The latest review cleared exactly this text. */
export function clearedForText(s: Pick<ReleaseSnapshot, 'latestReview' | 'clearedHash' | 'textHash'>): boolean {
  return s.latestReview !== null && isClearing(s.latestReview.result) && s.latestReview.textHash === s.textHash && s.clearedHash === s.textHash;
}

const PERMISSION_OF: Readonly<Record<ReleaseStep['type'], 'releases.draft' | 'releases.review' | 'releases.approve'>> = {
  edit: 'releases.draft',
  submit: 'releases.draft',
  publish: 'releases.draft',
  withdraw: 'releases.draft',
  clear: 'releases.review',
  return: 'releases.review',
  approve: 'releases.approve',
  reject: 'releases.approve',
};

const WHO: Readonly<Record<'releases.draft' | 'releases.review' | 'releases.approve', string>> = {
  'releases.draft': '起草人或舆情值班员',
  'releases.review': '保密审查员',
  'releases.approve': '领导',
};

/** The permission a step needs (the server action checks it first; this checks it again). */
export function permissionOf(type: ReleaseStep['type']): 'releases.draft' | 'releases.review' | 'releases.approve' {
  return PERMISSION_OF[type];
}

function label(s: ReleaseState): string {
  return RELEASE_STATE_LABELS[s];
}

/** Whether `step` may be taken now by `actor`, and the state it leads to. */
export function decideReleaseStep(r: ReleaseSnapshot, step: ReleaseStep, actor: StepActor): ReleaseDecision {
  const permission = PERMISSION_OF[step.type];
  if (!can(actor.roles, permission)) return { ok: false, reason: `只有${WHO[permission]}可以${RELEASE_STEP_LABELS[step.type]}` };
  const s = r.state;
  switch (step.type) {
    case 'edit':
      if (s === 'in_review') return { ok: false, reason: '稿件正在保密审查，不能修改；如需修改，请审查员先退回' };
      if (s === 'published') return { ok: false, reason: '已发布的稿件不能修改；如有错误，请撤回并写明原因后重新起草' };
      if (s === 'withdrawn') return { ok: false, reason: '已撤回的稿件不能修改，请重新起草' };
      if (releaseTextHash(step.title, step.body) === r.textHash) return { ok: false, reason: '内容没有变化，未保存', field: 'body' };
      // Clearance and signing are bound to the text: an edit voids both.
      return { ok: true, to: 'draft' };
    case 'submit':
      if (s !== 'draft' && s !== 'returned') return { ok: false, reason: `稿件${label(s)}，不能提交保密审查` };
      if (r.blocked) {
        const list = (r.blockingMessages ?? []).slice(0, 3).join('；');
        return { ok: false, reason: `送审前检查有须修改的问题${list ? `：${list}` : ''}` };
      }
      return { ok: true, to: 'in_review' };
    case 'clear':
    case 'return':
      if (s !== 'in_review') return { ok: false, reason: `稿件${label(s)}，不在待保密审查状态` };
      if (r.authors.includes(actor.username)) {
        return { ok: false, reason: '保密审查须由起草和修改稿件以外的人员进行：您起草或修改过本稿，不能审查自己的稿件' };
      }
      if (step.type === 'return' && !step.opinion.trim()) return { ok: false, reason: '请填写退回意见', field: 'opinion' };
      return { ok: true, to: step.type === 'clear' ? 'cleared' : 'returned' };
    case 'approve':
      if (s !== 'cleared') return { ok: false, reason: `稿件${label(s)}，只有已通过保密审查的稿件才能签发` };
      if (!clearedForText(r)) return { ok: false, reason: '最近一次保密审查通过的不是当前文本，须重新送审' };
      return { ok: true, to: 'approved' };
    case 'reject':
      if (s !== 'cleared') return { ok: false, reason: `稿件${label(s)}，不在待签发状态` };
      if (!step.opinion.trim()) return { ok: false, reason: '请填写不予签发的意见', field: 'opinion' };
      return { ok: true, to: 'returned' };
    case 'publish':
      if (s !== 'approved') return { ok: false, reason: `稿件${label(s)}，只有已签发的稿件才能发布` };
      if (r.approvedHash !== r.textHash) return { ok: false, reason: '签发的不是当前文本，须重新送审和签发' };
      if (!clearedForText(r)) return { ok: false, reason: '没有针对当前文本的保密审查通过记录，不能发布' };
      return { ok: true, to: 'published' };
    case 'withdraw':
      if (s !== 'published') return { ok: false, reason: `稿件${label(s)}，只有已发布的稿件才能撤回` };
      if (!step.reason.trim()) return { ok: false, reason: '请填写撤回原因（将在公开页面上显示）', field: 'reason' };
      return { ok: true, to: 'withdrawn' };
  }
}

export type OfferedStep = ReleaseStep['type'];

/** The steps a release page offers in a state to someone with these roles, in the order shown. */
export function stepsOffered(state: ReleaseState, actor: StepActor, authors: readonly string[]): OfferedStep[] {
  const out: OfferedStep[] = [];
  const d = can(actor.roles, 'releases.draft');
  const rv = can(actor.roles, 'releases.review') && !authors.includes(actor.username);
  const ap = can(actor.roles, 'releases.approve');
  if (state === 'draft' || state === 'returned') {
    if (d) out.push('submit', 'edit');
  } else if (state === 'in_review') {
    if (rv) out.push('clear', 'return');
  } else if (state === 'cleared') {
    if (ap) out.push('approve', 'reject');
    if (d) out.push('edit');
  } else if (state === 'approved') {
    if (d) out.push('publish', 'edit');
  } else if (state === 'published') {
    if (d) out.push('withdraw');
  }
  return out;
}

/** The redaction mark: one ■ per character removed, so the public text shows where and how much. */
export function redactionMark(text: string): string {
  return '■'.repeat([...text].length);
}

/**
 * Applies redactions to a title and body. Each must occur in the text (else it names the one not
 * found); every occurrence is replaced.
 */
export function applyRedactions(
  title: string,
  body: string,
  redactions: readonly Redaction[],
): { ok: true; title: string; body: string } | { ok: false; missing: string } {
  let t = title;
  let b = body;
  for (const r of redactions) {
    if (!t.includes(r.text) && !b.includes(r.text)) return { ok: false, missing: r.text };
    t = t.split(r.text).join(redactionMark(r.text));
    b = b.split(r.text).join(redactionMark(r.text));
  }
  return { ok: true, title: t, body: b };
}
