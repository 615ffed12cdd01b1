import { describe, expect, test } from 'vitest';
import type { TopicRule } from '@/lib/analysis/topic-rules';
import { describeTopicRule, matchTopic, parseTopicRule } from '@/lib/analysis/topic-rules';

function rule(source: string): TopicRule {
  const r = parseTopicRule(source);
  if (!r.ok) throw new Error(`unexpected parse error for ${source}: ${r.error.message}`);
  return r.rule;
}

describe('parseTopicRule: canonical form', () => {
  test.each([
    ['煤矿', '煤矿'],
    ['煤矿 透水', '煤矿 AND 透水'],
    ['煤矿透水', '煤矿透水'],
    ['煤矿 and 透水', '煤矿 AND 透水'],
    ['煤矿 & 透水', '煤矿 AND 透水'],
    ['煤矿&透水', '煤矿 AND 透水'],
    ['透水 OR 突水', '透水 OR 突水'],
    ['透水|突水|淹井', '透水 OR 突水 OR 淹井'],
    ['透水 or 突水', '透水 OR 突水'],
    ['煤矿 (透水 OR 突水) NOT 演练', '煤矿 AND (透水 OR 突水) AND NOT 演练'],
    ['煤矿 -演练 -演习', '煤矿 AND NOT 演练 AND NOT 演习'],
    ['（煤矿 或 矿井） 与 透水 非 演练', '(煤矿 OR 矿井) AND 透水 AND NOT 演练'],
    ['a OR b c', 'a OR b AND c'],
    ['(a OR b) c', '(a OR b) AND c'],
    ['a (b (c OR d))', 'a AND b AND (c OR d)'],
    ['"煤矿 透水"', '"煤矿 透水"'],
    ['“瞒报”|谎报', '"瞒报" OR 谎报'],
    ['“化工厂 爆炸”', '"化工厂 爆炸"'],
    ['title:煤矿', 'title:煤矿'],
    ['TITLE：煤矿 text:透水', 'title:煤矿 AND text:透水'],
    ['title:(煤矿 OR 矿井) -演练', '(title:煤矿 OR title:矿井) AND NOT 演练'],
    ['标题:瞒报 正文:问责', 'title:瞒报 AND text:问责'],
    ['title:"瓦斯 爆炸"', 'title:"瓦斯 爆炸"'],
    ['煤矿 NEAR/5 透水', '煤矿 NEAR/5 透水'],
    ['煤矿 near/0 透水', '煤矿 NEAR/0 透水'],
    ['(煤矿 OR 矿井) NEAR/10 透水 事故', '(煤矿 OR 矿井) NEAR/10 透水 AND 事故'],
    ['a NEAR/3 b NEAR/4 c', 'a NEAR/3 b NEAR/4 c'],
    ['a NEAR/3 (b NEAR/4 c)', 'a NEAR/3 (b NEAR/4 c)'],
    ['NOT 演练 煤矿', 'NOT 演练 AND 煤矿'],
    ['煤矿 NOT (演练 OR 演习)', '煤矿 AND NOT (演练 OR 演习)'],
    ['煤矿 NOT NOT 透水', '煤矿 AND NOT NOT 透水'],
    ['ＰＸ项目 Coal', 'px项目 AND coal'],
    ['COVID-19', 'covid-19'],
    ['参与 非法 或者', '参与 AND 非法 AND 或者'],
    ['nearby', 'nearby'],
    ['煤矿\u3000透水', '煤矿 AND 透水'],
  ])('%s → %s', (src, canonical) => {
    const r = parseTopicRule(src);
    expect(r.ok ? describeTopicRule(r.rule) : r.error).toBe(canonical);
  });

  test('canonical form parses to itself', () => {
    for (const src of ['煤矿 (透水 OR 突水) NOT 演练', 'title:(煤矿 OR 矿井) NEAR/5 透水', '“a"b” c', '"a”b"']) {
      const once = describeTopicRule(rule(src));
      expect(describeTopicRule(rule(once))).toBe(once);
    }
  });
});

