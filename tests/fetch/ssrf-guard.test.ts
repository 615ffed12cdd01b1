import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { LookupAddress } from 'node:dns';
import { CrawlError } from '@/lib/errors';
import { assertUrlAllowed, fetchResource, isAddressAllowed, isPublicAddress } from '@/lib/fetch';
import type { FetchOptions, LookupFn } from '@/lib/fetch';
import { startServer, startTcpServer } from '../helpers/evil-server';
import type { EvilServer } from '../helpers/evil-server';

const UA = 'SafetyOpinionMonitor/0.1 (+test)';

function codeOf(fn: () => unknown): string {
  try {
    fn();
    return 'ok';
  } catch (e) {
    return e instanceof CrawlError ? e.code : `not a CrawlError: ${String(e)}`;
  }
}

describe('address classification (B26, B27)', () => {
  test.each([
    '127.0.0.1', '127.255.255.254', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1',
    '169.254.169.254', // AWS/GCP/Azure metadata
    '169.254.0.23', // Tencent Cloud metadata
    '100.100.100.200', // Alibaba Cloud metadata (CGNAT range)
    '100.64.0.1', '0.0.0.0', '0.1.2.3', '224.0.0.1', '239.255.255.250', '240.0.0.1', '255.255.255.255',
    '198.18.0.1', '192.0.2.10', '::1', '::', 'fd00:ec2::254', 'fc00::1', 'fe80::1', 'fe80::1%eth0',
    '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:169.254.169.254', '::ffff:a00:1', '::127.0.0.1',
    '64:ff9b::7f00:1', '64:ff9b::a9fe:a9fe', '2002:7f00:1::1', '2001::1', '2001:db8::1', 'ff02::1',
    'not-an-ip', '', '1.2.3',
  ])('%s is not public', (ip) => {
    expect(isPublicAddress(ip)).toBe(false);
    expect(isAddressAllowed(ip, 80, [])).toBe(false);
  });

  test.each([
    '8.8.8.8', '223.5.5.5', '114.114.114.114', '172.32.0.1', '100.128.0.1', '192.169.0.1', '11.0.0.1',
    '2400:3200::1', '2001:4860:4860::8888', '64:ff9b::808:808', '2002:808:808::1',
  ])('%s is public', (ip) => {
    expect(isPublicAddress(ip)).toBe(true);
    expect(isAddressAllowed(ip, 443, [])).toBe(true);
  });
});

describe('allow-list entries', () => {
  test('ip:port allows only that port', () => {
    expect(isAddressAllowed('127.0.0.1', 4000, ['127.0.0.1:4000'])).toBe(true);
    expect(isAddressAllowed('127.0.0.1', 4001, ['127.0.0.1:4000'])).toBe(false);
    expect(isAddressAllowed('127.0.0.2', 4000, ['127.0.0.1:4000'])).toBe(false);
    // The mapped spelling reaches the same socket, so it gets the same decision.
    expect(isAddressAllowed('::ffff:127.0.0.1', 4000, ['127.0.0.1:4000'])).toBe(true);
  });

  test('CIDR, bare address and bracketed IPv6', () => {
    expect(isAddressAllowed('10.9.9.9', 8080, ['10.0.0.0/8'])).toBe(true);
    expect(isAddressAllowed('11.9.9.9', 8080, ['10.0.0.0/8'])).toBe(true); // public anyway
    expect(isAddressAllowed('192.168.1.1', 80, ['10.0.0.0/8'])).toBe(false);
    expect(isAddressAllowed('::1', 80, ['::1'])).toBe(true);
    expect(isAddressAllowed('::1', 8080, ['[::1]:8080'])).toBe(true);
    expect(isAddressAllowed('::1', 80, ['[::1]:8080'])).toBe(false);
    expect(isAddressAllowed('fd00::5', 80, ['fd00::/8'])).toBe(true);
  });

  test('hostname entries apply to what that host resolves to', () => {
    const allow = ['intranet.example.gov.cn', '*.corp.example:9000'];
    expect(isAddressAllowed('10.1.1.1', 80, allow, 'intranet.example.gov.cn')).toBe(true);
    expect(isAddressAllowed('10.1.1.1', 80, allow, 'other.example.gov.cn')).toBe(false);
    expect(isAddressAllowed('10.1.1.1', 80, allow)).toBe(false);
    expect(isAddressAllowed('10.1.1.1', 9000, allow, 'a.corp.example')).toBe(true);
    expect(isAddressAllowed('10.1.1.1', 80, allow, 'a.corp.example')).toBe(false);
  });

  test('invalid entries are ignored, not treated as "allow everything"', () => {
    expect(isAddressAllowed('10.1.1.1', 80, ['', '10.0.0.0/99', 'http://x', '*'])).toBe(false);
  });
});

