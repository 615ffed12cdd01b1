/**
 * The text the full-text index holds for one item: its title and text cut into words by the same
 * segmenter the analysis uses (lib/analysis/segment.ts), joined by spaces, so SQLite's FTS5
 * `unicode61` tokenizer sees one token per Chinese word.
 *
 * A word-based index cannot find part of a word: with 透水事故 kept whole by the dictionary, a
 * search for 透水 would miss it. So the inner pieces (2 characters and longer) of every longer word
 * are appended after the words, the way a search-engine cut does. Phrases still match, because
 * the words themselves stay in reading order and the pieces come after them.
 */
import { segment } from '@/lib/analysis/segment';
import type { Segment } from '@/lib/analysis/segment';

/** Characters of body text indexed: bounds the cost of one pathological page. */
export const MAX_INDEXED_CHARS = 50_000;
/** Words up to this length get all their inner pieces; longer ones only pieces of 2 and 3. */
const ALL_PIECES_UP_TO = 6;

export interface SearchDocument {
  title: string;
  body: string;
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

/** Inner pieces of a word of 3+ characters (2 characters and longer, shorter than the word). */
export function innerPieces(word: string): string[] {
  const chars = [...word];
  if (chars.length < 3) return [];
  const longest = chars.length <= ALL_PIECES_UP_TO ? chars.length - 1 : 3;
  const out: string[] = [];
  for (let len = 2; len <= longest; len++) {
    for (let i = 0; i + len <= chars.length; i++) out.push(chars.slice(i, i + len).join(''));
  }
  return out;
}

/** A word's pieces only when it is Chinese: Latin words are split by the tokenizer already. */
function isHan(word: string): boolean {
  return /^\p{Script=Han}+$/u.test(word);
}

/** Words of one field, in reading order, followed by the inner pieces of its longer words. */
export function segmentForIndex(text: string): string {
  return text ? indexTextOf(segment(text)) : '';
}

/** The index text of a field already cut by the segmenter (the analysis cuts every item once). */
export function indexTextOf(segments: readonly Segment[]): string {
  const words: string[] = [];
  const pieces: string[] = [];
  for (const s of segments) {
    if (!WORD_CHAR.test(s.word)) continue;
    words.push(s.word);
    if (isHan(s.word)) pieces.push(...innerPieces(s.word));
  }
  return pieces.length ? `${words.join(' ')} ${pieces.join(' ')}` : words.join(' ');
}

export function searchDocument(title: string, text: string): SearchDocument {
  return { title: segmentForIndex(title), body: segmentForIndex(text.slice(0, MAX_INDEXED_CHARS)) };
}

/**
 * The same document from the analysis's own segments when they cover the whole title and the
 * whole indexed text (nearly always), so the pipeline does not cut every item twice. Else null.
 */
export function searchDocumentFromSegments(
  title: string,
  text: string,
  segments: { title: readonly Segment[]; text: readonly Segment[]; titleChars: number; textChars: number },
): SearchDocument | null {
  if (segments.titleChars < title.length || segments.textChars < Math.min(text.length, MAX_INDEXED_CHARS)) return null;
  return { title: indexTextOf(segments.title), body: indexTextOf(segments.text) };
}
