/**
 * 政府信息公开工作年度报告 — 收到和处理政府信息公开申请情况 (国办公开办函〔2021〕30号 layout), the
 * report's own check (一 + 二 = 三 + 四 in every column), the overdue figures and 复议/诉讼.
 */
import Link from 'next/link';
import type { DisclosureYearStats } from '@/lib/workflow/disclosure-stats';
import { REVIEW_COLUMNS, type ReviewColumnKey } from '@/lib/workflow/disclosure-stats';
import { CalendarBanner } from './bits';
import './disclosure.css';

export function StatsPage({ stats, years, ignored, calendarWarning }: { stats: DisclosureYearStats; years: number[]; ignored: string | null; calendarWarning: string | null }) {
  const orgColumns = stats.columns.filter((c) => c.group);
  const onTime = stats.overdue.onTimeRate === null ? '—' : `${(stats.overdue.onTimeRate * 100).toFixed(1)}%`;
  const yearOptions = [...new Set([stats.year, ...years])].sort((a, b) => b - a);
  return (
    <div className="dc-page">
      <p className="dc-back">
        <Link href="/disclosure">« 依申请公开</Link>
      </p>
      <div className="page-head">
        <h1>{stats.year} 年依申请公开统计</h1>
      </div>
      <CalendarBanner warning={calendarWarning} />
      {ignored ? (
        <p className="banner dc-ignored" role="note">
          {ignored}
        </p>
      ) : null}
      <form method="get" className="card dc-filters" aria-label="选择年份">
        <div className="dc-field">
          <label htmlFor="s-year">年份</label>
          <select id="s-year" name="year" defaultValue={String(stats.year)}>
            {yearOptions.map((y) => (
              <option key={y} value={y}>
                {y} 年
              </option>
            ))}
          </select>
        </div>
        <button type="submit">查看</button>
      </form>
      {stats.check.ok ? (
        <p className="dc-check ok" role="status">
          校验通过：各列“一、本年新收 + 二、上年结转 = 三、本年度办理结果总计 + 四、结转下年度继续办理”。
        </p>
      ) : (
        <div className="banner alert dc-check-failures" role="alert">
          校验不通过（一 + 二 ≠ 三 + 四），请核对数据：
          <ul>
            {stats.check.failures.map((f) => (
              <li key={f}>{f}</li>
            ))}
          </ul>
        </div>
      )}
      {stats.errors.length > 0 ? (
        <div className="banner alert" role="alert">
          以下记录未计入：
          <ul>
            {stats.errors.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <section className="card dc-table-wrap" aria-labelledby="report-h">
        <h2 id="report-h">收到和处理政府信息公开申请情况</h2>
        <table className="table dc-report">
          <thead>
            <tr>
              <th scope="col" rowSpan={3} colSpan={1}>
                本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和
              </th>
              <th scope="colgroup" colSpan={stats.columns.length}>
                申请人情况
              </th>
            </tr>
            <tr>
              <th scope="col" rowSpan={2}>
                自然人
              </th>
              <th scope="colgroup" colSpan={orgColumns.length}>
                法人或其他组织
              </th>
              <th scope="col" rowSpan={2}>
                总计
              </th>
            </tr>
            <tr>
              {orgColumns.map((c) => (
                <th scope="col" key={c.key}>
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {stats.rows.map((r) => (
              <tr key={r.key} className={`depth-${r.depth}`} data-row={r.key}>
                <th scope="row">{r.label}</th>
                {r.counts
                  ? stats.columns.map((c) => (
                      <td key={c.key} className="num" data-col={c.key}>
                        {r.counts?.[c.key]}
                      </td>
                    ))
                  : stats.columns.map((c) => <td key={c.key} />)}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <div className="dc-columns">
        <section className="card" aria-labelledby="overdue-h">
          <h2 id="overdue-h">时限情况</h2>
          <dl className="dc-facts">
            <dt>本年逾期办结</dt>
            <dd>{stats.overdue.closedLate} 件</dd>
            <dt>年末已逾期未办结</dt>
            <dd>{stats.overdue.openOverdueAtYearEnd} 件</dd>
            <dt>按期办结率</dt>
            <dd>{onTime}</dd>
          </dl>
        </section>
        <section className="card dc-table-wrap" aria-labelledby="review-h">
          <h2 id="review-h">政府信息公开行政复议、行政诉讼情况</h2>
          <table className="table dc-review">
            <thead>
              <tr>
                <th scope="col">类别</th>
                {(Object.keys(REVIEW_COLUMNS) as ReviewColumnKey[]).map((k) => (
                  <th scope="col" key={k}>
                    {REVIEW_COLUMNS[k]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {stats.reviewRows.map((r) => (
                <tr key={r.kind}>
                  <th scope="row">{r.label}</th>
                  {(Object.keys(REVIEW_COLUMNS) as ReviewColumnKey[]).map((k) => (
                    <td key={k} className="num">
                      {r.counts[k]}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
      <p className="muted">
        “（六）其他处理”下的细项依2021年年报格式整理，正式报送前请与国办公开办函〔2021〕30号核对。收到申请按第31条确定的收到日期计年度，办理结果按办结日期计年度。
      </p>
    </div>
  );
}
