'use client';
/**
 * How an event spread: items per time bucket stacked by source category. The title says what a
 * bar is; axes are labelled in Chinese with Beijing times; the numbers are also a table.
 */
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { SpreadCategory, SpreadPoint } from '@/lib/events-view/timeline';

export const CATEGORY_NAMES: Readonly<Record<SpreadCategory, string>> = {
  official: '政府/官方',
  own_site: '本单位网站',
  central_media: '中央媒体',
  local_media: '地方媒体',
  forum_social: '论坛/社交',
};

export const CATEGORY_COLOURS: Readonly<Record<SpreadCategory, string>> = {
  official: '#17427a',
  own_site: '#5b8fd9',
  central_media: '#d35400',
  local_media: '#f0a04b',
  forum_social: '#8e44ad',
};

export function SpreadTimelineChart({
  data,
  categories,
  bucketName,
}: {
  data: SpreadPoint[];
  categories: SpreadCategory[];
  /** 每小时 / 每 6 小时 / 每天. */
  bucketName: string;
}) {
  const total = data.reduce((n, d) => n + d.total, 0);
  return (
    <figure className="chart events-chart" aria-label={`传播时间线：${bucketName}信息条数，按信源类别堆叠，共 ${total} 条`}>
      <ResponsiveContainer width="100%" height={300}>
        <BarChart data={data} margin={{ top: 8, right: 12, bottom: 28, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e3e7ee" />
          <XAxis
            dataKey="label"
            tick={{ fontSize: 12 }}
            interval="preserveStartEnd"
            minTickGap={28}
            label={{ value: '时间（北京时间）', position: 'insideBottom', offset: -20, fontSize: 12 }}
          />
          <YAxis
            allowDecimals={false}
            tick={{ fontSize: 12 }}
            label={{ value: '信息条数', angle: -90, position: 'insideLeft', offset: 4, fontSize: 12 }}
          />
          <Tooltip
            formatter={(v, name) => [`${String(v)} 条`, String(name)]}
            labelFormatter={(l) => `${String(l)}（${bucketName}）`}
          />
          <Legend verticalAlign="top" height={28} itemSorter={null} />
          {categories.map((c) => (
            <Bar key={c} dataKey={c} name={CATEGORY_NAMES[c]} stackId="spread" fill={CATEGORY_COLOURS[c]} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
      <details className="chart-data">
        <summary>以表格查看</summary>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">时间（北京时间）</th>
              {categories.map((c) => (
                <th key={c} scope="col">
                  {CATEGORY_NAMES[c]}
                </th>
              ))}
              <th scope="col">合计</th>
            </tr>
          </thead>
          <tbody>
            {data
              .filter((d) => d.total > 0)
              .map((d) => (
                <tr key={d.start}>
                  <td>{d.label}</td>
                  {categories.map((c) => (
                    <td key={c}>{d[c]}</td>
                  ))}
                  <td>{d.total}</td>
                </tr>
              ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
