import type { ReactNode } from 'react';
import { requirePermission } from '@/lib/auth/dal';

// The pages' loading state streams before a page runs: checking here first keeps the 403 and the
// sign-in redirect real HTTP answers. Each page checks again (layouts are not re-run on navigation).
export default async function DisclosureLayout({ children }: { children: ReactNode }) {
  await requirePermission('disclosure.read');
  return children;
}
