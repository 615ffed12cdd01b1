/**
 * Stored analyses, events, topics and re-analysis jobs. The analysis itself is pure (lib/analysis);
 * this module only reads what it needs and writes what it produced.
 */
import { eventHeat } from '../analysis/events';
import type { AccidentGrade } from '../analysis/grade';
import type { Db } from './client';
import { recomputeHourlyRollups, takeWriteLock } from './dialect';
import { buildSearchRows, copySortAt, itemSearchText, writeSearchRows } from './search-index';
import type { ItemSearchRow } from './search-index';
import { TX_OPTIONS } from './sources';

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

/** An item as the analyser needs it. */
export interface ItemForAnalysis {
  id: number;
  title: string;
  text: string;
  sourceId: string;
  sourceCategory: string;
  publishedAt: Date | null;
  sortAt: Date;
  /** The event it already belongs to (kept on re-analysis). */
  eventId: number | null;
  isDemo: boolean;
}

/** One analysis as stored (flat columns plus JSON explanations). */
export interface ItemAnalysisRecord {
  itemId: number;
  lexiconVersion: number;
  analysedAt: Date;
  sentiment: number;
  label: string;
  risk: number;
  sensitivity: string;
  officialVoice: boolean;
  cuesJson: string;
  riskJson: string;
  accidentTypeCode: string | null;
  accidentType: string | null;
  province: string | null;
  city: string | null;
  enterprise: string | null;
  deaths: number | null;
  seriousInjuries: number | null;
  injuries: number | null;
  missing: number | null;
  trapped: number | null;
  lossYuan: number | null;
  grade: string | null;
  aggregate: boolean;
  rumour: boolean;
  factsJson: string;
  simhash: string;
  minhash: string;
  eventId: number | null;
  topicIds: number[];
}

/** The event fields the grouping compares a new item against. */
export interface EventSnapshot {
  id: number;
  title: string;
  firstSeenAt: Date;
  lastSeenAt: Date;
  accidentTypeCode: string | null;
  province: string | null;
  city: string | null;
  deaths: number | null;
  fingerprintsJson: string;
}

export interface NewEvent {
  /** Caller's key for the event inside one batch, so later items of the batch can join it. */
  key: string;
  title: string;
  firstSeenAt: Date;
  accidentTypeCode: string | null;
  accidentType: string | null;
  province: string | null;
  city: string | null;
  fingerprintsJson: string;
}

export interface EventUpdate {
  id: number;
  fingerprintsJson: string;
  /** Facts a later item filled in (the first report may not have named the type or place). */
  accidentTypeCode?: string | null;
  accidentType?: string | null;
  province?: string | null;
  city?: string | null;
}

export interface AnalysisBatch {
  events: NewEvent[];
  eventUpdates: EventUpdate[];
  /** eventId may be a NewEvent key (string) until the event is created. */
  analyses: (Omit<ItemAnalysisRecord, 'eventId'> & { eventId: number | string | null })[];
  /** sortAt of the analysed items: their hours' rollups are recomputed in the same transaction. */
  hours: Date[];
  /** Search-index rows already built from the analysis's segments; items not here are cut again. */
  search?: ItemSearchRow[];
}

function toItemForAnalysis(row: {
  id: number;
  title: string;
  summaryText: string;
  contentText: string | null;
  sourceId: string;
  publishedAt: Date | null;
  sortAt: Date;
  isDemo: boolean;
  source: { category: string };
  analysis: { eventId: number | null } | null;
}): ItemForAnalysis {
  return {
    id: row.id,
    title: row.title,
    // One rule for the analysed and the indexed text, so the index can reuse the analysis's cut.
    text: itemSearchText(row),
    sourceId: row.sourceId,
    sourceCategory: row.source.category,
    publishedAt: row.publishedAt,
    sortAt: row.sortAt,
    eventId: row.analysis?.eventId ?? null,
    isDemo: row.isDemo,
  };
}

const ITEM_SELECT = {
  id: true,
  title: true,
  summaryText: true,
  contentText: true,
  sourceId: true,
  publishedAt: true,
  sortAt: true,
  isDemo: true,
  source: { select: { category: true } },
  analysis: { select: { eventId: true } },
} as const;

export async function itemsForAnalysis(client: Db, ids: readonly number[]): Promise<ItemForAnalysis[]> {
  if (ids.length === 0) return [];
  const rows = await client.item.findMany({ where: { id: { in: [...ids] } }, select: ITEM_SELECT, orderBy: { sortAt: 'asc' } });
  return rows.map(toItemForAnalysis);
}

