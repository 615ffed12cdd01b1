import type { SourceCategory, SourceInput } from '@/lib/sources/schema';

/**
 * The bundled demo sources: what the local demo server publishes and how the real crawler is
 * configured to read it. Paths, formats and selectors live here so the server, `demoSources`
 * and the tests cannot disagree.
 */

export const DEMO_FEED_IDS = [
  'demo-official',
  'demo-warning',
  'demo-central-media',
  'demo-local-media',
  'demo-forum',
  'demo-own-site',
  'demo-city',
] as const;
export type DemoFeedId = (typeof DEMO_FEED_IDS)[number];

/**
 * How a feed is rendered. Each format carries a different date style on purpose, so the
 * demo exercises the crawler's date handling: RFC 822 +0800, RFC 822 GMT, zone-less
 * `YYYY-MM-DD HH:mm:ss`, ISO 8601, Chinese relative and Chinese absolute dates.
 */
export type DemoFormat = 'rss' | 'atom' | 'html-forum' | 'html-gov';
export type RssDateStyle = 'rfc822-cst' | 'rfc822-gmt' | 'plain-local';

export interface DemoFeed {
  id: DemoFeedId;
  name: string;
  /** Channel/site title as the page itself shows it. */
  siteTitle: string;
  description: string;
  path: string;
  /** Article pages are `${articlePrefix}${entryId}.html`. */
  articlePrefix: string;
  format: DemoFormat;
  encoding: 'utf-8' | 'gbk';
  rssDates?: RssDateStyle;
  /** RSS: put the full text in content:encoded as well as the description. */
  fullContent?: boolean;
  category: SourceCategory;
  region: string;
  priority: boolean;
  html?: NonNullable<SourceInput['html']>;
}

/** Fictional province the demo accidents happen in; clearly not a real place. */
export const DEMO_REGION = '演示省';

/**
 * The demo's fictional region, registered as the office's own place names while demo mode is on,
 * so the place extractor finds 澄河市 as it finds 临汾市 (and reads 澄河北坪 as no 河北).
 */
export const DEMO_PLACES: readonly { name: string; province: string; city?: string }[] = [
  { name: DEMO_REGION, province: DEMO_REGION },
  ...['澄河', '江澜', '梧岭', '桐安'].flatMap((c) => [
    { name: `${c}市`, province: DEMO_REGION, city: `${c}市` },
    { name: c, province: DEMO_REGION, city: `${c}市` },
  ]),
  { name: '北坪县', province: DEMO_REGION, city: '澄河市' },
  { name: '北坪镇', province: DEMO_REGION, city: '澄河市' },
  { name: '北坪', province: DEMO_REGION, city: '澄河市' },
];

