import net from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { SMTPServerOptions } from 'smtp-server';
import { afterEach, describe, expect, test } from 'vitest';
import type { ChannelConfig } from '@/lib/notify/channels';
import { sendNotification } from '@/lib/notify/send';
import { HOSTILE, sampleAlert } from './receivers';

const NOW = new Date('2025-01-01T00:00:00Z');
const PASSWORD = 'smtp-pass-Sup3rSecret';

interface Captured {
  from: string;
  rcpt: string[];
  raw: string;
  user?: string;
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

async function startSmtp(extra: Partial<SMTPServerOptions> = {}): Promise<{ port: number; mails: Captured[] }> {
  const mails: Captured[] = [];
  const server = new SMTPServer({
    logger: false,
    authOptional: true,
    allowInsecureAuth: true,
    // Plain SMTP in tests: smtp-server's built-in certificate is self-signed.
    disabledCommands: ['STARTTLS'],
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          rcpt: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
          user: typeof session.user === 'string' ? session.user : undefined,
        });
        cb();
      });
    },
    ...extra,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { port: (server.server.address() as AddressInfo).port, mails };
}

// --- a tiny MIME reader, enough for nodemailer's output -------------------------------------------

function decodeWords(s: string): string {
  return s.replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_m, enc: string, data: string) =>
    enc.toLowerCase() === 'b'
      ? Buffer.from(data, 'base64').toString('utf8')
      : decodeQp(data.replace(/_/g, ' ')),
  );
}

