/** 依申请公开 list: open cases by due date (overdue first), with the SLA pill in colour and words. */
import Link from 'next/link';
import type { DisclosureList } from '@/lib/db';
import { APPLICANT_TYPES } from '@/lib/workflow/disclosure-stats';
import { CalendarBanner, Day, SlaPill } from './bits';
import './disclosure.css';

export interface DisclosureListQuery {
  state: 'open' | 'in_progress' | 'awaiting_supplement' | 'closed' | null;
  year: number | null;
  overdue: boolean;
}

const STATE_FILTERS = {
  open: '未办结（全部）',
  in_progress: '办理中',
  awaiting_supplement: '待补正',
  closed: '已办结',
} as const;

export function DisclosureListPage({
  list,
  query,
  ignored,
  calendarWarning,
  canManage,
}: {
  list: DisclosureList;
  query: DisclosureListQuery;
  ignored: string[];
  calendarWarning: string | null;
  canManage: boolean;
}) {
  const overdueCount = list.rows.filter((r) => r.overdue && r.state !== 'closed').length;
  return (
    <div className="dc-page">
      <div className="page-head">
        <h1>依申请公开</h1>
        <nav className="dc-actions" aria-label="依申请公开">
          {canManage ? (
            <Link href="/disclosure/new" className="dc-button">
              登记申请
            </Link>
          ) : null}
          <Link href="/disclosure/stats">年度统计</Link>
        </nav>
      </div>
      <CalendarBanner warning={calendarWarning} />
      {ignored.length > 0 ? (
        <p className="banner dc-ignored" role="note">
          已忽略无效的筛选条件：{ignored.join('、')}
        </p>
      ) : null}
      {overdueCount > 0 ? (
        <p className="banner alert" role="alert">
          有 {overdueCount} 件申请已超过答复期限，请立即办理。
        </p>
      ) : null}
      <form method="get" className="card dc-filters" aria-label="筛选">
        <div className="dc-field">
          <label htmlFor="f-state">状态</label>
          <select id="f-state" name="state" defaultValue={query.state ?? ''}>
            <option value="">全部</option>
            {Object.entries(STATE_FILTERS).map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className="dc-field">
          <label htmlFor="f-year">收到年份</label>
          <select id="f-year" name="year" defaultValue={query.year ? String(query.year) : ''}>
            <option value="">全部</option>
            {list.years.map((y) => (
              <option key={y} value={y}>
                {y} 年
              </option>
            ))}
          </select>
        </div>
        <div className="dc-field dc-check">
          <label>
            <input type="checkbox" name="overdue" value="1" defaultChecked={query.overdue} /> 只看已逾期
          </label>
        </div>
        <button type="submit">筛选</button>
      </form>
      {list.rows.length === 0 ? (
        <p className="empty">
          {query.state || query.year || query.overdue ? '没有符合条件的申请。' : '还没有登记的依申请公开申请。'}
          {canManage ? (
            <>
              {' '}
              <Link href="/disclosure/new">登记第一件申请</Link>
            </>
          ) : null}
        </p>
      ) : (
        <div className="card dc-table-wrap">
          <table className="table dc-list">
            <caption className="dc-caption">
              共 {list.total} 件{list.truncated ? `，仅显示前 ${list.rows.length} 件` : ''}；未办结的按答复期限排列，已逾期的在前
            </caption>
            <thead>
              <tr>
                <th scope="col">申请编号</th>
                <th scope="col">申请人</th>
                <th scope="col">渠道</th>
                <th scope="col">收到日期</th>
                <th scope="col">答复期限</th>
                <th scope="col">剩余工作日</th>
                <th scope="col">时限</th>
                <th scope="col">状态</th>
              </tr>
            </thead>
            <tbody>
              {list.rows.map((r) => (
                <tr key={r.id} className={`dc-row ${r.sla}`} data-id={r.id}>
                  <td className="nowrap">
                    <Link href={`/disclosure/${r.id}`}>{r.number}</Link>
                  </td>
                  <td>
                    {r.applicantName}
                    <span className="muted">（{APPLICANT_TYPES[r.applicantType]}）</span>
                  </td>
                  <td className="nowrap">{r.channel}</td>
                  <td className="nowrap">
                    <Day day={r.receivedOn} />
                  </td>
                  <td className="nowrap">{r.state === 'awaiting_supplement' ? <span className="muted">补正后重新计算</span> : <Day day={r.dueDate} />}</td>
                  <td className="nowrap dc-left">{r.state === 'closed' || r.workingDaysLeft === null ? '—' : r.workingDaysLeft < 0 ? `逾期 ${-r.workingDaysLeft}` : r.workingDaysLeft}</td>
                  <td>
                    <SlaPill sla={r.sla} label={r.state === 'closed' ? (r.closedLate ? '逾期办结' : '按期办结') : r.slaLabel} left={r.workingDaysLeft} />
                  </td>
                  <td>
                    {r.stateLabel}
                    {r.outcomeLabel ? <div className="muted dc-outcome">{r.outcomeLabel}</div> : null}
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