export const DEMO_FEEDS: readonly DemoFeed[] = [
  {
    id: 'demo-official',
    name: '【演示】市县政府 · 事故信息与通报',
    siteTitle: '演示省各市县政府信息发布',
    description: '各市县人民政府新闻办公室、应急管理局发布的事故信息、救援进展和通报（演示数据，内容虚构）',
    path: '/official/rss.xml',
    articlePrefix: '/official/a/',
    format: 'rss',
    encoding: 'utf-8',
    rssDates: 'rfc822-cst',
    category: 'official',
    region: DEMO_REGION,
    priority: true,
  },
  {
    id: 'demo-warning',
    name: '【演示】预警信息发布',
    siteTitle: '演示省突发事件预警信息发布',
    description: '气象、地质灾害、森林火险预警和安全生产风险提示（演示数据，内容虚构）',
    path: '/warning/atom.xml',
    articlePrefix: '/warning/a/',
    format: 'atom',
    encoding: 'utf-8',
    category: 'official',
    region: DEMO_REGION,
    priority: true,
  },
  {
    id: 'demo-central-media',
    name: '【演示】中央媒体 · 社会新闻',
    siteTitle: '中央媒体社会新闻（演示）',
    description: '中央媒体对各地安全生产事件的报道和转载（演示数据，内容虚构）',
    path: '/central/rss.xml',
    articlePrefix: '/central/a/',
    format: 'rss',
    encoding: 'utf-8',
    rssDates: 'rfc822-gmt',
    category: 'central_media',
    region: '全国',
    priority: false,
  },
  {
    id: 'demo-local-media',
    name: '【演示】演示日报 · 本地新闻（GBK）',
    siteTitle: '演示日报 本地新闻',
    description: '省内都市报、广电的本地新闻（演示数据，内容虚构；订阅源按 GBK 编码输出）',
    path: '/local/rss.xml',
    articlePrefix: '/local/a/',
    format: 'rss',
    encoding: 'gbk',
    rssDates: 'plain-local',
    category: 'local_media',
    region: DEMO_REGION,
    priority: false,
  },
  {
    id: 'demo-forum',
    name: '【演示】本地论坛 · 社会民生版',
    siteTitle: '演示论坛 - 社会民生',
    description: '网友发帖（演示数据，内容虚构）',
    path: '/forum/list.html',
    articlePrefix: '/forum/thread/',
    format: 'html-forum',
    encoding: 'utf-8',
    category: 'forum_social',
    region: DEMO_REGION,
    priority: false,
    html: {
      item: 'ul.list li',
      link: 'a',
      date: 'span.time',
      summary: 'p.summary',
      followArticle: true,
      article: { content: 'div.post-content', date: 'span.post-time', title: 'h1.post-title' },
      maxArticles: 20,
    },
  },
  {
    id: 'demo-own-site',
    name: '【演示】本单位网站 · 演示省应急管理厅',
    siteTitle: '演示省应急管理厅 新闻发布',
    description: '本单位门户网站的新闻发布、工作动态和公告（演示数据，内容虚构）',
    path: '/own/rss.xml',
    articlePrefix: '/own/a/',
    format: 'rss',
    encoding: 'utf-8',
    rssDates: 'rfc822-cst',
    fullContent: true,
    category: 'own_site',
    region: DEMO_REGION,
    priority: false,
  },
  {
    id: 'demo-city',
    name: '【演示】江澜市应急管理局 · 工作动态',
    siteTitle: '江澜市应急管理局',
    description: '市级应急管理局门户的工作动态栏目（TRS 风格列表页，演示数据，内容虚构）',
    path: '/city/gzdt/index.html',
    articlePrefix: '/city/gzdt/art/',
    format: 'html-gov',
    encoding: 'utf-8',
    category: 'official',
    region: DEMO_REGION,
    priority: false,
    html: {
      item: 'div.list_con ul li',
      link: 'a',
      date: 'span.date',
      followArticle: true,
      article: { content: '#zoom', date: '.pubtime', title: 'h1.article-title' },
      maxArticles: 20,
    },
  },
];

export function demoFeed(id: DemoFeedId): DemoFeed {
  const f = DEMO_FEEDS.find((x) => x.id === id);
  if (!f) throw new Error(`unknown demo feed ${id}`);
  return f;
}

export function articlePath(feed: DemoFeed, entryId: string): string {
  return `${feed.articlePrefix}${encodeURIComponent(entryId)}.html`;
}

/** The demo sources as the crawler stores them, pointing at a running demo server. */
export function demoSources(baseUrl: string): SourceInput[] {
  const base = baseUrl.replace(/\/+$/, '');
  return DEMO_FEEDS.map((f) => ({
    id: f.id,
    name: f.name,
    url: `${base}${f.path}`,
    homepage: `${base}/`,
    kind: f.format === 'rss' || f.format === 'atom' ? 'rss' : 'html',
    category: f.category,
    region: f.region,
    // Every minute so a watcher sees the scheduled entries arrive live.
    intervalMinutes: 1,
    priority: f.priority,
    enabled: true,
    demo: true,
    ...(f.html ? { html: f.html } : {}),
    note: '本地演示信源：由内置演示服务按时间回放，内容均为虚构。',
  }));
}
