/**
 * Analysis throughput beside bare jieba segmentation measured in the same run, on the same texts.
 * Texts: the CEC news reports in ../shared/fixtures (measurement only, never shipped) when present,
 * plus the demo corpus. Figures, not assertions; the goal is analysis ≥ 50 % of bare cut speed.
 *
 *   BENCH_ANALYSIS_MB=8          megabytes of text per side
 *   BENCH_ANALYSIS_STAGES=1      also the cost of each stage of analyzeItem, relative to bare cut
 */
import fs from 'node:fs';
import path from 'node:path';
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { DEFAULT_ANALYSIS_LEXICON, MAX_ANALYSED_CHARS, OFFICIAL_FACT_SCALE, analyzeItem, isOfficialVoice } from '@/lib/analysis/analyze';
import { extractAccidentFacts } from '@/lib/analysis/accident';
import { extractPlace } from '@/lib/analysis/place';
import { scoreRisk, sensitivityOf } from '@/lib/analysis/risk';
import { segment } from '@/lib/analysis/segment';
import { scoreSentiment } from '@/lib/analysis/sentiment';
import { fingerprintFromSegments } from '@/lib/analysis/simhash';
import { corpus, expandText } from '@/demo/corpus';

const TARGET_BYTES = Number(process.env.BENCH_ANALYSIS_MB ?? 8) * 1024 * 1024;
/** Bytes per alternation block (see main). */
const BLOCK_BYTES = 256 * 1024;
const STAGES = process.env.BENCH_ANALYSIS_STAGES === '1';
const FIXTURES = process.env.EVAL_FIXTURES ?? path.resolve(import.meta.dirname, '../../shared/fixtures');

interface Doc {
  title: string;
  text: string;
}

function listTxt(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return listTxt(p);
    return d.name.endsWith('.txt') ? [p] : [];
  });
}

function loadDocs(): { docs: Doc[]; origin: string } {
  const docs: Doc[] = [];
  for (const file of listTxt(path.join(FIXTURES, 'events/cec-raw'))) {
    docs.push({ title: path.basename(file, '.txt'), text: fs.readFileSync(file, 'utf8') });
  }
  const cec = docs.length;
  const now = new Date();
  for (const e of corpus) docs.push({ title: e.title, text: expandText(e.body, now) });
  return { docs, origin: `${cec} CEC news reports + ${corpus.length} demo items` };
}

function bytesOf(d: Doc): number {
  return Buffer.byteLength(d.title) + Buffer.byteLength(d.text);
}

function repeatTo(docs: readonly Doc[], target: number): Doc[] {
  const out: Doc[] = [];
  let bytes = 0;
  while (bytes < target) {
    for (const d of docs) {
      out.push(d);
      bytes += bytesOf(d);
      if (bytes >= target) break;
    }
  }
  return out;
}

interface Side {
  seconds: number;
  bytes: number;
  items: number;
}

function timeBlock(side: Side, docs: readonly Doc[], bytes: number, fn: (d: Doc) => void): void {
  const t0 = process.hrtime.bigint();
  for (const d of docs) fn(d);
  side.seconds += Number(process.hrtime.bigint() - t0) / 1e9;
  side.bytes += bytes;
  side.items += docs.length;
}

function report(label: string, side: Side): void {
  const mbps = side.bytes / 1024 / 1024 / side.seconds;
  const ips = side.items / side.seconds;
  console.log(`  ${label.padEnd(34)} ${mbps.toFixed(2).padStart(7)} MB/s ${Math.round(ips).toLocaleString('en-US').padStart(9)} items/s`);
}

/**
 * Both sides run over the same blocks of items, alternating block by block (and which side goes
 * first), rather than one whole pass after the other: on a shared machine the load changes within
 * seconds, and the ratio is only meaningful when both sides saw the same load.
 */
