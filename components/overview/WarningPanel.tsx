import type { Overview } from '@/lib/db';
import { formatAgo, formatDateTime } from '@/lib/format/zh';
import { clockStatus } from '@/lib/warning/clocks';
import { ALERT_KIND_LABELS, ALERT_STATE_LABELS } from '@/lib/warning/labels';
import { WARNING_LEVELS } from '@/lib/warning/levels';
import type { WarningLevel } from '@/lib/warning/levels';

function levelLabel(level: string): string {
  return WARNING_LEVELS[level as WarningLevel]?.label ?? level;
}

/** Active alerts with their reason, running response clocks and hazard warnings in force. */
export function WarningPanel({ overview }: { overview: Overview }) {
  const { alerts, clocks, hazards, generatedAt } = overview;
  const counts = { red: 0, orange: 0, yellow: 0, blue: 0 } as Record<string, number>;
  for (const a of alerts) counts[a.level] = (counts[a.level] ?? 0) + 1;
  return (
    <div className="columns">
      <section className="card" aria-labelledby="alerts-h">
        <h2 id="alerts-h">
          预警{' '}
          <span className="small muted">
            {(['red', 'orange', 'yellow', 'blue'] as const).map((l) => (
              <span key={l} className={`level ${l}`}>
                {WARNING_LEVELS[l].colour} {counts[l] ?? 0}
              </span>
            ))}
          </span>
        </h2>
        {alerts.length === 0 ? (
          <p className="empty">当前没有未办结的预警。</p>
        ) : (
          <ol className="alerts">
            {alerts.slice(0, 20).map((a) => (
              <li key={a.id} className={`alert-row ${a.level}`}>
                <div className="alert-head">
                  <span className={`level ${a.level}`}>{levelLabel(a.level)}</span>
                  <span className="tag">{ALERT_KIND_LABELS[a.kind] ?? a.kind}</span>
                  {a.isDemo && <span className="tag demo">演示</span>}
                  {a.eventId !== null ? (
                    <a className="title" href={`/events/${a.eventId}`}>
                      {a.subjectLabel}
                    </a>
                  ) : (
                    <span className="title">{a.subjectLabel}</span>
                  )}
                </div>
                <div className="why">{a.why}</div>
                <div className="meta small muted">
                  #{a.id} · {ALERT_STATE_LABELS[a.state] ?? a.state}
                  {a.assignedTo ? ` · 负责人 ${a.assignedTo}` : ''} · 首次 {formatDateTime(a.firstRaisedAt)} · 最近{' '}
                  {formatAgo(a.lastRaisedAt, generatedAt)}
                </div>
              </li>
            ))}
          </ol>
        )}
        {alerts.length > 20 && <p className="small muted">另有 {alerts.length - 20} 条，命令行 npm run alerts -- list 可查看全部。</p>}
      </section>

      <div>
        <section className="card" aria-labelledby="clocks-h">
          <h2 id="clocks-h">回应时限</h2>
          {clocks.length === 0 ? (
            <p className="empty">没有进行中的回应时限。</p>
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">事件</th>
                  <th scope="col">时限</th>
                  <th scope="col">状态</th>
                </tr>
              </thead>
              <tbody>
                {clocks.map((c) => {
                  const st = clockStatus(c, { metAt: null }, generatedAt);
                  return (
                    <tr key={c.id} className={st.state === 'overdue' ? 'overdue' : st.escalate ? 'due-soon' : ''}>
                      <td>
                        <a href={`/events/${c.eventId}`}>{c.eventTitle}</a>
                      </td>
                      <td className="small">
                        {c.label}
                        <div className="muted">截止 {formatDateTime(c.dueAt)}</div>
                      </td>
                      <td className="nowrap">
                        <span className={`pill ${st.state === 'overdue' ? 'failing' : st.escalate ? 'degraded' : 'ok'}`}>{st.text}</span>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </section>
        <section className="card" aria-labelledby="hazards-h">
          <h2 id="hazards-h">
            生效中的灾害/隐患预警{' '}
            <a className="small" href="/warnings">
              全部
            </a>
          </h2>
          {hazards.length === 0 ? (
            <p className="empty">没有生效中的预警信号。</p>
          ) : (
            <ul className="hazards">
              {hazards.map((h) => (
                <li key={h.id}>
                  <span className={`level ${h.level}`}>{WARNING_LEVELS[h.level as WarningLevel]?.colour ?? h.level}</span> {h.region ?? ''}
                  {h.hazard} · {h.publisher ?? '发布单位不详'} · {formatDateTime(h.issuedAt)}
                  {h.validUntil ? ` 至 ${formatDateTime(h.validUntil)}` : ''}
                  {h.isDemo && <span className="tag demo">演示</span>}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </div>
  );
}

/** Events of the last three days ranked by heat, with what the press officer needs at a glance. */
export function HotEvents({ overview }: { overview: Overview }) {
  const { hotEvents, generatedAt } = overview;
  return (
    <section className="card" aria-labelledby="events-h">
      <h2 id="events-h">
        重点事件（近 72 小时，按热度）{' '}
        <a className="small" href="/events">
          全部事件
        </a>
      </h2>
      {hotEvents.length === 0 ? (
        <p className="empty">近 72 小时没有多来源报道的事件。</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">事件</th>
              <th scope="col">事故</th>
              <th scope="col">报道</th>
              <th scope="col">负面</th>
              <th scope="col">热度</th>
              <th scope="col">最近</th>
            </tr>
          </thead>
          <tbody>
            {hotEvents.map((e) => (
              <tr key={e.id}>
                <td>
                  <a href={`/events/${e.id}`}>{e.title}</a>
                </td>
                <td className="small">
                  {e.grade ? <span className="tag">{e.grade}</span> : null}
                  {[e.province, e.city].filter(Boolean).join('')} {e.accidentType ?? ''}
                  {e.deaths !== null ? ` 死亡 ${e.deaths}` : ''}
                  {e.missing ? ` 失联 ${e.missing}` : ''}
                </td>
                <td className="small nowrap">
                  {e.itemCount} 条 / {e.sourceCount} 个来源
                  {e.officialSourceCount ? <div className="muted">官方 {e.officialSourceCount}</div> : null}
                </td>
                <td className="small nowrap">{Math.round((e.negativeCount / Math.max(1, e.itemCount)) * 100)}%</td>
                <td className="nowrap">{Math.round(e.heat)}</td>
                <td className="small nowrap">{formatAgo(e.lastSeenAt, generatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
