import { connection } from 'next/server';
import { ThresholdsPage } from '@/components/settings/ThresholdsPage';
import { db, getSettingRecord } from '@/lib/db';
import { SETTING_THRESHOLDS } from '@/lib/pipeline/detect';
import { requirePermission } from '@/lib/auth/dal';

// GET /settings/thresholds – 预警阈值
export default async function Page() {
  await requirePermission('settings.read');
  await connection();
  const record = await getSettingRecord(db(), SETTING_THRESHOLDS);
  return <ThresholdsPage record={record} />;
}
