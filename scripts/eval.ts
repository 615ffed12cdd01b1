/**
 * `npm run eval`: measured quality of the analysers on public corpora, beside trivial baselines.
 *
 *   npm run eval                       aligned text tables
 *   npm run eval -- --verbose          plus wrong predictions (sentiment samples, every casualty mismatch)
 *   npm run -s eval -- --json          one JSON object with every figure (-s keeps npm's banner off stdout)
 *   npm run eval -- --examples=5       sentiment examples per confusion cell with --verbose (default 3)
 *   EVAL_FIXTURES=/path npm run eval   fixtures elsewhere than ../shared/fixtures (relative to the repo)
 *
 * Figures, not assertions: the exit code is 0 even when a target is missed (targets are printed
 * with ✓/✗). The corpora are research-use data read at run time and never copied into the repo.
 */
import fs from 'node:fs';
import { demoScenario, weiboScenario } from '../lib/eval/alerts';
import type { ScenarioReport } from '../lib/eval/alerts';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { extractAccidentFacts } from '@/lib/analysis/accident';
import { scoreSentiment } from '@/lib/analysis/sentiment';
import {
  POLARITIES,
  loadBinaryReviews,
  loadCecAnnotated,
  loadCecRaw,
  loadCovid7,
  loadSmp2020,
  parseNumeral,
} from '@/lib/eval/datasets';
import type { AccidentDoc, CountGold, Polarity, PolaritySet } from '@/lib/eval/datasets';
import {
  accuracy,
  confusionMatrix,
  countCorrect,
  exactMatch,
  macroF1,
  majorityBaseline,
  perClass,
  predictionRate,
} from '@/lib/eval/metrics';
import type { ClassScore, CountPair, ExactMatch } from '@/lib/eval/metrics';

// ---------------------------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------------------------

interface Options {
  json: boolean;
  verbose: boolean;
  examples: number;
  fixtures: string;
}

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function parseArgs(argv: readonly string[]): Options | 'help' {
  const opts: Options = {
    json: false,
    verbose: false,
    examples: 3,
    // A dev tool, not app configuration, so it reads its one override here (like bench/ingest.ts).
    fixtures: path.resolve(REPO_ROOT, process.env.EVAL_FIXTURES ?? '../shared/fixtures'),
  };
  for (const a of argv) {
    if (a === '--json') opts.json = true;
    else if (a === '--verbose' || a === '-v') opts.verbose = true;
    else if (a.startsWith('--examples=')) opts.examples = Math.max(0, Number(a.slice(11)) || 0);
    else if (a === '--help' || a === '-h') return 'help';
    else throw new Error(`unknown argument: ${a} (try --help)`);
  }
  return opts;
}

// ---------------------------------------------------------------------------------------------
// Sentiment
// ---------------------------------------------------------------------------------------------

interface WrongExample {
  id: string;
  text: string;
  source: string;
  gold: Polarity;
  pred: Polarity;
  score: number;
  cues: string[];
}

interface SentimentReport {
  id: string;
  name: string;
  file: string;
  mapping: string;
  rows: number;
  n: number;
  excluded: Record<string, number>;
  skipped: Record<string, number>;
  duplicates: number;
  classes: Polarity[];
  accuracy: number;
  macroF1: number;
  neutralRate: number;
  perClass: ClassScore<Polarity>[];
  /** Recall per original label (e.g. anger vs disgust), to see which emotions the lexicon misses. */
  bySource: { source: string; gold: Polarity; n: number; correct: number; recall: number }[];
  confusion: { labels: Polarity[]; matrix: number[][] };
  baseline: { name: string; label: Polarity | null; accuracy: number; macroF1: number };
  /** Same figures on the first occurrence of each text, when the set repeats texts. */
  unique: { n: number; accuracy: number; macroF1: number } | null;
  throughput: { items: number; seconds: number; itemsPerSecond: number };
  examples?: WrongExample[];
}

function describeMapping(set: PolaritySet): string {
  return set.mapping
    .map((m) => {
      const label = m.name.startsWith(m.source) ? m.name : `${m.source} ${m.name}`;
      const extra = m.polarity === 'excluded' ? ` (${set.excluded[m.name] ?? 0} rows, emotion without polarity)` : '';
      return `${label}→${m.polarity}${extra}`;
    })
    .join(', ');
}

