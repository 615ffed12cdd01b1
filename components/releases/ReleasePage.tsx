/**
 * One release: its text with the pre-review findings marked and listed with the offending text,
 * the reaction forecast (before publishing) or the tracking (after), the 保密审查 records, the
 * history, and only the steps its state allows to the signed-in person.
 */
import Link from 'next/link';
import type { ReleaseDetail, ReleaseTracking } from '@/lib/db';
import { formatDateTime } from '@/lib/format/zh';
import type { CheckResult } from '@/lib/releases/checks';
import { FINDING_KIND_LABELS } from '@/lib/releases/checks';
import type { ReactionForecast } from '@/lib/releases/forecast';
import { RELEASE_KIND_LABELS } from '@/lib/releases/kinds';
import { RELEASE_STATE_LABELS, RELEASE_STEP_LABELS, releaseText } from '@/lib/releases/workflow';
import type { OfferedStep } from '@/lib/releases/workflow';
import { MarkedText, StatePill } from './bits';
import { ForecastCard, TrackingCard } from './ReleaseInsights';
import { ReleaseStepForm } from './ReleaseStepForm';
import type { ReleaseStepFormProps } from './ReleaseStepForm';
import './releases.css';

const DONE: Record<string, string> = {
  create: '已保存草稿。',
  edit: '已保存修改。',
  submit: '已提交保密审查。',
  clear: '保密审查已通过。',
  return: '已退回起草人。',
  approve: '已签发。',
  reject: '已退回，不予签发。',
  publish: '已发布，公开页面和 RSS 已更新。',
  withdraw: '已撤回，公开页面显示撤回说明。',
};

const REVIEW_RESULT: Record<string, string> = { cleared: '通过', cleared_with_redactions: '删除部分内容后通过', returned: '退回修改' };

function formOf(op: OfferedStep, r: ReleaseDetail, checks: CheckResult): Omit<ReleaseStepFormProps, 'releaseId' | 'version'> {
  const blocks = checks.findings.filter((f) => f.severity === 'block').length;
  switch (op) {
    case 'submit':
      return {
        op,
        title: '提交保密审查',
        help: '提交后由保密审查员（起草和修改本稿以外的人员）审查；审查期间不能修改。',
        submitLabel: '提交保密审查',
        fields: [],
        disabledReason: checks.blocked ? `送审前检查有 ${blocks} 项须修改的问题，修改后才能提交。` : null,
      };
    case 'edit':
      return {
        op,
        title: '修改稿件',
        help: r.state === 'cleared' || r.state === 'approved' ? '注意：修改后已有的保密审查和签发作废，稿件回到草稿，须重新送审。' : '保存后重新运行送审前检查。',
        submitLabel: '保存修改',
        fields: [
          { name: 'title', label: '标题', kind: 'text', required: true, maxLength: 200, defaultValue: r.title },
          { name: 'body', label: '正文', kind: 'textarea', required: true, maxLength: 20000, rows: 14, defaultValue: r.body },
        ],
      };
    case 'clear':
      return {
        op,
        title: '保密审查通过',
        help: '如需删除涉密或不宜公开的内容，每行写一处原文，可用“｜”后接理由；删除处以 ■ 代替，审查记录绑定删除后的文本。',
        submitLabel: '审查通过',
        fields: [
          { name: 'redactions', label: '删除内容（可选）', kind: 'textarea', maxLength: 5000, rows: 3, help: '例如：井下三区｜涉及生产布局' },
          { name: 'opinion', label: '审查意见（可选）', kind: 'text', maxLength: 1000 },
        ],
      };
    case 'return':
      return { op, title: '退回修改', help: '写明需要修改之处，起草人修改后重新送审。', submitLabel: '退回', fields: [{ name: 'opinion', label: '退回意见', kind: 'textarea', required: true, maxLength: 1000, rows: 3 }] };
    case 'approve':
      return { op, title: '签发', help: '签发的是当前文本（已通过保密审查）；签发后由起草人发布。', submitLabel: '签发', fields: [{ name: 'note', label: '签发意见（可选）', kind: 'text', maxLength: 500 }] };
    case 'reject':
      return { op, title: '不予签发', help: '退回起草人修改；修改后须重新保密审查。', submitLabel: '退回', fields: [{ name: 'opinion', label: '意见', kind: 'textarea', required: true, maxLength: 1000, rows: 3 }] };
    case 'publish':
      return { op, title: '发布', help: '发布后立即出现在公开页面（/public/releases）和 RSS。公开是长期的，发布前请再核对一遍。', submitLabel: '确认发布', fields: [], weighty: true };
    case 'withdraw':
      return {
        op,
        title: '撤回',
        help: '撤回后公开页面保留标题，并显示撤回时间和原因（不会静默删除）。',
        submitLabel: '撤回',
        fields: [{ name: 'reason', label: '撤回原因（公开显示）', kind: 'text', required: true, maxLength: 500 }],
        weighty: true,
      };
  }
}

