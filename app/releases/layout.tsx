import type { ReactNode } from 'react';
import { requirePermission } from '@/lib/auth/dal';

// Checked before anything streams, so the 403 and the sign-in redirect stay real HTTP answers. Each
// page checks again (layouts are not re-run on client navigation).
export default async function ReleasesLayout({ children }: { children: ReactNode }) {
  await requirePermission('monitor.read');
  return children;
}
