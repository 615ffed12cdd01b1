/** Parse Chinese / Arabic / mixed numerals as they appear in news copy ("十二", "两", "1.2万", "１２"). */

const DIGITS: Readonly<Record<string, number>> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};
const SMALL_UNITS: Readonly<Record<string, number>> = { 十: 10, 百: 100, 千: 1000 };

/** Map full-width digits and the full-width point to ASCII; length-preserving so text offsets stay valid. */
export function normalizeDigits(text: string): string {
  return text.replace(/[\uFF10-\uFF19\uFF0E]/g, (c) =>
    c === '\uFF0E' ? '.' : String.fromCharCode(c.charCodeAt(0) - 0xff10 + 48),
  );
}

/** Characters that may form a number token; callers use this to build regexes. */
export const NUMBER_CHARS = '0-9.零〇一二两三四五六七八九十百千万亿';

/**
 * Returns the value, or null for anything vague ("数十", "几") or malformed.
 * Units follow the usual section rule: 十百千 inside a section, 万 and 亿 close sections.
 */
export function parseChineseNumber(input: string): number | null {
  // Plain ASCII digits, the common case ("3", "2024"): what the full path below returns for them.
  if (isAsciiDigits(input)) return Number(input);
  const s = normalizeDigits(input.trim()).replace(/(\d),(?=\d{3})/g, '$1');
  if (s === '') return null;
  if (!/^[0-9.零〇一二两三四五六七八九十百千万亿]+$/.test(s)) return null;
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s);

  // "二〇二四"-style digit strings with no unit are read positionally.
  if (/^[零〇一二两三四五六七八九]{2,}$/.test(s)) {
    let v = 0;
    for (const c of s) v = v * 10 + (DIGITS[c] ?? 0);
    return v;
  }

  let acc = 0; // parts already closed by 亿
  let wan = 0; // part closed by 万
  let section = 0; // below 万
  let digit: number | null = null;
  let i = 0;
  while (i < s.length) {
    const c = s.charAt(i);
    const arabic = /^\d+(\.\d+)?/.exec(s.slice(i));
    if (arabic) {
      if (digit !== null) return null;
      digit = Number(arabic[0]);
      i += arabic[0].length;
      continue;
    }
    if (c === '.') return null;
    if (c === '零' || c === '〇') {
      if (digit !== null && digit !== 0) return null;
      i += 1;
      continue;
    }
    const d = DIGITS[c];
    if (d !== undefined) {
      if (digit !== null) return null;
      digit = d;
      i += 1;
      continue;
    }
    const unit = SMALL_UNITS[c];
    if (unit !== undefined) {
      // A bare leading 十 means 1×10 ("十二"); 百/千 likewise ("百余人").
      section += (digit ?? 1) * unit;
      digit = null;
      i += 1;
      continue;
    }
    if (c === '万') {
      const base = section + (digit ?? 0);
      wan = (base === 0 ? 1 : base) * 1e4;
      section = 0;
      digit = null;
      i += 1;
      continue;
    }
    if (c === '亿') {
      const base = acc + wan + section + (digit ?? 0);
      acc = (base === 0 ? 1 : base) * 1e8;
      wan = 0;
      section = 0;
      digit = null;
      i += 1;
      continue;
    }
    return null;
  }
  const total = acc + wan + section + (digit ?? 0);
  // Strip float noise from decimals times units (1.1万 → 11000).
  return Number(total.toPrecision(12));
}

function isAsciiDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
