import type { AuditPage as AuditPageData, AuditRow } from '@/lib/db';
import { AUDIT_ACTIONS } from '@/lib/db';
import { AUDIT_ACTION_LABELS, AUDIT_RESULT_LABELS, auditActionLabel } from '@/lib/audit/labels';
import { auditQueryString } from '@/lib/audit/query';
import type { AuditQuery } from '@/lib/audit/query';
import { formatDateTime } from '@/lib/format/zh';
import { actorLabel } from '@/lib/settings/actor';
import './audit.css';

const PROBLEM_LABELS: Readonly<Record<string, string>> = {
  hash_mismatch: '记录内容与哈希不符（被改动）',
  prev_mismatch: '与上一条记录的链接断开',
  gap: '记录编号不连续（有记录被删除）',
  anchor_missing: '最早的记录无法接续（有记录被删除）',
};

function ChainStatus({ verification }: { verification: AuditRow | null }) {
  if (!verification) {
    return <p className="muted">尚未校验：后台进程每天校验一次哈希链，首次校验在其启动后进行。</p>;
  }
  const ok = verification.result === 'ok';
  return (
    <p className={ok ? undefined : 'banner'} role={ok ? undefined : 'alert'}>
      最近一次校验：{formatDateTime(verification.at)}，
      {ok
        ? '哈希链完整。'
        : `发现问题：第 ${verification.objectId} 条记录，${PROBLEM_LABELS[verification.reason ?? ''] ?? verification.reason ?? '未知原因'}。`}
    </p>
  );
}

function Row({ r }: { r: AuditRow }) {
  return (
    <tr>
      <td className="num">{r.id}</td>
      <td className="nowrap">{formatDateTime(r.at)}</td>
      <td>{actorLabel(r.actor)}</td>
      <td>{auditActionLabel(r.action)}</td>
      <td>
        <span className="muted small">{r.objectType}</span> {r.objectId}
      </td>
      <td>
        <span className={`audit-result ${r.result}`}>{AUDIT_RESULT_LABELS[r.result] ?? r.result}</span>
        {r.reason ? <span className="muted small"> {r.reason}</span> : null}
      </td>
      <td className="audit-detail">{r.detailJson ?? '—'}</td>
      <td className="small">
        {r.clientIp ?? '—'}
        {r.requestId ? <span className="muted"> · {r.requestId.slice(0, 8)}</span> : null}
      </td>
    </tr>
  );
}

/** 审计日志: search form (GET, so a search is a link), results newest first, CSV of the same search. */
export function AuditPage({ page, query, verification }: { page: AuditPageData; query: AuditQuery; verification: AuditRow | null }) {
  const v = query.raw;
  return (
    <div>
      <div className="page-head">
        <h1>审计日志</h1>
        <a href={`/audit/export${auditQueryString(query, null)}`}>导出当前查询（CSV）</a>
      </div>
      <p className="banner" role="note">
        本页仅限审计管理员访问。查看和导出本页本身也会记入审计日志；日志只增不改，至少保存 184 天。
      </p>
      {query.ignored.length > 0 && (
        <p className="banner demo" role="note">
          网址中的 {query.ignored.join('、')} 无效，已忽略。
        </p>
      )}
      <section className="card" aria-labelledby="audit-chain-h">
        <h2 id="audit-chain-h">完整性</h2>
        <ChainStatus verification={verification} />
      </section>
      <form className="card audit-form" method="get" action="/audit" aria-label="查询审计日志">
        <label>
          开始时间（北京时间）
          <input type="datetime-local" name="from" defaultValue={v.from ?? ''} />
        </label>
        <label>
          结束时间
          <input type="datetime-local" name="to" defaultValue={v.to ?? ''} />
        </label>
        <label>
          操作人（包含）
          <input type="text" name="actor" defaultValue={v.actor ?? ''} maxLength={100} />
        </label>
        <label>
          操作
          <select name="action" defaultValue={v.action ?? ''}>
            <option value="">全部</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {AUDIT_ACTION_LABELS[a]}
              </option>
            ))}
          </select>
        </label>
        <label>
          对象类型
          <input type="text" name="objectType" defaultValue={v.objectType ?? ''} placeholder="alert、source、topic…" maxLength={40} />
        </label>
        <label>
          对象编号
          <input type="text" name="objectId" defaultValue={v.objectId ?? ''} maxLength={100} />
        </label>
        <label>
          结果
          <select name="result" defaultValue={v.result ?? ''}>
            <option value="">全部</option>
            {Object.entries(AUDIT_RESULT_LABELS).map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <div className="audit-form-buttons">
          <button type="submit">查询</button> <a href="/audit">清除条件</a>
        </div>
      </form>
      <section className="card" aria-labelledby="audit-list-h">
        <h2 id="audit-list-h">记录（最新在前）</h2>
        {page.rows.length === 0 ? (
          <p className="empty">没有符合条件的审计记录。</p>
        ) : (
          <div className="audit-scroll">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">编号</th>
                  <th scope="col">时间</th>
                  <th scope="col">操作人</th>
                  <th scope="col">操作</th>
                  <th scope="col">对象</th>
                  <th scope="col">结果</th>
                  <th scope="col">详情</th>
                  <th scope="col">来源地址 · 请求</th>
                </tr>
              </thead>
              <tbody>
                {page.rows.map((r) => (
                  <Row key={r.id} r={r} />
                ))}
              </tbody>
            </table>
          </div>
        )}
        <nav className="pager" aria-label="分页">
          {query.before !== undefined && <a href={`/audit${auditQueryString(query, null)}`}>回到最新</a>}
          {page.nextBefore !== null && <a href={`/audit${auditQueryString(query, page.nextBefore)}`}>更早的记录</a>}
        </nav>
      </section>
    </div>
  );
}