function evalSentiment(set: PolaritySet, opts: Options): SentimentReport {
  // Warm up first: loading the jieba dictionary (~0.5 s) is not per-item cost.
  scoreSentiment({ text: '预热' });
  const t0 = performance.now();
  const preds = set.items.map((item) => scoreSentiment({ text: item.text }));
  const seconds = (performance.now() - t0) / 1000;

  const labels = [...POLARITIES];
  const pairs = set.items.map((item, i) => ({ gold: item.gold, pred: preds[i]?.label ?? 'neutral' }));
  const c = confusionMatrix(pairs, labels);
  const base = majorityBaseline(set.items.map((i) => i.gold), set.classes);

  let unique: SentimentReport['unique'] = null;
  if (set.duplicates > 0) {
    const seen = new Set<string>();
    const firsts = pairs.filter((_, i) => {
      const text = set.items[i]?.text ?? '';
      if (seen.has(text)) return false;
      seen.add(text);
      return true;
    });
    const u = confusionMatrix(firsts, labels);
    unique = { n: u.total, accuracy: accuracy(u), macroF1: macroF1(u) };
  }

  const bySource = new Map<string, { source: string; gold: Polarity; n: number; correct: number; recall: number }>();
  set.items.forEach((item, i) => {
    const e = bySource.get(item.source) ?? { source: item.source, gold: item.gold, n: 0, correct: 0, recall: 0 };
    e.n++;
    if (pairs[i]?.pred === item.gold) e.correct++;
    e.recall = e.correct / e.n;
    bySource.set(item.source, e);
  });

  const report: SentimentReport = {
    id: set.id,
    name: set.name,
    file: path.basename(set.file),
    mapping: describeMapping(set),
    rows: set.rows,
    n: c.total,
    excluded: set.excluded,
    skipped: set.skipped,
    duplicates: set.duplicates,
    classes: set.classes,
    accuracy: accuracy(c),
    macroF1: macroF1(c),
    neutralRate: predictionRate(c, 'neutral'),
    perClass: perClass(c),
    bySource: [...bySource.values()],
    confusion: { labels: c.labels, matrix: c.matrix },
    baseline: { name: `majority (${base.label ?? '—'})`, label: base.label, accuracy: base.accuracy, macroF1: base.macroF1 },
    unique,
    throughput: { items: set.items.length, seconds, itemsPerSecond: seconds > 0 ? set.items.length / seconds : 0 },
  };

  if (opts.verbose) {
    // Up to `examples` wrong predictions per (gold, predicted) cell, spread over the file.
    const perCell = new Map<string, WrongExample[]>();
    const stride = Math.max(1, Math.floor(set.items.length / 997));
    for (let k = 0; k < set.items.length; k++) {
      const i = (k * stride) % set.items.length;
      const item = set.items[i];
      const p = preds[i];
      if (!item || !p || p.label === item.gold) continue;
      const key = `${item.gold}>${p.label}`;
      const list = perCell.get(key) ?? [];
      if (list.length >= opts.examples || list.some((e) => e.id === item.id)) continue;
      list.push({
        id: item.id,
        text: item.text,
        source: item.source,
        gold: item.gold,
        pred: p.label,
        score: p.score,
        cues: p.cues.map((cue) => `${cue.term}${cue.weight >= 0 ? '+' : ''}${cue.weight}`),
      });
      perCell.set(key, list);
    }
    report.examples = [...perCell.values()].flat();
  }
  return report;
}

// ---------------------------------------------------------------------------------------------
// Accident casualties
// ---------------------------------------------------------------------------------------------

type Field = 'deaths' | 'injuries';
const FIELDS: readonly Field[] = ['deaths', 'injuries'];

interface Prediction {
  deaths: number | null;
  injuries: number | null;
  evidence?: Partial<Record<Field, string>>;
}

const B_NUM = '(?<![0-9０-９零〇一二两三四五六七八九十百千万数几近])([0-9０-９]+|[零〇一二两三四五六七八九十百千万]+)(?:余|多)?';
const B_DEATHS = new RegExp(`${B_NUM}(?:人|名)(?:死亡|遇难)`);
const B_INJURIES = new RegExp(`${B_NUM}(?:人|名)受伤`);

/** Trivial baseline: the first "N人死亡" / "N人受伤" in headline + body. */
function firstRegex(doc: AccidentDoc): Prediction {
  const all = `${doc.title}\n${doc.text}`;
  const first = (re: RegExp): number | null => {
    const m = re.exec(all);
    return m?.[1] ? parseNumeral(m[1]) : null;
  };
  return { deaths: first(B_DEATHS), injuries: first(B_INJURIES) };
}

