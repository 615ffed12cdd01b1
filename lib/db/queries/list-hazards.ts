/**
 * The 预警 page: official hazard and disaster warnings in force, grouped by province and ordered by
 * level, each with its upgrade/lift history; and the warnings that ended (lifted or expired) lately.
 *
 * A warning's history is its "episode": the warnings of one publisher about one hazard in one region
 * (the key saveHazardWarnings supersedes on), from the first issue up to a lift or a lapse.
 */
import { levelRank } from '@/lib/warning/levels';
import type { Db } from '../client';
import { DEFAULT_WARNING_VALIDITY_MS, hazardWarningsInForce } from '../warning';

const DAY_MS = 86_400_000;
/** How far back ended warnings are listed. */
export const ENDED_WINDOW_DAYS = 7;
/** How far back histories are read (an episode older than this is shown from here on). */
const HISTORY_WINDOW_DAYS = 14;

export const HAZARD_LEVELS = ['red', 'orange', 'yellow', 'blue'] as const;
export type HazardLevel = (typeof HAZARD_LEVELS)[number];

/** Group name for warnings whose place could not be read. */
export const UNKNOWN_AREA = '未注明地区';

export interface HazardStep {
  id: number;
  itemId: number;
  level: string;
  action: string;
  issuedAt: Date;
  title: string;
}

export interface HazardEntry {
  id: number;
  itemId: number;
  hazard: string;
  level: string;
  action: string;
  publisher: string | null;
  /** Jurisdiction from the publisher's name (演示省, 江澜市) when it is a place name. */
  region: string | null;
  /** Province the page groups and filters by: the item's analysed province, else the region. */
  area: string;
  issuedAt: Date;
  validUntil: Date | null;
  /** validUntil, or issuedAt + 24 h when the warning states no validity. */
  effectiveUntil: Date;
  title: string;
  isDemo: boolean;
  state: 'in_force' | 'lifted' | 'expired';
  /** For ended warnings: when it was lifted or ran out. */
  endedAt: Date | null;
  /** The item that lifted it, if a lift was published. */
  liftItemId: number | null;
  /** Every warning of the episode, oldest first (this one included; the lift too). */
  history: HazardStep[];
}

export interface HazardGroup {
  area: string;
  maxLevel: string;
  warnings: HazardEntry[];
}

export interface HazardFilters {
  province?: string;
  level?: HazardLevel;
}

export interface HazardList {
  generatedAt: Date;
  /** In force, grouped by area; groups with the highest level first. */
  groups: HazardGroup[];
  inForceCount: number;
  /** Lifted or expired in the last ENDED_WINDOW_DAYS days, most recent end first. */
  ended: HazardEntry[];
  /** In force per level over all areas (before filters), for the summary line. */
  levelCounts: Record<HazardLevel, number>;
  /** Areas that have a warning in force or lately ended (for the province filter). */
  areas: string[];
}

/**
 * The region parsed from a publisher's name is shown only when it is a place name (江澜市, 演示省),
 * not a piece of an agency's name (省自然资源厅与省).
 */
const PLACE_RE = /^[\u4e00-\u9fa5]{1,10}(?:特别行政区|自治区|自治州|自治县|省|市|州|盟|县|区|旗)$/;
const NOT_PLACE_RE = /厅|局|部|委|办|台|中心|与|及/;
export function placeName(region: string | null): string | null {
  return region && PLACE_RE.test(region) && !NOT_PLACE_RE.test(region) ? region : null;
}

type WarningRow = Awaited<ReturnType<typeof hazardWarningsInForce>>[number];

function effectiveUntil(w: Pick<WarningRow, 'validUntil' | 'issuedAt'>): Date {
  return w.validUntil ?? new Date(w.issuedAt.getTime() + DEFAULT_WARNING_VALIDITY_MS);
}

const chainKey = (w: WarningRow): string => JSON.stringify([w.hazard, w.region, w.publisher]);

/** Splits one chain (oldest first) into episodes: a lift ends one, and so does a lapse in validity. */
function episodes(chain: readonly WarningRow[]): WarningRow[][] {
  const out: WarningRow[][] = [];
  let current: WarningRow[] = [];
  for (const w of chain) {
    const prev = current[current.length - 1];
    if (prev && (prev.action === 'lift' || w.issuedAt.getTime() > effectiveUntil(prev).getTime())) {
      out.push(current);
      current = [];
    }
    current.push(w);
  }
  if (current.length) out.push(current);
  return out;
}

