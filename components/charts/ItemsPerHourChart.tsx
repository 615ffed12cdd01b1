'use client';

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface HourPoint {
  /** ISO timestamp of the hour's start. */
  hour: string;
  label: string;
  count: number;
}

/** Items per hour: the one chart a leader reads without help ("how loud is it right now"). */
export function ItemsPerHourChart({ data }: { data: HourPoint[] }) {
  const total = data.reduce((n, d) => n + d.count, 0);
  return (
    <figure className="chart" aria-label={`近 ${data.length} 小时每小时信息量，共 ${total} 条`}>
      <ResponsiveContainer width="100%" height={240}>
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e3e7ee" />
          <XAxis dataKey="label" tick={{ fontSize: 12 }} interval="preserveStartEnd" minTickGap={24} />
          <YAxis allowDecimals={false} tick={{ fontSize: 12 }} />
          <Tooltip formatter={(v) => [`${String(v)} 条`, '信息量']} labelFormatter={(l) => `${String(l)} 时`} />
          <Bar dataKey="count" fill="#2f6fd6" radius={[3, 3, 0, 0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
      <figcaption className="muted">近 48 小时每小时信息量（按发布时间，无发布时间的按抓取时间）</figcaption>
    </figure>
  );
}
