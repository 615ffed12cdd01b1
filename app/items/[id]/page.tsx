import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { z } from 'zod';
import { ItemDetailPage } from '@/components/items/ItemDetailPage';
import { db, getItemDetail } from '@/lib/db';
import { requirePermission } from '@/lib/auth/dal';

export const metadata = { title: '信息详情 · 安全生产舆情监测预警平台' };

const IdSchema = z.coerce.number().int().positive().max(2_147_483_647);

// GET /items/[id] – 一条信息的全文与分析解释
export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  await requirePermission('monitor.read');
  await connection();
  const id = IdSchema.safeParse((await params).id);
  if (!id.success) notFound();
  const item = await getItemDetail(db(), id.data);
  if (!item) notFound();
  return <ItemDetailPage item={item} />;
}
