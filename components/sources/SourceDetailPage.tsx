import type { SourceDetail } from '@/lib/db';
import { HEALTH_LABELS, categoryLabel, formatAgo, formatDateTime, safeHref } from '@/lib/format/zh';
import { DeleteSourceForm } from './DeleteSourceForm';
import { ErrorExplain } from './ErrorExplain';
import { ItemsPerDayChart } from './ItemsPerDayChart';
import { EnableToggle } from './SourcesPage';
import { StoredPreview } from './StoredPreview';
import { crawlErrorLabel } from './error-help';
import { FETCH_STATUS_LABELS, KIND_LABELS, ORIGIN_LABELS, formatInterval } from './labels';
import './sources.css';

interface Selectors {
  item?: string;
  link?: string;
  title?: string;
  date?: string;
  summary?: string;
  followArticle?: boolean;
  article?: { content?: string; title?: string; date?: string };
}

function selectorsOf(json: string | null): Selectors | null {
  if (!json) return null;
  try {
    return JSON.parse(json) as Selectors;
  } catch {
    return null;
  }
}

/** One source: its settings, health, fetch history, items per day and latest items. */
export function SourceDetailPage({ detail, saved, userEditable }: { detail: SourceDetail; saved: boolean; userEditable: boolean }) {
  const { source: s, perDay, fetchLogs, latestItems, itemCount, generatedAt } = detail;
  const sel = selectorsOf(s.selectorsJson);
  const home = safeHref(s.homepage);
  return (
    <div className="sources">
      <div className="page-head">
        <h1>{s.name}</h1>
        <span className={`pill ${s.enabled ? s.health : 'unknown'}`}>{s.enabled ? (HEALTH_LABELS[s.health] ?? s.health) : '已停用'}</span>
        <span className={`tag${s.origin === 'demo' ? ' demo' : ''}`}>{ORIGIN_LABELS[s.origin] ?? s.origin}</span>
        <div className="page-actions">
          <a className="btn" href="/sources">
            返回信源列表
          </a>
          <a className="btn" href={`/sources/${s.id}/edit`}>
            编辑
          </a>
          <EnableToggle id={s.id} enabled={s.enabled} name={s.name} />
        </div>
      </div>
      {saved && (
        <p className="banner notice" role="status">
          已保存。{s.enabled ? '抓取进程会在下一轮（约 15 秒内）按新设置抓取。' : '该信源已停用，不会再抓取。'}
        </p>
      )}

      <div className="columns">
        <section className="card" aria-labelledby="facts-h">
          <h2 id="facts-h">设置与状态</h2>
          <dl className="facts">
            <dt>信源 id</dt>
            <dd>
              <code>{s.id}</code>
            </dd>
            <dt>抓取地址</dt>
            <dd className="source-url">{s.url}</dd>
            {home && (
              <>
                <dt>网站主页</dt>
                <dd>
                  <a href={home} target="_blank" rel="noopener noreferrer nofollow">
                    {s.homepage}
                  </a>
                </dd>
              </>
            )}
            <dt>类型 / 类别 / 地区</dt>
            <dd>
              {KIND_LABELS[s.kind] ?? s.kind} · {categoryLabel(s.category)} · {s.region ?? '未注明'}
            </dd>
            <dt>抓取间隔</dt>
            <dd>
              {formatInterval(s.intervalMinutes)}
              {s.priority ? ' · 优先抓取' : ''}
              {s.enabled ? ` · 下次检查 ${formatDateTime(s.nextCheckAt)}` : ' · 已停用'}
            </dd>
            <dt>上次检查 / 成功</dt>
            <dd>
              {formatAgo(s.lastCheckedAt, generatedAt)} / {formatAgo(s.lastSuccessAt, generatedAt)}
            </dd>
            <dt>最近新信息</dt>
            <dd>{formatAgo(s.lastNewItemAt, generatedAt)}</dd>
            <dt>连续失败</dt>
            <dd>{s.errorCount} 次</dd>
            <dt>信息总数</dt>
            <dd>{itemCount} 条</dd>
            {s.encoding && (
              <>
                <dt>字符集</dt>
                <dd>{s.encoding}</dd>
              </>
            )}
            <dt>去重依据</dt>
            <dd>{s.dedupeKey === 'link' ? '文章链接' : '条目 GUID'}</dd>
            {sel && (
              <>
                <dt>列表选择器</dt>
                <dd>
                  条目 <code>{sel.item}</code> · 链接 <code>{sel.link ?? 'a'}</code>
                  {sel.title && (
                    <>
                      {' '}
                      · 标题 <code>{sel.title}</code>
                    </>
                  )}
                  {sel.date && (
                    <>
                      {' '}
                      · 日期 <code>{sel.date}</code>
                    </>
                  )}
                  {sel.followArticle ? ' · 跟进文章页' : ''}
                  {sel.article?.content && (
                    <>
                      {' '}
                      · 正文 <code>{sel.article.content}</code>
                    </>
                  )}
                </dd>
              </>
            )}
            {s.note && (
              <>
                <dt>备注</dt>
                <dd>{s.note}</dd>
              </>
            )}
          </dl>
          {s.health !== 'ok' && s.lastErrorCode && (
            <>
              <h3>最近错误</h3>
              <ErrorExplain code={s.lastErrorCode} message={s.lastErrorMessage} at={s.lastErrorAt} />
            </>
          )}
          <h3>测试抓取</h3>
          <p className="small muted">立即按当前设置抓取一次，显示会读到的内容，不保存任何数据。</p>
          <StoredPreview id={s.id} />
        </section>

        <section className="card" aria-labelledby="perday-h">
          <h2 id="perday-h">每天信息量</h2>
          <ItemsPerDayChart data={perDay} />
          <h2 id="latest-h">最新信息</h2>
          {latestItems.length === 0 ? (
            <p className="empty">还没有抓取到信息。</p>
          ) : (
            <ol className="items" aria-labelledby="latest-h">
              {latestItems.map((i) => (
                <li key={i.id}>
                  <span className="when">{formatDateTime(i.sortAt)}</span>
                  <a className="title" href={`/items/${i.id}`}>
                    {i.title}
                  </a>
                  <span className="meta">
                    {i.isDemo && <span className="tag demo">演示</span>}
                    {!i.publishedAt && <span className="tag">无发布时间</span>}
                  </span>
                </li>
              ))}
            </ol>
          )}
        </section>
      </div>

      <section className="card" aria-labelledby="log-h">
        <h2 id="log-h">抓取记录（最近 {fetchLogs.length} 次）</h2>
        {fetchLogs.length === 0 ? (
          <p className="empty">还没有抓取记录。{s.enabled ? '抓取进程会在下一轮抓取该信源。' : '该信源已停用。'}</p>
        ) : (
          <div style={{ overflowX: 'auto' }}>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">时间</th>
                  <th scope="col">结果</th>
                  <th scope="col">HTTP</th>
                  <th scope="col">读到</th>
                  <th scope="col">新增</th>
                  <th scope="col">重复</th>
                  <th scope="col">用时</th>
                  <th scope="col">错误</th>
                </tr>
              </thead>
              <tbody>
                {fetchLogs.map((l) => (
                  <tr key={l.id}>
                    <td className="nowrap small">{formatDateTime(l.startedAt)}</td>
                    <td className="nowrap">
                      <span className={`pill ${l.status === 'error' ? 'failing' : 'ok'}`}>{FETCH_STATUS_LABELS[l.status] ?? l.status}</span>
                    </td>
                    <td>{l.httpStatus ?? '—'}</td>
                    <td>{l.fetched}</td>
                    <td>{l.newCount}</td>
                    <td>{l.duplicates}</td>
                    <td className="nowrap small">{l.durationMs === null ? '—' : `${(l.durationMs / 1000).toFixed(1)} 秒`}</td>
                    <td className="small err">
                      {l.errorCode ? (
                        <details>
                          <summary>{crawlErrorLabel(l.errorCode)}</summary>
                          <code>{l.errorCode}</code> {l.errorMessage ?? ''}
                        </details>
                      ) : (
                        '—'
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {userEditable && (
        <section className="card danger-zone" aria-labelledby="delete-h">
          <h2 id="delete-h">删除信源</h2>
          <DeleteSourceForm id={s.id} name={s.name} items={itemCount} />
        </section>
      )}
    </div>
  );
}
