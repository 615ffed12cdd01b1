/**
 * Analysis in the pipeline on a real SQLite file: the demo corpus is stored as the crawler would
 * store it, then analysed; reposts and follow-ups of each demo accident must land in one event.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { corpus, demoSources } from '@/demo/corpus';
import type { CorpusEntry } from '@/demo/corpus';
import {
  latestAnalysisJobs,
  lexiconVersion,
  seedLexicon,
  upsertLexiconEntry,
  upsertSources,
  upsertTopic,
} from '@/lib/db';
import { DEFAULT_TYPE_CUES } from '@/lib/analysis/accident';
import { DEFAULT_LEXICON, lexiconSeedEntries } from '@/lib/analysis/lexicon';
import { AnalysisRunner } from '@/lib/pipeline/analyse';
import { seedAnalysisLexicon } from '@/lib/pipeline/seed';
import { SourceListSchema } from '@/lib/sources/schema';
import { storeDemoEntries } from '../helpers/demo-items';
import { createTestDb } from '../helpers/test-db';
import type { TestDb } from '../helpers/test-db';

const START = new Date('2026-11-20T00:00:00Z');


async function storeCorpus(t: TestDb, entries: readonly CorpusEntry[]): Promise<void> {
  await storeDemoEntries(t.client, entries, START);
}

let t: TestDb;
let runner: AnalysisRunner;

beforeAll(async () => {
  t = await createTestDb();
  await upsertSources(t.client, SourceListSchema.parse(demoSources('http://127.0.0.1:9')), 'demo', START);
  await seedAnalysisLexicon(t.client, { demo: true });
  runner = new AnalysisRunner(t.client, { now: () => START, batchSize: 50 });
});
afterAll(async () => t.cleanup());

describe('lexicon seed', () => {
  test('is idempotent and keeps user edits', async () => {
    const v1 = await lexiconVersion(t.client);
    expect(v1).toBeGreaterThan(0);
    const again = await seedAnalysisLexicon(t.client, { demo: true });
    expect(again).toMatchObject({ inserted: 0, updated: 0, version: v1 });
    const v2 = await upsertLexiconEntry(t.client, { kind: 'sentiment', term: '瞒报', category: 'sensitive.reporting', weight: -2, by: 'test' });
    expect(v2).toBe(v1 + 1);
    // A release that changes the seed weight must not overwrite the office's own value.
    const seed = lexiconSeedEntries(DEFAULT_LEXICON, DEFAULT_TYPE_CUES).map((e) => (e.term === '瞒报' ? { ...e, weight: -3 } : e));
    await seedLexicon(t.client, seed);
    const row = await t.client.lexiconEntry.findUnique({ where: { kind_term: { kind: 'sentiment', term: '瞒报' } } });
    expect(row).toMatchObject({ weight: -2, userEdited: true });
  });
});

describe('analysis of stored items', () => {
  beforeAll(async () => {
    await upsertTopic(t.client, { name: '煤矿透水', rule: '煤矿 AND (透水 OR 突水)' });
    await storeCorpus(t, corpus);
    const r = await runner.analyseNew();
    expect(r.failed).toBe(0);
  });

  test('every item has an analysis with cues, risk and fingerprints', async () => {
    const items = await t.client.item.count();
    const rows = await t.client.itemAnalysis.findMany();
    expect(rows).toHaveLength(items);
    for (const r of rows) {
      expect(r.label).toMatch(/^(negative|neutral|positive)$/);
      expect(r.risk).toBeGreaterThanOrEqual(0);
      expect(r.risk).toBeLessThanOrEqual(100);
      expect(r.simhash).toMatch(/^[0-9a-f]{16}$/);
      expect(Array.isArray(JSON.parse(r.cuesJson))).toBe(true);
      expect(r.eventId).not.toBeNull();
    }
  });

  test('an item repeating a rumour of cover-up is high risk and highly sensitive, with the cue offsets', async () => {
    const item = await t.client.item.findFirstOrThrow({ where: { itemHash: 'f-mine-rumor-20' }, include: { analysis: true } });
    const a = item.analysis;
    expect(a?.sensitivity).toBe('high');
    expect(a?.label).toBe('negative');
    const cues = JSON.parse(a?.cuesJson ?? '[]') as { term: string; field: string; start: number; end: number }[];
    const cover = cues.find((c) => c.term === '瞒报');
    expect(cover).toBeDefined();
    const field = cover?.field === 'title' ? item.title : item.summaryText;
    expect(field.slice(cover?.start, cover?.end)).toBe('瞒报');
    const official = await t.client.item.findFirstOrThrow({ where: { itemHash: 'o-mine-first' }, include: { analysis: true } });
    expect(official.analysis?.officialVoice).toBe(true);
    expect(a?.risk ?? 0).toBeGreaterThan(official.analysis?.risk ?? 100);
  });

  test('accident facts: the chemical explosion is graded from its deaths', async () => {
    const rows = await t.client.itemAnalysis.findMany({
      where: { item: { itemHash: { in: corpus.filter((e) => e.story === 'chem').map((e) => e.id) } }, grade: { not: null } },
    });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((r) => r.accidentTypeCode !== null)).toBe(true);
  });

  test('items of one demo accident share one event, and no event mixes two accidents', async () => {
    const rows = await t.client.itemAnalysis.findMany({ select: { eventId: true, item: { select: { itemHash: true } } } });
    const storyOf = new Map(corpus.map((e) => [e.id, e.story ?? null]));
    const eventsByStory = new Map<string, Map<number, number>>();
    const storiesByEvent = new Map<number, Set<string>>();
    for (const r of rows) {
      const story = storyOf.get(r.item.itemHash);
      if (!story || r.eventId === null) continue;
      const counts = eventsByStory.get(story) ?? new Map<number, number>();
      counts.set(r.eventId, (counts.get(r.eventId) ?? 0) + 1);
      eventsByStory.set(story, counts);
      storiesByEvent.set(r.eventId, (storiesByEvent.get(r.eventId) ?? new Set()).add(story));
    }
    for (const [story, counts] of eventsByStory) {
      const total = [...counts.values()].reduce((a, b) => a + b, 0);
      const biggest = Math.max(...counts.values());
      // Family posts that name no accident may stand alone; the official and media reports must not.
      expect(biggest / total, `${story}: ${JSON.stringify([...counts])}`).toBeGreaterThanOrEqual(0.6);
    }
    for (const [event, stories] of storiesByEvent) expect([...stories], `event ${event}`).toHaveLength(1);
  });

  test('an event is known by its earliest official report, not by whichever item was analysed first', async () => {
    for (const story of ['mine', 'chem'] as const) {
      const ids = corpus.filter((e) => e.story === story).map((e) => e.id);
      const rows = await t.client.itemAnalysis.findMany({
        where: { item: { itemHash: { in: ids } } },
        include: { item: true, event: true },
      });
      const counts = new Map<number, number>();
      for (const r of rows) if (r.eventId !== null) counts.set(r.eventId, (counts.get(r.eventId) ?? 0) + 1);
      const main = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
      const members = rows.filter((r) => r.eventId === main && r.officialVoice && r.accidentTypeCode !== null);
      members.sort((a, b) => a.item.sortAt.getTime() - b.item.sortAt.getTime());
      const event = rows.find((r) => r.eventId === main)?.event;
      expect(event?.title, story).toBe(members[0]?.item.title);
    }
  });

  test('events carry counts, sources and an explained heat', async () => {
    const top = await t.client.event.findFirstOrThrow({ orderBy: { itemCount: 'desc' } });
    expect(top.itemCount).toBeGreaterThan(5);
    expect(top.sourceCount).toBeGreaterThan(2);
    expect(top.heat).toBeGreaterThan(0);
    const factors = JSON.parse(top.heatJson) as { key: string; contribution: number }[];
    expect(factors.map((f) => f.key)).toEqual(expect.arrayContaining(['sources', 'items', 'authority', 'grade', 'negative']));
    const sum = factors.reduce((s, f) => s + f.contribution, 0);
    expect(Math.abs(sum - top.heat)).toBeLessThan(1);
  });

  test('hourly rollups match the items and their labels, per dimension', async () => {
    const rollups = await t.client.hourlyRollup.findMany();
    const sum = (dim: string, f: 'items' | 'negative') => rollups.filter((r) => r.dimension === dim).reduce((n, r) => n + r[f], 0);
    const items = await t.client.item.count();
    const negative = await t.client.itemAnalysis.count({ where: { label: 'negative' } });
    expect(sum('all', 'items')).toBe(items);
    expect(sum('all', 'negative')).toBe(negative);
    for (const dim of ['category', 'region', 'event', 'source']) expect(sum(dim, 'items'), dim).toBe(items);
    const topic = await t.client.topic.findUniqueOrThrow({ where: { name: '煤矿透水' }, include: { items: true } });
    expect(sum('topic', 'items')).toBe(topic.items.length);
    const region = rollups.filter((r) => r.dimension === 'region' && r.key === '演示省').reduce((n, r) => n + r.items, 0);
    expect(region).toBeGreaterThan(20);
    // Buckets are whole UTC hours.
    for (const r of rollups) expect(r.bucket.getTime() % 3_600_000).toBe(0);
  });

  test('items are tagged with the topics they match', async () => {
    const topic = await t.client.topic.findUniqueOrThrow({ where: { name: '煤矿透水' }, include: { items: true } });
    expect(topic.items.length).toBeGreaterThan(5);
    const tagged = await t.client.item.findMany({ where: { id: { in: topic.items.map((i) => i.itemId) } } });
    for (const i of tagged) expect(`${i.title}${i.summaryText}`).toMatch(/煤矿[\s\S]*(透水|突水)|(透水|突水)[\s\S]*煤矿/);
  });

  test('a lexicon change re-analyses every item as a job with progress, keeping events', async () => {
    const before = await t.client.itemAnalysis.findMany({ select: { itemId: true, eventId: true } });
    await upsertLexiconEntry(t.client, { kind: 'sentiment', term: '排水泵', category: 'general', weight: 2, by: 'test' });
    const version = await lexiconVersion(t.client);
    // A deadline already passed: one batch only, then the job is left running with its progress.
    const first = await runner.catchUp(0);
    expect(first.jobId).not.toBeNull();
    const [running] = await latestAnalysisJobs(t.client, 1);
    expect(running).toMatchObject({ state: 'running', lexiconVersion: version });
    expect(running?.done).toBeGreaterThan(0);
    expect(running?.done).toBeLessThan(running?.total ?? 0);
    const rest = await runner.catchUp();
    expect(rest.remaining).toBe(0);
    const [done] = await latestAnalysisJobs(t.client, 1);
    expect(done).toMatchObject({ state: 'done', total: before.length, done: before.length, failed: 0 });
    const after = await t.client.itemAnalysis.findMany({ select: { itemId: true, eventId: true, lexiconVersion: true, cuesJson: true } });
    expect(after.every((a) => a.lexiconVersion === version)).toBe(true);
    const eventOf = new Map(before.map((b) => [b.itemId, b.eventId]));
    for (const a of after) expect(a.eventId).toBe(eventOf.get(a.itemId));
    expect(after.some((a) => a.cuesJson.includes('"排水泵"'))).toBe(true);
    // Rollups follow the new labels.
    const negative = await t.client.itemAnalysis.count({ where: { label: 'negative' } });
    const rolled = await t.client.hourlyRollup.aggregate({ where: { dimension: 'all' }, _sum: { negative: true } });
    expect(rolled._sum.negative).toBe(negative);
    // Nothing left: a further call creates no job.
    const idle = await runner.catchUp();
    expect(idle).toMatchObject({ analysed: 0, jobId: null });
  });
});
