import type { Metadata } from 'next';
import { Suspense } from 'react';
import { AccidentListPage } from '@/components/accidents/AccidentListPage';
import { hasPermission, requirePermission } from '@/lib/auth/dal';
import { db, listAccidentCases } from '@/lib/db';
import { parseAccidentListQuery, type SearchParams } from '@/lib/workflow/accident-form';

export const metadata: Metadata = { title: '事故信息公开 - 安全生产舆情监测预警平台' };

async function List({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const sp = await searchParams;
  const { filter, ignored } = parseAccidentListQuery(sp);
  const rawSort = Array.isArray(sp.sort) ? sp.sort[0] : sp.sort;
  const sort = rawSort === 'recent' ? 'recent' : 'urgency';
  if (rawSort && rawSort !== 'recent' && rawSort !== 'urgency') ignored.push(`排序“${rawSort.slice(0, 20)}”`);
  const list = await listAccidentCases(db(), filter, sort, new Date());
  return <AccidentListPage {...list} filter={filter} sort={sort} ignored={ignored} canManage={await hasPermission('accidents.manage')} />;
}

// GET /accidents – the completeness view: open cases, most urgent first
export default async function Page({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requirePermission('monitor.read');
  return (
    <Suspense fallback={<p className="loading" role="status">正在加载事故信息公开台账…</p>}>
      <List searchParams={searchParams} />
    </Suspense>
  );
}
