import type { Metadata } from 'next';
import { connection } from 'next/server';
import { PublicReleaseList } from '@/components/releases/PublicReleases';
import { db, listPublicReleases } from '@/lib/db';

export const metadata: Metadata = {
  title: '信息发布',
  robots: { index: true, follow: true },
  alternates: { types: { 'application/rss+xml': '/public/releases/rss.xml' } },
};

// GET /public/releases – published releases, newest first (no session: the public channel)
export default async function Page() {
  await connection(); // always fresh
  return <PublicReleaseList releases={await listPublicReleases(db())} />;
}
