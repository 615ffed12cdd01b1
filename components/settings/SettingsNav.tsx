'use client';
import { usePathname } from 'next/navigation';
import './settings.css';

export const SETTINGS_SECTIONS: ReadonlyArray<{ href: string; label: string }> = [
  { href: '/settings', label: '概览' },
  { href: '/settings/topics', label: '监测专题' },
  { href: '/settings/lexicon', label: '词典' },
  { href: '/settings/thresholds', label: '预警阈值' },
  { href: '/settings/clocks', label: '响应时限' },
  { href: '/settings/notifications', label: '通知渠道与规则' },
];

/** The settings sections; marks the one shown. */
export function SettingsNav() {
  const pathname = usePathname() ?? '/settings';
  const current = (href: string) => (href === '/settings' ? pathname === href : pathname === href || pathname.startsWith(`${href}/`));
  return (
    <nav aria-label="设置分区">
      <ul className="settings-nav">
        {SETTINGS_SECTIONS.map((s) => (
          <li key={s.href}>
            <a href={s.href} aria-current={current(s.href) ? 'page' : undefined}>
              {s.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
