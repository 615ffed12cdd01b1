/**
 * One reply task: the subject, the clock it runs on and when it is due, the answer, the history with
 * who and when, and only the next steps its state allows (to those who may handle replies).
 */
import Link from 'next/link';
import type { ReplyTaskDetail } from '@/lib/db';
import { formatDateTime, safeHref } from '@/lib/format/zh';
import { REPLY_STATE_LABELS, REPLY_STEP_LABELS, stepsOffered } from '@/lib/replies/state-machine';
import { DuePill, StatePill, SubjectLabel } from './bits';
import { ReplyStepForm } from './ReplyStepForm';
import type { ReplyStepFormProps } from './ReplyStepForm';
import './replies.css';

type Op = ReplyStepFormProps['op'];

function formOf(op: Op, task: ReplyTaskDetail, assignees: { username: string; name: string }[]): Omit<ReplyStepFormProps, 'taskId' | 'version'> {
  switch (op) {
    case 'assign':
      return {
        op,
        title: task.assignee ? '改派' : '分派',
        help: '承办人负责拟定并发布回应。',
        submitLabel: task.assignee ? '改派' : '分派',
        fields: [
          { name: 'assignee', label: '承办人', kind: 'select', required: true, options: assignees.map((a) => ({ value: a.username, label: `${a.name}（${a.username}）` })) },
          { name: 'note', label: '说明', kind: 'text', maxLength: 500, help: '可选，如口径要求' },
        ],
      };
    case 'answer':
      return {
        op,
        title: '登记回应',
        help: '记录已发布的回应（或回应口径）及其发布地址。',
        submitLabel: '登记回应',
        fields: [
          { name: 'text', label: '回应内容', kind: 'textarea', required: true, maxLength: 2000 },
          { name: 'url', label: '发布链接', kind: 'url', maxLength: 2000, help: '可选；完整地址，以 http:// 或 https:// 开头' },
        ],
      };
    case 'close':
      return {
        op,
        title: '关闭任务',
        help: task.state === 'answered' ? '回应已发布、无需继续跟进时关闭。' : '未登记回应就关闭的（如经研判无需回应），须写明理由。',
        submitLabel: '关闭任务',
        fields: [{ name: 'note', label: task.state === 'answered' ? '说明' : '理由', kind: 'text', required: task.state !== 'answered', maxLength: 500 }],
      };
    case 'reopen':
      return {
        op,
        title: '重新打开',
        help: '回应需要更正或补充时重新打开；原回应保留在办理记录中。',
        submitLabel: '重新打开',
        fields: [{ name: 'note', label: '原因', kind: 'text', required: true, maxLength: 500 }],
      };
  }
}

function stepText(s: ReplyTaskDetail['steps'][number]): string {
  const d = s.detail;
  if (s.action === 'assign' && typeof d.assignee === 'string') return `承办人：${typeof d.assigneeName === 'string' ? d.assigneeName : ''}（${d.assignee}）`;
  if (s.action === 'answer') return [d.text, d.url].filter((v) => typeof v === 'string').join('\n');
  if (s.action === 'create') return d.origin === 'rule' ? '确认规则建议' : '人工标记';
  if (s.action === 'escalate') return '超过回应时限仍未回应';
  return '';
}

const DONE: Record<string, string> = { create: '已标记需回应。', assign: '已分派。', answer: '已登记回应。', close: '已关闭。', reopen: '已重新打开。' };

