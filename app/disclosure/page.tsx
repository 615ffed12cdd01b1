import type { Metadata } from 'next';
import { Suspense } from 'react';
import { DisclosureListPage } from '@/components/disclosure/DisclosureListPage';
import { hasPermission, requirePermission } from '@/lib/auth/dal';
import { db, listDisclosureRequests } from '@/lib/db';
import { calendarDayInShanghai, currentYearCalendarWarning } from '@/lib/workflow/calendar';
import { parseListQuery, type SearchParams } from '@/lib/workflow/disclosure-form';

export const metadata: Metadata = { title: '依申请公开 - 安全生产舆情监测预警平台' };

async function List({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const today = calendarDayInShanghai(new Date());
  const { query, ignored } = parseListQuery(await searchParams);
  const list = await listDisclosureRequests(
    db(),
    { ...(query.state ? { state: query.state } : {}), ...(query.year ? { year: query.year } : {}), overdueOnly: query.overdue },
    today,
  );
  return (
    <DisclosureListPage
      list={list}
      query={query}
      ignored={ignored}
      calendarWarning={currentYearCalendarWarning(today)}
      canManage={await hasPermission('disclosure.manage')}
    />
  );
}

// GET /disclosure – requests by due date, overdue first
export default async function Page({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requirePermission('disclosure.read');
  // The check comes before the loading state streams, so refusals stay real 403s and redirects.
  return (
    <Suspense fallback={<p className="loading" role="status">正在加载依申请公开…</p>}>
      <List searchParams={searchParams} />
    </Suspense>
  );
}
