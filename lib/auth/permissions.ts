/**
 * Who may do what, as data (TESTPLAN §3.3). Every page, route handler and server action names one
 * permission; lib/auth/dal.ts checks it against the signed-in user's roles, read fresh on each
 * request so a role change takes effect at once. Administrators hold no business permission.
 */
import type { Role } from './roles';

export const PERMISSIONS = {
  /** Overview, items, events, alerts, hazard warnings, source health: the monitoring picture. */
  'monitor.read': ['press_officer', 'drafter', 'reviewer', 'leader'],
  /** Acknowledge, assign, resolve and reopen alerts; mark response clocks met. */
  'alerts.handle': ['press_officer', 'leader'],
  /** Export item lists (CSV/XLSX). */
  'items.export': ['press_officer', 'leader'],
  /** Add, edit, pause and delete sources. */
  'sources.manage': ['press_officer'],
  /** Read the monitoring settings (topics, lexicon, thresholds, clocks, notifications). */
  'settings.read': ['press_officer', 'leader'],
  /** Change topics, lexicon, thresholds, clocks and notification rules; send test notifications. */
  'settings.manage': ['press_officer'],
  /** Mark items and events as needing a reply, assign, answer and close reply tasks (待回应). */
  'replies.handle': ['press_officer', 'leader'],
  /** Edit the response-plan library (应对预案): steps, roles, approved wording, spokesperson, channels. */
  'plans.manage': ['press_officer'],
  /** Activate a plan for an event or alert and tick its checklist steps. */
  'plans.run': ['press_officer', 'leader'],
  /** Read disclosure-on-application requests (依申请公开) and their yearly statistics. */
  'disclosure.read': ['press_officer', 'leader'],
  /** Register requests and record their steps (补正, consultation, extension, reply). */
  'disclosure.manage': ['press_officer'],
  /** Draft releases from templates, run the checks, submit them for review, publish signed ones, withdraw. */
  'releases.draft': ['press_officer', 'drafter'],
  /** 保密审查 of a submitted release: clear (with redactions) or return it; never one's own draft. */
  'releases.review': ['reviewer'],
  /** 签发: approve or reject a cleared release for publication. */
  'releases.approve': ['leader'],
  /** Record the 事故信息公开 duties of an accident: report, 挂牌督办, 结案批复, accountability, lists. */
  'accidents.manage': ['press_officer'],
  /** Generate a digest (日报/专报) on demand, record 审核/签发, manage email subscriptions, resend. */
  'digest.manage': ['press_officer'],
  /** Record a leader's 批示 on a digest or special report. */
  'digest.instruct': ['leader'],
  /** Create, disable and enable accounts; reset passwords (系统管理员). */
  'users.manage': ['sysadmin'],
  /** Grant and revoke roles, edit the security policy, unlock accounts, read sign-in records (安全管理员). */
  'security.manage': ['secadmin'],
  /** Search, verify and export the audit log (审计管理员). */
  'audit.read': ['auditadmin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export const PERMISSION_LABELS: Readonly<Record<Permission, string>> = {
  'monitor.read': '查看监测信息',
  'alerts.handle': '处置预警',
  'items.export': '导出信息',
  'sources.manage': '管理信源',
  'settings.read': '查看监测设置',
  'settings.manage': '修改监测设置',
  'replies.handle': '办理待回应',
  'plans.manage': '维护应对预案',
  'plans.run': '启动应对预案',
  'disclosure.read': '查看依申请公开',
  'disclosure.manage': '办理依申请公开',
  'releases.draft': '起草发布稿',
  'releases.review': '保密审查',
  'releases.approve': '签发发布稿',
  'accidents.manage': '办理事故信息公开',
  'digest.manage': '编发舆情日报/专报',
  'digest.instruct': '批示舆情日报/专报',
  'users.manage': '管理账号',
  'security.manage': '管理角色与安全策略',
  'audit.read': '查看审计日志',
};

export function can(roles: readonly Role[], permission: Permission): boolean {
  const allowed: readonly Role[] = PERMISSIONS[permission];
  return roles.some((r) => allowed.includes(r));
}

/** The first page worth opening for these roles (after sign-in). */
export function homePathFor(roles: readonly Role[]): string {
  if (can(roles, 'monitor.read')) return '/';
  if (can(roles, 'users.manage')) return '/admin/users';
  if (can(roles, 'security.manage')) return '/admin/security';
  if (can(roles, 'audit.read')) return '/audit';
  return '/account';
}
