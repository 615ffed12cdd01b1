/**
 * Analysis in the crawler pipeline: every stored item is analysed, tagged with its topics and
 * placed in an event (a new one, or the story it reposts or follows up). Items without an analysis
 * (new, or left by a crash between store and analysis) come first; items analysed with an older
 * lexicon are re-analysed afterwards as a background job with progress.
 */
import { ACCIDENT_TYPES, isAccidentTypeCode } from '@/lib/analysis/accident';
import { analyzeItem } from '@/lib/analysis/analyze';
import { searchDocumentFromSegments } from '@/lib/search/document';
import type { ItemAnalysisResult } from '@/lib/analysis/analyze';
import { appendLatest, decideEvent, DUPLICATE_WINDOW_HOURS } from '@/lib/analysis/events';
import type { EventCandidate, EventFingerprint } from '@/lib/analysis/events';
import type { SourceCategory } from '@/lib/analysis/risk';
import { fromHex, minhashFromHex, minhashToHex, toHex } from '@/lib/analysis/simhash';
import {
  countStaleItems,
  lexiconVersion,
  openAnalysisJob,
  recentEvents,
  requestReanalysis,
  saveAnalysisBatch,
  saveHazardWarnings,
  staleItems,
  unanalysedItems,
  updateAnalysisJob,
} from '@/lib/db';
import type { AnalysisBatch, Db, EventSnapshot, HazardWarningWrite, ItemAnalysisRecord, ItemForAnalysis } from '@/lib/db';
import { log } from '@/lib/log';
import { parseHazardWarnings } from '@/lib/warning/hazard';
import { refreshAnalysisContext } from './analysis-context';
import type { AnalysisContext } from './analysis-context';

export const ANALYSIS_BATCH = 200;

interface StoredFingerprint {
  title: string;
  publishedAt: string;
  simhash: string;
  minhash: string;
}

interface StoredFingerprints {
  first: StoredFingerprint;
  latest: StoredFingerprint[];
}

function toStored(fp: EventFingerprint): StoredFingerprint {
  return {
    title: fp.title,
    publishedAt: fp.publishedAt.toISOString(),
    simhash: toHex(fp.simhash),
    minhash: fp.minhash ? minhashToHex(fp.minhash) : '',
  };
}

function fromStored(s: StoredFingerprint): EventFingerprint {
  return {
    title: s.title,
    publishedAt: new Date(s.publishedAt),
    simhash: fromHex(s.simhash),
    minhash: s.minhash ? minhashFromHex(s.minhash) : null,
  };
}

function candidateOf(e: EventSnapshot): EventCandidate | null {
  try {
    const stored = JSON.parse(e.fingerprintsJson) as StoredFingerprints;
    return {
      eventKey: String(e.id),
      first: fromStored(stored.first),
      latest: stored.latest.map(fromStored),
      accident: { typeCode: e.accidentTypeCode, province: e.province, city: e.city, deaths: e.deaths },
      firstSeenAt: e.firstSeenAt,
      lastSeenAt: e.lastSeenAt,
    };
  } catch {
    // A damaged fingerprint only means this event takes no new members.
    return null;
  }
}

function recordOf(item: ItemForAnalysis, r: ItemAnalysisResult, now: Date): Omit<ItemAnalysisRecord, 'eventId'> {
  const a = r.accident;
  return {
    itemId: item.id,
    lexiconVersion: r.lexiconVersion,
    analysedAt: now,
    sentiment: r.sentiment.score,
    label: r.sentiment.label,
    risk: r.risk.score,
    sensitivity: r.sensitivity.level,
    officialVoice: r.officialVoice,
    cuesJson: JSON.stringify(r.sentiment.cues),
    riskJson: JSON.stringify({ factors: r.risk.factors, sensitivity: r.sensitivity.classes }),
    accidentTypeCode: a.typeCode,
    accidentType: a.type,
    province: r.place.province,
    city: r.place.city,
    enterprise: a.enterprise,
    deaths: a.deaths,
    seriousInjuries: a.seriousInjuries,
    injuries: a.injuries,
    missing: a.missing,
    trapped: a.trapped,
    lossYuan: a.lossYuan,
    grade: a.grade,
    aggregate: a.aggregate,
    rumour: a.rumour,
    factsJson: JSON.stringify({
      evidence: a.evidence,
      place: r.place.evidence,
      occurred: { text: a.occurredText, at: a.occurredAt?.toISOString() ?? null },
      topics: r.topics,
    }),
    simhash: toHex(r.fingerprint.simhash),
    minhash: minhashToHex(r.fingerprint.minhash),
    topicIds: r.topics.map((t) => t.id),
  };
}

