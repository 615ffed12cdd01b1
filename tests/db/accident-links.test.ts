/**
 * The disappearance check of published accident information (DOMAIN §3.3: "公开是长期的，严禁公开几天后
 * 又撤回"), on a real SQLite file against real HTTP servers on 127.0.0.1 through the hardened fetcher:
 * a link_check entry only when a URL's state changes (first check, gone, restored), audited as
 * system:accidents; 404/410 are gone at once, timeouts, 5xx and NXDOMAIN only on the third day in a
 * row; at most one check per URL and Shanghai day; a per-run cap; hostile servers (a body that never
 * ends, a huge body, a redirect loop, headers never sent) cannot hold the run past its deadline.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import {
  checkAccidentLinks,
  createAccidentCase,
  getAccidentCase,
  listAccidentCases,
  recordAccidentEntry,
  searchAuditLog,
  verifyAuditChain,
} from '@/lib/db';
import type { AccidentActor, AccidentWriteResult, LinkCheckOptions } from '@/lib/db';
import type { LookupFn } from '@/lib/fetch';
import { parseCaseForm, parseEntryForm } from '@/lib/workflow/accident-form';
import type { EntryInput, FormValues } from '@/lib/workflow/accident-form';
import { startServer } from '../helpers/evil-server';
import type { EvilServer } from '../helpers/evil-server';
import { createTestDb } from '../helpers/test-db';
import type { TestDb } from '../helpers/test-db';

const actor: AccidentActor = {
  username: 'press',
  name: '值班员甲',
  audit: { actor: 'user:press', role: 'press_officer', clientIp: '10.0.0.1', requestId: 'r-1' },
};
const RECORDED = new Date('2026-05-10T04:00:00Z');

/** 10:00 Beijing time on a day of November 2026. */
const nov = (day: number, hour = 10): Date => new Date(`2026-11-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00+08:00`);

type Mode = 'ok' | '404' | '410' | '500' | 'hang' | 'slow-body' | 'huge' | 'loop';
const modes = new Map<string, Mode>();
let server: EvilServer;
let t: TestDb;

function handle(req: IncomingMessage, res: ServerResponse): void {
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  const mode = modes.get(path.replace(/-b$/, '')) ?? 'ok';
  switch (mode) {
    case 'ok':
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<html><body>调查报告全文</body></html>');
      return;
    case '404':
    case '410':
    case '500':
      res.writeHead(Number(mode), { 'content-type': 'text/html' }).end('<html>页面不存在</html>');
      return;
    case 'hang':
      return; // headers never sent
    case 'slow-body': {
      res.writeHead(200, { 'content-type': 'text/html' });
      const timer = setInterval(() => res.write('.'), 100);
      res.on('close', () => clearInterval(timer));
      return;
    }
    case 'huge': {
      res.writeHead(200, { 'content-type': 'text/html' });
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      const pump = (): void => {
        while (res.write(chunk)) if (res.destroyed) return;
        res.once('drain', pump);
      };
      pump();
      return;
    }
    case 'loop':
      res.writeHead(302, { location: path.endsWith('-b') ? path.replace(/-b$/, '') : `${path}-b` }).end();
      return;
  }
}

beforeAll(async () => {
  server = await startServer(handle);
});
afterAll(async () => {
  await server.close();
});
beforeEach(async () => {
  modes.clear();
  t = await createTestDb();
});
afterEach(async () => {
  await t.cleanup();
});

function opts(over: Partial<LinkCheckOptions> = {}, fetch: Partial<LinkCheckOptions['fetch']> = {}): LinkCheckOptions {
  return {
    fetch: { userAgent: 'SafetyOpinionMonitor/test', allowPrivate: [server.allow], connectTimeoutMs: 2_000, headerTimeoutMs: 1_000, totalTimeoutMs: 2_000, ...fetch },
    deadlineMs: 10_000,
    maxUrls: 50,
    ...over,
  };
}

function ok(r: AccidentWriteResult): number {
  if (!r.ok) throw new Error(r.message);
  return r.id;
}

function entry(values: FormValues): EntryInput {
  const r = parseEntryForm(values, RECORDED);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
}

