import zlib from 'node:zlib';
import iconv from 'iconv-lite';
import { describe, expect, test } from 'vitest';
import { CrawlError } from '@/lib/errors';
import { decodeBody, normaliseCharsetLabel } from '@/lib/parse/charset';
import { CJK, HAVE_FIXTURES, SKIP_NOTE, listFixtures, readFixture } from './fixture-dir';

const TITLE = '国务院安委会办公室关于进一步加强危险化学品安全生产工作的通知';
const feed = (title: string, decl = '<?xml version="1.0"?>') =>
  `${decl}\n<rss version="2.0"><channel><title>应急管理部</title><item><title>${title}</title><link>https://www.mem.gov.cn/a.html</link></item></channel></rss>`;

describe('decodeBody: declarations and their precedence', () => {
  test('B19: a UTF-8 BOM wins over encoding="ISO-8859-1", and the BOM is stripped', () => {
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(feed(`Café ${TITLE}`, '<?xml version="1.0" encoding="ISO-8859-1"?>'))]);
    const r = decodeBody(body, { kind: 'feed' });
    expect(r).toMatchObject({ charset: 'utf-8', mismatch: false });
    expect(r.text.startsWith('<?xml')).toBe(true);
    expect(r.text).toContain(`Café ${TITLE}`);
  });

  test('UTF-16BE and UTF-16LE BOMs', () => {
    const text = feed(TITLE, '<?xml version="1.0" encoding="utf-16"?>');
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(text, 'utf-16be')]);
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf-16le')]);
    expect(decodeBody(be, { kind: 'feed' })).toMatchObject({ charset: 'utf-16be' });
    expect(decodeBody(le, { kind: 'feed' }).text).toContain(TITLE);
  });

  test('the XML declaration no longer names an encoding after decoding', () => {
    const r = decodeBody(iconv.encode(feed(TITLE, '<?xml version="1.0" encoding="gb2312" standalone="yes"?>'), 'gbk'), { kind: 'feed' });
    expect(r.text).toMatch(/^<\?xml version="1.0" standalone="yes"\?>/);
    expect(r.text).not.toMatch(/encoding=/);
  });

  test('HTTP header charset beats the XML declaration', () => {
    const body = iconv.encode(feed(TITLE, '<?xml version="1.0" encoding="utf-8"?>'), 'gbk');
    const r = decodeBody(body, { kind: 'feed', contentType: "application/atom+xml; charset='gb2312'" });
    expect(r).toMatchObject({ charset: 'gb18030', mismatch: false });
    expect(r.text).toContain(TITLE);
  });

  test('a forced per-source charset is obeyed', () => {
    const body = iconv.encode(feed(TITLE, '<?xml version="1.0" encoding="utf-8"?>'), 'gbk');
    expect(decodeBody(body, { kind: 'feed', forced: 'GBK' })).toMatchObject({ charset: 'gb18030', mismatch: false });
  });

  test('WHATWG label mapping', () => {
    expect(normaliseCharsetLabel('GB2312')).toBe('gb18030');
    expect(normaliseCharsetLabel('x-gbk')).toBe('gb18030');
    expect(normaliseCharsetLabel('"gbk"')).toBe('gb18030');
    expect(normaliseCharsetLabel('Big5-HKSCS')).toBe('big5');
    expect(normaliseCharsetLabel('ISO-8859-1')).toBe('windows-1252');
    expect(normaliseCharsetLabel('us-ascii')).toBe('windows-1252');
    expect(normaliseCharsetLabel('cp1251')).toBe('windows-1251');
    expect(normaliseCharsetLabel('iso_8859-7')).toBe('iso-8859-7');
    expect(normaliseCharsetLabel('bogus')).toBeNull();
    expect(normaliseCharsetLabel('')).toBeNull();
  });

  test('latin1 is decoded as windows-1252 (0x80 is €)', () => {
    const body = Buffer.concat([Buffer.from('<?xml version="1.0" encoding="iso-8859-1"?><rss><channel><title>'), Buffer.from([0x80, 0xe9]), Buffer.from('</title></channel></rss>')]);
    expect(decodeBody(body, { kind: 'feed' }).text).toContain('€é');
  });
});

