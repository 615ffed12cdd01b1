/**
 * 严重失信主体名单: entries in force and expiring first, then removed and expired, each with grounds,
 * decision number, listed date, term end and the early-removal date; press officers list and remove.
 */
import Link from 'next/link';
import type { ListingRow } from '@/lib/db';
import { safeHref } from '@/lib/format/zh';
import { LISTING_RULE, LISTING_STATUS_LABELS, type ListingStatus } from '@/lib/workflow/accident-listing';
import { ActionForm } from './ActionForm';
import { RuleLine } from './bits';
import './accidents.css';

const GROUPS: { title: string; statuses: ListingStatus[] }[] = [
  { title: '在列（含即将期满）', statuses: ['expiring', 'in_force'] },
  { title: '已移出或期满', statuses: ['removed', 'expired'] },
];

export function ListingsPage({ rows, canManage, cases, notice }: { rows: ListingRow[]; canManage: boolean; cases: { id: number; title: string }[]; notice: string | null }) {
  return (
    <div className="ac-page">
      <p className="ac-back">
        <Link href="/accidents">« 事故信息公开</Link>
      </p>
      <div className="page-head">
        <h1>严重失信主体名单</h1>
      </div>
      <RuleLine rule={LISTING_RULE} />
      {notice ? (
        <p className="ac-form-message saved" role="status">
          {notice}
        </p>
      ) : null}
      {GROUPS.map((g) => {
        const list = rows.filter((r) => g.statuses.includes(r.status));
        return (
          <section key={g.title} className="card" aria-label={g.title}>
            <h2>{g.title}</h2>
            {list.length === 0 ? (
              <p className="empty">无。</p>
            ) : (
              <div className="ac-table-wrap">
                <table className="table ac-listings">
                  <thead>
                    <tr>
                      <th scope="col">企业</th>
                      <th scope="col">列入依据</th>
                      <th scope="col">决定文号</th>
                      <th scope="col">列入日期</th>
                      <th scope="col">期满</th>
                      <th scope="col">可申请提前移出</th>
                      <th scope="col">状态</th>
                    </tr>
                  </thead>
                  <tbody>
                    {list.map((r) => {
                      const href = safeHref(r.publishedUrl);
                      return (
                        <tr key={r.id} data-listing={r.id} data-status={r.status}>
                          <td>
                            {r.enterprise}
                            {r.creditCode ? <div className="muted">{r.creditCode}</div> : null}
                            {r.caseId !== null ? (
                              <div>
                                <Link href={`/accidents/${r.caseId}`}>{r.caseTitle ?? '事故台账'}</Link>
                              </div>
                            ) : null}
                          </td>
                          <td className="ac-note">{r.grounds}</td>
                          <td>{href ? <a href={href} rel="noopener noreferrer" target="_blank">{r.decisionNo ?? '公开文本'}</a> : (r.decisionNo ?? '—')}</td>
                          <td className="nowrap">{r.listedOn}</td>
                          <td className="nowrap">{r.expiresOn}</td>
                          <td className="nowrap">{r.earlyRemovalFrom}</td>
                          <td>
                            {LISTING_STATUS_LABELS[r.status]}
                            {r.removedOn ? <div className="muted">{`${r.removedOn} 移出：${r.removalReason ?? ''}`}</div> : null}
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        );
      })}
      {canManage ? (
        <div className="ac-step-grid">
          <ActionForm
            action="listing"
            idPrefix="listing"
            dataStep="listing"
            title="列入名单"
            submitLabel="列入名单"
            hidden={{}}
            fields={[
              { name: 'enterprise', label: '企业名称', kind: 'text', required: true, maxLength: 200 },
              { name: 'creditCode', label: '统一社会信用代码', kind: 'text', maxLength: 18 },
              { name: 'caseId', label: '关联事故台账', kind: 'select', options: cases.map((c) => ({ value: String(c.id), label: c.title })) },
              { name: 'grounds', label: '列入依据', kind: 'textarea', required: true, maxLength: 1000 },
              { name: 'decisionNo', label: '列入决定文号', kind: 'text', maxLength: 100 },
              { name: 'listedOn', label: '列入日期', kind: 'date', required: true },
              { name: 'publishedUrl', label: '公开网址', kind: 'text', maxLength: 1000 },
            ]}
          />
          {rows.some((r) => r.status === 'in_force' || r.status === 'expiring') ? (
            <ActionForm
              action="removal"
              idPrefix="removal"
              dataStep="removal"
              title="移出名单"
              help="期满前移出为提前移出，须列入满12个月。"
              submitLabel="记录移出"
              hidden={{}}
              fields={[
                { name: 'listingId', label: '企业', kind: 'select', required: true, options: rows.filter((r) => r.status === 'in_force' || r.status === 'expiring').map((r) => ({ value: String(r.id), label: `${r.enterprise}（${r.listedOn} 列入）` })) },
                { name: 'removedOn', label: '移出日期', kind: 'date', required: true },
                { name: 'reason', label: '移出理由', kind: 'textarea', required: true, maxLength: 500 },
              ]}
            />
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