function system(doc: AccidentDoc): Prediction {
  const facts = extractAccidentFacts(doc.text, { title: doc.title });
  const evidence: Partial<Record<Field, string>> = {};
  for (const e of facts.evidence) {
    if ((e.field === 'deaths' || e.field === 'injuries') && evidence[e.field] === undefined) {
      evidence[e.field] = `${e.source}: ${e.text}`;
    }
  }
  return { deaths: facts.deaths, injuries: facts.injuries, evidence };
}

/** The same extractor without the headline: on cec-raw the headline is the gold, so this is the fair figure there. */
function bodyOnly(doc: AccidentDoc): Prediction {
  return system({ ...doc, title: '' });
}

const CATEGORY_PREDICTORS = ['extractAccidentFacts', 'body-only'] as const;

const PREDICTORS: readonly { id: string; name: string; run: (d: AccidentDoc) => Prediction }[] = [
  { id: 'extractAccidentFacts', name: 'extractAccidentFacts (title + text)', run: system },
  { id: 'body-only', name: 'extractAccidentFacts, text only', run: bodyOnly },
  { id: 'first-regex', name: 'baseline: first N人死亡/受伤', run: firstRegex },
  { id: 'always-null', name: 'baseline: always null', run: () => ({ deaths: null, injuries: null }) },
];

interface FieldScores {
  /** Docs whose gold states a figure. */
  withFigure: ExactMatch;
  /** Every judgeable doc: figure docs plus docs with gold null ("unquantified" ones left out). */
  all: ExactMatch;
}

interface GoldStats {
  figure: number;
  none: number;
  unquantified: number;
  ambiguous: number;
  statedNone: number;
}

interface Mismatch {
  system: string;
  file: string;
  field: Field;
  gold: number | null;
  goldStatus: string;
  goldFigures: number[];
  predicted: number | null;
  evidence: string | null;
}

interface AccidentSetReport {
  id: string;
  description: string;
  docs: number;
  gold: Record<Field, GoldStats>;
  scores: Record<string, Record<Field, FieldScores>>;
  /** Per category, for the extractor with title + text and with text only. */
  byCategory: Record<string, { docs: number; scores: Record<string, Record<Field, FieldScores>> }>;
  throughput: { items: number; seconds: number; itemsPerSecond: number };
  mismatches?: Mismatch[];
}

function pairFor(gold: CountGold, pred: number | null): CountPair {
  return { gold: gold.value, pred, zeroOk: gold.statedNone };
}

function fieldScores(docs: readonly AccidentDoc[], preds: readonly Prediction[], field: Field): FieldScores {
  const figure: CountPair[] = [];
  const all: CountPair[] = [];
  docs.forEach((doc, i) => {
    const g = doc.gold[field];
    if (g.status === 'unquantified') return;
    const pair = pairFor(g, preds[i]?.[field] ?? null);
    all.push(pair);
    if (g.status === 'figure') figure.push(pair);
  });
  return { withFigure: exactMatch(figure), all: exactMatch(all) };
}

function goldStats(docs: readonly AccidentDoc[], field: Field): GoldStats {
  const g = docs.map((d) => d.gold[field]);
  return {
    figure: g.filter((x) => x.status === 'figure').length,
    none: g.filter((x) => x.status === 'none').length,
    unquantified: g.filter((x) => x.status === 'unquantified').length,
    ambiguous: g.filter((x) => x.ambiguous).length,
    statedNone: g.filter((x) => x.status !== 'figure' && x.statedNone).length,
  };
}

