/** Text cut into plain and marked parts for rendering as React text (crawled titles stay escaped). Pure; runs in the browser. */

/** A title cut into plain and marked parts (overlapping hits merged), for rendering as React text. */
export function markedParts(text: string, hits: readonly { start: number; end: number }[]): { text: string; hit: boolean }[] {
  const sorted = [...hits].filter((h) => h.end > h.start).sort((a, b) => a.start - b.start);
  const parts: { text: string; hit: boolean }[] = [];
  let at = 0;
  for (const h of sorted) {
    const start = Math.max(h.start, at);
    if (h.end <= start) continue;
    if (start > at) parts.push({ text: text.slice(at, start), hit: false });
    parts.push({ text: text.slice(start, h.end), hit: true });
    at = h.end;
  }
  if (at < text.length) parts.push({ text: text.slice(at), hit: false });
  return parts;
}
