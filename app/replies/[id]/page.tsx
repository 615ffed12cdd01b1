import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { ReplyTaskPage } from '@/components/replies/ReplyTaskPage';
import { hasPermission, requirePermission } from '@/lib/auth/dal';
import { db, getReplyTask, listReplyAssignees } from '@/lib/db';
import type { SearchParams } from '@/lib/replies/forms';

export const metadata: Metadata = { title: '回应任务 - 安全生产舆情监测预警平台' };

const IdSchema = z.coerce.number().int().positive().max(2 ** 31);
const DoneSchema = z.enum(['create', 'assign', 'answer', 'close', 'reopen']);

// GET /replies/[id] – one task: subject, due time, history and the next step its state allows. The
// task is read before anything is sent, so an unknown id is a real 404.
export default async function Page({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<SearchParams> }) {
  await requirePermission('monitor.read');
  const id = IdSchema.safeParse((await params).id);
  if (!id.success) notFound();
  const now = new Date();
  const client = db();
  const task = await getReplyTask(client, id.data, now);
  if (!task) notFound();
  const canHandle = await hasPermission('replies.handle');
  const assignees = canHandle ? await listReplyAssignees(client) : [];
  const done = DoneSchema.safeParse((await searchParams).done).data ?? null;
  return <ReplyTaskPage task={task} assignees={assignees} canHandle={canHandle} done={done} now={now} />;
}
