/**
 * The audit log (等保2.0 8.1.4.3): who did what to which object, when, from where, with what result.
 *
 * - Append-only: triggers refuse UPDATE and the DELETE of rows younger than 184 days (see the
 *   audit_log migration); retention is the only deleter.
 * - Hash-chained: each row's hash covers its fields and the previous row's hash, so a changed,
 *   removed or reordered row breaks the chain at that row.
 * - Fail closed: business writes append their row inside their own transaction (appendAuditInTx),
 *   so a change whose audit row cannot be written is rolled back.
 *
 * Raw SQL lives here because the chain needs an explicit id and a fixed text form of `at`; every
 * value is a bound parameter. Both engines: statements go through lib/db/dialect.ts (placeholders,
 * date parameters); the few functions that differ are picked per engine below.
 */
import { createHash } from 'node:crypto';
import type { Db } from './client';
import { dateParam, dialectOf, rawExecute, rawQuery, takeWriteLock } from './dialect';
import { TX_OPTIONS } from './sources';

type Tx = Pick<Db, '$executeRawUnsafe' | '$queryRawUnsafe'>;

/** Who acted: `user:<username>` for a signed-in person, `cli:<os user>` for a CLI, `system:<job>` for the worker (older rows: `web:姓名`). */
export interface AuditContext {
  actor: string;
  role?: string | null;
  clientIp?: string | null;
  requestId?: string | null;
}

export type AuditResult = 'ok' | 'denied' | 'failed';

export const AUDIT_ACTIONS = [
  'alert.acknowledge',
  'alert.assign',
  'alert.resolve',
  'alert.reopen',
  'source.create',
  'source.update',
  'source.delete',
  'source.schedule',
  'source.import',
  'topic.save',
  'topic.delete',
  'lexicon.save',
  'settings.thresholds',
  'settings.clocks',
  'clock.met',
  'notify.channel.save',
  'notify.channel.test',
  'notify.rule.save',
  'export.items',
  'export.audit',
  'audit.query',
  'audit.verify',
  'audit.retention',
  'auth.login',
  'auth.login_failed',
  'auth.lockout',
  'auth.logout',
  'auth.timeout',
  'auth.password_change',
  'auth.totp_enable',
  'auth.totp_disable',
  'user.create',
  'user.disable',
  'user.enable',
  'user.password_reset',
  'user.unlock',
  'role.grant',
  'role.revoke',
  'policy.update',
  'authz.denied',
  'disclosure.create',
  'disclosure.event',
  'reply.create',
  'reply.assign',
  'reply.answer',
  'reply.close',
  'reply.reopen',
  'reply.escalate',
  'plan.save',
  'plan.delete',
  'plan.activate',
  'plan.step',
  'plan.close',
  'release.create',
  'release.edit',
  'release.submit',
  'release.clear',
  'release.return',
  'release.approve',
  'release.reject',
  'release.publish',
  'release.withdraw',
  'accident.create',
  'accident.entry',
  'accident.listing',
  'digest.generate',
  'digest.sign',
  'digest.instruct',
  'digest.export',
  'digest.subscription',
  'digest.resend',
  'account.email',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  action: AuditAction;
  objectType: string;
  objectId: string;
  result?: AuditResult;
  reason?: string | null;
  /** Small and free of secrets: ids, counts, filters, changed field names. */
  detail?: Record<string, unknown> | null;
  at?: Date;
}

export interface AuditRow {
  id: number;
  at: Date;
  actor: string;
  role: string | null;
  clientIp: string | null;
  requestId: string | null;
  action: string;
  objectType: string;
  objectId: string;
  result: string;
  reason: string | null;
  detailJson: string | null;
  prevHash: string;
  hash: string;
}

/** prevHash of the first row ever written. */
export const AUDIT_GENESIS = '0'.repeat(64);
/** The minimum retention: MLPS asks for at least six months; the delete trigger enforces the same bound. */
export const AUDIT_MIN_RETENTION_DAYS = 184;
const MAX_DETAIL_CHARS = 2000;
const MAX_TEXT_CHARS = 500;

function toDate(v: unknown): Date {
  if (v instanceof Date) return v;
  if (typeof v === 'string' || typeof v === 'number') return new Date(v);
  throw new Error('audit: unreadable timestamp');
}

