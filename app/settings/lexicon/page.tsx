import { connection } from 'next/server';
import { LexiconPage } from '@/components/settings/LexiconPage';
import { db, getAnalysisStatus, getLexiconPage } from '@/lib/db';
import { LEXICON_PAGE_SIZE, parseLexiconQuery } from '@/lib/settings/lexicon-form';
import { requirePermission } from '@/lib/auth/dal';

// GET /settings/lexicon?kind=&q=&status=&page= – 词典: browse, search, add
export default async function Page({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePermission('settings.read');
  await connection();
  const query = parseLexiconQuery(await searchParams);
  const client = db();
  const [data, status] = await Promise.all([
    getLexiconPage(client, { ...query, pageSize: LEXICON_PAGE_SIZE }),
    getAnalysisStatus(client),
  ]);
  return <LexiconPage query={{ ...query, page: data.page }} data={data} status={status} />;
}