describe('parseTopicRule: errors', () => {
  test.each<[string, string, number]>([
    ['', '规则为空', 0],
    ['   ', '规则为空', 0],
    ['煤矿 AND', '“AND”后面缺少关键词', 3],
    ['煤矿 OR', '“OR”后面缺少关键词', 3],
    ['OR 煤矿', '“OR”前面缺少关键词', 0],
    ['AND 煤矿', '“AND”前面缺少关键词', 0],
    ['煤矿 AND OR 透水', '“AND”后面缺少关键词', 3],
    ['煤矿 |', '“|”后面缺少关键词', 3],
    ['煤矿 NOT', '“NOT”后面缺少关键词', 3],
    ['煤矿 -', '“-”后面缺少关键词', 3],
    ['(煤矿 透水', '左括号“(”没有对应的右括号', 0],
    ['煤矿 (透水 (突水)', '左括号“(”没有对应的右括号', 3],
    ['煤矿) 透水', '多了一个右括号', 2],
    ['（煤矿））', '多了一个右括号', 4],
    ['煤矿 ()', '括号内没有内容', 4],
    [')', '多了一个右括号', 0],
    ['煤矿 (((', '左括号“(”没有对应的右括号', 5],
    ['title:(', '左括号“(”没有对应的右括号', 6],
    ['NOT 演练', '只有排除条件', 0],
    ['-演练 -演习', '只有排除条件', 0],
    ['煤矿 OR -演练', '只有排除条件', 6],
    ['煤矿 NEAR 透水', 'NEAR 缺少距离', 3],
    ['煤矿 NEAR/ 透水', 'NEAR 缺少距离', 3],
    ['煤矿 NEAR/x 透水', 'NEAR 缺少距离', 3],
    ['煤矿 NEAR/201 透水', '最多 200', 3],
    ['NEAR/5 透水', '“NEAR”前面缺少关键词', 0],
    ['煤矿 NEAR/5', 'NEAR/5”后面缺少关键词', 3],
    ['(煤矿 透水) NEAR/5 事故', 'NEAR 左边只能是', 8],
    ['煤矿 NEAR/5 NOT 演练', 'NEAR 右边只能是', 3],
    ['title:煤矿 NEAR/5 text:透水', '不在同一字段', 9],
    ['"煤矿 透水', '引号没有闭合', 0],
    ['煤矿 “瞒报', '引号没有闭合', 3],
    ['煤矿 ""', '引号内没有内容', 3],
    ['title:', '“title:”后面缺少关键词', 0],
    ['title: 煤矿', '“title:”后面缺少关键词', 0],
    ['title:text:煤矿', '字段范围不能连写两次', 6],
    ['title:(煤矿 text:透水)', '冲突', 0],
    ['煤 '.repeat(1001), '规则过长', 2000],
    ['('.repeat(21) + '煤矿' + ')'.repeat(21), '嵌套超过 20 层', 20],
  ])('%j', (src, hint, position) => {
    const r = parseTopicRule(src);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.message).toContain(hint);
    expect(r.error.position).toBe(position);
    // Every positioned error tells the user where, in 1-based characters.
    if (position > 0 && !hint.includes('过长')) expect(r.error.message).toContain(`第 ${position + 1} 个字符`);
  });

  test('random input never throws and canonical forms are stable', () => {
    const alphabet = ['煤矿', '透水', 'a', ' ', '(', ')', '（', '）', '"', '“', '”', '&', '|', '-', ' OR ', ' AND ', ' NOT ', ' NEAR/3 ', 'title:', 'text:', '：'];
    let seed = 42;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let n = 0; n < 3000; n++) {
      const src = Array.from({ length: 1 + Math.floor(rnd() * 8) }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join('');
      const r = parseTopicRule(src);
      if (!r.ok) {
        expect(r.error.position).toBeGreaterThanOrEqual(0);
        expect(r.error.position).toBeLessThanOrEqual(src.length);
        continue;
      }
      const canonical = describeTopicRule(r.rule);
      expect(describeTopicRule(rule(canonical)), src).toBe(canonical);
      expect(() => matchTopic(r.rule, { title: src, text: '煤矿透水 a' })).not.toThrow();
    }
  });

  test('20 levels of nesting is still fine', () => {
    expect(parseTopicRule('('.repeat(20) + '煤矿' + ')'.repeat(20)).ok).toBe(true);
  });

  test('never throws on junk input', () => {
    const junk = ['"', '“', '”', ')', '(((', '&|&', '- - -', 'near/', 'NEAR/5', 'title:(', '\u200b', '(-)', '"a" NEAR/1 "'];
    for (const s of junk) expect(() => parseTopicRule(s)).not.toThrow();
    for (const s of junk) expect(parseTopicRule(s).ok).toBe(false);
  });
});