function evalAccidents(id: string, description: string, docs: readonly AccidentDoc[], opts: Options): AccidentSetReport {
  const scores: AccidentSetReport['scores'] = {};
  const predsBy = new Map<string, Prediction[]>();
  let seconds = 0;
  for (const p of PREDICTORS) {
    const t0 = performance.now();
    const preds = docs.map((d) => p.run(d));
    if (p.run === system) seconds = (performance.now() - t0) / 1000;
    predsBy.set(p.id, preds);
    scores[p.id] = { deaths: fieldScores(docs, preds, 'deaths'), injuries: fieldScores(docs, preds, 'injuries') };
  }
  const sysPreds = predsBy.get('extractAccidentFacts') ?? [];

  const byCategory: AccidentSetReport['byCategory'] = {};
  for (const category of [...new Set(docs.map((d) => d.category))]) {
    const idx = docs.flatMap((d, i) => (d.category === category ? [i] : []));
    const cd = idx.map((i) => docs[i]).filter((d): d is AccidentDoc => d !== undefined);
    const catScores: Record<string, Record<Field, FieldScores>> = {};
    for (const pid of CATEGORY_PREDICTORS) {
      const all = predsBy.get(pid) ?? [];
      const cp = idx.map((i) => all[i] ?? { deaths: null, injuries: null });
      catScores[pid] = { deaths: fieldScores(cd, cp, 'deaths'), injuries: fieldScores(cd, cp, 'injuries') };
    }
    byCategory[category] = { docs: cd.length, scores: catScores };
  }

  const report: AccidentSetReport = {
    id,
    description,
    docs: docs.length,
    gold: { deaths: goldStats(docs, 'deaths'), injuries: goldStats(docs, 'injuries') },
    scores,
    byCategory,
    throughput: { items: docs.length, seconds, itemsPerSecond: seconds > 0 ? docs.length / seconds : 0 },
  };
  if (opts.verbose) {
    // Every miss of the full extractor, plus the text-only misses on docs with a gold figure.
    const mismatches: Mismatch[] = [];
    for (const id of ['extractAccidentFacts', 'body-only']) {
      const preds = predsBy.get(id) ?? [];
      docs.forEach((doc, i) => {
        const pred = preds[i];
        for (const field of FIELDS) {
          const g = doc.gold[field];
          const value = pred?.[field] ?? null;
          if (g.status === 'unquantified' || countCorrect(pairFor(g, value))) continue;
          if (id === 'body-only' && (g.status !== 'figure' || (sysPreds[i]?.[field] ?? null) === value)) continue;
          mismatches.push({
            system: id === 'body-only' ? 'text only' : 'title+text',
            file: doc.file,
            field,
            gold: g.value,
            goldStatus: g.status + (g.statedNone ? ' (text: none)' : ''),
            goldFigures: g.figures,
            predicted: value,
            evidence: pred?.evidence?.[field] ?? null,
          });
        }
      });
    }
    report.mismatches = mismatches;
  }
  return report;
}

// ---------------------------------------------------------------------------------------------
// Targets
// ---------------------------------------------------------------------------------------------

interface Target {
  id: string;
  description: string;
  value: number | null;
  target: number;
  met: boolean;
}

function target(id: string, description: string, value: number | null, min: number): Target {
  return { id, description, value, target: min, met: value !== null && value >= min };
}

// ---------------------------------------------------------------------------------------------
// Text output
// ---------------------------------------------------------------------------------------------

/** Terminal columns: CJK and full-width forms take two. */
function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    const wide =
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) ||
      (c >= 0x1f300 && c <= 0x1faff) ||
      (c >= 0x20000 && c <= 0x3fffd);
    w += wide ? 2 : 1;
  }
  return w;
}

function pad(s: string, width: number, right = false): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(s)));
  return right ? fill + s : s + fill;
}

/** First column left-aligned, the rest right-aligned. */
function table(rows: readonly (readonly string[])[], indent = '  '): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, displayWidth(c))));
  return rows.map((r) => indent + r.map((c, i) => pad(c, widths[i] ?? 0, i > 0)).join('  ').trimEnd());
}

const f3 = (x: number): string => x.toFixed(3);
const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const em = (m: ExactMatch): string => (m.n === 0 ? '—' : `${m.correct}/${m.n} ${pct(m.accuracy)}`);
const rate = (x: number): string => `${Math.round(x).toLocaleString('en-US')}/s`;
const kv = (r: Record<string, number>): string =>
  Object.keys(r).length === 0 ? 'none' : Object.entries(r).map(([k, v]) => `${k} ${v}`).join(', ');

function snippet(s: string, max = 70): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return [...flat].length > max ? `${[...flat].slice(0, max).join('')}…` : flat;
}

