import { Suspense } from 'react';
import type { ReactNode } from 'react';
import type { EventClockRow, EventAlertRow, EventHeader, EventItemRow } from '@/lib/db';
import type { FactReport } from '@/lib/events-view/facts';
import { eventActivity, explainHeat } from '@/lib/events-view/status';
import { BUCKET_LABELS, buildTimeline } from '@/lib/events-view/timeline';
import type { TimelineMember } from '@/lib/events-view/timeline';
import { formatDateTime } from '@/lib/format/zh';
import { EventPlans } from '@/components/plans/EventPlans';
import { MarkReplyButton } from '@/components/replies/MarkReplyButton';
import { EventAlerts, ResponseClocks } from './EventAlerts';
import { FactsTable } from './FactsTable';
import { RelatedItems } from './RelatedItems';
import { SentimentChart } from './SentimentChart';
import { SpreadTimelineChart } from './SpreadTimelineChart';
import './events.css';

export interface EventDetailData {
  timeline: Promise<{ members: TimelineMember[]; truncated: boolean }>;
  facts: Promise<FactReport[]>;
  items: Promise<EventItemRow[]>;
  alerts: Promise<{ alerts: EventAlertRow[]; clocks: EventClockRow[] }>;
}

function Loading({ what }: { what: string }) {
  return (
    <p className="loading" role="status">
      正在加载{what}…
    </p>
  );
}

function Section({ id, title, children, extra }: { id: string; title: string; children: ReactNode; extra?: ReactNode }) {
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>
        {title}
        {extra ? <> {extra}</> : null}
      </h2>
      {children}
    </section>
  );
}

/** The event detail a press officer works from; each section streams in as its data arrives. */
export function EventDetailPage({ event, now, data }: { event: EventHeader; now: Date; data: EventDetailData }) {
  return (
    <div className="event-detail">
      <p className="small">
        <a href="/events">← 返回事件列表</a>
      </p>
      <EventHeaderCard event={event} now={now} />
      <Section id="timeline-h" title="传播时间线">
        <Suspense fallback={<Loading what="传播时间线" />}>
          <Timeline data={data.timeline} />
        </Suspense>
      </Section>
      <div className="events-grid">
        <Section id="facts-h" title="事实核对：官方通报与媒体、网帖">
          <Suspense fallback={<Loading what="事实核对表" />}>
            <FactsTable data={data.facts} />
          </Suspense>
        </Section>
        <Suspense fallback={<Section id="alerts-h" title="预警与回应时限"><Loading what="预警" /></Section>}>
          <AlertsAndClocks data={data.alerts} now={now} />
        </Suspense>
      </div>
      <Section id="items-h" title="相关信息" extra={<span className="small muted">（共 {event.itemCount} 条，按时间从新到旧）</span>}>
        <Suspense fallback={<Loading what="相关信息" />}>
          <RelatedItems data={data.items} eventId={event.id} total={event.itemCount} />
        </Suspense>
      </Section>
      <Section id="plan-h" title="处置预案">
        <Suspense fallback={<Loading what="处置预案" />}>
          <EventPlans eventId={event.id} />
        </Suspense>
      </Section>
    </div>
  );
}

