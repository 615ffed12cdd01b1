/** Every crawl error code has a plain-Chinese explanation and a next step for the press officer. */
import { describe, expect, test } from 'vitest';
import { CRAWL_ERROR_HELP, crawlErrorHelp, crawlErrorLabel } from '@/components/sources/error-help';
import { CRAWL_ERROR_MESSAGES } from '@/lib/errors';

const CJK = /[\u4e00-\u9fff]/;
const CODES = Object.keys(CRAWL_ERROR_MESSAGES);

describe('error code → plain Chinese', () => {
  test('the mapping covers exactly the codes of lib/errors.ts', () => {
    expect(CODES.length).toBeGreaterThan(25);
    expect(Object.keys(CRAWL_ERROR_HELP).sort()).toEqual([...CODES].sort());
  });

  test.each(CODES)('%s: a sentence and what to do, in Chinese, without the code itself', (code) => {
    const help = crawlErrorHelp(code);
    expect(help?.what).toMatch(CJK);
    expect(help?.todo).toMatch(CJK);
    expect(help?.what).toMatch(/[。）]$/);
    expect(`${help?.what}${help?.todo}`).not.toContain(code);
    expect(crawlErrorLabel(code)).toBe(CRAWL_ERROR_MESSAGES[code as keyof typeof CRAWL_ERROR_MESSAGES]);
  });

  test('each code has its own explanation', () => {
    const sentences = CODES.map((c) => crawlErrorHelp(c)?.what);
    expect(new Set(sentences).size).toBe(CODES.length);
  });

  test('no code: nothing to explain; an unknown code (a newer crawler) still gets a sentence', () => {
    expect(crawlErrorHelp(null)).toBeNull();
    expect(crawlErrorHelp('something_new')?.what).toMatch(CJK);
    expect(crawlErrorLabel('something_new')).toBe('something_new');
  });
});