/** A 较大 case, approved, with its report (and optionally the accountability) published at these URLs. */
async function publishedCase(reportUrl: string, accountabilityUrl?: string): Promise<number> {
  const form = parseCaseForm({ title: '某化工厂爆炸', occurredAt: '2026-03-02T06:30', grade: '较大' }, RECORDED);
  if (!form.ok) throw new Error(JSON.stringify(form.errors));
  const id = ok(await createAccidentCase(t.client, form.value, actor, RECORDED));
  let version = 1;
  const add = async (values: FormValues) => ok(await recordAccidentEntry(t.client, id, entry(values), version++, actor, RECORDED));
  await add({ type: 'report_submitted', on: '2026-04-20' });
  await add({ type: 'closure_approved', on: '2026-04-27', documentNo: '某政函〔2026〕12号' });
  await add({ type: 'report_published', on: '2026-05-08', url: reportUrl });
  if (accountabilityUrl) await add({ type: 'accountability_published', on: '2026-05-08', url: accountabilityUrl, peopleHandled: '5' });
  return id;
}

async function linkEntries(caseId: number) {
  const rows = await t.client.accidentCaseEntry.findMany({ where: { caseId, type: 'link_check' }, orderBy: { seq: 'asc' } });
  return rows.map((r) => ({ ...(JSON.parse(r.payload) as { change: string; ok: boolean; status: string; url: string; since?: string }), recordedBy: r.recordedBy }));
}

const requestsTo = (path: string) => server.requests.filter((r) => r.path === path).length;

