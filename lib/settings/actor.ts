/**
 * Who made a change, as stored in the `updatedBy` / `requestedBy` columns and the audit log's actor:
 * `user:<username>` for a signed-in person, `cli:<os user>` for a command-line run, `system` or
 * `system:<job>` for the worker and first start, `anon:<name typed>` for a failed sign-in. Rows
 * written before accounts existed hold `web` or `web:<name typed>`.
 */

/** `user:<username>`: a signed-in person, in updatedBy columns and the audit log. */
export function accountActor(username: string): string {
  return `user:${username}`;
}

export function cliActor(user: string | undefined): string {
  return `cli:${user ?? 'unknown'}`;
}

/** Chinese for a stored actor: zhangsan（账号）, 命令行 root, 系统. */
export function actorLabel(stored: string | null | undefined): string {
  if (!stored) return '未记录';
  if (stored.startsWith('user:')) return `${stored.slice(5)}（账号）`;
  if (stored.startsWith('anon:')) return `未登录（输入的用户名：${stored.slice(5)}）`;
  if (stored === 'web') return '网页（未填写操作人）';
  if (stored.startsWith('web:')) return `${stored.slice(4)}（网页，账号功能上线前填写）`;
  if (stored.startsWith('cli:')) return `命令行 ${stored.slice(4)}`;
  if (stored === 'system') return '系统';
  if (stored.startsWith('system:')) return `系统（${stored.slice(7)}）`;
  return stored;
}
