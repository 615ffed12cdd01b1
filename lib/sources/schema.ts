import { z } from 'zod';

/** Where a source sits in the press office's view of the world; drives authority weighting later. */
export const SOURCE_CATEGORIES = {
  official: '政府/官方',
  central_media: '中央媒体',
  local_media: '地方媒体',
  forum_social: '论坛/社交',
  own_site: '本单位网站',
} as const;
export type SourceCategory = keyof typeof SOURCE_CATEGORIES;

const cssSelector = z.string().trim().min(1).max(300);

/** Selectors for an HTML list page (cheerio), relative to each matched item element. */
export const HtmlSelectorsSchema = z.object({
  /** Selector of one list entry, e.g. `ul.list li`. */
  item: cssSelector,
  /** Selector of the link inside the entry (its text is the title unless `title` is set). Default `a`. */
  link: cssSelector.default('a'),
  title: cssSelector.optional(),
  date: cssSelector.optional(),
  summary: cssSelector.optional(),
  /** Follow each link to the article page and read its full text. */
  followArticle: z.boolean().default(false),
  article: z
    .object({
      content: cssSelector,
      date: cssSelector.optional(),
      title: cssSelector.optional(),
    })
    .optional(),
  /** At most this many article pages per run (politeness). */
  maxArticles: z.number().int().min(1).max(100).default(20),
});
export type HtmlSelectors = z.infer<typeof HtmlSelectorsSchema>;

export const SourceInputSchema = z
  .object({
    id: z
      .string()
      .trim()
      .regex(/^[a-z0-9][a-z0-9-]{1,63}$/, '信源 id 只能包含小写字母、数字和连字符（2–64 位）'),
    name: z.string().trim().min(1, '请填写信源名称').max(100),
    url: z
      .string()
      .trim()
      .max(2048)
      .url('地址格式无效')
      .refine((u) => /^https?:\/\//i.test(u), '仅允许 http/https 协议'),
    homepage: z.string().url().optional(),
    kind: z.enum(['rss', 'html']),
    category: z.enum(Object.keys(SOURCE_CATEGORIES) as [SourceCategory, ...SourceCategory[]]),
    /** Province (or 全国) the source mainly covers. */
    region: z.string().trim().max(20).optional(),
    intervalMinutes: z.number().int().min(1).max(1440).default(30),
    priority: z.boolean().default(false),
    enabled: z.boolean().default(true),
    /** Use the canonical link instead of the GUID when a source rotates GUIDs (B35). */
    dedupeKey: z.enum(['guid', 'link']).default('guid'),
    /** Force a charset when a site lies about it. */
    encoding: z.string().trim().max(40).optional(),
    html: HtmlSelectorsSchema.optional(),
    /** Bundled demo source, served locally; clearly labelled in the UI. */
    demo: z.boolean().default(false),
    note: z.string().max(500).optional(),
  })
  .refine((s) => s.kind !== 'html' || s.html !== undefined, {
    message: 'HTML 信源必须配置列表选择器（html.item）',
    path: ['html'],
  });

export type SourceInput = z.input<typeof SourceInputSchema>;
export type SourceConfig = z.output<typeof SourceInputSchema>;

export const SourceListSchema = z.array(SourceInputSchema);
