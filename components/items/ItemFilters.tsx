import { ACCIDENT_TYPES } from '@/lib/analysis/accident';
import { PROVINCES } from '@/lib/analysis/lexicons/divisions';
import type { ItemFilterOptions } from '@/lib/db';
import { categoryLabel } from '@/lib/format/zh';
import { DEMO_FILTERS, GRADES, LABEL_FILTERS, QUICK_RANGES, SORT_ORDERS, itemQueryString } from '@/lib/search/filter';
import type { ItemQuery } from '@/lib/search/filter';
import { SEARCH_HELP } from '@/lib/search/query';
import { SOURCE_CATEGORIES } from '@/lib/sources/schema';

/**
 * The filter form: a plain GET form (works without JavaScript, every control labelled), and the
 * quick time ranges as links that keep the other filters.
 */
export function ItemFilters({ query, options }: { query: ItemQuery; options: ItemFilterOptions }) {
  const v = query.values;
  const byCategory = new Map<string, ItemFilterOptions['sources']>();
  for (const s of options.sources) byCategory.set(s.category, [...(byCategory.get(s.category) ?? []), s]);
  return (
    <section className="card" aria-labelledby="filters-h">
      <h2 id="filters-h">检索与筛选</h2>
      <form className="filters" method="get" action="/items" role="search">
        <label className="search-box">
          全文检索
          <input type="search" name="q" defaultValue={v.q ?? ''} maxLength={100} placeholder='如：透水 "瓦斯爆炸" -演练' />
        </label>
        <p className="help" id="search-help">
          {SEARCH_HELP}
        </p>
        <label>
          排序（检索时）
          <select name="sort" defaultValue={v.sort ?? 'time'}>
            {Object.entries(SORT_ORDERS).map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          快捷时间
          <select name="range" defaultValue={v.range ?? ''}>
            <option value="">不限（或按下方日期）</option>
            {Object.entries(QUICK_RANGES).map(([k, label]) => (
              <option key={k} value={k}>
                近 {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          开始日期
          <input type="date" name="from" defaultValue={v.from ?? ''} />
        </label>
        <label>
          结束日期（含当天）
          <input type="date" name="to" defaultValue={v.to ?? ''} />
        </label>
        <label>
          信源类别
          <select name="category" defaultValue={v.category ?? ''}>
            <option value="">全部类别</option>
            {Object.entries(SOURCE_CATEGORIES).map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          信源
          <select name="source" defaultValue={v.source ?? ''}>
            <option value="">全部信源</option>
            {[...byCategory].map(([category, list]) => (
              <optgroup key={category} label={categoryLabel(category)}>
                {list.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </label>
        <label>
          情感
          <select name="label" defaultValue={v.label ?? ''}>
            <option value="">全部</option>
            {Object.entries(LABEL_FILTERS).map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          最低风险（0–100）
          <input type="number" name="minRisk" min={0} max={100} step={1} defaultValue={v.minRisk ?? ''} />
        </label>
        <label>
          监测专题
          <select name="topic" defaultValue={v.topic ?? ''}>
            <option value="">全部专题</option>
            {options.topics.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          地区（省级）
          <select name="province" defaultValue={v.province ?? ''}>
            <option value="">全部地区</option>
            {options.extraProvinces
              .filter((name) => !PROVINCES.some((p) => p.name === name))
              .map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            {PROVINCES.map((p) => (
              <option key={p.code} value={p.name}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          事故类型
          <select name="accidentType" defaultValue={v.accidentType ?? ''}>
            <option value="">全部类型</option>
            {Object.entries(ACCIDENT_TYPES).map(([code, name]) => (
              <option key={code} value={code}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label>
          事故等级
          <select name="grade" defaultValue={v.grade ?? ''}>
            <option value="">全部等级</option>
            {GRADES.map((g) => (
              <option key={g} value={g}>
                {g}
              </option>
            ))}
          </select>
        </label>
        <label>
          演示数据
          <select name="demo" defaultValue={v.demo ?? 'include'}>
            {Object.entries(DEMO_FILTERS).map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </select>
        </label>
        {v.event && <input type="hidden" name="event" value={v.event} />}
        <div className="actions">
          <button type="submit">筛选</button>
          <a className="button secondary" href="/items">
            清除条件
          </a>
        </div>
      </form>
      <p className="quick">
        <span className="muted">快捷时间：</span>
        {Object.entries(QUICK_RANGES).map(([k, label]) => (
          <a
            key={k}
            href={`/items${itemQueryString(v, { range: k, from: undefined, to: undefined })}`}
            aria-current={v.range === k ? 'true' : undefined}
          >
            {label}
          </a>
        ))}
        <a href={`/items${itemQueryString(v, { range: undefined, from: undefined, to: undefined })}`}>不限</a>
      </p>
    </section>
  );
}