function EventHeaderCard({ event, now }: { event: EventHeader; now: Date }) {
  const activity = eventActivity(event.lastSeenAt, now);
  const heat = explainHeat(event.heatJson, event.heat, event.lastSeenAt, now);
  const placeText = [event.province, event.city].filter(Boolean).join('') || '不详';
  const negativeShare = Math.round((event.negativeCount / Math.max(1, event.itemCount)) * 100);
  return (
    <div className="event-head">
      <section className="card" aria-labelledby="event-title">
        <h1 id="event-title">{event.title}</h1>
        <MarkReplyButton subjectType="event" subjectId={event.id} />
        <dl className="event-facts">
          <dt>事故类型</dt>
          <dd>{event.accidentType ?? '不详'}</dd>
          <dt>地点</dt>
          <dd>{placeText}</dd>
          <dt>涉事企业</dt>
          <dd>
            {event.enterprises[0] ?? '未识别'}
            {event.enterprises[0] && <span className="muted small">（由报道自动识别，以官方通报为准）</span>}
          </dd>
          <dt>事故等级</dt>
          <dd>
            {event.grade ? <span className="tag">{event.grade}</span> : '未定级'}
            {event.grade && <span className="muted small">（按报道的伤亡人数，依国务院令第493号）</span>}
          </dd>
          <dt>伤亡</dt>
          <dd>
            {[
              event.deaths !== null ? `死亡 ${event.deaths} 人` : null,
              event.injuries !== null ? `受伤 ${event.injuries} 人` : null,
              event.missing !== null ? `失踪/失联 ${event.missing} 人` : null,
            ]
              .filter(Boolean)
              .join('，') || '暂无报道'}
            <span className="muted small">（非传言报道中的最大值，详见事实核对）</span>
          </dd>
          <dt>状态</dt>
          <dd>
            <span className={`activity-${activity.activity}`}>{activity.label}</span> <span className="muted small">（{activity.hint}）</span>
          </dd>
          <dt>首次出现</dt>
          <dd>{formatDateTime(event.firstSeenAt)}</dd>
          <dt>最近动态</dt>
          <dd>{formatDateTime(event.lastSeenAt)}</dd>
          <dt>报道</dt>
          <dd>
            {event.itemCount} 条，{event.sourceCount} 个来源（官方来源 {event.officialSourceCount} 个），负面占比 {negativeShare}%
          </dd>
        </dl>
      </section>
      <section className="card" aria-labelledby="heat-h">
        <h2 id="heat-h">热度</h2>
        <div className="heat-now" aria-label={`当前热度 ${Math.round(heat.now)}`}>
          {Math.round(heat.now)}
        </div>
        <p className="small muted">最近一条信息时为 {Math.round(heat.atLastItem)}</p>
        {heat.lines.length > 0 && (
          <table className="table heat-table">
            <caption className="muted small">热度构成</caption>
            <thead>
              <tr>
                <th scope="col">因素</th>
                <th scope="col">依据</th>
                <th scope="col">分值</th>
              </tr>
            </thead>
            <tbody>
              {heat.lines.map((l) => (
                <tr key={l.key}>
                  <td>{l.name}</td>
                  <td className="small">{l.value}</td>
                  <td className="nowrap">{l.points > 0 ? `+${l.points}` : l.points}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p className="small muted">{heat.note}</p>
      </section>
    </div>
  );
}

async function Timeline({ data }: { data: EventDetailData['timeline'] }) {
  const { members, truncated } = await data;
  const timeline = buildTimeline(members);
  if (!timeline) return <p className="empty">这个事件还没有可以画图的信息。</p>;
  const bucketName = BUCKET_LABELS[timeline.size];
  return (
    <>
      <p className="small muted">
        {bucketName}的信息条数，按信源类别分色堆叠（按发布时间，无发布时间的按抓取时间；北京时间）。
        {truncated && ` 事件信息较多，图中为最近 ${members.length} 条。`}
        {timeline.clippedBefore && ` 只显示 ${formatDateTime(timeline.clippedBefore)} 以后。`}
      </p>
      <SpreadTimelineChart data={timeline.spread} categories={timeline.categories} bucketName={bucketName} />
      <h3 className="small">情感倾向变化</h3>
      <SentimentChart data={timeline.sentiment} bucketName={bucketName} />
    </>
  );
}

async function AlertsAndClocks({ data, now }: { data: EventDetailData['alerts']; now: Date }) {
  const { alerts, clocks } = await data;
  const open = alerts.filter((a) => a.state !== 'resolved').length;
  return (
    <div>
      <Section id="alerts-h" title="关联预警" extra={<span className="small muted">（{open} 条未办结，共 {alerts.length} 条）</span>}>
        <EventAlerts alerts={alerts} />
      </Section>
      <Section id="clocks-h" title="回应时限">
        <ResponseClocks clocks={clocks} now={now} />
      </Section>
    </div>
  );
}
