import { describe, expect, test } from 'vitest';
import { ConfigError, loadConfig, printableConfig } from '@/lib/config';

describe('configuration (the only reader of the environment)', () => {
  test('defaults need no environment at all', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.db).toEqual({ url: 'file:./data/app.db', engine: 'sqlite', poolMax: 20, postgresServer: null });
    expect(c.crawl).toMatchObject({ totalTimeoutMs: 20_000, maxFeedBytes: 10 * 1024 * 1024, hostDelayMs: 2000, concurrency: 16, timezone: 'Asia/Shanghai' });
    expect(c.demo.enabled).toBe(true);
  });

  test.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'sqlite:./x.db' }, 'PostgreSQL'],
    [{ DATABASE_URL: 'postgresql://u:p@h/db', DB_POOL_MAX: '1' }, 'DB_POOL_MAX'],
    [{ CRAWLER_TICK_CRON: 'every minute' }, 'CRAWLER_TICK_CRON'],
    [{ CRAWLER_TIMEZONE: 'Mars/Olympus' }, 'CRAWLER_TIMEZONE'],
    [{ CRAWLER_USER_AGENT: '舆情爬虫' }, 'CRAWLER_USER_AGENT'],
    [{ CRAWLER_ALLOW_PORTS: '80,99999' }, 'CRAWLER_ALLOW_PORTS'],
    [{ DEMO_MODE: 'maybe' }, 'DEMO_MODE'],
  ])('%o is refused with a message naming it', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(name);
  });

  test.each([
    ['file:./data/app.db', 'sqlite'],
    ['file:/var/lib/som/app.db', 'sqlite'],
    ['postgresql://som:pw@db.internal:5432/som', 'postgresql'],
    ['postgres://som@127.0.0.1/som', 'postgresql'],
  ])('DATABASE_URL %s runs on %s', (url, engine) => {
    expect(loadConfig({ DATABASE_URL: url }).db.engine).toBe(engine);
  });

  test('switches and lists parse', () => {
    const c = loadConfig({ DEMO_MODE: '0', CRAWLER_ALLOW_PRIVATE: ' 10.0.0.0/8, intranet.gov.cn ,', CRAWLER_RESPECT_ROBOTS: 'off' });
    expect(c.demo.enabled).toBe(false);
    expect(c.crawl.allowPrivate).toEqual(['10.0.0.0/8', 'intranet.gov.cn']);
    expect(c.crawl.respectRobots).toBe(false);
  });

  test('printable config masks credentials in URLs', () => {
    const c = loadConfig({});
    const shown = printableConfig({ ...c, db: { ...c.db, url: 'postgresql://admin:secret@db/x' } });
    expect(JSON.stringify(shown)).not.toContain('secret');
  });
});
