/**
 * Chinese word segmentation with offsets, on one process-wide Jieba instance.
 * The instance is created on first use because loading the default dictionary takes ~0.5 s.
 */
import { Jieba } from '@node-rs/jieba';
// The .js suffix lets plain Node ESM (scripts, workers) resolve this CommonJS subpath too.
import { dict } from '@node-rs/jieba/dict.js';
import { lexiconSegmentWords } from './lexicon';
import { LOCALITIES, PREFECTURES, PROVINCES } from './lexicons/divisions';

export interface Segment {
  word: string;
  /** UTF-16 offsets into the original text, so text.slice(start, end) === word. */
  start: number;
  end: number;
}

// High enough that a domain phrase beats its split into common words.
const USER_WORD_FREQ = 20000;

let jieba: Jieba | undefined;
let known: Set<string> | undefined;

function defaultWords(): Set<string> {
  const words = new Set<string>();
  for (const line of new TextDecoder().decode(dict).split('\n')) {
    const space = line.indexOf(' ');
    if (space > 0) words.add(line.slice(0, space));
  }
  return words;
}

/** Full names of the divisions (临汾市, 凉山彝族自治州, 乡宁县) stay whole; short names are left to jieba. */
function placeWords(): string[] {
  return [...PROVINCES.map((p) => p.name), ...PREFECTURES.map((p) => p.name), ...LOCALITIES.map((l) => l.name)];
}

function instance(): Jieba {
  if (!jieba) {
    jieba = Jieba.withDict(dict);
    known = defaultWords();
    loadWords(jieba, known, [...lexiconSegmentWords(), ...placeWords()]);
  }
  return jieba;
}

function loadWords(target: Jieba, seen: Set<string>, words: readonly string[]): void {
  // Words already in the dictionary keep their frequency; overriding them would skew other splits.
  const fresh = words.filter((w) => !/\s/.test(w) && w.length > 0 && !seen.has(w));
  if (fresh.length === 0) return;
  for (const w of fresh) seen.add(w);
  target.loadDict(Buffer.from(fresh.map((w) => `${w} ${USER_WORD_FREQ}`).join('\n') + '\n', 'utf8'));
}

/** Teach the shared segmenter extra words (e.g. terms from a lexicon edited in the database). */
export function addSegmentWords(words: readonly string[]): void {
  const target = instance();
  if (known) loadWords(target, known, words);
}

export function segment(text: string): Segment[] {
  if (text.length === 0) return [];
  const out: Segment[] = [];
  let cursor = 0;
  for (const word of instance().cut(text, false)) {
    if (word.length === 0) continue;
    // Search forward rather than summing lengths, in case the segmenter ever drops a character.
    const start = text.startsWith(word, cursor) ? cursor : text.indexOf(word, cursor);
    if (start < 0) continue;
    out.push({ word, start, end: start + word.length });
    cursor = start + word.length;
  }
  return out;
}
