/**
 * What the settings pages (设置) read: topics with their recent tags, lexicon entries by kind with
 * search and paging, the re-analysis jobs, the stored warning settings with who changed them last,
 * notification channels and rules, and the recent items a topic rule is tried on.
 */
import type { Db } from '../client';
import { itemsForAnalysis } from '../analysis';
import type { AnalysisJobRow } from '../analysis';

/** A re-analysis job with who asked for it. */
export type SettingsJobRow = AnalysisJobRow & { requestedBy: string | null };

// ---------------------------------------------------------------- index

export interface SettingRecord {
  value: unknown;
  updatedAt: Date;
  updatedBy: string | null;
}

export async function getSettingRecord(client: Db, key: string): Promise<SettingRecord | null> {
  const row = await client.setting.findUnique({ where: { key } });
  if (!row) return null;
  let value: unknown;
  try {
    value = JSON.parse(row.valueJson) as unknown;
  } catch {
    value = undefined;
  }
  return { value, updatedAt: row.updatedAt, updatedBy: row.updatedBy };
}

export interface SettingsOverview {
  topics: { total: number; enabled: number };
  lexicon: { version: number; entries: number; userEdited: number; disabled: number };
  job: SettingsJobRow | null;
  thresholds: SettingRecord | null;
  clocks: SettingRecord | null;
  channels: number;
  rules: number;
}

export async function getSettingsOverview(client: Db, keys: { thresholds: string; clocks: string }): Promise<SettingsOverview> {
  const [topics, enabledTopics, state, entries, userEdited, disabled, job, thresholds, clocks, channels, rules] = await Promise.all([
    client.topic.count(),
    client.topic.count({ where: { enabled: true } }),
    client.lexiconState.findUnique({ where: { id: 1 } }),
    client.lexiconEntry.count(),
    client.lexiconEntry.count({ where: { userEdited: true } }),
    client.lexiconEntry.count({ where: { enabled: false } }),
    client.analysisJob.findFirst({ orderBy: { id: 'desc' } }),
    getSettingRecord(client, keys.thresholds),
    getSettingRecord(client, keys.clocks),
    client.notificationChannel.count(),
    client.notificationRule.count(),
  ]);
  return {
    topics: { total: topics, enabled: enabledTopics },
    lexicon: { version: state?.version ?? 0, entries, userEdited, disabled },
    job,
    thresholds,
    clocks,
    channels,
    rules,
  };
}

// ---------------------------------------------------------------- topics

export interface TopicSettingsRow {
  id: number;
  name: string;
  rule: string;
  description: string | null;
  enabled: boolean;
  createdAt: Date;
  updatedAt: Date;
  /** Items stored since `since` that the analysis tagged with this topic. */
  taggedRecent: number;
}

export async function getTopicSettingsRows(client: Db, since: Date): Promise<TopicSettingsRow[]> {
  const [topics, tagged] = await Promise.all([
    client.topic.findMany({ orderBy: { id: 'asc' } }),
    client.itemTopic.groupBy({ by: ['topicId'], where: { item: { sortAt: { gte: since } } }, _count: { _all: true } }),
  ]);
  const counts = new Map(tagged.map((t) => [t.topicId, t._count._all]));
  return topics.map((t) => ({
    id: t.id,
    name: t.name,
    rule: t.rule,
    description: t.description,
    enabled: t.enabled,
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
    taggedRecent: counts.get(t.id) ?? 0,
  }));
}

export async function getTopicForSettings(client: Db, id: number): Promise<Omit<TopicSettingsRow, 'taggedRecent'> | null> {
  return client.topic.findUnique({
    where: { id },
    select: { id: true, name: true, rule: true, description: true, enabled: true, createdAt: true, updatedAt: true },
  });
}

/**
 * The newest items stored since `since`, at most `limit`, with the text the analysis reads (so a
 * rule's preview matches what tagging will do). `truncated`: the window held more.
 */
export async function getTopicPreviewItems(
  client: Db,
  q: { since: Date; limit: number },
): Promise<{ items: { id: number; title: string; text: string; sortAt: Date; sourceId: string }[]; truncated: boolean }> {
  const ids = await client.item.findMany({
    where: { sortAt: { gte: q.since } },
    select: { id: true },
    orderBy: [{ sortAt: 'desc' }, { id: 'desc' }],
    take: q.limit + 1,
  });
  const items = await itemsForAnalysis(client, ids.slice(0, q.limit).map((r) => r.id));
  // Newest first, as the preview lists its samples.
  items.sort((a, b) => b.sortAt.getTime() - a.sortAt.getTime() || b.id - a.id);
  return {
    items: items.map((i) => ({ id: i.id, title: i.title, text: i.text, sortAt: i.sortAt, sourceId: i.sourceId })),
    truncated: ids.length > q.limit,
  };
}

