/**
 * The analysis lexicon as database rows: seeded from the team's files, editable afterwards.
 * Every change bumps LexiconState.version, which is how stale analyses are found.
 */
import type { Db } from './client';
import { takeWriteLock } from './dialect';
import { TX_OPTIONS } from './sources';
import type { LexiconEntryData, LexiconEntryKind } from '../analysis/lexicon';

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

/** Creates or edits one entry (validated by the caller) and bumps the version; returns the new version. */
export async function upsertLexiconEntry(client: Db, edit: LexiconEdit): Promise<number> {
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
    return bump(tx);
  }, TX_OPTIONS);
}
