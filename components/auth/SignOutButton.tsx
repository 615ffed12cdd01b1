/** "退出登录": a real form button posting the sign-out action (works without JavaScript). */
import { signOutAction } from '@/app/account/actions';

export function SignOutButton({ className = 'auth-button secondary' }: { className?: string }) {
  return (
    <form action={signOutAction}>
      <button type="submit" className={className}>
        退出登录
      </button>
    </form>
  );
}
