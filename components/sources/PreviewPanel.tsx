import { formatDateTime, safeHref } from '@/lib/format/zh';
import type { PreviewResult } from '@/lib/sources/preview';
import { crawlErrorHelp } from './error-help';

const DATE_FLAG_LABELS: Readonly<Record<string, string>> = {
  future_date: '日期在未来，按抓取时间计',
  unparseable: '无法识别的日期，按抓取时间计',
};

/** What a test fetch found: the entries as they would be stored, or why the fetch was refused. */
export function PreviewPanel({ result }: { result: PreviewResult }) {
  if (!result.ok) {
    const help = crawlErrorHelp(result.code);
    return (
      <section className="card preview failed" aria-labelledby="preview-h" role="status">
        <h2 id="preview-h">测试结果：未能读取</h2>
        <p className="err-what">{help?.what ?? result.message}</p>
        {help && <p className="err-todo">{help.todo}</p>}
        <p className="small">
          <code>{result.code}</code> {result.message}
        </p>
        <p className="muted small">没有保存任何内容。</p>
      </section>
    );
  }
  return (
    <section className="card preview" aria-labelledby="preview-h" role="status">
      <h2 id="preview-h">
        测试结果：读到 {result.usable} 条{result.found !== result.usable ? `（页面上 ${result.found} 个条目）` : ''}
      </h2>
      <p className="small muted">
        HTTP {result.httpStatus} · {result.format === 'html' ? 'HTML 列表页' : `订阅源格式 ${result.format}`} · 字符集 {result.charset} ·
        用时 {result.durationMs} 毫秒{result.feedTitle ? ` · 订阅源标题“${result.feedTitle}”` : ''}
        {result.finalUrl !== result.requestedUrl ? ` · 跳转后地址 ${result.finalUrl}` : ''}。没有保存任何内容。
      </p>
      {result.notes.length > 0 && (
        <ul className="notes">
          {result.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
      {result.items.length > 0 && (
        <table className="table items-table">
          <caption className="muted small">前 {result.items.length} 条（保存后抓取时读到的内容与此相同）</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">标题</th>
              <th scope="col">链接</th>
              <th scope="col">发布时间</th>
              <th scope="col">摘要</th>
            </tr>
          </thead>
          <tbody>
            {result.items.map((i, n) => {
              const href = safeHref(i.url);
              return (
                <tr key={`${n}-${i.url ?? i.title}`}>
                  <td>{n + 1}</td>
                  <td>{i.title || <span className="muted">（无标题）</span>}</td>
                  <td>
                    {href ? (
                      <a href={href} target="_blank" rel="noopener noreferrer nofollow">
                        {i.url}
                      </a>
                    ) : (
                      <span className="muted">{i.url ?? '（无链接）'}</span>
                    )}
                  </td>
                  <td className="nowrap">
                    {i.publishedAt ? formatDateTime(i.publishedAt) : <span className="muted">未读到</span>}
                    {i.publishedRaw && <div className="muted">原文“{i.publishedRaw}”</div>}
                    {i.dateFlag && <div className="muted">{DATE_FLAG_LABELS[i.dateFlag] ?? i.dateFlag}</div>}
                  </td>
                  <td>{i.summary || <span className="muted">—</span>}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {result.article && (
        <div>
          <h3>第一条的文章页</h3>
          {result.article.ok ? (
            <>
              <p className="small">
                {result.article.url} · 标题“{result.article.title ?? '未读到'}” · 日期“{result.article.publishedRaw ?? '未读到'}” ·
                {result.article.usedSelector ? '按正文选择器读取' : '未填正文选择器，自动识别正文'}
              </p>
              <div className="article-preview">{result.article.text || '（正文为空：请检查正文选择器）'}</div>
            </>
          ) : (
            <p className="err-what">
              {result.article.url}：{result.article.message}
            </p>
          )}
        </div>
      )}
    </section>
  );
}
