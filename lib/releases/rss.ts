/**
 * The public RSS 2.0 feed of published releases (DOMAIN §6.3: provincial sites publish RSS; the
 * website is the canonical URL, 74号 "website first"). Pure: the caller passes the releases and the
 * configured base URL. Every text is XML-escaped (and characters XML 1.0 forbids are dropped), links
 * are absolute. A withdrawn release stays in the feed, marked, with the date and reason: readers who
 * already have it learn that it was withdrawn (never a silent disappearance, DOMAIN §3.3).
 */
import { formatReleaseTime } from './templates';

export interface FeedRelease {
  id: number;
  title: string;
  body: string;
  publishedAt: Date;
  withdrawnAt: Date | null;
  withdrawReason: string | null;
}

export const FEED_TITLE = '信息发布';
export const FEED_DESCRIPTION = '本单位公开发布的事故救援进展、调查结果和后续工作情况';

 
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function xmlEscape(s: string): string {
  return s.replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

export function publicReleasePath(id: number): string {
  return `/public/releases/${id}`;
}

function summary(r: FeedRelease): string {
  if (r.withdrawnAt) return `本信息已于 ${formatReleaseTime(r.withdrawnAt)} 撤回。撤回原因：${r.withdrawReason ?? '未说明'}`;
  const text = r.body.replace(/\s+/g, ' ').trim();
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

export function renderReleasesRss(releases: readonly FeedRelease[], baseUrl: string, now: Date): string {
  const base = baseUrl.replace(/\/+$/, '');
  const items = releases.map((r) => {
    const link = `${base}${publicReleasePath(r.id)}`;
    const title = r.withdrawnAt ? `【已撤回】${r.title}` : r.title;
    return [
      '    <item>',
      `      <title>${xmlEscape(title)}</title>`,
      `      <link>${xmlEscape(link)}</link>`,
      `      <guid isPermaLink="true">${xmlEscape(link)}</guid>`,
      `      <pubDate>${r.publishedAt.toUTCString()}</pubDate>`,
      `      <description>${xmlEscape(summary(r))}</description>`,
      '    </item>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0">',
    '  <channel>',
    `    <title>${xmlEscape(FEED_TITLE)}</title>`,
    `    <link>${xmlEscape(`${base}/public/releases`)}</link>`,
    `    <description>${xmlEscape(FEED_DESCRIPTION)}</description>`,
    '    <language>zh-CN</language>',
    `    <lastBuildDate>${now.toUTCString()}</lastBuildDate>`,
    ...items,
    '  </channel>',
    '</rss>',
    '',
  ].join('\n');
}
