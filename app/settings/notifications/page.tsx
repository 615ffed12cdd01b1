import { connection } from 'next/server';
import { NotificationsPage } from '@/components/settings/NotificationsPage';
import { config } from '@/lib/config';
import { db, getNotificationSettings } from '@/lib/db';
import { requirePermission } from '@/lib/auth/dal';

// GET /settings/notifications – 通知渠道与规则 (read-only, secrets masked, test send)
export default async function Page() {
  await requirePermission('settings.read');
  await connection();
  const { channels, rules } = await getNotificationSettings(db());
  return <NotificationsPage channels={channels} rules={rules} allowPrivate={config().notify.allowPrivate} />;
}
