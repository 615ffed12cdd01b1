import { connection } from 'next/server';
import { z } from 'zod';
import { SourcesPage } from '@/components/sources/SourcesPage';
import { db, getSourceList } from '@/lib/db';
import { SOURCE_CATEGORIES } from '@/lib/sources/schema';
import type { SourceCategory } from '@/lib/sources/schema';
import { requirePermission } from '@/lib/auth/dal';

const Query = z.object({
  health: z.enum(['ok', 'degraded', 'failing', 'unknown', 'disabled']).optional().catch(undefined),
  category: z.enum(Object.keys(SOURCE_CATEGORIES) as [SourceCategory, ...SourceCategory[]]).optional().catch(undefined),
  deleted: z.string().max(64).optional().catch(undefined),
  items: z.coerce.number().int().min(0).optional().catch(undefined),
});

// GET /sources – 信源: health, last error, items per day; filters by health and category
export default async function Page({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePermission('monitor.read');
  await connection();
  const q = Query.parse(await searchParams);
  const list = await getSourceList(db(), new Date(), { health: q.health, category: q.category });
  const notice = q.deleted ? `已删除信源 ${q.deleted}${q.items !== undefined ? ` 及其 ${q.items} 条信息` : ''}。` : undefined;
  return (
    <SourcesPage
      list={list}
      filters={{ health: q.health, category: q.category }}
      notice={notice}
    />
  );
}