function errorRecord(item: ItemForAnalysis, version: number, now: Date, message: string): Omit<ItemAnalysisRecord, 'eventId'> {
  return {
    itemId: item.id,
    lexiconVersion: version,
    analysedAt: now,
    sentiment: 0,
    label: 'error',
    risk: 0,
    sensitivity: 'none',
    officialVoice: false,
    cuesJson: '[]',
    riskJson: JSON.stringify({ factors: [], sensitivity: [], error: message.slice(0, 500) }),
    accidentTypeCode: null,
    accidentType: null,
    province: null,
    city: null,
    enterprise: null,
    deaths: null,
    seriousInjuries: null,
    injuries: null,
    missing: null,
    trapped: null,
    lossYuan: null,
    grade: null,
    aggregate: false,
    rumour: false,
    factsJson: JSON.stringify({ error: message.slice(0, 500) }),
    simhash: '0000000000000000',
    minhash: '',
    topicIds: [],
  };
}

/** The official hazard/disaster warning an item announces (weather, geology, floods, fire, safety), if any. */
function hazardWarningOf(item: ItemForAnalysis): HazardWarningWrite | null {
  const at = item.publishedAt ?? item.sortAt;
  // One warning per item: the first (a bulletin naming 暴雨 and 雷电 keeps the strongest first).
  const w = parseHazardWarnings({ title: item.title, text: item.text }, at)[0];
  if (!w) return null;
  return {
    itemId: item.id,
    hazard: w.hazard,
    level: w.level,
    action: w.action,
    publisher: w.publisher,
    region: w.region,
    issuedAt: w.issuedAt ?? at,
    validUntil: w.validUntil,
    title: item.title.slice(0, 300),
    isDemo: item.isDemo,
  };
}

function mergeAccident(
  event: EventCandidate['accident'],
  item: EventCandidate['accident'],
): EventCandidate['accident'] {
  if (!event) return item;
  if (!item) return event;
  return {
    typeCode: event.typeCode ?? item.typeCode,
    province: event.province ?? item.province,
    city: event.city ?? (event.province === null || event.province === item.province ? item.city : null),
    deaths: event.deaths ?? item.deaths,
  };
}

/**
 * Items that talk about accidents without reporting one: drills, training, explainers, safety tips.
 * Their accident words do not make them part of (or the start of) an accident's story.
 */
const NOT_A_REPORT_TITLE = /演练|演习|培训|宣传|科普|讲座|知识|解读|提示|提醒|指南|问答|答疑|体验馆|十不准/;

/** Accident facts that place an item in a story: only for a single accident, not statistics. */
function eventAccident(item: ItemForAnalysis, r: ItemAnalysisResult, hazard: boolean): EventCandidate['accident'] {
  if (hazard || NOT_A_REPORT_TITLE.test(item.title)) return null;
  if (r.accident.aggregate || (!r.accident.typeCode && !r.place.province)) return null;
  return { typeCode: r.accident.typeCode, province: r.place.province, city: r.place.city, deaths: r.accident.deaths };
}

export interface AnalyseSummary {
  analysed: number;
  failed: number;
  newEvents: number;
}

/**
 * Analyses a batch and stores it in one transaction. Items keep an event they already have
 * (re-analysis does not regroup); others are matched against recent events and each other.
 */
