import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { ReleaseNewPage } from '@/components/releases/ReleaseNewPage';
import { requirePermission } from '@/lib/auth/dal';
import { db, releaseDraftContext } from '@/lib/db';
import { parseNewQuery } from '@/lib/releases/forms';
import type { SearchParams } from '@/lib/releases/forms';
import { draftRelease, releaseFactsFromEvent } from '@/lib/releases/templates';

export const metadata: Metadata = { title: '起草发布稿 - 安全生产舆情监测预警平台' };

// GET /releases/new?eventId=N&kind=K – a draft prefilled from the kind's template with the event's
// facts (or blank facts without an event). The event is read before anything is sent, so an unknown
// one is a real 404.
export default async function Page({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requirePermission('releases.draft');
  const { eventId, kind, ignored } = parseNewQuery(await searchParams);
  const context = eventId === null ? null : await releaseDraftContext(db(), eventId);
  if (eventId !== null && !context) notFound();
  const facts = context?.facts ?? releaseFactsFromEvent({ accidentType: null, grade: null, province: null, city: null }, []);
  return <ReleaseNewPage kind={kind} draft={draftRelease(kind, facts)} context={context} ignored={ignored} />;
}
