/** The sections of the main navigation, each with the permission that opens it. */
import { can } from '@/lib/auth/permissions';
import type { Permission } from '@/lib/auth/permissions';
import type { Role } from '@/lib/auth/roles';
import type { NavLink } from './MainNav';

const SECTIONS: ReadonlyArray<NavLink & { permission: Permission }> = [
  { href: '/', label: '态势总览', permission: 'monitor.read' },
  { href: '/items', label: '信息', permission: 'monitor.read' },
  { href: '/events', label: '事件', permission: 'monitor.read' },
  { href: '/alerts', label: '预警处置', permission: 'monitor.read' },
  { href: '/replies', label: '待回应', permission: 'monitor.read' },
  { href: '/plans', label: '应对预案', permission: 'monitor.read' },
  { href: '/releases', label: '发布', permission: 'monitor.read' },
  { href: '/accidents', label: '事故信息公开', permission: 'monitor.read' },
  { href: '/digests', label: '舆情日报', permission: 'monitor.read' },
  { href: '/warnings', label: '灾害预警', permission: 'monitor.read' },
  { href: '/sources', label: '信源', permission: 'monitor.read' },
  { href: '/disclosure', label: '依申请公开', permission: 'disclosure.read' },
  { href: '/settings', label: '设置', permission: 'settings.read' },
  { href: '/admin/users', label: '账号管理', permission: 'users.manage' },
  { href: '/admin/security', label: '角色与安全策略', permission: 'security.manage' },
  { href: '/audit', label: '审计', permission: 'audit.read' },
];

export function navLinksFor(roles: readonly Role[]): NavLink[] {
  return SECTIONS.filter((s) => can(roles, s.permission)).map(({ href, label }) => ({ href, label }));
}
