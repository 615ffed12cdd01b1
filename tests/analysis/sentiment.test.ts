import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LEXICON, MAX_WEIGHT, MIN_WEIGHT, isSensitiveCategory } from '@/lib/analysis/lexicon';
import type { Lexicon } from '@/lib/analysis/lexicon';
import { NEWS_RELAY_FACTOR, scoreSentiment } from '@/lib/analysis/sentiment';
import type { SentimentLabel } from '@/lib/analysis/sentiment';

type Golden = [title: string, text: string, expected: SentimentLabel | 'not-negative'];

const GOLDEN: Golden[] = [
  ['', '这家酒店非常满意', 'positive'],
  ['', '房间很干净，服务热情', 'positive'],
  ['', '环境优美，交通便利，值得推荐', 'positive'],
  ['', '价格不贵，性价比高', 'positive'],
  ['', '太失望了，再也不来了', 'negative'],
  ['', '房间又脏又吵，隔音很差', 'negative'],
  ['', '前台态度恶劣，拒绝退款', 'negative'],
  ['', '早餐不好吃', 'negative'],
  ['', '不是很满意', 'negative'],
  ['', '没有不满意的地方', 'positive'],
  // Negation of domain words
  ['', '工作环境不安全', 'negative'],
  ['', '该厂今年没有发生事故', 'not-negative'],
  ['', '经核查，该矿并非瞒报', 'not-negative'],
  ['', '并没有发生泄漏，请大家放心', 'positive'],
  // Sensitive cues and accidents
  ['', '企业涉嫌瞒报事故', 'negative'],
  ['', '网友质疑删帖，要求公布真相', 'negative'],
  ['', '遇难者家属聚集维权，讨说法', 'negative'],
  ['', '救援迟缓，不作为，令人心寒', 'negative'],
  ['', '网传该化工厂发生爆炸，未经证实', 'negative'],
  ['', '煤矿发生透水事故，3人死亡', 'negative'],
  ['', '记者现场采访遭拒绝采访，设备被抢', 'negative'],
  ['', '有关部门推诿扯皮，封口费私了', 'negative'],
  ['', '事故前曾被举报，举报无人理', 'negative'],
  ['家属质疑瞒报', '官方称情况正在核实', 'negative'],
  // Official release tone
  [
    '',
    '事故发生后，应急管理局第一时间启动应急预案，全力救援，妥善处置善后工作，现场秩序有序，社会稳定',
    'not-negative',
  ],
  ['', '矿山安全监察局通报：被困人员全部获救，伤员生命体征平稳', 'not-negative'],
  ['', '安全生产形势总体稳定', 'not-negative'],
  ['', '事故调查组已成立，依法依规严肃追责', 'not-negative'],
  ['', '化工园区隐患排查整治有序开展', 'not-negative'],
  ['关于某化工厂事故的情况通报', '当地迅速启动应急预案，全力搜救，伤员生命体征平稳', 'not-negative'],
  // Weibo: emoticon tags, emoji, crisis vocabulary, slang (posts written for these tests)
  ['', '致敬一线医护人员[心][心]', 'positive'],
  ['', '武汉挺住，我们都在！[加油]', 'positive'],
  ['', '平安到家了🙏', 'positive'],
  ['', '又涨价了[怒][怒]', 'negative'],
  ['', '医院物资紧缺，医生在求助[泪]', 'negative'],
  ['', '小区通知一点都没有[微笑]', 'negative'],
  ['', '这都什么时候了还在乱跑😡', 'negative'],
  ['', '我好慌啊，楼下也有确诊了', 'negative'],
  ['', '开心死了，终于可以出院回家', 'positive'],
  ['', '气死我了！！！', 'negative'],
  ['', '凭什么不让进？？？', 'negative'],
  // Negation inside fixed expressions, and reassurance
  ['', '说的没毛病', 'positive'],
  ['', '放心，没问题的', 'positive'],
  ['', '大家不要恐慌，做好防护', 'not-negative'],
  ['', '我们不怕，一定会好起来', 'positive'],
  // Facts alone are not tone; links and mentions carry none
  ['', '本市新增确诊病例3例，均已隔离治疗', 'neutral'],
  ['', '@快乐星球 今天发布会 http://t.cn/A6abcd 详见链接', 'neutral'],
  // Repost chains: the reposter's own comment leads
  ['', '垃圾！//@某网友:我们小区物资充足，很放心', 'negative'],
  ['', '辛苦了！//@某医院:今晚又是通宵，有点累', 'positive'],
  // Rhetorical questions affirm what they seem to deny
  ['', '这不是坑人吗？', 'negative'],
  ['', '难道不可怕吗', 'negative'],
  ['', '你怎么不去死', 'negative'],
  // Tears beside tribute or thanks mean "moved"
  ['', '致敬一线医护人员[泪][泪]', 'positive'],
  ['', '辛苦了😭', 'positive'],
  ['', '致敬逝者[蜡烛]', 'positive'],
  // Cheerful emoticons after an angry clause are sarcasm
  ['', '又涨价了，太坑人了[good]', 'negative'],
  ['', '太恶心了[嘻嘻]', 'negative'],
  // News relays: tone words count less, accident facts stay negative
  ['【本市新增确诊3例】', '患者病情稳定，已隔离治疗', 'neutral'],
  ['', '据市卫健委通报，新增确诊3例，均已安全转运', 'neutral'],
  ['', '【突发】某化工厂发生爆炸，现场浓烟滚滚 http://t.cn/A6abcd', 'negative'],
  // Praise quantifiers and agency names
  ['', '永远支持你', 'positive'],
  ['', '国家卫生健康委员会召开发布会', 'neutral'],
  // No sentiment at all
  ['', '今天下午召开新闻发布会', 'neutral'],
  ['', '', 'neutral'],
];

