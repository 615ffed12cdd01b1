'use client';

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface DayPoint {
  /** YYYY-MM-DD (Asia/Shanghai). */
  day: string;
  count: number;
}

const shortDay = (day: string): string => `${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`;

function summary(data: readonly DayPoint[]): string {
  const total = data.reduce((n, d) => n + d.count, 0);
  const today = data[data.length - 1]?.count ?? 0;
  return `近 ${data.length} 天共 ${total} 条，今天 ${today} 条`;
}

/** Bars of items per day, small enough for a table cell; the numbers are in its label for screen readers. */
export function ItemsPerDaySparkline({ data }: { data: DayPoint[] }) {
  const text = summary(data);
  return (
    <figure className="spark" aria-label={`每天信息量：${text}`} style={{ margin: 0 }}>
      <BarChart width={112} height={28} data={data} margin={{ top: 2, right: 0, bottom: 0, left: 0 }} barCategoryGap={1}>
        <Bar dataKey="count" fill="#2f6fd6" isAnimationActive={false} minPointSize={1} />
      </BarChart>
      <figcaption>{data.reduce((n, d) => n + d.count, 0)}</figcaption>
    </figure>
  );
}

/** The detail page's items-per-day chart with its axes. */
export function ItemsPerDayChart({ data }: { data: DayPoint[] }) {
  return (
    <figure className="chart" aria-label={`每天信息量：${summary(data)}`}>
      <ResponsiveContainer width="100%" height={200}>
        <BarChart data={data.map((d) => ({ ...d, label: shortDay(d.day) }))} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e3e7ee" />
          <XAxis dataKey="label" tick={{ fontSize: 12 }} interval="preserveStartEnd" minTickGap={16} />
          <YAxis allowDecimals={false} tick={{ fontSize: 12 }} />
          <Tooltip formatter={(v) => [`${String(v)} 条`, '信息量']} />
          <Bar dataKey="count" fill="#2f6fd6" radius={[3, 3, 0, 0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
      <figcaption className="muted small">近 {data.length} 天每天的信息量（按发布时间，无发布时间的按抓取时间；统计已完成分析的信息）</figcaption>
    </figure>
  );
}
