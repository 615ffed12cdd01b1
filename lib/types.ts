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
}

export interface ParsedFeed {
  title: string | null;
  link: string | null;
  items: RawItem[];
}
