import { describe, expect, test } from 'vitest';
import {
  BAND_MAX_DISTANCE,
  bandKeys,
  fingerprint,
  fingerprintFromSegments,
  fingerprintTokens,
  fromHex,
  hamming,
  jaccardEstimate,
  minhashFromHex,
  minhashSignature,
  minhashToHex,
  simhash64,
  toHex,
  tokenHash32,
} from '@/lib/analysis/simhash';
import type { SimHash64 } from '@/lib/analysis/simhash';
import { segment } from '@/lib/analysis/segment';

const XINHUA_TITLE = '山西临汾一煤矿发生瓦斯爆炸事故 已致3人死亡';
const XINHUA_TEXT =
  '新华社太原11月23日电（记者 王飞 李娜）记者从山西省应急管理厅获悉，11月23日14时30分许，临汾市乡宁县某煤业有限公司' +
  '井下发生一起瓦斯爆炸事故，事故发生时井下共有作业人员46人，其中39人已安全升井，3人经抢救无效死亡，另有4人被困。' +
  '事故发生后，山西省委、省政府主要负责同志作出批示，要求全力搜救被困人员，妥善做好伤员救治和善后工作，尽快查明事故原因，' +
  '依法依规严肃追责问责。省应急管理厅、国家矿山安全监察局山西局负责同志已赶赴现场指导救援。目前，救援工作正在紧张有序进行，' +
  '事故原因正在调查中。';

