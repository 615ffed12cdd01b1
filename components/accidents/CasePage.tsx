/**
 * One 事故信息公开 case: the facts, the clocks (report, 批复, rescue releases), the duty list with
 * each rule and its source, the timeline with who and when, the forms to record entries (press
 * officers only) and the enterprise listings.
 */
import Link from 'next/link';
import type { AccidentCaseDetail } from '@/lib/db';
import { safeHref } from '@/lib/format/zh';
import { ENTRY_LABELS, LINK_STATE_LABELS, type FormEntryType } from '@/lib/workflow/accident-case';
import { calendarDayInShanghai } from '@/lib/workflow/calendar';
import { ENTRY_FIELDS } from '@/lib/workflow/accident-form';
import { LISTING_STATUS_LABELS } from '@/lib/workflow/accident-listing';
import { ActionForm } from './ActionForm';
import { DutyPill, GradeTag, RuleLine, dutyDone, dutyDue, formatShanghai } from './bits';
import { describeEntry } from './describe';
import './accidents.css';

const ENTRY_HELP: Partial<Record<FormEntryType, string>> = {
  rescue_release: '手工记录在其他渠道发布的救援进展；本系统“发布”中已发布的首报、续报会自动计入。',
  extension_approved: '第29条：特殊情况经负责事故调查的人民政府批准，可延长一次，最长60日。',
  appraisal: '第27条：技术鉴定所需时间不计入事故调查期限。',
  approval_extended: '第32条：特别重大事故批复期限30日，特殊情况可延长，最长30日。',
  penalty_decided: '安全生产法第78条：处罚决定应在7个工作日内公开。',
};

/** Which entry forms make sense now (the server refuses impossible ones anyway, with the reason). */
function offeredEntries(c: AccidentCaseDetail): FormEntryType[] {
  const s = c.status;
  const out: FormEntryType[] = ['rescue_release'];
  if (s.rescue.ongoing) out.push('rescue_ended');
  if (!s.report.submittedOn) out.push('appraisal', 'extension_approved', 'report_submitted');
  if (s.report.submittedOn && !s.approval.approvedOn) {
    if (s.approval.extensionAllowed && s.approval.extensionDays === 0) out.push('approval_extended');
    out.push('closure_approved');
  }
  if (s.report.submittedOn && !s.reportPublished) out.push('report_published');
  if (!s.accountability) out.push('accountability_published');
  if (!s.supervision) out.push('supervision');
  else if (!s.supervision.closedOn) out.push('supervision_closed');
  out.push('penalty_decided');
  if (s.penalties.some((p) => !p.publishedOn)) out.push('penalty_published');
  if (s.approval.approvedOn && !s.rectification.publishedOn) out.push('rectification_reviewed');
  out.push('note');
  return out;
}

function Link2({ url }: { url: string | null }) {
  const href = safeHref(url);
  return href ? (
    <a href={href} rel="noopener noreferrer" target="_blank">
      {url}
    </a>
  ) : (
    <>{url ?? '—'}</>
  );
}

