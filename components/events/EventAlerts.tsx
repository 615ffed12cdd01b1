import type { EventClockRow, EventAlertRow } from '@/lib/db';
import { formatDateTime } from '@/lib/format/zh';
import { clockStatus } from '@/lib/warning/clocks';
import { ALERT_KIND_LABELS, ALERT_STATE_LABELS } from '@/lib/warning/labels';
import { WARNING_LEVELS } from '@/lib/warning/levels';
import type { WarningLevel } from '@/lib/warning/levels';
import { AlertActions } from './AlertActions';
import { hasPermission } from '@/lib/auth/dal';

const ACTION_LABELS: Readonly<Record<string, string>> = {
  raised: '触发',
  escalated: '升级',
  reopened: '重新打开',
  acknowledged: '确认',
  assigned: '分派',
  resolved: '办结',
  open: '重新打开',
  notified: '已通知',
  notify_retry: '通知重试',
  notify_failed: '通知失败',
};

/** Where the overdue work behind a 回应时限 alert is done: the reply task or the plan run. */
function workHref(a: Pick<EventAlertRow, 'subjectType' | 'subjectKey'>): { href: string; label: string } | null {
  const id = /^(?:reply|planrun):(\d+)$/.exec(a.subjectKey)?.[1];
  if (!id) return null;
  if (a.subjectType === 'reply') return { href: `/replies/${id}`, label: `办理待回应任务 #${id}` };
  if (a.subjectType === 'plan') return { href: `/plans/runs/${id}`, label: '查看预案执行清单' };
  return null;
}

function levelInfo(level: string) {
  return WARNING_LEVELS[level as WarningLevel] ?? null;
}

/**
 * Alerts, each with its reason, who did what, and the actions to take. On an event page the subject
 * is the event itself; elsewhere (`showSubject`) each alert names its subject and links its event.
 */
export async function EventAlerts({ alerts, showSubject = false }: { alerts: EventAlertRow[]; showSubject?: boolean }) {
  // Those who may only read (drafters, reviewers) see the alerts without the handling form.
  const canHandle = await hasPermission('alerts.handle');
  if (alerts.length === 0) return <p className="empty">{showSubject ? '没有符合条件的预警。' : '这个事件没有触发预警。'}</p>;
  return (
    <ol className="alerts">
      {alerts.map((a) => {
        const level = levelInfo(a.level);
        const work = workHref(a);
        return (
          <li key={a.id} className={`event-alert ${a.level} ${a.state}`} data-alert-id={a.id}>
            <div className="alert-head">
              <span className={`level ${a.level}`}>{level?.label ?? a.level}</span>
              <span className="tag">{ALERT_KIND_LABELS[a.kind] ?? a.kind}</span>
              <span className={`alert-state ${a.state}`}>{ALERT_STATE_LABELS[a.state] ?? a.state}</span>
              {a.isDemo && <span className="tag demo">演示</span>}
              <span className="muted small">#{a.id}</span>
              {showSubject &&
                (a.eventId !== null ? (
                  <a className="title" href={`/events/${a.eventId}`}>
                    {a.subjectLabel}
                  </a>
                ) : (
                  <span className="title">{a.subjectLabel}</span>
                ))}
            </div>
            <p className="why">{a.why}</p>
            {(work || (showSubject && a.eventId !== null)) && (
              <p className="small">
                {work && <a href={work.href}>{work.label}</a>}
                {work && showSubject && a.eventId !== null && ' · '}
                {/* Plans are activated from the event page, where the matching ones are listed with reasons. */}
                {showSubject && a.eventId !== null && <a href={`/events/${a.eventId}#plan-h`}>应对预案</a>}
              </p>
            )}
            <div className="small muted">
              首次 {formatDateTime(a.firstRaisedAt)} · 最近 {formatDateTime(a.lastRaisedAt)}
              {a.escalatedAt ? ` · 升级 ${formatDateTime(a.escalatedAt)}` : ''}
              {a.acknowledgedAt ? ` · ${a.acknowledgedBy ?? ''} 确认于 ${formatDateTime(a.acknowledgedAt)}` : ''}
              {a.assignedTo ? ` · 承办人 ${a.assignedTo}${a.assignedAt ? `（${formatDateTime(a.assignedAt)}）` : ''}` : ''}
              {a.resolvedAt ? ` · ${a.resolvedBy ?? ''} 办结于 ${formatDateTime(a.resolvedAt)}` : ''}
            </div>
            {a.resolution && <div className="small">处理结果：{a.resolution}</div>}
            {a.actions.length > 0 && (
              <details>
                <summary className="small">处置记录</summary>
                <ol className="alert-log">
                  {a.actions.map((x) => (
                    <li key={x.id}>
                      {formatDateTime(x.at)} {x.actor === 'system' ? '系统' : x.actor} {ACTION_LABELS[x.action] ?? x.action}
                      {x.note ? `：${x.note}` : ''}
                    </li>
                  ))}
                </ol>
              </details>
            )}
            {canHandle && <AlertActions alert={{ id: a.id, state: a.state, assignedTo: a.assignedTo }} />}
          </li>
        );
      })}
    </ol>
  );
}

/** The event's response clocks (5 h / 24 h / 48 h): met, overdue or time remaining. */
export function ResponseClocks({ clocks, now }: { clocks: EventClockRow[]; now: Date }) {
  if (clocks.length === 0) {
    return <p className="empty">这个事件未触发回应时限（较大以下且未形成需回应的政务舆情）。</p>;
  }
  return (
    <table className="table">
      <thead>
        <tr>
          <th scope="col">时限</th>
          <th scope="col">起算 / 截止</th>
          <th scope="col">状态</th>
        </tr>
      </thead>
      <tbody>
        {clocks.map((c) => {
          const st = clockStatus(c, { metAt: c.metAt }, now);
          const tone = st.state === 'overdue' ? 'failing' : st.state === 'met' ? 'ok' : st.escalate || st.state === 'met_late' ? 'degraded' : 'unknown';
          return (
            <tr key={c.id} className={st.state === 'overdue' ? 'overdue' : st.escalate ? 'due-soon' : ''}>
              <td>{c.label}</td>
              <td className="small nowrap">
                {formatDateTime(c.startedAt)}
                <div className="muted">截止 {formatDateTime(c.dueAt)}</div>
              </td>
              <td>
                <span className={`pill ${tone}`}>{st.text}</span>
                {c.metAt && (
                  <div className="small muted">
                    {formatDateTime(c.metAt)} {c.metBy === 'system' ? '系统识别' : (c.metBy ?? '')}
                    {c.metNote ? `：${c.metNote}` : ''}
                  </div>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
