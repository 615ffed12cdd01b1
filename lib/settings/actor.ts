/**
 * Who made a change, as stored in the `updatedBy` / `requestedBy` columns. Accounts arrive later;
 * until then the web forms carry an optional free-text 操作人 and the CLI records the system user.
 */
import { z } from 'zod';

export const ActorNameSchema = z
  .string()
  .trim()
  .max(40, '操作人最长 40 个字符')
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), '操作人不能含控制字符');

/** `web:张三`, or `web` when the form left 操作人 blank. */
export function webActor(name: string): string {
  const n = name.trim();
  return n ? `web:${n}` : 'web';
}

export function cliActor(user: string | undefined): string {
  return `cli:${user ?? 'unknown'}`;
}

/** Chinese for a stored actor: 张三（网页）, 命令行 root, 系统. */
export function actorLabel(stored: string | null | undefined): string {
  if (!stored) return '未记录';
  if (stored === 'web') return '网页（未填写操作人）';
  if (stored.startsWith('web:')) return `${stored.slice(4)}（网页）`;
  if (stored.startsWith('cli:')) return `命令行 ${stored.slice(4)}`;
  if (stored === 'system') return '系统';
  return stored;
}