describe('state changes only', () => {
  test('first OK, then 404 → one gone entry and the banner data; back to 200 → one restored entry', async () => {
    modes.set('/report', 'ok');
    const id = await publishedCase(server.url('/report'));

    const first = await checkAccidentLinks(t.client, nov(1), opts());
    expect(first).toMatchObject({ urls: 1, checked: 1, recorded: { first_ok: 1, gone: 0, restored: 0 } });
    expect(await linkEntries(id)).toEqual([expect.objectContaining({ change: 'first_ok', ok: true, status: 'HTTP 200', recordedBy: 'system:accidents' })]);

    // The same Shanghai day again: not fetched at all.
    const seen = requestsTo('/report');
    expect(await checkAccidentLinks(t.client, nov(1, 22), opts())).toMatchObject({ checked: 0, checkedToday: 1 });
    expect(requestsTo('/report')).toBe(seen);

    // Still there the next day: checked, nothing recorded.
    expect(await checkAccidentLinks(t.client, nov(2), opts())).toMatchObject({ checked: 1, recorded: { first_ok: 0, gone: 0, restored: 0 } });
    expect(requestsTo('/report')).toBe(seen + 1);
    expect(await linkEntries(id)).toHaveLength(1);
    const closed = await t.client.accidentCase.findUniqueOrThrow({ where: { id } });

    modes.set('/report', '404');
    expect(await checkAccidentLinks(t.client, nov(20), opts())).toMatchObject({ recorded: { gone: 1 }, gone: [server.url('/report')] });
    const gone = await linkEntries(id);
    expect(gone.at(-1)).toMatchObject({ change: 'gone', ok: false, status: 'HTTP 404', url: server.url('/report') });
    const detail = await getAccidentCase(t.client, id, nov(20));
    expect(detail?.status.summary.goneLinks).toBe(1);
    expect(detail?.status.links[0]).toMatchObject({ state: 'gone', status: 'HTTP 404', recordedIn: ['公布事故调查报告'] });
    expect(detail?.status.duties.find((d) => d.id === 'keep_public')).toMatchObject({ state: 'overdue', label: '保持公开（严禁撤回）', dueOn: '2026-11-20' });
    expect(detail?.status.summary.overdue).toContain('保持公开（严禁撤回）');
    expect(detail?.timeline.at(-1)).toMatchObject({ label: '公开网址检查', recordedBy: 'system:accidents' });
    const row = await t.client.accidentCase.findUniqueOrThrow({ where: { id } });
    expect(row.overdueDuties).toBe(closed.overdueDuties + 1);
    expect(row.version).toBe(closed.version + 1);
    const listed = (await listAccidentCases(t.client, 'all', 'urgency', nov(20))).rows.find((r) => r.id === id);
    expect(listed).toMatchObject({ goneLinks: 1, overdue: expect.arrayContaining(['保持公开（严禁撤回）']) });

    // Still gone the next day: nothing new.
    await checkAccidentLinks(t.client, nov(21), opts());
    expect(await linkEntries(id)).toHaveLength(2);

    modes.set('/report', 'ok');
    expect(await checkAccidentLinks(t.client, nov(22), opts())).toMatchObject({ recorded: { restored: 1 }, gone: [] });
    expect((await linkEntries(id)).map((e) => e.change)).toEqual(['first_ok', 'gone', 'restored']);
    const restored = await getAccidentCase(t.client, id, nov(22));
    expect(restored?.status.summary.goneLinks).toBe(0);
    expect(restored?.status.duties.find((d) => d.id === 'keep_public')?.state).toBe('done');

    const audit = (await searchAuditLog(t.client, { action: 'accident.entry' }, { limit: 50 })).rows.filter((a) => a.actor === 'system:accidents');
    expect(audit.map((a) => (JSON.parse(a.detailJson ?? '{}') as { change?: string }).change).sort()).toEqual(['first_ok', 'gone', 'restored']);
    expect((await verifyAuditChain(t.client)).ok).toBe(true);
  });

  test('410 is gone at once; a URL that is gone on its first check is recorded as gone', async () => {
    modes.set('/withdrawn', '410');
    const id = await publishedCase(server.url('/withdrawn'));
    await checkAccidentLinks(t.client, nov(3), opts());
    expect(await linkEntries(id)).toEqual([expect.objectContaining({ change: 'gone', status: 'HTTP 410' })]);
  });

  test('a domain that does not resolve (NXDOMAIN) is gone only on the third day in a row, like a timeout', async () => {
    const nxdomain: LookupFn = (_host, _o, cb) => {
      const e: NodeJS.ErrnoException = new Error('getaddrinfo ENOTFOUND');
      e.code = 'ENOTFOUND';
      cb(e, []);
    };
    const id = await publishedCase('http://yjj.withdrawn.example.test/sgbg/1.html');
    await checkAccidentLinks(t.client, nov(3), opts({}, { lookup: nxdomain }));
    await checkAccidentLinks(t.client, nov(4), opts({}, { lookup: nxdomain }));
    expect(await linkEntries(id)).toEqual([]);
    await checkAccidentLinks(t.client, nov(5), opts({}, { lookup: nxdomain }));
    expect(await linkEntries(id)).toEqual([expect.objectContaining({ change: 'gone', status: '连续3日无法访问（域名无法解析（NXDOMAIN））', since: nov(3).toISOString() })]);
  });

  test('one URL shared by two cases gets one fetch and an entry in each case', async () => {
    const a = await publishedCase(server.url('/shared'));
    const b = await publishedCase(server.url('/shared'));
    const before = requestsTo('/shared');
    expect(await checkAccidentLinks(t.client, nov(4), opts())).toMatchObject({ urls: 1, checked: 1, recorded: { first_ok: 2 } });
    expect(requestsTo('/shared')).toBe(before + 1);
    expect(await linkEntries(a)).toHaveLength(1);
    expect(await linkEntries(b)).toHaveLength(1);
  });
});

describe('timeouts and server errors', () => {
  test('a timeout counts as gone only on the third day in a row, dated from the first failure', async () => {
    const id = await publishedCase(server.url('/slow'));
    await checkAccidentLinks(t.client, nov(1), opts());
    modes.set('/slow', 'hang');
    await checkAccidentLinks(t.client, nov(2), opts());
    await checkAccidentLinks(t.client, nov(3), opts());
    expect(await linkEntries(id)).toHaveLength(1);
    const pending = await getAccidentCase(t.client, id, nov(3));
    expect(pending?.status.summary.goneLinks).toBe(0);
    expect(pending?.linkChecks[server.url('/slow')]).toMatchObject({ failureDays: 2 });
    await checkAccidentLinks(t.client, nov(4), opts());
    const entries = await linkEntries(id);
    expect(entries).toHaveLength(2);
    expect(entries[1]).toMatchObject({ change: 'gone', ok: false, status: expect.stringContaining('连续3日'), since: nov(2).toISOString() });
    expect((await getAccidentCase(t.client, id, nov(4)))?.status.links[0]?.goneSince?.toISOString()).toBe(nov(2).toISOString());
  });

  test('5xx twice, then OK: no entry, and the count starts over', async () => {
    const id = await publishedCase(server.url('/flaky'));
    await checkAccidentLinks(t.client, nov(1), opts());
    modes.set('/flaky', '500');
    await checkAccidentLinks(t.client, nov(2), opts());
    await checkAccidentLinks(t.client, nov(3), opts());
    modes.set('/flaky', 'ok');
    await checkAccidentLinks(t.client, nov(4), opts());
    modes.set('/flaky', '500');
    await checkAccidentLinks(t.client, nov(5), opts());
    await checkAccidentLinks(t.client, nov(6), opts());
    expect((await linkEntries(id)).map((e) => e.change)).toEqual(['first_ok']);
    expect((await getAccidentCase(t.client, id, nov(6)))?.linkChecks[server.url('/flaky')]).toMatchObject({ failureDays: 2, lastStatus: 'HTTP 500' });
  });
});

