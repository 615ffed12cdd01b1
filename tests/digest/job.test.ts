/**
 * runDigestJobs on a real SQLite file and a real smtp-server on 127.0.0.1: before the configured
 * time nothing is generated; after it the daily digest is generated once (a second and a concurrent
 * run are no-ops); each subscriber (by role with an email, by address) gets a pending delivery that
 * is sent with the .docx attached; a refused address is retried with backoff and then marked failed
 * with its error, never lost; resend puts it back in the queue.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { changeDigestSubscription, listDigestDeliveries, resendDigestDelivery, setAccountEmail } from '@/lib/db';
import { runDigestJobs } from '@/lib/digest/job';
import { createTestDb } from '../helpers/test-db';
import type { TestDb } from '../helpers/test-db';
import { seedDigestDb } from './seed';

let t: TestDb;
let server: SMTPServer;
let port = 0;
const mails: { rcpt: string[]; raw: string }[] = [];
const audit = { actor: 'user:po' };

beforeAll(async () => {
  t = await createTestDb();
  await seedDigestDb(t.client);
  server = new SMTPServer({
    logger: false,
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onRcptTo(addr, _s, cb) {
      if (addr.address.startsWith('refused')) return cb(Object.assign(new Error('mailbox unavailable'), { responseCode: 450 }));
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({ rcpt: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        cb();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.server.address() as AddressInfo).port;
  await t.client.notificationChannel.create({
    data: { name: '邮件', kind: 'email', configJson: JSON.stringify({ kind: 'email', host: '127.0.0.1', port, tls: 'none', from: 'som@example.gov.cn', to: ['duty@example.gov.cn'] }) },
  });
  await t.client.user.create({ data: { id: 'u-leader', username: 'leader1', name: '张厅长', createdBy: 'test', roles: { create: { role: 'leader', grantedBy: 'test' } } } });
  await t.client.user.create({ data: { id: 'u-off', username: 'leader2', name: '停用', status: 'disabled', email: 'off@example.gov.cn', createdBy: 'test', roles: { create: { role: 'leader', grantedBy: 'test' } } } });
  expect((await setAccountEmail(t.client, 'u-leader', 'leader@example.gov.cn', audit, new Date())).ok).toBe(true);
  const now = new Date();
  expect((await changeDigestSubscription(t.client, { op: 'create', target: 'role', role: 'leader', kinds: 'daily' }, 'po', audit, now)).ok).toBe(true);
  expect((await changeDigestSubscription(t.client, { op: 'create', target: 'address', address: 'refused@example.gov.cn', kinds: 'all' }, 'po', audit, now)).ok).toBe(true);
  expect((await changeDigestSubscription(t.client, { op: 'create', target: 'address', address: 'special@example.gov.cn', kinds: 'special' }, 'po', audit, now)).ok).toBe(true);
});
afterAll(async () => {
  await new Promise<void>((r) => server?.close(() => r()));
  await t?.cleanup();
});

/** The mail's text parts decoded (nodemailer picks quoted-printable or base64 by content). */
function mailText(raw: string): string {
  const parts = raw.split(/\r?\n--[^\r\n]+\r?\n/);
  return parts
    .map((part) => {
      const [head = '', ...rest] = part.split(/\r?\n\r?\n/);
      const body = rest.join('\n\n');
      if (!/content-type:\s*text\/plain/i.test(head)) return '';
      if (/content-transfer-encoding:\s*base64/i.test(head)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
      if (/content-transfer-encoding:\s*quoted-printable/i.test(head)) {
        const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
        return Buffer.from(bytes, 'latin1').toString('utf8');
      }
      return body;
    })
    .join('\n');
}

const opts = { time: '07:30', timezone: 'Asia/Shanghai', issuer: '演示单位', baseUrl: 'http://dash.example', allowPrivate: true, timeoutMs: 5000, maxAttempts: 3 };

describe('runDigestJobs', () => {
  test('generates once after 07:30, sends to subscribers, retries a refused address then marks it failed', async () => {
    const before = await runDigestJobs(t.client, new Date('2026-03-04T23:00:00Z'), opts); // 07:00 Shanghai
    expect(before.generated).toBeNull();
    expect(await t.client.digest.count()).toBe(0);

    const at = new Date('2026-03-04T23:45:00Z'); // 07:45 Shanghai
    const [first, concurrent] = await Promise.all([runDigestJobs(t.client, at, { ...opts, batch: 0 }), runDigestJobs(t.client, at, { ...opts, batch: 0 })]);
    expect([first.generated, concurrent.generated].filter(Boolean)).toHaveLength(1);
    const again = await runDigestJobs(t.client, new Date(at.getTime() + 3_600_000), { ...opts, batch: 0 });
    expect(again.generated).toBeNull();
    const digests = await t.client.digest.findMany();
    expect(digests).toHaveLength(1);
    expect(digests[0]).toMatchObject({ kind: 'daily', seq: 1, year: 2026, generatedBy: 'schedule' });
    expect(digests[0]!.periodStart.toISOString()).toBe('2026-03-04T00:00:00.000Z');
    const id = digests[0]!.id;

    // Role subscription reaches the active leader with an email only; the special-only address gets nothing.
    let deliveries = await listDigestDeliveries(t.client, id);
    expect(deliveries.map((d) => d.address)).toEqual(['leader@example.gov.cn', 'refused@example.gov.cn']);
    expect(deliveries.every((d) => d.state === 'pending')).toBe(true);

    const r1 = await runDigestJobs(t.client, at, opts);
    expect(r1).toMatchObject({ sent: 1, retrying: 1, failed: 0 });
    expect(mails).toHaveLength(1);
    expect(mails[0]!.rcpt).toEqual(['leader@example.gov.cn']);
    expect(mails[0]!.raw).toContain('.docx');
    expect(mailText(mails[0]!.raw)).toContain('http://dash.example/digests/');
    deliveries = await listDigestDeliveries(t.client, id);
    const refused = deliveries.find((d) => d.address.startsWith('refused'))!;
    expect(refused).toMatchObject({ state: 'pending', attempts: 1 });
    expect(refused.lastError).toContain('450');
    expect(refused.nextAttemptAt!.getTime()).toBeGreaterThan(at.getTime());

    // Not due yet: nothing happens; then the second and third attempts fail → failed, kept with its error.
    expect(await runDigestJobs(t.client, at, opts)).toMatchObject({ sent: 0, retrying: 0, failed: 0 });
    const r2 = await runDigestJobs(t.client, new Date(at.getTime() + 2 * 60_000), opts);
    expect(r2.retrying).toBe(1);
    const r3 = await runDigestJobs(t.client, new Date(at.getTime() + 10 * 60_000), opts);
    expect(r3.failed).toBe(1);
    deliveries = await listDigestDeliveries(t.client, id);
    const failed = deliveries.find((d) => d.address.startsWith('refused'))!;
    expect(failed).toMatchObject({ state: 'failed', attempts: 3 });
    expect(failed.lastError).toMatch(/放弃/);
    expect(deliveries.find((d) => d.address.startsWith('leader'))).toMatchObject({ state: 'sent', attempts: 1 });
    expect(mails).toHaveLength(1); // the sent one is never sent again

    expect((await resendDigestDelivery(t.client, failed.id, audit, new Date())).ok).toBe(true);
    expect((await listDigestDeliveries(t.client, id)).find((d) => d.id === failed.id)).toMatchObject({ state: 'pending', attempts: 0 });
    expect((await resendDigestDelivery(t.client, deliveries.find((d) => d.address.startsWith('leader'))!.id, audit, new Date())).ok).toBe(false);
  });
});
