/**
 * Lexicon edits from the settings page (and `npm run lexicon -- set`), on a real SQLite file holding
 * the analysed demo week: each edit is marked as a person's, bumps the version, queues a job that
 * the worker's runner completes, and the re-analysis uses the new entry. Browsing by kind, search
 * and paging.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  countStaleItems,
  findLexiconEntry,
  getAnalysisStatus,
  getLexiconPage,
  lexiconVersion,
  saveLexiconEntryAndReanalyse,
} from '@/lib/db';
import type { AnalysisRunner } from '@/lib/pipeline/analyse';
import { seedAnalysisLexicon } from '@/lib/pipeline/seed';
import { parseLexiconForm } from '@/lib/settings/lexicon-form';
import type { TestDb } from '../helpers/test-db';
import { demoWeekDb } from './helpers';

let t: TestDb;
let runner: AnalysisRunner;

beforeAll(async () => {
  ({ t, runner } = await demoWeekDb());
}, 180_000);
afterAll(async () => t?.cleanup());

function form(fields: Record<string, string>): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  return fd;
}

describe('lexicon edits', () => {
  test('adding a word marks it as a person’s, bumps the version and queues a job', async () => {
    const version = await lexiconVersion(t.client);
    expect(await findLexiconEntry(t.client, 'sentiment', '封口协议')).toBeNull();
    const parsed = parseLexiconForm(form({ kind: 'sentiment', term: '封口协议', category: 'sensitive.family', weight: '-3', enabled: 'on', note: '测试' }), null);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const r = await saveLexiconEntryAndReanalyse(t.client, { ...parsed.edit, by: 'web:张三' });
    expect(r.version).toBe(version + 1);
    const row = await findLexiconEntry(t.client, 'sentiment', '封口协议');
    expect(row).toMatchObject({ origin: 'user', userEdited: true, updatedBy: 'web:张三', weight: -3, category: 'sensitive.family', note: '测试', enabled: true });
    const status = await getAnalysisStatus(t.client);
    expect(status.version).toBe(version + 1);
    expect(status.jobs[0]).toMatchObject({ id: r.jobId, state: 'queued', lexiconVersion: version + 1, requestedBy: 'web:张三', done: 0 });
    expect(await countStaleItems(t.client, version + 1)).toBe(await t.client.item.count());
  });

  test('an edit made before the worker got to the last one supersedes it', async () => {
    const first = (await getAnalysisStatus(t.client)).jobs[0];
    const r = await saveLexiconEntryAndReanalyse(t.client, { kind: 'degree', term: '极其', weight: 2, by: 'web' });
    const jobs = (await getAnalysisStatus(t.client)).jobs;
    expect(jobs[0]).toMatchObject({ id: r.jobId, state: 'queued', lexiconVersion: r.version });
    expect(jobs[1]).toMatchObject({ id: first?.id, state: 'cancelled' });
  });

  test('the worker’s runner completes the job and the re-analysis uses the edit', async () => {
    const item = await t.client.item.findFirst({ where: { OR: [{ title: { contains: '寒心' } }, { summaryText: { contains: '寒心' } }] } });
    expect(item).not.toBeNull();
    const cue = async () => {
      const a = await t.client.itemAnalysis.findUnique({ where: { itemId: item?.id ?? 0 } });
      return (JSON.parse(a?.cuesJson ?? '[]') as { term: string; weight: number }[]).find((c) => c.term === '寒心');
    };
    const before = (await cue())?.weight ?? 0;
    expect(before).not.toBe(0);
    const r = await saveLexiconEntryAndReanalyse(t.client, { kind: 'sentiment', term: '寒心', weight: 2, by: 'web:李四' });
    await runner.catchUp();
    const job = (await getAnalysisStatus(t.client)).jobs[0];
    expect(job).toMatchObject({ id: r.jobId, state: 'done', failed: 0 });
    expect(job?.done).toBe(await t.client.item.count());
    expect(job?.startedAt).toBeInstanceOf(Date);
    expect(job?.finishedAt).toBeInstanceOf(Date);
    expect(await countStaleItems(t.client, r.version)).toBe(0);
    // Same negation/degree around it, new base weight: -2.5 → 2.
    expect((await cue())?.weight).toBeCloseTo((before / -2.5) * 2, 3);
    expect(await findLexiconEntry(t.client, 'sentiment', '寒心')).toMatchObject({ origin: 'seed', userEdited: true, updatedBy: 'web:李四', weight: 2 });
  });

  test('a person’s edit survives the next seed, which changes nothing', async () => {
    await saveLexiconEntryAndReanalyse(t.client, { kind: 'sentiment', term: '小', enabled: false, by: 'web' });
    const version = await lexiconVersion(t.client);
    const seed = await seedAnalysisLexicon(t.client, { demo: true });
    expect(seed).toEqual({ inserted: 0, updated: 0, version });
    expect(await findLexiconEntry(t.client, 'sentiment', '小')).toMatchObject({ enabled: false, userEdited: true });
    expect(await findLexiconEntry(t.client, 'sentiment', '寒心')).toMatchObject({ weight: 2 });
  });
});

describe('browsing the lexicon', () => {
  test('by kind, people’s edits first, with counts per kind', async () => {
    const page = await getLexiconPage(t.client, { kind: 'sentiment', q: '', status: 'all', page: 1, pageSize: 50 });
    const total = await t.client.lexiconEntry.count({ where: { kind: 'sentiment' } });
    expect(page.total).toBe(total);
    expect(page.kindCounts.sentiment).toBe(total);
    expect(page.kindCounts.degree).toBe(await t.client.lexiconEntry.count({ where: { kind: 'degree' } }));
    expect(page.pages).toBe(Math.ceil(total / 50));
    expect(page.rows).toHaveLength(50);
    // The three edited sentiment rows come first, newest first.
    expect(page.rows.slice(0, 3).map((r) => r.term)).toEqual(['小', '寒心', '封口协议']);
    expect(page.rows[3]?.userEdited).toBe(false);
  });

  test('search by term, category or note; filter by status; a page past the end shows the last', async () => {
    const q = await getLexiconPage(t.client, { kind: 'sentiment', q: '封口', status: 'all', page: 1, pageSize: 50 });
    expect(q.rows.map((r) => r.term)).toEqual(expect.arrayContaining(['封口费', '封口协议']));
    expect(q.rows.every((r) => r.term.includes('封口') || r.category.includes('封口') || (r.note ?? '').includes('封口'))).toBe(true);
    const byCategory = await getLexiconPage(t.client, { kind: 'sentiment', q: 'sensitive.rumour', status: 'all', page: 1, pageSize: 500 });
    expect(byCategory.total).toBe(await t.client.lexiconEntry.count({ where: { kind: 'sentiment', category: 'sensitive.rumour' } }));
    const disabled = await getLexiconPage(t.client, { kind: 'sentiment', q: '', status: 'disabled', page: 1, pageSize: 50 });
    expect(disabled.rows.map((r) => r.term)).toEqual(['小']);
    const edited = await getLexiconPage(t.client, { kind: 'degree', q: '', status: 'edited', page: 1, pageSize: 50 });
    expect(edited.rows.map((r) => r.term)).toEqual(['极其']);
    const none = await getLexiconPage(t.client, { kind: 'negator', q: '不存在的词', status: 'all', page: 1, pageSize: 50 });
    expect(none).toMatchObject({ total: 0, rows: [], page: 1, pages: 1 });
    const last = await getLexiconPage(t.client, { kind: 'sentiment', q: '', status: 'all', page: 9999, pageSize: 50 });
    expect(last.page).toBe(last.pages);
    expect(last.rows.length).toBeGreaterThan(0);
  });
});