export function ReplyTaskPage({
  task,
  assignees,
  canHandle,
  done,
  now,
}: {
  task: ReplyTaskDetail;
  assignees: { username: string; name: string }[];
  canHandle: boolean;
  done: string | null;
  now: Date;
}) {
  const subjectHref = task.subjectType === 'item' ? `/items/${task.subjectId}` : `/events/${task.subjectId}`;
  const answerHref = safeHref(task.answerUrl);
  const ops = canHandle ? stepsOffered(task.state) : [];
  return (
    <div className="rp-page">
      <p className="rp-back">
        <Link href="/replies">« 待回应</Link>
      </p>
      <div className="page-head">
        <h1>回应任务 #{task.id}</h1>
        <StatePill state={task.state} />
        <DuePill task={task} now={now} />
        {task.escalatedAt ? <span className="rp-escalated">已于 {formatDateTime(task.escalatedAt)} 逾期升级</span> : null}
      </div>
      {done && DONE[done] ? (
        <p className="banner rp-notice" role="status">
          {DONE[done]}
        </p>
      ) : null}
      {task.overdue ? (
        <p className="banner alert" role="alert">
          已超过回应时限（{task.clockLabel}），请立即办理。
        </p>
      ) : null}
      <div className="rp-columns">
        <section className="card" aria-labelledby="subject-h">
          <h2 id="subject-h">回应对象</h2>
          <dl className="rp-facts">
            <dt>对象</dt>
            <dd>
              <SubjectLabel type={task.subjectType} />
              {task.subjectExists ? <Link href={subjectHref}>{task.subjectTitle}</Link> : <>{task.subjectTitle}（已删除）</>}
            </dd>
            <dt>来源</dt>
            <dd>{task.origin === 'rule' ? '规则建议，人工确认' : '人工标记'}</dd>
            <dt>理由</dt>
            <dd>{task.reason ?? <span className="muted">未填写</span>}</dd>
            <dt>标记</dt>
            <dd>
              {formatDateTime(task.createdAt)}，{task.createdBy}
            </dd>
          </dl>
        </section>
        <section className="card" aria-labelledby="clock-h">
          <h2 id="clock-h">回应时限</h2>
          <dl className="rp-facts">
            <dt>时限</dt>
            <dd>{task.clockLabel}</dd>
            <dt>起算</dt>
            <dd>{formatDateTime(task.startedAt)}</dd>
            <dt>到期</dt>
            <dd>
              <strong>{formatDateTime(task.dueAt)}</strong>
            </dd>
            <dt>状态</dt>
            <dd>
              {REPLY_STATE_LABELS[task.state]}，<DuePill task={task} now={now} />
            </dd>
            <dt>承办人</dt>
            <dd>{task.assigneeName ? `${task.assigneeName}（${task.assignee ?? ''}）` : <span className="muted">未分派</span>}</dd>
          </dl>
        </section>
        {task.answeredAt ? (
          <section className="card" aria-labelledby="answer-h">
            <h2 id="answer-h">回应</h2>
            <p className="rp-answer">{task.answerText}</p>
            <p>
              {answerHref ? (
                <a href={answerHref} rel="noopener noreferrer nofollow" target="_blank">
                  {task.answerUrl}
                </a>
              ) : (
                <span className="muted">未填写发布链接</span>
              )}
            </p>
            <p className="muted">登记于 {formatDateTime(task.answeredAt)}</p>
          </section>
        ) : null}
      </div>

      {ops.length > 0 ? (
        <section aria-labelledby="next-h">
          <h2 id="next-h">下一步</h2>
          <div className="rp-forms">
            {ops.map((op) => (
              <ReplyStepForm key={`${op}-${task.version}`} taskId={task.id} version={task.version} {...formOf(op, task, assignees)} />
            ))}
          </div>
        </section>
      ) : null}

      <section aria-labelledby="history-h">
        <h2 id="history-h">办理记录</h2>
        <div className="card rp-table-wrap">
          <table className="table rp-history">
            <thead>
              <tr>
                <th scope="col">时间</th>
                <th scope="col">操作</th>
                <th scope="col">状态</th>
                <th scope="col">操作人</th>
                <th scope="col">内容</th>
                <th scope="col">说明</th>
              </tr>
            </thead>
            <tbody>
              {task.steps.map((s) => (
                <tr key={s.seq}>
                  <td className="nowrap">{formatDateTime(s.at)}</td>
                  <td>{REPLY_STEP_LABELS[s.action]}</td>
                  <td className="nowrap">
                    {s.fromState ? `${REPLY_STATE_LABELS[s.fromState]} → ` : ''}
                    {REPLY_STATE_LABELS[s.toState]}
                  </td>
                  <td>
                    {s.actorName}
                    <span className="muted">（{s.actor}）</span>
                  </td>
                  <td className="rp-answer">{stepText(s)}</td>
                  <td className="rp-answer">{s.note ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
