import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ReleasesListPage } from '@/components/releases/ReleasesListPage';
import { hasPermission, requirePermission } from '@/lib/auth/dal';
import { db, listReleases } from '@/lib/db';
import { parseListQuery } from '@/lib/releases/forms';
import type { SearchParams } from '@/lib/releases/forms';

export const metadata: Metadata = { title: '信息发布 - 安全生产舆情监测预警平台' };

async function List({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { query, ignored } = parseListQuery(await searchParams);
  const [list, canDraft] = await Promise.all([listReleases(db(), query), hasPermission('releases.draft')]);
  return <ReleasesListPage list={list} query={query} ignored={ignored} canDraft={canDraft} />;
}

// GET /releases – releases by state with event, kind, drafter and last change
export default async function Page({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requirePermission('monitor.read');
  return (
    <Suspense fallback={<p className="loading" role="status">正在加载发布稿…</p>}>
      <List searchParams={searchParams} />
    </Suspense>
  );
}
