/**
 * Settings stored as an override of the defaults: only the values that differ are kept in the
 * Setting row, so a default improved in a later release reaches everyone who did not change it.
 * Plus the number rules every settings form checks, with their Chinese messages. Pure.
 */
import { parseFormNumber } from './form-state';

export type Path = readonly string[];

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function getAt(obj: unknown, path: Path): unknown {
  let cur: unknown = obj;
  for (const k of path) {
    if (!isPlainObject(cur)) return undefined;
    cur = cur[k];
  }
  return cur;
}

/** A copy of `obj` with `value` at `path` (intermediate objects created as needed). */
export function setAt<T>(obj: T, path: Path, value: unknown): T {
  if (path.length === 0) return value as T;
  const [head, ...rest] = path as [string, ...string[]];
  const base: Record<string, unknown> = isPlainObject(obj) ? obj : {};
  return { ...base, [head]: setAt(base[head], rest, value) } as T;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

/**
 * The values of `full` that differ from `defaults`, as a sparse object. Objects are compared key by
 * key, except the `atomic` paths (records whose schema default replaces the whole record when the
 * key is absent: those are kept whole when anything in them differs).
 */
export function overrideDiff(full: unknown, defaults: unknown, atomic: ReadonlySet<string> = new Set(), at: string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!isPlainObject(full)) return out;
  for (const [k, v] of Object.entries(full)) {
    const d = isPlainObject(defaults) ? defaults[k] : undefined;
    const path = [...at, k];
    if (isPlainObject(v) && isPlainObject(d) && !atomic.has(path.join('/'))) {
      const sub = overrideDiff(v, d, atomic, path);
      if (Object.keys(sub).length) out[k] = sub;
    } else if (!deepEqual(v, d)) {
      out[k] = v;
    }
  }
  return out;
}

/** How a number setting is checked. */
export type NumberRule = 'cut' | 'positive' | 'nonNegative' | 'probability' | 'share' | 'count' | 'intMin1';

/** The Chinese problem with a value, or null when it is acceptable. `null` is acceptable only for cuts. */
export function checkNumber(rule: NumberRule, value: unknown): string | null {
  if (value === null) return rule === 'cut' ? null : '请填写数值';
  if (typeof value !== 'number' || !Number.isFinite(value)) return '请输入数字';
  switch (rule) {
    case 'cut':
    case 'nonNegative':
      return value < 0 ? '不能为负数' : null;
    case 'positive':
      return value > 0 ? null : '须大于 0';
    case 'probability':
      return value > 0 && value < 1 ? null : '须在 0 与 1 之间（不含 0 和 1），如 0.001';
    case 'share':
      return value >= 0 && value <= 1 ? null : '须在 0 到 1 之间，如 0.1 表示 10%';
    case 'count':
      return Number.isInteger(value) && value >= 0 ? null : '须为不小于 0 的整数';
    case 'intMin1':
      return Number.isInteger(value) && value >= 1 ? null : '须为不小于 1 的整数';
  }
}

/** A number field as typed: '' is "not used" for a cut and missing otherwise. */
export function readNumber(rule: NumberRule, raw: string): { ok: true; value: number | null } | { ok: false; message: string } {
  const n = parseFormNumber(raw);
  if (!n.ok) return { ok: false, message: '请输入数字' };
  const value = n.value === undefined ? null : n.value;
  const problem = checkNumber(rule, value);
  return problem ? { ok: false, message: problem } : { ok: true, value };
}

/** A value as shown in a form field and beside it as the default ('' and 不启用 for null). */
export function formatSettingValue(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return v.map(String).join(',');
  return String(v);
}
