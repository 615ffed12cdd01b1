import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { CasePage } from '@/components/accidents/CasePage';
import { hasPermission, requirePermission } from '@/lib/auth/dal';
import { db, getAccidentCase } from '@/lib/db';
import { ENTRY_LABELS, ENTRY_TYPES } from '@/lib/workflow/accident-case';
import type { SearchParams } from '@/lib/workflow/accident-form';

export const metadata: Metadata = { title: '事故信息公开台账 - 安全生产舆情监测预警平台' };

const IdSchema = z.coerce.number().int().positive().max(2 ** 31);
const RecordedSchema = z.enum(ENTRY_TYPES as [string, ...string[]]);

// GET /accidents/[id] – one case: facts, clocks, duties with their rules, timeline, forms. The case
// is read before anything is sent, so an unknown id is a real 404.
export default async function Page({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<SearchParams> }) {
  await requirePermission('monitor.read');
  const id = IdSchema.safeParse((await params).id);
  if (!id.success) notFound();
  const c = await getAccidentCase(db(), id.data, new Date());
  if (!c) notFound();
  const sp = await searchParams;
  const recorded = RecordedSchema.safeParse(sp.recorded).data;
  const notice = sp.created === '1' ? '已建立台账。' : recorded ? `已记录：${ENTRY_LABELS[recorded as keyof typeof ENTRY_LABELS]}。` : null;
  return <CasePage c={c} canManage={await hasPermission('accidents.manage')} notice={notice} />;
}
