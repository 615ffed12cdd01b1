/**
 * Renders an early-warning alert into each notification channel's format, in Chinese.
 *
 * Everything that comes from crawled pages (subject, why, factor names…) is HOSTILE: a news title can be
 * `[点我](http://evil)`, `<at user_id="all">`, `@all` or `<script>`. We never rely on a channel's
 * markdown escaping rules (WeCom and DingTalk do not document any). Instead `neutralise()` maps every
 * ASCII character that has a meaning in markdown, HTML or a mention syntax to its full-width form
 * (`[` → `［`, `<` → `＜`, `@` → `＠` …), collapses line breaks so a title cannot start a heading, list
 * or quote, and breaks `http://` so bare URLs are not auto-linked. The only link in a message is the
 * dashboard link we build ourselves.
 *
 * Size limits (bytes are UTF-8):
 *  - 企业微信 markdown.content ≤ 4096 bytes; text.content ≤ 2048 bytes
 *    (群机器人配置说明, https://developer.work.weixin.qq.com/document/path/91770; errcode 40058
 *    "markdown.content exceed max length 4096" when exceeded);
 *  - 钉钉 markdown: no documented hard limit for custom robots; we stay well under the ~20 000
 *    characters commonly reported (https://open.dingtalk.com/document/robots/custom-robot-access);
 *  - 飞书 custom bot request body ≤ 20 KB (自定义机器人使用指南,
 *    https://open.feishu.cn/document/client-docs/bot-v3/add-custom-bot).
 */

export type AlertLevel = 'blue' | 'yellow' | 'orange' | 'red';

export const ALERT_LEVELS: readonly AlertLevel[] = ['blue', 'yellow', 'orange', 'red'];

export interface AlertFactor {
  name: string;
  value: string | number;
}

export interface AlertMessage {
  id: string;
  level: AlertLevel;
  /** e.g. 事故舆情, 负面激增 (product text, still escaped). */
  kindLabel: string;
  /** The subject of the alert, often a crawled title: hostile. */
  subjectLabel: string;
  /** Why the alert fired, with its numbers. */
  why: string;
  factors?: AlertFactor[];
  openedAt: Date;
  escalated: boolean;
  /** A reporting clock, e.g. { label: '首报时限', text: '剩余 25 分钟' }. */
  clock?: { label: string; text: string } | null;
  /** Absolute http(s) URL, or a path resolved against `baseUrl`; null = link to the dashboard root. */
  url: string | null;
  /** Demo data: marked so nobody mistakes it for a real alert. */
  demo?: boolean;
}

export interface RenderOptions {
  /** Public base URL of the dashboard, e.g. https://yq.example.gov.cn. */
  baseUrl?: string | null;
}

export const LEVEL_INFO: Record<
  AlertLevel,
  { word: string; rank: number; rankWord: string; label: string; emoji: string; hex: string }
> = {
  red: { word: '红色', rank: 1, rankWord: '一级', label: '红色预警（一级）', emoji: '🔴', hex: '#D93026' },
  orange: { word: '橙色', rank: 2, rankWord: '二级', label: '橙色预警（二级）', emoji: '🟠', hex: '#E8710A' },
  yellow: { word: '黄色', rank: 3, rankWord: '三级', label: '黄色预警（三级）', emoji: '🟡', hex: '#C99A00' },
  blue: { word: '蓝色', rank: 4, rankWord: '四级', label: '蓝色预警（四级）', emoji: '🔵', hex: '#1A73E8' },
};

/** Per-field caps in characters (before channel-level byte/char budgets). */
export const FIELD_CAPS = {
  kind: 40,
  subject: 150,
  why: 2000,
  factorName: 30,
  factorValue: 60,
  factors: 10,
  clockLabel: 20,
  clockText: 60,
} as const;

export const CHANNEL_LIMITS = {
  wecomMarkdownBytes: 4096,
  wecomTextBytes: 2048,
  dingtalkMarkdownChars: 18_000,
  dingtalkTitleChars: 64,
  feishuBodyBytes: 19_000,
  emailWhyChars: 10_000,
} as const;

