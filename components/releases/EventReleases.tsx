/**
 * 信息发布 on the event page: `<EventReleases eventId={event.id} />`. The event's releases with their
 * state, and a 起草发布稿 link per kind for those who may draft. The page around it has checked
 * 'monitor.read' already.
 */
import Link from 'next/link';
import { hasPermission } from '@/lib/auth/dal';
import { db, listEventReleases } from '@/lib/db';
import { formatDateTime } from '@/lib/format/zh';
import { RELEASE_KIND_LABELS, RELEASE_KINDS } from '@/lib/releases/kinds';
import { StatePill } from './bits';
import './releases.css';

export async function EventReleases({ eventId }: { eventId: number }) {
  const [releases, canDraft] = await Promise.all([listEventReleases(db(), eventId), hasPermission('releases.draft')]);
  return (
    <section className="card rl-event-releases" aria-labelledby={`rl-event-${eventId}`}>
      <h2 id={`rl-event-${eventId}`}>信息发布</h2>
      {releases.length === 0 ? (
        <p className="empty">本事件还没有发布稿。</p>
      ) : (
        <ul>
          {releases.map((r) => (
            <li key={r.id} data-id={r.id}>
              <Link href={`/releases/${r.id}`}>{r.title}</Link> <StatePill state={r.state} /> <span className="muted">{RELEASE_KIND_LABELS[r.kind]}，{formatDateTime(r.updatedAt)}</span>
            </li>
          ))}
        </ul>
      )}
      {canDraft ? (
        <nav aria-label="起草发布稿">
          <ul className="rl-draft-links">
            {RELEASE_KINDS.map((k) => (
              <li key={k}>
                <Link href={`/releases/new?eventId=${eventId}&kind=${k}`}>起草{RELEASE_KIND_LABELS[k]}</Link>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
    </section>
  );
}
