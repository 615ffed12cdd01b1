import type { Metadata } from 'next';
import { connection } from 'next/server';
import { Suspense } from 'react';
import { AlertsPage } from '@/components/alerts/AlertsPage';
import { parseAlertListQuery } from '@/lib/alerts-view/list-query';
import type { SearchParams } from '@/lib/alerts-view/list-query';
import { db, listAlertsPage } from '@/lib/db';
import { requirePermission } from '@/lib/auth/dal';

export const metadata: Metadata = { title: '预警处置 - 安全生产舆情监测预警平台' };

async function Alerts({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await connection(); // always fresh data
  const { query, ignored } = parseAlertListQuery(await searchParams);
  const list = await listAlertsPage(db(), query);
  return <AlertsPage list={list} query={query} ignored={ignored} />;
}

// GET /alerts – early-warning alerts with their handling
export default async function Page({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requirePermission('monitor.read');
  return (
    <Suspense fallback={<p className="loading" role="status">正在加载预警…</p>}>
      <Alerts searchParams={searchParams} />
    </Suspense>
  );
}
