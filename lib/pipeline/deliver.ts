/**
 * The notification outbox: sends due deliveries, retries with backoff, and records every attempt on
 * the alert's log. A delivery ends sent or failed with its reason; it is never silently dropped.
 */
import { dueDeliveries, markDelivery, recordAlertAction } from '@/lib/db';
import type { Db } from '@/lib/db';
import { log } from '@/lib/log';
import { channelConfigSchema, describeChannel } from '@/lib/notify/channels';
import type { AlertMessage } from '@/lib/notify/message';
import { deliveryOutcome } from '@/lib/notify/routing';
import { sendNotification } from '@/lib/notify/send';
import type { WarningLevel } from '@/lib/warning/levels';
import { ALERT_KIND_LABELS } from '@/lib/warning/labels';

export interface DeliverOptions {
  now: () => Date;
  baseUrl: string;
  allowPrivate: boolean;
  timeoutMs: number;
  /** Stop starting new sends after this time (epoch ms). */
  deadline?: number;
}

export interface DeliverSummary {
  sent: number;
  retrying: number;
  failed: number;
}

export async function deliverDue(client: Db, opts: DeliverOptions): Promise<DeliverSummary> {
  const summary: DeliverSummary = { sent: 0, retrying: 0, failed: 0 };
  const due = await dueDeliveries(client, opts.now());
  const schema = channelConfigSchema({ allowPrivate: opts.allowPrivate });
  for (const d of due) {
    if (opts.deadline !== undefined && Date.now() >= opts.deadline) break;
    const now = opts.now();
    const attempts = d.attempts + 1;
    let parsedConfig: unknown;
    try {
      parsedConfig = JSON.parse(d.channel.configJson);
    } catch {
      parsedConfig = null;
    }
    const config = schema.safeParse(parsedConfig);
    const message: AlertMessage = {
      id: String(d.alert.id),
      level: d.alert.level as WarningLevel,
      kindLabel: ALERT_KIND_LABELS[d.alert.kind] ?? d.alert.kind,
      subjectLabel: d.alert.subjectLabel,
      why: d.alert.why,
      openedAt: d.alert.firstRaisedAt,
      escalated: d.alert.escalatedAt !== null,
      clock: null,
      url: `/alerts/${d.alert.id}`,
      demo: d.alert.isDemo,
    };
    const result = config.success
      ? // eslint-disable-next-line no-await-in-loop -- one channel at a time keeps robots within their rate limits
        await sendNotification(config.data, message, {
          now,
          timeoutMs: opts.timeoutMs,
          allowPrivate: opts.allowPrivate,
          baseUrl: opts.baseUrl,
        })
      : ({ ok: false, retryable: false, error: `通知通道“${d.channel.name}”配置无效：${config.error.issues[0]?.message ?? ''}` } as const);
    const outcome = deliveryOutcome(attempts, result, now);
    const state = outcome.status === 'retrying' ? 'pending' : outcome.status;
    // eslint-disable-next-line no-await-in-loop -- the outcome of each send is stored before the next
    await markDelivery(client, d.id, {
      state,
      attempts,
      nextAttemptAt: outcome.nextAttemptAt,
      lastError: outcome.lastError,
      sentAt: outcome.status === 'sent' ? now : null,
    });
    const where = config.success ? describeChannel(config.data) : d.channel.name;
    // eslint-disable-next-line no-await-in-loop -- as above
    await recordAlertAction(client, {
      alertId: d.alert.id,
      at: now,
      actor: 'system',
      action: outcome.status === 'sent' ? 'notified' : outcome.status === 'retrying' ? 'notify_retry' : 'notify_failed',
      note: outcome.status === 'sent' ? `已通知：${d.channel.name}（${where}）` : `${d.channel.name}：${outcome.lastError ?? ''}`,
    });
    if (outcome.status === 'sent') summary.sent += 1;
    else if (outcome.status === 'retrying') summary.retrying += 1;
    else {
      summary.failed += 1;
      log.warn('notification_failed', { deliveryId: d.id, channel: d.channel.name, error: outcome.lastError });
    }
  }
  return summary;
}