export async function listHazards(client: Db, now: Date, filters: HazardFilters = {}): Promise<HazardList> {
  const since = new Date(now.getTime() - HISTORY_WINDOW_DAYS * DAY_MS);
  const [inForce, recent] = await Promise.all([
    hazardWarningsInForce(client, now),
    client.hazardWarning.findMany({ where: { issuedAt: { gte: since, lte: now } } }),
  ]);
  const inForceIds = new Set(inForce.map((w) => w.id));
  const byId = new Map<number, WarningRow>();
  for (const w of [...recent, ...inForce]) byId.set(w.id, w);
  const all = [...byId.values()].sort((a, b) => a.issuedAt.getTime() - b.issuedAt.getTime() || a.id - b.id);

  const analysed = await client.itemAnalysis.findMany({
    where: { itemId: { in: all.map((w) => w.itemId) } },
    select: { itemId: true, province: true },
  });
  const provinceOf = new Map(analysed.map((a) => [a.itemId, a.province]));
  const areaOf = (w: WarningRow): string => provinceOf.get(w.itemId) ?? placeName(w.region) ?? UNKNOWN_AREA;

  const chains = new Map<string, WarningRow[]>();
  for (const w of all) chains.set(chainKey(w), [...(chains.get(chainKey(w)) ?? []), w]);

  const current: HazardEntry[] = [];
  const ended: HazardEntry[] = [];
  const endedSince = now.getTime() - ENDED_WINDOW_DAYS * DAY_MS;
  for (const chain of chains.values()) {
    for (const episode of episodes(chain)) {
      const last = episode[episode.length - 1] as WarningRow;
      const history = episode.map((w) => ({ id: w.id, itemId: w.itemId, level: w.level, action: w.action, issuedAt: w.issuedAt, title: w.title }));
      // The warning the episode is about: its latest non-lift row (a lift repeats the colour it ends).
      const subject = [...episode].reverse().find((w) => w.action !== 'lift') ?? last;
      const base = {
        id: subject.id,
        itemId: subject.itemId,
        hazard: subject.hazard,
        level: subject.level,
        action: subject.action,
        publisher: subject.publisher,
        region: placeName(subject.region),
        area: areaOf(subject),
        issuedAt: subject.issuedAt,
        validUntil: subject.validUntil,
        effectiveUntil: effectiveUntil(subject),
        title: subject.title,
        isDemo: subject.isDemo,
        history,
      };
      if (inForceIds.has(last.id)) {
        current.push({ ...base, state: 'in_force', endedAt: null, liftItemId: null });
        continue;
      }
      // A later episode's first warning also marks this one superseded (liftedAt): a lapse that came
      // first is still an expiry.
      const expiry = effectiveUntil(last);
      const lifted = last.action === 'lift' || (last.liftedAt !== null && last.liftedAt < expiry);
      const endedAt = last.action === 'lift' ? last.issuedAt : lifted && last.liftedAt ? last.liftedAt : expiry;
      if (endedAt.getTime() < endedSince || endedAt.getTime() > now.getTime()) continue;
      ended.push({
        ...base,
        state: lifted ? 'lifted' : 'expired',
        endedAt,
        liftItemId: last.action === 'lift' ? last.itemId : null,
      });
    }
  }

  const levelCounts: Record<HazardLevel, number> = { red: 0, orange: 0, yellow: 0, blue: 0 };
  for (const w of current) if (w.level in levelCounts) levelCounts[w.level as HazardLevel] += 1;
  const areas = [...new Set([...current, ...ended].map((w) => w.area))].sort((a, b) =>
    a === UNKNOWN_AREA ? 1 : b === UNKNOWN_AREA ? -1 : a.localeCompare(b, 'zh-CN'),
  );

  const keep = (w: HazardEntry): boolean =>
    (!filters.province || w.area === filters.province) && (!filters.level || w.level === filters.level);
  const byLevel = (a: HazardEntry, b: HazardEntry): number =>
    levelRank(b.level) - levelRank(a.level) || b.issuedAt.getTime() - a.issuedAt.getTime() || b.id - a.id;

  const grouped = new Map<string, HazardEntry[]>();
  for (const w of current.filter(keep)) grouped.set(w.area, [...(grouped.get(w.area) ?? []), w]);
  const groups: HazardGroup[] = [...grouped].map(([area, warnings]) => {
    const sorted = warnings.sort(byLevel);
    return { area, maxLevel: sorted[0]?.level ?? 'blue', warnings: sorted };
  });
  groups.sort(
    (a, b) =>
      levelRank(b.maxLevel) - levelRank(a.maxLevel) ||
      b.warnings.length - a.warnings.length ||
      (a.area === UNKNOWN_AREA ? 1 : b.area === UNKNOWN_AREA ? -1 : a.area.localeCompare(b.area, 'zh-CN')),
  );

  return {
    generatedAt: now,
    groups,
    inForceCount: groups.reduce((n, g) => n + g.warnings.length, 0),
    ended: ended.filter(keep).sort((a, b) => (b.endedAt?.getTime() ?? 0) - (a.endedAt?.getTime() ?? 0)),
    levelCounts,
    areas,
  };
}
