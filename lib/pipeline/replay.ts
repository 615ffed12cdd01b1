/**
 * Replays timestamped items through storage, analysis and detection in time order, one step per
 * hour of the items' own clock, on a throwaway SQLite database. Used by `npm run detect -- --replay`
 * and by `npm run eval` to measure how many alerts are real.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { createDb, defaultDbPaths, deployMigrations, prepareSqlite, storeFetchSuccess, upsertSources } from '@/lib/db';
import type { Db, NewItem } from '@/lib/db';
import { SourceListSchema } from '@/lib/sources/schema';
import { AnalysisRunner } from './analyse';
import { loadDetectionSettings, runDetection } from './detect';
import { seedAnalysisLexicon } from './seed';

const CATEGORIES = ['official', 'central_media', 'local_media', 'forum_social', 'own_site'] as const;

export const ReplayItemSchema = z.object({
  id: z.union([z.string().min(1).max(200), z.number().finite()]),
  publishedAt: z.iso.datetime({ offset: true, error: 'publishedAt 必须是带时区的 ISO 时间，例如 2020-01-20T08:00:00+08:00' }),
  title: z.string().max(2000).default(''),
  text: z.string().max(200_000).default(''),
  /** A source name; a category name (official, central_media, …) also sets the source category. */
  source: z.string().min(1).max(100).default('replay'),
  category: z.enum(CATEGORIES).optional(),
});
export type ReplayItem = z.output<typeof ReplayItemSchema>;

export interface ReplayAlert {
  at: string;
  level: string;
  kind: string;
  subject: string;
  why: string;
  action: 'create' | 'escalate' | 'reopen' | 'remind';
}

export interface ReplayResult {
  alerts: ReplayAlert[];
  items: number;
  steps: number;
}

const HOUR = 3_600_000;

function sourceId(name: string): string {
  const ascii = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40);
  let h = 0;
  for (let i = 0; i < name.length; i++) h = (Math.imul(h, 31) + name.charCodeAt(i)) >>> 0;
  return `replay-${ascii || 'src'}-${h.toString(36)}`;
}

/**
 * Replays `items` (any order) and calls `onAlert` for each alert created, escalated or reopened.
 * `dir` receives the throwaway database (removed afterwards unless `keep`).
 */
export async function replay(
  items: readonly ReplayItem[],
  opts: { onAlert?: (a: ReplayAlert) => void; keepDir?: string } = {},
): Promise<ReplayResult> {
  const dir = opts.keepDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'som-replay-'));
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'replay.db');
  fs.rmSync(file, { force: true });
  await deployMigrations(file, defaultDbPaths());
  const client: Db = createDb(`file:${file}`);
  try {
    await prepareSqlite(client);
    // The demo's fictional places too, so the bundled corpus replays as it runs live.
    await seedAnalysisLexicon(client, { demo: true });
    const sorted = [...items].sort((a, b) => Date.parse(a.publishedAt) - Date.parse(b.publishedAt));
    const first = sorted[0];
    const last = sorted[sorted.length - 1];
    if (!first || !last) return { alerts: [], items: 0, steps: 0 };
    // Sources exist from the first item's day, so "history" starts there, not at creation time.
    const start = new Date(Math.floor(Date.parse(first.publishedAt) / HOUR) * HOUR);
    const names = new Map<string, (typeof CATEGORIES)[number]>();
    for (const i of sorted) {
      const category = i.category ?? ((CATEGORIES as readonly string[]).includes(i.source) ? (i.source as (typeof CATEGORIES)[number]) : 'local_media');
      if (!names.has(i.source)) names.set(i.source, category);
    }
    await upsertSources(
      client,
      SourceListSchema.parse(
        [...names].map(([name, category]) => ({ id: sourceId(name), name, url: `https://replay.invalid/${sourceId(name)}`, kind: 'rss', category, enabled: false })),
      ),
      'cli',
      start,
    );
    await client.source.updateMany({ data: { createdAt: start } });
    let now = start;
    const runner = new AnalysisRunner(client, { now: () => now });
    const settings = await loadDetectionSettings(client);
    const alerts: ReplayAlert[] = [];
    let cursor = 0;
    let steps = 0;
    const end = Date.parse(last.publishedAt) + HOUR;
    for (let t = start.getTime() + HOUR; t <= end + HOUR; t += HOUR) {
      now = new Date(t);
      const batch: ReplayItem[] = [];
      while (cursor < sorted.length && Date.parse((sorted[cursor] as ReplayItem).publishedAt) < t) {
        batch.push(sorted[cursor] as ReplayItem);
        cursor += 1;
      }
      const bySource = new Map<string, ReplayItem[]>();
      for (const i of batch) bySource.set(i.source, [...(bySource.get(i.source) ?? []), i]);
      for (const [name, list] of bySource) {
        // eslint-disable-next-line no-await-in-loop -- time order is the point of a replay
        await storeFetchSuccess(client, {
          sourceId: sourceId(name),
          workerId: 'replay',
          startedAt: now,
          finishedAt: now,
          httpStatus: 200,
          status: 'ok',
          items: list.map(toNewItem),
          etag: null,
          lastModified: null,
          nextCheckAt: now,
          isDemo: false,
        });
      }
      // eslint-disable-next-line no-await-in-loop -- as above
      await runner.analyseNew();
      // eslint-disable-next-line no-await-in-loop -- as above
      const r = await runDetection(client, now, { settings });
      steps += 1;
      const notified = new Set(r.notified);
      if (notified.size) {
        // eslint-disable-next-line no-await-in-loop -- as above
        const rows = await client.alert.findMany({ where: { id: { in: [...notified] } }, orderBy: { id: 'asc' } });
        for (const row of rows) {
          const d = r.decisions.find((x) => x.key === row.dedupeKey);
          const a: ReplayAlert = {
            at: now.toISOString(),
            level: row.level,
            kind: row.kind,
            subject: row.subjectLabel,
            why: row.why,
            action: d?.action === 'escalate' || d?.action === 'reopen' || d?.action === 'remind' ? d.action : 'create',
          };
          alerts.push(a);
          opts.onAlert?.(a);
        }
      }
    }
    return { alerts, items: sorted.length, steps };
  } finally {
    await client.$disconnect();
    if (!opts.keepDir) fs.rmSync(dir, { recursive: true, force: true });
  }
}

function toNewItem(i: ReplayItem): NewItem {
  const id = String(i.id);
  return {
    itemHash: `replay:${id}`,
    contentHash: `replay:${id}`,
    guid: id,
    url: null,
    title: i.title || i.text.slice(0, 60),
    summaryText: i.text,
    contentText: null,
    summaryHtml: null,
    contentHtml: null,
    author: null,
    categories: [],
    publishedAt: new Date(i.publishedAt),
    publishedRaw: i.publishedAt,
    dateFlag: null,
  };
}

