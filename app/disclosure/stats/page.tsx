import type { Metadata } from 'next';
import { Suspense } from 'react';
import { StatsPage } from '@/components/disclosure/StatsPage';
import { requirePermission } from '@/lib/auth/dal';
import { db, disclosureYears, getDisclosureYearStats } from '@/lib/db';
import { calendarDayInShanghai, currentYearCalendarWarning, yearOf } from '@/lib/workflow/calendar';
import { parseStatsYear, type SearchParams } from '@/lib/workflow/disclosure-form';

export const metadata: Metadata = { title: '依申请公开年度统计 - 安全生产舆情监测预警平台' };

async function Stats({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const today = calendarDayInShanghai(new Date());
  const { year, ignored } = parseStatsYear(await searchParams, yearOf(today));
  const client = db();
  const [stats, years] = await Promise.all([getDisclosureYearStats(client, year), disclosureYears(client)]);
  return <StatsPage stats={stats} years={years} ignored={ignored} calendarWarning={currentYearCalendarWarning(today)} />;
}

// GET /disclosure/stats?year=YYYY – the annual-report table
export default async function Page({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requirePermission('disclosure.read');
  return (
    <Suspense fallback={<p className="loading" role="status">正在统计…</p>}>
      <Stats searchParams={searchParams} />
    </Suspense>
  );
}