/**
 * The next items whose analysis is missing (a crash between store and analysis) or older than
 * `version`, oldest id first, after `afterId` so a job walks the table once.
 */
export async function staleItems(
  client: Db,
  opts: { version: number; limit: number; afterId?: number },
): Promise<ItemForAnalysis[]> {
  const rows = await client.item.findMany({
    where: {
      id: { gt: opts.afterId ?? 0 },
      OR: [{ analysis: { is: null } }, { analysis: { is: { lexiconVersion: { lt: opts.version } } } }],
    },
    select: ITEM_SELECT,
    orderBy: { id: 'asc' },
    take: opts.limit,
  });
  return rows.map(toItemForAnalysis);
}

/** Items with no analysis row at all, after `afterId` (the crawler's new items). */
export async function unanalysedItems(client: Db, opts: { afterId: number; limit: number }): Promise<ItemForAnalysis[]> {
  const rows = await client.item.findMany({
    where: { id: { gt: opts.afterId }, analysis: { is: null } },
    select: ITEM_SELECT,
    orderBy: { id: 'asc' },
    take: opts.limit,
  });
  return rows.map(toItemForAnalysis);
}

export async function countStaleItems(client: Db, version: number): Promise<number> {
  return client.item.count({
    where: { OR: [{ analysis: { is: null } }, { analysis: { is: { lexiconVersion: { lt: version } } } }] },
  });
}

/** Events seen since `since`: the candidates a new item may belong to. */
export async function recentEvents(client: Db, since: Date, limit = 5000): Promise<EventSnapshot[]> {
  return client.event.findMany({
    where: { lastSeenAt: { gte: since } },
    select: {
      id: true,
      title: true,
      firstSeenAt: true,
      lastSeenAt: true,
      accidentTypeCode: true,
      province: true,
      city: true,
      deaths: true,
      fingerprintsJson: true,
    },
    orderBy: { lastSeenAt: 'desc' },
    take: limit,
  });
}

/**
 * Writes one batch in one transaction: new events, the analyses (replacing older ones), the
 * items' topic tags, their full-text index rows, then recomputes the counters of every event touched.
 * Returns the id of each new event by its key.
 */
export async function saveAnalysisBatch(client: Db, batch: AnalysisBatch): Promise<Map<string, number>> {
  // Segmented for the full-text index before the transaction: CPU work must not hold the write lock.
  const prebuilt = new Set((batch.search ?? []).map((r) => r.itemId));
  const searchRows = [
    ...(batch.search ?? []),
    ...(await buildSearchRows(client, batch.analyses.map((a) => a.itemId).filter((id) => !prebuilt.has(id)))),
  ];
  return client.$transaction(async (tx) => {
    await takeWriteLock(tx);
    const created = new Map<string, number>();
    for (const e of batch.events) {
      // eslint-disable-next-line no-await-in-loop -- ids are needed before the analyses reference them
      const row = await tx.event.create({
        data: {
          title: e.title,
          firstSeenAt: e.firstSeenAt,
          lastSeenAt: e.firstSeenAt,
          accidentTypeCode: e.accidentTypeCode,
          accidentType: e.accidentType,
          province: e.province,
          city: e.city,
          fingerprintsJson: e.fingerprintsJson,
        },
        select: { id: true },
      });
      created.set(e.key, row.id);
    }
    for (const u of batch.eventUpdates) {
      const { id, ...data } = u;
      // eslint-disable-next-line no-await-in-loop -- as above
      await tx.event.update({ where: { id }, data });
    }
    const touched = new Set<number>();
    const itemIds = batch.analyses.map((a) => a.itemId);
    const before = await tx.itemAnalysis.findMany({ where: { itemId: { in: itemIds } }, select: { eventId: true } });
    for (const b of before) if (b.eventId !== null) touched.add(b.eventId);
    for (const a of batch.analyses) {
      const { topicIds, eventId: ref, ...fields } = a;
      const eventId = typeof ref === 'string' ? (created.get(ref) ?? null) : ref;
      if (eventId !== null) touched.add(eventId);
      const data = { ...fields, eventId };
      // eslint-disable-next-line no-await-in-loop -- one upsert per item inside one transaction
      await tx.itemAnalysis.upsert({ where: { itemId: a.itemId }, create: data, update: data });
      // eslint-disable-next-line no-await-in-loop -- as above
      await tx.itemTopic.deleteMany({ where: { itemId: a.itemId } });
      if (topicIds.length) {
        // eslint-disable-next-line no-await-in-loop -- as above
        await tx.itemTopic.createMany({ data: topicIds.map((topicId) => ({ itemId: a.itemId, topicId })) });
      }
    }
    await copySortAt(tx, itemIds);
    await writeSearchRows(tx, searchRows);
    await refreshEvents(tx, [...touched]);
    await recomputeHourlyRollups(tx, batch.hours);
    return created;
  }, TX_OPTIONS);
}

