import type { EventList, EventListRow } from '@/lib/db';
import { ACCIDENT_TYPES } from '@/lib/analysis/accident';
import {
  EVENT_MAX_PAGES,
  EVENT_PAGE_SIZE,
  EVENT_RANGES,
  EVENT_SORTS,
  GRADE_FILTERS,
  MIN_ITEMS,
  eventListHref,
} from '@/lib/events-view/list-query';
import type { EventListQuery, EventSort } from '@/lib/events-view/list-query';
import { eventActivity } from '@/lib/events-view/status';
import { formatDateTime } from '@/lib/format/zh';
import { WARNING_LEVELS } from '@/lib/warning/levels';
import './events.css';

/** The /events page: filters (a plain GET form, works without script), sort, table, pages. */
export function EventsListPage({ list, query, ignored }: { list: EventList; query: EventListQuery; ignored: string[] }) {
  const filtered = eventListHref(query, { sort: 'heat', page: 1 }) !== '/events';
  return (
    <div className="events-list">
      <div className="page-head">
        <h1>事件</h1>
        <span className="muted">更新于 {formatDateTime(list.generatedAt)}</span>
      </div>
      {ignored.length > 0 && (
        <p className="banner demo" role="note">
          已忽略无效的筛选条件：{ignored.join('、')}。
        </p>
      )}
      <EventFilters query={query} provinces={list.provinces} filtered={filtered} />
      <nav className="events-sort" aria-label="排序">
        <span className="muted small">排序：</span>
        {(Object.keys(EVENT_SORTS) as EventSort[]).map((s) => (
          <a key={s} href={eventListHref(query, { sort: s, page: 1 })} aria-current={query.sort === s ? 'true' : undefined}>
            {EVENT_SORTS[s]}
          </a>
        ))}
        <span className="muted small">
          共 {list.total} 个事件{list.total > 0 ? `，第 ${query.page} / ${list.pages} 页` : ''}
        </span>
      </nav>
      <section className="card" aria-label="事件列表">
        {list.rows.length === 0 ? (
          <p className="empty">
            {list.total > 0
              ? '这一页没有事件，请回到第 1 页。'
              : filtered
                ? '没有符合筛选条件的事件。可放宽时间范围或清除筛选。'
                : '所选时间内还没有多来源报道的事件。抓取和分析进行后，同一事故的报道会自动归为一个事件。'}
          </p>
        ) : (
          <EventsTable rows={list.rows} now={list.generatedAt} />
        )}
      </section>
      <Pagination query={query} pages={list.pages} />
      {list.beyondLastPage && (
        <p className="muted small">
          只列出前 {EVENT_MAX_PAGES * EVENT_PAGE_SIZE} 个事件；其余请缩小时间范围或增加筛选条件。
        </p>
      )}
    </div>
  );
}