// ---------------------------------------------------------------------------------------------
// Escaping

const FULL_WIDTH: Record<string, string> = {
  '\\': '＼',
  '`': '｀',
  '*': '＊',
  _: '＿',
  '~': '～',
  '[': '［',
  ']': '］',
  '(': '（',
  ')': '）',
  '<': '＜',
  '>': '＞',
  '#': '＃',
  '|': '｜',
  '@': '＠',
  '&': '＆',
  '{': '｛',
  '}': '｝',
  '$': '＄',
  '"': '＂',
  "'": '＇',
};
const SPECIALS = /[\\`*_~[\]()<>#|@&{}$"']/g;
// C0/C1 controls (tabs and newlines included: they become spaces), zero-width and bidi controls.
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]+/g;

/** Strips control, zero-width and bidi characters; collapses whitespace to single spaces. */
export function cleanText(s: unknown): string {
  return String(s ?? '')
    .replace(CONTROLS, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Cuts to `max` code points (never half a surrogate pair), adding … when cut. */
export function truncateChars(s: string, max: number): string {
  const cps = Array.from(s);
  if (cps.length <= max) return s;
  if (max <= 0) return '';
  return `${cps.slice(0, Math.max(0, max - 1)).join('')}…`;
}

export const utf8Bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

/** Cuts to at most `maxBytes` UTF-8 bytes on a code-point boundary, adding … when cut. */
export function truncateBytes(s: string, maxBytes: number): string {
  if (utf8Bytes(s) <= maxBytes) return s;
  const budget = maxBytes - utf8Bytes('…');
  let out = '';
  let used = 0;
  for (const cp of s) {
    const b = utf8Bytes(cp);
    if (used + b > budget) break;
    out += cp;
    used += b;
  }
  return budget > 0 ? `${out}…` : '';
}

/** Breaks auto-linking of bare URLs (GFM/DingTalk/mail clients) without hiding the text. */
function breakAutolinks(s: string): string {
  return s.replace(/\b([a-z][a-z0-9+.-]{1,15}):\/\//gi, '$1：//').replace(/\bwww\./gi, 'www。');
}

/**
 * Untrusted text for markdown / IM messages: cleaned, length-capped, every markup/mention character
 * mapped to full width, bare URLs broken. Safe to place anywhere in WeCom/DingTalk markdown, Feishu
 * text or post elements, including inside `**…**`.
 */
export function neutralise(s: unknown, maxChars = 500): string {
  const capped = truncateChars(cleanText(s), maxChars);
  return breakAutolinks(capped.replace(SPECIALS, (c) => FULL_WIDTH[c] ?? c));
}

/** Untrusted text for plain-text bodies (email text part, webhook `text`): cleaned, capped, no autolinks. */
export function plainText(s: unknown, maxChars = 500): string {
  return breakAutolinks(truncateChars(cleanText(s), maxChars));
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

// ---------------------------------------------------------------------------------------------
// Shared pieces

const SHANGHAI_OFFSET_MS = 8 * 3_600_000; // Asia/Shanghai: +08:00 all year, no DST since 1991.

/** "2025-03-01 14:05" in Asia/Shanghai. */
export function formatShanghai(d: Date): string {
  if (Number.isNaN(d.getTime())) return '时间未知';
  return new Date(d.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/**
 * The link to the alert: an absolute http(s) `url`, or `url` resolved against `baseUrl`, or the
 * dashboard root. Anything that is not http(s) is dropped. Parentheses and spaces are percent-encoded
 * so the URL cannot close a markdown link early.
 */
export function alertLink(m: Pick<AlertMessage, 'url'>, opts: RenderOptions = {}): string | null {
  let u: URL | null = null;
  try {
    if (m.url) u = opts.baseUrl ? new URL(m.url, opts.baseUrl) : new URL(m.url);
    else if (opts.baseUrl) u = new URL(opts.baseUrl);
  } catch {
    u = null;
  }
  if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:') || u.username || u.password) return null;
  return u.href.replace(/[()<>"'\s\\`[\]{}|^]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

