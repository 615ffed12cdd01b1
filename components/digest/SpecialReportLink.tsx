/** 生成专报 on the event page, for digest.manage only (a form: generation writes, so it is a POST). */
import { hasPermission } from '@/lib/auth/dal';
import { generateSpecialAction } from '@/app/digests/actions';

export async function SpecialReportLink({ eventId }: { eventId: number }) {
  if (!(await hasPermission('digest.manage'))) return null;
  return (
    <form action={generateSpecialAction} className="card" aria-label="舆情专报">
      <input type="hidden" name="eventId" value={eventId} />
      <button type="submit">生成专报</button> <span className="muted">按本事件的报道、事实核对、预警与匹配的应对预案生成舆情专报。</span>
    </form>
  );
}