/** Deterministic PRNG (mulberry32) so failures can be replayed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomHash(next: () => number): SimHash64 {
  return [Math.floor(next() * 2 ** 32), Math.floor(next() * 2 ** 32)];
}

function flipBits(h: SimHash64, bits: readonly number[]): SimHash64 {
  let [hi, lo] = h;
  for (const b of bits) {
    if (b >= 32) hi = (hi ^ (1 << (b - 32))) >>> 0;
    else lo = (lo ^ (1 << b)) >>> 0;
  }
  return [hi, lo];
}

describe('fingerprintTokens', () => {
  test('drops punctuation, function words, pure numbers and URLs; keeps content words lower-cased', () => {
    const tokens = fingerprintTokens('', '11月23日，某LNG储罐在检修时发生爆炸，已致3人死亡、五人受伤！详见 https://t.cn/A6abcdE 。');
    expect(tokens).toEqual(['lng', '储罐', '检修', '发生爆炸', '致', '死亡', '受伤', '详见']);
    for (const dropped of ['11', '23', '3', '五', '月', '人', '，', '、', '！', '的', '在', '已', 'https', 't.cn', ' ']) {
      expect(tokens).not.toContain(dropped);
    }
  });

  test('repeats the title so that its words weigh twice', () => {
    const tokens = fingerprintTokens('煤矿透水', '井下作业人员');
    expect(tokens.filter((t) => t === '煤矿')).toHaveLength(2);
    expect(tokens.filter((t) => t === '作业')).toHaveLength(1);
  });

  test('strips reporter bylines, credits, source lines and the 原标题 marker but keeps the original title', () => {
    const plain = fingerprintTokens(XINHUA_TITLE, XINHUA_TEXT.replace('（记者 王飞 李娜）', ''));
    const decorated = fingerprintTokens(
      XINHUA_TITLE,
      `原标题：${XINHUA_TITLE}\n本报讯 ${XINHUA_TEXT}（来源：新华网）责任编辑：张三`,
    );
    const extra = decorated.filter((t) => !plain.includes(t));
    expect(extra).toEqual([]);
    expect(decorated).not.toContain('王飞');
    expect(decorated).not.toContain('张三');
    expect(decorated).not.toContain('新华网');
  });

  test('ignores the site name after a title separator', () => {
    const bare = fingerprintTokens(XINHUA_TITLE, '');
    expect(fingerprintTokens(`${XINHUA_TITLE}_新闻频道_央视网(cctv.com)`, '')).toEqual(bare);
    expect(fingerprintTokens(`${XINHUA_TITLE} | 人民网`, '')).toEqual(bare);
    expect(fingerprintTokens(`${XINHUA_TITLE} - 新浪新闻`, '')).toEqual(bare);
    // A dash inside a headline is not a site separator.
    expect(fingerprintTokens('京沪高速 - 济南段发生追尾', '')).toContain('济南');
  });

  test('strips Weibo repost chains, @names and 转发微博, keeping the bracketed headline text', () => {
    const original = '【山西临汾一煤矿发生瓦斯爆炸 已致3人死亡】#山西煤矿瓦斯爆炸# 救援正在进行中。';
    const repost = `转发微博 //@人民日报:转发微博//@新华视点：${original} @应急管理部 网页链接`;
    expect(fingerprintTokens('', repost)).toEqual(fingerprintTokens('', original));
    expect(fingerprintTokens('', original)).toEqual(expect.arrayContaining(['山西', '煤矿', '瓦斯爆炸']));
  });

  test('joins full-width letters and digits as NFKC would ("Ｓ３３３" reads as s333)', () => {
    expect(fingerprintTokens('', '车辆行至Ｓ３３３线15ＫＭ处，车牌号豫ＱＡ８６２９。')).toEqual(
      fingerprintTokens('', '车辆行至S333线15KM处，车牌号豫QA8629。'),
    );
  });

  test('reads only the lead of long bodies', () => {
    const lead = '某化工厂储罐区发生爆炸，消防救援人员正在处置。'.repeat(50).slice(0, 1000);
    const a = fingerprintTokens('', lead + '其后内容各不相同'.repeat(200));
    const b = fingerprintTokens('', lead + '完全另一段文字'.repeat(200));
    expect(a).toEqual(b);
  });
});

describe('fingerprintFromSegments', () => {
  // analyzeItem passes the segments of the whole analysed body; fingerprint() cuts only the lead.
  // Stored fingerprints are compared across items, so both must give the same result.
  test('equals fingerprint() whatever the length of the segmented body', () => {
    const texts = [
      XINHUA_TEXT,
      `${XINHUA_TEXT}（来源：新华网）责任编辑：张三 @应急管理部 https://t.cn/A6abcdE ${XINHUA_TEXT.repeat(6)}`,
      // The lead ends inside a run of ideographs, whose cut depends on what follows.
      '某化工厂储罐区发生爆炸消防救援人员正在处置'.repeat(120),
    ];
    for (const text of texts) {
      for (const cut of [0, 3, 17]) {
        const body = text.slice(cut);
        const viaSegments = fingerprintFromSegments(XINHUA_TITLE, body, segment(body));
        expect(viaSegments.tokens).toEqual(fingerprint(XINHUA_TITLE, body).tokens);
        expect(toHex(viaSegments.simhash)).toBe(toHex(fingerprint(XINHUA_TITLE, body).simhash));
      }
    }
  });
});

describe('fingerprintFromSegments with the title cut too', () => {
  // analyzeItem passes the title's segments as well; the title is then only re-cut when cleaning
  // changes more than full-width punctuation. Either way the tokens must equal fingerprint()'s.
  test('equals fingerprint() for titles with punctuation, site suffixes and boilerplate', () => {
    const titles = [
      XINHUA_TITLE,
      '上海：高层建筑普遍有震感但不会造成危害',
      '哥伦比亚东北部发生5．4级地震',
      '尼加拉瓜太平洋海域发生６.６级地震',
      `${XINHUA_TITLE}_新闻频道_央视网`,
      `${XINHUA_TITLE} | 人民网`,
      `${XINHUA_TITLE}｜澎湃新闻`,
      `${XINHUA_TITLE} - 新浪新闻`,
      `${XINHUA_TITLE}_ABC_`,
      `（记者 张三）${XINHUA_TITLE}`,
      `【突发】${XINHUA_TITLE}#应急#`,
      `　${XINHUA_TITLE}\r\n`,
      `ＡＢＣ１２３${XINHUA_TITLE}`,
      `${XINHUA_TITLE}…… “最新”`,
      '',
    ];
    for (const title of titles) {
      const viaSegments = fingerprintFromSegments(title, XINHUA_TEXT, { title: segment(title), text: segment(XINHUA_TEXT) });
      const direct = fingerprint(title, XINHUA_TEXT);
      expect(viaSegments.tokens).toEqual(direct.tokens);
      expect(toHex(viaSegments.simhash)).toBe(toHex(direct.simhash));
      expect(minhashToHex(viaSegments.minhash)).toBe(minhashToHex(direct.minhash));
    }
  });
});

describe('simhash64', () => {
  test('golden values: stored fingerprints depend on this exact hash', () => {
    // If this fails, the hash changed: every stored simhash/minhash must be recomputed.
    // (Unchanged by the switch to reusing analyzeItem's segments: this text has no full-width
    // letters and its boilerplate sits between punctuation, so its tokens are the same.)
    const xinhua = fingerprint(XINHUA_TITLE, XINHUA_TEXT);
    expect(toHex(xinhua.simhash)).toBe('540d692b7e0c43d6');
    expect(minhashToHex(xinhua.minhash).slice(0, 32)).toBe('03d028b2055ed21505ef49fc09e5f4ca');
    expect(toHex(simhash64(['瓦斯爆炸', '煤矿', 'lng']))).toBe('a07649fef32f4658');
    expect(tokenHash32('瓦斯爆炸').toString(16)).toBe('206c4199');
    expect(minhashToHex(minhashSignature(['煤矿', '瓦斯爆炸', '死亡'], 4))).toBe('4e1cb473e6ed4de8');
  });

  test('is deterministic and 0 for no tokens', () => {
    const a = fingerprint(XINHUA_TITLE, XINHUA_TEXT);
    const b = fingerprint(XINHUA_TITLE, XINHUA_TEXT);
    expect(a.simhash).toEqual(b.simhash);
    expect(toHex(simhash64([]))).toBe('0000000000000000');
  });

  test('unit weights give the same hash as the counting fast path', () => {
    const next = rng(7);
    const vocab = fingerprintTokens(XINHUA_TITLE, XINHUA_TEXT);
    for (let trial = 0; trial < 50; trial++) {
      const tokens = Array.from({ length: 1 + Math.floor(next() * 300) }, () => vocab[Math.floor(next() * vocab.length)] as string);
      const ones = new Map(tokens.map((t) => [t, 1]));
      expect(simhash64(tokens, ones)).toEqual(simhash64(tokens));
    }
  });

  test('long token lists keep the k smallest distinct shingles (sorted in full as reference)', () => {
    const next = rng(11);
    const vocab = fingerprintTokens(XINHUA_TITLE, XINHUA_TEXT);
    for (let trial = 0; trial < 30; trial++) {
      // Small vocabularies repeat shingles, so some lists have fewer distinct ones than k.
      const words = vocab.slice(0, 2 + Math.floor(next() * vocab.length));
      const tokens = Array.from({ length: 1 + Math.floor(next() * 2000) }, () => words[Math.floor(next() * words.length)] as string);
      const all = minhashSignature(tokens, 1_000_000);
      for (const k of [1, 16, 64]) expect(minhashSignature(tokens, k)).toEqual(all.slice(0, k));
    }
  });

  test('weights move the hash towards the heavier tokens', () => {
    const tokens = ['煤矿', '瓦斯爆炸', '救援', '被困', '批示'];
    const heavy = simhash64(tokens, new Map([['批示', 100]]));
    expect(hamming(heavy, simhash64(['批示']))).toBe(0);
    expect(simhash64(tokens, new Map([['批示', 0]]))).toEqual(simhash64(tokens.slice(0, 4)));
  });

  test('near-identical texts are close, unrelated texts are far', () => {
    const base = fingerprint(XINHUA_TITLE, XINHUA_TEXT).simhash;
    const edited = fingerprint(XINHUA_TITLE, `据新华社消息，${XINHUA_TEXT.replace('紧张有序', '有序')}（来源：新华网）`).simhash;
    const other = fingerprint(
      '国务院安委会部署冬季安全生产工作',
      '国务院安委会办公室近日召开视频会议，部署今冬明春安全生产重点工作，要求各地区各部门深入开展隐患排查整治，' +
        '严格落实企业主体责任，加强城镇燃气、道路交通、建筑施工等重点行业领域安全监管。',
    ).simhash;
    expect(hamming(base, edited)).toBeLessThanOrEqual(3);
    expect(hamming(base, other)).toBeGreaterThan(12);
  });
});

describe('hamming, hex and band keys', () => {
  test('hamming is a symmetric distance in 0–64', () => {
    const next = rng(1);
    for (let i = 0; i < 500; i++) {
      const a = randomHash(next);
      const b = randomHash(next);
      const d = hamming(a, b);
      expect(d).toBe(hamming(b, a));
      expect(hamming(a, a)).toBe(0);
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThanOrEqual(64);
    }
    expect(hamming([0, 0], [0xffffffff, 0xffffffff])).toBe(64);
    expect(hamming([0x80000000, 1], [0, 0])).toBe(2);
  });

  test('hex is 16 lower-case digits and round-trips', () => {
    const next = rng(2);
    for (let i = 0; i < 200; i++) {
      const h = randomHash(next);
      const hex = toHex(h);
      expect(hex).toMatch(/^[0-9a-f]{16}$/);
      expect(fromHex(hex)).toEqual(h);
    }
    expect(toHex([1, 0xabcdef])).toBe('0000000100abcdef');
    expect(fromHex('FFFFFFFF00000000')).toEqual([0xffffffff, 0]);
    expect(() => fromHex('xyz')).toThrow();
    expect(() => fromHex('00000000000000000')).toThrow();
  });

  test('band keys: four 16-bit bands in order', () => {
    expect(bandKeys(fromHex('0123456789abcdef'))).toEqual(['b0:0123', 'b1:4567', 'b2:89ab', 'b3:cdef']);
  });

  test('pigeonhole: any two hashes within Hamming 3 share a band key', () => {
    const next = rng(3);
    for (let i = 0; i < 5000; i++) {
      const a = randomHash(next);
      const k = Math.floor(next() * (BAND_MAX_DISTANCE + 1));
      const bits = new Set<number>();
      while (bits.size < k) bits.add(Math.floor(next() * 64));
      const b = flipBits(a, [...bits]);
      expect(hamming(a, b)).toBe(k);
      const keys = new Set(bandKeys(a));
      expect(bandKeys(b).some((key) => keys.has(key))).toBe(true);
    }
    // And over unconstrained random pairs the implication holds whenever its premise does.
    for (let i = 0; i < 5000; i++) {
      const a = randomHash(next);
      const b = flipBits(a, Array.from({ length: Math.floor(next() * 8) }, () => Math.floor(next() * 64)));
      if (hamming(a, b) > BAND_MAX_DISTANCE) continue;
      const keys = new Set(bandKeys(a));
      expect(bandKeys(b).some((key) => keys.has(key))).toBe(true);
    }
  });
});

describe('minhash', () => {
  test('identical → 1, disjoint → 0, empty → 0', () => {
    const a = minhashSignature(['山西', '煤矿', '瓦斯爆炸', '死亡', '被困']);
    expect(jaccardEstimate(a, a)).toBe(1);
    expect(jaccardEstimate(a, minhashSignature(['河南', '化工厂', '泄漏', '中毒']))).toBe(0);
    expect(jaccardEstimate(a, minhashSignature([]))).toBe(0);
    expect(minhashSignature([])).toHaveLength(0);
  });

  test('uses ordered token pairs', () => {
    const a = minhashSignature(['煤矿', '瓦斯爆炸', '死亡']);
    expect(jaccardEstimate(a, minhashSignature(['死亡', '瓦斯爆炸', '煤矿']))).toBe(0);
    expect(minhashSignature(['煤矿'])).toHaveLength(1);
  });

  test('is exact below k shingles and close to the true Jaccard above', () => {
    // 10 shared of 20 + 20 distinct bigrams → 10 / 30.
    const shared = Array.from({ length: 11 }, (_, i) => `共${i}`);
    const a = [...shared, ...Array.from({ length: 10 }, (_, i) => `甲${i}`)];
    const b = [...shared, ...Array.from({ length: 10 }, (_, i) => `乙${i}`)];
    expect(jaccardEstimate(minhashSignature(a), minhashSignature(b))).toBeCloseTo(10 / 30, 10);

    const next = rng(4);
    const errors: number[] = [];
    for (let trial = 0; trial < 40; trial++) {
      const n = 400;
      const common = Math.floor(next() * n);
      const word = (p: string): string => `${p}${Math.floor(next() * 1e9)}`;
      const core = Array.from({ length: common }, () => word('c'));
      const x = [...core, ...Array.from({ length: n - common }, () => word('x'))];
      const y = [...core, ...Array.from({ length: n - common }, () => word('y'))];
      // Bigrams: common − 1 shared (the boundary bigrams differ), n − 1 each.
      const shared2 = Math.max(0, common - 1);
      const truth = shared2 / (2 * (n - 1) - shared2);
      errors.push(Math.abs(jaccardEstimate(minhashSignature(x), minhashSignature(y)) - truth));
    }
    const mean = errors.reduce((s, e) => s + e, 0) / errors.length;
    expect(mean).toBeLessThan(0.07);
    expect(Math.max(...errors)).toBeLessThan(0.2);
  });

  test('hex round-trip', () => {
    const sig = minhashSignature(fingerprintTokens(XINHUA_TITLE, XINHUA_TEXT));
    expect(sig).toHaveLength(64);
    expect(minhashFromHex(minhashToHex(sig))).toEqual(sig);
    expect(minhashFromHex('')).toHaveLength(0);
    expect(() => minhashFromHex('abc')).toThrow();
  });
});
