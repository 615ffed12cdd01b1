/**
 * 通知渠道与规则 as the settings page shows them: what each channel sends to, with every secret
 * masked (never shown back in full), rules in Chinese, and the test message the page and
 * `npm run alerts -- channel test` send. Pure.
 */
import type { AppConfig } from '@/lib/config';
import { CHANNEL_KIND_LABELS, redactUrl } from '@/lib/notify/channels';
import type { ChannelConfig } from '@/lib/notify/channels';
import type { AlertMessage } from '@/lib/notify/message';
import type { NotificationRule } from '@/lib/notify/routing';
import type { SendOptions, SendResult } from '@/lib/notify/send';
import type { AuditEntry } from '@/lib/db';
import { ALERT_KIND_LABELS } from '@/lib/warning/labels';
import { WARNING_LEVELS } from '@/lib/warning/levels';
import type { WarningLevel } from '@/lib/warning/levels';

/** 已设置（SEC…f3，共 40 位）: enough to recognise which secret it is, not enough to use it. */
export function maskSecret(secret: string | undefined | null): string {
  if (!secret) return '未设置';
  const s = secret.trim();
  if (s.length < 16) return `已设置（共 ${s.length} 位）`;
  return `已设置（${s.slice(0, 3)}…${s.slice(-2)}，共 ${s.length} 位）`;
}

/** 138****5678. */
export function maskMobile(m: string): string {
  return m.length > 7 ? `${m.slice(0, 3)}****${m.slice(-4)}` : '****';
}

export interface ChannelLine {
  label: string;
  value: string;
}

/** The channel's target and options as label/value lines, secrets masked. */
export function channelLines(c: ChannelConfig): ChannelLine[] {
  const lines: ChannelLine[] = [{ label: '类型', value: CHANNEL_KIND_LABELS[c.kind] }];
  switch (c.kind) {
    case 'wecom':
      lines.push({ label: '地址', value: redactUrl(c.webhookUrl) });
      if (c.mentionedMobiles?.length) lines.push({ label: '@手机号', value: c.mentionedMobiles.map(maskMobile).join('、') });
      if (c.mentionAll) lines.push({ label: '@所有人', value: '是' });
      break;
    case 'dingtalk':
      lines.push({ label: '地址', value: redactUrl(c.webhookUrl) }, { label: '加签密钥', value: maskSecret(c.secret) });
      if (c.atMobiles?.length) lines.push({ label: '@手机号', value: c.atMobiles.map(maskMobile).join('、') });
      if (c.atAll) lines.push({ label: '@所有人', value: '是' });
      break;
    case 'feishu':
      lines.push({ label: '地址', value: redactUrl(c.webhookUrl) }, { label: '签名密钥', value: maskSecret(c.secret) });
      if (c.mentionAll) lines.push({ label: '@所有人', value: '是' });
      break;
    case 'webhook':
      lines.push({ label: '地址', value: redactUrl(c.url) }, { label: '签名密钥', value: maskSecret(c.secret) });
      break;
    case 'email':
      lines.push(
        { label: '服务器', value: `${c.host}:${c.port}（${c.tls === 'implicit' ? 'TLS' : c.tls === 'starttls' ? 'STARTTLS' : '不加密'}）` },
        { label: '发件人', value: c.from },
        { label: '收件人', value: c.to.join('、') },
      );
      if (c.auth) lines.push({ label: '登录账号', value: c.auth.user }, { label: '密码', value: maskSecret(c.auth.pass) });
      break;
  }
  return lines;
}

const levelLabel = (l: string): string => WARNING_LEVELS[l as WarningLevel]?.colour ?? l;

/** One sentence per rule: 黄色及以上 · 即时 · 发往 值班群、领导钉钉 · 免打扰 22:00–07:00（红色照常）. */
export function describeRule(rule: Omit<NotificationRule, 'id'>, channelNames: ReadonlyMap<string, string>): string {
  const parts = [`${levelLabel(rule.minLevel)}及以上`, rule.tier === 'immediate' ? '即时发送' : '汇总发送'];
  if (rule.kinds?.length) parts.push(`仅 ${rule.kinds.map((k) => ALERT_KIND_LABELS[k] ?? k).join('、')}`);
  if (rule.onlyEscalated) parts.push('仅升级时');
  parts.push(`发往 ${rule.channelIds.map((id) => channelNames.get(id) ?? `#${id}（已不存在）`).join('、')}`);
  if (rule.quietHours) {
    const bypass = rule.quietHours.bypassLevel === null ? '全部推迟' : `${levelLabel(rule.quietHours.bypassLevel ?? 'red')}及以上照常`;
    parts.push(`免打扰 ${rule.quietHours.start}–${rule.quietHours.end}（${bypass}）`);
  }
  return parts.join(' · ');
}

/** The message a channel test sends: marked as a test, nothing to act on. */
export function channelTestMessage(now: Date): AlertMessage {
  return {
    id: 'test',
    level: 'blue',
    kindLabel: '通道测试',
    subjectLabel: '这是一条测试消息',
    why: '用于确认通知通道可用，无需处置。',
    openedAt: now,
    escalated: false,
    url: null,
  };
}

export function channelSendOptions(cfg: Pick<AppConfig, 'notify'>, now: Date): SendOptions {
  return { now, timeoutMs: cfg.notify.timeoutMs, allowPrivate: cfg.notify.allowPrivate, baseUrl: cfg.notify.baseUrl };
}

/** The audit record of a test send: which channel, and whether it arrived (never its config). */
export function testSendAudit(channel: { id: number; name: string; kind: string }, r: SendResult): AuditEntry {
  return {
    action: 'notify.channel.test',
    objectType: 'channel',
    objectId: String(channel.id),
    result: r.ok ? 'ok' : 'failed',
    reason: r.ok ? null : r.error.slice(0, 500),
    detail: { name: channel.name, kind: channel.kind },
  };
}