interface Parts {
  levelLabel: string;
  emoji: string;
  hex: string;
  kind: string;
  subject: string;
  why: string;
  factors: { name: string; value: string }[];
  clock: { label: string; text: string } | null;
  time: string;
  link: string | null;
  escalated: boolean;
  demo: boolean;
}

type Escaper = (s: unknown, max: number) => string;

function parts(m: AlertMessage, opts: RenderOptions, esc: Escaper, whyChars: number, maxFactors: number): Parts {
  const info = LEVEL_INFO[m.level] ?? LEVEL_INFO.blue;
  return {
    levelLabel: info.label,
    emoji: info.emoji,
    hex: info.hex,
    kind: esc(m.kindLabel, FIELD_CAPS.kind),
    subject: esc(m.subjectLabel, FIELD_CAPS.subject),
    why: esc(m.why, whyChars),
    factors: (m.factors ?? []).slice(0, maxFactors).map((f) => ({
      name: esc(f.name, FIELD_CAPS.factorName),
      value: esc(typeof f.value === 'number' && Number.isFinite(f.value) ? formatNumber(f.value) : f.value, FIELD_CAPS.factorValue),
    })),
    clock: m.clock ? { label: esc(m.clock.label, FIELD_CAPS.clockLabel), text: esc(m.clock.text, FIELD_CAPS.clockText) } : null,
    time: formatShanghai(m.openedAt),
    link: alertLink(m, opts),
    escalated: m.escalated,
    demo: m.demo === true,
  };
}

function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100);
}

/**
 * Renders with the longest `why` (in code points) whose output fits `fits`; then with fewer factors;
 * the caller still hard-caps the result as a last resort.
 */
function fitting<T>(render: (whyChars: number, maxFactors: number) => T, fits: (out: T) => boolean, maxWhy: number): T {
  let best = render(maxWhy, FIELD_CAPS.factors);
  if (fits(best)) return best;
  for (const maxFactors of [FIELD_CAPS.factors, 5, 0]) {
    let lo = 0;
    let hi = maxWhy;
    if (!fits(render(0, maxFactors))) continue;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (fits(render(mid, maxFactors))) lo = mid;
      else hi = mid - 1;
    }
    best = render(lo, maxFactors);
    return best;
  }
  return best;
}

/** One-line plain title: 【红色预警（一级）】事故舆情：某某化工厂爆炸 (no markup, for subjects and previews). */
export function renderTitle(m: AlertMessage, maxChars = 120): string {
  const info = LEVEL_INFO[m.level] ?? LEVEL_INFO.blue;
  const demo = m.demo ? '【演示】' : '';
  const up = m.escalated ? '（已升级）' : '';
  return truncateChars(`${demo}【${info.label}${up}】${plainText(m.kindLabel, FIELD_CAPS.kind)}：${plainText(m.subjectLabel, FIELD_CAPS.subject)}`, maxChars);
}

function factorLine(p: Parts): string | null {
  if (p.factors.length === 0) return null;
  return p.factors.map((f) => `${f.name} ${f.value}`).join('；');
}

// ---------------------------------------------------------------------------------------------
// 企业微信 (WeCom) markdown. Supported subset per the official doc: headings, bold, links, inline code,
// quotes and <font color="info|comment|warning">.

const WECOM_COLOR: Record<AlertLevel, string> = { red: 'warning', orange: 'warning', yellow: 'comment', blue: 'info' };

