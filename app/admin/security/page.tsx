import { AdminSecurityPage } from '@/components/admin/AdminSecurityPage';
import { requirePermission } from '@/lib/auth/dal';
import { AttemptFilterSchema, POLICY_FIELDS, POLICY_TOTP_HELP } from '@/lib/auth/admin-forms';
import { DEFAULT_POLICY } from '@/lib/auth/policy';
import { countAdminHolders, db, getSecurityPolicy, listAccounts, listLoginAttempts } from '@/lib/db';

export const metadata = { title: '安全管理' };

// GET /admin/security – 角色授权、解锁、安全策略、登录记录（安全管理员）
export default async function Page({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePermission('security.manage');
  const sp = await searchParams;
  const filter = AttemptFilterSchema.parse({ username: typeof sp.username === 'string' ? sp.username : undefined }).username ?? '';
  const client = db();
  const [accounts, policy, attempts, adminHolders] = await Promise.all([
    listAccounts(client),
    getSecurityPolicy(client),
    listLoginAttempts(client, { username: filter, limit: 100 }),
    countAdminHolders(client),
  ]);
  return (
    <AdminSecurityPage
      accounts={accounts}
      selfId={actor.userId}
      now={new Date()}
      policy={policy}
      policyFields={POLICY_FIELDS.map((f) => ({ ...f, value: String(policy[f.key]), defaultValue: `${DEFAULT_POLICY[f.key]} ${f.unit}` }))}
      totp={{ value: policy.adminTotpRequired, defaultValue: DEFAULT_POLICY.adminTotpRequired }}
      totpHelp={POLICY_TOTP_HELP}
      attempts={attempts}
      attemptFilter={filter}
      adminHolders={adminHolders}
    />
  );
}
