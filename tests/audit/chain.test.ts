/** TESTPLAN S18/S19, MLPS 8.1.4.3: the audit log is append-only, hash-chained and kept 184 days. */
import { spawn } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { ConfigError, loadConfig } from '@/lib/config';
import {
  AUDIT_GENESIS,
  appendAudit,
  deleteExpiredAuditRows,
  lastAuditVerification,
  openSystemEvents,
  searchAuditLog,
  verifyAuditChain,
} from '@/lib/db';
import { rawExecute } from '@/lib/db/dialect';
import { AUDIT_CHAIN_EVENT, runAuditJob } from '@/lib/pipeline/audit';
import { createTestDb, dropTrigger, rawStatements } from '../helpers/test-db';
import type { TestDb } from '../helpers/test-db';

const DAY = 86_400_000;
const ctx = { actor: 'web:张三', clientIp: '10.0.0.9', requestId: 'req-1' };
let t: TestDb;

beforeEach(async () => {
  t = await createTestDb();
});
afterEach(async () => {
  await t.cleanup();
});

async function appendN(n: number, at?: Date): Promise<void> {
  for (let i = 0; i < n; i += 1) {
    await appendAudit(t.client, ctx, { action: 'source.update', objectType: 'source', objectId: `s-${i}`, detail: { i }, ...(at ? { at } : {}) });
  }
}


describe('hash chain', () => {
  test('rows chain from the genesis value and verify, in several batches', async () => {
    await appendN(25);
    const v = await verifyAuditChain(t.client, { batchSize: 7 });
    expect(v).toEqual({ ok: true, checked: 25, firstId: 1, lastId: 25, broken: null });
    const page = await searchAuditLog(t.client, {}, { limit: 30 });
    expect(page.rows.at(-1)?.prevHash).toBe(AUDIT_GENESIS);
    expect(page.rows[0]).toMatchObject({ id: 25, actor: 'web:张三', clientIp: '10.0.0.9', requestId: 'req-1', result: 'ok' });
    expect(page.rows[0]?.prevHash).toBe(page.rows[1]?.hash);
  });

  test('a row changed behind the triggers is reported at that row', async () => {
    await appendN(10);
    await rawStatements(t, dropTrigger(t, 'AuditLog_no_update', 'AuditLog'), ['UPDATE "AuditLog" SET "actor" = ? WHERE "id" = 6', 'web:李四']);
    const v = await verifyAuditChain(t.client, { batchSize: 4 });
    expect(v).toMatchObject({ ok: false, checked: 5, broken: { id: 6, problem: 'hash_mismatch' } });
  });

  test('a row removed behind the triggers is reported at the next row', async () => {
    await appendN(10);
    await rawStatements(t, dropTrigger(t, 'AuditLog_no_delete_young', 'AuditLog'), ['DELETE FROM "AuditLog" WHERE "id" = 4']);
    expect(await verifyAuditChain(t.client)).toMatchObject({ ok: false, broken: { id: 5, problem: 'gap' } });
  });

  test('a rehashed row still breaks the link to the next one', async () => {
    await appendN(5);
    await rawStatements(t, dropTrigger(t, 'AuditLog_no_update', 'AuditLog'), ['UPDATE "AuditLog" SET "hash" = ? WHERE "id" = 3', 'f'.repeat(64)]);
    expect(await verifyAuditChain(t.client)).toMatchObject({ ok: false, broken: { id: 3, problem: 'hash_mismatch' } });
  });

  test('the daily job records its check and opens a system event when the chain is broken', async () => {
    await appendN(3);
    const ok = await runAuditJob(t.client, { now: new Date(), retentionDays: 184 });
    expect(ok.verification.ok).toBe(true);
    expect(await lastAuditVerification(t.client)).toMatchObject({ actor: 'system', action: 'audit.verify', result: 'ok' });
    await rawStatements(t, dropTrigger(t, 'AuditLog_no_update', 'AuditLog'), ['UPDATE "AuditLog" SET "objectId" = ? WHERE "id" = 2', 'x']);
    const bad = await runAuditJob(t.client, { now: new Date(), retentionDays: 184 });
    expect(bad.verification.broken).toEqual({ id: 2, problem: 'hash_mismatch' });
    expect(await lastAuditVerification(t.client)).toMatchObject({ result: 'failed', objectId: '2', reason: 'hash_mismatch' });
    expect((await openSystemEvents(t.client)).map((e) => e.kind)).toContain(AUDIT_CHAIN_EVENT);
  });
});

