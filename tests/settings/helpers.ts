/** The demo week stored in a real SQLite file as the crawler stores it, analysed, for the settings tests. */
import { corpus, demoSources } from '@/demo/corpus';
import { upsertSources } from '@/lib/db';
import { AnalysisRunner } from '@/lib/pipeline/analyse';
import { seedAnalysisLexicon } from '@/lib/pipeline/seed';
import { SourceListSchema } from '@/lib/sources/schema';
import { storeDemoEntries } from '../helpers/demo-items';
import { createTestDb } from '../helpers/test-db';
import type { TestDb } from '../helpers/test-db';

export const START = new Date('2026-11-20T00:00:00Z');


export async function demoWeekDb(): Promise<{ t: TestDb; runner: AnalysisRunner }> {
  const t = await createTestDb();
  await upsertSources(t.client, SourceListSchema.parse(demoSources('http://127.0.0.1:9')), 'demo', START);
  await seedAnalysisLexicon(t.client, { demo: true });
  await storeDemoEntries(t.client, corpus, START);
  const runner = new AnalysisRunner(t.client, { now: () => START, batchSize: 100 });
  await runner.catchUp();
  return { t, runner };
}