describe('scoreSentiment golden cases', () => {
  it.each(GOLDEN)('%s｜%s → %s', (title, text, expected) => {
    const { score, label } = scoreSentiment({ title, text });
    expect(score).toBeGreaterThanOrEqual(-1);
    expect(score).toBeLessThanOrEqual(1);
    if (expected === 'not-negative') expect(label).not.toBe('negative');
    else expect(label).toBe(expected);
  });
});

describe('scoreSentiment mechanics', () => {
  it('flips and dampens a negated word', () => {
    const plain = scoreSentiment({ text: '企业瞒报' }).cues.find((c) => c.term === '瞒报');
    const negated = scoreSentiment({ text: '并非瞒报' }).cues.find((c) => c.term === '瞒报');
    expect(plain?.negated).toBe(false);
    expect(negated?.negated).toBe(true);
    expect(negated?.weight).toBeGreaterThan(0);
    expect(Math.abs(negated?.weight ?? 0)).toBeLessThan(Math.abs(plain?.weight ?? 0));
  });

  it('does not carry negation across a clause break', () => {
    const cue = scoreSentiment({ text: '不，瞒报' }).cues.find((c) => c.term === '瞒报');
    expect(cue?.negated).toBe(false);
  });

  it('applies degree adverbs as multipliers', () => {
    const strong = scoreSentiment({ text: '非常满意' });
    const weak = scoreSentiment({ text: '有点满意' });
    expect(strong.cues[0]?.degree).toBe(1.8);
    expect(weak.cues[0]?.degree).toBeLessThan(1);
    expect(strong.score).toBeGreaterThan(weak.score);
  });

  it('weights the title over the body', () => {
    const body = '当地全力救援，妥善处置';
    const withNegativeTitle = scoreSentiment({ title: '家属质疑瞒报', text: body });
    const bodyOnly = scoreSentiment({ text: body });
    const asBody = scoreSentiment({ text: `家属质疑瞒报。${body}` });
    expect(withNegativeTitle.score).toBeLessThan(asBody.score);
    expect(asBody.score).toBeLessThan(bodyOnly.score);
  });

  it('lists sensitive cues as negative with a sensitive category', () => {
    const { cues } = scoreSentiment({ text: '网友质疑删帖，家属维权要真相' });
    const sensitive = cues.filter((c) => isSensitiveCategory(c.category));
    expect(sensitive.map((c) => c.term).sort()).toEqual(['删帖', '家属', '真相', '维权', '质疑'].sort());
    for (const c of sensitive) expect(c.weight).toBeLessThan(0);
  });

  it('gives offsets that point at the cue in its own field', () => {
    const title = '【突发】某矿瞒报透水事故';
    const text = '据网友爆料，遇难者家属被要求私了，相关帖子已被删帖。';
    const { cues } = scoreSentiment({ title, text });
    expect(cues.length).toBeGreaterThan(0);
    for (const c of cues) {
      const source = c.field === 'title' ? title : text;
      expect(source.slice(c.start, c.end)).toBe(c.term);
    }
    expect(cues.find((c) => c.term === '瞒报')).toMatchObject({ field: 'title', start: 6, end: 8 });
    expect(cues.find((c) => c.term === '删帖')).toMatchObject({ field: 'text', start: 23, end: 25 });
  });

  it('reads a bracket tag as one cue with offsets into the original text', () => {
    const text = '武汉加油[心][中国赞]，平安归来[泪]';
    const { cues } = scoreSentiment({ text });
    for (const c of cues) expect(text.slice(c.start, c.end)).toBe(c.term);
    expect(cues.find((c) => c.term === '[心]')).toMatchObject({ start: 4, end: 7 });
    expect(cues.find((c) => c.term === '[中国赞]')).toMatchObject({ start: 7, end: 12 });
    // Beside 加油[心] the tear reads as being moved; alone it is sad.
    expect(cues.find((c) => c.term === '[泪]')?.weight).toBeGreaterThan(0);
    expect(scoreSentiment({ text: '平安归来[泪]' }).cues.find((c) => c.term === '[泪]')?.weight).toBeLessThan(0);
  });

  it('keeps emoji with their variation selector or skin tone whole', () => {
    const text = '加油💪🏻❤️';
    const { cues } = scoreSentiment({ text });
    expect(cues.map((c) => c.term)).toEqual(['加油', '💪🏻', '❤️']);
    for (const c of cues) expect(text.slice(c.start, c.end)).toBe(c.term);
  });

  it('does not let a negator or adverb reach an emoticon', () => {
    const cue = scoreSentiment({ text: '一点消息都没有[微笑]' }).cues.find((c) => c.term === '[微笑]');
    expect(cue).toMatchObject({ negated: false, degree: 1 });
    expect(cue?.weight).toBeLessThan(0);
  });

  it('keeps 没/不 fixed expressions whole instead of negating', () => {
    const { cues } = scoreSentiment({ text: '说的没毛病，没问题' });
    expect(cues.map((c) => c.term)).toEqual(['没毛病', '没问题']);
    for (const c of cues) expect(c.negated).toBe(false);
  });

  it('flips a negative word after an imperative negator', () => {
    const cue = scoreSentiment({ text: '不要恐慌' }).cues.find((c) => c.term === '恐慌');
    expect(cue?.negated).toBe(true);
    expect(cue?.weight).toBeGreaterThan(0);
  });

  it('raises the nearest cue by the exclamation marks after it, capped', () => {
    const plain = scoreSentiment({ text: '辛苦了' }).cues[0];
    const one = scoreSentiment({ text: '辛苦了！' }).cues[0];
    const three = scoreSentiment({ text: '辛苦了！！！' }).cues[0];
    const six = scoreSentiment({ text: '辛苦了！！！！！！' }).cues[0];
    expect(plain?.degree).toBe(1);
    expect(one?.degree).toBeCloseTo(1.2);
    expect(three?.degree).toBeCloseTo(1.6);
    expect(six?.degree).toBe(three?.degree);
    expect(three?.weight).toBeGreaterThan(one?.weight ?? 0);
    // Not across a clause: the mark after "，没事" does not reach 担心.
    const far = scoreSentiment({ text: '担心，我们没事！' }).cues.find((c) => c.term === '担心');
    expect(far?.degree).toBe(1);
  });

  it('reads a fused intensifier or complement as the degree of the word', () => {
    expect(scoreSentiment({ text: '好慌' }).cues).toMatchObject([{ term: '慌', degree: 1.5 }]);
    const happy = scoreSentiment({ text: '开心死了' });
    expect(happy.cues).toMatchObject([{ term: '开心', degree: 1.8 }]);
    expect(happy.label).toBe('positive');
    // 好 as a result complement ("做好防护") is no praise.
    expect(scoreSentiment({ text: '大家做好防护' }).cues).toEqual([]);
  });

  it('turns a run of full-width question marks into one cue', () => {
    const text = '凭什么不让进？？？';
    const cue = scoreSentiment({ text }).cues.find((c) => c.term.startsWith('？'));
    expect(cue).toMatchObject({ term: '？？？', start: 6, end: 9 });
    expect(cue?.weight).toBeLessThan(0);
  });

  it('weights the reposter\'s own comment over the quoted chain, and marks the scope', () => {
    const text = '垃圾//@某网友:我们小区物资充足，很放心//@另一人:放心';
    const { cues, score } = scoreSentiment({ text });
    for (const c of cues) expect(text.slice(c.start, c.end)).toBe(c.term);
    expect(cues.find((c) => c.term === '垃圾')?.scope).toBeUndefined();
    const quoted = cues.filter((c) => c.term === '放心');
    expect(quoted).toHaveLength(2);
    for (const c of quoted) expect(c.scope).toBe('repost');
    const unquoted = scoreSentiment({ text: '垃圾。我们小区物资充足，很放心。放心' });
    expect(unquoted.label).toBe('positive');
    expect(score).toBeLessThan(unquoted.score);
    // The mention name ("快乐星球") is not read as words.
    expect(scoreSentiment({ text: '转发//@快乐星球:' }).cues).toEqual([]);
  });

  it('discounts words inside a #topic#', () => {
    const inTag = scoreSentiment({ text: '#新增死亡病例#' }).cues.find((c) => c.term === '死亡');
    const plain = scoreSentiment({ text: '新增死亡病例' }).cues.find((c) => c.term === '死亡');
    expect(inTag?.scope).toBe('hashtag');
    expect(Math.abs(inTag?.weight ?? 0)).toBeLessThan(Math.abs(plain?.weight ?? 0));
  });

  it('cancels a negation in a rhetorical question and says so', () => {
    const text = '这不是坑人吗？';
    const r = scoreSentiment({ text });
    const cue = r.cues.find((c) => c.term === '坑人');
    expect(cue).toMatchObject({ negated: false });
    expect(cue?.weight).toBeLessThan(0);
    expect(r.adjustments).toEqual([
      { rule: 'rhetorical-question', factor: expect.any(Number) as number, field: 'text', start: 3, end: 5, term: '坑人' },
    ]);
    // A plain negation is no question: it still flips.
    expect(scoreSentiment({ text: '这不是坑人' }).cues[0]?.negated).toBe(true);
    expect(scoreSentiment({ text: '这不是坑人' }).adjustments).toBeUndefined();
  });

  it('reads a tear mark beside a tribute as being moved, only nearby and in the same scope', () => {
    const moved = scoreSentiment({ text: '致敬逝者[蜡烛]' });
    expect(moved.cues.find((c) => c.term === '[蜡烛]')?.weight).toBeGreaterThan(0);
    expect(moved.adjustments?.[0]).toMatchObject({ rule: 'moved', term: '[蜡烛]', start: 4, end: 8 });
    const grief = scoreSentiment({ text: '一路走好[蜡烛]' });
    expect(grief.cues.find((c) => c.term === '[蜡烛]')?.weight).toBeLessThan(0);
    expect(grief.adjustments).toBeUndefined();
    const quoted = scoreSentiment({ text: '致敬//@某人:太难了[泪]' });
    expect(quoted.cues.find((c) => c.term === '[泪]')?.weight).toBeLessThan(0);
  });

  it('turns a cheerful emoticon after a strongly negative clause into sarcasm', () => {
    const text = '太恶心了[嘻嘻]';
    const r = scoreSentiment({ text });
    const tag = r.cues.find((c) => c.term === '[嘻嘻]');
    expect(tag?.weight).toBeLessThan(0);
    expect(r.adjustments).toEqual([{ rule: 'sarcasm', factor: -1, field: 'text', start: 4, end: 8, term: '[嘻嘻]' }]);
    // Far from the angry word, or after praise, the tag keeps its sign.
    expect(scoreSentiment({ text: '辛苦了[嘻嘻]' }).cues.find((c) => c.term === '[嘻嘻]')?.weight).toBeGreaterThan(0);
    // (the turn "不过" is reported as a contrast; no sarcasm)
    expect(scoreSentiment({ text: '太恶心了，不过今天吃到了饺子[嘻嘻]' }).adjustments?.map((a) => a.rule)).toEqual(['contrast']);
  });

  it('lets the clause after a turn (但是/却) carry the sentence, and names the turn', () => {
    const r = scoreSentiment({ text: '环境很好，但是服务太差' });
    expect(r.label).toBe('negative');
    expect(r.adjustments).toEqual([{ rule: 'contrast', factor: 0.5, field: 'text', start: 5, end: 7, term: '但是' }]);
    // Before the turn at half weight, after it at 1.5 times.
    expect(r.cues.map((c) => [c.term, c.weight])).toEqual([['很好', 1], ['太差', -3.75]]);
    expect(scoreSentiment({ text: '环境很好' }).cues.map((c) => c.weight)).toEqual([2]);
    expect(scoreSentiment({ text: '服务太差' }).cues.map((c) => c.weight)).toEqual([-2.5]);
    // The other order: the praise after the turn wins.
    expect(scoreSentiment({ text: '虽然很辛苦很累，但是值得' }).label).toBe('positive');
    // A turn in the next sentence does not reach back across "。".
    expect(scoreSentiment({ text: '服务太差。但是我们会继续' }).adjustments).toBeUndefined();
  });

  it('reads a question led by 为什么/怎么 without praise as a reproach', () => {
    const r = scoreSentiment({ text: '为什么现在才通知大家？' });
    expect(r.label).toBe('negative');
    expect(r.adjustments).toEqual([{ rule: 'indignant-question', factor: -1, field: 'text', start: 0, end: 3, term: '为什么' }]);
    // Praise inside the question, or no question mark: no reproach.
    expect(scoreSentiment({ text: '为什么他们这么棒？' }).adjustments).toBeUndefined();
    expect(scoreSentiment({ text: '为什么现在才通知大家' }).adjustments).toBeUndefined();
    // In the quoted repost chain it counts half.
    const quoted = scoreSentiment({ text: '//@某人:为什么现在才通知？' });
    expect(quoted.adjustments?.[0]?.factor).toBe(-0.5);
  });

  it('reads a trailing ellipsis as a sigh, one cue per run', () => {
    const r = scoreSentiment({ text: '又要在家待一个月了……' });
    expect(r.cues.map((c) => c.term)).toEqual(['……']);
    expect(r.label).toBe('negative');
    const dots = scoreSentiment({ text: '明天再说吧。。。' });
    expect(dots.cues.map((c) => [c.term, c.start, c.end])).toEqual([['。。。', 5, 8]]);
    // A single full stop is no sigh.
    expect(scoreSentiment({ text: '明天再说。' }).cues).toEqual([]);
  });

  it('damps tone words in a news relay, not accident or sensitive cues, and names the signal', () => {
    const title = '【本市新增确诊3例】';
    const r = scoreSentiment({ title, text: '患者病情稳定' });
    const plain = scoreSentiment({ title: '本市新增确诊病例', text: '患者病情稳定' });
    expect(Math.abs(r.score)).toBeLessThan(Math.abs(plain.score));
    const adj = r.adjustments?.find((a) => a.rule === 'news-relay');
    expect(adj).toMatchObject({ factor: NEWS_RELAY_FACTOR, field: 'title' });
    expect(title.slice(adj?.start, adj?.end)).toBe(adj?.term);
    // Each signal kind: attribution, case count, link, share.
    for (const [text, term] of [
      ['据新华社报道，市民情绪稳定', '据新华社报道'],
      ['今日新增确诊12例，市民情绪稳定', '12例'],
      ['市民情绪稳定 http://t.cn/A6abcd', 'http://t.cn/A6abcd'],
      ['市民情绪稳定（分享自 @某报）', '分享自'],
    ] as const) {
      const a = scoreSentiment({ text }).adjustments?.find((x) => x.rule === 'news-relay');
      expect(a?.term).toBe(term);
      expect(text.slice(a?.start, a?.end)).toBe(term);
    }
    // Accident and sensitive cues are exempt: the same sum with and without the signal.
    const fact = scoreSentiment({ text: '据报道，企业瞒报透水事故' });
    const bare = scoreSentiment({ text: '企业瞒报透水事故' });
    expect(fact.label).toBe('negative');
    expect(fact.score).toBeLessThan(0);
    expect(fact.score).toBeCloseTo(bare.score, 1);
    // A case count inside a #topic# names the subject and is no relay; the reposter's own words
    // keep their tone when only the quoted chain is news.
    expect(scoreSentiment({ text: '#全国确诊830例# 太可怕了' }).adjustments).toBeUndefined();
    const repost = scoreSentiment({ text: '垃圾！//@某媒体:【某地新增确诊3例】' });
    expect(repost.label).toBe('negative');
    expect(repost.cues.find((c) => c.term === '垃圾')?.weight).toBeLessThan(-2);
  });

  it('leaves adjustments out when no rule fired', () => {
    expect(scoreSentiment({ text: '非常满意' }).adjustments).toBeUndefined();
  });

  it('accepts a custom lexicon and teaches its words to the segmenter', () => {
    const custom: Lexicon = {
      ...DEFAULT_LEXICON,
      terms: [...DEFAULT_LEXICON.terms, { term: '甩锅式回应', weight: -3, category: 'sensitive.credibility' }],
    };
    const { label, cues } = scoreSentiment({ text: '官方甩锅式回应引发不满' }, custom);
    expect(label).toBe('negative');
    expect(cues.map((c) => c.term)).toContain('甩锅式回应');
  });

  it('keeps lexicon weights within -3..+3 and terms unique', () => {
    const seen = new Set<string>();
    for (const t of DEFAULT_LEXICON.terms) {
      expect(t.weight).toBeGreaterThanOrEqual(MIN_WEIGHT);
      expect(t.weight).toBeLessThanOrEqual(MAX_WEIGHT);
      expect(seen.has(t.term)).toBe(false);
      seen.add(t.term);
    }
    expect(DEFAULT_LEXICON.terms.length).toBeGreaterThan(300);
  });
});

