'use client';
/**
 * Sentiment over time: negative / neutral / positive items per bucket (bars) and the negative
 * share (line, right axis), so "is it getting worse" reads at a glance.
 */
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { SentimentPoint } from '@/lib/events-view/timeline';

const COLOURS = { negative: '#c62828', neutral: '#9aa5b1', positive: '#1f8a4c', share: '#6d1b1b' } as const;

export function SentimentChart({ data, bucketName }: { data: SentimentPoint[]; bucketName: string }) {
  const totals = data.reduce(
    (t, d) => ({ negative: t.negative + d.negative, all: t.all + d.negative + d.neutral + d.positive }),
    { negative: 0, all: 0 },
  );
  const share = totals.all ? Math.round((totals.negative / totals.all) * 100) : 0;
  return (
    <figure className="chart events-chart" aria-label={`情感倾向变化：${bucketName}负面、中性、正面信息条数与负面占比；总体负面占比 ${share}%`}>
      <ResponsiveContainer width="100%" height={280}>
        <ComposedChart data={data} margin={{ top: 8, right: 12, bottom: 28, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e3e7ee" />
          <XAxis
            dataKey="label"
            tick={{ fontSize: 12 }}
            interval="preserveStartEnd"
            minTickGap={28}
            label={{ value: '时间（北京时间）', position: 'insideBottom', offset: -20, fontSize: 12 }}
          />
          <YAxis
            yAxisId="count"
            allowDecimals={false}
            tick={{ fontSize: 12 }}
            label={{ value: '信息条数', angle: -90, position: 'insideLeft', offset: 4, fontSize: 12 }}
          />
          <YAxis
            yAxisId="share"
            orientation="right"
            domain={[0, 100]}
            tick={{ fontSize: 12 }}
            unit="%"
            label={{ value: '负面占比', angle: 90, position: 'insideRight', offset: 4, fontSize: 12 }}
          />
          <Tooltip
            formatter={(v, name) => (name === '负面占比' ? [v === null || v === undefined ? '—' : `${String(v)}%`, name] : [`${String(v)} 条`, String(name)])}
            labelFormatter={(l) => `${String(l)}（${bucketName}）`}
          />
          <Legend verticalAlign="top" height={28} itemSorter={null} />
          <Bar yAxisId="count" dataKey="negative" name="负面" stackId="s" fill={COLOURS.negative} isAnimationActive={false} />
          <Bar yAxisId="count" dataKey="neutral" name="中性" stackId="s" fill={COLOURS.neutral} isAnimationActive={false} />
          <Bar yAxisId="count" dataKey="positive" name="正面" stackId="s" fill={COLOURS.positive} isAnimationActive={false} />
          <Line
            yAxisId="share"
            dataKey="negativeShare"
            name="负面占比"
            stroke={COLOURS.share}
            strokeWidth={2}
            dot={{ r: 2 }}
            connectNulls
            isAnimationActive={false}
          />
        </ComposedChart>
      </ResponsiveContainer>
      <details className="chart-data">
        <summary>以表格查看</summary>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">时间（北京时间）</th>
              <th scope="col">负面</th>
              <th scope="col">中性</th>
              <th scope="col">正面</th>
              <th scope="col">负面占比</th>
            </tr>
          </thead>
          <tbody>
            {data
              .filter((d) => d.negativeShare !== null)
              .map((d) => (
                <tr key={d.start}>
                  <td>{d.label}</td>
                  <td>{d.negative}</td>
                  <td>{d.neutral}</td>
                  <td>{d.positive}</td>
                  <td>{d.negativeShare}%</td>
                </tr>
              ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
