/** Chinese labels and Asia/Shanghai time formatting shared by pages. */
import { SOURCE_CATEGORIES } from '@/lib/sources/schema';

export const HEALTH_LABELS: Record<string, string> = {
  ok: '正常',
  degraded: '异常',
  failing: '故障',
  unknown: '未检查',
};

export function categoryLabel(category: string): string {
  return (SOURCE_CATEGORIES as Record<string, string>)[category] ?? category;
}

const dateTime = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});
const hourOnly = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  day: '2-digit',
  hour: '2-digit',
  hour12: false,
});

export function formatDateTime(d: Date | string | null | undefined): string {
  if (!d) return '—';
  return dateTime.format(typeof d === 'string' ? new Date(d) : d);
}

export function formatHour(d: Date | string): string {
  return hourOnly.format(typeof d === 'string' ? new Date(d) : d);
}

/** "3 分钟前" style, for freshness of health data. */
export function formatAgo(d: Date | null | undefined, now: Date): string {
  if (!d) return '从未';
  const s = Math.round((now.getTime() - d.getTime()) / 1000);
  if (s < 0) return formatDateTime(d);
  if (s < 60) return `${s} 秒前`;
  if (s < 3600) return `${Math.floor(s / 60)} 分钟前`;
  if (s < 86400) return `${Math.floor(s / 3600)} 小时前`;
  return `${Math.floor(s / 86400)} 天前`;
}

/** Only http(s) links are ever rendered as links; anything else is shown as text. */
export function safeHref(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : null;
  } catch {
    return null;
  }
}
