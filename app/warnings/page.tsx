import { connection } from 'next/server';
import { z } from 'zod';
import { WarningsPage } from '@/components/warnings/WarningsPage';
import { HAZARD_LEVELS, db, listHazards } from '@/lib/db';
import { requirePermission } from '@/lib/auth/dal';

const Query = z.object({
  province: z.string().trim().min(1).max(40).optional().catch(undefined),
  level: z.enum(HAZARD_LEVELS).optional().catch(undefined),
});

// GET /warnings – 预警: hazard and disaster warnings in force by region and level; lately lifted or expired
export default async function Page({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePermission('monitor.read');
  await connection();
  const q = Query.parse(await searchParams);
  const list = await listHazards(db(), new Date(), { province: q.province, level: q.level });
  return <WarningsPage list={list} filters={{ province: q.province, level: q.level }} />;
}
