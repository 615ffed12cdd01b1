/**
 * Bounded body reading with Content-Encoding removal. The cap is counted on DECODED bytes while
 * streaming (B8/B9/B11/B12), so a 100 KiB gzip bomb never becomes 1 GiB in memory; a decoded/compressed
 * ratio above 100 past 1 MiB is treated as a bomb even below the cap.
 */
import { Transform, Writable } from 'node:stream';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { constants as zc, createBrotliDecompress, createGunzip, createInflate, createInflateRaw } from 'node:zlib';
import { CrawlError } from '@/lib/errors';

/** More stacked encodings than this is not a real server. */
const MAX_ENCODING_LAYERS = 3;

/**
 * HTTP "deflate" should be zlib-wrapped, but many servers send raw DEFLATE: peek at the header and pick.
 */
function createDeflateDecoder(): Transform {
  let inner: Transform | undefined;
  let head = Buffer.alloc(0);
  const outer: Transform = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      if (inner) {
        if (inner.write(chunk)) cb();
        else inner.once('drain', () => cb());
        return;
      }
      head = Buffer.concat([head, chunk]);
      if (head.length < 2) return cb();
      const cmf = head[0] ?? 0;
      const flg = head[1] ?? 0;
      const zlibWrapped = (cmf & 0x0f) === 8 && ((cmf << 8) | flg) % 31 === 0;
      inner = zlibWrapped ? createInflate() : createInflateRaw();
      inner.on('data', (d: Buffer) => {
        if (!outer.push(d)) inner?.pause();
      });
      inner.on('error', (e) => outer.destroy(e));
      const first = head;
      head = Buffer.alloc(0);
      if (inner.write(first)) cb();
      else inner.once('drain', () => cb());
    },
    flush(cb) {
      if (!inner) return cb(head.length ? new CrawlError('http_error', 'deflate 数据过短') : null);
      inner.once('end', () => cb());
      inner.end();
    },
    read() {
      inner?.resume();
    },
    destroy(err, cb) {
      inner?.destroy();
      cb(err);
    },
  });
  return outer;
}

/** Decoder chain for a Content-Encoding header, in the order to apply them (reverse of encoding order). */
export function decodersFor(contentEncoding: string | undefined): Transform[] {
  if (!contentEncoding) return [];
  const codings = contentEncoding
    .toLowerCase()
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c && c !== 'identity');
  if (codings.length > MAX_ENCODING_LAYERS) {
    throw new CrawlError('too_large', `Content-Encoding 叠加层数过多（${codings.length}）`);
  }
  // Lenient flush: a gzip stream missing only its trailer still yields its data; real truncation is
  // caught by Content-Length or the connection error.
  const opts = { finishFlush: zc.Z_SYNC_FLUSH };
  return codings.reverse().map((c) => {
    switch (c) {
      case 'gzip':
      case 'x-gzip':
        return createGunzip(opts);
      case 'deflate':
        return createDeflateDecoder();
      case 'br':
        return createBrotliDecompress({ finishFlush: zc.BROTLI_OPERATION_FLUSH });
      default:
        throw new CrawlError('http_error', `不支持的内容编码 ${c}`);
    }
  });
}

export interface BodyLimits {
  maxBytes: number;
  /** Stop at maxBytes and return what was read (robots.txt) instead of failing. */
  truncateOversize: boolean;
  maxRatio: number;
  ratioMinBytes: number;
}

export interface BodyRead {
  body: Buffer;
  /** Bytes received on the wire (before decoding). */
  encodedBytes: number;
  truncatedAtCap: boolean;
}

/** Ends reading at the cap in truncate mode (not a failure). */
class StopReading extends Error {}

/**
 * Reads and decodes a response body within the limits. On any failure the pipeline destroys the
 * response (and with it the socket), so nothing keeps streaming after we give up.
 */
export async function readBody(res: Readable, contentEncoding: string | undefined, limits: BodyLimits): Promise<BodyRead> {
  const decoders = decodersFor(contentEncoding);
  let encodedBytes = 0;
  let decoded = 0;
  let truncatedAtCap = false;
  const chunks: Buffer[] = [];
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      encodedBytes += chunk.length;
      cb(null, chunk);
    },
  });
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      if (decoded + chunk.length > limits.maxBytes) {
        if (!limits.truncateOversize) return cb(new CrawlError('too_large', `解码后超过 ${limits.maxBytes} 字节`));
        chunks.push(chunk.subarray(0, limits.maxBytes - decoded));
        decoded = limits.maxBytes;
        truncatedAtCap = true;
        return cb(new StopReading());
      }
      decoded += chunk.length;
      if (decoders.length > 0 && decoded > limits.ratioMinBytes && decoded / Math.max(encodedBytes, 1) > limits.maxRatio) {
        return cb(new CrawlError('too_large', `疑似压缩炸弹：解压比超过 ${limits.maxRatio}`));
      }
      chunks.push(chunk);
      cb();
    },
  });
  try {
    await pipeline([res, counter, ...decoders, sink]);
  } catch (e) {
    if (!(e instanceof StopReading)) throw e;
  }
  return { body: Buffer.concat(chunks, decoded), encodedBytes, truncatedAtCap };
}
