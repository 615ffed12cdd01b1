import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { SourceDetailPage } from '@/components/sources/SourceDetailPage';
import { db, getSourceDetail } from '@/lib/db';
import { requirePermission } from '@/lib/auth/dal';

// GET /sources/[id] – one source: settings, health, fetch history, items per day, latest items
export default async function Page({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePermission('monitor.read');
  await connection();
  const [{ id }, query] = await Promise.all([params, searchParams]);
  const detail = await getSourceDetail(db(), id, new Date());
  if (!detail) notFound();
  return <SourceDetailPage detail={detail} saved={query.saved === '1'} userEditable={detail.source.origin === 'user'} />;
}
