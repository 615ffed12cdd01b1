import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { MainNav } from '@/components/nav/MainNav';
import { UserMenu } from '@/components/nav/UserMenu';
import { navLinksFor } from '@/components/nav/nav-links';
import { headers } from 'next/headers';
import { currentUser } from '@/lib/auth/dal';
import { config } from '@/lib/config';
import './globals.css';

export const metadata: Metadata = {
  title: '安全生产舆情监测预警平台',
  description: '安全生产舆情监测、研判与预警',
  robots: { index: false, follow: false },
};

function Page({ topbar, children }: { topbar: ReactNode; children: ReactNode }) {
  return (
    <html lang="zh-CN">
      <body>
        <a className="skip-link" href="#main">
          跳到主要内容
        </a>
        <header className="topbar">{topbar}</header>
        <main id="main">{children}</main>
      </body>
    </html>
  );
}

// The layout only decides what the top bar shows; every page checks its own permission (the DAL).
export default async function RootLayout({ children }: { children: ReactNode }) {
  // The public release pages speak for the office, not the monitoring product: its own name, no
  // menus (x-som-path is set by proxy.ts, overwriting anything a client sent).
  const path = (await headers()).get('x-som-path') ?? '';
  if (path.startsWith('/public/')) {
    return (
      <Page
        topbar={
          <a className="brand" href="/public/releases">
            {config().publicSite.name}
          </a>
        }
      >
        {children}
      </Page>
    );
  }
  const cur = await currentUser();
  const actor = cur.state === 'signed_in' ? cur.actor : null;
  const ready = cur.state === 'signed_in' && !cur.mustChangePassword && !cur.mustEnrolTotp;
  return (
    <Page
      topbar={
        <>
          <span className="brand">安全生产舆情监测预警平台</span>
          {actor && ready && <MainNav links={navLinksFor(actor.roles)} />}
          {actor && <UserMenu actor={actor} />}
        </>
      }
    >
      {children}
    </Page>
  );
}
