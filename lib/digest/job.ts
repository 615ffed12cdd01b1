/**
 * The digest's background work, called by the worker on its tick (the lead wires it in):
 * (1) the scheduled daily digest, once per period after the configured time: the period check in
 *     createDigest's locked transaction (and the unique 期号 behind it) makes a second run, a restart
 *     or a concurrent worker a no-op;
 * (2) the email deliveries that are due: claimed one at a time (so two workers never send one
 *     twice), pending → sent, or retried with lib/notify's backoff and finally failed (kept and
 *     shown, never silently lost).
 */
import { config } from '@/lib/config';
import {
  claimDigestDelivery,
  dueDigestDeliveries,
  emailChannelConfigs,
  finishDigestDelivery,
  findScheduledDigest,
  getDigest,
} from '@/lib/db';
import type { Db } from '@/lib/db';
import { writeDocx } from '@/lib/docx/writer';
import { deliveryOutcome, MAX_DELIVERY_ATTEMPTS } from '@/lib/notify/routing';
import type { SendResult } from '@/lib/notify/send';
import { digestDocument } from './document';
import { generateDailyDigest } from './generate';
import { emailChannelOf, renderDigestMail, sendDigestMail } from './mail';
import type { DigestMail } from './mail';
import { parseDigestContent } from './model';
import { dailyPeriod, scheduledTime } from './period';

export const DIGEST_SYSTEM_ACTOR = 'system:digest';

export interface DigestJobOptions {
  /** HH:MM after which today's digest is generated (default: config). */
  time?: string;
  timezone?: string;
  issuer?: string;
  baseUrl?: string;
  allowPrivate?: boolean;
  timeoutMs?: number;
  maxAttempts?: number;
  /** Deliveries sent per run. */
  batch?: number;
}

export interface DigestJobResult {
  generated: { id: number; year: number; seq: number } | null;
  sent: number;
  retrying: number;
  failed: number;
}

const CLAIM_LEASE_MS = 5 * 60_000;

export async function runDigestJobs(client: Db, now: Date, opts: DigestJobOptions = {}): Promise<DigestJobResult> {
  const cfg = config();
  const tz = opts.timezone ?? cfg.digest.timezone;
  const settings = { issuer: opts.issuer ?? cfg.digest.issuer, timezone: tz };
  const result: DigestJobResult = { generated: null, sent: 0, retrying: 0, failed: 0 };

  if (now >= scheduledTime(now, tz, opts.time ?? cfg.digest.time)) {
    const period = dailyPeriod(now, tz);
    if (!(await findScheduledDigest(client, period))) {
      const r = await generateDailyDigest(client, settings, {
        generatedBy: 'schedule',
        audit: { actor: DIGEST_SYSTEM_ACTOR },
        now,
        period,
        oncePerPeriod: true,
      });
      if (r.created) result.generated = { id: r.id, year: r.year, seq: r.seq };
    }
  }

  const due = await dueDigestDeliveries(client, now, opts.batch ?? 20);
  if (due.length === 0) return result;
  const allowPrivate = opts.allowPrivate ?? cfg.notify.allowPrivate;
  const channels = (await emailChannelConfigs(client)).map((c) => emailChannelOf(c.configJson, allowPrivate)).filter((c) => c !== null);
  const maxAttempts = opts.maxAttempts ?? MAX_DELIVERY_ATTEMPTS;
  const mails = new Map<number, DigestMail | null>();
  for (const d of due) {
    // One at a time: each delivery is claimed before its SMTP session so no other worker sends it too.
    // eslint-disable-next-line no-await-in-loop
    if (!(await claimDigestDelivery(client, d, new Date(now.getTime() + CLAIM_LEASE_MS)))) continue;
    const attempts = d.attempts + 1;
    if (!mails.has(d.digestId)) {
      // eslint-disable-next-line no-await-in-loop
      const row = await getDigest(client, d.digestId);
      const content = row ? parseDigestContent(row.contentJson) : null;
      mails.set(
        d.digestId,
        row && content ? renderDigestMail(content, row, (opts.baseUrl ?? cfg.notify.baseUrl).replace(/\/+$/, ''), writeDocx(digestDocument(content, row)), row.id) : null,
      );
    }
    const mail = mails.get(d.digestId) ?? null;
    let sent: SendResult;
    if (!mail) sent = { ok: false, retryable: false, error: '日报内容无法读取' };
    else if (channels.length === 0) sent = { ok: false, retryable: true, error: '没有启用的电子邮件通知通道（请在“设置 → 通知”中配置 SMTP）' };
    else {
      sent = { ok: false, retryable: true, error: '未发送' };
      // Channels in order: the first that accepts the mail wins.
      for (const ch of channels) {
        // eslint-disable-next-line no-await-in-loop
        sent = await sendDigestMail(ch, d.address, mail, opts.timeoutMs ?? cfg.notify.timeoutMs);
        if (sent.ok) break;
      }
    }
    const o = deliveryOutcome(attempts, sent, now, maxAttempts);
    const state = o.status === 'retrying' ? 'pending' : o.status;
    // eslint-disable-next-line no-await-in-loop
    await finishDigestDelivery(client, d.id, { state, nextAttemptAt: o.nextAttemptAt, lastError: o.lastError, sentAt: o.status === 'sent' ? now : null });
    if (o.status === 'sent') result.sent += 1;
    else if (o.status === 'retrying') result.retrying += 1;
    else result.failed += 1;
  }
  return result;
}
