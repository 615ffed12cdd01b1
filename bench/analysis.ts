/**
 * Analysis throughput beside bare jieba segmentation measured in the same run, on the same texts.
 * Texts: the CEC news reports in ../shared/fixtures (measurement only, never shipped) when present,
 * plus the demo corpus. Figures, not assertions; the goal is analysis ≥ 50 % of bare cut speed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { analyzeItem } from '@/lib/analysis/analyze';
import { corpus, expandText } from '@/demo/corpus';

const TARGET_BYTES = Number(process.env.BENCH_ANALYSIS_MB ?? 8) * 1024 * 1024;
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

function measure(label: string, docs: readonly Doc[], fn: (d: Doc) => void): { mbps: number; ips: number } {
  const bytes = docs.reduce((s, d) => s + bytesOf(d), 0);
  const t0 = process.hrtime.bigint();
  for (const d of docs) fn(d);
  const sec = Number(process.hrtime.bigint() - t0) / 1e9;
  const mbps = bytes / 1024 / 1024 / sec;
  const ips = docs.length / sec;
  console.log(`  ${label.padEnd(34)} ${mbps.toFixed(2).padStart(7)} MB/s ${Math.round(ips).toLocaleString('en-US').padStart(9)} items/s`);
  return { mbps, ips };
}

function main(): void {
  const { docs, origin } = loadDocs();
  const run = repeatTo(docs, TARGET_BYTES);
  const totalMb = run.reduce((s, d) => s + bytesOf(d), 0) / 1024 / 1024;
  console.log(`analysis bench: ${run.length.toLocaleString('en-US')} items, ${totalMb.toFixed(1)} MB (${origin}), one core`);
  const bare = Jieba.withDict(dict);
  // Warm-up, one pass over every text for both sides: dictionary loads and JIT optimisation, so
  // neither side pays start-up inside the timing (the worker runs for days: steady state is what counts).
  for (const d of docs) {
    bare.cut(d.title, false);
    bare.cut(d.text, false);
    analyzeItem({ title: d.title, text: d.text });
  }
  const cut = measure('bare jieba cut (title + text)', run, (d) => {
    bare.cut(d.title, false);
    bare.cut(d.text, false);
  });
  const full = measure('full analysis (analyzeItem)', run, (d) => {
    analyzeItem({ title: d.title, text: d.text });
  });
  const ratio = full.mbps / cut.mbps;
  console.log(`  analysis / bare cut: ${(ratio * 100).toFixed(0)} % (goal ≥ 50 %) ${ratio >= 0.5 ? '✓' : '✗'}`);
}

main();
