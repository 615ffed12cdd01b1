/**
 * Notification channel configurations (stored by lib/db, validated here).
 *
 * Two validation modes:
 *  - production (`ChannelConfigSchema`, or `channelConfigSchema()`): the IM robots must use their
 *    official https endpoints, generic webhooks must be https on a public host and a standard port,
 *    SMTP passwords need TLS;
 *  - `channelConfigSchema({ allowPrivate: true })`: any http(s) URL (tests, 127.0.0.1 receivers,
 *    on-premise gateways). `sendNotification` re-validates with the mode it is given, so a row saved
 *    in one mode cannot be sent in the other.
 *
 * Secrets: the WeCom `key`, the DingTalk `access_token`, the Feishu hook token (a path segment!),
 * robot signing secrets, webhook HMAC secrets and SMTP passwords. `channelSecrets()` lists them so
 * send.ts can scrub them from every error string; `redactUrl()` is what logs may show.
 */
import { z } from 'zod';

export const CHANNEL_KINDS = ['wecom', 'dingtalk', 'feishu', 'webhook', 'email'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

export const CHANNEL_KIND_LABELS: Record<ChannelKind, string> = {
  wecom: '企业微信群机器人',
  dingtalk: '钉钉自定义机器人',
  feishu: '飞书自定义机器人',
  webhook: '通用 Webhook',
  email: '电子邮件（SMTP）',
};

/** Official endpoints (production mode). */
export const OFFICIAL_ENDPOINTS = {
  // https://developer.work.weixin.qq.com/document/path/91770 (群机器人配置说明)
  wecom: { hosts: ['qyapi.weixin.qq.com'], path: /^\/cgi-bin\/webhook\/send$/, tokenParam: 'key' },
  // https://open.dingtalk.com/document/robots/custom-robot-access (自定义机器人接入)
  dingtalk: { hosts: ['oapi.dingtalk.com'], path: /^\/robot\/send$/, tokenParam: 'access_token' },
  // https://open.feishu.cn/document/client-docs/bot-v3/add-custom-bot (自定义机器人使用指南); Lark = larksuite
  feishu: { hosts: ['open.feishu.cn', 'open.larksuite.com'], path: /^\/open-apis\/bot\/v2\/hook\/[A-Za-z0-9_-]{8,128}$/, tokenParam: null },
} as const;

/** Standard web ports for generic webhooks in production (TESTPLAN budgets: 80, 443, 8080, 8443). */
export const WEBHOOK_PORTS: readonly number[] = [443, 8443];
/** SMTP ports accepted in production, so an SMTP channel cannot be aimed at arbitrary internal services. */
export const SMTP_PORTS: readonly number[] = [25, 465, 587, 2525];

export interface ChannelSchemaOptions {
  /** Tests and on-premise setups: accept any http(s) URL and any SMTP port. */
  allowPrivate?: boolean;
}

const MOBILE = /^\+?\d{5,20}$/;
const mobiles = z.array(z.string().regex(MOBILE, '手机号格式无效')).max(20, '最多 20 个手机号');

function parseUrl(s: string): URL | null {
  try {
    return new URL(s);
  } catch {
    return null;
  }
}

/** Returns a Chinese problem description, or null when the URL is acceptable. */
export function checkChannelUrl(
  kind: 'wecom' | 'dingtalk' | 'feishu' | 'webhook',
  raw: string,
  opts: ChannelSchemaOptions = {},
): string | null {
  if (raw.length > 2048) return '地址过长';
  const u = parseUrl(raw.trim());
  if (!u) return '地址格式无效';
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return '仅允许 http/https 地址';
  if (u.username || u.password) return '地址中不允许包含用户名或密码';
  if (opts.allowPrivate) {
    if (kind === 'wecom' && !u.searchParams.get('key')) return '企业微信机器人地址缺少 key 参数';
    if (kind === 'dingtalk' && !u.searchParams.get('access_token')) return '钉钉机器人地址缺少 access_token 参数';
    return null;
  }
  if (u.protocol !== 'https:') return '生产环境只允许 https 地址';
  if (kind === 'webhook') {
    const port = u.port ? Number(u.port) : 443;
    if (!WEBHOOK_PORTS.includes(port)) return `端口 ${port} 不在允许范围内（${WEBHOOK_PORTS.join('、')}）`;
    // Private/loopback addresses are refused statically here and again at connect time (send.ts).
    return null;
  }
  const ep = OFFICIAL_ENDPOINTS[kind];
  const names: Record<typeof kind, string> = { wecom: '企业微信', dingtalk: '钉钉', feishu: '飞书' };
  if (!(ep.hosts as readonly string[]).includes(u.hostname.toLowerCase()) || u.port) {
    return `${names[kind]}机器人地址必须是官方地址（${ep.hosts.join(' 或 ')}）`;
  }
  if (!ep.path.test(u.pathname)) return `${names[kind]}机器人地址路径不正确`;
  if (ep.tokenParam && !u.searchParams.get(ep.tokenParam)) return `${names[kind]}机器人地址缺少 ${ep.tokenParam} 参数`;
  return null;
}

const urlField = (kind: 'wecom' | 'dingtalk' | 'feishu' | 'webhook', opts: ChannelSchemaOptions) =>
  z
    .string()
    .trim()
    .min(1, '请填写地址')
    .superRefine((v, ctx) => {
      const problem = checkChannelUrl(kind, v, opts);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });

const base = {
  /** Display name, e.g. 应急值班群. */
  name: z.string().trim().min(1).max(50).optional(),
};

export function channelConfigSchema(opts: ChannelSchemaOptions = {}) {
  const wecom = z.object({
    ...base,
    kind: z.literal('wecom'),
    webhookUrl: urlField('wecom', opts),
    /** Mobiles to @ (sent as a short follow-up text message: WeCom markdown cannot @ by mobile). */
    mentionedMobiles: mobiles.optional(),
    mentionAll: z.boolean().optional(),
  });

  const dingtalk = z.object({
    ...base,
    kind: z.literal('dingtalk'),
    webhookUrl: urlField('dingtalk', opts),
    /** 加签 secret (starts with SEC…). Required: we do not support keyword-only robots. */
    secret: z.string().trim().min(8, '请填写加签密钥').max(200),
    atMobiles: mobiles.optional(),
    atAll: z.boolean().optional(),
  });

  const feishu = z.object({
    ...base,
    kind: z.literal('feishu'),
    webhookUrl: urlField('feishu', opts),
    /** 签名校验 secret. Required. */
    secret: z.string().trim().min(8, '请填写签名密钥').max(200),
    msgType: z.enum(['post', 'text']).optional(),
    mentionAll: z.boolean().optional(),
  });

  const webhook = z.object({
    ...base,
    kind: z.literal('webhook'),
    url: urlField('webhook', opts),
    /** Shared HMAC secret; when set, requests carry X-Signature-256 and X-Timestamp. */
    secret: z.string().min(16, '签名密钥至少 16 个字符').max(500).optional(),
  });

  const email = z
    .object({
      ...base,
      kind: z.literal('email'),
      host: z
        .string()
        .trim()
        .min(1)
        .max(253)
        .regex(/^[A-Za-z0-9.-]+$|^\[?[0-9A-Fa-f:.]+\]?$/, '主机名格式无效'),
      port: z
        .number()
        .int()
        .min(1)
        .max(65535)
        .refine((p) => opts.allowPrivate || SMTP_PORTS.includes(p), `端口须为 ${SMTP_PORTS.join('、')} 之一`),
      /** implicit = TLS from the first byte (465); starttls = require STARTTLS (587); none = plain / opportunistic. */
      tls: z.enum(['implicit', 'starttls', 'none']),
      auth: z.object({ user: z.string().min(1).max(320), pass: z.string().min(1).max(500) }).optional(),
      from: z.email('发件人地址无效').max(320),
      to: z.array(z.email('收件人地址无效').max(320)).min(1, '至少一个收件人').max(50, '最多 50 个收件人'),
    })
    .refine((e) => opts.allowPrivate || !e.auth || e.tls !== 'none', {
      message: '使用密码认证时必须启用 TLS（implicit 或 starttls），以免密码明文传输',
      path: ['tls'],
    });

  return z.discriminatedUnion('kind', [wecom, dingtalk, feishu, webhook, email]);
}

/** Production schema. */
export const ChannelConfigSchema = channelConfigSchema();
/** Schema for tests and on-premise receivers (any http(s) URL, any SMTP port). */
export const ChannelConfigPrivateSchema = channelConfigSchema({ allowPrivate: true });

export type ChannelConfig = z.infer<typeof ChannelConfigSchema>;
export type ChannelConfigInput = z.input<typeof ChannelConfigSchema>;
export type WecomChannel = Extract<ChannelConfig, { kind: 'wecom' }>;
export type DingtalkChannel = Extract<ChannelConfig, { kind: 'dingtalk' }>;
export type FeishuChannel = Extract<ChannelConfig, { kind: 'feishu' }>;
export type WebhookChannel = Extract<ChannelConfig, { kind: 'webhook' }>;
export type EmailChannel = Extract<ChannelConfig, { kind: 'email' }>;

/**
 * Every secret value in a channel config, longest first (for scrubbing error strings). Includes URL
 * tokens (query values and the Feishu hook path token) and the whole URL itself.
 */
export function channelSecrets(c: ChannelConfig): string[] {
  const out: string[] = [];
  const addUrl = (raw: string): void => {
    out.push(raw);
    const u = parseUrl(raw);
    if (!u) return;
    for (const v of u.searchParams.values()) if (v.length >= 4) out.push(v, encodeURIComponent(v));
    for (const seg of u.pathname.split('/')) if (seg.length >= 16) out.push(seg);
  };
  switch (c.kind) {
    case 'wecom':
      addUrl(c.webhookUrl);
      break;
    case 'dingtalk':
    case 'feishu':
      addUrl(c.webhookUrl);
      out.push(c.secret);
      break;
    case 'webhook':
      addUrl(c.url);
      if (c.secret) out.push(c.secret);
      break;
    case 'email':
      if (c.auth) out.push(c.auth.pass);
      break;
  }
  return [...new Set(out.filter((s) => s.length >= 4))].sort((a, b) => b.length - a.length);
}

/** Replaces every secret occurrence with ***. */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let s = text;
  for (const secret of secrets) if (secret) s = s.split(secret).join('***');
  return s;
}

/**
 * What logs and error messages may show of a URL: scheme, host, port and path with long (token-like)
 * segments masked; the query string is never shown.
 */
export function redactUrl(raw: string): string {
  const u = parseUrl(raw);
  if (!u) return '(无效地址)';
  const path = u.pathname
    .split('/')
    .map((seg) => (seg.length >= 16 ? '***' : seg))
    .join('/');
  return `${u.protocol}//${u.host}${path}${u.search ? '?***' : ''}`;
}

/** A short, secret-free description of the target, for logs and delivery rows. */
export function describeChannel(c: ChannelConfig): string {
  switch (c.kind) {
    case 'wecom':
    case 'dingtalk':
    case 'feishu':
      return `${CHANNEL_KIND_LABELS[c.kind]} ${redactUrl(c.webhookUrl)}`;
    case 'webhook':
      return `${CHANNEL_KIND_LABELS.webhook} ${redactUrl(c.url)}`;
    case 'email':
      return `${CHANNEL_KIND_LABELS.email} ${c.host}:${c.port} → ${c.to.length} 个收件人`;
  }
}
