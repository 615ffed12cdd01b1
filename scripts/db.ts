/**
 * Database tool: `npm run db -- <deploy|status|create NAME|check>`.
 * Works air-gapped on both engines (lib/db/schema-engine.ts, schema-engine-pg.ts). deploy and
 * status act on the DATABASE_URL's database; check and create cover both migration folders
 * (PostgreSQL's need a server: DATABASE_URL when it is PostgreSQL, else POSTGRES_URL).
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../lib/config';
import {
  createMigration,
  dbPathsForUrl,
  defaultDbPaths,
  deployMigrations,
  migrationStatus,
  migrationTarget,
  pendingSchemaChange,
} from '../lib/db/schema-engine';
import { PG_SCHEMA, SQLITE_SCHEMA, toPostgresSchema } from './gen-pg-schema';

const USAGE = `用法 (usage): npm run db -- <command>
  deploy        应用所有未执行的迁移（SQLite 数据库文件不存在时自动创建）
  status        显示迁移状态
  create NAME   根据 schema 变更生成新迁移（NAME: 小写字母、数字、下划线）；
                同时生成 PostgreSQL 同名迁移（需要 PostgreSQL：DATABASE_URL 或 POSTGRES_URL）
  check         检查 schema 与迁移目录是否一致（CI 用，不一致时退出码 1）

DATABASE_URL=file:...（SQLite，默认）或 postgresql://用户:密码@主机:5432/库名（PostgreSQL）`;

/** Brings prisma/postgresql/schema.prisma up to date with the SQLite schema; true when it changed. */
function regeneratePgSchema(): boolean {
  const want = toPostgresSchema(fs.readFileSync(SQLITE_SCHEMA, 'utf8'));
  if (fs.existsSync(PG_SCHEMA) && fs.readFileSync(PG_SCHEMA, 'utf8') === want) return false;
  fs.writeFileSync(PG_SCHEMA, want);
  return true;
}

function hidePassword(url: string): string {
  return url.replace(/\/\/([^:@/]+):([^@/]+)@/, '//$1:***@');
}

async function main(argv: string[]): Promise<number> {
  const [command, arg] = argv;
  const cfg = loadConfig();
  const target = migrationTarget(cfg.db.url);
  const shown = cfg.db.engine === 'sqlite' ? path.relative(process.cwd(), target) || target : hidePassword(target);
  const pgServer = cfg.db.postgresServer;
  switch (command) {
    case 'deploy': {
      const { applied } = await deployMigrations(target, dbPathsForUrl(cfg.db.url));
      process.stdout.write(applied.length ? `已应用迁移: ${applied.join(', ')}\n` : '数据库已是最新，无需迁移\n');
      return 0;
    }
    case 'status': {
      const s = await migrationStatus(target, dbPathsForUrl(cfg.db.url));
      process.stdout.write(
        `数据库 (${cfg.db.engine}): ${shown}\n迁移: ${s.migrations.length} 个\n待应用: ${s.pending.length ? s.pending.join(', ') : '无'}\n`,
      );
      for (const p of s.problems) process.stdout.write(`问题: ${p}\n`);
      return s.problems.length ? 1 : 0;
    }
    case 'create': {
      if (!arg) {
        process.stderr.write(`${USAGE}\n`);
        return 2;
      }
      if (regeneratePgSchema()) process.stdout.write(`已更新 ${PG_SCHEMA}\n`);
      const now = new Date(); // the same folder name on both engines
      const name = await createMigration(defaultDbPaths(), arg, now);
      process.stdout.write(name ? `已生成 SQLite 迁移 ${name}\n` : 'SQLite: schema 没有变化，无需新迁移\n');
      if (!pgServer) {
        if (name) {
          process.stderr.write(
            '未生成 PostgreSQL 同名迁移：请设置 POSTGRES_URL=postgresql://… 后再运行一次 npm run db -- create 同名（否则 schema-pair 测试失败）\n',
          );
          return 1;
        }
        return 0;
      }
      const pgName = await createMigration(defaultDbPaths(undefined, 'postgresql'), arg, now, pgServer);
      process.stdout.write(pgName ? `已生成 PostgreSQL 迁移 ${pgName}\n` : 'PostgreSQL: schema 没有变化，无需新迁移\n');
      return 0;
    }
    case 'check': {
      let ok = true;
      if (fs.readFileSync(PG_SCHEMA, 'utf8') !== toPostgresSchema(fs.readFileSync(SQLITE_SCHEMA, 'utf8'))) {
        process.stderr.write(`${PG_SCHEMA} 与 ${SQLITE_SCHEMA} 不一致，请运行 npm run db:schemas\n`);
        ok = false;
      }
      const sql = await pendingSchemaChange(defaultDbPaths());
      if (sql) {
        process.stderr.write(`SQLite: schema 有未生成迁移的变更，请运行 npm run db -- create NAME:\n${sql}\n`);
        ok = false;
      } else process.stdout.write('SQLite: schema 与迁移一致\n');
      if (pgServer) {
        const pgSql = await pendingSchemaChange(defaultDbPaths(undefined, 'postgresql'), pgServer);
        if (pgSql) {
          process.stderr.write(`PostgreSQL: schema 有未生成迁移的变更，请运行 npm run db -- create NAME:\n${pgSql}\n`);
          ok = false;
        } else process.stdout.write('PostgreSQL: schema 与迁移一致\n');
      } else {
        process.stdout.write('PostgreSQL: 未检查（需要 POSTGRES_URL 或 PostgreSQL 的 DATABASE_URL）\n');
      }
      return ok ? 0 : 1;
    }
    default:
      process.stderr.write(`${USAGE}\n`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`数据库工具出错: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
