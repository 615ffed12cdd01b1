'use client';
import { usePathname } from 'next/navigation';

export interface NavLink {
  href: string;
  label: string;
}

/** The main navigation (only the sections the signed-in person may open); marks the current section. */
export function MainNav({ links }: { links: readonly NavLink[] }) {
  const pathname = usePathname() ?? '/';
  const current = (href: string) => (href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`));
  if (links.length === 0) return null;
  return (
    <nav aria-label="主导航">
      {links.map((l) => (
        <a key={l.href} href={l.href} aria-current={current(l.href) ? 'page' : undefined}>
          {l.label}
        </a>
      ))}
    </nav>
  );
}