export function renderWecomMarkdown(m: AlertMessage, opts: RenderOptions = {}): string {
  const render = (whyChars: number, maxFactors: number): string => {
    const p = parts(m, opts, neutralise, whyChars, maxFactors);
    const lines = [
      `### ${p.demo ? '【演示】' : ''}${p.emoji} <font color="${WECOM_COLOR[m.level] ?? 'info'}">${p.levelLabel}</font>${p.escalated ? '（已升级）' : ''}`,
      `> 类型：${p.kind}`,
      `> 对象：**${p.subject}**`,
      `> 原因：${p.why}`,
    ];
    const f = factorLine(p);
    if (f) lines.push(`> 指标：${f}`);
    if (p.clock) lines.push(`> ${p.clock.label}：<font color="warning">${p.clock.text}</font>`);
    lines.push(`> 时间：${p.time}（北京时间）`);
    if (p.demo) lines.push('> <font color="comment">演示数据，非真实预警</font>');
    if (p.link) lines.push(`[查看详情](${p.link})`);
    return lines.join('\n');
  };
  const out = fitting(render, (s) => utf8Bytes(s) <= CHANNEL_LIMITS.wecomMarkdownBytes, FIELD_CAPS.why);
  return truncateBytes(out, CHANNEL_LIMITS.wecomMarkdownBytes);
}

/** Short WeCom text used only to carry @mentions (markdown messages cannot mention by mobile). */
export function renderWecomMentionText(m: AlertMessage): string {
  return truncateBytes(`请及时处理：${neutralise(renderTitle(m), 200)}`, CHANNEL_LIMITS.wecomTextBytes);
}

// ---------------------------------------------------------------------------------------------
// 钉钉 (DingTalk) markdown. Lines need a blank line between them to render as separate paragraphs.

export function renderDingtalkMarkdown(
  m: AlertMessage,
  opts: RenderOptions & { atMobiles?: readonly string[] } = {},
): { title: string; text: string } {
  const render = (whyChars: number, maxFactors: number): string => {
    const p = parts(m, opts, neutralise, whyChars, maxFactors);
    const lines = [
      `### ${p.demo ? '【演示】' : ''}${p.emoji} <font color="${p.hex}">${p.levelLabel}</font>${p.escalated ? '（已升级）' : ''}`,
      `> 类型：${p.kind}`,
      `> 对象：**${p.subject}**`,
      `> 原因：${p.why}`,
    ];
    const f = factorLine(p);
    if (f) lines.push(`> 指标：${f}`);
    if (p.clock) lines.push(`> ${p.clock.label}：**${p.clock.text}**`);
    lines.push(`> 时间：${p.time}（北京时间）`);
    if (p.demo) lines.push('> 演示数据，非真实预警');
    if (p.link) lines.push(`[查看详情](${p.link})`);
    // DingTalk only highlights @mentions whose "@mobile" also appears in the text.
    const at = (opts.atMobiles ?? []).filter((x) => /^\+?\d{5,20}$/.test(x));
    if (at.length) lines.push(at.map((x) => `@${x}`).join(' '));
    return lines.join('\n\n');
  };
  const text = fitting(render, (s) => Array.from(s).length <= CHANNEL_LIMITS.dingtalkMarkdownChars, FIELD_CAPS.why);
  return {
    title: neutralise(renderTitle(m), CHANNEL_LIMITS.dingtalkTitleChars),
    text: truncateChars(text, CHANNEL_LIMITS.dingtalkMarkdownChars),
  };
}

// ---------------------------------------------------------------------------------------------
// 飞书 (Feishu/Lark) post (rich text) and text. In `post`, text elements are literal; we still
// neutralise them so a client that parses anything never sees markup.

export type FeishuPostElement =
  | { tag: 'text'; text: string }
  | { tag: 'a'; text: string; href: string }
  | { tag: 'at'; user_id: string };

export interface FeishuPost {
  title: string;
  content: FeishuPostElement[][];
}

