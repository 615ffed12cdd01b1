import cron from 'node-cron';
import { z } from 'zod';

/**
 * The only place that reads process.env. Everything has a typed default so
 * `npm start` works with no configuration at all.
 */

const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off', ''])
  .transform((v) => v === '1' || v === 'true' || v === 'yes' || v === 'on');
const int = (def: number, min = 0, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce.number().int().min(min).max(max).default(def);
const list = z
  .string()
  .default('')
  .transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  );

/** An IANA time-zone name the runtime knows, Asia/Shanghai unless set. */
function timeZone(name: string) {
  return z
    .string()
    .default('Asia/Shanghai')
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, `${name} 不是有效的时区名（例如 Asia/Shanghai）`);
}

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: int(3000, 1, 65535),
  HOSTNAME: z.string().default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .default('file:./data/app.db')
    // The scheme picks the engine: file: → SQLite (the default), postgres(ql):// → PostgreSQL.
    .refine((u) => /^(file:|postgres(ql)?:\/\/)/.test(u), {
      message: 'DATABASE_URL 必须以 file:（SQLite）或 postgresql:// / postgres://（PostgreSQL）开头',
    }),
  /**
   * A PostgreSQL server for `npm run db -- check|create` to check or write the PostgreSQL migrations
   * while DATABASE_URL is SQLite (they need a server for their shadow databases; CREATEDB right).
   */
  POSTGRES_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'POSTGRES_URL 必须以 postgresql:// 或 postgres:// 开头')
    .optional(),
  /** PostgreSQL connections per process: at least the crawl concurrency + 4 (transactions wait for one). */
  DB_POOL_MAX: int(20, 2, 500),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),

  // HTTP headers are Latin-1: keep the User-Agent printable ASCII.
  CRAWLER_USER_AGENT: z
    .string()
    .regex(/^[\x20-\x7e]{1,300}$/, 'CRAWLER_USER_AGENT 只能包含可打印 ASCII 字符')
    .default('SafetyOpinionMonitor/0.1 (work-safety public opinion monitoring; press office crawler)'),
  /** Hosts, host:port pairs or CIDRs that may be fetched although private (tests, intranet sources). */
  CRAWLER_ALLOW_PRIVATE: list,
  /** Extra ports beyond 80/443/8080/8443. */
  CRAWLER_ALLOW_PORTS: list,
  CRAWLER_TOTAL_TIMEOUT_MS: int(20_000, 100),
  CRAWLER_CONNECT_TIMEOUT_MS: int(10_000, 100),
  CRAWLER_HEADER_TIMEOUT_MS: int(10_000, 100),
  CRAWLER_MAX_FEED_BYTES: int(10 * 1024 * 1024, 1024),
  CRAWLER_MAX_HTML_BYTES: int(5 * 1024 * 1024, 1024),
  CRAWLER_MAX_REDIRECTS: int(5, 0, 20),
  CRAWLER_HOST_DELAY_MS: int(2_000, 0),
  CRAWLER_CONCURRENCY: int(16, 1, 256),
  CRAWLER_LEASE_MS: int(5 * 60_000, 10_000),
  CRAWLER_MAX_ITEMS_PER_FETCH: int(500, 1),
  CRAWLER_RESPECT_ROBOTS: bool.default(true),
  /** node-cron expression of the scheduler tick (seconds field allowed). */
  CRAWLER_TICK_CRON: z
    .string()
    .default('*/15 * * * * *')
    .refine((expr) => cron.validate(expr), 'CRAWLER_TICK_CRON 不是有效的 cron 表达式'),
  CRAWLER_TIMEZONE: timeZone('CRAWLER_TIMEZONE'),
  /** Load the built-in catalogue of real sources into the database on start. */
  CATALOGUE_ENABLED: bool.default(true),

  /** Replay the bundled demo corpus through the real crawler from a local server. */
  DEMO_MODE: bool.default(true),
  DEMO_PORT: int(3099, 1, 65535),

  /** Dashboard address used in notification links (the address people open, not the bind address). */
  /** Name shown on the public release pages (/public/releases) instead of the product's name. */
  PUBLIC_SITE_NAME: z.string().trim().min(1, 'PUBLIC_SITE_NAME 不能为空').max(60, 'PUBLIC_SITE_NAME 最多 60 个字符').default('应急管理厅 信息发布'),
  PUBLIC_BASE_URL: z.url({ protocol: /^https?$/, error: 'PUBLIC_BASE_URL 必须是 http(s) 地址' }).optional(),
  /** Let notification channels reach private addresses (an intranet SMTP relay or webhook). */
  NOTIFY_ALLOW_PRIVATE: bool.default(false),
  NOTIFY_TIMEOUT_MS: int(15_000, 1000, 120_000),

  /** Days the audit log is kept; MLPS asks for at least six months, so less is refused. */
  AUDIT_RETENTION_DAYS: z.coerce
    .number()
    .int()
    .min(184, 'AUDIT_RETENTION_DAYS 不能少于 184 天（等保要求审计记录至少保存六个月）')
    .max(36_500)
    .default(184),
  /** Behind a reverse proxy that sets X-Real-IP / X-Forwarded-For: record the client address it reports. */
  TRUST_PROXY: bool.default(false),

  /** Key material for TOTP secrets; unset: a random key in `auth-secret` beside the database. */
  SOM_AUTH_SECRET: z.string().min(32, 'SOM_AUTH_SECRET 至少需要 32 个字符').optional(),
  /** Sign-in attempts per client address and minute (successful ones are given back). */
  AUTH_LOGIN_RATE_PER_MIN: int(20, 1, 100_000),
  /** Item and audit exports per account and minute (TESTPLAN S22). */
  EXPORT_RATE_PER_MIN: int(5, 1, 10_000),

  /** 舆情日报: generated once a day after this time (HH:MM, in DIGEST_TIMEZONE) for 前日 08:00–当日 08:00. */
  DIGEST_TIME: z
    .string()
    .default('07:30')
    .refine((t) => /^([01]\d|2[0-3]):[0-5]\d$/.test(t), 'DIGEST_TIME 须为 24 小时制的 时:分，例如 07:30'),
  DIGEST_TIMEZONE: timeZone('DIGEST_TIMEZONE'),
  /** 编发单位 printed on the 日报/专报 masthead. */
  DIGEST_ISSUER: z.string().trim().min(1, 'DIGEST_ISSUER 不能为空').max(60, 'DIGEST_ISSUER 最多 60 个字符').default('应急管理厅新闻宣传处'),
});

