/**
 * What did the server actually send to our feed URL? A WAF challenge or a parked-domain page must
 * become a clear source error, never "0 items" (TESTPLAN B38).
 */
import { load } from 'cheerio/slim';
import type { CrawlErrorCode } from '@/lib/errors';
import { collapseWhitespace } from '@/lib/parse/html-text';

export type SniffResult =
  | { type: 'empty' }
  | { type: 'json'; start: number }
  | { type: 'feed'; format: 'rss' | 'atom' | 'rdf'; rootName: string; start: number }
  | { type: 'html' }
  | { type: 'xml'; rootName: string }
  | { type: 'text' };

/** Machine-readable reason carried in the CrawlError detail, so tests and the UI can tell them apart. */
export type NonFeedReason =
  | 'js_challenge'
  | 'captcha'
  | 'waf_block'
  | 'domain_for_sale'
  | 'account_suspended'
  | 'maintenance'
  | 'moved'
  | 'html_page'
  | 'xml_not_feed'
  | 'json_not_feed'
  | 'plain_text';

export interface NonFeedVerdict {
  code: Extract<CrawlErrorCode, 'blocked_by_waf' | 'not_a_feed'>;
  reason: NonFeedReason;
  /** Short Chinese explanation appended to the error message. */
  detailZh: string;
}

const HTML_TAGS = new Set([
  'html', 'head', 'body', 'title', 'meta', 'link', 'script', 'style', 'div', 'p', 'br', 'center', 'a', 'span',
  'table', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'iframe', 'noscript', 'form', 'img', 'ul', 'section', 'header',
  'nav', 'main', 'article', 'b', 'i', 'pre', 'font', 'frameset',
]);
const SCAN_FOR_ROOT = 64 * 1024;

/**
 * Skips the prolog (BOM, whitespace, XML declaration, PIs, comments, DOCTYPE) and names the root.
 * Leading junk such as PHP warnings before `<?xml` is tolerated when a feed root follows it.
 */
export function sniffDocument(text: string): SniffResult {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let htmlDoctype = false;
  for (;;) {
    while (i < text.length && /\s/.test(text[i] ?? '')) i++;
    if (i >= text.length) return { type: 'empty' };
    if (text.startsWith('<?', i)) {
      const end = text.indexOf('?>', i + 2);
      if (end === -1) return { type: 'empty' };
      i = end + 2;
    } else if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4);
      if (end === -1) return { type: 'empty' };
      i = end + 3;
    } else if (/^<!doctype/i.test(text.slice(i, i + 9))) {
      if (/^<!doctype\s+html/i.test(text.slice(i, i + 20))) htmlDoctype = true;
      const m = /^<!doctype[^[>]*(?:\[[\s\S]*?\]\s*)?>/i.exec(text.slice(i));
      i += m ? m[0].length : 9;
    } else break;
  }
  const c = text[i];
  if (c === '{' || c === '[') return { type: 'json', start: i };
  if (c !== '<') {
    const window = text.slice(i, i + SCAN_FOR_ROOT);
    const root = /<(?:\?xml\s|rss[\s>]|feed[\s>]|rdf:RDF[\s>])/.exec(window);
    if (root) return sniffDocument(text.slice(i + root.index));
    if (/<(?:html|body|head|div|p|script)[\s>]/i.test(window)) return { type: 'html' };
    return { type: 'text' };
  }
  const name = /^<([A-Za-z_][\w:.-]*)/.exec(text.slice(i, i + 200))?.[1] ?? '';
  const lower = name.toLowerCase();
  const local = lower.includes(':') ? lower.slice(lower.indexOf(':') + 1) : lower;
  if (lower === 'rss') return { type: 'feed', format: 'rss', rootName: name, start: i };
  if (local === 'feed') return { type: 'feed', format: 'atom', rootName: name, start: i };
  if (local === 'rdf') return { type: 'feed', format: 'rdf', rootName: name, start: i };
  if (htmlDoctype || HTML_TAGS.has(lower)) return { type: 'html' };
  return { type: 'xml', rootName: name };
}

interface Rule {
  reason: NonFeedReason;
  code: NonFeedVerdict['code'];
  detailZh: string;
  test: (page: { raw: string; text: string; title: string }) => boolean;
}

