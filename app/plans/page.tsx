import type { Metadata } from 'next';
import { Suspense } from 'react';
import { z } from 'zod';
import { PlansListPage } from '@/components/plans/PlansListPage';
import { hasPermission, requirePermission } from '@/lib/auth/dal';
import { db, listPlans } from '@/lib/db';

export const metadata: Metadata = { title: '应对预案 - 安全生产舆情监测预警平台' };

type SearchParams = Record<string, string | string[] | undefined>;
const IdSchema = z.coerce.number().int().positive().max(2 ** 31);

async function List({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const sp = await searchParams;
  const [plans, canManage] = await Promise.all([listPlans(db()), hasPermission('plans.manage')]);
  const savedId = IdSchema.safeParse(sp.saved).data ?? null;
  return <PlansListPage plans={plans} canManage={canManage} savedId={savedId} deleted={sp.deleted === '1'} />;
}

// GET /plans – the plan library: every plan with its steps, 口径, spokesperson and channels
export default async function Page({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requirePermission('monitor.read');
  return (
    <Suspense fallback={<p className="loading" role="status">正在加载预案库…</p>}>
      <List searchParams={searchParams} />
    </Suspense>
  );
}
