import type { ReactNode } from 'react';
import { requirePermission } from '@/lib/auth/dal';

// Checked before any loading state streams, so the 403 and the sign-in redirect stay real HTTP
// answers. Each page checks again (layouts are not re-run on navigation).
export default async function AccidentsLayout({ children }: { children: ReactNode }) {
  await requirePermission('monitor.read');
  return children;
}