describe('bounded runs', () => {
  test('hostile servers cannot hold the run past its deadline; abandoned checks are not counted', async () => {
    modes.set('/never-ends', 'slow-body');
    modes.set('/huge', 'huge');
    modes.set('/loop', 'loop');
    modes.set('/no-headers', 'hang');
    const a = await publishedCase(server.url('/never-ends'), server.url('/huge'));
    const b = await publishedCase(server.url('/loop'), server.url('/no-headers'));
    // Each fetch may take longer than the whole run: the run's deadline is what stops them.
    const run = await checkAccidentLinks(t.client, nov(1), opts({ deadlineMs: 3_000 }, { totalTimeoutMs: 60_000, headerTimeoutMs: 60_000 }));
    expect(run.urls).toBe(4);
    // A huge body is read up to the cap: the page exists. A redirect loop fails (not gone on day 1).
    expect(await linkEntries(a)).toEqual([expect.objectContaining({ change: 'first_ok', url: server.url('/huge') })]);
    expect(await linkEntries(b)).toEqual([]);
    // The endless body and the silent server were cut by the deadline: neither counted nor marked checked.
    expect(run.checked).toBe(2);
    expect(run.deferred).toBe(2);
    const seen = (await getAccidentCase(t.client, a, nov(1)))?.linkChecks ?? {};
    expect(Object.keys(seen)).toEqual([server.url('/huge')]);
    expect((await getAccidentCase(t.client, b, nov(1)))?.linkChecks[server.url('/loop')]).toMatchObject({ failureDays: 1, lastStatus: expect.stringContaining('重定向') });
  }, 30_000);

  test('a per-run cap defers the rest to a later run the same day', async () => {
    const a = await publishedCase(server.url('/one'));
    const b = await publishedCase(server.url('/two'));
    expect(await checkAccidentLinks(t.client, nov(1), opts({ maxUrls: 1 }))).toMatchObject({ urls: 2, checked: 1, deferred: 1 });
    expect(await checkAccidentLinks(t.client, nov(1, 11), opts({ maxUrls: 1 }))).toMatchObject({ checked: 1, deferred: 0, checkedToday: 1 });
    expect(await checkAccidentLinks(t.client, nov(1, 12), opts({ maxUrls: 1 }))).toMatchObject({ checked: 0, checkedToday: 2 });
    expect(await linkEntries(a)).toHaveLength(1);
    expect(await linkEntries(b)).toHaveLength(1);
  });

  test('a person cannot record a link check', async () => {
    const id = await publishedCase(server.url('/report'));
    const r = await recordAccidentEntry(
      t.client,
      id,
      { entry: { type: 'link_check', checkedAt: '2026-05-10T10:00:00+08:00', url: server.url('/report'), ok: false, status: 'HTTP 404', change: 'gone' }, note: null },
      4,
      actor,
      RECORDED,
    );
    expect(r).toMatchObject({ ok: false, message: expect.stringContaining('由系统记录') });
    expect(await linkEntries(id)).toEqual([]);
    expect(parseEntryForm({ type: 'link_check', url: server.url('/report') }, RECORDED)).toMatchObject({ ok: false, errors: { type: '未知的记录类型' } });
  });
});
