import { compareFacts, formatFigure, formatRange } from '@/lib/events-view/facts';
import type { FactField, FactReport, FigureSpread } from '@/lib/events-view/facts';
import { formatDateTime } from '@/lib/format/zh';

function Spread({ field, s, what }: { field: FactField; s: FigureSpread | null; what: string }) {
  if (!s) return <span className="muted">未见报道</span>;
  return (
    <>
      <span className="figure">{formatRange(field, s)}</span>
      <div className="small muted">
        {s.reports} 条{what}；最新 {formatFigure(field, s.latest.value)}（{s.latest.sourceName}，{formatDateTime(s.latest.at)}）
      </div>
    </>
  );
}

/** Official figures against media, posts and rumours, with the differences in words. */
export async function FactsTable({ data }: { data: Promise<FactReport[]> }) {
  const rows = compareFacts(await data);
  if (rows.length === 0) {
    return <p className="empty">尚未从报道中识别出伤亡或损失数字。</p>;
  }
  const flags = rows.flatMap((r) => r.flags.map((f) => ({ ...f, key: `${r.field}-${f.text}` })));
  return (
    <>
      <table className="table facts-table">
        <thead>
          <tr>
            <th scope="col">项目</th>
            <th scope="col">官方通报（最新）</th>
            <th scope="col">媒体报道</th>
            <th scope="col">网帖</th>
            <th scope="col">传言</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.field}>
              <th scope="row">{r.label}</th>
              <td>
                {r.official ? (
                  <>
                    <span className="figure">{formatFigure(r.field, r.official.latest.value)}</span>
                    <div className="small muted">
                      {r.official.latest.sourceName}，{formatDateTime(r.official.latest.at)}
                    </div>
                    {r.official.changes.length > 1 && (
                      <div className="small muted">
                        历次：{r.official.changes.map((c) => `${formatFigure(r.field, c.value)}（${formatDateTime(c.at)}）`).join(' → ')}
                      </div>
                    )}
                  </>
                ) : (
                  <span className="muted">尚无官方数字</span>
                )}
              </td>
              <td>
                <Spread field={r.field} s={r.media} what="报道" />
              </td>
              <td>
                <Spread field={r.field} s={r.posts} what="网帖" />
              </td>
              <td>
                {r.rumour ? (
                  <>
                    <span className="tag rumour">{r.rumourOnly ? '仅见于传言' : '传言'}</span>
                    <span className="figure">{formatRange(r.field, r.rumour)}</span>
                    <div className="small muted">未经证实，{r.rumour.reports} 条信息提及</div>
                  </>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {flags.length > 0 ? (
        <ul className="facts-flags" aria-label="差异提示">
          {flags.map((f) => (
            <li key={f.key} className={f.severity}>
              {f.severity === 'warning' ? '⚠ ' : 'ℹ '}
              {f.text}
            </li>
          ))}
        </ul>
      ) : (
        <p className="small muted">未发现媒体、网帖或传言的数字高于官方通报。</p>
      )}
      <p className="small muted">
        官方通报含官方来源及转发官方通报的报道；“传言”为只出现在“网传”“据说”等语境中的数字（含辟谣所引用的），不作为事实。统计类报道（如“今年以来共发生…”）不计入。
      </p>
    </>
  );
}
