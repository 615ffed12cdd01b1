import { describe, expect, it } from 'vitest';
import { normalizeDigits, parseChineseNumber } from '@/lib/analysis/chinese-numbers';

describe('parseChineseNumber', () => {
  it.each([
    ['十二', 12],
    ['两', 2],
    ['三', 3],
    ['十', 10],
    ['二十一', 21],
    ['一百零五', 105],
    ['一千零一', 1001],
    ['九千二百', 9200],
    ['百', 100],
    ['3', 3],
    ['１２', 12],
    ['1.2万', 12000],
    ['1.1万', 11000],
    ['1200万', 12000000],
    ['1亿', 100000000],
    ['1亿2000万', 120000000],
    ['三千万', 30000000],
    ['十万', 100000],
    ['二〇二四', 2024],
    ['零', 0],
    ['1,200', 1200],
    ['５．５', 5.5],
  ] as const)('%s → %d', (input, expected) => {
    expect(parseChineseNumber(input)).toBe(expected);
  });

  it.each(['数十', '几', '', '十几', 'abc', '3五', '1.2.3'])('%s → null', (input) => {
    expect(parseChineseNumber(input)).toBeNull();
  });

  it('normalizes full-width digits without changing length', () => {
    expect(normalizeDigits('造成１２人死亡，６．２级')).toBe('造成12人死亡，6.2级');
  });
});