function clip(s: string | null | undefined): string | null {
  if (s === null || s === undefined) return null;
  return s.length > MAX_TEXT_CHARS ? s.slice(0, MAX_TEXT_CHARS) : s;
}

function detailText(detail: Record<string, unknown> | null | undefined): string | null {
  if (!detail) return null;
  const json = JSON.stringify(detail);
  // Never fail the business change over an oversized detail: keep its start, marked as cut.
  return json.length <= MAX_DETAIL_CHARS ? json : JSON.stringify({ truncated: true, head: json.slice(0, MAX_DETAIL_CHARS - 40) });
}

/** SHA-256 over a fixed-order JSON array of the row's fields (a JSON array is unambiguous) and prevHash. */
export function auditHash(r: Omit<AuditRow, 'hash'>): string {
  const canonical = JSON.stringify([
    'audit-v1',
    r.id,
    r.at.toISOString(),
    r.actor,
    r.role,
    r.clientIp,
    r.requestId,
    r.action,
    r.objectType,
    r.objectId,
    r.result,
    r.reason,
    r.detailJson,
    r.prevHash,
  ]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

const COLUMNS = [
  'id', 'at', 'actor', 'role', 'clientIp', 'requestId', 'action', 'objectType', 'objectId', 'result', 'reason',
  'detailJson', 'prevHash', 'hash',
] as const satisfies readonly (keyof AuditRow)[];
const SELECT_COLUMNS = COLUMNS.map((c) => `"${c}"`).join(', ');

type RawAuditRow = Omit<AuditRow, 'at' | 'id'> & { at: unknown; id: number | bigint };

function fromRaw(r: RawAuditRow): AuditRow {
  return { ...r, id: Number(r.id), at: toDate(r.at) };
}

/**
 * Appends one row. The caller's transaction must already hold the write lock (takeWriteLock), so
 * the tail read here is the tail the row is chained to, whichever process writes next.
 */
export async function appendAuditInTx(tx: Tx, ctx: AuditContext, e: AuditEntry): Promise<AuditRow> {
  // PostgreSQL: the chain holds whatever lock the caller took (advisory locks are re-entrant within
  // a transaction). SQLite's one writer lock is already held.
  if (dialectOf(tx) === 'postgresql') await takeWriteLock(tx, 'audit');
  const tail = await rawQuery<{ id: number | bigint; hash: string }[]>(
    tx,
    'SELECT "id", "hash" FROM "AuditLog" ORDER BY "id" DESC LIMIT 1',
  );
  const prev = tail[0];
  const base: Omit<AuditRow, 'hash'> = {
    id: prev ? Number(prev.id) + 1 : 1,
    // Stored with millisecond precision, which is what the hash covers.
    at: new Date((e.at ?? new Date()).getTime()),
    actor: clip(ctx.actor) ?? '',
    role: clip(ctx.role),
    clientIp: clip(ctx.clientIp),
    requestId: clip(ctx.requestId),
    action: e.action,
    objectType: e.objectType,
    objectId: clip(e.objectId) ?? '',
    result: e.result ?? 'ok',
    reason: clip(e.reason),
    detailJson: detailText(e.detail),
    prevHash: prev ? prev.hash : AUDIT_GENESIS,
  };
  const row: AuditRow = { ...base, hash: auditHash(base) };
  await rawExecute(
    tx,
    `INSERT INTO "AuditLog" (${SELECT_COLUMNS}) VALUES (${COLUMNS.map(() => '?').join(', ')})`,
    ...COLUMNS.map((c) => (c === 'at' ? dateParam(tx, row.at) : row[c])),
  );
  return row;
}

/** Appends one row in its own transaction (reads, exports, denials: no business change to join). */
export async function appendAudit(client: Db, ctx: AuditContext, e: AuditEntry): Promise<AuditRow> {
  return client.$transaction(async (tx) => {
    await takeWriteLock(tx);
    return appendAuditInTx(tx, ctx, e);
  }, TX_OPTIONS);
}

// ---------------------------------------------------------------- verification

export type AuditBreak = 'hash_mismatch' | 'prev_mismatch' | 'gap' | 'anchor_missing';

export interface AuditVerification {
  ok: boolean;
  checked: number;
  firstId: number | null;
  lastId: number | null;
  /** The first row that does not hold, and why. */
  broken: { id: number; problem: AuditBreak } | null;
}

/**
 * Walks the whole chain in id order, in batches, and reports the first row that does not hold.
 * The oldest remaining row chains to the genesis value or, after retention, to the hash the
 * retention job recorded for the last row it deleted.
 */
export async function verifyAuditChain(client: Db, opts: { batchSize?: number } = {}): Promise<AuditVerification> {
  const batchSize = opts.batchSize ?? 1000;
  let checked = 0;
  let firstId: number | null = null;
  let prev: AuditRow | null = null;
  for (;;) {
    // eslint-disable-next-line no-await-in-loop -- keyset batches, in order
    const raw: RawAuditRow[] = await rawQuery<RawAuditRow[]>(
      client,
      `SELECT ${SELECT_COLUMNS} FROM "AuditLog" WHERE "id" > ? ORDER BY "id" ASC LIMIT ?`,
      prev ? prev.id : 0,
      batchSize,
    );
    const rows: AuditRow[] = raw.map(fromRaw);
    for (const row of rows) {
      const broken = (problem: AuditBreak): AuditVerification => ({
        ok: false,
        checked,
        firstId,
        lastId: prev?.id ?? null,
        broken: { id: row.id, problem },
      });
      if (prev === null) {
        firstId = row.id;
        // eslint-disable-next-line no-await-in-loop -- once, for the oldest row
        if (row.prevHash !== AUDIT_GENESIS && !(await isRetentionAnchor(client, row.prevHash))) return broken('anchor_missing');
      } else {
        if (row.id !== prev.id + 1) return broken('gap');
        if (row.prevHash !== prev.hash) return broken('prev_mismatch');
      }
      if (auditHash(row) !== row.hash) return broken('hash_mismatch');
      prev = row;
      checked += 1;
    }
    if (raw.length < batchSize) break;
  }
  return { ok: true, checked, firstId, lastId: prev?.id ?? null, broken: null };
}

async function isRetentionAnchor(client: Db, hash: string): Promise<boolean> {
  const anchor =
    dialectOf(client) === 'postgresql' ? `("detailJson"::jsonb ->> 'anchorHash')` : `json_extract("detailJson", '$.anchorHash')`;
  const rows = await rawQuery<unknown[]>(
    client,
    `SELECT 1 FROM "AuditLog" WHERE "action" = 'audit.retention' AND ${anchor} = ? LIMIT 1`,
    hash,
  );
  return rows.length > 0;
}

// ---------------------------------------------------------------- retention

export interface AuditRetentionResult {
  deleted: number;
}

/**
 * Deletes rows older than `retentionDays` (never fewer than 184), oldest first, in batches of one
 * transaction each. Only a prefix of the chain goes, never the newest row, and each batch records
 * the hash of the last row it removed, which the verification takes as the new start of the chain.
 */
export async function deleteExpiredAuditRows(
  client: Db,
  o: { now: Date; retentionDays: number; ctx: AuditContext; batchSize?: number },
): Promise<AuditRetentionResult> {
  if (!Number.isInteger(o.retentionDays) || o.retentionDays < AUDIT_MIN_RETENTION_DAYS) {
    throw new Error(`audit retention must be at least ${AUDIT_MIN_RETENTION_DAYS} days`);
  }
  const cutoff = dateParam(client, new Date(o.now.getTime() - o.retentionDays * 86_400_000));
  const batchSize = o.batchSize ?? 1000;
  let deleted = 0;
  for (;;) {
    // eslint-disable-next-line no-await-in-loop -- one short transaction per batch, so writers are not held up
    const n = await client.$transaction(async (tx) => {
      await takeWriteLock(tx);
      // The expired prefix: ids below the first row that is still young (or below the newest row).
      const rows = await rawQuery<{ id: number | bigint; hash: string }[]>(
        tx,
        `SELECT "id", "hash" FROM "AuditLog"
         WHERE "id" < COALESCE((SELECT MIN("id") FROM "AuditLog" WHERE "at" >= ?), (SELECT MAX("id") FROM "AuditLog"))
         ORDER BY "id" ASC LIMIT ?`,
        cutoff,
        batchSize,
      );
      const last = rows.at(-1);
      if (!last) return 0;
      const throughId = Number(last.id);
      await rawExecute(tx, 'DELETE FROM "AuditLog" WHERE "id" <= ?', throughId);
      await appendAuditInTx(tx, o.ctx, {
        action: 'audit.retention',
        objectType: 'audit_log',
        objectId: `..${throughId}`,
        at: o.now,
        detail: { deleted: rows.length, throughId, anchorHash: last.hash, retentionDays: o.retentionDays },
      });
      return rows.length;
    }, TX_OPTIONS);
    deleted += n;
    if (n < batchSize) break;
  }
  return { deleted };
}

// ---------------------------------------------------------------- search (/audit)

export interface AuditFilter {
  from?: Date;
  to?: Date;
  actor?: string;
  action?: string;
  objectType?: string;
  objectId?: string;
  result?: AuditResult;
}

export interface AuditPage {
  rows: AuditRow[];
  /** Id to pass as `before` for the next (older) page; null at the end. */
  nextBefore: number | null;
}

function whereOf(client: object, f: AuditFilter): { sql: string; args: unknown[] } {
  const pg = dialectOf(client) === 'postgresql';
  const parts: string[] = [];
  const args: unknown[] = [];
  if (f.from) {
    parts.push('"at" >= ?');
    args.push(dateParam(client, f.from));
  }
  if (f.to) {
    parts.push('"at" < ?');
    args.push(dateParam(client, f.to));
  }
  if (f.actor) {
    parts.push(pg ? 'strpos("actor", ?) > 0' : 'instr("actor", ?) > 0');
    args.push(f.actor);
  }
  if (f.action) {
    parts.push('"action" = ?');
    args.push(f.action);
  }
  if (f.objectType) {
    parts.push('"objectType" = ?');
    args.push(f.objectType);
  }
  if (f.objectId) {
    parts.push('"objectId" = ?');
    args.push(f.objectId);
  }
  if (f.result) {
    parts.push('"result" = ?');
    args.push(f.result);
  }
  return { sql: parts.length ? parts.join(' AND ') : pg ? 'TRUE' : '1', args };
}

/** Newest first, keyset-paged on id (ids grow with time: rows are only appended). */
export async function searchAuditLog(
  client: Db,
  f: AuditFilter,
  page: { before?: number; limit: number },
): Promise<AuditPage> {
  const w = whereOf(client, f);
  const raw = await rawQuery<RawAuditRow[]>(
    client,
    `SELECT ${SELECT_COLUMNS} FROM "AuditLog" WHERE ${w.sql} AND "id" < ? ORDER BY "id" DESC LIMIT ?`,
    ...w.args,
    // No `before`: past every id (PostgreSQL's id column is int4, which a larger bound overflows).
    page.before ?? (dialectOf(client) === 'postgresql' ? 2_147_483_647 : Number.MAX_SAFE_INTEGER),
    page.limit + 1,
  );
  const rows = raw.slice(0, page.limit).map(fromRaw);
  return { rows, nextBefore: raw.length > page.limit ? (rows.at(-1)?.id ?? null) : null };
}

/** Every row of a search, newest first, in batches (for the CSV export). */
export async function* iterateAuditLog(client: Db, f: AuditFilter, batchSize = 1000): AsyncGenerator<AuditRow> {
  let before: number | undefined;
  for (;;) {
    // eslint-disable-next-line no-await-in-loop -- a stream: one batch after the other
    const p = await searchAuditLog(client, f, { limit: batchSize, ...(before !== undefined ? { before } : {}) });
    yield* p.rows;
    if (p.nextBefore === null) return;
    before = p.nextBefore;
  }
}

/** The latest chain verification the worker recorded, for the page's status line. */
export async function lastAuditVerification(client: Db): Promise<AuditRow | null> {
  const raw = await rawQuery<RawAuditRow[]>(
    client,
    `SELECT ${SELECT_COLUMNS} FROM "AuditLog" WHERE "action" = 'audit.verify' ORDER BY "id" DESC LIMIT 1`,
  );
  return raw[0] ? fromRaw(raw[0]) : null;
}
