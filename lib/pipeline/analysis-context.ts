/**
 * The lexicon and topics an analysis runs with, loaded from the database and reloaded only when
 * they changed (the lexicon version or the topics' last update), so every batch is cheap.
 */
import { compileTypeCues, isAccidentTypeCode } from '@/lib/analysis/accident';
import type { TypeCue } from '@/lib/analysis/accident';
import type { AnalysisLexicon, CompiledTopic } from '@/lib/analysis/analyze';
import { lexiconFromEntries, placesFromEntries } from '@/lib/analysis/lexicon';
import { compileGazetteer } from '@/lib/analysis/place';
import { parseTopicRule } from '@/lib/analysis/topic-rules';
import { loadConfig } from '@/lib/config';
import {
  createDb,
  dbPathsForUrl,
  ensureMigrated,
  lexiconVersion,
  listTopics,
  loadLexicon,
  prepareSqlite,
  migrationTarget,
  topicsChangedAt,
} from '@/lib/db';
import type { Db } from '@/lib/db';
import { log } from '@/lib/log';
import { seedAnalysisLexicon } from './seed';

export interface AnalysisContext {
  lexicon: AnalysisLexicon;
  topics: CompiledTopic[];
  topicsKey: string;
}

/** Reloads what changed since `prev` (or everything); topics whose rule no longer parses are skipped and logged. */
export async function refreshAnalysisContext(client: Db, prev?: AnalysisContext): Promise<AnalysisContext> {
  const [version, topicsKey] = await Promise.all([lexiconVersion(client), topicsChangedAt(client)]);
  let lexicon = prev?.lexicon;
  if (!lexicon || lexicon.version !== version) {
    const stored = await loadLexicon(client);
    const typeCues: TypeCue[] = stored.entries
      .filter((e) => e.kind === 'accident_type' && e.enabled && isAccidentTypeCode(e.category))
      .map((e) => ({ cue: e.term, code: e.category as TypeCue['code'] }));
    lexicon = {
      version: stored.version,
      sentiment: lexiconFromEntries(stored.entries),
      typeCues: compileTypeCues(typeCues),
      gazetteer: compileGazetteer(placesFromEntries(stored.entries)),
    };
  }
  let topics = prev?.topics;
  if (!topics || prev?.topicsKey !== topicsKey) {
    topics = [];
    for (const t of await listTopics(client, { enabledOnly: true })) {
      const parsed = parseTopicRule(t.rule);
      if (parsed.ok) topics.push({ id: t.id, name: t.name, rule: parsed.rule });
      else log.warn('topic_rule_invalid', { topic: t.name, message: parsed.error.message });
    }
  }
  return { lexicon, topics, topicsKey };
}

/** For CLIs: opens the configured database, seeds the lexicon if needed, loads the context. */
export async function loadAnalysisContext(): Promise<AnalysisContext & { client: Db; close: () => Promise<void> }> {
  const cfg = loadConfig();
  await ensureMigrated(migrationTarget(cfg.db.url), dbPathsForUrl(cfg.db.url));
  const client = createDb(cfg.db.url);
  if (cfg.db.engine === 'sqlite') await prepareSqlite(client);
  await seedAnalysisLexicon(client, { demo: cfg.demo.enabled });
  const ctx = await refreshAnalysisContext(client);
  return { ...ctx, client, close: () => client.$disconnect() };
}
