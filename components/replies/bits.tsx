/** Small pieces the 待回应 pages share: the state pill and the due-time pill, both in words. */
import { clockStatus } from '@/lib/warning/clocks';
import { REPLY_STATE_LABELS } from '@/lib/replies/state-machine';
import type { ReplyState } from '@/lib/replies/state-machine';

export function StatePill({ state }: { state: ReplyState }) {
  return (
    <span className={`pill rp-state ${state}`} data-state={state}>
      {REPLY_STATE_LABELS[state]}
    </span>
  );
}

/** 剩余 3 小时 12 分 / 已超时 1 小时 5 分 / 已按时回应 / 已回应（超时 …） / 未回应即关闭. */
export function DuePill({ task, now }: { task: { state: ReplyState; dueAt: Date; answeredAt: Date | null }; now: Date }) {
  if (task.state === 'closed' && !task.answeredAt) return <span className="pill rp-due">未回应即关闭</span>;
  const s = clockStatus({ dueAt: task.dueAt }, { metAt: task.answeredAt }, now);
  const cls = s.state === 'overdue' || s.state === 'met_late' ? 'overdue' : s.state === 'met' ? 'met' : s.escalate ? 'soon' : '';
  const text = s.state === 'met' ? '已按时回应' : s.state === 'met_late' ? s.text.replace('已完成', '已回应') : s.text;
  return <span className={`pill rp-due ${cls}`}>{text}</span>;
}

export function SubjectLabel({ type }: { type: 'item' | 'event' }) {
  return <span className="tag">{type === 'item' ? '信息' : '事件'}</span>;
}
