/**
 * The analysis lexicon as database rows: seeded from the team's files, editable afterwards.
 * Every change bumps LexiconState.version, which is how stale analyses are found.
 */
import type { Db } from './client';
import { appendAuditInTx } from './audit';
import type { AuditContext } from './audit';
import { takeWriteLock } from './dialect';
import { TX_OPTIONS } from './sources';
import type { LexiconEntryData, LexiconEntryKind } from '../analysis/lexicon';
import { requestReanalysis } from './analysis';
import type { TopicRow } from './analysis';

export interface StoredLexicon {
  version: number;
  entries: LexiconEntryData[];
}

export interface SeedResult {
  inserted: number;
  updated: number;
  version: number;
}

async function bump(tx: Pick<Db, 'lexiconState'>): Promise<number> {
  const state = await tx.lexiconState.upsert({
    where: { id: 1 },
    create: { id: 1, version: 1 },
    update: { version: { increment: 1 } },
  });
  return state.version;
}

export async function lexiconVersion(client: Db): Promise<number> {
  const state = await client.lexiconState.findUnique({ where: { id: 1 } });
  return state?.version ?? 0;
}

/**
 * Adds seed rows that are missing and refreshes seed rows nobody edited; user edits always win.
 * The version moves only when something changed, so a restart does not trigger re-analysis.
 */
export async function seedLexicon(client: Db, seed: readonly LexiconEntryData[]): Promise<SeedResult> {
  return client.$transaction(async (tx) => {
    await takeWriteLock(tx);
    const existing = await tx.lexiconEntry.findMany();
    const byKey = new Map(existing.map((e) => [`${e.kind}\u0000${e.term}`, e]));
    const toInsert: LexiconEntryData[] = [];
    let updated = 0;
    for (const s of seed) {
      const key = `${s.kind}\u0000${s.term}`;
      const row = byKey.get(key);
      if (!row) {
        toInsert.push(s);
        byKey.set(key, { ...s, id: -1, origin: 'seed', userEdited: false, note: null, updatedAt: new Date(), updatedBy: null });
        continue;
      }
      if (row.origin === 'seed' && !row.userEdited && (row.category !== s.category || row.weight !== s.weight)) {
        // eslint-disable-next-line no-await-in-loop -- a handful of rows after a release changes a weight
        await tx.lexiconEntry.update({ where: { id: row.id }, data: { category: s.category, weight: s.weight } });
        updated += 1;
      }
    }
    if (toInsert.length) {
      await tx.lexiconEntry.createMany({
        data: toInsert.map((s) => ({ ...s, origin: 'seed', userEdited: false })),
      });
    }
    const state = await tx.lexiconState.findUnique({ where: { id: 1 } });
    const version = toInsert.length || updated || !state ? await bump(tx) : state.version;
    return { inserted: toInsert.length, updated, version };
  }, TX_OPTIONS);
}

export async function loadLexicon(client: Db): Promise<StoredLexicon> {
  const [state, rows] = await Promise.all([
    client.lexiconState.findUnique({ where: { id: 1 } }),
    client.lexiconEntry.findMany({ orderBy: { id: 'asc' } }),
  ]);
  return {
    version: state?.version ?? 0,
    entries: rows.map((r) => ({
      kind: r.kind as LexiconEntryKind,
      term: r.term,
      category: r.category,
      weight: r.weight,
      enabled: r.enabled,
    })),
  };
}

export interface LexiconEdit {
  kind: LexiconEntryKind;
  term: string;
  category?: string;
  weight?: number;
  enabled?: boolean;
  note?: string | null;
  by: string;
}

/**
 * Creates or edits one entry (validated by the caller) and bumps the version; returns the new version.
 * With an audit context, the audit row is written in the same transaction.
 */
export async function upsertLexiconEntry(client: Db, edit: LexiconEdit, audit?: AuditContext): Promise<number> {
  return client.$transaction(async (tx) => {
    await takeWriteLock(tx);
    const data = {
      ...(edit.category !== undefined ? { category: edit.category } : {}),
      ...(edit.weight !== undefined ? { weight: edit.weight } : {}),
      ...(edit.enabled !== undefined ? { enabled: edit.enabled } : {}),
      ...(edit.note !== undefined ? { note: edit.note } : {}),
      updatedBy: edit.by,
    };
    await tx.lexiconEntry.upsert({
      where: { kind_term: { kind: edit.kind, term: edit.term } },
      create: { kind: edit.kind, term: edit.term, origin: 'user', userEdited: true, ...data },
      update: { ...data, userEdited: true },
    });
    const version = await bump(tx);
    if (audit) {
      await appendAuditInTx(tx, audit, {
        action: 'lexicon.save',
        objectType: 'lexicon',
        objectId: `${edit.kind}:${edit.term}`,
        detail: { category: edit.category, weight: edit.weight, enabled: edit.enabled, version },
      });
    }
    return version;
  }, TX_OPTIONS);
}

// ---------------------------------------------------------------- changes from the settings page and the CLI
// Every change that alters what the analysis produces bumps the version and queues the background
// re-analysis, so stored items are re-tagged; the worker picks the job up between its ticks.

