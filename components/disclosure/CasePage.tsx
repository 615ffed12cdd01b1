/**
 * One 依申请公开 case: the facts, the clock (due date, working days left and elapsed, pauses), the
 * library's warnings, the timeline with who and when, and only the next steps the state allows.
 */
import Link from 'next/link';
import type { DisclosureCase } from '@/lib/db';
import { formatDateTime } from '@/lib/format/zh';
import { EVENT_LABELS, REGIME_LIMITS } from '@/lib/workflow/disclosure-deadline';
import { APPLICANT_TYPES, REVIEW_COLUMNS, REVIEW_KINDS } from '@/lib/workflow/disclosure-stats';
import { CalendarBanner, Day, SlaPill } from './bits';
import { describeEvent, eventDay } from './describe';
import { StepForm } from './StepForm';
import { REVIEW_STEP, nextSteps } from './step-specs';
import './disclosure.css';

const STEP_DONE: Record<string, string> = { ...EVENT_LABELS, review: '行政复议/诉讼' };

export function CasePage({
  c,
  today,
  calendarWarning,
  canManage,
  notice,
}: {
  c: DisclosureCase;
  today: string;
  calendarWarning: string | null;
  canManage: boolean;
  notice: string | null;
}) {
  const clock = c.clock;
  const consultationLabels = new Map(clock.consultations.map((p) => [p.consultationId, `${p.partyLabel}，${p.startedOn} 发出`]));
  const steps = canManage ? nextSteps(clock, today) : [];
  const stepNotice = notice ? (notice === 'registered' ? `已登记 ${c.number}。` : `已记录：${STEP_DONE[notice] ?? notice}。`) : null;
  return (
    <div className="dc-page">
      <p className="dc-back">
        <Link href="/disclosure">« 依申请公开</Link>
      </p>
      <div className="page-head">
        <h1>{c.number}</h1>
        <span className="dc-state" data-state={clock.state}>
          {clock.stateLabel}
        </span>
        <SlaPill sla={clock.sla} label={clock.state === 'closed' ? (clock.closedLate ? '逾期办结' : '按期办结') : clock.slaLabel} left={clock.workingDaysLeft} />
      </div>
      {stepNotice ? (
        <p className="dc-form-message saved" role="status">
          {stepNotice}
        </p>
      ) : null}
      <CalendarBanner warning={calendarWarning} />
      {clock.errors.length > 0 ? (
        <div className="banner alert" role="alert">
          记录中有无法计入的事件：
          <ul>
            {clock.errors.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {clock.warnings.length > 0 ? (
        <ul className="dc-warnings" aria-label="提示">
          {clock.warnings.map((w) => (
            <li key={w} className={`banner ${clock.sla === 'black' || clock.sla === 'red' ? 'alert' : 'dc-warn'}`}>
              {w}
            </li>
          ))}
        </ul>
      ) : null}
      <div className="dc-columns">
        <section className="card dc-clock" aria-labelledby="clock-h">
          <h2 id="clock-h">答复期限</h2>
          <dl className="dc-facts">
            <dt>收到申请之日</dt>
            <dd>
              <Day day={clock.receivedOn} />
              {clock.receiptRule ? <div className="muted dc-rule">{clock.receiptRule}</div> : null}
            </dd>
            <dt>适用</dt>
            <dd>
              {clock.regime ? `${REGIME_LIMITS[clock.regime].label}：${REGIME_LIMITS[clock.regime].replyDays} 个工作日，可延长 ${REGIME_LIMITS[clock.regime].maxExtensionDays} 个工作日` : '—'}
            </dd>
            {clock.clockStartOn && clock.clockStartOn !== clock.receivedOn ? (
              <>
                <dt>期限起算日（收到补正）</dt>
                <dd>
                  <Day day={clock.clockStartOn} />
                </dd>
              </>
            ) : null}
            <dt>答复期限</dt>
            <dd className="dc-due">
              {clock.state === 'awaiting_supplement' ? <span>期限中止，收到补正后重新计算</span> : <Day day={clock.dueDate} />}
              {clock.extensionWorkingDays > 0 ? <div className="muted">已延长 {clock.extensionWorkingDays} 个工作日（法定期限 {clock.statutoryDueDate}）</div> : null}
              {clock.reasonableDelay ? <div className="muted">第35条延迟答复：{clock.reasonableDelay.reason}</div> : null}
            </dd>
            <dt>{clock.state === 'closed' ? '办结时剩余工作日' : '剩余工作日'}</dt>
            <dd className="dc-left">{clock.workingDaysLeft === null ? '—' : clock.workingDaysLeft < 0 ? `已逾期 ${-clock.workingDaysLeft} 个工作日` : `${clock.workingDaysLeft} 个工作日`}</dd>
            <dt>已用工作日</dt>
            <dd className="dc-elapsed">{clock.workingDaysElapsed} 个工作日（征求意见期间不计）</dd>
            {clock.supplementNoticeDeadline && clock.state !== 'closed' ? (
              <>
                <dt>告知补正最迟</dt>
                <dd>
                  <Day day={clock.supplementNoticeDeadline} />
                </dd>
              </>
            ) : null}
            {clock.supplementReplyBy ? (
              <>
                <dt>申请人补正期限</dt>
                <dd>
                  <Day day={clock.supplementReplyBy} />
                </dd>
              </>
            ) : null}
            {clock.closedOn ? (
              <>
                <dt>办结日期</dt>
                <dd>
                  <Day day={clock.closedOn} />
                </dd>
                <dt>办理结果</dt>
                <dd className="dc-outcome">
                  {clock.outcome?.categoryLabel}
                  {clock.outcome?.reasonLabel ? `：${clock.outcome.reasonLabel}` : ''}
                  {clock.outcome?.art36Label ? <div className="muted">第36条{clock.outcome.art36Label}</div> : null}
                </dd>
              </>
            ) : null}
          </dl>
          {clock.consultations.length > 0 ? (
            <table className="table dc-consultations">
              <caption className="dc-caption">征求意见（期间不计入答复期限）</caption>
              <thead>
                <tr>
                  <th scope="col">对象</th>
                  <th scope="col">发出</th>
                  <th scope="col">收到答复</th>
                  <th scope="col">最迟恢复计算</th>
                  <th scope="col">暂停工作日</th>
                </tr>
              </thead>
              <tbody>
                {clock.consultations.map((p) => (
                  <tr key={`${p.consultationId}-${p.startedOn}`}>
                    <td>{p.partyLabel}</td>
                    <td className="nowrap">{p.startedOn}</td>
                    <td className="nowrap">{p.endedOn ?? '尚未答复'}</td>
                    <td className="nowrap">{p.limitOn}</td>
                    <td>{p.pausedWorkingDays}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </section>
        <section className="card dc-facts-card" aria-labelledby="facts-h">
          <h2 id="facts-h">申请信息</h2>
          <dl className="dc-facts">
            <dt>申请人</dt>
            <dd>
              {c.applicantName}（{APPLICANT_TYPES[c.applicantType]}）
            </dd>
            <dt>联系方式</dt>
            <dd>{c.contact}</dd>
            <dt>提交渠道</dt>
            <dd>{c.channel}</dd>
            <dt>申请公开的信息</dt>
            <dd className="dc-description">{c.description}</dd>
            <dt>登记</dt>
            <dd>
              {formatDateTime(c.createdAt)}，{c.createdBy}
            </dd>
          </dl>
        </section>
      </div>
      <section className="card" aria-labelledby="timeline-h">
        <h2 id="timeline-h">办理记录</h2>
        <ol className="dc-timeline">
          {c.timeline.map((e) => (
            <li key={e.seq} data-type={e.event.type}>
              <div className="dc-tl-head">
                <span className="dc-tl-day">{eventDay(e.event) ?? '—'}</span> <strong>{EVENT_LABELS[e.event.type]}</strong>
              </div>
              <div>{describeEvent(e.event, consultationLabels)}</div>
              {e.note ? <div className="dc-note">说明：{e.note}</div> : null}
              <div className="muted dc-who">
                {e.recordedByName}（{e.recordedBy}）记录于 {formatDateTime(e.recordedAt)}
              </div>
            </li>
          ))}
        </ol>
      </section>
      {c.reviews.length > 0 ? (
        <section className="card" aria-labelledby="reviews-h">
          <h2 id="reviews-h">行政复议、行政诉讼</h2>
          <ul>
            {c.reviews.map((r) => (
              <li key={r.id}>
                {REVIEW_KINDS[r.kind]}，{r.filedOn} 提起，{r.result && r.decidedOn ? `${REVIEW_COLUMNS[r.result]}（${r.decidedOn}）` : REVIEW_COLUMNS.pending}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {canManage ? (
        <section aria-labelledby="next-h" className="dc-next">
          <h2 id="next-h">{steps.length > 0 ? '下一步' : '已办结'}</h2>
          <div className="dc-step-grid">
            {steps.map((s) => (
              <StepForm key={`${s.type}-${c.eventCount}`} requestId={c.id} expectedCount={c.eventCount} {...s} />
            ))}
            {clock.state === 'closed' ? <StepForm key={`review-${c.reviews.length}`} requestId={c.id} expectedCount={c.eventCount} {...REVIEW_STEP} /> : null}
          </div>
        </section>
      ) : null}
    </div>
  );
}
