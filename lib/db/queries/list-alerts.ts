/** Alerts for the 预警处置 page: filtered, unresolved and most severe first, bounded pages. */
import type { AlertListQuery } from '@/lib/alerts-view/list-query';
import { ALERT_MAX_PAGES, ALERT_PAGE_SIZE } from '@/lib/alerts-view/list-query';
import type { Db } from '../client';
import type { Prisma } from '../generated/client';
import { ALERT_ROW_SELECT, compareAlertsForAttention } from './get-event';
import type { EventAlertRow } from './get-event';

export interface AlertList {
  rows: EventAlertRow[];
  /** Matching alerts in total (the alerts table stays small: one row per situation). */
  total: number;
  /** Unresolved alerts by level, whatever the filters: the page's summary line. */
  unresolvedByLevel: Record<string, number>;
  pages: number;
}

function whereOf(q: AlertListQuery): Prisma.AlertWhereInput {
  const where: Prisma.AlertWhereInput = {};
  if (q.state === 'unresolved') where.state = { not: 'resolved' };
  else if (q.state !== 'all') where.state = q.state;
  if (q.level) where.level = q.level;
  if (q.kind) where.kind = q.kind;
  return where;
}

export async function listAlertsPage(client: Db, q: AlertListQuery): Promise<AlertList> {
  const where = whereOf(q);
  const [total, byLevel] = await Promise.all([
    client.alert.count({ where }),
    client.alert.groupBy({ by: ['level'], where: { state: { not: 'resolved' } }, _count: { _all: true } }),
  ]);
  const unresolvedByLevel: Record<string, number> = { red: 0, orange: 0, yellow: 0, blue: 0 };
  for (const r of byLevel) unresolvedByLevel[r.level] = r._count._all;
  const pages = Math.min(ALERT_MAX_PAGES, Math.max(1, Math.ceil(total / ALERT_PAGE_SIZE)));
  // Severity order cannot be expressed on the level text in SQL, so unresolved alerts (few by
  // nature) are sorted here; lists that include resolved ones are paged by time.
  if (q.state !== 'resolved' && q.state !== 'all') {
    const rows = await client.alert.findMany({ where, select: ALERT_ROW_SELECT, orderBy: { lastRaisedAt: 'desc' }, take: ALERT_MAX_PAGES * ALERT_PAGE_SIZE });
    rows.sort(compareAlertsForAttention);
    const start = (q.page - 1) * ALERT_PAGE_SIZE;
    return { rows: rows.slice(start, start + ALERT_PAGE_SIZE), total, unresolvedByLevel, pages };
  }
  const rows = await client.alert.findMany({
    where,
    select: ALERT_ROW_SELECT,
    orderBy: [{ lastRaisedAt: 'desc' }, { id: 'desc' }],
    skip: (q.page - 1) * ALERT_PAGE_SIZE,
    take: ALERT_PAGE_SIZE,
  });
  return { rows, total, unresolvedByLevel, pages };
}
