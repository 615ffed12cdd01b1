import type { Metadata } from 'next';
import Link from 'next/link';
import { CalendarBanner } from '@/components/disclosure/bits';
import { RegisterForm } from '@/components/disclosure/RegisterForm';
import '@/components/disclosure/disclosure.css';
import { requirePermission } from '@/lib/auth/dal';
import { calendarDayInShanghai, currentYearCalendarWarning } from '@/lib/workflow/calendar';

export const metadata: Metadata = { title: '登记依申请公开申请 - 安全生产舆情监测预警平台' };

// GET /disclosure/new – register a request
export default async function Page() {
  await requirePermission('disclosure.manage');
  const today = calendarDayInShanghai(new Date());
  return (
    <div className="dc-page">
      <p className="dc-back">
        <Link href="/disclosure">« 依申请公开</Link>
      </p>
      <div className="page-head">
        <h1>登记申请</h1>
      </div>
      <CalendarBanner warning={currentYearCalendarWarning(today)} />
      <p className="muted">登记后自动编号（依申〔年份〕第 N 号），并按收到申请之日起算 20 个工作日的答复期限（2019年5月15日前收到的按 15 个工作日）。</p>
      <RegisterForm today={today} />
    </div>
  );
}
