import { config } from '@/lib/config';
import { db, listPublicReleases } from '@/lib/db';
import { renderReleasesRss } from '@/lib/releases/rss';

export const dynamic = 'force-dynamic';

// GET /public/releases/rss.xml – RSS 2.0 of published releases, absolute links from PUBLIC_BASE_URL (no session)
export async function GET(): Promise<Response> {
  const xml = renderReleasesRss(await listPublicReleases(db(), 50), config().notify.baseUrl, new Date());
  return new Response(xml, { headers: { 'Content-Type': 'application/rss+xml; charset=utf-8', 'Cache-Control': 'no-cache' } });
}