describe('matchTopic', () => {
  const T1 = '山西某煤矿发生透水事故 12名矿工被困';
  const X1 = '11月20日，山西省某煤矿井下发生透水事故，应急管理部已派出工作组赶赴现场。';
  const T2 = '江苏一化工厂发生爆炸 已致3人死亡';
  const X2 = '当地应急管理局通报，涉事企业存在瞒报行为，相关责任人已被问责。';
  const T3 = '某煤矿开展透水事故应急演练';

  test.each<[string, { title: string; text: string }, boolean]>([
    ['煤矿 透水', { title: T1, text: '' }, true],
    ['煤矿透水', { title: T1, text: '' }, false],
    ['煤矿 (透水 OR 突水)', { title: '煤矿突水', text: '' }, true],
    ['煤矿 透水 NOT 演练', { title: T3, text: '' }, false],
    ['煤矿 透水 -演练', { title: T1, text: X1 }, true],
    ['煤矿 NOT (演练 OR 演习)', { title: '煤矿透水应急演习', text: '' }, false],
    // 煤矿 ends at 5, 透水 starts at 7: gap of 2 characters (发生).
    ['煤矿 NEAR/2 透水', { title: T1, text: '' }, true],
    ['煤矿 NEAR/1 透水', { title: T1, text: '' }, false],
    ['透水 NEAR/2 煤矿', { title: T1, text: '' }, true],
    // In X1, 煤矿 (end 13) and 透水 (start 17): gap is 井下发生 = 4.
    ['煤矿 NEAR/4 透水', { title: '', text: X1 }, true],
    ['煤矿 NEAR/3 透水', { title: '', text: X1 }, false],
    ['煤矿 NEAR/0 透水', { title: '煤矿透水', text: '' }, true],
    // Terms in different fields are never NEAR each other.
    ['煤矿 NEAR/200 透水', { title: '煤矿', text: '透水' }, false],
    ['title:透水', { title: T1, text: '' }, true],
    ['title:透水', { title: '矿难', text: X1 }, false],
    ['text:透水', { title: '矿难', text: X1 }, true],
    ['title:(瞒报 OR 谎报) 问责', { title: '煤矿事故瞒报调查', text: '5人被问责' }, true],
    ['title:(瞒报 OR 谎报) 问责', { title: '煤矿事故调查', text: '瞒报 5人被问责' }, false],
    ['化工厂 爆炸 (瞒报 OR 问责)', { title: T2, text: X2 }, true],
    ['（化工厂 或 化工企业） 与 爆炸 非 演练', { title: T2, text: '' }, true],
    ['“化工厂发生爆炸”', { title: T2, text: '' }, true],
    ['"化工厂 爆炸"', { title: T2, text: '' }, false],
    ['瞒报 NEAR/5 问责', { title: '', text: X2 }, false],
    ['瞒报 NEAR/10 问责', { title: '', text: X2 }, true],
    ['瞒报 -"不存在瞒报"', { title: '', text: '经调查，该企业不存在瞒报情况' }, false],
    // Full-width Latin, full-width brackets and case all fold.
    ['PX项目 爆炸', { title: 'ＰＸ项目附近发生爆炸', text: '' }, true],
    ['title:（ＰＸ OR tnt）', { title: '仓库存放TNT', text: '' }, true],
    // Latin terms respect word boundaries, CJK does not need them.
    ['PX', { title: 'PXE 设备故障', text: '' }, false],
    ['PX', { title: '反对PX项目', text: '' }, true],
    ['"PX"', { title: 'PXE 设备故障', text: '' }, true],
    // Zero-width spaces from CMS markup do not split words.
    ['透水事故', { title: '透\u200b水事故', text: '' }, true],
    ['(煤矿 OR 矿井) NEAR/3 (透水 OR 突水) 被困', { title: '', text: '矿井下突水，9人被困' }, true],
  ])('%s on %j → %s', (src, doc, matched) => {
    expect(matchTopic(rule(src), doc).matched).toBe(matched);
  });

  test('returns positive terms with offsets into the original strings', () => {
    const m = matchTopic(rule('title:煤矿 透水 NOT 演练'), { title: T1, text: X1 });
    expect(m.matched).toBe(true);
    expect(m.terms).toEqual([
      { term: '煤矿', field: 'title', start: 3, end: 5 },
      { term: '透水', field: 'title', start: 7, end: 9 },
      { term: '透水', field: 'text', start: 17, end: 19 },
    ]);
    for (const t of m.terms) expect((t.field === 'title' ? T1 : X1).slice(t.start, t.end)).toBe(t.term);
  });

  test('offsets point into the unfolded text for full-width input', () => {
    const title = '某ＰＸ项目与 Coal 公司';
    const m = matchTopic(rule('px项目 coal'), { title, text: '' });
    expect(m.terms.map((t) => title.slice(t.start, t.end))).toEqual(['ＰＸ项目', 'Coal']);
  });

  test('offsets survive astral characters before the hit', () => {
    const title = '𠀀𠀀煤矿透水';
    const m = matchTopic(rule('透水'), { title, text: '' });
    expect(m.terms).toEqual([{ term: '透水', field: 'title', start: 6, end: 8 }]);
  });

  test('NEAR highlights only the occurrences that are near each other', () => {
    const text = '透水预案。某煤矿发生透水';
    const m = matchTopic(rule('煤矿 NEAR/2 透水'), { title: '', text });
    expect(m.terms.map((t) => [t.term, t.start])).toEqual([
      ['煤矿', 6],
      ['透水', 10],
    ]);
  });

  test('an unmatched rule returns no terms', () => {
    expect(matchTopic(rule('煤矿 NOT 演练'), { title: T3, text: '' })).toEqual({ matched: false, terms: [] });
  });

  test('large inputs stay fast (no backtracking)', () => {
    const text = 'a'.repeat(200_000) + '煤矿透水';
    const r = rule(`"${'a'.repeat(500)}b" OR (煤矿 NEAR/0 透水) OR ${Array.from({ length: 50 }, (_, i) => `词${i}`).join(' OR ')}`);
    const t0 = performance.now();
    expect(matchTopic(r, { title: '', text }).matched).toBe(true);
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});