describe('assertUrlAllowed: static checks for the add-source form', () => {
  test.each([
    // B25
    ['http://127.0.0.1:6379/', 'private_address'],
    ['http://localhost/', 'private_address'],
    ['http://api.localhost./', 'private_address'],
    ['http://[::1]/', 'private_address'],
    ['http://0.0.0.0/', 'private_address'],
    // B26
    ['http://169.254.169.254/latest/meta-data/', 'private_address'],
    ['http://100.100.100.200/latest/meta-data/', 'private_address'],
    ['http://169.254.0.23/', 'private_address'],
    ['http://[fd00:ec2::254]/', 'private_address'],
    // B27: the WHATWG parser normalises these to 127.0.0.1 / ::ffff:7f00:1 before we look
    ['http://2130706433/', 'private_address'],
    ['http://0x7f000001/', 'private_address'],
    ['http://017700000001/', 'private_address'],
    ['http://127.1/', 'private_address'],
    ['http://0x7f.1/', 'private_address'],
    ['http://[::ffff:127.0.0.1]/', 'private_address'],
    ['http://[::ffff:7f00:1]/', 'private_address'],
    ['http://%31%32%37.0.0.1/', 'private_address'],
    // B28 parser differentials
    ['http://127.0.0.1:6379\\@example.com/', 'private_address'],
    ['http://example.com@127.0.0.1/', 'private_address'],
    ['http://user:pw@example.com/', 'invalid_url'],
    // B31
    ['file:///etc/passwd', 'scheme_not_allowed'],
    ['gopher://127.0.0.1:6379/_INFO', 'scheme_not_allowed'],
    ['ftp://example.com/feed.xml', 'scheme_not_allowed'],
    ['data:text/html,<script>alert(1)</script>', 'scheme_not_allowed'],
    ['dict://127.0.0.1:11211/stat', 'scheme_not_allowed'],
    ['javascript:alert(1)', 'scheme_not_allowed'],
    ['ws://example.com/', 'scheme_not_allowed'],
    // ports
    ['http://example.com:22/', 'port_not_allowed'],
    ['http://example.com:6379/', 'port_not_allowed'],
    ['https://example.com:8443/rss', 'ok'],
    ['http://example.com:8080/rss', 'ok'],
    ['https://www.mem.gov.cn/xw/', 'ok'],
    // junk
    ['not a url', 'invalid_url'],
    ['http://', 'invalid_url'],
    ['http://exa mple.com/', 'invalid_url'],
    [`https://example.com/${'a'.repeat(2100)}`, 'invalid_url'],
  ])('%s → %s', (url, expected) => {
    expect(codeOf(() => assertUrlAllowed(url, {}))).toBe(expected);
  });

  test('the fragment trick does not smuggle a host', () => {
    expect(assertUrlAllowed('http://example.com#@127.0.0.1/').hostname).toBe('example.com');
  });

  test('allow-list and extra ports', () => {
    expect(codeOf(() => assertUrlAllowed('http://127.0.0.1:4000/', { allowPrivate: ['127.0.0.1:4000'] }))).toBe('ok');
    expect(codeOf(() => assertUrlAllowed('http://127.0.0.1:4001/', { allowPrivate: ['127.0.0.1:4000'] }))).toBe(
      'private_address',
    );
    expect(codeOf(() => assertUrlAllowed('http://localhost:4000/', { allowPrivate: ['localhost:4000'] }))).toBe('ok');
    expect(codeOf(() => assertUrlAllowed('http://example.com:9000/', { allowPorts: [9000] }))).toBe('ok');
    // An allow-listed host:port does not open that port on other hosts.
    expect(codeOf(() => assertUrlAllowed('http://example.com:4000/', { allowPrivate: ['127.0.0.1:4000'] }))).toBe(
      'port_not_allowed',
    );
  });

  test('errors carry the Chinese message for the form', () => {
    try {
      assertUrlAllowed('http://127.0.0.1/');
      expect.unreachable();
    } catch (e) {
      expect((e as CrawlError).messageZh).toContain('内网地址不允许');
    }
  });
});