function main(): void {
  const { docs, origin } = loadDocs();
  const run = repeatTo(docs, TARGET_BYTES);
  const totalMb = run.reduce((s, d) => s + bytesOf(d), 0) / 1024 / 1024;
  console.log(`analysis bench: ${run.length.toLocaleString('en-US')} items, ${totalMb.toFixed(1)} MB (${origin}), one core`);
  const bare = Jieba.withDict(dict);
  const cutBoth = (d: Doc): void => {
    bare.cut(d.title, false);
    bare.cut(d.text, false);
  };
  const analyse = (d: Doc): void => {
    analyzeItem({ title: d.title, text: d.text });
  };
  // Warm-up, one pass over every text for both sides: dictionary loads and JIT optimisation, so
  // neither side pays start-up inside the timing (the worker runs for days: steady state is what counts).
  for (const d of docs) {
    cutBoth(d);
    analyse(d);
  }
  const cut: Side = { seconds: 0, bytes: 0, items: 0 };
  const full: Side = { seconds: 0, bytes: 0, items: 0 };
  let block = 0;
  for (let from = 0; from < run.length; block++) {
    let to = from;
    let bytes = 0;
    while (to < run.length && bytes < BLOCK_BYTES) bytes += bytesOf(run[to++] as Doc);
    const slice = run.slice(from, to);
    if (block % 2 === 0) {
      timeBlock(cut, slice, bytes, cutBoth);
      timeBlock(full, slice, bytes, analyse);
    } else {
      timeBlock(full, slice, bytes, analyse);
      timeBlock(cut, slice, bytes, cutBoth);
    }
    from = to;
  }
  report('bare jieba cut (title + text)', cut);
  report('full analysis (analyzeItem)', full);
  const ratio = cut.seconds / full.seconds;
  console.log(`  analysis / bare cut: ${(ratio * 100).toFixed(0)} % (goal ≥ 50 %) ${ratio >= 0.5 ? '✓' : '✗'}`);
  if (STAGES) stageCosts(run, cutBoth);
}

const STAGE_NAMES = ['segmentation', 'official voice', 'sentiment', 'accident facts', 'place', 'risk + sensitivity', 'fingerprint'] as const;

/**
 * The stages of analyzeItem (same calls, same order, default lexicon, no topics) timed one after
 * the other on each item, beside bare cut on the same blocks: what each costs inside the full
 * analysis, where the stages and jieba evict each other's data from the CPU caches (a stage run
 * alone in a loop costs less).
 */
function stageCosts(run: readonly Doc[], cutBoth: (d: Doc) => void): void {
  const spent = new Float64Array(STAGE_NAMES.length);
  let bare = 0;
  const lex = DEFAULT_ANALYSIS_LEXICON;
  let mark = process.hrtime.bigint();
  const lap = (stage: number): void => {
    const now = process.hrtime.bigint();
    spent[stage] = (spent[stage] as number) + Number(now - mark) / 1e9;
    mark = now;
  };
  for (let from = 0; from < run.length; from += 256) {
    const slice = run.slice(from, from + 256);
    const t0 = process.hrtime.bigint();
    for (const d of slice) cutBoth(d);
    bare += Number(process.hrtime.bigint() - t0) / 1e9;
    for (const d of slice) {
      mark = process.hrtime.bigint();
      const title = d.title.slice(0, 1000);
      const text = d.text.slice(0, MAX_ANALYSED_CHARS);
      const segments = { title: segment(title), text: segment(text) };
      lap(0);
      const officialVoice = isOfficialVoice(d);
      lap(1);
      const sentiment = scoreSentiment({ title, text }, lex.sentiment, {
        segments,
        ...(officialVoice ? { categoryScale: OFFICIAL_FACT_SCALE } : {}),
      });
      lap(2);
      const accident = extractAccidentFacts(text, { title, typeCues: lex.typeCues });
      lap(3);
      extractPlace(text, { title, gazetteer: lex.gazetteer });
      lap(4);
      scoreRisk({ sentiment, accident, sourceCategory: null, officialVoice });
      sensitivityOf(sentiment.cues);
      lap(5);
      fingerprintFromSegments(title, text, segments);
      lap(6);
    }
  }
  console.log('  stages inside the analysis (bare cut = 1.00):');
  let total = 0;
  STAGE_NAMES.forEach((name, i) => {
    total += spent[i] as number;
    console.log(`    ${name.padEnd(22)} ${((spent[i] as number) / bare).toFixed(2)}`);
  });
  console.log(`    ${'total'.padEnd(22)} ${(total / bare).toFixed(2)}`);
}

main();