export type Env = z.infer<typeof EnvSchema>;

export interface AppConfig {
  env: Env['NODE_ENV'];
  port: number;
  hostname: string;
  logLevel: Env['LOG_LEVEL'];
  db: { url: string; engine: 'sqlite' | 'postgresql'; poolMax: number; postgresServer: string | null };
  crawl: {
    userAgent: string;
    allowPrivate: string[];
    allowPorts: number[];
    totalTimeoutMs: number;
    connectTimeoutMs: number;
    headerTimeoutMs: number;
    maxFeedBytes: number;
    maxHtmlBytes: number;
    maxRedirects: number;
    hostDelayMs: number;
    concurrency: number;
    leaseMs: number;
    maxItemsPerFetch: number;
    respectRobots: boolean;
    tickCron: string;
    timezone: string;
    catalogueEnabled: boolean;
  };
  demo: { enabled: boolean; port: number };
  notify: { baseUrl: string; allowPrivate: boolean; timeoutMs: number };
  publicSite: { name: string };
  audit: { retentionDays: number; trustProxy: boolean };
  auth: { masterKey: string | null; loginRatePerMinute: number; exportRatePerMinute: number };
  digest: { time: string; timezone: string; issuer: string };
}

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`配置错误 (environment):\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const ports = e.CRAWLER_ALLOW_PORTS.map(Number);
  if (ports.some((p) => !Number.isInteger(p) || p < 1 || p > 65535)) {
    throw new ConfigError('配置错误: CRAWLER_ALLOW_PORTS 必须是以逗号分隔的端口号');
  }
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    hostname: e.HOSTNAME,
    logLevel: e.LOG_LEVEL,
    db: { url: e.DATABASE_URL, engine: e.DATABASE_URL.startsWith('file:') ? 'sqlite' : 'postgresql', poolMax: e.DB_POOL_MAX, postgresServer: e.POSTGRES_URL ?? (e.DATABASE_URL.startsWith('file:') ? null : e.DATABASE_URL) },
    crawl: {
      userAgent: e.CRAWLER_USER_AGENT,
      allowPrivate: e.CRAWLER_ALLOW_PRIVATE,
      allowPorts: ports,
      totalTimeoutMs: e.CRAWLER_TOTAL_TIMEOUT_MS,
      connectTimeoutMs: e.CRAWLER_CONNECT_TIMEOUT_MS,
      headerTimeoutMs: e.CRAWLER_HEADER_TIMEOUT_MS,
      maxFeedBytes: e.CRAWLER_MAX_FEED_BYTES,
      maxHtmlBytes: e.CRAWLER_MAX_HTML_BYTES,
      maxRedirects: e.CRAWLER_MAX_REDIRECTS,
      hostDelayMs: e.CRAWLER_HOST_DELAY_MS,
      concurrency: e.CRAWLER_CONCURRENCY,
      leaseMs: e.CRAWLER_LEASE_MS,
      maxItemsPerFetch: e.CRAWLER_MAX_ITEMS_PER_FETCH,
      respectRobots: e.CRAWLER_RESPECT_ROBOTS,
      tickCron: e.CRAWLER_TICK_CRON,
      timezone: e.CRAWLER_TIMEZONE,
      catalogueEnabled: e.CATALOGUE_ENABLED,
    },
    demo: { enabled: e.DEMO_MODE, port: e.DEMO_PORT },
    notify: {
      baseUrl: (e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
      allowPrivate: e.NOTIFY_ALLOW_PRIVATE,
      timeoutMs: e.NOTIFY_TIMEOUT_MS,
    },
    audit: { retentionDays: e.AUDIT_RETENTION_DAYS, trustProxy: e.TRUST_PROXY },
    auth: { masterKey: e.SOM_AUTH_SECRET ?? null, loginRatePerMinute: e.AUTH_LOGIN_RATE_PER_MIN, exportRatePerMinute: e.EXPORT_RATE_PER_MIN },
    publicSite: { name: e.PUBLIC_SITE_NAME },
    digest: { time: e.DIGEST_TIME, timezone: e.DIGEST_TIMEZONE, issuer: e.DIGEST_ISSUER },
  };
}

let cached: AppConfig | undefined;
/** Process-wide configuration, parsed once. */
export function config(): AppConfig {
  cached ??= loadConfig();
  return cached;
}

/** For logs and `/api/health`: nothing secret, credentials in URLs masked. */
export function printableConfig(c: AppConfig = config()): Record<string, unknown> {
  return {
    ...c,
    db: {
      ...c.db,
      url: c.db.url.replace(/\/\/([^:@/]+):([^@/]+)@/, '//$1:***@'),
      postgresServer: c.db.postgresServer?.replace(/\/\/([^:@/]+):([^@/]+)@/, '//$1:***@') ?? null,
    },
    auth: { ...c.auth, masterKey: c.auth.masterKey ? '***' : null },
  };
}
