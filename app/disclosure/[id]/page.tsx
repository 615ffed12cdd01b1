import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { CasePage } from '@/components/disclosure/CasePage';
import { hasPermission, requirePermission } from '@/lib/auth/dal';
import { db, getDisclosureCase } from '@/lib/db';
import { calendarDayInShanghai, currentYearCalendarWarning } from '@/lib/workflow/calendar';
import type { SearchParams } from '@/lib/workflow/disclosure-form';

export const metadata: Metadata = { title: '依申请公开办理 - 安全生产舆情监测预警平台' };

const IdSchema = z.coerce.number().int().positive().max(2 ** 31);
const NoticeSchema = z.enum([
  'registered',
  'supplement_requested',
  'supplement_received',
  'supplement_abandoned',
  'consultation_started',
  'consultation_ended',
  'extension_approved',
  'reasonable_delay',
  'closed',
  'review',
]);

// GET /disclosure/[id] – one case: clock, timeline, next steps. One request's events are read and
// replayed before anything is sent, so an unknown id is a real 404 (no streamed loading state).
export default async function Page({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<SearchParams> }) {
  await requirePermission('disclosure.read');
  const id = IdSchema.safeParse((await params).id);
  if (!id.success) notFound();
  const today = calendarDayInShanghai(new Date());
  const c = await getDisclosureCase(db(), id.data, today);
  if (!c) notFound();
  const sp = await searchParams;
  const notice = sp.registered === '1' ? 'registered' : (NoticeSchema.safeParse(sp.step).data ?? null);
  return <CasePage c={c} today={today} calendarWarning={currentYearCalendarWarning(today)} canManage={await hasPermission('disclosure.manage')} notice={notice} />;
}