function stepText(s: ReleaseDetail['steps'][number]): string {
  const d = s.detail;
  const parts: string[] = [];
  if (s.action === 'clear' && typeof d.redactions === 'number' && d.redactions > 0) parts.push(`删除 ${d.redactions} 处内容`);
  if (s.action === 'edit' && Array.isArray(d.voided) && d.voided.length > 0) parts.push(`作废：${d.voided.map((v) => (v === 'clearance' ? '保密审查' : '签发')).join('、')}`);
  const checks = d.checks as { block?: number; warn?: number } | null | undefined;
  if (checks && typeof checks === 'object' && typeof checks.block === 'number') parts.push(`检查：须修改 ${checks.block} 项，提示 ${checks.warn ?? 0} 项`);
  if (typeof d.textHash === 'string') parts.push(`文本 ${d.textHash.slice(0, 12)}`);
  return parts.join('；');
}

export interface ReleasePageProps {
  release: ReleaseDetail;
  checks: CheckResult;
  ops: OfferedStep[];
  forecast: ReactionForecast | null;
  tracking: ReleaseTracking | null;
  done: string | null;
  /** Why the signed-in reviewer sees no review form (they wrote the text). */
  ownText: boolean;
}

export function ReleasePage({ release: r, checks, ops, forecast, tracking, done, ownText }: ReleasePageProps) {
  const text = releaseText(r.title, r.body);
  const blocks = checks.findings.filter((f) => f.severity === 'block');
  const warns = checks.findings.filter((f) => f.severity === 'warn');
  return (
    <div className="rl-page">
      <p className="rl-back">
        <Link href="/releases">« 信息发布</Link>
      </p>
      <div className="page-head">
        <h1>发布稿 #{r.id}</h1>
        <StatePill state={r.state} />
        <span className="tag">{RELEASE_KIND_LABELS[r.kind]}</span>
        {r.state === 'published' || r.state === 'withdrawn' ? <Link href={`/public/releases/${r.id}`}>公开页面</Link> : null}
      </div>
      {done && DONE[done] ? (
        <p className="banner rl-notice" role="status">
          {DONE[done]}
        </p>
      ) : null}
      {r.state === 'withdrawn' ? (
        <p className="banner alert" role="note">
          已于 {formatDateTime(r.withdrawnAt)} 撤回：{r.withdrawReason}
        </p>
      ) : null}
      {ownText ? (
        <p className="banner rl-ignored" role="note">
          您起草或修改过本稿，不能对其进行保密审查，须由其他审查员审查。
        </p>
      ) : null}
      <div className="rl-columns">
        <section className="card" aria-labelledby="text-h">
          <h2 id="text-h">稿件</h2>
          <dl className="rl-facts">
            <div>
              <dt>事件</dt>
              <dd>{r.eventId !== null ? <Link href={`/events/${r.eventId}`}>{r.eventTitle ?? `事件 #${r.eventId}`}</Link> : '无关联事件'}</dd>
            </div>
            <div>
              <dt>起草</dt>
              <dd>
                {r.createdByName}（{r.createdBy}），{formatDateTime(r.createdAt)}
              </dd>
            </div>
            <div>
              <dt>更新</dt>
              <dd>{formatDateTime(r.updatedAt)}</dd>
            </div>
            {r.publishedAt ? (
              <div>
                <dt>发布</dt>
                <dd>{formatDateTime(r.publishedAt)}</dd>
              </div>
            ) : null}
          </dl>
          <MarkedText text={text} findings={checks.findings} id="release-text" />
        </section>
        <section className="card" aria-labelledby="checks-h">
          <h2 id="checks-h">送审前检查</h2>
          {checks.findings.length === 0 ? (
            <p className="rl-ok">未发现问题。</p>
          ) : (
            <p className={blocks.length > 0 ? 'rl-blocked' : ''}>
              须修改 {blocks.length} 项，提示 {warns.length} 项。{blocks.length > 0 ? '须修改的问题解决前不能提交保密审查。' : ''}
            </p>
          )}
          {checks.findings.length > 0 ? (
            <ul className="rl-findings">
              {checks.findings.map((f, i) => (
                <li key={`${f.rule}-${i}`} className={`rl-finding ${f.severity}`} data-kind={f.kind} data-severity={f.severity}>
                  <span className={`tag rl-sev ${f.severity}`}>{f.severity === 'block' ? '须修改' : '提示'}</span> <span className="tag">{FINDING_KIND_LABELS[f.kind]}</span> {f.message}
                  {f.offsets.length > 0 ? (
                    <span className="rl-excerpts">
                      {' '}
                      原文：
                      {f.offsets.slice(0, 5).map((o, j) => (
                        <mark key={j} className={`rl-mark ${f.severity}`}>
                          {text.slice(o.start, o.end)}
                        </mark>
                      ))}
                    </span>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : null}
          <p className="rl-help">依据事件最新官方数字核对{r.figures.asOf ? `（截至 ${formatDateTime(r.figures.asOf)}）` : ''}；检查为辅助，不代替保密审查。</p>
        </section>
      </div>

      {ops.length > 0 ? (
        <section aria-labelledby="next-h">
          <h2 id="next-h">下一步</h2>
          <div className="rl-forms">
            {ops.map((op) => (
              <ReleaseStepForm key={`${op}-${r.version}`} releaseId={r.id} version={r.version} {...formOf(op, r, checks)} />
            ))}
          </div>
        </section>
      ) : null}

      <div className="rl-columns">
        {tracking && r.publishedAt ? <TrackingCard tracking={tracking} publishedAt={r.publishedAt} /> : null}
        {forecast ? <ForecastCard forecast={forecast} /> : null}
      </div>

      <section aria-labelledby="reviews-h">
        <h2 id="reviews-h">保密审查记录</h2>
        {r.reviews.length === 0 ? (
          <p className="empty">尚无保密审查记录。发布前须有针对当前文本的审查通过记录。</p>
        ) : (
          <div className="card rl-table-wrap">
            <table className="table rl-reviews">
              <thead>
                <tr>
                  <th scope="col">时间</th>
                  <th scope="col">审查员</th>
                  <th scope="col">结论</th>
                  <th scope="col">删除内容</th>
                  <th scope="col">意见</th>
                  <th scope="col">审查的文本</th>
                </tr>
              </thead>
              <tbody>
                {r.reviews.map((v) => (
                  <tr key={v.id}>
                    <td className="nowrap">{formatDateTime(v.reviewedAt)}</td>
                    <td>
                      {v.reviewerName}
                      <span className="muted">（{v.reviewer}）</span>
                    </td>
                    <td>{REVIEW_RESULT[v.result]}</td>
                    <td className="rl-pre">{v.redactions.map((x) => `“${x.text}”${x.reason ? `：${x.reason}` : ''}`).join('\n')}</td>
                    <td className="rl-pre">{v.opinion ?? ''}</td>
                    <td className="nowrap">
                      <code>{v.textHash.slice(0, 12)}</code> {v.textHash === r.textHash ? '（当前文本）' : '（已修改）'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="history-h">
        <h2 id="history-h">办理记录</h2>
        <div className="card rl-table-wrap">
          <table className="table rl-history">
            <thead>
              <tr>
                <th scope="col">时间</th>
                <th scope="col">操作</th>
                <th scope="col">状态</th>
                <th scope="col">操作人</th>
                <th scope="col">说明</th>
                <th scope="col">记录</th>
              </tr>
            </thead>
            <tbody>
              {r.steps.map((s) => (
                <tr key={s.seq}>
                  <td className="nowrap">{formatDateTime(s.at)}</td>
                  <td>{RELEASE_STEP_LABELS[s.action]}</td>
                  <td className="nowrap">
                    {s.fromState ? `${RELEASE_STATE_LABELS[s.fromState]} → ` : ''}
                    {RELEASE_STATE_LABELS[s.toState]}
                  </td>
                  <td>
                    {s.actorName}
                    <span className="muted">（{s.actor}）</span>
                  </td>
                  <td className="rl-pre">{s.note ?? ''}</td>
                  <td className="rl-pre muted">{stepText(s)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
