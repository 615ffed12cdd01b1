/**
 * What the release page shows beside the text: the reaction forecast for a draft (with the cases it
 * cites) and, once published, the tracking (event volume and negative share before/after, first
 * pickups by other sources).
 */
import Link from 'next/link';
import type { ReleaseTracking } from '@/lib/db';
import { categoryLabel, formatDateTime, safeHref } from '@/lib/format/zh';
import type { ReactionForecast } from '@/lib/releases/forecast';
import { changeText, shareText } from '@/lib/releases/reaction';

function pct(x: number): string {
  const v = Math.round(x * 100);
  return `${v > 0 ? '+' : v < 0 ? '−' : ''}${Math.abs(v)}%`;
}

function pts(x: number | null): string {
  if (x === null) return '—';
  const v = Math.round(x * 10) / 10;
  return `${v > 0 ? '+' : v < 0 ? '−' : ''}${Math.abs(v).toFixed(1)} 个百分点`;
}

export function ForecastCard({ forecast }: { forecast: ReactionForecast }) {
  return (
    <section className="card" aria-labelledby="forecast-h">
      <h2 id="forecast-h">发布反应预判</h2>
      <p className={forecast.status === 'ok' ? '' : 'muted'} data-status={forecast.status}>
        {forecast.message}
      </p>
      {forecast.cases.length > 0 ? (
        <div className="rl-table-wrap">
          <table className="table rl-cases">
            <caption className="rl-caption">引用的案例</caption>
            <thead>
              <tr>
                <th scope="col">事件</th>
                <th scope="col">可比依据</th>
                <th scope="col">信息量变化</th>
                <th scope="col">负面占比变化</th>
              </tr>
            </thead>
            <tbody>
              {forecast.cases.map((c) => (
                <tr key={String(c.id)}>
                  <td className="rl-title">
                    <Link href={`/events/${c.id}`}>
                      #{c.id} {c.title}
                    </Link>
                  </td>
                  <td>{c.reasons.join('、')}</td>
                  <td className="nowrap">{pct(c.volumeChange)}</td>
                  <td className="nowrap">{pts(c.negativeShareChangePts)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {forecast.skipped.length > 0 ? (
        <p className="rl-help">
          未纳入：{forecast.skipped.map((s) => `#${s.id}「${s.title}」（${s.reason}）`).join('；')}
        </p>
      ) : null}
      <details>
        <summary>预判方法</summary>
        <p className="rl-help">{forecast.basis}</p>
      </details>
    </section>
  );
}

export function TrackingCard({ tracking, publishedAt }: { tracking: ReleaseTracking; publishedAt: Date }) {
  const r = tracking.reaction;
  // Less than an hour after publishing there is nothing to compare yet.
  const early = r !== null && r.after.hours < 1;
  return (
    <section className="card" aria-labelledby="tracking-h">
      <h2 id="tracking-h">发布后跟踪</h2>
      {!r ? (
        <p className="empty">未关联事件，无法跟踪舆情反应。</p>
      ) : (
        <>
          <table className="table rl-reaction">
            <caption className="rl-caption">
              事件声量：发布（{formatDateTime(publishedAt)}）前 24 小时与发布后{r.complete ? ' 24 小时' : early ? '（不足 1 小时，尚无可比数据）' : `已过的 ${Math.floor(r.after.hours)} 小时（未满 24 小时）`}
            </caption>
            <thead>
              <tr>
                <th scope="col" />
                <th scope="col">信息量</th>
                <th scope="col">每小时</th>
                <th scope="col">负面占比</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">发布前</th>
                <td>{r.before.items}</td>
                <td>{r.before.perHour.toFixed(1)}</td>
                <td>{shareText(r.before.negativeShare)}</td>
              </tr>
              <tr>
                <th scope="row">发布后</th>
                <td>{r.after.items}</td>
                <td>{r.after.perHour.toFixed(1)}</td>
                <td>{shareText(r.after.negativeShare)}</td>
              </tr>
              <tr>
                <th scope="row">变化</th>
                <td />
                <td>{early ? '—' : changeText(r.before.perHour, r.after.perHour)}</td>
                <td>{!early && r.before.negativeShare !== null && r.after.negativeShare !== null ? pts((r.after.negativeShare - r.before.negativeShare) * 100) : '—'}</td>
              </tr>
            </tbody>
          </table>
          {'reason' in r.measured ? <p className="rl-help">完整比较：{r.measured.reason}。</p> : null}
        </>
      )}
      <h3>首批转载与跟进</h3>
      {tracking.pickups.length === 0 ? (
        <p className="empty">发布后尚无其他信源的相关信息。</p>
      ) : (
        <ol className="rl-pickups">
          {tracking.pickups.map((p) => {
            const href = safeHref(p.url);
            return (
              <li key={p.itemId}>
                <span className="nowrap">{formatDateTime(p.at)}</span> <strong>{p.sourceName}</strong> <span className="tag">{categoryLabel(p.category)}</span>{' '}
                <Link href={`/items/${p.itemId}`}>{p.title}</Link>
                {href ? (
                  <>
                    {' '}
                    <a href={href} rel="noopener noreferrer nofollow" target="_blank">
                      原文
                    </a>
                  </>
                ) : null}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
