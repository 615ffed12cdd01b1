/**
 * The fixture corpus the analysis golden test runs, and the per-item record it compares. Shared by
 * the generator (run once, before a change to lib/analysis) and the test.
 *
 * Records hold digests of each part of the result, not the result itself: the evidence and cue
 * terms quote the fixture texts, which are research-use data that must not be copied into the
 * repository. A few scalar fields stay readable so a failure says what moved.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeItem } from '@/lib/analysis/analyze';
import type { AnalysisInput, ItemAnalysisResult } from '@/lib/analysis/analyze';
import type { SourceCategory } from '@/lib/analysis/risk';
import { minhashToHex } from '@/lib/analysis/simhash';
import { loadBinaryReviews, loadCecAnnotated, loadCecRaw, loadCovid7, loadSmp2020 } from '@/lib/eval/datasets';
import { corpus, expandText } from '@/demo/corpus';

export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../shared/fixtures');
export const GOLDEN_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'analysis-golden.json');

export function fixturesPresent(): boolean {
  return existsSync(path.join(FIXTURES, 'events')) && existsSync(path.join(FIXTURES, 'sentiment'));
}

export interface GoldenInput {
  id: string;
  input: AnalysisInput;
}

/** Source categories cycled over the items, so official voice and the forum factor are exercised. */
const CATEGORIES: readonly (SourceCategory | null)[] = [null, 'official', 'central_media', 'local_media', 'forum_social', 'own_site'];
/** A fixed publication time (Asia/Shanghai noon), so accident times resolve the same on every run. */
const PUBLISHED = new Date('2024-11-25T04:00:00Z');
/** Every STRIDE-th post of each sentiment set: a few thousand items keep the test within seconds. */
const STRIDE = 32;

/** Sentiment sets, CEC accident reports (annotated and raw) and the demo corpus, in a fixed order. */
export function goldenInputs(): GoldenInput[] {
  const out: GoldenInput[] = [];
  const add = (id: string, title: string, text: string): void => {
    const n = out.length;
    const sourceCategory = CATEGORIES[n % CATEGORIES.length] ?? null;
    out.push({ id, input: { title, text, sourceCategory, publishedAt: n % 2 === 0 ? PUBLISHED : null } });
  };
  loadCecAnnotated(path.join(FIXTURES, 'events/cec-annotated')).forEach((d, i) => add(`cec-annotated:${i}`, d.title, d.text));
  loadCecRaw(path.join(FIXTURES, 'events/cec-raw')).forEach((d, i) => add(`cec-raw:${i}`, d.title, d.text));
  const s = path.join(FIXTURES, 'sentiment');
  const sets = [
    loadSmp2020(path.join(s, 'smp2020-ewect-virus-weibo-train.json')),
    loadCovid7(path.join(s, 'covid-weibo-7emotions-labeled.csv')),
    loadBinaryReviews(path.join(s, 'waimai_10k.csv'), 'waimai', 'waimai'),
    loadBinaryReviews(path.join(s, 'ChnSentiCorp_htl_all.csv'), 'hotels', 'hotels'),
  ];
  for (const set of sets) {
    set.items.forEach((item, i) => {
      if (i % STRIDE !== 0) return;
      // Alternate the post between title and body, so both fields are scored.
      if (i % (2 * STRIDE) === 0) add(`${set.id}:${i}`, '', item.text);
      else add(`${set.id}:${i}`, item.text.slice(0, 60), item.text);
    });
  }
  const now = new Date('2024-11-25T04:00:00Z');
  corpus.forEach((e, i) => add(`demo:${i}`, e.title, expandText(e.body, now)));
  return out;
}

export interface GoldenRecord {
  /** Set and position: fixture names quote headlines, so they are not used. */
  id: string;
  /** Readable at a glance when a digest differs. */
  score: number;
  label: string;
  risk: number;
  grade: string | null;
  deaths: number | null;
  province: string | null;
  /** sha256 (first 8 hex digits) of each part's canonical JSON. */
  digests: Record<GoldenPart, string>;
}

export type GoldenPart = 'sentiment' | 'risk' | 'sensitivity' | 'accident' | 'place' | 'fingerprint' | 'segments' | 'other';

function digest(value: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(value, (_k, v: unknown) => (v instanceof Uint32Array ? minhashToHex(v) : v)))
    .digest('hex')
    .slice(0, 8);
}

export function goldenRecord(id: string, r: ItemAnalysisResult): GoldenRecord {
  return {
    id,
    score: r.sentiment.score,
    label: r.sentiment.label,
    risk: r.risk.score,
    grade: r.accident.grade,
    deaths: r.accident.deaths,
    province: r.place.province,
    digests: {
      sentiment: digest(r.sentiment),
      risk: digest(r.risk),
      sensitivity: digest(r.sensitivity),
      accident: digest(r.accident),
      place: digest(r.place),
      fingerprint: digest(r.fingerprint),
      segments: digest(r.segments),
      other: digest({ officialVoice: r.officialVoice, topics: r.topics, lexiconVersion: r.lexiconVersion }),
    },
  };
}

export function analyseGolden(inputs: readonly GoldenInput[]): GoldenRecord[] {
  return inputs.map(({ id, input }) => goldenRecord(id, analyzeItem(input)));
}

export const GOLDEN_PARTS: readonly GoldenPart[] = ['sentiment', 'risk', 'sensitivity', 'accident', 'place', 'fingerprint', 'segments', 'other'];

type GoldenRow = [id: string, score: number, label: string, risk: number, grade: string | null, deaths: number | null, province: string | null, digests: string];

/** One line per item: [id, score, label, risk, grade, deaths, province, "digest digest …"] in GOLDEN_PARTS order. */
export function serializeGolden(records: readonly GoldenRecord[]): string {
  const rows = records.map((r): GoldenRow => [
    r.id, r.score, r.label, r.risk, r.grade, r.deaths, r.province, GOLDEN_PARTS.map((p) => r.digests[p]).join(' '),
  ]);
  return `[\n${rows.map((row) => JSON.stringify(row)).join(',\n')}\n]\n`;
}

export function parseGolden(json: string): GoldenRecord[] {
  const rows = JSON.parse(json) as GoldenRow[];
  return rows.map(([id, score, label, risk, grade, deaths, province, joined]) => {
    const parts = joined.split(' ');
    const digests = Object.fromEntries(GOLDEN_PARTS.map((p, i) => [p, parts[i] ?? ''])) as Record<GoldenPart, string>;
    return { id, score, label, risk, grade, deaths, province, digests };
  });
}