describe('append-only', () => {
  test('UPDATE and DELETE of a young row are refused by the database', async () => {
    await appendN(2);
    await expect(rawExecute(t.client, 'UPDATE "AuditLog" SET "actor" = ? WHERE "id" = 1', 'x')).rejects.toThrow(/append-only/);
    await expect(t.client.$executeRawUnsafe('DELETE FROM "AuditLog" WHERE "id" = 1')).rejects.toThrow(/append-only/);
    await expect(rawStatements(t, ['DELETE FROM "AuditLog"'])).rejects.toThrow(/append-only/);
    expect(await verifyAuditChain(t.client)).toMatchObject({ ok: true, checked: 2 });
  });
});

describe('retention', () => {
  test('deletes only rows older than the retention, and the chain still verifies from the new start', async () => {
    const now = new Date();
    await appendN(5, new Date(now.getTime() - 200 * DAY));
    await appendN(3, new Date(now.getTime() - 100 * DAY));
    const r = await deleteExpiredAuditRows(t.client, { now, retentionDays: 184, ctx: { actor: 'system' }, batchSize: 2 });
    expect(r.deleted).toBe(5);
    const left = await searchAuditLog(t.client, { action: 'source.update' }, { limit: 50 });
    expect(left.rows.map((x) => x.id)).toEqual([8, 7, 6]);
    expect(await verifyAuditChain(t.client)).toMatchObject({ ok: true, firstId: 6 });
    // Deleting the oldest remaining rows behind the job's back is noticed.
    await rawStatements(t, dropTrigger(t, 'AuditLog_no_delete_young', 'AuditLog'), ['DELETE FROM "AuditLog" WHERE "id" = 6']);
    expect(await verifyAuditChain(t.client)).toMatchObject({ ok: false, broken: { id: 7, problem: 'anchor_missing' } });
  });

  test('a clock run ahead cannot delete rows the database still counts as young', async () => {
    const now = new Date();
    await appendN(2, new Date(now.getTime() - 100 * DAY));
    await appendN(1);
    const future = new Date(now.getTime() + 200 * DAY);
    await expect(deleteExpiredAuditRows(t.client, { now: future, retentionDays: 184, ctx: { actor: 'system' } })).rejects.toThrow(/append-only/);
    expect(await verifyAuditChain(t.client)).toMatchObject({ ok: true, checked: 3 });
  });

  test('a retention below 184 days is refused by the job and by the configuration', async () => {
    await expect(deleteExpiredAuditRows(t.client, { now: new Date(), retentionDays: 90, ctx: { actor: 'system' } })).rejects.toThrow(/184/);
    expect(() => loadConfig({ AUDIT_RETENTION_DAYS: '183' })).toThrow(ConfigError);
    expect(loadConfig({}).audit.retentionDays).toBe(184);
    expect(loadConfig({ AUDIT_RETENTION_DAYS: '365' }).audit.retentionDays).toBe(365);
  });
});

describe('concurrency', () => {
  function appender(name: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'tests/audit/append-child.ts', name, '200'], {
        env: { ...process.env, DATABASE_URL: t.url, LOG_LEVEL: 'silent' },
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`exit ${code}`))));
    });
  }

  test('two processes appending 200 rows each keep one valid chain', async () => {
    await Promise.all([appender('a'), appender('b')]);
    expect(await verifyAuditChain(t.client)).toEqual({ ok: true, checked: 400, firstId: 1, lastId: 400, broken: null });
    expect((await searchAuditLog(t.client, { actor: 'cli:a' }, { limit: 500 })).rows).toHaveLength(200);
  }, 120_000);
});
