/**
 * Delivers one alert to one channel. DB-free: the delivery loop (lib/db side) stores the result and
 * asks routing.ts `nextAttempt()` when to try again.
 *
 * Result contract:
 *  - `{ ok: true, detail }`: the platform accepted the message;
 *  - `{ ok: false, retryable, error }`: `error` is Chinese, short, and never contains the webhook
 *    key/token, a signing secret or an SMTP password (every string is passed through scrubSecrets).
 *    retryable = network errors, timeouts, HTTP 408/429/5xx, platform rate limits and "system busy";
 *    everything else (4xx, bad key, signature rejected, invalid content, redirects) is permanent.
 *
 * Signing algorithms (checked against the platform docs, 2025):
 *  - 钉钉 加签 (https://open.dingtalk.com/document/robots/customize-robot-security-settings):
 *    timestamp = epoch milliseconds; stringToSign = `${timestamp}\n${secret}`;
 *    sign = urlEncode(base64(HmacSHA256(key = secret, message = stringToSign))); both go in the query
 *    string (`&timestamp=…&sign=…`). The timestamp must be within 1 hour of DingTalk's clock.
 *  - 飞书 签名校验 (https://open.feishu.cn/document/client-docs/bot-v3/add-custom-bot):
 *    timestamp = epoch SECONDS as a string; the HMAC-SHA256 KEY is `${timestamp}\n${secret}` and the
 *    MESSAGE is empty; sign = base64(digest). `timestamp` and `sign` are top-level body fields.
 *    (Note the asymmetry with DingTalk: a common source of 19021 "sign match fail".)
 *  - 企业微信 群机器人: no signing; the `key` query parameter is the credential.
 *  - generic webhook: `X-Signature-256: sha256=<hex HMAC-SHA256(secret, raw body)>` (GitHub style)
 *    and `X-Timestamp: <epoch seconds>`; the body carries `sentAt` too, so it is covered by the MAC.
 */
import { createHmac } from 'node:crypto';
import nodemailer from 'nodemailer';
import { assertUrlAllowed } from '@/lib/fetch/ssrf-guard';
import { log } from '@/lib/log';
import {
  CHANNEL_KIND_LABELS,
  channelConfigSchema,
  channelSecrets,
  redactUrl,
  scrubSecrets,
} from './channels';
import type {
  ChannelConfig,
  DingtalkChannel,
  EmailChannel,
  FeishuChannel,
  WebhookChannel,
  WecomChannel,
} from './channels';
import { PostError, postJson } from './http';
import type { PostResult } from './http';
import {
  renderDingtalkMarkdown,
  renderEmail,
  renderFeishuPost,
  renderFeishuText,
  renderWebhookPayload,
  renderWecomMarkdown,
  renderWecomMentionText,
} from './message';
import type { AlertMessage, RenderOptions } from './message';

export type SendResult = { ok: true; detail: string } | { ok: false; retryable: boolean; error: string };

export interface SendOptions {
  /** Used for signatures and `sentAt`; pass the real clock in production. */
  now: Date;
  /** One deadline for the whole request (HTTP) or SMTP session. */
  timeoutMs: number;
  /** Injected fetch (tests/proxies). Default: node:http(s) with the connect-time SSRF guard. */
  fetch?: typeof fetch;
  /** Tests / on-premise receivers: any http(s) URL, private addresses, any SMTP port. */
  allowPrivate?: boolean;
  /** Public dashboard base URL for the "查看详情" link (AlertMessage.url may be a path). */
  baseUrl?: string | null;
  /** Response body cap in bytes (default 64 KiB). */
  maxResponseBytes?: number;
}

const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024;

// ---------------------------------------------------------------------------------------------
// Signatures (exported so the algorithm is documented in one place; tests recompute independently)

export function dingtalkSign(secret: string, timestampMs: number): string {
  const b64 = createHmac('sha256', secret).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64');
  return encodeURIComponent(b64);
}

export function feishuSign(secret: string, timestampSec: number): string {
  return createHmac('sha256', `${timestampSec}\n${secret}`).update('').digest('base64');
}

