import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { z } from 'zod';
import { PublicReleaseView } from '@/components/releases/PublicReleases';
import { db, getPublicRelease } from '@/lib/db';

const IdSchema = z.coerce.number().int().positive().max(2 ** 31);
type Params = Promise<{ id: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  await connection();
  const id = IdSchema.safeParse((await params).id);
  const r = id.success ? await getPublicRelease(db(), id.data) : null;
  return { title: r ? `${r.withdrawnAt ? '【已撤回】' : ''}${r.title} - 信息发布` : '信息发布', robots: { index: true, follow: true } };
}

// GET /public/releases/[id] – one published (or withdrawn, with date and reason) release; an unknown
// or never-published id is a real 404 (read before anything is sent)
export default async function Page({ params }: { params: Params }) {
  await connection();
  const id = IdSchema.safeParse((await params).id);
  if (!id.success) notFound();
  const release = await getPublicRelease(db(), id.data);
  if (!release) notFound();
  return <PublicReleaseView release={release} />;
}
