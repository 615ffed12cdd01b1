import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { ActionForm } from '@/components/accidents/ActionForm';
import '@/components/accidents/accidents.css';
import { requirePermission } from '@/lib/auth/dal';
import { db, getEventFactsForAccident } from '@/lib/db';
import { ACCIDENT_GRADES } from '@/lib/workflow/accident-case';
import { toShanghaiLocalInput, type EntryField, type SearchParams } from '@/lib/workflow/accident-form';

export const metadata: Metadata = { title: '新建事故信息公开台账 - 安全生产舆情监测预警平台' };

const CASE_FIELDS: EntryField[] = [
  { name: 'title', label: '事故名称', kind: 'text', required: true, maxLength: 200 },
  { name: 'occurredAt', label: '事故发生时间', kind: 'datetime', required: true, help: '北京时间；调查报告60日期限自此起算。从事件建立时默认取首条报道时间，请按官方通报更正' },
  { name: 'grade', label: '事故等级', kind: 'select', options: ACCIDENT_GRADES.map((g) => ({ value: g, label: `${g}事故` })), help: '按国务院令第493号第3条；决定批复期限和发布频次' },
  { name: 'province', label: '省份', kind: 'text', maxLength: 50 },
  { name: 'city', label: '市', kind: 'text', maxLength: 50 },
  { name: 'enterprise', label: '事故发生单位', kind: 'text', maxLength: 200 },
  { name: 'accidentType', label: '事故类型', kind: 'text', maxLength: 50 },
  { name: 'deaths', label: '死亡人数', kind: 'number' },
  { name: 'injuries', label: '受伤人数', kind: 'number' },
  { name: 'missing', label: '失联（下落不明）人数', kind: 'number' },
];

const EventIdSchema = z.coerce.number().int().positive().max(2 ** 31);

// GET /accidents/new?eventId=N – create a case, prefilled from the event's facts (or by hand)
export default async function Page({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requirePermission('accidents.manage');
  const sp = await searchParams;
  const rawEvent = Array.isArray(sp.eventId) ? sp.eventId[0] : sp.eventId;
  let defaults: Record<string, string> = {};
  let hidden: Record<string, string> = {};
  let existing: number | null = null;
  let eventTitle: string | null = null;
  if (rawEvent !== undefined && rawEvent !== '') {
    const id = EventIdSchema.safeParse(rawEvent);
    if (!id.success) notFound();
    const facts = await getEventFactsForAccident(db(), id.data);
    if (!facts) notFound();
    existing = facts.existingCaseId;
    eventTitle = facts.title;
    hidden = { eventId: String(facts.eventId), accidentTypeCode: facts.accidentTypeCode ?? '' };
    defaults = {
      title: facts.title,
      occurredAt: toShanghaiLocalInput(facts.occurredAt),
      grade: facts.grade ?? '',
      province: facts.province ?? '',
      city: facts.city ?? '',
      enterprise: facts.enterprise ?? '',
      accidentType: facts.accidentType ?? '',
      deaths: facts.deaths === null ? '' : String(facts.deaths),
      injuries: facts.injuries === null ? '' : String(facts.injuries),
      missing: facts.missing === null ? '' : String(facts.missing),
    };
  }
  return (
    <div className="ac-page">
      <p className="ac-back">
        <Link href="/accidents">« 事故信息公开</Link>
      </p>
      <div className="page-head">
        <h1>新建事故信息公开台账</h1>
      </div>
      {existing !== null ? (
        <p className="banner" role="note">
          该事件已有台账：<Link href={`/accidents/${existing}`}>查看台账</Link>
        </p>
      ) : (
        <>
          <p className="muted">
            {eventTitle ? `根据事件“${eventTitle}”的已知事实预填，请按官方通报核对。` : '手工建立：填写事故的基本事实。'}
            建立后按国务院令第493号等规定计算调查报告、批复和信息公开的期限。
          </p>
          <ActionForm action="createCase" idPrefix="case" title="事故基本情况" submitLabel="建立台账" fields={CASE_FIELDS} hidden={hidden} defaults={defaults} dataStep="create" />
        </>
      )}
    </div>
  );
}
