/**
 * 事故信息公开 completeness view: every case with its grade, days since the accident, the report due
 * date, what is still unpublished and what is overdue; most urgent first (or newest first).
 */
import Link from 'next/link';
import type { AccidentListRow, AccidentSort } from '@/lib/db';
import { LIST_FILTERS, type ListFilter } from '@/lib/workflow/accident-form';
import { GradeTag } from './bits';
import './accidents.css';

export function AccidentListPage({
  rows,
  total,
  truncated,
  counts,
  filter,
  sort,
  ignored,
  canManage,
}: {
  rows: AccidentListRow[];
  total: number;
  truncated: boolean;
  counts: { open: number; overdue: number; closed: number };
  filter: ListFilter;
  sort: AccidentSort;
  ignored: string[];
  canManage: boolean;
}) {
  const href = (f: ListFilter, s: AccidentSort) => `/accidents?state=${f}${s === 'recent' ? '&sort=recent' : ''}`;
  return (
    <div className="ac-page">
      <div className="page-head">
        <h1>事故信息公开</h1>
        <nav className="ac-actions" aria-label="事故信息公开">
          {canManage ? (
            <Link href="/accidents/new" className="ac-button">
              新建台账
            </Link>
          ) : null}
          <Link href="/accidents/listings">严重失信主体名单</Link>
        </nav>
      </div>
      {ignored.length > 0 ? (
        <p className="banner ac-ignored" role="note">
          已忽略无效的筛选条件：{ignored.join('、')}
        </p>
      ) : null}
      <div className="kpis" aria-label="概况">
        <div className="kpi">
          <div className="muted">办理中</div>
          <strong data-kpi="open">{counts.open}</strong>
        </div>
        <div className="kpi">
          <div className="muted">有逾期事项</div>
          <strong data-kpi="overdue">{counts.overdue}</strong>
        </div>
        <div className="kpi">
          <div className="muted">已完成</div>
          <strong data-kpi="closed">{counts.closed}</strong>
        </div>
      </div>
      <nav className="card ac-filters" aria-label="筛选与排序">
        <span>状态：</span>
        {(Object.keys(LIST_FILTERS) as ListFilter[]).map((f) => (
          <Link key={f} href={href(f, sort)} aria-current={f === filter ? 'true' : undefined} className={f === filter ? 'ac-current' : undefined}>
            {LIST_FILTERS[f]}
          </Link>
        ))}
        <span className="ac-sort">
          排序：
          <Link href={href(filter, 'urgency')} aria-current={sort === 'urgency' ? 'true' : undefined}>
            按紧迫程度
          </Link>
          <Link href={href(filter, 'recent')} aria-current={sort === 'recent' ? 'true' : undefined}>
            按事故时间
          </Link>
        </span>
      </nav>
      {rows.length === 0 ? (
        <p className="empty">
          {filter === 'open' ? '没有办理中的事故信息公开台账。' : '没有符合条件的台账。'}
          {canManage ? (
            <>
              {' '}
              可从事件页面“建立事故信息公开台账”，或 <Link href="/accidents/new">手工新建</Link>。
            </>
          ) : null}
        </p>
      ) : (
        <div className="card ac-table-wrap">
          <table className="table ac-list">
            <caption className="ac-caption">
              共 {total} 起{truncated ? `，仅显示前 ${rows.length} 起` : ''}；{sort === 'urgency' ? '逾期事项多的在前，其次按最近的期限' : '按事故发生时间，新的在前'}
            </caption>
            <thead>
              <tr>
                <th scope="col">事故</th>
                <th scope="col">等级</th>
                <th scope="col">已过天数</th>
                <th scope="col">调查报告期限</th>
                <th scope="col">尚未公开</th>
                <th scope="col">已逾期</th>
                <th scope="col">状态</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} className={`ac-row${r.overdueDuties > 0 ? ' overdue' : ''}`} data-id={r.id}>
                  <td>
                    <Link href={`/accidents/${r.id}`}>{r.title}</Link>
                    {r.goneLinks > 0 ? (
                      <span className="pill ac-link gone" data-mark="links-gone" title={`${r.goneLinks} 个已公开网址无法访问`}>
                        链接失效
                      </span>
                    ) : null}
                  </td>
                  <td className="nowrap">
                    <GradeTag grade={r.grade} />
                  </td>
                  <td className="nowrap ac-left" data-col="days">
                    {r.daysSinceAccident} 天
                  </td>
                  <td className="nowrap" data-col="report-due">
                    {r.reportDueOn}
                    {r.reportDaysLeft !== null ? <div className="muted">{r.reportDaysLeft < 0 ? `逾期 ${-r.reportDaysLeft} 天` : `剩 ${r.reportDaysLeft} 天`}</div> : <div className="muted">已提交</div>}
                  </td>
                  <td data-col="unpublished">{r.unpublished.length ? r.unpublished.join('、') : <span className="muted">无</span>}</td>
                  <td data-col="overdue" className={r.overdue.length ? 'ac-overdue-list' : undefined}>
                    {r.overdue.length ? r.overdue.join('、') : <span className="muted">无</span>}
                  </td>
                  <td className="nowrap" data-col="state">
                    {r.state === 'closed' ? '已完成' : `待办 ${r.openDuties} 项`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
