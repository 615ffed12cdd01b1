import type { Metadata } from 'next';
import { connection } from 'next/server';
import { Suspense } from 'react';
import { EventsListPage } from '@/components/events/EventsListPage';
import { db, listEvents } from '@/lib/db';
import { parseEventListQuery } from '@/lib/events-view/list-query';
import type { SearchParams } from '@/lib/events-view/list-query';
import { requirePermission } from '@/lib/auth/dal';

export const metadata: Metadata = { title: '事件 - 安全生产舆情监测预警平台' };

async function EventsList({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await connection(); // always fresh data
  const { query, ignored } = parseEventListQuery(await searchParams);
  const list = await listEvents(db(), query, new Date());
  return <EventsListPage list={list} query={query} ignored={ignored} />;
}

// GET /events – events ranked by heat or latest activity, with filters in the query string
export default async function Page({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requirePermission('monitor.read');
  return (
    <Suspense fallback={<p className="loading" role="status">正在加载事件列表…</p>}>
      <EventsList searchParams={searchParams} />
    </Suspense>
  );
}
