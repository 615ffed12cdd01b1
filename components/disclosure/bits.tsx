/** Small pieces the 依申请公开 pages share: SLA pill, days with their weekday, banners, field errors. */
import { describeDay, weekdayOf, type CalendarDay } from '@/lib/workflow/calendar';
import { SLA_LABELS, type SlaColour } from '@/lib/workflow/disclosure-deadline';

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

/** 2026-04-03（周五）, with 节假日/调休 named when the day is one. */
export function Day({ day }: { day: CalendarDay | null | undefined }) {
  if (!day) return <>—</>;
  const info = describeDay(day);
  const extra = info.kind === 'holiday' || info.kind === 'makeup_workday' ? `，${info.label}` : '';
  return (
    <time dateTime={day} className="dc-day">
      {day}（{WEEKDAYS[weekdayOf(day)]}
      {extra}）
    </time>
  );
}

/** Colour and words: a pill is never only a colour. */
export function SlaPill({ sla, label, left }: { sla: SlaColour; label: string; left: number | null }) {
  if (sla === 'none') {
    return (
      <span className="pill dc-sla none" data-sla="none">
        {label}
      </span>
    );
  }
  const words = sla === 'black' ? `${SLA_LABELS.black}${left !== null ? ` ${-left} 个工作日` : ''}` : `${SLA_LABELS[sla]}${left !== null ? ` · 剩 ${left} 个工作日` : ''}`;
  return (
    <span className={`pill dc-sla ${sla}`} data-sla={sla}>
      {words}
    </span>
  );
}

export function CalendarBanner({ warning }: { warning: string | null }) {
  if (!warning) return null;
  return (
    <p className="banner dc-calendar-warning" role="note">
      节假日表：{warning}
    </p>
  );
}
