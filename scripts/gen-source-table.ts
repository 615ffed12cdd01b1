/**
 * Prints the README source table from the catalogue metadata, so the README never drifts
 * from what the app actually loads (STYLE.md §6.2).
 *
 *   npm run sources:table            print it
 *   npm run sources:table -- --write refresh it in README.md (between the sources markers)
 *   npm run sources:table -- --check exit 1 when README.md is out of date (tested)
 */
import fs from 'node:fs';
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

const START = '<!-- sources:start -->';
const END = '<!-- sources:end -->';

/** README text with the table between the markers replaced by `table`. */
export function withSourceTable(readme: string, table: string): string {
  const a = readme.indexOf(START);
  const b = readme.indexOf(END);
  if (a < 0 || b < a) throw new Error(`README.md 缺少 ${START} / ${END} 标记`);
  return `${readme.slice(0, a + START.length)}\n${table}${readme.slice(b)}`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const table = renderSourceTable(catalogue);
  const mode = process.argv[2];
  if (mode === '--write' || mode === '--check') {
    const readme = fs.readFileSync('README.md', 'utf8');
    const next = withSourceTable(readme, table);
    if (mode === '--write') fs.writeFileSync('README.md', next);
    else if (next !== readme) {
      process.stderr.write('README.md 的信源表已过期：运行 npm run sources:table -- --write\n');
      process.exit(1);
    }
  } else {
    process.stdout.write(table);
  }
}