describe('decodeBody: lying or missing declarations', () => {
  test('B16: header says utf-8, body is GBK → GB18030, flagged, title intact', () => {
    const r = decodeBody(iconv.encode(feed(TITLE), 'gbk'), { kind: 'feed', contentType: 'application/rss+xml; charset=utf-8' });
    expect(r).toMatchObject({ charset: 'gb18030', mismatch: true });
    expect(r.text).toContain(TITLE);
    expect(r.text).not.toContain('\uFFFD');
  });

  test('B17: encoding="gb2312" with GB18030-only characters (4-byte 𠀀, 喞, €)', () => {
    const title = `${TITLE}𠀀喞€`;
    const body = iconv.encode(feed(title, '<?xml version="1.0" encoding="gb2312"?>'), 'gb18030');
    const r = decodeBody(body, { kind: 'feed' });
    expect(r.charset).toBe('gb18030');
    expect(r.text).toContain(title);
    expect(r.text).not.toContain('\uFFFD');
  });

  test('B18: no declaration: GBK, Big5 and UTF-16LE without BOM', () => {
    const gbk = decodeBody(iconv.encode(feed(TITLE, ''), 'gbk'), { kind: 'feed' });
    expect(gbk).toMatchObject({ charset: 'gb18030', mismatch: false });
    expect(gbk.text).toContain(TITLE);

    const trad = '行政院公共工程委員會關於加強職業安全衛生管理的通知';
    const big5 = decodeBody(iconv.encode(feed(trad, ''), 'big5'), { kind: 'feed' });
    expect(big5.charset).toBe('big5');
    expect(big5.text).toContain(trad);

    const utf16 = decodeBody(iconv.encode(feed(TITLE, ''), 'utf-16le'), { kind: 'feed' });
    expect(utf16.charset).toBe('utf-16le');
    expect(utf16.text).toContain(TITLE);
  });

  test('a declared single-byte charset over valid UTF-8 is overridden', () => {
    const r = decodeBody(Buffer.from(feed(`Euro € ${TITLE}`, '<?xml version="1.0" encoding="windows-1252"?>')), { kind: 'feed' });
    expect(r).toMatchObject({ charset: 'utf-8', mismatch: true });
    expect(r.text).toContain(`Euro € ${TITLE}`);
  });

  test('declared gb2312 over valid UTF-8 (a stale template) → UTF-8', () => {
    const r = decodeBody(Buffer.from(feed(TITLE, '<?xml version="1.0" encoding="gb2312"?>')), { kind: 'feed' });
    expect(r).toMatchObject({ charset: 'utf-8', mismatch: true });
    expect(r.text).toContain(TITLE);
  });

  test('a server default of ISO-8859-1 in front of a GBK page → GB18030', () => {
    const html = `<html><head><title>${TITLE}</title></head><body><p>${TITLE.repeat(3)}</p></body></html>`;
    const r = decodeBody(iconv.encode(html, 'gbk'), { kind: 'html', contentType: 'text/html; charset=ISO-8859-1' });
    expect(r).toMatchObject({ charset: 'gb18030', mismatch: true });
    expect(r.text).toContain(TITLE);
  });

  test('one stray bad byte in real UTF-8 keeps UTF-8 (no charset flip, no mismatch)', () => {
    const body = Buffer.concat([Buffer.from(feed(`${TITLE} ’quoted”`)), Buffer.from([0xa9])]);
    const r = decodeBody(body, { kind: 'feed', contentType: 'text/xml; charset=utf-8' });
    expect(r).toMatchObject({ charset: 'utf-8', mismatch: false });
    expect(r.text).toContain(TITLE);
  });

  test('B20: <meta charset=gbk> after byte 1024 of an HTML page', () => {
    const html = `<!DOCTYPE html><html><head><!-- ${'x'.repeat(1500)} --><meta charset=gbk><title>${TITLE}</title></head><body>${TITLE}</body></html>`;
    const body = iconv.encode(html, 'gbk');
    expect(body.indexOf('<meta charset=gbk>')).toBeGreaterThan(1024);
    const r = decodeBody(body, { kind: 'html' });
    expect(r.charset).toBe('gb18030');
    expect(r.text).toContain(`<title>${TITLE}</title>`);
  });

  test('<meta http-equiv> charset is read; an unknown label falls through to detection', () => {
    const html = (cs: string) => `<html><head><meta http-equiv="Content-Type" content="text/html; charset=${cs}"></head><body>${TITLE}</body></html>`;
    expect(decodeBody(iconv.encode(html('gb2312'), 'gbk'), { kind: 'html' }).text).toContain(TITLE);
    expect(decodeBody(iconv.encode(html('x-unknown-cs'), 'gbk'), { kind: 'html' }).text).toContain(TITLE);
  });

  test('large bodies: only a sample is scored, and a character cut at the sample edge does not matter', () => {
    const item = `<item><title>${TITLE}</title><link>https://a.example/1</link></item>`;
    for (const pad of ['', 'x']) {
      const text = `<rss version="2.0"><channel>${pad}${item.repeat(4000)}</channel></rss>`;
      const header = decodeBody(iconv.encode(text, 'gbk'), { kind: 'html', contentType: 'text/html; charset=ISO-8859-1' });
      expect(header).toMatchObject({ charset: 'gb18030', mismatch: true });
      const undeclared = decodeBody(iconv.encode(text, 'gbk'), { kind: 'feed' });
      expect(undeclared.charset).toBe('gb18030');
      expect(undeclared.text).toBe(text);
    }
  });

  test('empty body', () => {
    expect(decodeBody(Buffer.alloc(0), { kind: 'feed' })).toEqual({ text: '', charset: 'utf-8', mismatch: false });
  });
});

