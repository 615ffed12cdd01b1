import type { Overview } from '@/lib/db';
import { NETWORK_ERROR_CODES } from '@/lib/errors';
import { HEALTH_LABELS, categoryLabel, formatAgo, formatDateTime, formatHour, safeHref } from '@/lib/format/zh';
import { TrendChart } from '@/components/charts/TrendChart';
import { changeAgainstUsual } from '@/lib/overview/today';
import { SENTIMENT_LABELS } from '@/lib/warning/labels';
import { AutoRefresh } from './AutoRefresh';
import { HotEvents, WarningPanel } from './WarningPanel';

const NETWORK_CODES: ReadonlySet<string> = NETWORK_ERROR_CODES;

export function OverviewPage({ overview }: { overview: Overview }) {
  const { totals, health, latest, sources, events, generatedAt } = overview;
  const { today, attention } = overview;
  const chart = overview.trend.map((p) => ({
    hour: p.hour.toISOString(),
    label: formatHour(p.hour),
    negative: p.negative,
    other: p.items - p.negative,
    usual: p.usual,
  }));
  const volumeChange = changeAgainstUsual(today.items, today.usualItems);
  const negativeShare = today.items ? today.negative / today.items : null;
  const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)}%`);
  const unhealthy = sources.filter((s) => s.enabled && (s.health === 'failing' || s.health === 'degraded'));
  // During an egress outage the network-failed sources are one fault: summarise them, list the rest.
  const egressDown = events.some((e) => e.kind === 'egress_outage');
  const networkFailed = egressDown ? unhealthy.filter((s) => NETWORK_CODES.has(s.lastErrorCode ?? '')) : [];
  const problemSources = unhealthy.filter((s) => !networkFailed.includes(s));
  return (
    <div className="overview">
      <div className="page-head">
        <h1>态势总览</h1>
        <span className="muted">更新于 {formatDateTime(generatedAt)}</span>
        <AutoRefresh />
      </div>

      {totals.demoItems > 0 && (
        <p className="banner demo" role="note">
          演示模式：当前包含 {totals.demoItems} 条由本机演示信源回放的虚构数据（标记为“演示”）。关闭方法见 README（DEMO_MODE=0）。
        </p>
      )}
      {events.map((e) => (
        <p key={e.id} className="banner alert" role="alert">
          {e.message}（自 {formatDateTime(e.openedAt)}）
        </p>
      ))}

      <WarningPanel overview={overview} />

      <section className="kpis" aria-label="今日信息量">
        <div className="kpi">
          <span className="kpi-label">今日信息（0 时起）</span>
          <span className="kpi-value">{today.items}</span>
          <span className={`kpi-note${volumeChange && volumeChange.ratio >= 0.5 ? ' up' : ''}`}>
            {volumeChange
              ? `较常态 ${volumeChange.text}（常态 ${Math.round(today.usualItems ?? 0)} 条）`
              : '历史数据不足，暂无常态对比'}
          </span>
        </div>
        <div className="kpi">
          <span className="kpi-label">今日负面</span>
          <span className="kpi-value">{today.negative}</span>
          <span
            className={`kpi-note${negativeShare !== null && today.usualNegativeShare !== null && negativeShare - today.usualNegativeShare >= 0.1 ? ' up' : ''}`}
          >
            占比 {pct(negativeShare)}
            {today.usualNegativeShare !== null ? `，常态 ${pct(today.usualNegativeShare)}` : ''}
          </span>
        </div>
        <div className="kpi">
          <span className="kpi-label">近 1 小时 / 近 24 小时</span>
          <span className="kpi-value">
            {totals.lastHour} <span className="kpi-sub">/ {totals.last24h}</span>
          </span>
          <span className="kpi-note">累计 {totals.items} 条</span>
        </div>
        <div className="kpi">
          <span className="kpi-label">信源状态</span>
          <span className="kpi-value small">
            <span className="pill ok">正常 {health.ok}</span> <span className="pill degraded">异常 {health.degraded}</span>{' '}
            <span className="pill failing">故障 {health.failing}</span> <span className="pill unknown">未检查 {health.unknown}</span>
          </span>
        </div>
      </section>

      <section className="card" aria-labelledby="trend-h">
        <h2 id="trend-h">信息量趋势</h2>
        {totals.items === 0 ? (
          <p className="empty">
            {sources.length === 0 ? '还没有抓取到信息：尚未配置信源。' : '还没有抓取到信息。抓取进程启动后，一分钟内会出现第一批数据。'}
          </p>
        ) : (
          <TrendChart data={chart} />
        )}
      </section>

      <HotEvents overview={overview} />

      <section className="card" aria-labelledby="attention-h">
        <h2 id="attention-h">
          需关注的信息（近 24 小时，风险 ≥ 60，非官方发布）{' '}
          <a className="small" href="/items?range=24h&minRisk=60">
            查看全部
          </a>
        </h2>
        {attention.length === 0 ? (
          <p className="empty">近 24 小时没有高风险的非官方信息。</p>
        ) : (
          <ol className="items">
            {attention.map((i) => (
              <li key={i.id}>
                <span className="when">{formatDateTime(i.sortAt)}</span>
                <a href={`/items/${i.id}`} className="title">
                  {i.title || '（无标题）'}
                </a>
                <span className="meta">
                  {i.isDemo && <span className="tag demo">演示</span>}
                  <span className="tag risk">风险 {i.risk}</span>
                  <span className={`tag sentiment ${i.label}`}>{SENTIMENT_LABELS[i.label] ?? i.label}</span>
                  {i.sensitivity === 'high' && <span className="tag risk">高敏感</span>}
                  <span className="tag">{categoryLabel(i.category)}</span> {i.sourceName}
                  {i.eventId !== null && (
                    <>
                      {' · '}
                      <a href={`/events/${i.eventId}`}>所属事件</a>
                    </>
                  )}
                </span>
              </li>
            ))}
          </ol>
        )}
      </section>

      <div className="columns">
        <section className="card" aria-labelledby="latest-h">
          <h2 id="latest-h">
            最新信息{' '}
            <a className="small" href="/items">
              全部信息
            </a>
          </h2>
          {latest.length === 0 ? (
            <p className="empty">暂无信息</p>
          ) : (
            <ol className="items">
              {latest.map((i) => {
                const href = safeHref(i.url);
                return (
                  <li key={i.id}>
                    <span className="when">{formatDateTime(i.sortAt)}</span>
                    <a href={`/items/${i.id}`} className="title">
                      {i.title || '（无标题）'}
                    </a>
                    <span className="meta">
                      {href && (
                        <a href={href} target="_blank" rel="noopener noreferrer nofollow" className="tag">
                          原文
                        </a>
                      )}
                      {i.isDemo && <span className="tag demo">演示</span>}
                      {i.label && <span className={`tag sentiment ${i.label}`}>{SENTIMENT_LABELS[i.label] ?? i.label}</span>}
                      {i.risk !== null && i.risk >= 40 && <span className="tag risk" title="风险分（0–100）">风险 {i.risk}</span>}
                      {i.sensitivity === 'high' && <span className="tag risk">高敏感</span>}
                      <span className="tag">{categoryLabel(i.category)}</span> {i.sourceName}
                      {!i.publishedAt && <span className="tag muted" title="信源未提供发布时间，按抓取时间排序">无发布时间</span>}
                    </span>
                  </li>
                );
              })}
            </ol>
          )}
        </section>

        <section className="card" aria-labelledby="sources-h">
          <h2 id="sources-h">
            信源健康{' '}
            <a className="small" href="/sources">
              管理信源
            </a>
          </h2>
          {networkFailed.length > 0 && (
            <p className="banner alert small">
              {networkFailed.length} 个信源因出口网络异常暂时无法访问（已暂停计入信源故障），网络恢复后自动继续抓取。
            </p>
          )}
          {sources.length === 0 ? (
            <p className="empty">还没有任何信源。开启演示模式（DEMO_MODE=1）或内置信源目录（CATALOGUE_ENABLED=1），或按 README 用信源文件添加。</p>
          ) : problemSources.length === 0 ? (
            <p className="empty">{networkFailed.length ? '其余启用的信源运行正常。' : '所有启用的信源运行正常。'}</p>
          ) : (
            <table className="table">
              <caption className="muted">需要关注的信源（{problemSources.length}）</caption>
              <thead>
                <tr>
                  <th scope="col">信源</th>
                  <th scope="col">状态</th>
                  <th scope="col">最近错误</th>
                  <th scope="col">上次成功</th>
                </tr>
              </thead>
              <tbody>
                {problemSources.slice(0, 50).map((s) => (
                  <tr key={s.id}>
                    <td>
                      {s.name}
                      <div className="muted small">{categoryLabel(s.category)}</div>
                    </td>
                    <td className="nowrap">
                      <span className={`pill ${s.health}`}>{HEALTH_LABELS[s.health] ?? s.health}</span>
                      {s.errorCount > 0 && <div className="muted small">连续失败 {s.errorCount} 次</div>}
                    </td>
                    <td className="small err">{s.lastErrorMessage ?? '—'}</td>
                    <td className="small nowrap">{formatAgo(s.lastSuccessAt, generatedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <details>
            <summary>全部信源（{sources.length}）</summary>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">信源</th>
                  <th scope="col">类别</th>
                  <th scope="col">状态</th>
                  <th scope="col">条目</th>
                  <th scope="col">上次检查</th>
                </tr>
              </thead>
              <tbody>
                {sources.map((s) => (
                  <tr key={s.id}>
                    <td>{s.name}</td>
                    <td>{categoryLabel(s.category)}</td>
                    <td>
                      <span className={`pill ${s.enabled ? s.health : 'unknown'}`}>{s.enabled ? HEALTH_LABELS[s.health] ?? s.health : '已停用'}</span>
                    </td>
                    <td>{s.itemsTotal}</td>
                    <td className="small">{formatAgo(s.lastCheckedAt, generatedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </section>
      </div>
    </div>
  );
}
