/** The engine switch (DATABASE_URL scheme) and the PostgreSQL session settings, on the engine of this run. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createDb, engineOf, engineOfUrl } from '@/lib/db';
import { createTestDb, onPostgres } from '../helpers/test-db';
import type { TestDb } from '../helpers/test-db';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t.cleanup();
});

describe('engine switch', () => {
  test.each([
    ['file:./data/app.db', 'sqlite'],
    ['postgresql://u:p@h:5432/db', 'postgresql'],
    ['postgres://u@h/db', 'postgresql'],
  ])('%s → %s', (url, engine) => {
    expect(engineOfUrl(url)).toBe(engine);
  });

  test('a client and its transaction clients know their engine', async () => {
    expect(engineOf(t.client)).toBe(t.engine);
    const inTx = await t.client.$transaction(async (tx) => engineOf(tx));
    expect(inTx).toBe(t.engine);
  });
});

describe.skipIf(!onPostgres)('PostgreSQL session', () => {
  test('instants are stored as UTC even when the database TimeZone is Asia/Shanghai', async () => {
    const dbName = new URL(t.url).pathname.slice(1);
    await t.client.$executeRawUnsafe(`ALTER DATABASE "${dbName}" SET "TimeZone" = 'Asia/Shanghai'`);
    const fresh = createDb(t.url, { poolMax: 2 }); // new connections pick up the database setting
    try {
      const at = new Date('2026-11-26T08:00:00.123Z');
      await fresh.systemEvent.create({ data: { kind: 'tz', message: 'm', openedAt: at } });
      const [row] = await fresh.$queryRawUnsafe<{ s: string; tz: string }[]>(
        `SELECT "openedAt"::text AS s, current_setting('TimeZone') AS tz FROM "SystemEvent" WHERE "kind" = $1`,
        'tz',
      );
      expect(row).toEqual({ s: '2026-11-26 08:00:00.123+00', tz: 'UTC' });
      expect((await fresh.systemEvent.findFirstOrThrow({ where: { kind: 'tz' } })).openedAt).toEqual(at);
      expect(await fresh.systemEvent.count({ where: { openedAt: { gte: at } } })).toBe(1);
    } finally {
      await fresh.$disconnect();
    }
  });
});
