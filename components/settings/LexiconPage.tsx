import type { LexiconEntryKind } from '@/lib/analysis/lexicon';
import { LEXICON_ENTRY_KINDS } from '@/lib/analysis/lexicon';
import type { AnalysisStatus, LexiconPage as LexiconPageData } from '@/lib/db';
import { formatDateTime } from '@/lib/format/zh';
import { actorLabel } from '@/lib/settings/actor';
import type { LexiconQuery } from '@/lib/settings/lexicon-form';
import {
  KIND_FIELDS,
  LEXICON_KIND_HELP,
  LEXICON_KIND_LABELS,
  LEXICON_STATUSES,
  LEXICON_STATUS_LABELS,
  accidentTypeOptions,
  categoryLabel,
  termLabel,
} from '@/lib/settings/lexicon-form';
import { JobProgress } from './JobProgress';
import { LexiconEntryForm } from './LexiconEntryForm';

function href(q: LexiconQuery, change: Partial<LexiconQuery>): string {
  const next = { ...q, ...change };
  const sp = new URLSearchParams({ kind: next.kind });
  if (next.q) sp.set('q', next.q);
  if (next.status !== 'all') sp.set('status', next.status);
  if (next.page > 1) sp.set('page', String(next.page));
  return `/settings/lexicon?${sp.toString()}`;
}

export function OriginTags({ origin, userEdited, enabled }: { origin: string; userEdited: boolean; enabled: boolean }) {
  return (
    <>
      {origin === 'user' ? <span className="tag user">人工新增</span> : userEdited ? <span className="tag user">人工修改</span> : <span className="tag">内置</span>}
      {!enabled && <span className="tag off">已停用</span>}
    </>
  );
}

export function LexiconPage({ query, data, status }: { query: LexiconQuery; data: LexiconPageData; status: AnalysisStatus }) {
  const kind = query.kind as LexiconEntryKind;
  const fields = KIND_FIELDS[kind];
  return (
    <div className="settings">
      <div className="page-head">
        <h1>词典</h1>
      </div>
      <p className="lead">
        情感、敏感线索、事故类型和地名识别所用的词表。人工新增或修改的词条标为“人工”，以后内置词表更新也不会覆盖它们。每次修改词典版本加一，已入库的信息在后台按新词典重新分析。
      </p>
      <nav aria-label="词条类型">
        <ul className="kind-tabs">
          {LEXICON_ENTRY_KINDS.map((k) => (
            <li key={k}>
              <a href={href(query, { kind: k, page: 1, q: '', status: 'all' })} aria-current={k === kind ? 'page' : undefined}>
                {LEXICON_KIND_LABELS[k]}（{data.kindCounts[k] ?? 0}）
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <p className="field-help">{LEXICON_KIND_HELP[kind]}</p>
      <div className="columns">
        <section className="card" aria-labelledby="lexicon-h">
          <h2 id="lexicon-h">{LEXICON_KIND_LABELS[kind]}</h2>
          <form method="get" action="/settings/lexicon" className="search-form" role="search">
            <input type="hidden" name="kind" value={kind} />
            <div className="field">
              <label htmlFor="lexicon-q">搜索词条、类别或说明</label>
              <input id="lexicon-q" name="q" defaultValue={query.q} maxLength={40} />
            </div>
            <div className="field">
              <label htmlFor="lexicon-status">状态</label>
              <select id="lexicon-status" name="status" defaultValue={query.status}>
                {LEXICON_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {LEXICON_STATUS_LABELS[s]}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" className="btn">
              搜索
            </button>
            {(query.q || query.status !== 'all') && <a href={href(query, { q: '', status: 'all', page: 1 })}>清除条件</a>}
          </form>
          {data.rows.length === 0 ? (
            <p className="empty">{query.q || query.status !== 'all' ? '没有符合条件的词条。' : '这一类还没有词条。'}</p>
          ) : (
            <div className="table-scroll">
              <table className="table" data-testid="lexicon-table">
                <caption className="muted small">
                  共 {data.total} 条{query.q ? `（含“${query.q}”）` : ''}；人工修改过的排在前面
                </caption>
                <thead>
                  <tr>
                    <th scope="col">词条</th>
                    {fields.category && <th scope="col">{kind === 'place' ? '所属省/市' : '类别'}</th>}
                    {fields.weight && <th scope="col">{fields.weight === 'sentiment' ? '权重' : '倍数'}</th>}
                    <th scope="col">来源与状态</th>
                    <th scope="col">最近修改</th>
                    <th scope="col">说明</th>
                    <th scope="col">操作</th>
                  </tr>
                </thead>
                <tbody>
                  {data.rows.map((e) => (
                    <tr key={e.id} className={e.enabled ? undefined : 'disabled'} data-term={e.term}>
                      <td>{termLabel(e.term)}</td>
                      {fields.category && <td>{categoryLabel(kind, e.category)}</td>}
                      {fields.weight && <td className="nowrap">{e.weight}</td>}
                      <td>
                        <OriginTags origin={e.origin} userEdited={e.userEdited} enabled={e.enabled} />
                      </td>
                      <td className="small">
                        {e.userEdited || e.origin === 'user' ? (
                          <>
                            {formatDateTime(e.updatedAt)}
                            <br />
                            {actorLabel(e.updatedBy)}
                          </>
                        ) : (
                          <span className="muted">—</span>
                        )}
                      </td>
                      <td className="small">{e.note ?? ''}</td>
                      <td>
                        <a href={`/settings/lexicon/${e.id}`} aria-label={`编辑 ${termLabel(e.term)}`}>
                          编辑
                        </a>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {data.pages > 1 && (
            <nav className="pager" aria-label="翻页">
              {data.page > 1 ? <a href={href(query, { page: data.page - 1 })}>上一页</a> : <span className="muted">上一页</span>}
              <span>
                第 {data.page} / {data.pages} 页
              </span>
              {data.page < data.pages ? <a href={href(query, { page: data.page + 1 })}>下一页</a> : <span className="muted">下一页</span>}
            </nav>
          )}
        </section>
        <div>
          <section className="card" aria-labelledby="add-entry-h">
            <h2 id="add-entry-h">新增词条</h2>
            <LexiconEntryForm entry={null} defaultKind={kind} accidentOptions={accidentTypeOptions()} />
          </section>
          <JobProgress status={status} />
        </div>
      </div>
    </div>
  );
}