export function renderFeishuPost(
  m: AlertMessage,
  opts: RenderOptions & { mentionAll?: boolean; maxBytes?: number } = {},
): FeishuPost {
  const render = (whyChars: number, maxFactors: number): FeishuPost => {
    const p = parts(m, opts, neutralise, whyChars, maxFactors);
    const rows: FeishuPostElement[][] = [
      [{ tag: 'text', text: `级别：${p.emoji} ${p.levelLabel}${p.escalated ? '（已升级）' : ''}` }],
      [{ tag: 'text', text: `类型：${p.kind}` }],
      [{ tag: 'text', text: `对象：${p.subject}` }],
      [{ tag: 'text', text: `原因：${p.why}` }],
    ];
    const f = factorLine(p);
    if (f) rows.push([{ tag: 'text', text: `指标：${f}` }]);
    if (p.clock) rows.push([{ tag: 'text', text: `${p.clock.label}：${p.clock.text}` }]);
    rows.push([{ tag: 'text', text: `时间：${p.time}（北京时间）` }]);
    if (p.demo) rows.push([{ tag: 'text', text: '演示数据，非真实预警' }]);
    if (p.link) rows.push([{ tag: 'a', text: '查看详情', href: p.link }]);
    if (opts.mentionAll) rows.push([{ tag: 'at', user_id: 'all' }]);
    return { title: neutralise(renderTitle(m), 100), content: rows };
  };
  const max = opts.maxBytes ?? CHANNEL_LIMITS.feishuBodyBytes;
  return fitting(render, (post) => utf8Bytes(JSON.stringify(post)) <= max, FIELD_CAPS.why);
}

/** Plain multi-line text (Feishu `text`, email text part, webhook `text`). */
export function renderPlainText(m: AlertMessage, opts: RenderOptions & { whyChars?: number } = {}): string {
  const p = parts(m, opts, plainText, opts.whyChars ?? FIELD_CAPS.why, FIELD_CAPS.factors);
  const lines = [
    renderTitle(m, 400),
    `级别：${p.levelLabel}${p.escalated ? '（已升级）' : ''}`,
    `类型：${p.kind}`,
    `对象：${p.subject}`,
    `原因：${p.why}`,
  ];
  const f = factorLine(p);
  if (f) lines.push(`指标：${f}`);
  if (p.clock) lines.push(`${p.clock.label}：${p.clock.text}`);
  lines.push(`时间：${p.time}（北京时间）`);
  if (p.demo) lines.push('演示数据，非真实预警');
  if (p.link) lines.push(`详情：${p.link}`);
  return lines.join('\n');
}

/** Feishu `text` message: same as plain text but with markup characters neutralised (`<at …>`). */
export function renderFeishuText(m: AlertMessage, opts: RenderOptions & { mentionAll?: boolean } = {}): string {
  const render = (whyChars: number, maxFactors: number): string => {
    const p = parts(m, opts, neutralise, whyChars, maxFactors);
    const lines = [
      neutralise(renderTitle(m), 200),
      `类型：${p.kind}`,
      `对象：${p.subject}`,
      `原因：${p.why}`,
    ];
    const f = factorLine(p);
    if (f) lines.push(`指标：${f}`);
    if (p.clock) lines.push(`${p.clock.label}：${p.clock.text}`);
    lines.push(`时间：${p.time}（北京时间）`);
    if (p.demo) lines.push('演示数据，非真实预警');
    if (p.link) lines.push(`详情：${p.link}`);
    // Our own mention, added after escaping (the only `<at` that can appear).
    if (opts.mentionAll) lines.push('<at user_id="all">所有人</at>');
    return lines.join('\n');
  };
  return fitting(render, (s) => utf8Bytes(JSON.stringify(s)) <= CHANNEL_LIMITS.feishuBodyBytes, FIELD_CAPS.why);
}

