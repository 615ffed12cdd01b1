/** One activation of a plan: its checklist, the 口径 frozen at activation and the event's response clocks. */
import Link from 'next/link';
import { ResponseClocks } from '@/components/events/EventAlerts';
import type { EventClockRow, PlanRunRow } from '@/lib/db';
import { RunChecklist, RunWording } from './RunChecklist';
import './plans.css';

export function RunPage({ run, clocks, canRun, now }: { run: PlanRunRow; clocks: EventClockRow[]; canRun: boolean; now: Date }) {
  return (
    <div className="pl-page">
      <p className="small">
        <Link href={`/events/${run.eventId}`}>← 返回事件：{run.eventTitle}</Link>
      </p>
      <div className="page-head">
        <h1>
          {run.planName} <span className={`pill ${run.state === 'active' ? 'degraded' : 'ok'}`}>{run.state === 'active' ? '执行中' : '已关闭'}</span>
        </h1>
      </div>
      <div className="pl-side">
        <section className="card" aria-labelledby="pl-steps-h">
          <h2 id="pl-steps-h">处置步骤{run.tier ? <span className="tag">{run.tier}</span> : null}</h2>
          <RunChecklist run={run} canRun={canRun} now={now} />
        </section>
        <section className="card" aria-labelledby="pl-clocks-h">
          <h2 id="pl-clocks-h">回应时限</h2>
          <ResponseClocks clocks={clocks} now={now} />
        </section>
      </div>
      <section className="card" aria-labelledby="pl-wording-h">
        <h2 id="pl-wording-h">口径与发布</h2>
        <p className="small muted">启动时的预案内容；快报事实、慎报原因。</p>
        <RunWording run={run} />
      </section>
    </div>
  );
}
