import { connection } from 'next/server';
import { ItemsPage } from '@/components/items/ItemsPage';
import { db, loadItemsView, prepareSearchSegmenter } from '@/lib/db';
import { parseItemQuery } from '@/lib/search/filter';
import { requirePermission } from '@/lib/auth/dal';

export const metadata = { title: '信息 · 安全生产舆情监测预警平台' };

// GET /items – 信息列表：筛选、全文检索、翻页
export default async function Page({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePermission('monitor.read');
  await connection();
  const params = await searchParams;
  if (params.q) await prepareSearchSegmenter(db());
  const query = parseItemQuery(params, new Date());
  const view = await loadItemsView(db(), query);
  return <ItemsPage query={query} view={view} />;
}