const FIXTURE = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../shared/fixtures/sentiment/ChnSentiCorp_htl_all.csv',
);

function readRows(file: string): { positive: boolean; text: string }[] {
  return readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .slice(1)
    .filter((line) => /^[01],/.test(line))
    .map((line) => ({ positive: line.startsWith('1'), text: line.slice(2).replace(/^"|"$/g, '').replace(/""/g, '"') }));
}

function accuracy(rows: { positive: boolean; text: string }[]): number {
  let hits = 0;
  for (const row of rows) {
    const { label } = scoreSentiment({ text: row.text });
    // Neutral counts as a miss: the corpus has only two classes.
    if ((row.positive && label === 'positive') || (!row.positive && label === 'negative')) hits++;
  }
  return hits / rows.length;
}

describe.skipIf(!existsSync(FIXTURE))('measurement on ChnSentiCorp_htl_all (skipped when the fixture is absent)', () => {
  // The file is sorted: the first rows are all label 1, so this measures recall on positive reviews.
  it('first 1000 rows: accuracy above 0.6', () => {
    const rows = readRows(FIXTURE).slice(0, 1000);
    const acc = accuracy(rows);
    console.log(`ChnSentiCorp first 1000 accuracy: ${acc.toFixed(3)}`);
    expect(acc).toBeGreaterThan(0.6);
  });

  it('last 1000 rows (negative reviews): accuracy above 0.6', () => {
    const acc = accuracy(readRows(FIXTURE).slice(-1000));
    console.log(`ChnSentiCorp last 1000 accuracy: ${acc.toFixed(3)}`);
    expect(acc).toBeGreaterThan(0.6);
  });
});
