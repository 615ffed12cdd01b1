import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { PlanEditor } from '@/components/plans/PlanEditor';
import { requirePermission } from '@/lib/auth/dal';
import { db, getPlan } from '@/lib/db';
import { planToValues } from '@/lib/plans/forms';

export const metadata: Metadata = { title: '修改应对预案 - 安全生产舆情监测预警平台' };

const IdSchema = z.coerce.number().int().positive().max(2 ** 31);

// GET /plans/[id]/edit – the editor with a plan; read before anything is sent, so an unknown id is a real 404
export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  await requirePermission('plans.manage');
  const id = IdSchema.safeParse((await params).id);
  if (!id.success) notFound();
  const plan = await getPlan(db(), id.data);
  if (!plan) notFound();
  return <PlanEditor id={plan.id} version={plan.version} initial={planToValues(plan)} builtIn={plan.builtIn} />;
}
