/**
 * 待回应: tasks still waiting by due time (overdue first), filters in the query string, and the
 * attention rule's proposals, each confirmed by a person with one click (never created alone).
 */
import Link from 'next/link';
import type { ReplyList, ReplyProposal } from '@/lib/db';
import { formatDateTime, safeHref } from '@/lib/format/zh';
import { REPLY_STATE_LABELS, REPLY_STATES } from '@/lib/replies/state-machine';
import type { ReplyListQuery } from '@/lib/replies/forms';
import { DuePill, StatePill, SubjectLabel } from './bits';
import { MarkReplyForm } from './MarkReplyForm';
import './replies.css';

const STATE_FILTERS: Record<ReplyListQuery['state'], string> = {
  active: '待办（待分派与办理中）',
  ...REPLY_STATE_LABELS,
  all: '全部',
};

const SENSITIVITY: Record<string, string> = { none: '无', low: '低', medium: '中', high: '高' };

export interface RepliesListPageProps {
  list: ReplyList;
  proposals: ReplyProposal[];
  assignees: { username: string; name: string }[];
  query: ReplyListQuery;
  ignored: string[];
  canHandle: boolean;
  now: Date;
}

export function RepliesListPage({ list, proposals, assignees, query, ignored, canHandle, now }: RepliesListPageProps) {
  const filtered = query.state !== 'active' || query.overdue || query.assignee !== undefined;
  return (
    <div className="rp-page">
      <div className="page-head">
        <h1>待回应</h1>
        <p className="muted">
          待办 {list.counts.active} 件，其中已逾期 {list.counts.overdue} 件
        </p>
      </div>
      {ignored.length > 0 ? (
        <p className="banner rp-ignored" role="note">
          已忽略无效的筛选条件：{ignored.join('、')}
        </p>
      ) : null}
      {list.counts.overdue > 0 ? (
        <p className="banner alert" role="alert">
          有 {list.counts.overdue} 件回应任务已超过时限，请立即办理。
          {query.overdue ? null : <Link href="/replies?overdue=1">只看已逾期</Link>}
        </p>
      ) : null}

      <form method="get" className="card rp-filters" aria-label="筛选">
        <div className="rp-field">
          <label htmlFor="f-state">状态</label>
          <select id="f-state" name="state" defaultValue={query.state}>
            {(['active', ...REPLY_STATES, 'all'] as const).map((k) => (
              <option key={k} value={k}>
                {STATE_FILTERS[k]}
              </option>
            ))}
          </select>
        </div>
        <div className="rp-field">
          <label htmlFor="f-assignee">承办人</label>
          <select id="f-assignee" name="assignee" defaultValue={query.assignee ?? ''}>
            <option value="">全部</option>
            <option value="none">未分派</option>
            {assignees.map((a) => (
              <option key={a.username} value={a.username}>
                {a.name}（{a.username}）
              </option>
            ))}
          </select>
        </div>
        <div className="rp-field">
          <label>
            <input type="checkbox" name="overdue" value="1" defaultChecked={query.overdue} /> 只看已逾期
          </label>
        </div>
        <button type="submit">筛选</button>
        {filtered ? <Link href="/replies">清除筛选</Link> : null}
      </form>

      <section aria-labelledby="tasks-h">
        <h2 id="tasks-h">回应任务</h2>
        {list.rows.length === 0 ? (
          <p className="empty">{filtered ? '没有符合条件的回应任务。' : '没有待办的回应任务。'}</p>
        ) : (
          <div className="card rp-table-wrap">
            <table className="table rp-list">
              <caption className="rp-caption">
                {list.rows.length} 件{list.truncated ? '（仅显示前 500 件）' : ''}；待办的按回应时限排列，已逾期的在前
              </caption>
              <thead>
                <tr>
                  <th scope="col">任务</th>
                  <th scope="col">对象</th>
                  <th scope="col">状态</th>
                  <th scope="col">承办人</th>
                  <th scope="col">时限</th>
                  <th scope="col">到期时间</th>
                  <th scope="col">剩余/超时</th>
                </tr>
              </thead>
              <tbody>
                {list.rows.map((r) => (
                  <tr key={r.id} className={`rp-row ${r.overdue ? 'overdue' : ''}`} data-id={r.id}>
                    <td className="nowrap">
                      <Link href={`/replies/${r.id}`}>#{r.id}</Link>
                    </td>
                    <td className="rp-title">
                      <SubjectLabel type={r.subjectType} />
                      {r.subjectTitle}
                      {r.origin === 'rule' ? <span className="muted">（规则建议）</span> : null}
                    </td>
                    <td>
                      <StatePill state={r.state} />
                    </td>
                    <td>{r.assigneeName ?? <span className="muted">未分派</span>}</td>
                    <td>{r.clockLabel}</td>
                    <td className="nowrap">{formatDateTime(r.dueAt)}</td>
                    <td>
                      <DuePill task={r} now={now} />
                      {r.escalatedAt ? <div className="rp-escalated">已升级</div> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="proposals-h">
        <h2 id="proposals-h">建议回应</h2>
        <p className="muted">近 24 小时内风险较高、且非官方发布的信息（与态势总览“可能需要回应”同一规则），尚未标记。确认后才会建立回应任务。</p>
        {proposals.length === 0 ? (
          <p className="empty">目前没有建议回应的信息。</p>
        ) : (
          <div className="card rp-table-wrap">
            <table className="table rp-proposals">
              <thead>
                <tr>
                  <th scope="col">信息</th>
                  <th scope="col">来源</th>
                  <th scope="col">时间</th>
                  <th scope="col">风险</th>
                  <th scope="col">敏感度</th>
                  {canHandle ? <th scope="col">操作</th> : null}
                </tr>
              </thead>
              <tbody>
                {proposals.map((p) => {
                  const href = safeHref(p.url);
                  return (
                    <tr key={p.itemId} data-item={p.itemId}>
                      <td className="rp-title">
                        <Link href={`/items/${p.itemId}`}>{p.title}</Link>
                        {p.isDemo ? <span className="tag demo">演示</span> : null}
                        {href ? (
                          <>
                            {' '}
                            <a href={href} rel="noopener noreferrer nofollow" target="_blank" className="muted">
                              原文
                            </a>
                          </>
                        ) : null}
                        {p.eventId ? (
                          <>
                            {' '}
                            <Link href={`/events/${p.eventId}`} className="muted">
                              事件
                            </Link>
                          </>
                        ) : null}
                      </td>
                      <td>{p.sourceName}</td>
                      <td className="nowrap">{formatDateTime(p.sortAt)}</td>
                      <td>{p.risk}</td>
                      <td>{SENSITIVITY[p.sensitivity] ?? p.sensitivity}</td>
                      {canHandle ? (
                        <td>
                          <MarkReplyForm subjectType="item" subjectId={p.itemId} origin="rule" label="确认需回应" />
                        </td>
                      ) : null}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