export function webhookSignature(secret: string, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody, 'utf8').digest('hex')}`;
}

// ---------------------------------------------------------------------------------------------
// Error codes of the platforms

/** 企业微信 global error codes (https://developer.work.weixin.qq.com/document/path/90313). */
const WECOM_RETRYABLE = new Set([-1, 45009, 45033]);
const WECOM_MESSAGES: Record<number, string> = {
  [-1]: '系统繁忙',
  45009: '接口调用超过频率限制（每个机器人 20 条/分钟）',
  45033: '接口并发调用超过限制',
  93000: 'webhook 地址无效（key 错误或机器人已被移除）',
  93004: '机器人已被停用',
  40058: '消息参数不合法（可能超长）',
  40008: '消息类型不合法',
  44004: '消息内容为空',
};

/** 钉钉 custom robot errcodes (自定义机器人发送群消息 / 常见错误码). */
const DINGTALK_RETRYABLE = new Set([-1, 130101, 410100]);
const DINGTALK_MESSAGES: Record<number, string> = {
  [-1]: '系统繁忙',
  130101: '发送太快，超过频率限制（每个机器人 20 条/分钟）',
  410100: '发送太快，已被限流',
  310000: '安全设置校验失败（签名不匹配、时间戳超出 1 小时、关键词或 IP 白名单不符）',
  300001: '机器人 access_token 不存在',
  300005: '机器人 access_token 不存在',
  400013: '群已被解散',
  400101: '机器人已被停用',
  430101: '消息内容不合法',
};

/** 飞书 custom bot codes (自定义机器人使用指南 常见问题). */
const FEISHU_RETRYABLE = new Set([11232]);
const FEISHU_MESSAGES: Record<number, string> = {
  11232: '发送频率超过限制（100 次/分钟，5 次/秒）',
  19021: '签名校验失败（签名不匹配或时间戳超出 1 小时）',
  19022: '请求 IP 不在机器人白名单内',
  19024: '消息不包含机器人设置的关键词',
  19001: '请求参数无效',
  9499: '请求格式错误（Bad Request）',
};

// ---------------------------------------------------------------------------------------------

interface Ctx {
  opts: SendOptions;
  secrets: string[];
  render: RenderOptions;
  label: string;
}

const ok = (detail: string): SendResult => ({ ok: true, detail });
const fail = (retryable: boolean, error: string): SendResult => ({ ok: false, retryable, error });

/** Remote text we echo into errors: cleaned, short. Secrets are scrubbed at the very end. */
function remoteText(s: unknown): string {
  return String(s ?? '')
        .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .trim()
    .slice(0, 120);
}

function postErrorResult(e: unknown, label: string): SendResult {
  if (e instanceof PostError) {
    switch (e.kind) {
      case 'timeout':
        return fail(true, `${label}请求超时`);
      case 'blocked':
        return fail(false, `${label}地址解析到内网或保留地址，已拒绝（防 SSRF）`);
      case 'tls':
        return fail(false, `${label} TLS/证书错误${e.code ? `（${e.code}）` : ''}`);
      case 'network':
        return fail(true, `${label}网络错误${e.code ? `（${e.code}）` : ''}`);
    }
  }
  return fail(true, `${label}发送失败（未知错误）`);
}

/** HTTP status classification shared by all HTTP channels. Returns null for 2xx. */
function httpStatusResult(status: number, label: string, platformDetail = ''): SendResult | null {
  if (status >= 200 && status < 300) return null;
  const extra = platformDetail ? `：${platformDetail}` : '';
  if (status >= 300 && status < 400) return fail(false, `${label}返回重定向（HTTP ${status}），为防止泄露密钥不跟随`);
  if (status === 429) return fail(true, `${label}请求过于频繁（HTTP 429）${extra}`);
  if (status === 408) return fail(true, `${label}请求超时（HTTP 408）${extra}`);
  if (status >= 500) return fail(true, `${label}服务器错误（HTTP ${status}）${extra}`);
  if (status === 401 || status === 403) return fail(false, `${label}拒绝访问（HTTP ${status}），请检查地址和密钥${extra}`);
  if (status === 404) return fail(false, `${label}地址不存在（HTTP 404），请检查地址${extra}`);
  return fail(false, `${label}请求被拒绝（HTTP ${status}）${extra}`);
}

function parseJson(body: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(body);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Robots answering `{ errcode, errmsg }` (WeCom, DingTalk). */
function errcodeResult(
  res: PostResult,
  label: string,
  retryable: ReadonlySet<number>,
  messages: Record<number, string>,
  codeField: string[],
  msgField: string[],
): SendResult {
  const json = parseJson(res.body);
  const code = json ? codeField.map((f) => json[f]).find((v) => typeof v === 'number') : undefined;
  const msg = json ? remoteText(msgField.map((f) => json[f]).find((v) => typeof v === 'string')) : '';
  const known = typeof code === 'number' ? messages[code] : undefined;
  const detail = typeof code === 'number' ? `${code} ${known ?? msg}`.trim() : '';
  const byStatus = httpStatusResult(res.status, label, detail);
  if (byStatus) {
    // A platform rate-limit code in a non-2xx body is still a rate limit.
    if (typeof code === 'number' && retryable.has(code)) return fail(true, `${label}返回错误 ${detail}`);
    return byStatus;
  }
  if (!json) return fail(true, `${label}响应无法解析（HTTP ${res.status}${res.truncated ? '，响应过大' : ''}）`);
  if (code === 0) return ok(`${label}已接收（HTTP ${res.status}，返回码 0）`);
  if (typeof code !== 'number') return fail(true, `${label}响应缺少返回码（HTTP ${res.status}）`);
  const text = `${label}返回错误 ${code}：${known ?? (msg || '未知错误')}`;
  return fail(retryable.has(code), text);
}

// ---------------------------------------------------------------------------------------------
// Channels

async function post(ctx: Ctx, url: URL, body: unknown, headers: Record<string, string> = {}): Promise<PostResult> {
  return postJson(url, typeof body === 'string' ? body : JSON.stringify(body), headers, {
    timeoutMs: ctx.opts.timeoutMs,
    maxBytes: ctx.opts.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    allowPrivate: ctx.opts.allowPrivate === true,
    fetch: ctx.opts.fetch,
  });
}

async function sendWecom(c: WecomChannel, m: AlertMessage, ctx: Ctx): Promise<SendResult> {
  const url = new URL(c.webhookUrl);
  const body = { msgtype: 'markdown', markdown: { content: renderWecomMarkdown(m, ctx.render) } };
  let res: PostResult;
  try {
    res = await post(ctx, url, body);
  } catch (e) {
    return postErrorResult(e, ctx.label);
  }
  const result = errcodeResult(res, ctx.label, WECOM_RETRYABLE, WECOM_MESSAGES, ['errcode'], ['errmsg']);
  const mobiles = [...(c.mentionedMobiles ?? []), ...(c.mentionAll ? ['@all'] : [])];
  if (!result.ok || mobiles.length === 0) return result;
  // WeCom markdown cannot @ by mobile (only `text` has mentioned_mobile_list), so the mention goes in a
  // short follow-up text. Its failure does not fail the delivery: retrying would duplicate the alert.
  const mention = {
    msgtype: 'text',
    text: { content: renderWecomMentionText(m), mentioned_mobile_list: mobiles },
  };
  try {
    const r2 = errcodeResult(await post(ctx, url, mention), ctx.label, WECOM_RETRYABLE, WECOM_MESSAGES, ['errcode'], ['errmsg']);
    return r2.ok ? ok(`${result.detail}；@提醒已发送`) : ok(`${result.detail}；@提醒发送失败：${r2.error}`);
  } catch (e) {
    const r2 = postErrorResult(e, ctx.label);
    return ok(`${result.detail}；@提醒发送失败：${r2.ok ? '' : r2.error}`);
  }
}

async function sendDingtalk(c: DingtalkChannel, m: AlertMessage, ctx: Ctx): Promise<SendResult> {
  const ts = ctx.opts.now.getTime();
  const url = new URL(c.webhookUrl);
  url.searchParams.delete('timestamp');
  url.searchParams.delete('sign');
  // dingtalkSign() is already URL-encoded; append by hand so it is not encoded twice.
  const signed = new URL(`${url.href}${url.search ? '&' : '?'}timestamp=${ts}&sign=${dingtalkSign(c.secret, ts)}`);
  const md = renderDingtalkMarkdown(m, { ...ctx.render, atMobiles: c.atMobiles });
  const body = {
    msgtype: 'markdown',
    markdown: { title: md.title, text: md.text },
    at: { atMobiles: c.atMobiles ?? [], isAtAll: c.atAll === true },
  };
  try {
    const res = await post(ctx, signed, body);
    return errcodeResult(res, ctx.label, DINGTALK_RETRYABLE, DINGTALK_MESSAGES, ['errcode'], ['errmsg']);
  } catch (e) {
    return postErrorResult(e, ctx.label);
  }
}

async function sendFeishu(c: FeishuChannel, m: AlertMessage, ctx: Ctx): Promise<SendResult> {
  const ts = Math.floor(ctx.opts.now.getTime() / 1000);
  const signature = { timestamp: String(ts), sign: feishuSign(c.secret, ts) };
  const body =
    c.msgType === 'text'
      ? { ...signature, msg_type: 'text', content: { text: renderFeishuText(m, { ...ctx.render, mentionAll: c.mentionAll }) } }
      : {
          ...signature,
          msg_type: 'post',
          content: { post: { zh_cn: renderFeishuPost(m, { ...ctx.render, mentionAll: c.mentionAll }) } },
        };
  try {
    const res = await post(ctx, new URL(c.webhookUrl), body);
    // New API: { code, msg, data }; old API: { StatusCode, StatusMessage, Extra }.
    return errcodeResult(res, ctx.label, FEISHU_RETRYABLE, FEISHU_MESSAGES, ['code', 'StatusCode'], ['msg', 'StatusMessage']);
  } catch (e) {
    return postErrorResult(e, ctx.label);
  }
}

async function sendWebhook(c: WebhookChannel, m: AlertMessage, ctx: Ctx): Promise<SendResult> {
  let url: URL;
  try {
    url = ctx.opts.allowPrivate ? new URL(c.url) : assertUrlAllowed(c.url, { allowPorts: [443, 8443] });
  } catch {
    return fail(false, `${ctx.label}地址不允许（内网、保留地址或非标准端口）`);
  }
  const raw = JSON.stringify(renderWebhookPayload(m, ctx.opts.now, ctx.render));
  const headers: Record<string, string> = { 'x-timestamp': String(Math.floor(ctx.opts.now.getTime() / 1000)) };
  if (c.secret) headers['x-signature-256'] = webhookSignature(c.secret, raw);
  try {
    const res = await post(ctx, url, raw, headers);
    return httpStatusResult(res.status, ctx.label) ?? ok(`${ctx.label}已接收（HTTP ${res.status}）`);
  } catch (e) {
    return postErrorResult(e, ctx.label);
  }
}

interface SmtpError {
  code?: string;
  responseCode?: number;
  response?: string;
}

function smtpErrorResult(e: unknown, label: string): SendResult {
  const err = (e && typeof e === 'object' ? e : {}) as SmtpError;
  const rc = typeof err.responseCode === 'number' ? err.responseCode : undefined;
  const server = err.response ? `：${remoteText(err.response)}` : '';
  const temporary = rc !== undefined && rc >= 400 && rc < 500;
  switch (err.code) {
    case 'EAUTH':
      return fail(temporary, `${label}登录被拒绝，请检查用户名和密码${server}`);
    case 'ETIMEDOUT':
      return fail(true, `${label}连接或响应超时`);
    case 'ECONNECTION':
    case 'ESOCKET':
    case 'EDNS':
      return fail(true, `${label}无法连接邮件服务器（${err.code}）`);
    case 'ETLS':
      return fail(false, `${label} TLS 握手失败，请检查加密方式和证书`);
    case 'EENVELOPE':
      return fail(temporary, `${label}收件人或发件人被拒绝${server}`);
    default:
      if (rc !== undefined && rc >= 500) return fail(false, `${label}邮件被服务器拒绝（${rc}）${server}`);
      return fail(true, `${label}发送失败${rc ? `（${rc}）` : err.code ? `（${err.code}）` : ''}${server}`);
  }
}

export interface SmtpMail {
  fromName: string;
  to: string | string[];
  subject: string;
  text: string;
  html?: string;
  attachments?: { filename: string; content: Buffer; contentType: string }[];
}

export type SmtpOutcome = { ok: true; accepted: number; rejected: number } | { ok: false; retryable: boolean; error: string };

/**
 * One SMTP session sending one message through an email channel, under one deadline for the whole
 * session; failures come back in Chinese, classified retryable or not (alerts and digests alike).
 */
export async function sendSmtp(c: EmailChannel, mail: SmtpMail, timeoutMs: number, label: string): Promise<SmtpOutcome> {
  const transport = nodemailer.createTransport({
    host: c.host,
    port: c.port,
    secure: c.tls === 'implicit',
    requireTLS: c.tls === 'starttls',
    auth: c.auth ? { user: c.auth.user, pass: c.auth.pass } : undefined,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    dnsTimeout: timeoutMs,
    disableFileAccess: true,
    disableUrlAccess: true,
    tls: { minVersion: 'TLSv1.2' },
  });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('deadline'), { code: 'ETIMEDOUT' })), timeoutMs);
  });
  try {
    const info = await Promise.race([
      transport.sendMail({
        from: { name: mail.fromName, address: c.from },
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        ...(mail.html ? { html: mail.html } : {}),
        ...(mail.attachments ? { attachments: mail.attachments } : {}),
        // RFC 3834: no vacation auto-replies to machine mail.
        headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
      }),
      deadline,
    ]);
    return {
      ok: true,
      accepted: Array.isArray(info.accepted) ? info.accepted.length : 0,
      rejected: Array.isArray(info.rejected) ? info.rejected.length : 0,
    };
  } catch (e) {
    const r = smtpErrorResult(e, label);
    return r.ok ? { ok: false, retryable: true, error: `${label}发送失败` } : r;
  } finally {
    clearTimeout(timer);
    transport.close();
  }
}

async function sendEmail(c: EmailChannel, m: AlertMessage, ctx: Ctx): Promise<SendResult> {
  const mail = renderEmail(m, ctx.render);
  const r = await sendSmtp(c, { fromName: '安全生产舆情预警', to: c.to, subject: mail.subject, text: mail.text, html: mail.html }, ctx.opts.timeoutMs, ctx.label);
  if (!r.ok) return r;
  return ok(`${ctx.label}已投递给 ${r.accepted} 个收件人${r.rejected ? `，${r.rejected} 个被拒收` : ''}`);
}

// ---------------------------------------------------------------------------------------------

/** Validates the channel (in the mode given by allowPrivate), renders the alert, sends it once. */
export async function sendNotification(channel: ChannelConfig, message: AlertMessage, opts: SendOptions): Promise<SendResult> {
  const parsed = channelConfigSchema({ allowPrivate: opts.allowPrivate === true }).safeParse(channel);
  const label = CHANNEL_KIND_LABELS[(channel as { kind?: keyof typeof CHANNEL_KIND_LABELS })?.kind ?? 'webhook'] ?? '通知通道';
  if (!parsed.success) {
    // Issue messages are our own Chinese texts (never the input value); fields by path only.
    const first = parsed.error.issues[0];
    const where = first?.path.length ? `（${first.path.join('.')}）` : '';
    const secrets = channelSecretsSafe(channel);
    return fail(false, scrubSecrets(`${label}配置无效${where}：${first?.message ?? '格式错误'}`, secrets));
  }
  const c = parsed.data;
  const ctx: Ctx = { opts, secrets: channelSecrets(c), render: { baseUrl: opts.baseUrl ?? null }, label };
  let result: SendResult;
  try {
    switch (c.kind) {
      case 'wecom':
        result = await sendWecom(c, message, ctx);
        break;
      case 'dingtalk':
        result = await sendDingtalk(c, message, ctx);
        break;
      case 'feishu':
        result = await sendFeishu(c, message, ctx);
        break;
      case 'webhook':
        result = await sendWebhook(c, message, ctx);
        break;
      case 'email':
        result = await sendEmail(c, message, ctx);
        break;
    }
  } catch {
    result = fail(true, `${label}发送失败（内部错误）`);
  }
  if (result.ok) return { ok: true, detail: scrubSecrets(result.detail, ctx.secrets) };
  const error = scrubSecrets(result.error, ctx.secrets);
  log.warn('notification failed', { channelKind: c.kind, target: targetForLog(c), alertId: message.id, retryable: result.retryable, error });
  return { ok: false, retryable: result.retryable, error };
}

function targetForLog(c: ChannelConfig): string {
  switch (c.kind) {
    case 'wecom':
    case 'dingtalk':
    case 'feishu':
      return redactUrl(c.webhookUrl);
    case 'webhook':
      return redactUrl(c.url);
    case 'email':
      return `${c.host}:${c.port}`;
  }
}

function channelSecretsSafe(c: unknown): string[] {
  try {
    return channelSecrets(c as ChannelConfig);
  } catch {
    return [];
  }
}
