import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { TopicEditPage } from '@/components/settings/TopicEditPage';
import { db, getAnalysisStatus, getTopicForSettings } from '@/lib/db';
import { requirePermission } from '@/lib/auth/dal';

// GET /settings/topics/[id] – edit, 试运行, disable or delete one topic
export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  await requirePermission('settings.read');
  await connection();
  const { id } = await params;
  if (!/^\d{1,10}$/.test(id)) notFound();
  const client = db();
  const [topic, status] = await Promise.all([getTopicForSettings(client, Number(id)), getAnalysisStatus(client)]);
  if (!topic) notFound();
  return <TopicEditPage topic={topic} status={status} />;
}
