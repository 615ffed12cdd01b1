/**
 * SSRF guard (B25–B31). Two layers:
 *  - static: scheme, credentials, port, literal IPs — `assertUrlAllowed`, run for the add-source form and
 *    on every redirect hop;
 *  - connect time: `guardedLookup` checks every address the resolver returned, inside the socket's
 *    lookup hook, so the address we check is the address we connect to (no DNS-rebinding window).
 * Only the WHATWG URL parser is used, so obfuscated IPv4 forms (2130706433, 0x7f000001, 127.1) arrive
 * here already normalised to dotted quads.
 */
import { BlockList, isIP } from 'node:net';
import type { LookupFunction } from 'node:net';
import { lookup as dnsLookup } from 'node:dns';
import { CrawlError } from '@/lib/errors';
import { log } from '@/lib/log';
import type { LookupFn } from './types';

export const DEFAULT_ALLOWED_PORTS: readonly number[] = [80, 443, 8080, 8443];
const MAX_URL_LENGTH = 2048;

export interface UrlPolicy {
  allowPrivate?: readonly string[];
  allowPorts?: readonly number[];
}

// ---------------------------------------------------------------------------------------------
// Address classification

/** IPv4 ranges that are not the public internet (IANA special-purpose registry). */
const BLOCKED_V4: ReadonlyArray<[string, number]> = [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // CGNAT; Alibaba Cloud metadata 100.100.100.200 lives here
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local: AWS/GCP 169.254.169.254, Tencent 169.254.0.23
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.31.196.0', 24],
  ['192.52.193.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['192.175.48.0', 24],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved + broadcast
];

const BLOCKED_V6: ReadonlyArray<[string, number]> = [
  ['::', 96], // ::, ::1 and deprecated IPv4-compatible addresses
  ['64:ff9b:1::', 48], // local-use NAT64
  ['100::', 64], // discard
  ['2001::', 23], // IETF protocol assignments incl. Teredo
  ['2001:db8::', 32], // documentation
  ['3fff::', 20], // documentation
  ['5f00::', 16], // SRv6 SIDs
  ['fc00::', 7], // unique local; AWS IMDS fd00:ec2::254
  ['fe80::', 10], // link-local
  ['fec0::', 10], // deprecated site-local
  ['ff00::', 8], // multicast
];

const blockedV4 = new BlockList();
for (const [net, prefix] of BLOCKED_V4) blockedV4.addSubnet(net, prefix, 'ipv4');
const blockedV6 = new BlockList();
for (const [net, prefix] of BLOCKED_V6) blockedV6.addSubnet(net, prefix, 'ipv6');

interface Ip {
  ip: string;
  family: 4 | 6;
  words?: number[];
}

/** Eight 16-bit words of a valid IPv6 literal (already checked with isIP). */
function ipv6Words(s: string): number[] | null {
  let str = s;
  const lastColon = str.lastIndexOf(':');
  const tail = str.slice(lastColon + 1);
  if (tail.includes('.')) {
    const p = tail.split('.').map(Number);
    if (p.length !== 4 || p.some((x) => !Number.isInteger(x) || x < 0 || x > 255)) return null;
    const [a = 0, b = 0, c = 0, d = 0] = p;
    str = `${str.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = str.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const rest = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 1 ? missing !== 0 : missing < 0) return null;
  const words = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...rest].map((w) =>
    Number.parseInt(w, 16),
  );
  return words.length === 8 && words.every((w) => w >= 0 && w <= 0xffff) ? words : null;
}

const v4FromWords = (hi: number, lo: number): string => `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;

/** Parses an IP literal; IPv4-mapped IPv6 (::ffff:a.b.c.d, ::ffff:7f00:1) becomes the IPv4 it reaches. */
export function normaliseIp(raw: string): Ip | null {
  let s = raw.trim();
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1);
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  const family = isIP(s);
  if (family === 4) return { ip: s, family: 4 };
  if (family !== 6) return null;
  const words = ipv6Words(s);
  if (!words) return null;
  if (words.slice(0, 5).every((w) => w === 0) && words[5] === 0xffff) {
    return { ip: v4FromWords(words[6] ?? 0, words[7] ?? 0), family: 4 };
  }
  return { ip: s.toLowerCase(), family: 6, words };
}

/** True for addresses on the public internet. */
export function isPublicAddress(raw: string): boolean {
  const n = normaliseIp(raw);
  if (!n) return false;
  if (n.family === 4) return !blockedV4.check(n.ip, 'ipv4');
  if (blockedV6.check(n.ip, 'ipv6')) return false;
  const w = n.words ?? [];
  // Translation prefixes embed an IPv4 address: judge the address they actually reach.
  if (w[0] === 0x64 && w[1] === 0xff9b && w.slice(2, 6).every((x) => x === 0)) {
    return !blockedV4.check(v4FromWords(w[6] ?? 0, w[7] ?? 0), 'ipv4');
  }
  if (w[0] === 0x2002) return !blockedV4.check(v4FromWords(w[1] ?? 0, w[2] ?? 0), 'ipv4');
  return true;
}

// ---------------------------------------------------------------------------------------------
// Allow-list

type AllowEntry =
  | { kind: 'net'; list: BlockList; family: 4 | 6; port?: number }
  | { kind: 'host'; host: string; wildcard: boolean; port?: number };

const parsedLists = new WeakMap<readonly string[], AllowEntry[]>();

function parsePort(s: string | undefined): number | undefined | null {
  if (s === undefined) return undefined;
  const p = Number(s);
  return Number.isInteger(p) && p >= 1 && p <= 65535 ? p : null;
}

function netEntry(addr: string, prefix: number | undefined, port: number | undefined): AllowEntry | null {
  const n = normaliseIp(addr);
  if (!n) return null;
  const list = new BlockList();
  const type = n.family === 4 ? 'ipv4' : 'ipv6';
  if (prefix === undefined) list.addAddress(n.ip, type);
  else if (Number.isInteger(prefix) && prefix >= 0 && prefix <= (n.family === 4 ? 32 : 128)) {
    list.addSubnet(n.ip, prefix, type);
  } else return null;
  return { kind: 'net', list, family: n.family, port };
}

export function parseAllowEntry(raw: string): AllowEntry | null {
  const s = raw.trim().toLowerCase();
  if (!s) return null;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(s);
  if (bracketed) {
    const port = parsePort(bracketed[2]);
    return port === null ? null : netEntry(bracketed[1] ?? '', undefined, port);
  }
  if (s.includes('/')) {
    const [addr = '', prefix = ''] = s.split('/');
    return /^\d{1,3}$/.test(prefix) ? netEntry(addr, Number(prefix), undefined) : null;
  }
  if (isIP(s)) return netEntry(s, undefined, undefined);
  const withPort = /^([^:]+):(\d+)$/.exec(s);
  const hostPart = withPort ? (withPort[1] ?? '') : s;
  const port = parsePort(withPort?.[2]);
  if (port === null) return null;
  if (isIP(hostPart)) return netEntry(hostPart, undefined, port);
  const host = hostPart.replace(/\.$/, '');
  const wildcard = host.startsWith('*.');
  const name = wildcard ? host.slice(2) : host;
  if (!/^[a-z0-9_]([a-z0-9_.-]*[a-z0-9_])?$/.test(name)) return null;
  return { kind: 'host', host: name, wildcard, port };
}

function allowEntries(list: readonly string[] | undefined): AllowEntry[] {
  if (!list || list.length === 0) return [];
  const cached = parsedLists.get(list);
  if (cached) return cached;
  const entries: AllowEntry[] = [];
  for (const raw of list) {
    const e = parseAllowEntry(raw);
    if (e) entries.push(e);
    else log.warn('ignored invalid allowPrivate entry', { entry: raw });
  }
  parsedLists.set(list, entries);
  return entries;
}

const bareHost = (h: string): string => h.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');

function hostMatches(e: Extract<AllowEntry, { kind: 'host' }>, hostname: string): boolean {
  const h = bareHost(hostname);
  return h === e.host || (e.wildcard && h.endsWith(`.${e.host}`));
}

/**
 * Address-level decision: public addresses pass; private ones only when allow-listed by address/CIDR
 * or by the hostname they were resolved from (with the port, if the entry names one).
 * The port policy itself is checked by assertUrlAllowed.
 */
export function isAddressAllowed(
  ip: string,
  port: number,
  allowPrivate: readonly string[] = [],
  hostname?: string,
): boolean {
  const n = normaliseIp(ip);
  if (!n) return false;
  if (isPublicAddress(n.ip)) return true;
  return allowEntries(allowPrivate).some((e) => {
    if (e.port !== undefined && e.port !== port) return false;
    if (e.kind === 'host') return hostname !== undefined && hostMatches(e, hostname);
    return e.family === n.family && e.list.check(n.ip, n.family === 4 ? 'ipv4' : 'ipv6');
  });
}

/** Non-standard ports need allowPorts, or an allow-list entry naming this host (or literal IP) with that port. */
function isPortAllowed(hostname: string, port: number, policy: UrlPolicy): boolean {
  if (DEFAULT_ALLOWED_PORTS.includes(port) || (policy.allowPorts ?? []).includes(port)) return true;
  const literal = normaliseIp(bareHost(hostname));
  return allowEntries(policy.allowPrivate).some((e) => {
    if (e.port !== port) return false;
    if (e.kind === 'host') return hostMatches(e, hostname);
    return literal !== null && e.family === literal.family && e.list.check(literal.ip, literal.family === 4 ? 'ipv4' : 'ipv6');
  });
}

export function effectivePort(u: URL): number {
  return u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : 80;
}

const isLocalhostName = (h: string): boolean => h === 'localhost' || h.endsWith('.localhost');

/**
 * Static checks for a URL (add-source form, and every redirect hop before connecting). Returns the parsed
 * URL. Hostnames are checked again at connect time against the addresses they resolve to.
 */
export function assertUrlAllowed(url: string | URL, policy: UrlPolicy = {}): URL {
  const raw = typeof url === 'string' ? url.trim() : url.href;
  if (raw.length > MAX_URL_LENGTH) throw new CrawlError('invalid_url', `长度超过 ${MAX_URL_LENGTH}`);
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new CrawlError('invalid_url', raw.slice(0, 200));
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new CrawlError('scheme_not_allowed', u.protocol.replace(/:$/, ''));
  }
  if (!u.hostname) throw new CrawlError('invalid_url', '缺少主机名');
  const port = effectivePort(u);
  const host = bareHost(u.hostname);
  const literal = normaliseIp(host);
  // Private-address check first so http://127.0.0.1:6379/ reports "内网地址" rather than the port (B25).
  if (literal && !isAddressAllowed(literal.ip, port, policy.allowPrivate, host)) {
    throw new CrawlError('private_address', u.host);
  }
  if (!literal && isLocalhostName(host) && !isAddressAllowed('127.0.0.1', port, policy.allowPrivate, host)) {
    throw new CrawlError('private_address', u.host);
  }
  // Credentials in URLs end up in logs and are a classic parser-differential vector (B28).
  if (u.username || u.password) throw new CrawlError('invalid_url', '地址中不允许包含用户名或密码');
  if (!isPortAllowed(u.hostname, port, policy)) throw new CrawlError('port_not_allowed', String(port));
  return u;
}

const defaultLookup: LookupFn = (hostname, options, callback) => dnsLookup(hostname, options, callback);

/**
 * The socket's lookup hook: resolves, refuses the connection if ANY returned address is not allowed
 * (a name that mixes public and private answers is a rebinding attempt), then answers in whichever
 * form net asked for (single address, or all for happy-eyeballs).
 */
export function guardedLookup(o: {
  hostname: string;
  port: number;
  allowPrivate?: readonly string[];
  lookup?: LookupFn;
}): LookupFunction {
  const resolve = o.lookup ?? defaultLookup;
  return (host, options, callback) => {
    const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : options.family;
    resolve(host, { all: true, family, hints: options.hints }, (err, addresses) => {
      if (err) return callback(err, '');
      const list = addresses ?? [];
      if (list.length === 0) {
        const e: NodeJS.ErrnoException = new Error(`no addresses for ${host}`);
        e.code = 'ENOTFOUND';
        return callback(e, '');
      }
      const bad = list.find((a) => !isAddressAllowed(a.address, o.port, o.allowPrivate, o.hostname));
      if (bad) return callback(new CrawlError('private_address', `${o.hostname} → ${bad.address}`), '');
      if (options.all) return callback(null, list);
      const first = list[0];
      return callback(null, first?.address ?? '', first?.family);
    });
  };
}
