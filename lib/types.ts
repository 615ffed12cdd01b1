/** Shapes shared by the crawler, the pipeline and the database layer. */

/** What a parser hands to the pipeline: untrusted, un-normalised. */
export interface RawItem {
  guid?: string | null;
  url?: string | null;
  title?: string | null;
  /** HTML or text as found in the source (description/summary). */
  summary?: string | null;
  /** Full HTML body where the source has one (content:encoded, article page). */
  content?: string | null;
  author?: string | null;
  categories?: string[];
  /** The date string exactly as the source gave it. */
  publishedRaw?: string | null;
  /** Parsed date, or null when absent/unparseable. */
  publishedAt?: Date | null;
  /** Why `publishedAt` is null although a date string was present (see lib/dates.ts). */
  dateFlag?: 'future_date' | 'unparseable' | null;
}

export interface ParsedFeed {
  title: string | null;
  link: string | null;
  items: RawItem[];
  /** Which syntax the document used. */
  format?: 'rss' | 'atom' | 'rdf' | 'json';
  /** Items beyond `maxItems` that were skipped (oldest first). */
  droppedItems?: number;
  /** True when the strict XML parse failed and the lenient one recovered the feed. */
  recovered?: boolean;
}
