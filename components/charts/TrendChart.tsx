'use client';

import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface TrendPoint {
  /** ISO timestamp of the hour's start. */
  hour: string;
  label: string;
  negative: number;
  other: number;
  /** Median of the same hour on the previous monitored days; null without history. */
  usual: number | null;
}

const SERIES_NAMES: Record<string, string> = { negative: '负面', other: '其他', usual: '常态（前 7 天同一小时中位数）' };

/**
 * Hourly volume split into negative and the rest, with the usual for each hour as a line: a leader
 * sees at once whether it is louder or more negative than normal.
 */
export function TrendChart({ data }: { data: TrendPoint[] }) {
  const total = data.reduce((n, d) => n + d.negative + d.other, 0);
  const negative = data.reduce((n, d) => n + d.negative, 0);
  const hasUsual = data.some((d) => d.usual !== null);
  return (
    <figure className="chart" aria-label={`近 ${data.length} 小时每小时信息量，共 ${total} 条，其中负面 ${negative} 条`}>
      <ResponsiveContainer width="100%" height={260}>
        <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e3e7ee" />
          <XAxis dataKey="label" tick={{ fontSize: 12 }} interval="preserveStartEnd" minTickGap={24} />
          <YAxis allowDecimals={false} tick={{ fontSize: 12 }} />
          <Tooltip
            formatter={(v, name) => [v === null || v === undefined ? '—' : `${String(v)} 条`, SERIES_NAMES[String(name)] ?? String(name)]}
            labelFormatter={(l) => `${String(l)} 时`}
          />
          <Legend formatter={(name) => SERIES_NAMES[String(name)] ?? String(name)} wrapperStyle={{ fontSize: 13 }} />
          <Bar dataKey="negative" stackId="v" fill="#c62828" isAnimationActive={false} />
          <Bar dataKey="other" stackId="v" fill="#2f6fd6" radius={[3, 3, 0, 0]} isAnimationActive={false} />
          {hasUsual && <Line dataKey="usual" type="stepAfter" stroke="#f0a000" strokeWidth={2} dot={false} isAnimationActive={false} connectNulls />}
        </ComposedChart>
      </ResponsiveContainer>
      <figcaption className="muted">近 48 小时每小时已分析的信息量（红色为负面）；橙线为前 7 天同一小时的常态</figcaption>
    </figure>
  );
}
