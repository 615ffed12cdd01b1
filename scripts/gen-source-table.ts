/**
 * Prints the README source table from the catalogue metadata, so the README never drifts
 * from what the app actually loads (STYLE.md §6.2).
 *
 *   npx tsx scripts/gen-source-table.ts > docs/sources.md
 */
import { pathToFileURL } from 'node:url';
import { catalogue } from '@/crawlers/catalogue';
import { SOURCE_CATEGORIES, SourceListSchema, type SourceInput } from '@/lib/sources/schema';

/** Pipes and newlines would break a markdown table row. */
function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

export function renderSourceTable(sources: readonly SourceInput[]): string {
  const parsed = SourceListSchema.parse(sources);
  const rows = parsed.map((s) =>
    [
      cell(s.name) + (s.note ? ' ※' : ''),
      SOURCE_CATEGORIES[s.category],
      s.kind === 'rss' ? 'RSS' : 'HTML',
      s.region ?? '—',
      `${s.intervalMinutes} 分钟${s.priority ? '（优先）' : ''}`,
      `<${s.url}>`,
    ].join(' | '),
  );
  return [
    '| 名称 | 类别 | 类型 | 地区 | 抓取间隔 | 地址 |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r} |`),
    '',
    `共 ${parsed.length} 个信源。※ 表示地址或选择器尚未核实，见该信源的备注。`,
    '',
  ].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(renderSourceTable(catalogue));
}
