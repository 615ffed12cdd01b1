import { describe, expect, test } from 'vitest';
import { CrawlError } from '@/lib/errors';
import type { IngestOutcome } from '@/lib/pipeline/ingest';
import { egressVerdict } from '@/lib/scheduler/tick';

const ok = (id: string): IngestOutcome => ({ status: 'ok', sourceId: id, fetched: 1, duplicates: 0, newItems: [], httpStatus: 200 });
const down = (id: string): IngestOutcome => ({ status: 'error', sourceId: id, error: new CrawlError('dns_error'), networkError: true });
const broken = (id: string): IngestOutcome => ({ status: 'error', sourceId: id, error: new CrawlError('parse_error'), networkError: false });
const ext = (o: IngestOutcome) => ({ outcome: o, external: true });
const local = (o: IngestOutcome) => ({ outcome: o, external: false });

describe('egress-outage verdict', () => {
  test('most external sources failing at the network layer is an outage, whatever the local demo does', () => {
    expect(egressVerdict([ext(down('a')), ext(down('b')), ext(down('c')), ext(ok('d')), local(ok('demo-1')), local(ok('demo-2'))])).toBe(true);
  });
  test('an external success says the network works', () => {
    expect(egressVerdict([ext(down('a')), ext(ok('b'))])).toBe(false);
  });
  test('a cycle of local sources only, or too few external ones, says nothing (the previous state holds)', () => {
    expect(egressVerdict([local(ok('demo-1')), local(ok('demo-2'))])).toBeNull();
    expect(egressVerdict([ext(down('a')), ext(down('b')), local(ok('demo-1'))])).toBeNull();
  });
  test('sources broken on their own are not an outage', () => {
    expect(egressVerdict([ext(broken('a')), ext(broken('b')), ext(broken('c')), ext(down('d'))])).toBeNull();
  });
});
