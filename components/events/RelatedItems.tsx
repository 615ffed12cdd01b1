import type { EventItemRow } from '@/lib/db';
import { categoryLabel, formatDateTime, safeHref } from '@/lib/format/zh';
import { SENTIMENT_LABELS } from '@/lib/warning/labels';

/** The event's newest items; the whole list is on /items filtered by this event. */
export async function RelatedItems({ data, eventId, total }: { data: Promise<EventItemRow[]>; eventId: number; total: number }) {
  const items = await data;
  if (items.length === 0) return <p className="empty">这个事件暂无信息。</p>;
  return (
    <>
      <ol className="event-items">
        {items.map((i) => {
          const href = safeHref(i.url);
          return (
            <li key={i.id}>
              <a className="title" href={`/items/${i.id}`}>
                {i.title}
              </a>
              <div className="meta">
                <span>{formatDateTime(i.sortAt)}</span>
                {!i.publishedAt && (
                  <span className="tag" title="信源未提供发布时间，按抓取时间">
                    无发布时间
                  </span>
                )}
                <span>{i.sourceName}</span>
                <span className="tag">{categoryLabel(i.category)}</span>
                {i.officialVoice && (
                  <span className="tag official" title="官方来源或转发官方通报">
                    官方
                  </span>
                )}
                {i.rumour && <span className="tag rumour">含传言</span>}
                <span className={`tag sentiment ${i.label}`}>{SENTIMENT_LABELS[i.label] ?? i.label}</span>
                <span className={i.risk >= 40 ? 'tag risk' : 'tag'} title="风险分（0–100）">
                  风险 {i.risk}
                </span>
                {i.sensitivity === 'high' && <span className="tag risk">高敏感</span>}
                {i.isDemo && <span className="tag demo">演示</span>}
                {href && (
                  <a href={href} target="_blank" rel="noopener noreferrer nofollow" aria-label={`原文（新窗口）：${i.title}`}>
                    原文
                  </a>
                )}
              </div>
            </li>
          );
        })}
      </ol>
      <p className="small">
        {total > items.length ? `此处显示最新 ${items.length} 条。` : ''}
        <a href={`/items?event=${eventId}`}>在信息列表中查看本事件全部 {total} 条信息</a>
      </p>
    </>
  );
}
