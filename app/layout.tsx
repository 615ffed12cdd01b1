import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { MainNav } from '@/components/nav/MainNav';
import './globals.css';

export const metadata: Metadata = {
  title: '安全生产舆情监测预警平台',
  description: '安全生产舆情监测、研判与预警',
  robots: { index: false, follow: false },
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="zh-CN">
      <body>
        <a className="skip-link" href="#main">
          跳到主要内容
        </a>
        <header className="topbar">
          <span className="brand">安全生产舆情监测预警平台</span>
          <MainNav />
        </header>
        <main id="main">{children}</main>
      </body>
    </html>
  );
}