export interface ReanalysisQueued {
  /** The lexicon version after the change. */
  version: number;
  /** The AnalysisJob that brings stored items to that version. */
  jobId: number;
}

/** Creates or edits one entry (validated by lib/settings) and queues the re-analysis. */
export async function saveLexiconEntryAndReanalyse(client: Db, edit: LexiconEdit, audit?: AuditContext): Promise<ReanalysisQueued> {
  const version = await upsertLexiconEntry(client, edit, audit);
  // Queued here so the page shows the job at once; the worker would queue it on its next pass anyway.
  const job = await requestReanalysis(client, { version, requestedBy: edit.by });
  return { version, jobId: job.id };
}

export interface TopicWrite {
  /** null: a new topic. */
  id: number | null;
  name: string;
  rule: string;
  description: string | null;
  enabled: boolean;
}

export type TopicChangeResult =
  | { ok: true; topic: TopicRow; reanalysis: ReanalysisQueued | null }
  | { ok: false; field: 'name' | 'id'; message: string };

const TOPIC_SELECT = { id: true, name: true, rule: true, description: true, enabled: true } as const;

/**
 * Creates or edits a topic (rule already validated by lib/settings). A new topic, a changed rule or a
 * change of enabled re-tags stored items (version bump + job); a new name or note does not.
 */
export async function saveTopicAndRetag(client: Db, t: TopicWrite, by: string, audit?: AuditContext): Promise<TopicChangeResult> {
  const r = await client.$transaction(async (tx) => {
    await takeWriteLock(tx);
    const detail = { name: t.name, rule: t.rule, enabled: t.enabled };
    const refuse = async (field: 'name' | 'id', message: string) => {
      if (audit) {
        await appendAuditInTx(tx, audit, {
          action: 'topic.save', objectType: 'topic', objectId: t.id === null ? 'new' : String(t.id), result: 'failed', reason: message, detail,
        });
      }
      return { ok: false as const, field, message };
    };
    const clash = await tx.topic.findUnique({ where: { name: t.name }, select: { id: true } });
    if (clash && clash.id !== t.id) return refuse('name', `已有名为「${t.name}」的专题`);
    const before = t.id === null ? null : await tx.topic.findUnique({ where: { id: t.id }, select: TOPIC_SELECT });
    if (t.id !== null && !before) return refuse('id', '该专题已不存在（可能已被删除）');
    const data = { name: t.name, rule: t.rule, description: t.description, enabled: t.enabled };
    const topic = before
      ? await tx.topic.update({ where: { id: before.id }, data, select: TOPIC_SELECT })
      : await tx.topic.create({ data, select: TOPIC_SELECT });
    const retag = !before || before.rule !== t.rule || before.enabled !== t.enabled;
    const version = retag ? await bump(tx) : null;
    if (audit) {
      await appendAuditInTx(tx, audit, {
        action: 'topic.save', objectType: 'topic', objectId: String(topic.id), detail: { ...detail, created: !before, version },
      });
    }
    return { ok: true as const, topic, version };
  }, TX_OPTIONS);
  if (!r.ok) return r;
  if (r.version === null) return { ok: true, topic: r.topic, reanalysis: null };
  const job = await requestReanalysis(client, { version: r.version, requestedBy: by });
  return { ok: true, topic: r.topic, reanalysis: { version: r.version, jobId: job.id } };
}

export async function setTopicEnabledAndRetag(
  client: Db,
  id: number,
  enabled: boolean,
  by: string,
  audit?: AuditContext,
): Promise<TopicChangeResult> {
  const current = await client.topic.findUnique({ where: { id }, select: TOPIC_SELECT });
  if (!current) return { ok: false, field: 'id', message: '该专题已不存在（可能已被删除）' };
  return saveTopicAndRetag(client, { ...current, enabled }, by, audit);
}

/** Deletes a topic with its tags, and re-analyses so nothing derived from it (rollups, explanations) stays. */
export async function deleteTopicAndRetag(
  client: Db,
  id: number,
  by: string,
  audit?: AuditContext,
): Promise<{ ok: true; name: string; reanalysis: ReanalysisQueued } | { ok: false; message: string }> {
  const r = await client.$transaction(async (tx) => {
    await takeWriteLock(tx);
    const topic = await tx.topic.findUnique({ where: { id }, select: { name: true, rule: true } });
    if (!topic) return null;
    await tx.topic.delete({ where: { id } });
    const version = await bump(tx);
    if (audit) {
      await appendAuditInTx(tx, audit, { action: 'topic.delete', objectType: 'topic', objectId: String(id), detail: { name: topic.name, rule: topic.rule, version } });
    }
    return { name: topic.name, version };
  }, TX_OPTIONS);
  if (!r) return { ok: false, message: '该专题已不存在（可能已被删除）' };
  const job = await requestReanalysis(client, { version: r.version, requestedBy: by });
  return { ok: true, name: r.name, reanalysis: { version: r.version, jobId: job.id } };
}
