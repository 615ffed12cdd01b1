'use client';
import { usePathname } from 'next/navigation';

const LINKS: ReadonlyArray<{ href: string; label: string }> = [
  { href: '/', label: '态势总览' },
  { href: '/items', label: '信息' },
  { href: '/events', label: '事件' },
  { href: '/alerts', label: '预警处置' },
  { href: '/warnings', label: '灾害预警' },
  { href: '/sources', label: '信源' },
  { href: '/settings', label: '设置' },
  { href: '/audit', label: '审计' },
];

/** The main navigation; marks the section the current page belongs to. */
export function MainNav() {
  const pathname = usePathname() ?? '/';
  const current = (href: string) => (href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`));
  return (
    <nav aria-label="主导航">
      {LINKS.map((l) => (
        <a key={l.href} href={l.href} aria-current={current(l.href) ? 'page' : undefined}>
          {l.label}
        </a>
      ))}
    </nav>
  );
}
