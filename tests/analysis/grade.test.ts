import { describe, expect, it } from 'vitest';
import { accidentGrade } from '@/lib/analysis/grade';

describe('accidentGrade (国务院令第493号 art. 3, 以上 includes the boundary)', () => {
  it.each([
    [{ deaths: 0 }, '一般'],
    [{ deaths: 2 }, '一般'],
    [{ deaths: 3 }, '较大'],
    [{ deaths: 9 }, '较大'],
    [{ deaths: 10 }, '重大'],
    [{ deaths: 29 }, '重大'],
    [{ deaths: 30 }, '特别重大'],
    [{ seriousInjuries: 9 }, '一般'],
    [{ seriousInjuries: 10 }, '较大'],
    [{ seriousInjuries: 50 }, '重大'],
    [{ seriousInjuries: 99 }, '重大'],
    [{ seriousInjuries: 100 }, '特别重大'],
    [{ lossYuan: 9_999_999 }, '一般'],
    [{ lossYuan: 10_000_000 }, '较大'],
    [{ lossYuan: 50_000_000 }, '重大'],
    [{ lossYuan: 99_999_999 }, '重大'],
    [{ lossYuan: 100_000_000 }, '特别重大'],
  ] as const)('%o → %s', (input, expected) => {
    expect(accidentGrade(input)).toBe(expected);
  });

  it('takes the maximum over dimensions', () => {
    expect(accidentGrade({ deaths: 1, seriousInjuries: 12, lossYuan: 60_000_000 })).toBe('重大');
    expect(accidentGrade({ deaths: 31, seriousInjuries: 0 })).toBe('特别重大');
  });

  it('returns null when nothing is known', () => {
    expect(accidentGrade({})).toBeNull();
    expect(accidentGrade({ deaths: null, seriousInjuries: undefined, lossYuan: null })).toBeNull();
  });
});
