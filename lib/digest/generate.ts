/** Builds a digest from the database and stores it (with its 期号 and deliveries), audited. */
import { createDigest, dailyDigestFacts, specialReportFacts } from '@/lib/db';
import type { AuditContext, Db, DigestCreateResult } from '@/lib/db';
import { composeDailyDigest } from './daily';
import { composeSpecialReport } from './special';
import { DIGEST_KIND_LABELS } from './model';
import type { DigestContent } from './model';
import { dailyPeriod, yearIn } from './period';
import type { Period } from './period';

export interface DigestSettings {
  issuer: string;
  timezone: string;
}

/** The daily digest of a period, built but not stored (tests and previews). */
export async function buildDailyDigest(client: Db, period: Period, s: DigestSettings, now: Date): Promise<DigestContent> {
  const facts = await dailyDigestFacts(client, period);
  return composeDailyDigest(facts, { issuer: s.issuer, timezone: s.timezone, generatedAt: now }, DIGEST_KIND_LABELS.daily);
}

export async function buildSpecialReport(client: Db, eventId: number, s: DigestSettings, now: Date): Promise<DigestContent | null> {
  const facts = await specialReportFacts(client, eventId);
  if (!facts) return null;
  return composeSpecialReport(facts, { issuer: s.issuer, timezone: s.timezone, generatedAt: now }, `关于“${facts.event.title}”的舆情专报`, now);
}

export interface GenerateRequest {
  /** schedule | user:<username> */
  generatedBy: string;
  audit: AuditContext;
  now: Date;
}

/** Generates and stores a daily digest for `period` (default: 前日 08:00–当日 08:00 of `now`). */
export async function generateDailyDigest(
  client: Db,
  s: DigestSettings,
  req: GenerateRequest & { period?: Period; oncePerPeriod?: boolean },
): Promise<DigestCreateResult> {
  const period = req.period ?? dailyPeriod(req.now, s.timezone);
  const content = await buildDailyDigest(client, period, s, req.now);
  return createDigest(
    client,
    {
      kind: 'daily',
      year: yearIn(period.end, s.timezone),
      title: content.title,
      periodStart: period.start,
      periodEnd: period.end,
      eventId: null,
      contentJson: JSON.stringify(content),
      generatedBy: req.generatedBy,
    },
    req.audit,
    req.now,
    { oncePerPeriod: req.oncePerPeriod === true },
  );
}

/** Generates and stores a 专报 of one event; null for an unknown event. */
export async function generateSpecialReport(client: Db, eventId: number, s: DigestSettings, req: GenerateRequest): Promise<DigestCreateResult | null> {
  const content = await buildSpecialReport(client, eventId, s, req.now);
  if (!content) return null;
  return createDigest(
    client,
    {
      kind: 'special',
      year: yearIn(req.now, s.timezone),
      title: content.title,
      periodStart: new Date(content.periodStart),
      periodEnd: new Date(content.periodEnd),
      eventId,
      contentJson: JSON.stringify(content),
      generatedBy: req.generatedBy,
    },
    req.audit,
    req.now,
  );
}