export interface EventStats {
  items: number;
  sources: number;
  officialSources: number;
  centralMediaSources: number;
  localMediaSources: number;
  forumSources: number;
  negativeShare: number;
  firstSeenAt: Date;
  lastSeenAt: Date;
  grade: AccidentGrade | null;
  deaths: number | null;
  injuries: number | null;
  missing: number | null;
}

/**
 * The headline an event is known by: the earliest official release that reports the accident, else
 * the earliest media report, else the earliest item (a forum post may be first, but it names no facts).
 */
function eventTitle(
  members: readonly { officialVoice: boolean; accidentTypeCode: string | null; item: { title: string; sortAt: Date; source: { category: string } } }[],
): string {
  const earliest = (pool: typeof members) =>
    pool.reduce<(typeof members)[number] | undefined>((a, m) => (!a || m.item.sortAt < a.item.sortAt ? m : a), undefined);
  const official = earliest(members.filter((m) => m.officialVoice && m.accidentTypeCode !== null && m.item.title));
  const media = earliest(members.filter((m) => m.item.source.category.endsWith('media') && m.item.title));
  return (official ?? media ?? earliest(members))?.item.title.slice(0, 300) ?? '';
}

const GRADE_ORDER = ['一般', '较大', '重大', '特别重大'];

async function refreshEvents(tx: Tx, ids: readonly number[]): Promise<void> {
  for (const id of ids) {
    // eslint-disable-next-line no-await-in-loop -- a few events per batch, each a small aggregate
    const members = await tx.itemAnalysis.findMany({
      where: { eventId: id },
      select: {
        label: true,
        grade: true,
        deaths: true,
        injuries: true,
        missing: true,
        rumour: true,
        aggregate: true,
        accidentTypeCode: true,
        officialVoice: true,
        item: { select: { title: true, sourceId: true, sortAt: true, source: { select: { category: true } } } },
      },
    });
    if (members.length === 0) {
      // eslint-disable-next-line no-await-in-loop -- as above
      await tx.event.delete({ where: { id } });
      continue;
    }
    // Figures count from items that report an accident (a type named, not a rumour, not statistics):
    // an explainer's "10人以上" or a forum post's "4死" must not grade the event.
    const reports = (m: (typeof members)[number]): boolean => !m.rumour && !m.aggregate && m.accidentTypeCode !== null;
    const sources = new Map<string, string>();
    let negative = 0;
    let first = members[0]?.item.sortAt ?? new Date(0);
    let last = first;
    let grade: AccidentGrade | null = null;
    const maxOf = (field: 'deaths' | 'injuries' | 'missing'): number | null => {
      // Official-looking (non-rumour) figures only; counts rise as reports come in, so the maximum.
      const values = members.filter((m) => reports(m) && m[field] !== null).map((m) => m[field] as number);
      return values.length ? Math.max(...values) : null;
    };
    for (const m of members) {
      sources.set(m.item.sourceId, m.item.source.category);
      if (m.label === 'negative') negative += 1;
      if (m.item.sortAt < first) first = m.item.sortAt;
      if (m.item.sortAt > last) last = m.item.sortAt;
      if (m.grade && reports(m) && GRADE_ORDER.indexOf(m.grade) > GRADE_ORDER.indexOf(grade ?? '')) grade = m.grade as AccidentGrade;
    }
    const categories = [...sources.values()];
    const stats: EventStats = {
      items: members.length,
      sources: sources.size,
      officialSources: categories.filter((c) => c === 'official' || c === 'own_site').length,
      centralMediaSources: categories.filter((c) => c === 'central_media').length,
      localMediaSources: categories.filter((c) => c === 'local_media').length,
      forumSources: categories.filter((c) => c === 'forum_social').length,
      negativeShare: negative / members.length,
      firstSeenAt: first,
      lastSeenAt: last,
      grade,
      deaths: maxOf('deaths'),
      injuries: maxOf('injuries'),
      missing: maxOf('missing'),
    };
    // Heat as of the event's last item; readers apply the time decay for "now".
    const heat = eventHeat({
      sources: stats.sources,
      items: stats.items,
      officialSources: stats.officialSources,
      mediaSources: stats.centralMediaSources + stats.localMediaSources,
      centralMediaSources: stats.centralMediaSources,
      forumSources: stats.forumSources,
      grade: stats.grade,
      negativeShare: stats.negativeShare,
      hoursSinceLast: 0,
    });
    const title = eventTitle(members);
    // eslint-disable-next-line no-await-in-loop -- as above
    await tx.event.update({
      where: { id },
      data: {
        // Items without a headline (Weibo posts) keep the title made from their text at creation.
        ...(title ? { title } : {}),
        itemCount: stats.items,
        sourceCount: stats.sources,
        officialSourceCount: stats.officialSources,
        negativeCount: negative,
        firstSeenAt: first,
        lastSeenAt: last,
        grade,
        deaths: stats.deaths,
        injuries: stats.injuries,
        missing: stats.missing,
        heat: heat.heat,
        heatJson: JSON.stringify(heat.factors),
      },
    });
  }
}

