/**
 * The roles of issue 6. Four business roles do the press office's work; three administrators run
 * the system and never read business data, and no account holds two of them (三员分立; the
 * RoleAssignment trigger enforces the same rule in the database).
 */
import { z } from 'zod';

export const BUSINESS_ROLES = ['press_officer', 'drafter', 'reviewer', 'leader'] as const;
export const ADMIN_ROLES = ['sysadmin', 'secadmin', 'auditadmin'] as const;
export const ROLES = [...BUSINESS_ROLES, ...ADMIN_ROLES] as const;

export type BusinessRole = (typeof BUSINESS_ROLES)[number];
export type AdminRole = (typeof ADMIN_ROLES)[number];
export type Role = (typeof ROLES)[number];

export const RoleSchema = z.enum(ROLES, { error: '未知角色' });

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  press_officer: '舆情值班员',
  drafter: '撰稿人',
  reviewer: '保密审查员',
  leader: '领导',
  sysadmin: '系统管理员',
  secadmin: '安全管理员',
  auditadmin: '审计管理员',
};

/** The audit log's role column: the roles held, comma-separated, or null for none. */
export function auditRoleText(roles: readonly Role[]): string | null {
  return roles.join(',') || null;
}

export function isRole(s: string): s is Role {
  return (ROLES as readonly string[]).includes(s);
}

export function isAdminRole(r: string): r is AdminRole {
  return (ADMIN_ROLES as readonly string[]).includes(r);
}

/**
 * Why a set of roles may not be held together, or null when it may. The same rule as the database
 * trigger, checked first so the form can say it in Chinese.
 */
export function roleSetProblem(roles: readonly Role[]): string | null {
  const admins = roles.filter(isAdminRole);
  if (admins.length > 1) return '三员分立：系统管理员、安全管理员、审计管理员不能由同一账号兼任';
  if (admins.length === 1 && roles.length > 1) return `三员分立：${ROLE_LABELS[admins[0]!]}账号不能兼任业务角色`;
  return null;
}