function decodeQp(s: string): string {
  const bytes: number[] = [];
  const src = s.replace(/=\r?\n/g, '');
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === '=' && /^[0-9A-F]{2}$/i.test(src.slice(i + 1, i + 3))) {
      bytes.push(parseInt(src.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(c, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

function header(raw: string, name: string): string {
  const head = raw.split(/\r?\n\r?\n/)[0] ?? '';
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const line = unfolded.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return decodeWords(line ? line.slice(name.length + 1).trim() : '');
}

function part(raw: string, type: string): string {
  const sections = raw.split(/\r?\n--[^\r\n]+/);
  const sec = sections.find((s) => new RegExp(`content-type:\\s*${type}`, 'i').test(s));
  if (!sec) return '';
  const [head = '', ...rest] = sec.split(/\r?\n\r?\n/);
  const body = rest.join('\n\n');
  if (/content-transfer-encoding:\s*base64/i.test(head)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (/content-transfer-encoding:\s*quoted-printable/i.test(head)) return decodeQp(body);
  return body;
}

// -------------------------------------------------------------------------------------------------

describe('email over SMTP', () => {
  test('delivers from/to/subject and an escaped text + HTML body', async () => {
    const smtp = await startSmtp();
    const ch: ChannelConfig = {
      kind: 'email',
      host: '127.0.0.1',
      port: smtp.port,
      tls: 'none',
      from: 'alerts@yq.example.gov.cn',
      to: ['duty@example.gov.cn', 'leader@example.gov.cn'],
    };
    const res = await sendNotification(ch, sampleAlert({ subjectLabel: HOSTILE, level: 'red' }), {
      now: NOW,
      timeoutMs: 5000,
      allowPrivate: true,
      baseUrl: 'https://yq.example.gov.cn',
    });
    expect(res).toMatchObject({ ok: true });
    expect(smtp.mails).toHaveLength(1);
    const mail = smtp.mails[0]!;
    expect(mail.from).toBe('alerts@yq.example.gov.cn');
    expect(mail.rcpt).toEqual(['duty@example.gov.cn', 'leader@example.gov.cn']);
    expect(header(mail.raw, 'From')).toContain('<alerts@yq.example.gov.cn>');
    expect(header(mail.raw, 'To')).toContain('duty@example.gov.cn');
    expect(header(mail.raw, 'Auto-Submitted')).toBe('auto-generated');
    const subject = header(mail.raw, 'Subject');
    expect(subject).toContain('红色预警（一级）');
    expect(subject).toContain('事故舆情');

    const text = part(mail.raw, 'text/plain');
    expect(text).toContain('红色预警（一级）');
    expect(text).toContain('2 小时内相关报道 37 篇');
    expect(text).toContain('时间：2025-03-01 14:05（北京时间）');
    expect(text).toContain('详情：https://yq.example.gov.cn/alerts/al_123');
    expect(text).not.toContain('http://evil'); // auto-link broken

    const html = part(mail.raw, 'text/html');
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<at ');
    expect(html).toContain('href="https://yq.example.gov.cn/alerts/al_123"');
    expect(html.match(/<a /g)).toHaveLength(1);
  });

  test('authenticates with user/password', async () => {
    const smtp = await startSmtp({
      onAuth(auth, _session, cb) {
        if (auth.username === 'notify' && auth.password === PASSWORD) cb(null, { user: 'notify' });
        else cb(new Error('Invalid username or password'));
      },
    });
    const ch: ChannelConfig = {
      kind: 'email',
      host: '127.0.0.1',
      port: smtp.port,
      tls: 'none',
      auth: { user: 'notify', pass: PASSWORD },
      from: 'alerts@example.gov.cn',
      to: ['duty@example.gov.cn'],
    };
    const res = await sendNotification(ch, sampleAlert(), { now: NOW, timeoutMs: 5000, allowPrivate: true });
    expect(res.ok).toBe(true);
    expect(smtp.mails[0]?.user).toBe('notify');
  });

  test('auth rejected → permanent error without the password', async () => {
    const smtp = await startSmtp({
      onAuth(_auth, _session, cb) {
        cb(new Error(`Invalid username or password ${PASSWORD}`));
      },
    });
    const ch: ChannelConfig = {
      kind: 'email',
      host: '127.0.0.1',
      port: smtp.port,
      tls: 'none',
      auth: { user: 'notify', pass: PASSWORD },
      from: 'alerts@example.gov.cn',
      to: ['duty@example.gov.cn'],
    };
    const res = await sendNotification(ch, sampleAlert(), { now: NOW, timeoutMs: 5000, allowPrivate: true });
    expect(res).toMatchObject({ ok: false, retryable: false });
    if (!res.ok) {
      expect(res.error).toContain('登录被拒绝');
      expect(res.error).not.toContain(PASSWORD);
    }
    expect(smtp.mails).toHaveLength(0);
  });

  test('temporary rejection (451) → retryable; permanent recipient rejection (550) → permanent', async () => {
    const smtp = await startSmtp({
      onRcptTo(address, _session, cb) {
        const err = Object.assign(new Error(address.address.startsWith('busy') ? 'Try again later' : 'No such user'), {
          responseCode: address.address.startsWith('busy') ? 451 : 550,
        });
        cb(err);
      },
    });
    const base = { kind: 'email' as const, host: '127.0.0.1', port: smtp.port, tls: 'none' as const, from: 'a@example.gov.cn' };
    const a = await sendNotification({ ...base, to: ['busy@example.gov.cn'] }, sampleAlert(), { now: NOW, timeoutMs: 5000, allowPrivate: true });
    expect(a).toMatchObject({ ok: false, retryable: true });
    const b = await sendNotification({ ...base, to: ['nobody@example.gov.cn'] }, sampleAlert(), { now: NOW, timeoutMs: 5000, allowPrivate: true });
    expect(b).toMatchObject({ ok: false, retryable: false });
  });

  test('a server that never greets → timeout, retryable', async () => {
    const sockets = new Set<Socket>();
    const server = net.createServer((s) => {
      sockets.add(s);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(() => {
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    });
    const port = (server.address() as AddressInfo).port;
    const t0 = performance.now();
    const res = await sendNotification(
      { kind: 'email', host: '127.0.0.1', port, tls: 'none', from: 'a@example.gov.cn', to: ['b@example.gov.cn'] },
      sampleAlert(),
      { now: NOW, timeoutMs: 400, allowPrivate: true },
    );
    expect(performance.now() - t0).toBeLessThan(3000);
    expect(res).toMatchObject({ ok: false, retryable: true });
  });
});