// ---------------------------------------------------------------- topics

export interface TopicRow {
  id: number;
  name: string;
  rule: string;
  description: string | null;
  enabled: boolean;
}

export async function listTopics(client: Db, opts: { enabledOnly?: boolean } = {}): Promise<TopicRow[]> {
  return client.topic.findMany({
    where: opts.enabledOnly ? { enabled: true } : {},
    select: { id: true, name: true, rule: true, description: true, enabled: true },
    orderBy: { id: 'asc' },
  });
}

/** Creates or replaces a topic by name (the rule must already be validated by the caller). */
export async function upsertTopic(
  client: Db,
  t: { name: string; rule: string; description?: string | null; enabled?: boolean },
): Promise<TopicRow> {
  const data = { rule: t.rule, description: t.description ?? null, enabled: t.enabled ?? true };
  return client.topic.upsert({
    where: { name: t.name },
    create: { name: t.name, ...data },
    update: data,
    select: { id: true, name: true, rule: true, description: true, enabled: true },
  });
}

export async function topicsChangedAt(client: Db): Promise<string> {
  const agg = await client.topic.aggregate({ _max: { updatedAt: true }, _count: { id: true } });
  return `${agg._count.id}:${agg._max.updatedAt?.toISOString() ?? ''}`;
}

// ---------------------------------------------------------------- jobs

export type JobState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

export interface AnalysisJobRow {
  id: number;
  kind: string;
  state: string;
  lexiconVersion: number;
  total: number;
  done: number;
  failed: number;
  message: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

/** Queues a re-analysis for the current lexicon unless one for that version is already queued or running. */
export async function requestReanalysis(
  client: Db,
  opts: { version: number; requestedBy?: string; kind?: 'reanalyse' | 'backfill' },
): Promise<AnalysisJobRow> {
  return client.$transaction(async (tx) => {
    await takeWriteLock(tx);
    const open = await tx.analysisJob.findFirst({
      where: { state: { in: ['queued', 'running'] }, lexiconVersion: opts.version },
    });
    if (open) return open;
    // An older version's job is superseded: the new one covers its items too.
    await tx.analysisJob.updateMany({
      where: { state: { in: ['queued', 'running'] } },
      data: { state: 'cancelled', finishedAt: new Date(), message: '已被新版本词库的重新分析任务取代' },
    });
    return tx.analysisJob.create({
      data: {
        kind: opts.kind ?? 'reanalyse',
        state: 'queued',
        lexiconVersion: opts.version,
        requestedBy: opts.requestedBy ?? null,
      },
    });
  }, TX_OPTIONS);
}

export async function openAnalysisJob(client: Db): Promise<AnalysisJobRow | null> {
  return client.analysisJob.findFirst({ where: { state: { in: ['queued', 'running'] } }, orderBy: { id: 'asc' } });
}

export async function latestAnalysisJobs(client: Db, take = 5): Promise<AnalysisJobRow[]> {
  return client.analysisJob.findMany({ orderBy: { id: 'desc' }, take });
}

export async function updateAnalysisJob(
  client: Db,
  id: number,
  data: Partial<Pick<AnalysisJobRow, 'state' | 'total' | 'done' | 'failed' | 'message' | 'startedAt' | 'finishedAt'>> & {
    heartbeatAt?: Date;
  },
): Promise<void> {
  await client.analysisJob.update({ where: { id }, data });
}
