import type { Metadata } from 'next';
import { PlanEditor } from '@/components/plans/PlanEditor';
import { requirePermission } from '@/lib/auth/dal';

export const metadata: Metadata = { title: '新建应对预案 - 安全生产舆情监测预警平台' };

// GET /plans/new – the editor, empty
export default async function Page() {
  await requirePermission('plans.manage');
  return <PlanEditor id={null} version={null} initial={{ scope: 'event', channels: '网站' }} builtIn={false} />;
}