// ---------------------------------------------------------------------------------------------
// Email

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export function renderEmail(m: AlertMessage, opts: RenderOptions = {}): RenderedEmail {
  const p = parts(m, opts, plainText, CHANNEL_LIMITS.emailWhyChars, FIELD_CAPS.factors);
  const h = escapeHtml;
  const row = (k: string, v: string): string =>
    `<tr><th align="left" style="padding:4px 12px 4px 0;color:#555;white-space:nowrap">${h(k)}</th><td style="padding:4px 0">${h(v)}</td></tr>`;
  const rows = [row('类型', p.kind), row('对象', p.subject), row('原因', p.why)];
  const f = factorLine(p);
  if (f) rows.push(row('指标', f));
  if (p.clock) rows.push(row(p.clock.label, p.clock.text));
  rows.push(row('时间', `${p.time}（北京时间）`));
  const html = [
    '<!doctype html><html><head><meta charset="utf-8"></head><body style="font-family:sans-serif;font-size:14px">',
    p.demo ? '<p style="color:#888">【演示】演示数据，非真实预警</p>' : '',
    `<h2 style="margin:0 0 12px;color:${h(p.hex)}">${h(p.levelLabel)}${p.escalated ? '（已升级）' : ''}</h2>`,
    `<table cellspacing="0" cellpadding="0">${rows.join('')}</table>`,
    p.link ? `<p><a href="${h(p.link)}">查看详情</a></p>` : '',
    '<p style="color:#888;font-size:12px">本邮件由安全生产舆情监测预警平台自动发送，请勿直接回复。</p>',
    '</body></html>',
  ].join('');
  return {
    // Header injection: cleanText already removed CR/LF; nodemailer encodes the rest.
    subject: renderTitle(m, 150),
    text: `${renderPlainText(m, { ...opts, whyChars: CHANNEL_LIMITS.emailWhyChars })}\n\n本邮件由安全生产舆情监测预警平台自动发送，请勿直接回复。`,
    html,
  };
}

// ---------------------------------------------------------------------------------------------
// Generic webhook payload (the documented format is the WebhookPayload type below).

/**
 * JSON body POSTed to generic webhooks (version 1). Text fields are the alert's own text, cleaned of
 * control characters and length-capped but NOT escaped: receivers must escape them for their own
 * output format. `sentAt` is inside the signed body, so receivers can reject replays.
 */
export interface WebhookPayload {
  version: 1;
  type: 'alert';
  sentAt: string;
  demo: boolean;
  alert: {
    id: string;
    level: AlertLevel;
    levelLabel: string;
    /** 1 = 红色 (most severe) … 4 = 蓝色. */
    levelRank: number;
    kind: string;
    subject: string;
    why: string;
    factors: { name: string; value: string | number }[];
    openedAt: string;
    escalated: boolean;
    clock: { label: string; text: string } | null;
    url: string | null;
  };
  /** The same alert as plain Chinese text, for receivers that just display it. */
  text: string;
}

export function renderWebhookPayload(m: AlertMessage, now: Date, opts: RenderOptions = {}): WebhookPayload {
  const info = LEVEL_INFO[m.level] ?? LEVEL_INFO.blue;
  const t = (s: unknown, max: number): string => truncateChars(cleanText(s), max);
  return {
    version: 1,
    type: 'alert',
    sentAt: now.toISOString(),
    demo: m.demo === true,
    alert: {
      id: t(m.id, 100),
      level: m.level,
      levelLabel: info.label,
      levelRank: info.rank,
      kind: t(m.kindLabel, FIELD_CAPS.kind),
      subject: t(m.subjectLabel, FIELD_CAPS.subject),
      why: t(m.why, CHANNEL_LIMITS.emailWhyChars),
      factors: (m.factors ?? []).slice(0, FIELD_CAPS.factors).map((f) => ({
        name: t(f.name, FIELD_CAPS.factorName),
        value: typeof f.value === 'number' && Number.isFinite(f.value) ? f.value : t(f.value, FIELD_CAPS.factorValue),
      })),
      openedAt: Number.isNaN(m.openedAt.getTime()) ? '' : m.openedAt.toISOString(),
      escalated: m.escalated,
      clock: m.clock ? { label: t(m.clock.label, FIELD_CAPS.clockLabel), text: t(m.clock.text, FIELD_CAPS.clockText) } : null,
      url: alertLink(m, opts),
    },
    text: renderPlainText(m, opts),
  };
}