function sentimentText(r: SentimentReport, verbose: boolean): string[] {
  const out: string[] = [];
  out.push(`-- ${r.name} [${r.file}]`);
  out.push(`  标签映射 mapping: ${r.mapping}`);
  out.push(
    `  rows ${r.rows.toLocaleString('en-US')}, scored n=${r.n.toLocaleString('en-US')}; skipped: ${kv(r.skipped)}; ` +
      `duplicate texts: ${r.duplicates.toLocaleString('en-US')} (kept); ` +
      `macro-F1 over gold classes: ${r.classes.join(', ')}; throughput ${rate(r.throughput.itemsPerSecond)}`,
  );
  out.push(
    ...table([
      ['system', 'accuracy', 'macro-F1', 'neutral-rate'],
      ['scoreSentiment', f3(r.accuracy), f3(r.macroF1), pct(r.neutralRate)],
      [r.baseline.name, f3(r.baseline.accuracy), f3(r.baseline.macroF1), r.baseline.label === 'neutral' ? '100.0%' : '0.0%'],
      ...(r.unique ? [[`scoreSentiment, unique texts (n=${r.unique.n})`, f3(r.unique.accuracy), f3(r.unique.macroF1), '']] : []),
    ]),
  );
  out.push('  per class:');
  out.push(
    ...table(
      [
        ['class', 'precision', 'recall', 'F1', 'support', 'predicted'],
        ...r.perClass.map((c) => [c.label, f3(c.precision), f3(c.recall), f3(c.f1), String(c.support), String(c.predicted)]),
      ],
      '    ',
    ),
  );
  if (r.bySource.length > r.classes.length) {
    out.push(`  recall by source label: ${r.bySource.map((b) => `${b.source.split(' ')[0]} ${f3(b.recall)} (n=${b.n})`).join(', ')}`);
  }
  out.push('  confusion (rows = gold, columns = predicted):');
  const present = r.confusion.labels.map((l, i) => ({ l, row: r.confusion.matrix[i] ?? [] })).filter((x) => r.classes.includes(x.l));
  out.push(
    ...table(
      [
        ['gold \\ pred', ...r.confusion.labels],
        ...present.map((x) => [x.l, ...x.row.map(String)]),
      ],
      '    ',
    ),
  );
  if (verbose && r.examples && r.examples.length > 0) {
    out.push('  wrong predictions (sample per cell; score, cues):');
    for (const e of r.examples) {
      out.push(`    [${e.gold}→${e.pred}] (${e.source}, #${e.id}) ${e.score} {${e.cues.join(' ') || 'no cue'}} ${snippet(e.text)}`);
    }
  }
  return out;
}