export function CasePage({ c, canManage, notice }: { c: AccidentCaseDetail; canManage: boolean; notice: string | null }) {
  const s = c.status;
  const listingFields = [
    { name: 'enterprise', label: '企业名称', kind: 'text' as const, required: true, maxLength: 200 },
    { name: 'creditCode', label: '统一社会信用代码', kind: 'text' as const, maxLength: 18 },
    { name: 'grounds', label: '列入依据', kind: 'textarea' as const, required: true, maxLength: 1000, help: '应急管理部令第11号规定的具体情形' },
    { name: 'decisionNo', label: '列入决定文号', kind: 'text' as const, maxLength: 100 },
    { name: 'listedOn', label: '列入日期', kind: 'date' as const, required: true, help: '管理期限3年；满12个月后可申请提前移出' },
    { name: 'publishedUrl', label: '公开网址', kind: 'text' as const, maxLength: 1000 },
  ];
  return (
    <div className="ac-page">
      <p className="ac-back">
        <Link href="/accidents">« 事故信息公开</Link>
      </p>
      <div className="page-head">
        <h1>{c.title}</h1>
        <GradeTag grade={c.grade} />
        <span className="ac-state" data-state={s.state}>
          {s.state === 'closed' ? '已完成' : `待办 ${s.summary.openDuties} 项，逾期 ${s.summary.overdueDuties} 项`}
        </span>
      </div>
      {notice ? (
        <p className="ac-form-message saved" role="status">
          {notice}
        </p>
      ) : null}
      {s.summary.goneLinks > 0 ? (
        <div className="banner alert ac-links-gone" role="alert" data-banner="links-gone">
          已公开的信息无法访问（公开是长期的，严禁公开后又撤回）：
          <ul>
            {s.links
              .filter((l) => l.state === 'gone')
              .map((l) => (
                <li key={l.url}>
                  {l.recordedIn.join('、')}：<Link2 url={l.url} />，自 {l.goneSince ? calendarDayInShanghai(l.goneSince) : '—'} 起无法访问（{l.status ?? '未知'}）
                </li>
              ))}
          </ul>
        </div>
      ) : null}
      {s.errors.length > 0 ? (
        <div className="banner alert" role="alert">
          记录中有无法计入的条目：
          <ul>
            {s.errors.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {s.warnings.length > 0 ? (
        <ul className="ac-warnings" aria-label="提示">
          {s.warnings.map((w) => (
            <li key={w} className={`banner ${w.includes('逾期') ? 'alert' : 'ac-warn'}`}>
              {w}
            </li>
          ))}
        </ul>
      ) : null}
      <div className="ac-columns">
        <section className="card" aria-labelledby="facts-h">
          <h2 id="facts-h">事故概况</h2>
          <dl className="ac-facts">
            <dt>发生时间</dt>
            <dd>
              {formatShanghai(c.occurredAt)}（已过 {s.daysSinceAccident} 天）
            </dd>
            <dt>地点</dt>
            <dd>{[c.province, c.city].filter(Boolean).join(' ') || '—'}</dd>
            <dt>事故单位</dt>
            <dd>{c.enterprise ?? '—'}</dd>
            <dt>类型</dt>
            <dd>{c.accidentType ?? '—'}</dd>
            <dt>伤亡</dt>
            <dd>
              死亡 {c.deaths ?? '—'}，受伤 {c.injuries ?? '—'}，失联 {c.missing ?? '—'}
            </dd>
            <dt>关联事件</dt>
            <dd>{c.eventId !== null ? <Link href={`/events/${c.eventId}`}>查看事件</Link> : '手工建立'}</dd>
          </dl>
        </section>
        <section className="card ac-report-clock" aria-labelledby="report-h">
          <h2 id="report-h">调查报告期限</h2>
          <dl className="ac-facts">
            <dt>起算</dt>
            <dd>{s.report.startOn}（事故发生之日）</dd>
            <dt>法定期限</dt>
            <dd>
              {s.report.baseDays} 日，至 {s.report.statutoryDueOn}
            </dd>
            <dt>延长</dt>
            <dd>{s.report.extension ? `${s.report.extensionDays} 日（${s.report.extension.approvedBy}，${s.report.extension.documentNo}）` : '未延长'}</dd>
            <dt>技术鉴定</dt>
            <dd>{s.report.appraisalDays ? `${s.report.appraisalDays} 日不计入` : '无'}</dd>
            <dt>期限</dt>
            <dd className="ac-due" data-clock="report">
              {s.report.dueOn}
            </dd>
            <dt>提交</dt>
            <dd>{s.report.submittedOn ?? (s.report.daysLeft !== null && s.report.daysLeft < 0 ? `未提交，已逾期 ${-s.report.daysLeft} 天` : `未提交，剩 ${s.report.daysLeft} 天`)}</dd>
          </dl>
        </section>
        <section className="card" aria-labelledby="approval-h">
          <h2 id="approval-h">批复期限</h2>
          <dl className="ac-facts">
            <dt>规定</dt>
            <dd>
              收到报告后 {s.approval.baseDays} 日{s.approval.extensionAllowed ? '，可延长不超过 30 日' : ''}
            </dd>
            <dt>期限</dt>
            <dd className="ac-due" data-clock="approval">
              {s.approval.dueOn ?? '提交调查报告后起算'}
            </dd>
            {s.approval.extensionDays ? (
              <>
                <dt>延长</dt>
                <dd>{s.approval.extensionDays} 日</dd>
              </>
            ) : null}
            <dt>批复</dt>
            <dd>{s.approval.approvedOn ? `${s.approval.approvedOn}（${s.approval.documentNo}）` : '尚未批复'}</dd>
          </dl>
        </section>
        <section className="card" aria-labelledby="rescue-h">
          <h2 id="rescue-h">救援进展发布</h2>
          <dl className="ac-facts">
            <dt>首次发布</dt>
            <dd>{s.rescue.firstDueAt ? `${formatShanghai(s.rescue.firstDueAt)} 前（5小时）` : '全国无统一小时数'}</dd>
            {s.rescue.localNote ? (
              <>
                <dt>地方规定</dt>
                <dd className="muted">{s.rescue.localNote}</dd>
              </>
            ) : null}
            <dt>续报频次</dt>
            <dd>{s.rescue.intervalHours === 12 ? '每日早、晚两次' : s.rescue.intervalHours === 24 ? '每日一次' : '无要求'}</dd>
            <dt>救援</dt>
            <dd>{s.rescue.ongoing ? '进行中' : `已于 ${formatShanghai(s.rescue.endedAt as Date)} 结束`}</dd>
            <dt>下次续报</dt>
            <dd>{s.rescue.nextDueAt ? `${formatShanghai(s.rescue.nextDueAt)} 前` : '—'}</dd>
          </dl>
          {s.rescue.releases.length > 0 ? (
            <ol className="ac-releases">
              {s.rescue.releases.map((r) => (
                <li key={`${r.origin}-${r.at.getTime()}-${r.releaseId ?? r.title}`} data-origin={r.origin}>
                  {formatShanghai(r.at)} {r.title}
                  <span className="muted">
                    {r.origin === 'release' ? '（本系统发布）' : '（手工记录）'}
                    {r.late ? '，超过规定间隔' : ''}
                  </span>
                </li>
              ))}
            </ol>
          ) : (
            <p className="muted">尚无救援进展发布。</p>
          )}
        </section>
      </div>
      <section className="card" aria-labelledby="duties-h">
        <h2 id="duties-h">公开事项</h2>
        <div className="ac-table-wrap">
          <table className="table ac-duties">
            <thead>
              <tr>
                <th scope="col">事项</th>
                <th scope="col">期限</th>
                <th scope="col">完成</th>
                <th scope="col">状态</th>
                <th scope="col">依据</th>
              </tr>
            </thead>
            <tbody>
              {s.duties.map((d) => (
                <tr key={d.id} data-duty={d.id} data-state={d.state}>
                  <th scope="row">
                    {d.label}
                    <div className="muted ac-rule">{d.detail}</div>
                  </th>
                  <td className="nowrap">{dutyDue(d)}</td>
                  <td className="nowrap">{dutyDone(d)}</td>
                  <td>
                    <DutyPill state={d.state} />
                    {d.daysLeft !== null ? <div className="muted">{d.daysLeft < 0 ? `逾期 ${-d.daysLeft} 天` : `剩 ${d.daysLeft} 天`}</div> : null}
                  </td>
                  <td>
                    {d.rules.map((r) => (
                      <RuleLine key={r.source + r.text} rule={r} />
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      {s.links.length > 0 ? (
        <section className="card" aria-labelledby="links-h">
          <h2 id="links-h">公开网址检查</h2>
          <p className="muted">系统每日检查一次已记录的公开网址；404/410 或域名不存在即视为无法访问，超时或服务器错误连续 3 日才视为无法访问。</p>
          <div className="ac-table-wrap">
            <table className="table ac-links">
              <thead>
                <tr>
                  <th scope="col">网址</th>
                  <th scope="col">记录于</th>
                  <th scope="col">状态</th>
                  <th scope="col">首次确认可访问</th>
                  <th scope="col">最近检查</th>
                </tr>
              </thead>
              <tbody>
                {s.links.map((l) => {
                  const seen = c.linkChecks[l.url];
                  return (
                    <tr key={l.url} data-link-state={l.state}>
                      <td className="ac-url">
                        <Link2 url={l.url} />
                      </td>
                      <td>
                        {l.recordedIn.join('、')}（{l.publishedOn}）
                      </td>
                      <td>
                        <span className={`pill ac-link ${l.state}`}>{l.state === 'gone' ? '链接失效' : LINK_STATE_LABELS[l.state]}</span>
                        {l.state === 'gone' && l.goneSince ? <div className="muted">自 {calendarDayInShanghai(l.goneSince)} 起（{l.status}）</div> : null}
                      </td>
                      <td className="nowrap">{l.firstOkAt ? formatShanghai(l.firstOkAt) : '—'}</td>
                      <td>
                        {seen ? (
                          <>
                            {formatShanghai(seen.lastCheckedAt)}，{seen.lastStatus}
                            {seen.failureDays > 0 && l.state !== 'gone' ? <div className="muted">已连续 {seen.failureDays} 日无法访问，次日重试</div> : null}
                          </>
                        ) : (
                          '尚未检查'
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
      <section className="card" aria-labelledby="timeline-h">
        <h2 id="timeline-h">记录</h2>
        {c.timeline.length === 0 ? (
          <p className="empty">尚无记录。</p>
        ) : (
          <ol className="ac-timeline">
            {c.timeline.map((e) => (
              <li key={e.seq} data-type={e.entry.type} className={e.refused ? 'ac-refused' : undefined}>
                <div>
                  <strong>{e.label}</strong> {e.refused ? <span className="muted">（未计入）</span> : null}
                </div>
                <div>{describeEntry(e.entry)}</div>
                {e.note ? <div className="ac-note">说明：{e.note}</div> : null}
                <div className="muted ac-who">
                  {e.recordedByName}（{e.recordedBy}）记录于 {formatShanghai(e.recordedAt)}
                </div>
              </li>
            ))}
          </ol>
        )}
      </section>
      <section className="card" aria-labelledby="listings-h">
        <h2 id="listings-h">严重失信主体名单</h2>
        {c.listings.length === 0 ? (
          <p className="muted">本事故尚无列入名单的企业。</p>
        ) : (
          <ul>
            {c.listings.map((l) => (
              <li key={l.id}>
                {l.enterprise}：{l.listedOn} 列入，{l.expiresOn} 期满，{LISTING_STATUS_LABELS[l.status]}
                {l.publishedUrl ? (
                  <>
                    {' '}
                    <Link2 url={l.publishedUrl} />
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        <p>
          <Link href="/accidents/listings">查看全部名单</Link>
        </p>
      </section>
      {canManage ? (
        <section aria-labelledby="record-h" className="ac-next">
          <h2 id="record-h">记录进展</h2>
          <div className="ac-step-grid">
            {offeredEntries(c).map((type) => (
              <ActionForm
                key={`${type}-${c.version}`}
                action="entry"
                idPrefix={`entry-${type}`}
                dataStep={type}
                title={ENTRY_LABELS[type]}
                help={ENTRY_HELP[type]}
                submitLabel={`记录${ENTRY_LABELS[type]}`}
                fields={type === 'note' ? ENTRY_FIELDS[type] : [...ENTRY_FIELDS[type], { name: 'note', label: '说明（可选）', kind: 'textarea', maxLength: 500 }]}
                hidden={{ caseId: String(c.id), version: String(c.version), type }}
              />
            ))}
            <ActionForm
              key={`listing-${c.listings.length}`}
              action="listing"
              idPrefix="listing"
              dataStep="listing"
              title="列入严重失信主体名单"
              help="应急管理部令第11号 [P]：管理期限3年，满12个月后可申请提前移出。"
              submitLabel="列入名单"
              fields={listingFields}
              hidden={{ caseId: String(c.id) }}
              defaults={{ enterprise: c.enterprise ?? '' }}
            />
          </div>
        </section>
      ) : null}
    </div>
  );
}