function EventFilters({ query, provinces, filtered }: { query: EventListQuery; provinces: string[]; filtered: boolean }) {
  const provinceOptions = query.province && !provinces.includes(query.province) ? [query.province, ...provinces] : provinces;
  return (
    <form className="card events-filters" method="get" action="/events" aria-label="筛选事件">
      {query.sort !== 'heat' && <input type="hidden" name="sort" value={query.sort} />}
      <label>
        时间范围（最近动态）
        <select name="range" defaultValue={query.range}>
          {Object.entries(EVENT_RANGES).map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>
      </label>
      <label>
        事故等级
        <select name="grade" defaultValue={query.grade ?? ''}>
          <option value="">全部</option>
          {GRADE_FILTERS.map((g) => (
            <option key={g} value={g}>
              {g}
            </option>
          ))}
        </select>
      </label>
      <label>
        事故类型
        <select name="type" defaultValue={query.type ?? ''}>
          <option value="">全部</option>
          {Object.entries(ACCIDENT_TYPES).map(([code, name]) => (
            <option key={code} value={code}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <label>
        省份
        <select name="province" defaultValue={query.province ?? ''}>
          <option value="">全部</option>
          {provinceOptions.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      </label>
      <label>
        报道条数
        <select name="min" defaultValue={String(query.minItems)}>
          {Object.entries(MIN_ITEMS).map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>
      </label>
      <label className="inline">
        <input type="checkbox" name="alerts" value="open" defaultChecked={query.openAlerts} />
        只看有未办结预警的
      </label>
      <button type="submit">筛选</button>
      {filtered && (
        <a className="reset" href={query.sort === 'heat' ? '/events' : `/events?sort=${query.sort}`}>
          清除筛选
        </a>
      )}
    </form>
  );
}

function place(e: Pick<EventListRow, 'province' | 'city'>): string {
  return [e.province, e.city].filter(Boolean).join('') || '地点不详';
}

function EventsTable({ rows, now }: { rows: EventListRow[]; now: Date }) {
  return (
    <table className="table events-table">
      <thead>
        <tr>
          <th scope="col">事件</th>
          <th scope="col">等级</th>
          <th scope="col">事故与地点</th>
          <th scope="col">报道</th>
          <th scope="col">负面占比</th>
          <th scope="col" title="0–100，每 24 小时无新信息减半">
            热度
          </th>
          <th scope="col">首次 / 最近</th>
          <th scope="col">未办结预警</th>
          <th scope="col">回应时限</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((e) => {
          const activity = eventActivity(e.lastSeenAt, now);
          const level = e.alerts.level ? WARNING_LEVELS[e.alerts.level] : null;
          return (
            <tr key={e.id}>
              <td className="title">
                <a href={`/events/${e.id}`}>{e.title}</a>
                <div className={`small activity-${activity.activity}`}>{activity.label}</div>
              </td>
              <td className="nowrap">{e.grade ? <span className="tag">{e.grade}</span> : <span className="muted">—</span>}</td>
              <td className="small">
                {e.accidentType ?? <span className="muted">类型不详</span>}
                <div className="muted">{place(e)}</div>
                {(e.deaths !== null || e.missing) && (
                  <div>
                    {e.deaths !== null ? `死亡 ${e.deaths}` : ''}
                    {e.missing ? ` 失联 ${e.missing}` : ''}
                  </div>
                )}
              </td>
              <td className="small nowrap">
                {e.itemCount} 条 / {e.sourceCount} 个来源
                <div className="muted">官方来源 {e.officialSourceCount}</div>
              </td>
              <td className="num small">{Math.round((e.negativeCount / Math.max(1, e.itemCount)) * 100)}%</td>
              <td className="num">
                <strong>{Math.round(e.heatNow)}</strong>
                {Math.round(e.heat) !== Math.round(e.heatNow) && <div className="muted small" title="最近一条信息时的热度">峰值 {Math.round(e.heat)}</div>}
              </td>
              <td className="small nowrap">
                {formatDateTime(e.firstSeenAt)}
                <div className="muted">{formatDateTime(e.lastSeenAt)}</div>
              </td>
              <td className="small nowrap">
                {e.alerts.open > 0 && level ? (
                  <>
                    <span className={`level ${level.code}`}>{level.colour}</span>
                    {e.alerts.text}
                  </>
                ) : (
                  <span className="muted">无</span>
                )}
              </td>
              <td className={`small tone-${e.clock.tone}`}>{e.clock.tone === 'none' ? <span className="muted">—</span> : e.clock.text}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function Pagination({ query, pages }: { query: EventListQuery; pages: number }) {
  if (pages <= 1) return null;
  const shown = new Set([1, pages, query.page - 1, query.page, query.page + 1].filter((p) => p >= 1 && p <= pages));
  const list = [...shown].sort((a, b) => a - b);
  return (
    <nav className="events-pages" aria-label="分页">
      {query.page > 1 && <a href={eventListHref(query, { page: query.page - 1 })}>上一页</a>}
      {list.map((p, i) => (
        <span key={p}>
          {i > 0 && p - (list[i - 1] ?? p) > 1 && <span className="muted">… </span>}
          <a href={eventListHref(query, { page: p })} aria-current={p === query.page ? 'page' : undefined} aria-label={`第 ${p} 页`}>
            {p}
          </a>
        </span>
      ))}
      {query.page < pages && <a href={eventListHref(query, { page: query.page + 1 })}>下一页</a>}
    </nav>
  );
}
