/**
 * Cutting a text into plain and marked pieces, for highlighting search hits and analysis cues.
 * Pure: the pages turn the pieces into React elements (text nodes and <mark>), never into HTML.
 * Offsets come from stored JSON and may be wrong or stale (an item's text re-fetched, a damaged
 * row): ranges outside the text, empty, reversed or overlapping an earlier range are skipped.
 */

export interface MarkRange<T> {
  start: number;
  end: number;
  data: T;
}

export interface TextPiece<T> {
  text: string;
  /** Set for a marked piece. */
  mark?: T;
}

/** Pieces of `text` with the given ranges marked; ranges that cannot apply are ignored. */
export function markRanges<T>(text: string, ranges: readonly MarkRange<T>[]): TextPiece<T>[] {
  const usable = ranges
    .filter(
      (r) =>
        Number.isInteger(r.start) && Number.isInteger(r.end) && r.start >= 0 && r.end <= text.length && r.start < r.end,
    )
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const out: TextPiece<T>[] = [];
  let at = 0;
  for (const r of usable) {
    if (r.start < at) continue; // overlaps a range already marked
    if (r.start > at) out.push({ text: text.slice(at, r.start) });
    out.push({ text: text.slice(r.start, r.end), mark: r.data });
    at = r.end;
  }
  if (at < text.length || out.length === 0) out.push({ text: text.slice(at) });
  return out;
}

/**
 * Every occurrence of the words in `text` (longest word first where they overlap), case-insensitive
 * for Latin letters. Returns ranges in text order.
 */
export function findWords(text: string, words: readonly string[], limit = 500): MarkRange<string>[] {
  const lower = text.toLowerCase();
  // toLowerCase may change the length of rare characters; then offsets would drift, so match exactly.
  const haystack = lower.length === text.length ? lower : text;
  const sorted = [...new Set(words.filter((w) => w.length > 0))].sort((a, b) => b.length - a.length);
  const taken = new Uint8Array(text.length);
  const out: MarkRange<string>[] = [];
  for (const word of sorted) {
    const needle = haystack === lower && word.toLowerCase().length === word.length ? word.toLowerCase() : word;
    let from = 0;
    for (;;) {
      const at = haystack.indexOf(needle, from);
      if (at < 0 || out.length >= limit) break;
      let free = true;
      for (let k = at; k < at + needle.length; k++) if (taken[k]) free = false;
      if (free) {
        taken.fill(1, at, at + needle.length);
        out.push({ start: at, end: at + needle.length, data: word });
      }
      from = at + 1;
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Search-hit pieces of a text. */
export function highlightWords(text: string, words: readonly string[]): TextPiece<string>[] {
  return markRanges(text, findWords(text, words));
}

/**
 * A window of about `size` characters of `text` around the first hit of any word (the start of the
 * text when none), with an ellipsis where it was cut.
 */
export function snippet(text: string, words: readonly string[], size = 120): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= size) return flat;
  const first = findWords(flat, words, 1)[0];
  if (!first) return `${flat.slice(0, size)}…`;
  const start = Math.max(0, Math.min(first.start - Math.floor(size / 3), flat.length - size));
  const end = Math.min(flat.length, start + size);
  return `${start > 0 ? '…' : ''}${flat.slice(start, end)}${end < flat.length ? '…' : ''}`;
}
