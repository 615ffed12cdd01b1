/** Chinese for what the admin pages show: account status, sign-in attempt outcomes. */
export const ACCOUNT_STATUS_LABELS: Readonly<Record<string, string>> = { active: '启用', disabled: '已停用' };

export const ATTEMPT_REASON_LABELS: Readonly<Record<string, string>> = {
  bad_password: '密码错误',
  unknown_user: '用户名不存在',
  locked: '账号已锁定',
  disabled: '账号已停用',
  totp_failed: '动态口令错误',
  throttled: '请求过于频繁',
  no_password: '未设置密码',
  demo_off: '演示账号已关闭',
};

export function attemptReasonLabel(reason: string | null): string {
  if (!reason) return '—';
  return ATTEMPT_REASON_LABELS[reason] ?? reason;
}