export async function analyseItems(
  client: Db,
  items: readonly ItemForAnalysis[],
  ctx: AnalysisContext,
  now: Date,
): Promise<AnalyseSummary> {
  if (items.length === 0) return { analysed: 0, failed: 0, newEvents: 0 };
  const needEvents = items.some((i) => i.eventId === null);
  const earliest = items.reduce((t, i) => Math.min(t, (i.publishedAt ?? i.sortAt).getTime()), now.getTime());
  const snapshots = needEvents
    ? await recentEvents(client, new Date(earliest - DUPLICATE_WINDOW_HOURS * 3_600_000))
    : [];
  const candidates = new Map<string, EventCandidate>();
  for (const s of snapshots) {
    const c = candidateOf(s);
    if (c) candidates.set(c.eventKey, c);
  }
  const batch: AnalysisBatch = { events: [], eventUpdates: [], analyses: [], hours: items.map((i) => i.sortAt), search: [] };
  const changedEvents = new Set<string>();
  const hazards: HazardWarningWrite[] = [];
  let failed = 0;
  let fresh = 0;
  for (const item of items) {
    const hazard = hazardWarningOf(item);
    if (hazard) hazards.push(hazard);
    let result: ItemAnalysisResult;
    try {
      result = analyzeItem(
        {
          title: item.title,
          text: item.text,
          sourceCategory: item.sourceCategory as SourceCategory,
          publishedAt: item.publishedAt,
        },
        ctx.lexicon,
        ctx.topics,
      );
    } catch (e) {
      // One pathological text must not stop the batch: it gets an error row (shown, not hidden),
      // and is tried again with the next lexicon version.
      failed += 1;
      const message = e instanceof Error ? e.message : String(e);
      log.warn('analysis_failed', { itemId: item.id, message });
      batch.analyses.push({ ...errorRecord(item, ctx.lexicon.version, now, message), eventId: item.eventId });
      continue;
    }
    const record = recordOf(item, result, now);
    // The index reuses the analysis's cut of the text; a text longer than the analysed part is cut again later.
    const doc = searchDocumentFromSegments(item.title, item.text, result.segments);
    if (doc) batch.search?.push({ itemId: item.id, ...doc });
    let eventId: number | string | null = item.eventId;
    if (eventId === null) {
      const at = item.publishedAt ?? item.sortAt;
      const fp: EventFingerprint = {
        title: item.title || item.text.slice(0, 60),
        publishedAt: at,
        simhash: result.fingerprint.simhash,
        minhash: result.fingerprint.minhash,
      };
      // A weather warning's "可能引发矿井涌水" is advice, not an accident report.
      const accident = eventAccident(item, result, hazard !== null);
      const decision = decideEvent(
        { title: item.title, text: item.text, publishedAt: at, simhash: fp.simhash, minhash: result.fingerprint.minhash, accident },
        [...candidates.values()],
      );
      const joined = decision.eventKey ? candidates.get(decision.eventKey) : undefined;
      if (joined) {
        candidates.set(joined.eventKey, {
          ...joined,
          latest: appendLatest(joined.latest, fp),
          firstSeenAt: at < joined.firstSeenAt ? at : joined.firstSeenAt,
          lastSeenAt: at > joined.lastSeenAt ? at : joined.lastSeenAt,
          // Facts the event lacks are filled from the item that names them.
          accident: mergeAccident(joined.accident, accident),
        });
        changedEvents.add(joined.eventKey);
        eventId = /^\d+$/.test(joined.eventKey) ? Number(joined.eventKey) : joined.eventKey;
      } else {
        const key = `new:${item.id}`;
        fresh += 1;
        candidates.set(key, { eventKey: key, first: fp, latest: [], accident, firstSeenAt: at, lastSeenAt: at });
        batch.events.push({
          key,
          title: fp.title.slice(0, 300),
          firstSeenAt: at,
          accidentTypeCode: accident?.typeCode ?? null,
          accidentType: accident?.typeCode ? result.accident.type : null,
          province: accident?.province ?? null,
          city: accident?.city ?? null,
          fingerprintsJson: '',
        });
        eventId = key;
      }
    }
    batch.analyses.push({ ...record, eventId });
  }
  // Fingerprints as they stand after the batch, for new and joined events alike.
  for (const e of batch.events) {
    const c = candidates.get(e.key);
    if (c) e.fingerprintsJson = JSON.stringify({ first: toStored(c.first), latest: c.latest.map(toStored) });
  }
  for (const key of changedEvents) {
    const c = candidates.get(key);
    if (!c || !/^\d+$/.test(key)) continue;
    batch.eventUpdates.push({
      id: Number(key),
      fingerprintsJson: JSON.stringify({ first: toStored(c.first), latest: c.latest.map(toStored) }),
      ...(c.accident
        ? {
            accidentTypeCode: c.accident.typeCode,
            accidentType: c.accident.typeCode && isAccidentTypeCode(c.accident.typeCode) ? ACCIDENT_TYPES[c.accident.typeCode] : null,
            province: c.accident.province,
            city: c.accident.city,
          }
        : {}),
    });
  }
  await saveAnalysisBatch(client, batch);
  await saveHazardWarnings(client, hazards);
  return { analysed: batch.analyses.length, failed, newEvents: fresh };
}

export interface CatchUpResult {
  analysed: number;
  failed: number;
  newEvents: number;
  /** Stale items left for later (0 when caught up). */
  remaining: number;
  jobId: number | null;
}

/**
 * Keeps one process's analysis current: first items never analysed (newest work of the crawler),
 * then a re-analysis after a lexicon change, recorded as an AnalysisJob with progress. Stops at
 * `deadline` (epoch ms) so the crawler's ticks keep their pace; call it again to go on.
 */
