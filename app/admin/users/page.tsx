import { AdminUsersPage } from '@/components/admin/AdminUsersPage';
import { requirePermission } from '@/lib/auth/dal';
import { db, listAccounts } from '@/lib/db';

export const metadata = { title: '账号管理' };

// GET /admin/users – 账号管理（系统管理员）
export default async function Page() {
  const actor = await requirePermission('users.manage');
  const accounts = await listAccounts(db());
  return <AdminUsersPage accounts={accounts} selfId={actor.userId} now={new Date()} />;
}
