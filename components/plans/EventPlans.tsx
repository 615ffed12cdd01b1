/**
 * 处置预案 on the event page: `<EventPlans eventId={event.id} />`. The plans that fit the event
 * (type and grade, with the reasons), 启动预案 for those who may run plans, the active run's
 * checklist with tick forms and overdue marking, and the event's response clocks beside it. The page
 * around it has checked 'monitor.read' already.
 */
import Link from 'next/link';
import { ResponseClocks } from '@/components/events/EventAlerts';
import { hasPermission } from '@/lib/auth/dal';
import { db, eventPlanContext, getEventAlerts } from '@/lib/db';
import { formatDateTime } from '@/lib/format/zh';
import { TIER_ROUTES, tierOfGrade } from '@/lib/plans/schema';
import type { AccidentGrade } from '@/lib/analysis/grade';
import { ActivatePlanForm } from './PlanRunForms';
import { RunChecklist, RunWording } from './RunChecklist';
import './plans.css';

function gradeOf(g: string | null): AccidentGrade | null {
  return g === '特别重大' || g === '重大' || g === '较大' || g === '一般' ? g : null;
}

export async function EventPlans({ eventId }: { eventId: number }) {
  const client = db();
  const now = new Date();
  const [ctx, alerts, canRun] = await Promise.all([eventPlanContext(client, eventId), getEventAlerts(client, eventId), hasPermission('plans.run')]);
  if (!ctx) return <p className="empty">该事件不存在。</p>;
  const active = ctx.runs.find((r) => r.state === 'active') ?? null;
  const closed = ctx.runs.filter((r) => r.state === 'closed');
  const tier = tierOfGrade(gradeOf(ctx.event.grade));
  return (
    <div className="pl-side pl-event">
      <div>
        {active ? (
          <section aria-labelledby={`pl-active-${active.id}`}>
            <h3 id={`pl-active-${active.id}`}>
              已启动：<Link href={`/plans/runs/${active.id}`}>{active.planName}</Link>
            </h3>
            <RunChecklist run={active} canRun={canRun} now={now} />
            <details>
              <summary>口径、发言人与发布渠道</summary>
              <RunWording run={active} />
            </details>
          </section>
        ) : null}
        <h3>匹配的预案</h3>
        <p className="small muted">
          按事故类型（{ctx.event.accidentType ?? '未识别'}）和等级（{ctx.event.grade ?? '未定级'}）匹配；事件对应舆情层级：{tier}——{TIER_ROUTES[tier]}。
        </p>
        {ctx.matches.length === 0 ? (
          <p className="empty">
            预案库中没有与本事件匹配的预案。<Link href="/plans">查看预案库</Link>
          </p>
        ) : (
          <ul className="pl-matches" aria-label="匹配的预案">
            {ctx.matches.map((m) => (
              <li key={m.plan.id} className="pl-match">
                <div>
                  <Link href={`/plans#plan-${m.plan.id}`}>{m.plan.name}</Link> <span className="tag">{m.plan.tier}</span>
                  <p className="pl-reasons">{m.reasons.join('；')}</p>
                </div>
                {canRun && !active ? <ActivatePlanForm planId={m.plan.id} eventId={eventId} planName={m.plan.name} /> : null}
              </li>
            ))}
          </ul>
        )}
        {canRun && active ? <p className="small muted">已有启动中的预案，关闭后才能启动其他预案。</p> : null}
        {closed.length > 0 ? (
          <>
            <h3>已关闭的预案</h3>
            <ul>
              {closed.map((r) => (
                <li key={r.id}>
                  <Link href={`/plans/runs/${r.id}`}>{r.planName}</Link>
                  <span className="small muted">（{formatDateTime(r.activatedAt)} 启动，{r.closedAt ? `${formatDateTime(r.closedAt)} 关闭` : ''}）</span>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </div>
      <aside aria-label="回应时限">
        <h3>回应时限</h3>
        <ResponseClocks clocks={alerts.clocks} now={now} />
      </aside>
    </div>
  );
}
