/** Where ../shared/fixtures is, and a loopback server that serves it the way a web server would. */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/fixtures');
export const HAVE_FIXTURES = fs.existsSync(FIXTURES);
export const NO_FIXTURES_NOTE = `shared fixtures not found at ${FIXTURES}: suite skipped`;

export function fixtureFiles(dir: string): string[] {
  const full = path.join(FIXTURES, dir);
  return fs.existsSync(full) ? fs.readdirSync(full).filter((f) => fs.statSync(path.join(full, f)).isFile()).sort() : [];
}

function contentTypeFor(file: string, body: Buffer): { type: string; encoding?: string } {
  // feedparser fixtures carry the HTTP header they were served with in a comment.
  const head = body.subarray(0, 600).toString('latin1');
  const declared = /Header:\s*Content-type:\s*([^\r\n]+)/i.exec(head)?.[1]?.trim();
  if (file.endsWith('.gz')) return { type: 'application/rss+xml', encoding: 'gzip' };
  if (declared) return { type: declared.replace(/'/g, '') };
  if (file.endsWith('.json')) return { type: 'application/feed+json' };
  if (file.endsWith('.html')) return { type: 'text/html' };
  return { type: 'application/xml' };
}

/** Serves /<dir>/<file> from the fixtures folder with a realistic Content-Type and an ETag. */
export async function serveFixtures(): Promise<{ baseUrl: string; port: number; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const rel = decodeURIComponent((req.url ?? '/').split('?')[0] ?? '/').replace(/^\/+/, '');
    const file = path.join(FIXTURES, rel);
    if (!file.startsWith(FIXTURES) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    const body = fs.readFileSync(file);
    const etag = `"${body.length.toString(16)}-${fs.statSync(file).mtimeMs.toString(16)}"`;
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { ETag: etag }).end();
      return;
    }
    const { type, encoding } = contentTypeFor(file, body);
    res.writeHead(200, {
      'Content-Type': type,
      ETag: etag,
      'Content-Length': body.length,
      ...(encoding ? { 'Content-Encoding': encoding } : {}),
    });
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    port,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
