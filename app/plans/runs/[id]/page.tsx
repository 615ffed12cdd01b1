import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { RunPage } from '@/components/plans/RunPage';
import { hasPermission, requirePermission } from '@/lib/auth/dal';
import { db, getEventAlerts, getPlanRun } from '@/lib/db';

export const metadata: Metadata = { title: '预案执行 - 安全生产舆情监测预警平台' };

const IdSchema = z.coerce.number().int().positive().max(2 ** 31);

// GET /plans/runs/[id] – one activation's checklist beside the event's response clocks; read before
// anything is sent, so an unknown id is a real 404
export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  await requirePermission('monitor.read');
  const id = IdSchema.safeParse((await params).id);
  if (!id.success) notFound();
  const client = db();
  const run = await getPlanRun(client, id.data);
  if (!run) notFound();
  const [alerts, canRun] = await Promise.all([getEventAlerts(client, run.eventId), hasPermission('plans.run')]);
  return <RunPage run={run} clocks={alerts.clocks} canRun={canRun} now={new Date()} />;
}
