import { describe, expect, it } from 'vitest';
import { addSegmentWords, segment } from '@/lib/analysis/segment';

const words = (text: string): string[] => segment(text).map((s) => s.word);

describe('segment', () => {
  it('returns nothing for empty text', () => {
    expect(segment('')).toEqual([]);
  });

  it('keeps agencies, cues and official phrases whole via the domain user dictionary', () => {
    const w = words('应急管理局、矿山安全监察局和安监局通报：全力救援，妥善处置，网友质疑删帖，企业迟报瞒报');
    for (const term of ['应急管理局', '矿山安全监察局', '安监局', '全力救援', '妥善处置', '删帖', '迟报', '瞒报']) {
      expect(w).toContain(term);
    }
  });

  it('keeps the full names of administrative divisions whole, also those newer than the jieba dictionary', () => {
    // 盘州市 (2017), 神木市 (2017) and 香格里拉市 (2014) are not in jieba's own dictionary.
    expect(words('贵州省盘州市一煤矿发生瓦斯爆炸，陕西神木市和云南香格里拉市也有报道')).toEqual(
      expect.arrayContaining(['贵州省', '盘州市', '神木市', '香格里拉市']),
    );
  });

  it('keeps multi-word cues from DOMAIN §5.2 as one token', () => {
    expect(words('当地救援迟缓，事故前曾被举报')).toEqual(expect.arrayContaining(['救援迟缓', '事故前曾被举报']));
  });

  it.each([
    '某煤矿发生透水事故，3人被困，应急管理局第一时间启动应急预案。',
    'Mixed 文本 with  spaces\n换行\tand 12.5吨 液氨泄露！！',
    '表情😀和生僻字𠮷也要对齐',
    '  前后有空格  ',
  ])('offsets reconstruct the original text: %s', (text) => {
    const segs = segment(text);
    expect(segs.map((s) => s.word).join('')).toBe(text);
    let cursor = 0;
    for (const s of segs) {
      expect(s.start).toBe(cursor);
      expect(text.slice(s.start, s.end)).toBe(s.word);
      cursor = s.end;
    }
    expect(cursor).toBe(text.length);
  });

  it('learns extra words at runtime', () => {
    expect(words('某某重工集团发生事故')).not.toContain('某某重工集团');
    addSegmentWords(['某某重工集团']);
    expect(words('某某重工集团发生事故')).toContain('某某重工集团');
  });
});
