/**
 * The exports behind the route handlers (item export, audit export) record who asked for what
 * before the first byte leaves, and the audit CSV neutralises formula-looking cells.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { corpus, demoSources } from '@/demo/corpus';
import { appendAudit, disconnectDb, searchAuditLog, upsertSources } from '@/lib/db';
import { parseAuditQuery } from '@/lib/audit/query';
import { auditContextOf } from '@/lib/auth/dal';
import { SourceListSchema } from '@/lib/sources/schema';
import { storeDemoEntries } from '../helpers/demo-items';
import { createTestDb } from '../helpers/test-db';
import type { TestDb } from '../helpers/test-db';

let t: TestDb;

beforeAll(async () => {
  t = await createTestDb();
  const start = new Date(Date.now() - 3 * 86_400_000);
  await upsertSources(t.client, SourceListSchema.parse(demoSources('http://127.0.0.1:9')), 'demo', start);
  await storeDemoEntries(t.client, corpus, start);
  // The handlers use the process-wide client: point it at the test file before first use.
  process.env.DATABASE_URL = t.url;
});
afterAll(async () => {
  await disconnectDb();
  await t.cleanup();
});

test('an item export records its filter, format and row count', async () => {
  const { itemsExportResponse } = await import('@/lib/export/responses');
  const h = new Headers({ 'x-forwarded-for': '10.9.9.9' });
  const audit = auditContextOf({ username: 'duty1', roles: ['press_officer'] }, h);
  const res = await itemsExportResponse(new Request('http://127.0.0.1/items/export?format=csv&category=official', { headers: h }), audit);
  expect(res.status).toBe(200);
  const lines = (await res.text()).trim().split('\r\n').length - 1;
  expect(lines).toBeGreaterThan(0);
  const [row] = (await searchAuditLog(t.client, { action: 'export.items' }, { limit: 5 })).rows;
  // TRUST_PROXY is off: the forwarded address is the client's own claim and is not recorded.
  expect(row).toMatchObject({ actor: 'user:duty1', role: 'press_officer', objectType: 'items', objectId: 'csv', result: 'ok', clientIp: null });
  expect(JSON.parse(row?.detailJson ?? '{}')).toEqual({ filter: { category: 'official' }, rows: lines });
});

test('the audit export records itself and neutralises formulas', async () => {
  await appendAudit(t.client, { actor: '=HYPERLINK("http://evil")' }, { action: 'source.update', objectType: 'source', objectId: '+cmd' });
  const { auditExportResponse } = await import('@/lib/export/responses');
  const audit = auditContextOf({ username: 'auditadmin', roles: ['auditadmin'] }, new Headers());
  const res = await auditExportResponse(new Request('http://127.0.0.1/audit/export?action=source.update'), audit);
  const text = await res.text();
  expect(res.headers.get('content-type')).toMatch(/text\/csv/);
  const lines = text.replace(/^\uFEFF/, '').trim().split('\r\n');
  expect(lines).toHaveLength(2);
  expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil"")"`);
  expect(lines[1]).toContain(`"'+cmd"`);
  const [row] = (await searchAuditLog(t.client, { action: 'export.audit' }, { limit: 5 })).rows;
  expect(JSON.parse(row?.detailJson ?? '{}')).toEqual({ filter: { action: 'source.update' } });
});

test('the search query is checked; bad values are dropped and named', () => {
  const q = parseAuditQuery({ from: '2026-07-01T08:00', to: 'yesterday', actor: ' 张三 ', result: 'maybe', before: '120' });
  expect(q.filter).toEqual({ from: new Date('2026-07-01T00:00:00Z'), actor: '张三' });
  expect(q.before).toBe(120);
  expect(q.ignored).toEqual(['to', 'result']);
});

test('every recorded action can be searched for, including those with underscores and three parts', () => {
  for (const action of ['auth.password_change', 'notify.channel.save', 'authz.denied', 'audit.query']) {
    expect(parseAuditQuery({ action }).filter).toEqual({ action });
  }
  expect(parseAuditQuery({ action: 'drop.table' }).ignored).toEqual(['action']);
});
