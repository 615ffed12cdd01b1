import { connection } from 'next/server';
import { ClocksPage } from '@/components/settings/ClocksPage';
import { db, getSettingRecord } from '@/lib/db';
import { SETTING_CLOCKS } from '@/lib/pipeline/detect';
import { requirePermission } from '@/lib/auth/dal';

// GET /settings/clocks – 响应时限
export default async function Page() {
  await requirePermission('settings.read');
  await connection();
  const record = await getSettingRecord(db(), SETTING_CLOCKS);
  return <ClocksPage record={record} />;
}
