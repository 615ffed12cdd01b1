import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { ReleasePage } from '@/components/releases/ReleasePage';
import { requirePermission } from '@/lib/auth/dal';
import { can } from '@/lib/auth/permissions';
import { db, getRelease, officialFiguresOfEvent, releaseForecast, releaseTracking, runReleaseChecks } from '@/lib/db';
import type { SearchParams } from '@/lib/releases/forms';
import { stepsOffered } from '@/lib/releases/workflow';

export const metadata: Metadata = { title: '发布稿 - 安全生产舆情监测预警平台' };

const IdSchema = z.coerce.number().int().positive().max(2 ** 31);
const DoneSchema = z.enum(['create', 'edit', 'submit', 'clear', 'return', 'approve', 'reject', 'publish', 'withdraw']);

// GET /releases/[id] – one release: text with the check findings, forecast or tracking, 保密审查
// records, history and the steps the signed-in person may take now. Read before anything is sent,
// so an unknown id is a real 404.
export default async function Page({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<SearchParams> }) {
  const actor = await requirePermission('monitor.read');
  const id = IdSchema.safeParse((await params).id);
  if (!id.success) notFound();
  const client = db();
  const release = await getRelease(client, id.data);
  if (!release) notFound();
  const now = new Date();
  const live = release.state !== 'published' && release.state !== 'withdrawn';
  const [official, forecast, tracking] = await Promise.all([
    officialFiguresOfEvent(client, release.eventId),
    live ? releaseForecast(client, release, now) : Promise.resolve(null),
    release.publishedAt ? releaseTracking(client, release, now) : Promise.resolve(null),
  ]);
  // The checks run afresh against the event's latest official figures.
  const checks = runReleaseChecks(release.kind, release.title, release.body, official.figures);
  const who = { username: actor.username, roles: actor.roles };
  const ops = stepsOffered(release.state, who, release.authors);
  const ownText = release.state === 'in_review' && can(actor.roles, 'releases.review') && release.authors.includes(actor.username);
  const done = DoneSchema.safeParse((await searchParams).done).data ?? null;
  return <ReleasePage release={{ ...release, figures: official }} checks={checks} ops={ops} forecast={forecast} tracking={tracking} done={done} ownText={ownText} />;
}
