/** Who is signed in, in the top bar: name, roles, a demo marker, the account page. */
import { SignOutButton } from '@/components/auth/SignOutButton';
import { ROLE_LABELS } from '@/lib/auth/roles';
import type { Actor } from '@/lib/auth/dal';

export function UserMenu({ actor }: { actor: Actor }) {
  return (
    <div className="user-menu">
      {actor.demo && (
        <span className="tag demo-tag" title="演示模式下的演示账号，仅用于体验">
          演示账号
        </span>
      )}
      <a href="/account" title={`账号：${actor.username}`}>
        {actor.name}
        <span className="muted small">（{actor.roles.map((r) => ROLE_LABELS[r]).join('、') || '未分配角色'}）</span>
      </a>
      <SignOutButton className="signout" />
    </div>
  );
}
