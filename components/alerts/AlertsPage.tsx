import type { AlertList } from '@/lib/db';
import { ALERT_LEVEL_FILTERS, ALERT_STATE_FILTERS, alertListHref } from '@/lib/alerts-view/list-query';
import type { AlertListQuery } from '@/lib/alerts-view/list-query';
import { ALERT_KIND_LABELS } from '@/lib/warning/labels';
import { WARNING_LEVELS } from '@/lib/warning/levels';
import { EventAlerts } from '@/components/events/EventAlerts';

/** 预警处置: every alert with its reason, log and actions; filters are links, so views can be shared. */
export function AlertsPage({ list, query, ignored }: { list: AlertList; query: AlertListQuery; ignored: string[] }) {
  return (
    <div>
      <div className="page-head">
        <h1>预警处置</h1>
        <span className="small">
          未办结：
          {(['red', 'orange', 'yellow', 'blue'] as const).map((l) => (
            <a key={l} href={alertListHref(query, { level: l, state: 'unresolved' })} className={`level ${l}`}>
              {WARNING_LEVELS[l].colour} {list.unresolvedByLevel[l] ?? 0}
            </a>
          ))}
        </span>
      </div>
      {ignored.length > 0 && (
        <p className="banner demo" role="note">
          网址中的 {ignored.join('、')} 无效，已忽略。
        </p>
      )}
      <nav className="card filters" aria-label="筛选预警">
        <div>
          <span className="muted small">状态</span>{' '}
          {(Object.keys(ALERT_STATE_FILTERS) as (keyof typeof ALERT_STATE_FILTERS)[]).map((s) => (
            <a key={s} href={alertListHref(query, { state: s })} aria-current={query.state === s ? 'true' : undefined} className="filter-link">
              {ALERT_STATE_FILTERS[s]}
            </a>
          ))}
        </div>
        <div>
          <span className="muted small">级别</span>{' '}
          <a href={alertListHref(query, { level: null })} aria-current={query.level === null ? 'true' : undefined} className="filter-link">
            全部
          </a>
          {(Object.keys(ALERT_LEVEL_FILTERS) as (keyof typeof ALERT_LEVEL_FILTERS)[]).map((l) => (
            <a key={l} href={alertListHref(query, { level: l })} aria-current={query.level === l ? 'true' : undefined} className="filter-link">
              {ALERT_LEVEL_FILTERS[l]}
            </a>
          ))}
        </div>
        <div>
          <span className="muted small">类型</span>{' '}
          <a href={alertListHref(query, { kind: null })} aria-current={query.kind === null ? 'true' : undefined} className="filter-link">
            全部
          </a>
          {Object.entries(ALERT_KIND_LABELS).map(([k, label]) => (
            <a key={k} href={alertListHref(query, { kind: k })} aria-current={query.kind === k ? 'true' : undefined} className="filter-link">
              {label}
            </a>
          ))}
        </div>
      </nav>
      <section className="card" aria-labelledby="alert-list-h">
        <h2 id="alert-list-h">
          {ALERT_STATE_FILTERS[query.state]}的预警（{list.total} 条）
        </h2>
        <EventAlerts alerts={list.rows} showSubject />
        {list.pages > 1 && (
          <nav className="pager" aria-label="分页">
            {query.page > 1 && <a href={alertListHref(query, { page: query.page - 1 })}>上一页</a>}
            <span className="muted small">
              第 {query.page} / {list.pages} 页
            </span>
            {query.page < list.pages && <a href={alertListHref(query, { page: query.page + 1 })}>下一页</a>}
          </nav>
        )}
      </section>
    </div>
  );
}
