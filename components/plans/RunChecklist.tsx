/**
 * One activation's checklist: each step with its responsible role, due time from activation,
 * overdue marking in words, and who ticked it when; the tick form only for those who may run plans
 * and only while the run is active.
 */
import { formatDateTime } from '@/lib/format/zh';
import { isStepOverdue } from '@/lib/db';
import type { PlanRunRow } from '@/lib/db';
import { formatDuration } from '@/lib/warning/clocks';
import { CloseRunForm, TickStepForm } from './PlanRunForms';
import './plans.css';

export function RunChecklist({ run, canRun, now }: { run: PlanRunRow; canRun: boolean; now: Date }) {
  const done = run.steps.filter((s) => s.doneAt).length;
  const active = run.state === 'active';
  return (
    <div className="pl-run" data-run={run.id}>
      <p className="small">
        {run.activatedByName} 于 {formatDateTime(run.activatedAt)} 启动；已完成 {done}/{run.steps.length} 步
        {run.state === 'closed' && run.closedAt ? `；${run.closedByName ?? ''} 于 ${formatDateTime(run.closedAt)} 关闭${run.closeNote ? `（${run.closeNote}）` : ''}` : ''}
      </p>
      <div className="rp-table-wrap">
        <table className="table" aria-label={`预案步骤：${run.planName}`}>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">步骤</th>
              <th scope="col">责任</th>
              <th scope="col">时限</th>
              <th scope="col">完成情况</th>
            </tr>
          </thead>
          <tbody>
            {run.steps.map((s) => {
              const overdue = active && isStepOverdue(s, now);
              const late = s.doneAt !== null && s.dueAt !== null && s.doneAt.getTime() > s.dueAt.getTime();
              return (
                <tr key={s.seq} className={`pl-step${s.doneAt ? ' done' : ''}${overdue ? ' overdue' : ''}`} data-step={s.seq}>
                  <td>{s.seq + 1}</td>
                  <td>
                    {s.title}
                    {s.optional ? <span className="muted small">（可选）</span> : null}
                  </td>
                  <td>{s.responsible}</td>
                  <td className="small nowrap">
                    {s.dueAt ? formatDateTime(s.dueAt) : '不限'}
                    {overdue ? <div className="pl-overdue">已超时 {formatDuration(now.getTime() - s.dueAt!.getTime())}</div> : null}
                  </td>
                  <td>
                    {s.doneAt ? (
                      <span className="pl-done">
                        ✓ {s.doneByName ?? s.doneBy} {formatDateTime(s.doneAt)}
                        {late ? <span className="pl-overdue">（超时完成）</span> : null}
                        {s.note ? <div className="small muted">{s.note}</div> : null}
                      </span>
                    ) : active && canRun ? (
                      <TickStepForm runId={run.id} seq={s.seq} title={s.title} />
                    ) : (
                      <span className="muted">未完成</span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {active && canRun ? <CloseRunForm runId={run.id} /> : null}
    </div>
  );
}

/** The 口径 and who speaks, as frozen at activation. */
export function RunWording({ run }: { run: PlanRunRow }) {
  const s = run.snapshot;
  if (!s) return <p className="muted">预案内容无法读取。</p>;
  return (
    <div>
      <dl className="pl-meta">
        <dt>新闻发言人</dt>
        <dd>{s.spokesperson}</dd>
        <dt>联络人</dt>
        <dd>{s.liaison ?? '未填写'}</dd>
        <dt>发布渠道</dt>
        <dd>{s.channels.join(' → ')}</dd>
      </dl>
      <h4>核心口径</h4>
      <p className="pl-wording">{s.wording.core}</p>
      {s.wording.qa.length > 0 ? (
        <>
          <h4>问答口径</h4>
          <dl className="pl-qa">
            {s.wording.qa.map((q, i) => (
              <div key={i}>
                <dt>问：{q.question}</dt>
                <dd>答：{q.answer}</dd>
              </div>
            ))}
          </dl>
        </>
      ) : null}
    </div>
  );
}
