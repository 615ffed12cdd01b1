/**
 * On an event page: the event's 事故信息公开 case with its status and a link, or, for press officers
 * when none exists, the link to create one prefilled from the event. Reads are permission-checked.
 */
import Link from 'next/link';
import { hasPermission } from '@/lib/auth/dal';
import { db, getAccidentCaseForEvent } from '@/lib/db';
import './accidents.css';

export async function EventAccidentCase({ eventId }: { eventId: number }) {
  if (!(await hasPermission('monitor.read'))) return null;
  const c = await getAccidentCaseForEvent(db(), eventId, new Date());
  const canManage = await hasPermission('accidents.manage');
  if (!c && !canManage) return null;
  return (
    <section className="card ac-event-case" aria-labelledby="ac-event-h">
      <h2 id="ac-event-h">事故信息公开</h2>
      {c ? (
        <p>
          <Link href={`/accidents/${c.id}`}>事故信息公开台账</Link>：
          {c.state === 'closed' ? '公开事项已全部完成。' : `待办 ${c.openDuties} 项，其中逾期 ${c.overdueDuties} 项；调查报告期限 ${c.reportDueOn}。`}
          {c.unpublished.length ? <span className="muted"> 尚未公开：{c.unpublished.join('、')}</span> : null}
        </p>
      ) : (
        <p>
          <Link href={`/accidents/new?eventId=${eventId}`} className="ac-button">
            建立事故信息公开台账
          </Link>
        </p>
      )}
    </section>
  );
}
