import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { LexiconEditPage } from '@/components/settings/LexiconEditPage';
import { db, getAnalysisStatus, getLexiconEntryById } from '@/lib/db';
import { requirePermission } from '@/lib/auth/dal';

// GET /settings/lexicon/[id] – edit or disable one lexicon entry
export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  await requirePermission('settings.read');
  await connection();
  const { id } = await params;
  if (!/^\d{1,10}$/.test(id)) notFound();
  const client = db();
  const [entry, status] = await Promise.all([getLexiconEntryById(client, Number(id)), getAnalysisStatus(client)]);
  if (!entry) notFound();
  return <LexiconEditPage entry={entry} status={status} />;
}
