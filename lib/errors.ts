/**
 * Typed crawl errors. Every failure a source can have maps to one stable code
 * (stored on the source row, counted in health) and one Chinese message for the UI.
 */

export const CRAWL_ERROR_MESSAGES = {
  invalid_url: '地址格式无效',
  scheme_not_allowed: '仅允许 http/https 协议',
  port_not_allowed: '端口不在允许范围内（80、443、8080、8443）',
  private_address: '内网地址不允许（如需抓取内网信源，请由管理员加入白名单）',
  dns_error: '域名解析失败',
  connect_error: '无法连接到服务器',
  connect_timeout: '连接超时',
  timeout: '请求超时',
  tls_error: 'TLS/证书错误',
  too_large: '响应体超过大小上限',
  too_many_redirects: '重定向次数过多或出现循环',
  insecure_redirect: '重定向从 https 降级到 http，已拒绝',
  http_not_found: '页面不存在（404）',
  http_forbidden: '访问被拒绝（401/403）',
  http_too_many_requests: '请求过于频繁（429），已按对方要求延后',
  http_server_error: '对方服务器错误（5xx）',
  http_error: 'HTTP 错误',
  unexpected_not_modified: '首次请求即返回 304，视为异常',
  empty_response: '响应为空',
  truncated: '响应被截断（实际长度小于 Content-Length）',
  robots_disallowed: 'robots.txt 禁止抓取该页面',
  charset_mismatch: '声明的字符集与内容不符，已按实际编码解码',
  parse_error: '内容格式错误，无法解析',
  not_a_feed: '返回的不是 RSS/Atom 订阅源（可能是普通网页或错误页）',
  blocked_by_waf: '被防火墙/验证页拦截（WAF、验证码或 JS 挑战）',
  empty_source: '信源没有返回任何条目（平时有内容，视为异常）',
  selector_error: '页面选择器未匹配到任何条目，请检查信源配置',
  invalid_source_config: '信源配置无效，请检查并重新保存',
  worker_crashed: '抓取进程多次在处理该信源时中断（可能是超大或恶意内容），已按退避策略延后重试',
  db_busy: '数据库繁忙，本次抓取已重新排队',
  storage_full: '存储空间已满',
  internal_error: '内部错误',
} as const;

export type CrawlErrorCode = keyof typeof CRAWL_ERROR_MESSAGES;

/** Codes that mean "the network path is down", not "this source is broken" (egress-outage detector). */
export const NETWORK_ERROR_CODES: ReadonlySet<CrawlErrorCode> = new Set<CrawlErrorCode>([
  'dns_error',
  'connect_error',
  'connect_timeout',
]);

export class CrawlError extends Error {
  readonly code: CrawlErrorCode;
  readonly messageZh: string;
  /** For 429/503: how long the server asked us to wait. */
  readonly retryAfterMs?: number;
  readonly httpStatus?: number;

  constructor(
    code: CrawlErrorCode,
    detail?: string,
    extra: { retryAfterMs?: number; httpStatus?: number; cause?: unknown } = {},
  ) {
    const zh = CRAWL_ERROR_MESSAGES[code];
    super(detail ? `${code}: ${detail}` : code, extra.cause ? { cause: extra.cause } : undefined);
    this.name = 'CrawlError';
    this.code = code;
    this.messageZh = detail ? `${zh}：${detail}` : zh;
    this.retryAfterMs = extra.retryAfterMs;
    this.httpStatus = extra.httpStatus;
  }
}

export function isCrawlError(e: unknown): e is CrawlError {
  return e instanceof CrawlError;
}

/** Wraps anything thrown into a CrawlError so callers store one shape. */
export function toCrawlError(e: unknown): CrawlError {
  if (isCrawlError(e)) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new CrawlError('internal_error', message.slice(0, 300), { cause: e });
}
