import type { Metadata } from 'next';
import { ListingsPage } from '@/components/accidents/ListingsPage';
import { hasPermission, requirePermission } from '@/lib/auth/dal';
import { accidentCaseChoices, db, listEnterpriseListings } from '@/lib/db';
import type { SearchParams } from '@/lib/workflow/accident-form';

export const metadata: Metadata = { title: '严重失信主体名单 - 安全生产舆情监测预警平台' };

// GET /accidents/listings – the responsible-enterprise list: in force, expiring, removed
export default async function Page({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requirePermission('monitor.read');
  const client = db();
  const canManage = await hasPermission('accidents.manage');
  const [rows, cases, sp] = await Promise.all([listEnterpriseListings(client, new Date()), canManage ? accidentCaseChoices(client) : Promise.resolve([]), searchParams]);
  const notice = sp.listed === '1' ? '已列入名单。' : sp.removed === '1' ? '已记录移出。' : null;
  return <ListingsPage rows={rows} canManage={canManage} cases={cases} notice={notice} />;
}
