/** robots.txt (B47): an RFC 9309 parser, and the per-origin cache over the hardened fetcher. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { gzipSync } from 'node:zlib';
import { RobotsCache, RobotsTxt } from '@/lib/fetch';
import type { LookupFn, RobotsCacheOptions } from '@/lib/fetch';
import { startServer, startTcpServer } from '../helpers/evil-server';
import type { EvilServer } from '../helpers/evil-server';

const UA = 'SafetyOpinionMonitor/0.1 (+test)';

describe('RobotsTxt parser', () => {
  const txt = [
    '\uFEFF# comment line',
    'Disallow: /before-any-group',
    'User-agent: *',
    'Disallow: /private/',
    'Allow: /private/public/ # trailing comment',
    'Disallow: /*.pdf$',
    'Disallow: /search*q=',
    '',
    'User-agent: Googlebot',
    'user-AGENT: bingbot',
    'disallow: /bots-only',
    '',
    'User-agent: SafetyOpinionMonitor/2.0',
    'Disallow: /nomonitor',
    'Sitemap: https://example.com/sitemap.xml',
    'Disallow: /nomonitor2',
    'User-agent: safetyopinionmonitor',
    'Disallow: /merged',
  ].join('\r\n');
  const r = RobotsTxt.parse(txt);

  test('the most specific user-agent group wins, by product token, case-insensitively', () => {
    expect(r.isAllowed('/private/x', UA)).toBe(true); // our group does not disallow it
    expect(r.isAllowed('/nomonitor', UA)).toBe(false);
    expect(r.isAllowed('/nomonitor2', UA)).toBe(false); // Sitemap does not end the group
    expect(r.isAllowed('/merged/a', UA)).toBe(false); // groups for the same agent merge
    expect(r.isAllowed('/bots-only', 'Googlebot/2.1')).toBe(false);
    expect(r.isAllowed('/bots-only', 'bingbot')).toBe(false);
    expect(r.isAllowed('/bots-only', 'OtherBot')).toBe(true);
  });

  test('the * group, longest match, Allow inside Disallow', () => {
    expect(r.isAllowed('/private/x', 'OtherBot')).toBe(false);
    expect(r.isAllowed('/private/public/x', 'OtherBot')).toBe(true);
    expect(r.isAllowed('/before-any-group', 'OtherBot')).toBe(true); // rules outside groups are ignored
  });

  test('* and $ wildcards', () => {
    expect(r.isAllowed('/files/a.pdf', 'OtherBot')).toBe(false);
    expect(r.isAllowed('/files/a.pdf?x=1', 'OtherBot')).toBe(true);
    expect(r.isAllowed('/files/a.pdfx', 'OtherBot')).toBe(true);
    expect(r.isAllowed('/search?q=1', 'OtherBot')).toBe(false);
    expect(r.isAllowed('/search/advanced?lang=zh&q=1', 'OtherBot')).toBe(false);
    expect(r.isAllowed('/search?lang=zh', 'OtherBot')).toBe(true);
  });

  test('ties go to Allow; paths are case-sensitive', () => {
    const t = RobotsTxt.parse('User-agent: *\nDisallow: /page\nAllow: /page\nDisallow: /Admin');
    expect(t.isAllowed('/page', UA)).toBe(true);
    expect(t.isAllowed('/admin', UA)).toBe(true);
    expect(t.isAllowed('/Admin', UA)).toBe(false);
  });

  test('Disallow: / blocks everything except /robots.txt; empty Disallow allows all', () => {
    const all = RobotsTxt.parse('User-agent: *\nDisallow: /');
    expect(all.isAllowed('/', UA)).toBe(false);
    expect(all.isAllowed('/xw/2026/', UA)).toBe(false);
    expect(all.isAllowed('/robots.txt', UA)).toBe(true);
    expect(RobotsTxt.parse('User-agent: *\nDisallow:').isAllowed('/x', UA)).toBe(true);
    expect(RobotsTxt.parse('').isAllowed('/x', UA)).toBe(true);
    expect(RobotsTxt.parse('User-agent: OnlyThem\nDisallow: /').isAllowed('/x', UA)).toBe(true);
  });

  test('$ alone anchors the root', () => {
    const t = RobotsTxt.parse('User-agent: *\nDisallow: /$');
    expect(t.isAllowed('/', UA)).toBe(false);
    expect(t.isAllowed('/a', UA)).toBe(true);
  });

  test('non-ASCII and percent-encoding compare equal', () => {
    const t = RobotsTxt.parse('User-agent: *\nDisallow: /新闻/内部\nDisallow: /a%3cb\nDisallow: /%7Euser');
    expect(t.isAllowed(new URL('https://x/新闻/内部/1.html').pathname, UA)).toBe(false);
    expect(t.isAllowed('/a%3Cb', UA)).toBe(false);
    expect(t.isAllowed('/~user/x', UA)).toBe(false);
    expect(t.isAllowed('/新闻/公开', UA)).toBe(true);
  });

  test('pathological wildcards stay fast', () => {
    const rules = Array.from({ length: 200 }, () => `Disallow: /${'*a'.repeat(40)}b`).join('\n');
    const t = RobotsTxt.parse(`User-agent: *\n${rules}`);
    const t0 = performance.now();
    expect(t.isAllowed(`/${'a'.repeat(2000)}`, UA)).toBe(true);
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});

describe('RobotsCache (B47)', () => {
  let s: EvilServer;
  const hits = new Map<string, number>();
  // 600 KiB: a rule at ~300 KiB (inside the 512 KiB we read) and one at the very end (outside).
  const big = [
    'User-agent: *',
    `# ${'x'.repeat(300 * 1024)}`,
    'Disallow: /early',
    `# ${'y'.repeat(300 * 1024)}`,
    'Disallow: /late',
    '',
  ].join('\n');

  beforeAll(async () => {
    s = await startServer((req, res) => {
      const host = (req.headers.host ?? '').replace(/:\d+$/, '');
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path === '/robots.txt') hits.set(host, (hits.get(host) ?? 0) + 1);
      const send = (status: number, body: string | Buffer = '', headers: Record<string, string | number> = {}): void => {
        res.writeHead(status, { 'content-type': 'text/plain', ...headers });
        res.end(body);
      };
      switch (host) {
        case 'rules.test':
          return send(200, 'User-agent: *\nDisallow: /private\n\nUser-agent: SafetyOpinionMonitor\nDisallow: /no-monitor\n');
        case 'all.test':
          return send(200, 'User-agent: *\nDisallow: /\n');
        case 'gz.test':
          return send(200, gzipSync('User-agent: *\nDisallow: /zipped\n'), { 'content-encoding': 'gzip' });
        case 'missing.test':
          return send(404, 'not found');
        case 'forbidden.test':
          return send(403, 'forbidden');
        case 'broken.test':
          return send(500, 'oops');
        case 'busy.test':
          return send(429, '', { 'retry-after': '120' });
        case 'empty.test':
          return send(200, '');
        case 'big.test':
          return send(200, big, { 'content-length': Buffer.byteLength(big) });
        case 'moved.test':
          return path === '/robots.txt'
            ? send(301, '', { location: `http://rules.test:${s.port}/robots.txt` })
            : send(200, 'x');
        default:
          return send(404);
      }
    });
  });
  afterAll(async () => s.close());

  const lookup: LookupFn = (_h, _o, cb) => cb(null, [{ address: '127.0.0.1', family: 4 }]);
  const hosts = ['rules', 'all', 'gz', 'missing', 'forbidden', 'broken', 'busy', 'empty', 'big', 'moved'];
  const cache = (extra: Partial<RobotsCacheOptions> = {}): RobotsCache =>
    new RobotsCache({
      fetch: {
        userAgent: UA,
        allowPrivate: hosts.map((h) => `${h}.test:${s.port}`),
        lookup,
        retries: 0,
        totalTimeoutMs: 5000,
      },
      ...extra,
    });
  const u = (host: string, path: string): string => `http://${host}.test:${s.port}${path}`;

  test('Disallow rules apply; our own group is used', async () => {
    const c = cache();
    expect(await c.isAllowed(u('rules', '/private/a'), 'OtherBot/1.0')).toBe(false);
    expect(await c.isAllowed(u('rules', '/private/a'), UA)).toBe(true);
    expect(await c.isAllowed(u('rules', '/no-monitor'), UA)).toBe(false);
    expect(await c.check(u('rules', '/news'), UA)).toEqual({ allowed: true, reason: 'allowed' });
    expect(await c.check(u('all', '/news'), UA)).toEqual({ allowed: false, reason: 'disallowed' });
  });

  test('robots.txt is fetched as kind "robots" with our User-Agent', async () => {
    await cache().isAllowed(u('rules', '/'), UA);
    const seen = s.requests.filter((r) => r.path === '/robots.txt').at(-1);
    expect(seen?.headers['user-agent']).toBe(UA);
    expect(seen?.headers.accept).toMatch(/^text\/plain/);
  });

  test('4xx → allow all (no robots.txt); 5xx, 429 and unreachable → skip', async () => {
    const c = cache();
    expect(await c.check(u('missing', '/a'), UA)).toEqual({ allowed: true, reason: 'unavailable' });
    expect(await c.check(u('forbidden', '/a'), UA)).toEqual({ allowed: true, reason: 'unavailable' });
    expect(await c.check(u('empty', '/a'), UA)).toEqual({ allowed: true, reason: 'unavailable' });
    expect(await c.check(u('broken', '/a'), UA)).toMatchObject({ allowed: false, reason: 'unreachable', cause: { code: 'http_server_error' } });
    expect(await c.check(u('busy', '/a'), UA)).toMatchObject({ allowed: false, reason: 'unreachable' });
    const dead = await startTcpServer(() => undefined);
    const deadUrl = dead.url('/page');
    const allow = dead.allow;
    await dead.close();
    const c2 = new RobotsCache({ fetch: { userAgent: UA, allowPrivate: [allow], retries: 0, totalTimeoutMs: 2000 } });
    // the network reason travels with the decision, so the page is reported as unreachable, not disallowed
    expect(await c2.check(deadUrl, UA)).toMatchObject({ allowed: false, reason: 'unreachable', cause: { code: 'connect_error' } });
  });

  test('a 600 KiB file is parsed up to 512 KiB instead of being rejected', async () => {
    const c = cache();
    expect(await c.isAllowed(u('big', '/early/x'), UA)).toBe(false);
    expect(await c.isAllowed(u('big', '/late/x'), UA)).toBe(true); // beyond what we read
    expect(await c.isAllowed(u('big', '/other'), UA)).toBe(true);
  });

  test('gzip-encoded robots.txt and redirects are handled by the fetcher', async () => {
    const c = cache();
    expect(await c.isAllowed(u('gz', '/zipped/1'), UA)).toBe(false);
    expect(await c.isAllowed(u('moved', '/private/1'), 'OtherBot')).toBe(false);
  });

  test('cached 24 h per origin; concurrent checks share one fetch', async () => {
    let now = 1_000_000;
    const c = cache({ now: () => now });
    const before = hits.get('rules.test') ?? 0;
    await Promise.all(Array.from({ length: 10 }, (_, i) => c.isAllowed(u('rules', `/p${i}`), UA)));
    expect((hits.get('rules.test') ?? 0) - before).toBe(1);
    now += 23 * 3600 * 1000;
    await c.isAllowed(u('rules', '/x'), UA);
    expect((hits.get('rules.test') ?? 0) - before).toBe(1);
    now += 2 * 3600 * 1000;
    await c.isAllowed(u('rules', '/x'), UA);
    expect((hits.get('rules.test') ?? 0) - before).toBe(2);
  });

  test('"unreachable" is re-checked sooner than 24 h', async () => {
    let now = 5_000_000;
    const c = cache({ now: () => now, errorTtlMs: 3600 * 1000 });
    const before = hits.get('broken.test') ?? 0;
    await c.isAllowed(u('broken', '/a'), UA);
    await c.isAllowed(u('broken', '/b'), UA);
    expect((hits.get('broken.test') ?? 0) - before).toBe(1);
    now += 3600 * 1000 + 1;
    await c.isAllowed(u('broken', '/c'), UA);
    expect((hits.get('broken.test') ?? 0) - before).toBe(2);
  });

  test('invalid URLs are rejected with a CrawlError', async () => {
    await expect(cache().isAllowed('not a url', UA)).rejects.toMatchObject({ code: 'invalid_url' });
    await expect(cache().isAllowed('ftp://x/', UA)).rejects.toMatchObject({ code: 'scheme_not_allowed' });
  });
});
