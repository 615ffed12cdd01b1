import type { ReactNode } from 'react';
import { requirePermission } from '@/lib/auth/dal';

// The loading state streams before the page runs: checking here first keeps the 403 and the sign-in
// redirect real HTTP answers. The page and every action check again (layouts are not re-run on navigation).
export default async function AdminLayout({ children }: { children: ReactNode }) {
  await requirePermission('users.manage');
  return children;
}