describe('decodeBody: gzip served without Content-Encoding', () => {
  test('a gzip body is unpacked (the fetcher only handles Content-Encoding)', () => {
    const r = decodeBody(zlib.gzipSync(iconv.encode(feed(TITLE, '<?xml version="1.0" encoding="gbk"?>'), 'gbk')), { kind: 'feed' });
    expect(r.text).toContain(TITLE);
  });

  test('a gzip bomb stops at the decoded-size cap with too_large', () => {
    const bomb = zlib.gzipSync(Buffer.alloc(11 * 1024 * 1024, 0x20));
    let caught: unknown;
    try {
      decodeBody(bomb, { kind: 'feed' });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(CrawlError);
    expect((caught as CrawlError).code).toBe('too_large');
  });

  test('corrupt gzip → parse_error, not a crash', () => {
    const gz = zlib.gzipSync(Buffer.from(feed(TITLE)));
    expect(() => decodeBody(gz.subarray(0, 20), { kind: 'feed' })).toThrow(CrawlError);
  });
});

describe.skipIf(!HAVE_FIXTURES)('decodeBody over the real fixtures', () => {
  const feeds = listFixtures('feeds');

  test.each(feeds)('feeds/%s decodes without replacement characters', (file) => {
    const r = decodeBody(readFixture(`feeds/${file}`), { kind: 'feed' });
    expect(r.text).not.toContain('\uFFFD');
    if (file.startsWith('gb2312-')) expect(r.charset).toBe('gb18030');
    if (file.startsWith('big5-')) expect(r.charset).toBe('big5');
    if (/^(gb2312|big5|gov|rssant|feeder-geekpark)-/.test(file)) expect(r.text).toMatch(CJK);
    if (file.includes('windows1251')) expect(r.charset).toBe('windows-1251');
  });

  // Pages with a GBK body and no usable header: sniffed from meta or content.
  test.each([
    ['pages/sina-snippet-gb18030-no-charset.html', 'gb18030', '马兴瑞，中国航天科技集团公司总经理'],
    ['pages/sohu-snippet-gb2312-no-charset.html', 'gb18030', '搜狐在线国庆免费大酬宾'],
    ['pages/feeder-qqyewu-gb2312.html', 'gb18030', '10元2瓶黄灯笼辣椒酱+臂式血压仪'],
    ['malformed/rssant-hexun-blog-maintenance-page-gbk.html', 'gb18030', '和讯博客正在进行系统维护'],
  ])('%s → %s', (file, charset, expected) => {
    const r = decodeBody(readFixture(file), { kind: 'html' });
    expect(r.charset).toBe(charset);
    expect(r.text).toContain(expected);
    expect(r.text).not.toContain('\uFFFD');
  });

  test('readability qq/gerapy pages: meta says gb2312 but bytes are UTF-8 → UTF-8, mismatch', () => {
    for (const file of ['pages/readability/qq-source.html', 'pages/gerapy/netease-rolling-news-list.html', 'pages/gerapy/rtfund-xxpl-list.html']) {
      const r = decodeBody(readFixture(file), { kind: 'html' });
      expect(r, file).toMatchObject({ charset: 'utf-8', mismatch: true });
    }
    expect(decodeBody(readFixture('pages/readability/qq-source.html'), { kind: 'html' }).text).toContain('DeepMind新电脑已可利用记忆自学');
  });

  test('feedparser header fixture: HTTP charset=gb2312 overrides encoding="utf-8"', () => {
    const r = decodeBody(readFixture('malformed/enc-feedparser-http-gb2312-overrides-utf8-decl.xml'), {
      kind: 'feed',
      contentType: "application/atom+xml; charset='gb2312'",
    });
    expect(r.charset).toBe('gb18030');
  });

  test('malformed encodings decode to the intended text', () => {
    const dec = (f: string) => decodeBody(readFixture(`malformed/${f}`), { kind: 'feed' });
    expect(dec('enc-miniflux-utf8-declared-iso8859-1.xml')).toMatchObject({ charset: 'utf-8', mismatch: true });
    expect(dec('enc-miniflux-utf8-declared-iso8859-1.xml').text).toContain('테스트 피드');
    expect(dec('enc-miniflux-windows1252-declared-utf8-bytes.xml').text).toContain('Euro €');
    expect(dec('enc-miniflux-invalid-encoding-label.xml').text).toContain('Café');
    expect(dec('enc-miniflux-utf8-declared-latin1-bytes.xml').text).toMatch(/Anaïs[\s\S]*Jürgen/);
    expect(dec('enc-feedparser-gb2312-no-declaration.xml').text).toContain('不归移民漫画系列：专业工作');
    expect(dec('enc-feedparser-big5-no-declaration.xml').text).toContain('我希望??很容易?其翻?成中文，并有助于改??件。');
    expect(dec('rssant-v2know-declares-utf16-but-utf8.xml').charset).toBe('utf-8');
    expect(dec('rssant-jsonfeed-gbk-encoded.json').text).toContain('中国国家标准简体中文字符集');
    expect(dec('feedparser-high-bit-date.xml').charset).toBe('iso-8859-7');
    // The BOM decides; the invalid bytes become U+FFFD instead of crashing.
    expect(dec('enc-feedparser-invalid-utf8-after-bom.xml').text).toContain('Valid UTF8: Ѩ');
  });
});

describe.skipIf(HAVE_FIXTURES)('fixtures', () => {
  test.skip(SKIP_NOTE, () => undefined);
});
