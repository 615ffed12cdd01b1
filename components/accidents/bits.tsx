/** Small pieces the 事故信息公开 pages share: duty-state pill (colour and words), rule lines, grade. */
import type { Duty, DutyRule, DutyState } from '@/lib/workflow/accident-case';
import { DUTY_STATE_LABELS } from '@/lib/workflow/accident-case';

const TAG_TITLE = { V: '已核对法规全文', P: '据转载或实务资料，上线前须核对原文', R: '推断，未经核实' } as const;

export function DutyPill({ state }: { state: DutyState }) {
  return (
    <span className={`pill ac-duty ${state}`} data-state={state}>
      {DUTY_STATE_LABELS[state]}
    </span>
  );
}

export function RuleLine({ rule }: { rule: DutyRule }) {
  return (
    <p className="ac-rule">
      {rule.text}。<span className="muted">{rule.source}</span>
      <abbr className={`ac-tag ${rule.confidence}`} title={TAG_TITLE[rule.confidence]}>
        [{rule.confidence}]
      </abbr>
    </p>
  );
}

export function dutyDue(d: Duty): string {
  if (d.dueAt) return formatShanghai(d.dueAt);
  return d.dueOn ?? '—';
}

export function dutyDone(d: Duty): string {
  if (d.doneAt) return formatShanghai(d.doneAt);
  return d.doneOn ?? '—';
}

const FMT = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });

/** 2026/03/02 11:30 (Beijing time). */
export function formatShanghai(d: Date): string {
  return FMT.format(d);
}

export function GradeTag({ grade }: { grade: string | null }) {
  const level = grade === '特别重大' ? 'red' : grade === '重大' ? 'orange' : grade === '较大' ? 'yellow' : grade === '一般' ? 'blue' : null;
  if (!level) return <span className="muted">未定级</span>;
  return <span className={`level ${level}`}>{grade}</span>;
}
