/**
 * The typed digest (舆情日报 / 舆情专报, DOMAIN §4.3/§4.4) as stored in Digest.contentJson and
 * rendered by the page, the print page, the .docx, the PDF and the email. Every statement carries
 * the stored rows behind it (evidence), so each sentence links to what it says; a figure that has no
 * data says so instead of showing a number.
 */
import { z } from 'zod';

export const DIGEST_KINDS = ['daily', 'special'] as const;
export type DigestKind = (typeof DIGEST_KINDS)[number];
export const DIGEST_KIND_LABELS: Readonly<Record<DigestKind, string>> = { daily: '舆情日报', special: '舆情专报' };

export const EVIDENCE_KINDS = ['item', 'event', 'alert', 'clock', 'hazard', 'reply', 'release', 'plan'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];
export const EVIDENCE_LABELS: Readonly<Record<EvidenceKind, string>> = {
  item: '信息',
  event: '事件',
  alert: '预警',
  clock: '时限',
  hazard: '灾害预警',
  reply: '待回应',
  release: '发布',
  plan: '预案',
};

const EvidenceSchema = z.object({
  kind: z.enum(EVIDENCE_KINDS),
  id: z.number().int().positive(),
  /** A path inside the dashboard where the row is shown. */
  href: z.string().startsWith('/'),
});
export type Evidence = z.infer<typeof EvidenceSchema>;

const StatementSchema = z.object({
  text: z.string(),
  evidence: z.array(EvidenceSchema),
  /** Rows of the same basis not listed (a count over many items lists a sample). */
  more: z.number().int().nonnegative().default(0),
});
export type Statement = z.infer<typeof StatementSchema>;

const TableSchema = z.object({
  header: z.array(z.string()),
  rows: z.array(z.object({ cells: z.array(z.string()), evidence: z.array(EvidenceSchema) })),
});
export type DigestTable = z.infer<typeof TableSchema>;

export interface DigestSection {
  key: string;
  heading: string;
  statements: Statement[];
  table?: DigestTable;
}
const SectionSchema: z.ZodType<DigestSection> = z.object({
  key: z.string(),
  heading: z.string(),
  statements: z.array(StatementSchema),
  table: TableSchema.optional(),
}) as z.ZodType<DigestSection>;

const CountSchema = z.object({ key: z.string(), label: z.string(), count: z.number().int().nonnegative() });

/** The 概况 figures of a daily digest, computed by queries (tests compare them with direct counts). */
const FiguresSchema = z.object({
  items: z.number().int().nonnegative(),
  previousItems: z.number().int().nonnegative(),
  byCategory: z.array(CountSchema),
  bySource: z.array(CountSchema),
  sentiment: z.object({
    negative: z.number().int().nonnegative(),
    neutral: z.number().int().nonnegative(),
    positive: z.number().int().nonnegative(),
    unanalysed: z.number().int().nonnegative(),
  }),
  alertsRaised: z.number().int().nonnegative(),
  alertsHandled: z.number().int().nonnegative(),
});
export type DailyFigures = z.infer<typeof FiguresSchema>;

export const DigestContentSchema = z.object({
  version: z.literal(1),
  kind: z.enum(DIGEST_KINDS),
  title: z.string(),
  issuer: z.string(),
  timezone: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  generatedAt: z.string(),
  eventId: z.number().int().nullable(),
  /** 专报: 核心摘要 (≤200 characters, ending in the risk conclusion). */
  abstract: StatementSchema.nullable(),
  figures: FiguresSchema.nullable(),
  /** 专报: items per bucket (声量走势), bucket start as ISO. */
  volume: z.array(z.object({ at: z.string(), count: z.number().int().nonnegative() })).nullable(),
  sections: z.array(SectionSchema),
  attachments: z.array(z.string()),
});
export type DigestContent = z.infer<typeof DigestContentSchema>;

/** Reads stored content; null when it is not a digest of this version (shown as such, never guessed). */
export function parseDigestContent(json: string): DigestContent | null {
  try {
    const r = DigestContentSchema.safeParse(JSON.parse(json));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

export const ABSTRACT_MAX_CHARS = 200;

// ---- evidence helpers ---------------------------------------------------------------------------

export const itemRef = (id: number): Evidence => ({ kind: 'item', id, href: `/items/${id}` });
export const eventRef = (id: number): Evidence => ({ kind: 'event', id, href: `/events/${id}` });
export const alertRef = (id: number, eventId: number | null): Evidence => ({
  kind: 'alert',
  id,
  href: eventId ? `/events/${eventId}#alerts` : '/alerts',
});
export const clockRef = (id: number, eventId: number): Evidence => ({ kind: 'clock', id, href: `/events/${eventId}` });
export const hazardRef = (id: number): Evidence => ({ kind: 'hazard', id, href: '/warnings' });
export const replyRef = (id: number): Evidence => ({ kind: 'reply', id, href: `/replies/${id}` });
export const releaseRef = (id: number, eventId: number | null): Evidence => ({
  kind: 'release',
  id,
  href: eventId ? `/events/${eventId}` : '/events',
});
export const planRef = (id: number): Evidence => ({ kind: 'plan', id, href: `/plans#plan-${id}` });

/** A statement whose evidence is a sample of `ids` (the rest counted in `more`). */
export function stated(text: string, evidence: readonly Evidence[], total = evidence.length): Statement {
  return { text, evidence: [...evidence], more: Math.max(0, total - evidence.length) };
}

/** Every evidence reference of a digest, for checks and for the page's list of sources. */
export function allEvidence(c: DigestContent): Evidence[] {
  const out: Evidence[] = [];
  if (c.abstract) out.push(...c.abstract.evidence);
  for (const s of c.sections) {
    for (const st of s.statements) out.push(...st.evidence);
    for (const r of s.table?.rows ?? []) out.push(...r.evidence);
  }
  return out;
}

/** 期号 text: "2026年第12期". */
export function issueText(year: number, seq: number): string {
  return `${year}年第${seq}期`;
}