// ---------------------------------------------------------------- lexicon

export interface LexiconEntryRow {
  id: number;
  kind: string;
  term: string;
  category: string;
  weight: number;
  enabled: boolean;
  origin: string;
  userEdited: boolean;
  note: string | null;
  updatedAt: Date;
  updatedBy: string | null;
}

export interface LexiconPage {
  rows: LexiconEntryRow[];
  total: number;
  page: number;
  pages: number;
  /** Entries per kind (all statuses), for the kind tabs. */
  kindCounts: Record<string, number>;
}

export async function getLexiconPage(
  client: Db,
  q: { kind: string; q: string; status: 'all' | 'enabled' | 'disabled' | 'edited'; page: number; pageSize: number },
): Promise<LexiconPage> {
  const where = {
    kind: q.kind,
    ...(q.status === 'enabled' ? { enabled: true } : q.status === 'disabled' ? { enabled: false } : q.status === 'edited' ? { userEdited: true } : {}),
    ...(q.q ? { OR: [{ term: { contains: q.q } }, { category: { contains: q.q } }, { note: { contains: q.q } }] } : {}),
  };
  const [total, byKind] = await Promise.all([
    client.lexiconEntry.count({ where }),
    client.lexiconEntry.groupBy({ by: ['kind'], _count: { _all: true } }),
  ]);
  const pages = Math.max(1, Math.ceil(total / q.pageSize));
  const page = Math.min(q.page, pages);
  const rows = await client.lexiconEntry.findMany({
    where,
    // The people's edits first (newest first), then the seed in its order.
    orderBy: [{ userEdited: 'desc' }, { updatedAt: 'desc' }, { id: 'asc' }],
    skip: (page - 1) * q.pageSize,
    take: q.pageSize,
  });
  return { rows, total, page, pages, kindCounts: Object.fromEntries(byKind.map((k) => [k.kind, k._count._all])) };
}

export async function getLexiconEntryById(client: Db, id: number): Promise<LexiconEntryRow | null> {
  return client.lexiconEntry.findUnique({ where: { id } });
}

export async function findLexiconEntry(client: Db, kind: string, term: string): Promise<LexiconEntryRow | null> {
  return client.lexiconEntry.findUnique({ where: { kind_term: { kind, term } } });
}

// ---------------------------------------------------------------- re-analysis

export interface AnalysisStatus {
  version: number;
  jobs: SettingsJobRow[];
}

export async function getAnalysisStatus(client: Db, take = 3): Promise<AnalysisStatus> {
  const [state, jobs] = await Promise.all([
    client.lexiconState.findUnique({ where: { id: 1 } }),
    client.analysisJob.findMany({ orderBy: { id: 'desc' }, take }),
  ]);
  return { version: state?.version ?? 0, jobs };
}

// ---------------------------------------------------------------- notifications

export interface ChannelSettingsRow {
  id: number;
  name: string;
  kind: string;
  /** Holds secrets: parse and mask on the server; never pass to the browser. */
  configJson: string;
  enabled: boolean;
  updatedAt: Date;
}

export async function getNotificationSettings(client: Db): Promise<{
  channels: ChannelSettingsRow[];
  rules: { id: number; name: string; ruleJson: string; enabled: boolean; updatedAt: Date }[];
}> {
  const [channels, rules] = await Promise.all([
    client.notificationChannel.findMany({
      orderBy: { id: 'asc' },
      select: { id: true, name: true, kind: true, configJson: true, enabled: true, updatedAt: true },
    }),
    client.notificationRule.findMany({ orderBy: { id: 'asc' }, select: { id: true, name: true, ruleJson: true, enabled: true, updatedAt: true } }),
  ]);
  return { channels, rules };
}

export async function getChannelForTest(client: Db, id: number): Promise<{ id: number; name: string; configJson: string } | null> {
  return client.notificationChannel.findUnique({ where: { id }, select: { id: true, name: true, configJson: true } });
}
