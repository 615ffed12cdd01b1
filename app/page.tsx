import { connection } from 'next/server';
import { OverviewPage } from '@/components/overview/OverviewPage';
import { db, getOverview } from '@/lib/db';
import { requirePermission } from '@/lib/auth/dal';

// GET / – 态势总览
export default async function Page() {
  await requirePermission('monitor.read');
  await connection(); // always render with fresh data
  const overview = await getOverview(db(), new Date());
  return <OverviewPage overview={overview} />;
}
