import { connection } from 'next/server';
import { SettingsIndexPage } from '@/components/settings/SettingsIndexPage';
import { db, getSettingsOverview } from '@/lib/db';
import { SETTING_CLOCKS, SETTING_THRESHOLDS } from '@/lib/pipeline/detect';
import { requirePermission } from '@/lib/auth/dal';

// GET /settings – 设置 overview: topics, lexicon, thresholds, clocks, notifications
export default async function Page() {
  await requirePermission('settings.read');
  await connection();
  const overview = await getSettingsOverview(db(), { thresholds: SETTING_THRESHOLDS, clocks: SETTING_CLOCKS });
  return <SettingsIndexPage overview={overview} />;
}
