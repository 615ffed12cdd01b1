import type { ReactNode } from 'react';
import { SettingsNav } from '@/components/settings/SettingsNav';

// /settings/** – 设置: topics, lexicon, thresholds, clocks, notifications
export default function SettingsLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <SettingsNav />
      {children}
    </>
  );
}
