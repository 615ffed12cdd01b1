import { setEnabledAction } from '@/app/sources/actions';
import type { SourceList } from '@/lib/db';
import { HEALTH_LABELS, categoryLabel, formatAgo, formatDateTime } from '@/lib/format/zh';
import { SOURCE_CATEGORIES } from '@/lib/sources/schema';
import { ErrorExplain } from './ErrorExplain';
import { ItemsPerDaySparkline } from './ItemsPerDayChart';
import { HEALTH_FILTER_LABELS, KIND_LABELS, ORIGIN_LABELS, formatInterval } from './labels';
import './sources.css';

export interface SourcesPageProps {
  list: SourceList;
  filters: { health?: string; category?: string };
  notice?: string;
}

/** A 启用/停用 button that works without script (a plain form posting a server action). */
export function EnableToggle({ id, enabled, name }: { id: string; enabled: boolean; name: string }) {
  return (
    <form action={setEnabledAction} className="inline-form">
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="enabled" value={enabled ? '0' : '1'} />
      <button type="submit" className="btn small" aria-label={`${enabled ? '停用' : '启用'}信源“${name}”`}>
        {enabled ? '停用' : '启用'}
      </button>
    </form>
  );
}

/** 信源: every source with its health, last error in plain words, volume per day, and the switches. */
export function SourcesPage({ list, filters, notice }: SourcesPageProps) {
  const { rows, counts, generatedAt, outages } = list;
  const cutOff = rows.filter((s) => s.cutOffByOutage).length;
  const filtered = Boolean(filters.health || filters.category);
  return (
    <div className="sources">
      <div className="page-head">
        <h1>信源</h1>
        <span className="muted">
          共 {counts.total} 个 · 更新于 {formatDateTime(generatedAt)}
        </span>
        <div className="page-actions">
          <a className="btn primary" href="/sources/new">
            添加信源
          </a>
        </div>
      </div>
      {notice && (
        <p className="banner notice" role="status">
          {notice}
        </p>
      )}
      {outages.map((o) => (
        <p key={o.id} className="banner alert" role="alert">
          {o.message}（自 {formatDateTime(o.openedAt)}）。{cutOff > 0 ? `下表中 ${cutOff} 个信源因此暂时无法访问，` : ''}
          网络恢复后自动继续抓取，不计入信源故障；这不是信源本身的问题，请联系系统管理员检查服务器出口网络。
        </p>
      ))}

      <section className="kpis" aria-label="信源状态统计">
        {(['failing', 'degraded', 'unknown', 'ok', 'disabled'] as const).map((h) => (
          <a key={h} className="kpi" href={`/sources?health=${h}`} aria-label={`${HEALTH_FILTER_LABELS[h]} ${counts[h]} 个，只看这些`}>
            <span className="kpi-label">{HEALTH_FILTER_LABELS[h]}</span>
            <span className="kpi-value">{counts[h]}</span>
          </a>
        ))}
      </section>

      <form className="filters" method="get" action="/sources" aria-label="筛选信源">
        <label>
          状态
          <select name="health" defaultValue={filters.health ?? ''}>
            <option value="">全部状态</option>
            {Object.entries(HEALTH_FILTER_LABELS).map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
          </select>
        </label>
        <label>
          类别
          <select name="category" defaultValue={filters.category ?? ''}>
            <option value="">全部类别</option>
            {Object.entries(SOURCE_CATEGORIES).map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">筛选</button>
        {filtered && <a href="/sources">清除筛选</a>}
      </form>

      <section className="card" aria-labelledby="list-h">
        <h2 id="list-h">
          {filtered ? `符合条件的信源（${rows.length}）` : `全部信源（${rows.length}）`}
          <span className="small muted"> · 有问题的排在前面</span>
        </h2>
        {rows.length === 0 ? (
          <p className="empty">
            {filtered
              ? '没有符合筛选条件的信源。'
              : '还没有任何信源。点击“添加信源”，或开启演示模式（DEMO_MODE=1）、内置信源目录（CATALOGUE_ENABLED=1）。'}
          </p>
        ) : (
          <div style={{ overflowX: 'auto' }}>
            <table className="table source-table">
              <thead>
                <tr>
                  <th scope="col">信源</th>
                  <th scope="col">类别</th>
                  <th scope="col">状态</th>
                  <th scope="col">抓取间隔</th>
                  <th scope="col">抓取情况</th>
                  <th scope="col">最近错误</th>
                  <th scope="col">近 14 天每天信息量</th>
                  <th scope="col">操作</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((s) => {
                  const state = s.enabled ? s.health : 'disabled';
                  const problem = s.enabled && (s.health === 'failing' || s.health === 'degraded');
                  return (
                    <tr key={s.id} className={s.enabled ? '' : 'disabled'} data-source-id={s.id}>
                      <td className="name">
                        <a href={`/sources/${s.id}`}>{s.name}</a>
                        <div>
                          <span className={`tag${s.origin === 'demo' ? ' demo' : ''}`}>{ORIGIN_LABELS[s.origin] ?? s.origin}</span>
                          <span className="tag">{KIND_LABELS[s.kind] ?? s.kind}</span>
                          {s.region && <span className="tag">{s.region}</span>}
                        </div>
                        <div className="url">{s.url}</div>
                      </td>
                      <td className="small">{categoryLabel(s.category)}</td>
                      <td className="nowrap">
                        <span className={`pill ${s.enabled ? s.health : 'unknown'}`}>
                          {s.enabled ? (HEALTH_LABELS[s.health] ?? s.health) : '已停用'}
                        </span>
                        {s.errorCount > 0 && <div className="muted small">连续失败 {s.errorCount} 次</div>}
                      </td>
                      <td className="small nowrap">{formatInterval(s.intervalMinutes)}</td>
                      <td className="times">
                        <div>检查：{formatAgo(s.lastCheckedAt, generatedAt)}</div>
                        <div>成功：{formatAgo(s.lastSuccessAt, generatedAt)}</div>
                        <div>新信息：{formatAgo(s.lastNewItemAt, generatedAt)}</div>
                      </td>
                      <td className="err">
                        {s.cutOffByOutage ? (
                          <div>
                            <div>出口网络异常，暂时无法访问（见页顶提示）</div>
                            <details className="err-raw">
                              <summary>原始信息</summary>
                              <code>{s.lastErrorCode}</code>
                              {s.lastErrorMessage ?? ''}
                            </details>
                          </div>
                        ) : problem || (state === 'disabled' && s.errorCount > 0) ? (
                          <ErrorExplain code={s.lastErrorCode} message={s.lastErrorMessage} at={s.lastErrorAt} />
                        ) : s.lastErrorAt ? (
                          <span className="muted small">上次出错 {formatAgo(s.lastErrorAt, generatedAt)}，已恢复</span>
                        ) : (
                          <span className="muted">—</span>
                        )}
                      </td>
                      <td>
                        <ItemsPerDaySparkline data={s.perDay} />
                      </td>
                      <td className="actions">
                        <a className="btn small" href={`/sources/${s.id}/edit`} aria-label={`编辑信源“${s.name}”`}>
                          编辑
                        </a>
                        <EnableToggle id={s.id} enabled={s.enabled} name={s.name} />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        <p className="small muted">
          状态：正常 = 最近一次抓取成功；异常 = 最近抓取失败；故障 = 连续 3 次以上失败（系统按 15 分钟到 6 小时逐步延后重试，不会放弃）；未检查 = 还没有抓取过。
        </p>
      </section>
    </div>
  );
}
