/**
 * Bytes → text. Chinese sites routinely lie about (or omit) their charset, so we never trust a
 * single declaration: BOM > forced > HTTP header > XML declaration > <meta>, then verify the result
 * and fall back to detection with a CJK plausibility score (TESTPLAN B16–B20).
 */
import { isUtf8 } from 'node:buffer';
import { gunzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { CrawlError } from '@/lib/errors';

export interface DecodeOptions {
  /** The HTTP Content-Type header, if any. */
  contentType?: string | null;
  /** Per-source override for sites that lie about their charset. */
  forced?: string;
  kind: 'feed' | 'html';
}

export interface DecodedBody {
  text: string;
  /** Canonical name of the charset actually used (e.g. `utf-8`, `gb18030`, `big5`). */
  charset: string;
  /** True when a declaration existed but the bytes were decoded with another charset. */
  mismatch: boolean;
}

/** Decoded-size caps for a gzip body served without Content-Encoding (TESTPLAN 2.0). */
const GZIP_CAP = { feed: 10 * 1024 * 1024, html: 5 * 1024 * 1024 } as const;
/** How far into the body we look for <meta charset> (B20: it may sit after byte 1024). */
const META_SCAN_BYTES = 4096;
const FFFD_RATIO_LIMIT = 0.01;
/** Candidates are scored on this much of the body; only the winner is decoded in full. */
const SCORE_SAMPLE_BYTES = 256 * 1024;

// WHATWG label → the decoder we use. gb2312/gbk are decoded as GB18030 (a strict superset, B17);
// latin1/ascii as windows-1252 exactly as browsers do.
const LABELS: Record<string, string> = {};
function alias(target: string, labels: string[]): void {
  for (const l of labels) LABELS[l] = target;
}
alias('utf-8', ['utf-8', 'utf8', 'unicode-1-1-utf-8', 'unicode11utf8', 'unicode20utf8', 'x-unicode20utf8']);
alias('gb18030', [
  'gb18030', 'gbk', 'gb2312', 'x-gbk', 'gb_2312', 'gb_2312-80', 'chinese', 'csgb2312', 'csiso58gb231280',
  'iso-ir-58', 'cp936', 'ms936', 'windows-936', 'euc-cn', 'x-euc-cn', 'hz-gb-2312',
]);
alias('big5', ['big5', 'big5-hkscs', 'cn-big5', 'csbig5', 'x-x-big5', 'cp950', 'ms950', 'windows-950']);
alias('windows-1252', [
  'windows-1252', 'cp1252', 'x-cp1252', 'latin1', 'iso-8859-1', 'iso8859-1', 'iso_8859-1', 'iso88591',
  'l1', 'cp819', 'ibm819', 'csisolatin1', 'iso-ir-100', 'ascii', 'us-ascii', 'ansi_x3.4-1968',
]);
alias('utf-16le', ['utf-16le', 'utf-16', 'ucs-2', 'unicode', 'csunicode', 'iso-10646-ucs-2', 'unicodefeff']);
alias('utf-16be', ['utf-16be', 'unicodefffe']);
alias('shift_jis', ['shift_jis', 'shift-jis', 'sjis', 'ms_kanji', 'csshiftjis', 'windows-31j', 'x-sjis']);
alias('euc-jp', ['euc-jp', 'x-euc-jp', 'cseucpkdfmtjapanese']);
alias('euc-kr', ['euc-kr', 'cseuckr', 'ks_c_5601-1987', 'korean', 'windows-949', 'cp949']);
alias('koi8-r', ['koi8-r', 'koi8', 'koi', 'cskoi8r']);
alias('koi8-u', ['koi8-u', 'koi8-ru']);
const SINGLE_BYTE_PATTERN = /^(?:windows-125[0-8]|iso-8859-(?:[2-9]|1[03-6])|koi8-[ru]|ibm866|macintosh)$/;

/** Maps a charset label to a decoder name we support, or null for unknown/bogus labels. */
export function normaliseCharsetLabel(label: string | null | undefined): string | null {
  if (!label) return null;
  const l = label.trim().replace(/^["']|["']$/g, '').trim().toLowerCase();
  if (!l || l.length > 40) return null;
  const mapped = LABELS[l];
  if (mapped) return mapped;
  const iso = /^iso[-_]?8859[-_](\d+)$/.exec(l);
  const candidate = iso ? `iso-8859-${iso[1]}` : l.replace(/^cp(125\d)$/, 'windows-$1');
  if (SINGLE_BYTE_PATTERN.test(candidate) && iconv.encodingExists(candidate)) return candidate;
  return null;
}

function isSingleByte(charset: string): boolean {
  return charset === 'windows-1252' || SINGLE_BYTE_PATTERN.test(charset);
}

function isUtf16(charset: string): boolean {
  return charset === 'utf-16le' || charset === 'utf-16be';
}

function detectBom(body: Buffer): { charset: string; length: number } | null {
  if (body.length >= 3 && body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return { charset: 'utf-8', length: 3 };
  if (body.length >= 2 && body[0] === 0xff && body[1] === 0xfe) return { charset: 'utf-16le', length: 2 };
  if (body.length >= 2 && body[0] === 0xfe && body[1] === 0xff) return { charset: 'utf-16be', length: 2 };
  return null;
}

function headerCharset(contentType: string | null | undefined): string | null {
  if (!contentType) return null;
  const m = /charset\s*=\s*["']?\s*([^"';,\s]+)/i.exec(contentType);
  return m?.[1] ?? null;
}

function xmlDeclCharset(prefix: string): string | null {
  const m = /^\s*<\?xml\s[^>]*?encoding\s*=\s*["']\s*([^"'\s]+)\s*["']/i.exec(prefix);
  return m?.[1] ?? null;
}

function metaCharset(prefix: string): string | null {
  // Covers <meta charset=gbk> and <meta http-equiv="Content-Type" content="text/html; charset=gb2312">.
  const re = /<meta\b[^>]*?charset\s*=\s*["']?\s*([a-z0-9_\-:.]+)/gi;
  const m = re.exec(prefix);
  return m?.[1] ?? null;
}

/** UTF-16 without BOM shows up as NUL bytes in every other position for ASCII markup. */
function sniffUtf16(body: Buffer): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(body.length, 4096) & ~1;
  if (n < 4) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (body[i] === 0) evenZero++;
    if (body[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero / pairs > 0.3 && evenZero / pairs < 0.05) return 'utf-16le';
  if (evenZero / pairs > 0.3 && oddZero / pairs < 0.05) return 'utf-16be';
  return null;
}

function hasHighBytes(body: Buffer): boolean {
  for (const b of body) if (b >= 0x80) return true;
  return false;
}

function countFffd(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\uFFFD'); i !== -1; i = text.indexOf('\uFFFD', i + 1)) n++;
  return n;
}

function fffdRatio(text: string): number {
  return text.length === 0 ? 0 : countFffd(text) / text.length;
}

// The most frequent hanzi: GB2312 level 1 (3755 simplified) plus Big5 常用字 (5401 traditional).
// Built by decoding those byte ranges once, so correct GBK/Big5 text scores high and text decoded
// with the wrong CJK codec (random rare characters) scores low.
let commonHanzi: Set<number> | null = null;
function getCommonHanzi(): Set<number> {
  if (commonHanzi) return commonHanzi;
  const set = new Set<number>();
  const bytes: number[] = [];
  for (let lead = 0xb0; lead <= 0xd7; lead++) for (let t = 0xa1; t <= 0xfe; t++) bytes.push(lead, t);
  for (const ch of iconv.decode(Buffer.from(bytes), 'gb18030')) set.add(ch.codePointAt(0) ?? 0);
  const big5: number[] = [];
  for (let lead = 0xa4; lead <= 0xc6; lead++) {
    for (let t = 0x40; t <= 0x7e; t++) big5.push(lead, t);
    for (let t = 0xa1; t <= 0xfe; t++) big5.push(lead, t);
  }
  for (const ch of iconv.decode(Buffer.from(big5), 'big5')) set.add(ch.codePointAt(0) ?? 0);
  set.delete(0xfffd);
  commonHanzi = set;
  return set;
}

/**
 * Plausibility of a decoding: common hanzi and Latin letters with accents next to ASCII letters score
 * up; replacement characters, C1 controls, private-use and rare hanzi score down.
 */
export function plausibilityScore(text: string): number {
  const common = getCommonHanzi();
  let score = 0;
  let prevAsciiLetter = false;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp < 0x80) {
      prevAsciiLetter = (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a);
      continue;
    }
    if (cp === 0xfffd) score -= 20;
    else if (cp >= 0x80 && cp <= 0x9f) score -= 5;
    else if ((cp >= 0xe000 && cp <= 0xf8ff) || cp >= 0xf0000) score -= 5;
    else if ((cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x20000 && cp <= 0x3ffff)) {
      score += common.has(cp) ? 2 : -1;
    } else if (cp >= 0x3000 && cp <= 0x303f) score += 1; // CJK punctuation 。，「」
    else if (cp >= 0xff00 && cp <= 0xffef) score += 1; // full-width forms ，！
    else if (cp >= 0xc0 && cp <= 0x24f) score += prevAsciiLetter ? 1 : 0;
    else if ((cp >= 0x3040 && cp <= 0x30ff) || (cp >= 0x3100 && cp <= 0x312f)) score -= 0.5; // kana/bopomofo
    else if (cp >= 0x2000 && cp <= 0x206f) score += 0.5; // general punctuation “ ” …
    prevAsciiLetter = false;
  }
  return score;
}

function decodeWith(body: Buffer, charset: string): string {
  return iconv.decode(body, charset, { stripBOM: false });
}

interface Candidate {
  charset: string;
  text: string;
  score: number;
}

/** Decodes the scoring sample; a character cut at the sample boundary is not held against it. */
function decodeSample(body: Buffer, charset: string): string {
  const text = decodeWith(body.subarray(0, SCORE_SAMPLE_BYTES), charset);
  return body.length > SCORE_SAMPLE_BYTES ? text.replace(/\uFFFD{1,3}$/, '') : text;
}

function sampleScore(body: Buffer, charset: string): number {
  return plausibilityScore(decodeSample(body, charset));
}

function bestOf(body: Buffer, charsets: string[], bonusFor?: string): Candidate {
  let best: { charset: string; score: number } | null = null;
  for (const charset of [...new Set(charsets)]) {
    // A small bonus keeps the declared charset on ties (e.g. pure-ASCII bodies).
    const score = sampleScore(body, charset) + (charset === bonusFor ? 0.5 : 0);
    if (!best || score > best.score) best = { charset, score };
  }
  if (!best) throw new Error('no candidate charsets');
  return { ...best, text: decodeWith(body, best.charset) };
}

/** Charset detection for bodies with no usable declaration. */
function detect(body: Buffer): { charset: string; text?: string } {
  const utf16 = sniffUtf16(body);
  if (utf16) return { charset: utf16 };
  if (!hasHighBytes(body) || isUtf8(body)) return { charset: 'utf-8' };
  const best = bestOf(body, ['gb18030', 'big5', 'windows-1252', 'utf-8']);
  return { charset: best.charset, text: best.text };
}

/** Alternatives tried when the declared charset decodes badly (B16/B18). */
function alternatives(body: Buffer, declared: string): Candidate {
  const list = ['utf-8', 'gb18030', 'big5', 'windows-1252', declared];
  const utf16 = sniffUtf16(body);
  if (utf16) list.push(utf16);
  return bestOf(body, list, declared);
}

function maybeGunzip(body: Buffer, kind: DecodeOptions['kind']): Buffer {
  // A gzip file served WITHOUT Content-Encoding (e.g. /feed.xml.gz as application/x-gzip): the
  // fetcher passes the raw bytes through, so unpack here with the same decoded-size cap.
  if (body.length < 3 || body[0] !== 0x1f || body[1] !== 0x8b || body[2] !== 0x08) return body;
  try {
    return gunzipSync(body, { maxOutputLength: GZIP_CAP[kind] });
  } catch (e) {
    const code = e instanceof Error && 'code' in e ? String((e as { code: unknown }).code) : '';
    if (code === 'ERR_BUFFER_TOO_LARGE') throw new CrawlError('too_large', 'gzip 解压后超过上限', { cause: e });
    throw new CrawlError('parse_error', 'gzip 数据损坏，无法解压', { cause: e });
  }
}

/** Removes the encoding pseudo-attribute so the XML parser can't be misled by it after decoding. */
function neutraliseXmlDecl(text: string): string {
  return text.replace(/^(\s*<\?xml\b[^>]*?)\s+encoding\s*=\s*(["'])[^"']*\2/i, '$1');
}

function finish(text: string, charset: string, mismatch: boolean): DecodedBody {
  let out = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  out = neutraliseXmlDecl(out);
  return { text: out, charset, mismatch };
}

/**
 * Decodes a response body. Order: BOM (wins over everything, B19) → forced → HTTP header charset →
 * XML declaration → <meta> in the first 4 KiB → detection. A declaration that decodes to > 1 %
 * U+FFFD, or a legacy declaration over valid multi-byte UTF-8, is overridden (mismatch = true).
 */
export function decodeBody(input: Buffer, opts: DecodeOptions): DecodedBody {
  const body = maybeGunzip(input, opts.kind);
  if (body.length === 0) return { text: '', charset: 'utf-8', mismatch: false };

  const bom = detectBom(body);
  if (bom) return finish(decodeWith(body.subarray(bom.length), bom.charset), bom.charset, false);

  const forced = normaliseCharsetLabel(opts.forced);
  if (forced) return finish(decodeWith(body, forced), forced, false);

  const prefix = body.subarray(0, META_SCAN_BYTES).toString('latin1');
  const fromHeader = normaliseCharsetLabel(headerCharset(opts.contentType));
  const fromXml = normaliseCharsetLabel(xmlDeclCharset(prefix));
  const fromMeta = normaliseCharsetLabel(metaCharset(prefix));
  let declared =
    opts.kind === 'html' ? (fromHeader ?? fromMeta ?? fromXml) : (fromHeader ?? fromXml ?? fromMeta);
  // A declaration we could read as ASCII cannot be UTF-16 (WHATWG: treat as UTF-8), unless the
  // header said so and the bytes really have the NUL pattern.
  if (declared && isUtf16(declared) && !(declared === fromHeader && sniffUtf16(body))) declared = 'utf-8';

  if (!declared) {
    const found = detect(body);
    return finish(found.text ?? decodeWith(body, found.charset), found.charset, false);
  }

  // A UTF-16 body announced as something ASCII-compatible.
  const utf16 = sniffUtf16(body);
  if (utf16 && !isUtf16(declared)) return finish(decodeWith(body, utf16), utf16, true);

  if (!hasHighBytes(body)) return finish(body.toString('latin1'), declared, false);

  if (declared === 'utf-8') {
    if (isUtf8(body)) return finish(body.toString('utf8'), 'utf-8', false);
    const text = decodeWith(body, 'utf-8');
    // A stray bad byte in a real UTF-8 feed is not a mismatch; lots of them is.
    if (fffdRatio(text) <= FFFD_RATIO_LIMIT) return finish(text, 'utf-8', false);
    const best = alternatives(body, 'utf-8');
    return finish(best.text, best.charset, best.charset !== 'utf-8');
  }

  // Valid multi-byte UTF-8 under a legacy label: the label is stale (very common on CN sites).
  if (isUtf8(body) && (isSingleByte(declared) || sampleScore(body, 'utf-8') >= sampleScore(body, declared))) {
    return finish(body.toString('utf8'), 'utf-8', true);
  }

  const text = decodeWith(body, declared);
  if (fffdRatio(text) > FFFD_RATIO_LIMIT) {
    const best = alternatives(body, declared);
    return finish(best.text, best.charset, best.charset !== declared);
  }
  if (isSingleByte(declared)) {
    // Servers defaulting to `charset=ISO-8859-1` in front of GBK pages: switch only when GB18030
    // reads as clearly better Chinese.
    const gbSample = decodeSample(body, 'gb18030');
    const gbScore = plausibilityScore(gbSample);
    if (countFffd(gbSample) === 0 && gbScore > 0 && gbScore > sampleScore(body, declared) * 2 + 10) {
      return finish(decodeWith(body, 'gb18030'), 'gb18030', true);
    }
  }
  return finish(text, declared, false);
}