export class AnalysisRunner {
  private ctx: AnalysisContext | null = null;
  /** Items up to this id are known to have an analysis row (ids only grow). */
  private analysedUpTo = 0;

  constructor(
    private readonly client: Db,
    private readonly opts: { now?: () => Date; batchSize?: number } = {},
  ) {}

  private now(): Date {
    return this.opts.now?.() ?? new Date();
  }

  async context(): Promise<AnalysisContext> {
    this.ctx = await refreshAnalysisContext(this.client, this.ctx ?? undefined);
    return this.ctx;
  }

  /** Analyses items that have no analysis yet. */
  async analyseNew(deadline = Number.POSITIVE_INFINITY): Promise<AnalyseSummary & { done: boolean }> {
    const ctx = await this.context();
    const total: AnalyseSummary = { analysed: 0, failed: 0, newEvents: 0 };
    const size = this.opts.batchSize ?? ANALYSIS_BATCH;
    for (;;) {
      // eslint-disable-next-line no-await-in-loop -- batches run one after another by design
      const items = await unanalysedItems(this.client, { afterId: this.analysedUpTo, limit: size });
      if (items.length === 0) return { ...total, done: true };
      // eslint-disable-next-line no-await-in-loop -- as above
      const r = await analyseItems(this.client, items, ctx, this.now());
      total.analysed += r.analysed;
      total.failed += r.failed;
      total.newEvents += r.newEvents;
      this.analysedUpTo = Math.max(this.analysedUpTo, ...items.map((i) => i.id));
      if (items.length < size) return { ...total, done: true };
      if (Date.now() >= deadline) return { ...total, done: false };
    }
  }

  /** New items first, then the re-analysis job for the current lexicon version. */
  async catchUp(deadline = Number.POSITIVE_INFINITY): Promise<CatchUpResult> {
    const fresh = await this.analyseNew(deadline);
    const out: CatchUpResult = { ...fresh, remaining: 0, jobId: null };
    if (!fresh.done) {
      out.remaining = -1;
      return out;
    }
    const ctx = await this.context();
    const version = ctx.lexicon.version;
    let job = await openAnalysisJob(this.client);
    if (!job || job.lexiconVersion !== version) {
      const stale = await countStaleItems(this.client, version);
      if (stale === 0) {
        if (job) await updateAnalysisJob(this.client, job.id, { state: 'done', finishedAt: this.now(), message: '已是最新' });
        return out;
      }
      job = await requestReanalysis(this.client, { version, requestedBy: 'system' });
    }
    out.jobId = job.id;
    if (job.state === 'queued') {
      const total = await countStaleItems(this.client, version);
      await updateAnalysisJob(this.client, job.id, { state: 'running', startedAt: this.now(), total, done: 0, heartbeatAt: this.now() });
      job = { ...job, state: 'running', total, done: 0 };
    }
    let done = job.done;
    let failed = job.failed;
    const size = this.opts.batchSize ?? ANALYSIS_BATCH;
    let afterId = 0;
    for (;;) {
      // eslint-disable-next-line no-await-in-loop -- batches run one after another by design
      const items = await staleItems(this.client, { version, limit: size, afterId });
      if (items.length === 0) {
        // eslint-disable-next-line no-await-in-loop -- once, at the end
        await updateAnalysisJob(this.client, job.id, {
          state: 'done',
          done,
          failed,
          finishedAt: this.now(),
          heartbeatAt: this.now(),
          message: failed ? `${failed} 条分析失败，已跳过` : null,
        });
        return out;
      }
      // eslint-disable-next-line no-await-in-loop -- as above
      const r = await analyseItems(this.client, items, ctx, this.now());
      done += r.analysed;
      failed += r.failed;
      out.analysed += r.analysed;
      out.failed += r.failed;
      afterId = Math.max(...items.map((i) => i.id));
      // eslint-disable-next-line no-await-in-loop -- progress after every batch
      await updateAnalysisJob(this.client, job.id, { done, failed, heartbeatAt: this.now() });
      // eslint-disable-next-line no-await-in-loop -- a lexicon edit mid-job: the next call starts the newer job
      if ((await lexiconVersion(this.client)) !== version) {
        out.remaining = -1;
        return out;
      }
      if (Date.now() >= deadline) {
        // eslint-disable-next-line no-await-in-loop -- once, when leaving
        out.remaining = await countStaleItems(this.client, version);
        return out;
      }
    }
  }
}