const RULES: Rule[] = [
  {
    reason: 'js_challenge',
    code: 'blocked_by_waf',
    detailZh: 'JS 反爬挑战页（需执行脚本/写 Cookie 后跳转）',
    test: ({ raw, text }) =>
      /YunSuoAutoJump|security_verify_|__jsl_clearance|jschl[-_]|cf_chl_|cf-browser-verification|challenge-platform|_guard\/auto\.js|acw_sc__v2|var\s+arg1\s*=/i.test(raw) ||
      // A near-empty page whose only job is a script redirect ("如果您的页面没有自动跳转").
      (/(?:window\.|self\.|document\.)?location(?:\.href)?\s*=|location\.replace\(/i.test(raw) && text.length < 300) ||
      /没有自动跳转|自动跳转中|正在跳转|checking your browser|enable javascript and cookies/i.test(text),
  },
  {
    reason: 'captcha',
    code: 'blocked_by_waf',
    detailZh: '验证码/人机验证页面',
    test: ({ raw, text }) =>
      /g-recaptcha|h-captcha|geetest|TencentCaptcha|nc_captcha|aliyun-captcha/i.test(raw) ||
      /验证码|人机验证|滑动验证|安全验证|请完成验证|captcha/i.test(text),
  },
  {
    reason: 'waf_block',
    code: 'blocked_by_waf',
    detailZh: 'Web 应用防火墙拦截页',
    test: ({ raw, text, title }) =>
      /Attention Required! \| Cloudflare|Just a moment\.\.\.|cloudflare-nginx|Sucuri WebSite Firewall|Incapsula incident|_Incapsula_Resource|safedog|yunsuo|aliyun_waf|errors\.aliyun\.com|DDoS protection by/i.test(raw) ||
      /网站防火墙|安全狗|云锁|创宇盾|加速乐|您的访问(?:请求)?(?:被|已被)?拦截|访问被(?:拒绝|拦截|阻断)|疑似(?:攻击|黑客)|非法请求已被拦截|Request blocked|Access Denied/i.test(text) ||
      /^(?:403 Forbidden|Access Denied|访问被拒绝)$/i.test(title),
  },
  {
    reason: 'domain_for_sale',
    code: 'not_a_feed',
    detailZh: '域名已过期或待售（停放页）',
    test: ({ raw, text }) =>
      /(?:domain|域名)[^.]{0,40}(?:is|may be)?\s*for sale|buy (?:this|the) domain|domain (?:is )?parked|parked free|hugedomains|sedoparking|afternic|dan\.com/i.test(text) ||
      /域名(?:出售|转让|待售|停放|已过期)|此域名(?:可以|正在)出售/.test(text) ||
      /sedoparking\.com|parkingcrew|bodis\.com/i.test(raw),
  },
  {
    reason: 'account_suspended',
    code: 'not_a_feed',
    detailZh: '站点账户被暂停/网站已关闭',
    test: ({ text, title }) =>
      /account (?:has been )?suspended|this account has been suspended|site (?:has been )?suspended|bandwidth limit exceeded/i.test(text) ||
      /^account suspended/i.test(title) ||
      /(?:网站|站点|空间)(?:已)?(?:暂停|关闭|停止|过期|到期)|未备案|备案.*(?:暂停|关闭)/.test(text),
  },
  {
    reason: 'maintenance',
    code: 'not_a_feed',
    detailZh: '站点维护页',
    test: ({ text, title }) =>
      /系统维护|维护中|正在维护|升级维护|暂停服务|under maintenance|maintenance mode|temporarily unavailable|under construction/i.test(text + ' ' + title),
  },
  {
    reason: 'moved',
    code: 'not_a_feed',
    detailZh: '页面已迁移（返回的是跳转说明页）',
    test: ({ text, title }) => /document (?:has )?moved|object moved|moved permanently|页面已(?:删除|迁移|移动)/i.test(title + ' ' + text),
  },
];

/** Classifies an HTML (or HTML-ish) body that came back instead of a feed. */
export function classifyHtmlPage(html: string): NonFeedVerdict {
  const raw = html.slice(0, 256 * 1024);
  const $ = load(raw, null, false);
  const title = collapseWhitespace($('title').first().text());
  $('script, style, noscript').remove();
  const text = collapseWhitespace($.root().text()).slice(0, 20_000);
  for (const rule of RULES) {
    if (rule.test({ raw, text, title })) return { code: rule.code, reason: rule.reason, detailZh: rule.detailZh };
  }
  return { code: 'not_a_feed', reason: 'html_page', detailZh: title ? `普通网页《${title.slice(0, 60)}》` : '普通网页' };
}
