import { describe, expect, test } from 'vitest';
import { catalogue } from '@/crawlers/catalogue';
import { SOURCE_CATEGORIES, SourceListSchema } from '@/lib/sources/schema';
import fs from 'node:fs';
import { renderSourceTable, withSourceTable } from '@/scripts/gen-source-table';

/** The 34 provincial-level divisions, short form, plus 全国. */
const REGIONS = new Set([
  '全国',
  '北京', '天津', '河北', '山西', '内蒙古', '辽宁', '吉林', '黑龙江', '上海', '江苏', '浙江', '安徽',
  '福建', '江西', '山东', '河南', '湖北', '湖南', '广东', '广西', '海南', '重庆', '四川', '贵州',
  '云南', '西藏', '陕西', '甘肃', '青海', '宁夏', '新疆', '台湾', '香港', '澳门',
]);

describe('built-in source catalogue', () => {
  const parsed = SourceListSchema.parse(catalogue);

  test('every entry validates and the size is sensible', () => {
    expect(SourceListSchema.safeParse(catalogue).success).toBe(true);
    expect(REGIONS.size).toBe(35);
    expect(catalogue.length).toBeGreaterThanOrEqual(30);
    expect(catalogue.length).toBeLessThanOrEqual(45);
  });

  test('ids and URLs are unique; URLs are http(s)', () => {
    const ids = parsed.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    const urls = parsed.map((s) => s.url.replace(/\/$/, ''));
    expect(new Set(urls).size).toBe(urls.length);
    for (const s of parsed) expect(s.url).toMatch(/^https?:\/\/[^/]+/);
  });

  test('html sources have selectors; rss sources do not need them', () => {
    for (const s of parsed.filter((x) => x.kind === 'html')) {
      expect(s.html?.item, s.id).toBeTruthy();
      if (s.html?.followArticle) expect(s.html.article?.content, s.id).toBeTruthy();
    }
  });

  test('every category is present and all categories/regions are allowed', () => {
    const cats = new Set(parsed.map((s) => s.category));
    for (const c of Object.keys(SOURCE_CATEGORIES)) expect(cats, c).toContain(c);
    for (const s of parsed) {
      expect(Object.keys(SOURCE_CATEGORIES)).toContain(s.category);
      expect(REGIONS.has(s.region ?? ''), `${s.id}: ${s.region}`).toBe(true);
    }
  });

  test('covers the national regulators and at least 8 provinces', () => {
    const hosts = new Set(parsed.map((s) => new URL(s.url).hostname));
    for (const h of ['www.mem.gov.cn', 'www.chinamine-safety.gov.cn', 'www.nmc.cn', 'www.12379.cn']) {
      expect(hosts, h).toContain(h);
    }
    const provinces = new Set(parsed.filter((s) => s.region !== '全国').map((s) => s.region));
    expect(provinces.size).toBeGreaterThanOrEqual(8);
  });

  test('real sources are enabled, not demo, and priority ones poll every 5–10 minutes', () => {
    for (const s of parsed) {
      expect(s.demo, s.id).toBe(false);
      expect(s.enabled, s.id).toBe(true);
      expect(s.id.startsWith('demo-'), s.id).toBe(false);
      if (s.priority) expect(s.intervalMinutes, s.id).toBeLessThanOrEqual(10);
      else expect(s.intervalMinutes, s.id).toBeGreaterThanOrEqual(15);
      expect(s.intervalMinutes, s.id).toBeLessThanOrEqual(60);
    }
  });

  test('the README table has one row per source', () => {
    const table = renderSourceTable(catalogue);
    const rows = table.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| 名称') && !l.startsWith('| ---'));
    expect(rows).toHaveLength(catalogue.length);
    expect(table).toContain('中央媒体');
    expect(table).toContain('https://www.chinanews.com.cn/rss/society.xml');
  });

  test('the README carries the current table (npm run sources:table -- --write)', () => {
    const readme = fs.readFileSync('README.md', 'utf8');
    expect(withSourceTable(readme, renderSourceTable(catalogue))).toBe(readme);
  });
});
