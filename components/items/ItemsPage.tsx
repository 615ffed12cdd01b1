import type { ItemsView } from '@/lib/db';
import { EXPORT_MAX_ROWS } from '@/lib/export/cells';
import { categoryLabel, formatDateTime, safeHref } from '@/lib/format/zh';
import { itemQueryString } from '@/lib/search/filter';
import type { ItemQuery } from '@/lib/search/filter';
import { SENTIMENT_LABELS } from '@/lib/warning/labels';
import { Highlighted } from './Highlighted';
import { ItemFilters } from './ItemFilters';
import './items.css';

type Row = ItemsView['rows'][number];

function facts(a: NonNullable<Row['analysis']>): string {
  const parts: string[] = [];
  if (a.accidentType) parts.push(a.accidentType);
  const place = [a.province, a.city].filter(Boolean).join(' ');
  if (place) parts.push(place);
  const counts = [
    a.deaths !== null ? `死亡 ${a.deaths}` : null,
    a.injuries !== null ? `受伤 ${a.injuries}` : null,
    a.missing !== null ? `失联 ${a.missing}` : null,
    a.trapped !== null ? `被困 ${a.trapped}` : null,
  ].filter(Boolean);
  if (counts.length) parts.push(counts.join('，'));
  return parts.join(' · ');
}

function ItemRowView({ row, words }: { row: Row; words: readonly string[] }) {
  const a = row.analysis;
  const original = safeHref(row.url);
  return (
    <tr>
      <td className="when">{formatDateTime(row.sortAt)}</td>
      <td>
        {row.sourceName}
        <br />
        <span className="muted small">{categoryLabel(row.category)}</span>
        {row.isDemo && (
          <>
            {' '}
            <span className="tag demo">演示</span>
          </>
        )}
      </td>
      <td className="title-cell">
        <a className="title" href={`/items/${row.id}`}>
          {row.title ? <Highlighted text={row.title} words={words} /> : '（无标题）'}
        </a>
        {original && (
          <a className="links" href={original} target="_blank" rel="noopener noreferrer nofollow">
            原文<span className="sr-only">（新窗口）</span>↗
          </a>
        )}
        {row.snippet && (
          <p className="snippet">
            <Highlighted text={row.snippet} words={words} />
          </p>
        )}
      </td>
      <td className="nowrap">
        {a ? (
          <>
            <span className={`tag sentiment ${a.label}`}>{SENTIMENT_LABELS[a.label] ?? a.label}</span>
            <span className="muted small">{a.sentiment.toFixed(2)}</span>
          </>
        ) : (
          <span className="muted small">分析中</span>
        )}
      </td>
      <td className="num">{a ? <span className={a.risk >= 60 ? 'tag risk' : ''}>{a.risk}</span> : '—'}</td>
      <td className="facts">
        {a && facts(a)}
        {a?.grade && (
          <>
            {' '}
            <span className="tag">{a.grade}</span>
          </>
        )}
        {a?.rumour && <span className="tag">传言</span>}
        {a?.aggregate && <span className="tag">统计数字</span>}
      </td>
      <td className="facts">
        {a && a.eventId !== null && (
          <a href={`/events/${a.eventId}`} className="small">
            事件 #{a.eventId}
          </a>
        )}
        {row.topics.length > 0 && (
          <div>
            {row.topics.map((t) => (
              <span key={t.id} className="tag">
                {t.name}
              </span>
            ))}
          </div>
        )}
      </td>
    </tr>
  );
}

export function ItemsPage({ query, view }: { query: ItemQuery; view: ItemsView }) {
  const searching = query.search.kind === 'ok';
  const exportQuery = itemQueryString(query.values, { sort: undefined });
  const exportHref = (format: 'csv' | 'xlsx') => `/items/export${exportQuery ? `${exportQuery}&` : '?'}format=${format}`;
  return (
    <div className="items-page">
      <div className="page-head">
        <h1>信息</h1>
        <span className="muted">全部抓取到的信息，最新在前</span>
      </div>
      {query.errors.length > 0 && (
        <div className="errors" role="alert">
          以下条件有误，已忽略：
          <ul>
            {query.errors.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        </div>
      )}
      {view.backfill && (
        <p className="banner demo" role="note">
          正在重新分析并补建全文索引（{view.backfill.done}/{view.backfill.total}）：完成前，部分较早的信息可能检索不到。
        </p>
      )}
      <ItemFilters query={query} options={view.options} />
      <section className="card" aria-labelledby="results-h">
        <div className="result-head">
          <h2 id="results-h">{searching ? '检索结果' : '信息列表'}</h2>
          {view.count && (
            <span className="muted" aria-live="polite">
              {view.count.capped ? `超过 ${view.count.count} 条` : `共 ${view.count.count} 条`}
              {searching && query.sort === 'relevance' ? '（相关度排序只在最新 1 万条命中中排序）' : ''}
            </span>
          )}
          <span className="exports">
            导出当前条件：
            <a href={exportHref('csv')} download>
              CSV
            </a>
            <a href={exportHref('xlsx')} download>
              Excel（XLSX）
            </a>
            <span className="muted small">最多 {EXPORT_MAX_ROWS.toLocaleString('zh-CN')} 条，按时间倒序</span>
          </span>
        </div>
        {view.rows.length === 0 ? (
          <p className="empty">
            {searching ? '没有符合检索词和筛选条件的信息。可减少检索词或放宽筛选条件。' : '没有符合筛选条件的信息。'}
          </p>
        ) : (
          <div className="table-scroll">
            <table className="table items-table">
              <thead>
                <tr>
                  <th scope="col">时间</th>
                  <th scope="col">来源</th>
                  <th scope="col">标题</th>
                  <th scope="col">情感</th>
                  <th scope="col">风险</th>
                  <th scope="col">事故要素</th>
                  <th scope="col">事件 / 专题</th>
                </tr>
              </thead>
              <tbody>
                {view.rows.map((r) => (
                  <ItemRowView key={r.id} row={r} words={view.highlight} />
                ))}
              </tbody>
            </table>
          </div>
        )}
        <nav className="pager" aria-label="翻页">
          {view.newerHref && <a href={view.newerHref}>« 较新</a>}
          {view.olderHref && <a href={view.olderHref}>较早 »</a>}
          {view.firstHref && <a href={view.firstHref}>回到最新</a>}
        </nav>
      </section>
    </div>
  );
}
