/**
 * Crawl error codes (lib/errors.ts) in words a press officer understands: what happened, and what
 * to do about it. The raw message stays available beside it for whoever maintains the source.
 */
import { CRAWL_ERROR_MESSAGES } from '@/lib/errors';
import type { CrawlErrorCode } from '@/lib/errors';

export interface ErrorHelp {
  /** What happened, in one plain sentence. */
  what: string;
  /** What to do next. */
  todo: string;
}

const ASK_ADMIN = '请联系系统管理员处理。';

export const CRAWL_ERROR_HELP = {
  invalid_url: { what: '信源地址写得不对，系统无法识别。', todo: '请打开编辑页，检查地址是否完整（以 http:// 或 https:// 开头）。' },
  scheme_not_allowed: { what: '信源地址不是网页地址（只支持 http 和 https）。', todo: '请改成以 http:// 或 https:// 开头的网址。' },
  port_not_allowed: {
    what: '信源地址使用了不常见的端口，出于安全考虑被拒绝。',
    todo: '请确认地址是否正确；确需使用该端口的，请系统管理员在 CRAWLER_ALLOW_PORTS 中放行。',
  },
  private_address: {
    what: '信源地址指向单位内网或本机，出于安全考虑不允许抓取。',
    todo: '如确需抓取内网网站，请系统管理员把该地址加入 CRAWLER_ALLOW_PRIVATE 白名单。',
  },
  dns_error: {
    what: '找不到这个网站（域名解析失败）：网址可能写错，或本机暂时无法上网。',
    todo: '请核对网址；如果很多信源同时出现此问题，多半是服务器出口网络故障，' + ASK_ADMIN,
  },
  connect_error: { what: '连不上对方网站：对方服务器可能宕机或拒绝连接。', todo: '系统会自动重试；持续一天以上请在浏览器里打开网址确认网站是否还在。' },
  connect_timeout: { what: '连接对方网站超时：对方可能很慢，或网络不通。', todo: '系统会自动重试；很多信源同时超时，多半是出口网络故障，' + ASK_ADMIN },
  timeout: { what: '对方网站响应太慢，在时限内没有传完内容。', todo: '系统会自动重试；一直如此可把抓取间隔调长，或联系对方网站。' },
  tls_error: {
    what: '对方网站的安全证书有问题（过期、不受信任或与域名不符），为安全起见没有读取。',
    todo: '请在浏览器中打开网址查看证书提示；证书问题需对方网站修复。',
  },
  too_large: { what: '对方返回的内容过大，超过系统允许的上限，已停止读取。', todo: '请确认地址是列表页或订阅源，而不是大文件或整站页面。' },
  too_many_redirects: { what: '对方网站不停跳转（跳转次数过多或循环跳转）。', todo: '请在浏览器中打开网址，把最终停留的地址填为信源地址。' },
  insecure_redirect: {
    what: '对方网站把加密的 https 地址跳转到了不加密的 http 地址，为安全起见已拒绝。',
    todo: '如确认该网站只提供 http，请把信源地址直接改为 http:// 开头。',
  },
  http_not_found: { what: '页面不存在（404）：对方网站可能改版或删除了这个栏目。', todo: '请到对方网站找到栏目的新地址，在编辑页更新。' },
  http_forbidden: { what: '对方网站拒绝访问（401/403）：可能需要登录，或屏蔽了抓取。', todo: '请在浏览器中确认能否直接打开；不能公开访问的栏目无法抓取。' },
  http_too_many_requests: { what: '对方网站提示访问太频繁，系统已按对方要求暂停一段时间。', todo: '无需处理，系统会在对方允许的时间后继续；经常出现可把抓取间隔调长。' },
  http_server_error: { what: '对方网站服务器出错（5xx），是对方的问题。', todo: '系统会自动重试，通常会自行恢复。' },
  http_error: { what: '对方网站返回了错误的响应。', todo: '请查看下方原始信息；持续出现请在浏览器中打开网址确认。' },
  unexpected_not_modified: { what: '对方网站第一次访问就回答“内容没有变化”，这不正常。', todo: '系统会再次尝试；持续出现请联系系统管理员。' },
  empty_response: { what: '对方网站返回了空白内容。', todo: '系统会自动重试；持续出现请在浏览器中打开网址确认栏目是否还有内容。' },
  truncated: { what: '内容没有传完就断开了（网络不稳定或对方服务器中断）。', todo: '系统会自动重试，通常会自行恢复。' },
  robots_disallowed: {
    what: '对方网站的 robots.txt 规定不允许抓取这个页面，系统遵守该规定没有抓取。',
    todo: '如有合法授权需要抓取，请联系对方网站或系统管理员。',
  },
  charset_mismatch: { what: '对方网页声明的文字编码与实际不符，系统已自动按实际编码读取。', todo: '一般无需处理；如标题出现乱码，请在编辑页指定字符集（如 gbk）。' },
  parse_error: { what: '返回的内容格式损坏，无法读取。', todo: '系统会自动重试；持续出现请用“测试/预览”查看，并联系对方网站。' },
  not_a_feed: {
    what: '这个地址返回的是普通网页或错误页，不是 RSS 订阅源。',
    todo: '请确认订阅源地址；如果是栏目列表网页，请把类型改为“HTML 列表页”并填写选择器。',
  },
  blocked_by_waf: {
    what: '被对方网站的防火墙或验证码页面拦截，没能读到内容。',
    todo: '请把抓取间隔调长；持续被拦截时需与对方网站协调放行。',
  },
  empty_source: {
    what: '这个信源平时有内容，这次却一条也没读到，可能是栏目改版。',
    todo: '请用“测试/预览”检查；如果页面结构变了，需要更新选择器。',
  },
  selector_error: {
    what: '页面结构与设置的选择器对不上，没有找到任何条目，可能是网站改版。',
    todo: '请在编辑页用“测试/预览”调整列表条目选择器，直到能读出条目。',
  },
  invalid_source_config: { what: '这个信源的设置不完整或有误，无法抓取。', todo: '请打开编辑页检查各项设置后重新保存。' },
  worker_crashed: {
    what: '抓取这个信源时抓取进程多次意外中断（可能内容超大或异常），已暂停并延后重试。',
    todo: '请用“测试/预览”查看该地址的内容；持续出现请联系系统管理员。',
  },
  db_busy: { what: '数据库正忙，这次抓取已重新排队。', todo: '无需处理，系统会很快再次抓取。' },
  storage_full: { what: '服务器存储空间已满，新信息无法保存。', todo: '请立即联系系统管理员清理或扩容磁盘。' },
  internal_error: { what: '系统内部出错，这次抓取没有完成。', todo: '系统会自动重试；持续出现请把下方原始信息发给系统管理员。' },
} as const satisfies Record<CrawlErrorCode, ErrorHelp>;

/** Help for a stored error code; unknown codes (from a newer crawler) fall back to the raw message. */
export function crawlErrorHelp(code: string | null | undefined): ErrorHelp | null {
  if (!code) return null;
  if (code in CRAWL_ERROR_HELP) return CRAWL_ERROR_HELP[code as CrawlErrorCode];
  return { what: '抓取失败。', todo: '请查看下方原始信息；持续出现请联系系统管理员。' };
}

/** The crawler's own short label for a code (lib/errors.ts), for compact tables. */
export function crawlErrorLabel(code: string | null | undefined): string | null {
  if (!code) return null;
  return code in CRAWL_ERROR_MESSAGES ? CRAWL_ERROR_MESSAGES[code as CrawlErrorCode] : code;
}
