import type { ReactNode } from 'react';
import { SettingsNav } from '@/components/settings/SettingsNav';
import { requirePermission } from '@/lib/auth/dal';

// /settings/** – 设置: topics, lexicon, thresholds, clocks, notifications. Each page checks again:
// layouts are not re-run on client navigation.
export default async function SettingsLayout({ children }: { children: ReactNode }) {
  await requirePermission('settings.read');
  return (
    <>
      <SettingsNav />
      {children}
    </>
  );
}
