import type { ReactNode } from 'react';
import { requirePermission } from '@/lib/auth/dal';

// The page's loading state streams before the page runs: checking here first keeps the 403 and the
// sign-in redirect real HTTP answers. The page checks again (layouts are not re-run on navigation).
export default async function WarningsLayout({ children }: { children: ReactNode }) {
  await requirePermission('monitor.read');
  return children;
}