function accidentText(r: AccidentSetReport, verbose: boolean): string[] {
  const out: string[] = [];
  const gs = (g: GoldStats): string =>
    `figure ${g.figure}, null ${g.none} (text says none: ${g.statedNone}), unquantified ${g.unquantified} (not scored), ambiguous ${g.ambiguous}`;
  out.push(`-- ${r.id}: ${r.description}`);
  out.push(`  docs ${r.docs}; throughput ${rate(r.throughput.itemsPerSecond)}`);
  out.push(`  gold deaths:   ${gs(r.gold.deaths)}`);
  out.push(`  gold injuries: ${gs(r.gold.injuries)}`);
  out.push(
    ...table([
      ['system', 'deaths@figure', 'deaths@all', 'injuries@figure', 'injuries@all'],
      ...PREDICTORS.map((p) => {
        const s = r.scores[p.id];
        return [p.name, ...(s ? [em(s.deaths.withFigure), em(s.deaths.all), em(s.injuries.withFigure), em(s.injuries.all)] : [])];
      }),
      ...CATEGORY_PREDICTORS.flatMap((pid) =>
        Object.entries(r.byCategory).map(([cat, c]) => {
          const s = c.scores[pid];
          const label = `  ${pid === 'body-only' ? 'text only' : 'title + text'} · ${cat} (${c.docs})`;
          return [label, ...(s ? [em(s.deaths.withFigure), em(s.deaths.all), em(s.injuries.withFigure), em(s.injuries.all)] : [])];
        }),
      ),
    ]),
  );
  if (verbose && r.mismatches) {
    out.push(`  mismatches (extractAccidentFacts; "text only" rows only where it differs from title + text), ${r.mismatches.length}:`);
    out.push(
      ...table(
        [
          ['file', 'input', 'field', 'gold', 'predicted', 'gold figures', 'evidence'],
          ...r.mismatches.map((m) => [
            snippet(m.file, 44),
            m.system,
            m.field,
            `${m.gold ?? 'null'} ${m.goldStatus === 'figure' ? '' : `[${m.goldStatus}]`}`.trim(),
            String(m.predicted ?? 'null'),
            m.goldFigures.join(',') || '—',
            m.evidence ? snippet(m.evidence, 30) : '—',
          ]),
        ],
        '    ',
      ),
    );
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------

interface Report {
  fixtures: string;
  generatedAt: string;
  sentiment: SentimentReport[];
  accident: AccidentSetReport[];
  alerts: ScenarioReport[];
  missing: string[];
  targets: Target[];
  notes: string[];
}

const NOTES = [
  'Sentiment: scoreSentiment({ text }) per post/review; macro-F1 averages the gold classes present; on 2-class sets a neutral prediction is wrong. Duplicated texts are kept (a unique-texts line is shown).',
  'Casualty gold, cec-annotated: head counts of CEC events whose Denoter is a death word (死亡/遇难/罹难/身亡/丧生/…) or an injury word (受伤/伤/轻伤/烧伤/…; 重伤 is a separate field), plus the headline toll (CEC does not annotate <Title>); several figures → the largest (totals come before regional / time breakdowns), counted as "ambiguous"; tolls in sentences dated to an earlier year than the report are ignored.',
  'Casualty gold, cec-raw: headline (file name) tolls only. A headline without a toll gives null, so "@all" there is a lower bound (the body often states a toll the headline omits), and "title + text" sees its own gold: read the "text only" row. cec-raw earthquake / food-poisoning are the same articles as cec-annotated.',
  'Alerts: precision = alerts about a labelled situation / all alerts raised (reminders of an unresolved alert not counted). Demo week: right when about one of its four accidents or an official hazard warning. Weibo surge: right only when a volume alert on 20 or 21 January.',
  'A null gold accepts 0 when the document says there were none (无人员伤亡, negative-polarity CEC event). "unquantified" docs (多人受伤, 伤者身亡, 数百人伤亡) cannot be judged and are left out of "@all".',
];

async function run(opts: Options): Promise<Report> {
  const f = (...p: string[]): string => path.join(opts.fixtures, ...p);
  const missing: string[] = [];
  const have = (p: string): boolean => {
    const ok = fs.existsSync(p);
    if (!ok) missing.push(path.relative(opts.fixtures, p) || p);
    return ok;
  };

  const sets: PolaritySet[] = [];
  const smp = f('sentiment', 'smp2020-ewect-virus-weibo-train.json');
  if (have(smp)) sets.push(loadSmp2020(smp));
  const covid = f('sentiment', 'covid-weibo-7emotions-labeled.csv');
  if (have(covid)) sets.push(loadCovid7(covid));
  const htl = f('sentiment', 'ChnSentiCorp_htl_all.csv');
  if (have(htl)) sets.push(loadBinaryReviews(htl, 'chnsenticorp-htl', 'ChnSentiCorp 酒店评论 (hotel reviews)'));
  const waimai = f('sentiment', 'waimai_10k.csv');
  if (have(waimai)) sets.push(loadBinaryReviews(waimai, 'waimai-10k', 'waimai_10k 外卖评论 (food-delivery reviews)'));
  const sentiment = sets.map((s) => evalSentiment(s, opts));

  const accident: AccidentSetReport[] = [];
  const annotated = f('events', 'cec-annotated');
  if (have(annotated)) {
    accident.push(evalAccidents('cec-annotated', 'CEC XML, gold from event annotations', loadCecAnnotated(annotated), opts));
  }
  const raw = f('events', 'cec-raw');
  if (have(raw)) {
    accident.push(evalAccidents('cec-raw', 'CEC plain texts, gold from the headline (file name)', loadCecRaw(raw), opts));
  }

  const alerts: ScenarioReport[] = [await demoScenario()];
  const surge = f('sentiment', 'covid-weibo-daily-post-counts-2020.csv');
  if (have(surge) && have(f('sentiment', 'covid-weibo-unlabeled-2020-01-20.gbk.csv'))) alerts.push(await weiboScenario(f('sentiment')));

  const smpReport = sentiment.find((s) => s.id === 'smp2020-ewect');
  const ann = accident.find((a) => a.id === 'cec-annotated');
  const rawDocs = accident.find((a) => a.id === 'cec-raw');
  const targets = [
    target('sentiment.smp2020-ewect.macroF1', '情感 macro-F1, SMP2020-EWECT 疫情微博 (3 classes)', smpReport?.macroF1 ?? null, 0.75),
    target(
      'accident.cec-annotated.deaths.withFigure',
      '死亡人数 exact, CEC annotated docs with a gold figure',
      ann?.scores.extractAccidentFacts?.deaths.withFigure.accuracy ?? null,
      0.9,
    ),
    target(
      'accident.cec-raw.traffic.deaths.withFigure.textOnly',
      '死亡人数 exact, CEC traffic reports, text only vs headline toll',
      rawDocs?.byCategory.traffic?.scores['body-only']?.deaths.withFigure.accuracy ?? null,
      0.9,
    ),
    ...alerts.map((a) => target(`alerts.${a.id}.precision`, `预警精确率 alert precision, ${a.id} replay`, a.precision, 0.8)),
  ];

  return { fixtures: opts.fixtures, generatedAt: new Date().toISOString(), sentiment, accident, alerts, missing, targets, notes: NOTES };
}

function render(r: Report, verbose: boolean): string {
  const out: string[] = [];
  out.push('舆情分析质量评估 / analyser evaluation');
  out.push(`fixtures: ${r.fixtures}`);
  if (r.missing.length > 0) out.push(`missing (skipped): ${r.missing.join(', ')}`);
  out.push('');
  out.push('== 1. 情感倾向 Sentiment: scoreSentiment ==');
  out.push(
    ...table([
      ['set', 'n', 'accuracy', 'macro-F1', 'neutral', 'majority acc', 'majority F1', 'items/s'],
      ...r.sentiment.map((s) => [
        s.id,
        s.n.toLocaleString('en-US'),
        f3(s.accuracy),
        f3(s.macroF1),
        pct(s.neutralRate),
        f3(s.baseline.accuracy),
        f3(s.baseline.macroF1),
        rate(s.throughput.itemsPerSecond),
      ]),
    ]),
  );
  for (const s of r.sentiment) {
    out.push('');
    out.push(...sentimentText(s, verbose));
  }
  out.push('');
  out.push('== 2. 事故伤亡抽取 Casualties: extractAccidentFacts (exact match) ==');
  out.push('  @figure = docs whose gold states a figure; @all = every judgeable doc (gold null must be predicted null, or 0 when the text says none)');
  for (const a of r.accident) {
    out.push('');
    out.push(...accidentText(a, verbose));
  }
  out.push('');
  out.push('== 3. 预警 Alerts: precision on replays (storage → analysis → detection, hour by hour) ==');
  out.push(
    ...table([
      ['scenario', 'items', 'alerts', 'right', 'precision', 'seconds'],
      ...r.alerts.map((a) => [a.id, a.items.toLocaleString('en-US'), String(a.alerts), String(a.truePositives), pct(a.precision), a.seconds.toFixed(0)]),
    ]),
  );
  for (const a of r.alerts) {
    out.push('');
    out.push(`-- ${a.id}: ${a.description}`);
    for (const e of a.expected) out.push(`  ${e.found ? '✓' : '✗'} expected: ${e.description}`);
    for (const fa of a.falseAlarms.slice(0, verbose ? 50 : 5)) out.push(`  false alarm: ${fa.at} ${fa.level} ${fa.kind} ${snippet(fa.subject, 50)}`);
  }
  out.push('');
  out.push('== 4. 目标 Targets ==');
  const fmt = (t: Target, x: number): string => (t.id.includes('macroF1') ? f3(x) : pct(x));
  const rows = r.targets.map((t) => [
    `${t.met ? '✓' : '✗'} ${t.description}`,
    t.value === null ? 'n/a' : fmt(t, t.value),
    `target ≥ ${fmt(t, t.target)}`,
  ]);
  out.push(...table(rows));
  out.push('');
  out.push('Notes:');
  for (const n of r.notes) out.push(`  - ${n}`);
  return `${out.join('\n')}\n`;
}

async function main(argv: readonly string[]): Promise<void> {
  let opts: Options | 'help';
  try {
    opts = parseArgs(argv);
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 2;
    return;
  }
  if (opts === 'help') {
    console.log('usage: npm run eval [-- --json] [--verbose] [--examples=N]   (EVAL_FIXTURES=dir to move the fixtures)');
    return;
  }
  if (!fs.existsSync(opts.fixtures)) {
    console.error(`fixtures not found: ${opts.fixtures} (set EVAL_FIXTURES)`);
    process.exitCode = 1;
    return;
  }
  const report = await run(opts);
  if (opts.json) console.log(JSON.stringify(report, null, 2));
  else process.stdout.write(render(report, opts.verbose));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    console.error(`eval 失败: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  });
}
