import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { EventDetailPage } from '@/components/events/EventDetailPage';
import { EventReleases } from '@/components/releases/EventReleases';
import { EventAccidentCase } from '@/components/accidents/EventAccidentCase';
import { SpecialReportLink } from '@/components/digest/SpecialReportLink';
import { db, getEvent, getEventAlerts, getEventFactReports, getEventItems, getEventTimelineMembers } from '@/lib/db';
import { EventIdSchema } from '@/lib/events-view/list-query';
import { requirePermission } from '@/lib/auth/dal';

type Params = Promise<{ id: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  await requirePermission('monitor.read');
  const id = EventIdSchema.safeParse((await params).id);
  const event = id.success ? await getEvent(db(), id.data) : null;
  return { title: `${event ? event.title : '事件不存在'} - 事件 - 安全生产舆情监测预警平台` };
}

// GET /events/:id – one event: header, spread, facts, items, alerts and clocks
export default async function Page({ params }: { params: Params }) {
  await requirePermission('monitor.read');
  await connection(); // always fresh data
  const id = EventIdSchema.safeParse((await params).id);
  if (!id.success) notFound();
  const client = db();
  // Checked before anything streams, so an unknown id is a real 404.
  const event = await getEvent(client, id.data);
  if (!event) notFound();
  const data = {
    timeline: getEventTimelineMembers(client, event.id),
    facts: getEventFactReports(client, event.id),
    items: getEventItems(client, event.id),
    alerts: getEventAlerts(client, event.id),
  };
  return (
    <>
      <EventDetailPage event={event} now={new Date()} data={data} />
      <EventReleases eventId={event.id} />
      <EventAccidentCase eventId={event.id} />
      <SpecialReportLink eventId={event.id} />
    </>
  );
}