describe('connect-time enforcement (B25, B27, B29, B30)', () => {
  let good: EvilServer;
  let victim: Awaited<ReturnType<typeof startTcpServer>>;

  beforeAll(async () => {
    // The "internal service" the attacker wants to reach: any connection to it is a failure.
    victim = await startTcpServer((s) => s.end('HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nsecret'));
    good = await startServer((req, res) => {
      const u = new URL(req.url ?? '/', 'http://x');
      const to = u.searchParams.get('to');
      if (to) {
        res.writeHead(302, { location: to });
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('public');
    });
  });
  afterAll(async () => {
    await good.close();
    await victim.close();
  });

  const base = (): FetchOptions => ({
    kind: 'feed',
    userAgent: UA,
    allowPrivate: [good.allow],
    allowPorts: [victim.port],
    retries: 0,
    totalTimeoutMs: 5000,
  });

  test('allow-listed test server works, the other loopback port does not', async () => {
    const ok = await fetchResource(good.url('/'), base());
    expect(ok.status).toBe('ok');
    await expect(fetchResource(victim.url('/'), base())).rejects.toMatchObject({ code: 'private_address' });
    expect(victim.connections()).toBe(0);
  });

  test.each(['2130706433', '0x7f000001', '017700000001', '127.1', '[::ffff:127.0.0.1]', '[::ffff:7f00:1]'])(
    'obfuscated loopback %s is refused at fetch time without connecting',
    async (host) => {
      await expect(fetchResource(`http://${host}:${victim.port}/`, base())).rejects.toMatchObject({
        code: 'private_address',
      });
      expect(victim.connections()).toBe(0);
    },
  );

  test('a hostname resolving to a private address is refused in the lookup hook', async () => {
    let calls = 0;
    const lookup: LookupFn = (_h, _o, cb) => {
      calls++;
      cb(null, [{ address: '127.0.0.1', family: 4 }]);
    };
    await expect(fetchResource(`http://evil.test:${victim.port}/`, { ...base(), lookup })).rejects.toMatchObject({
      code: 'private_address',
    });
    expect(calls).toBe(1);
    expect(victim.connections()).toBe(0);
  });

  test('a mixed public/private answer is refused as a whole', async () => {
    const lookup: LookupFn = (_h, _o, cb) =>
      cb(null, [
        { address: '93.184.215.14', family: 4 },
        { address: '169.254.169.254', family: 4 },
      ]);
    await expect(fetchResource('http://mixed.test/', { ...base(), lookup })).rejects.toMatchObject({
      code: 'private_address',
    });
  });

  test('B29 DNS rebinding: public at time of check, 127.0.0.1 at time of use → refused at connect', async () => {
    const answers = ['93.184.215.14', '127.0.0.1'];
    let calls = 0;
    const lookup: LookupFn = (_h, _o, cb) => {
      const address = answers[Math.min(calls++, answers.length - 1)] ?? '';
      cb(null, [{ address, family: 4 }]);
    };
    // Time of check: anything that resolves early (a form validator, a pre-flight) sees a public IP…
    const early = await new Promise<LookupAddress[]>((resolve, reject) =>
      lookup('rebind.test', { all: true }, (e, a) => (e ? reject(e) : resolve(a))),
    );
    expect(isAddressAllowed(early[0]?.address ?? '', victim.port, [])).toBe(true);
    expect(codeOf(() => assertUrlAllowed(`http://rebind.test:${victim.port}/`, base()))).toBe('ok');
    // …time of use: the fetcher resolves inside the socket's lookup hook, checks that answer, refuses.
    await expect(fetchResource(`http://rebind.test:${victim.port}/`, { ...base(), lookup })).rejects.toMatchObject({
      code: 'private_address',
    });
    expect(calls).toBe(2);
    expect(victim.connections()).toBe(0);
  });

  test('DNS failure is dns_error', async () => {
    const lookup: LookupFn = (_h, _o, cb) => {
      const e: NodeJS.ErrnoException = new Error('getaddrinfo ENOTFOUND nx.test');
      e.code = 'ENOTFOUND';
      cb(e, []);
    };
    await expect(fetchResource('http://nx.test/', { ...base(), lookup })).rejects.toMatchObject({ code: 'dns_error' });
  });

  test.each([
    () => `http://127.0.0.1:${victim.port}/`,
    () => 'http://169.254.169.254/latest/meta-data/',
    () => 'http://100.100.100.200/',
    () => 'http://[::1]/',
    () => `http://2130706433:${victim.port}/`,
  ])('B30 redirect to a private target is refused at the hop (%#)', async (target) => {
    const before = good.requests.length;
    await expect(fetchResource(good.url(`/r?to=${encodeURIComponent(target())}`), base())).rejects.toMatchObject({
      code: 'private_address',
    });
    expect(good.requests.length).toBe(before + 1);
    expect(victim.connections()).toBe(0);
  });

  test('B30 redirect to a hostname that resolves privately is refused at connect', async () => {
    const lookup: LookupFn = (_h, _o, cb) => cb(null, [{ address: '10.0.0.7', family: 4 }]);
    await expect(
      fetchResource(good.url(`/r?to=${encodeURIComponent('http://internal.test/')}`), { ...base(), lookup }),
    ).rejects.toMatchObject({ code: 'private_address' });
  });

  test.each(['file:///etc/passwd', 'gopher://127.0.0.1:6379/_x', 'ftp://example.com/', 'dict://x/'])(
    'B31 redirect to %s is refused',
    async (to) => {
      await expect(fetchResource(good.url(`/r?to=${encodeURIComponent(to)}`), base())).rejects.toMatchObject({
        code: 'scheme_not_allowed',
      });
    },
  );

  test('redirect to a non-standard port is refused', async () => {
    await expect(
      fetchResource(good.url(`/r?to=${encodeURIComponent('http://example.com:6379/')}`), base()),
    ).rejects.toMatchObject({ code: 'port_not_allowed' });
  });
});
