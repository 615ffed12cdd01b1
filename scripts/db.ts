/**
 * Database tool: `npm run db -- <deploy|status|create NAME|check>`.
 * Works air-gapped (see lib/db/schema-engine.ts). SQLite only for now.
 */
import { loadConfig } from '../lib/config';
import {
  createMigration,
  defaultDbPaths,
  deployMigrations,
  migrationStatus,
  pendingSchemaChange,
  sqliteFileFromUrl,
} from '../lib/db/schema-engine';

const USAGE = `用法 (usage): npm run db -- <command>
  deploy        应用所有未执行的迁移（数据库文件不存在时自动创建）
  status        显示迁移状态
  create NAME   根据 schema 变更生成新迁移（NAME: 小写字母、数字、下划线）
  check         检查 schema 与迁移目录是否一致（CI 用，不一致时退出码 1）`;

async function main(argv: string[]): Promise<number> {
  const [command, arg] = argv;
  const cfg = loadConfig();
  if (cfg.db.engine !== 'sqlite') {
    process.stderr.write('当前只支持 SQLite（DATABASE_URL=file:...）\n');
    return 2;
  }
  const paths = defaultDbPaths();
  const dbFile = sqliteFileFromUrl(cfg.db.url);
  switch (command) {
    case 'deploy': {
      const { applied } = await deployMigrations(dbFile, paths);
      process.stdout.write(
        applied.length ? `已应用迁移: ${applied.join(', ')}\n` : '数据库已是最新，无需迁移\n',
      );
      return 0;
    }
    case 'status': {
      const s = await migrationStatus(dbFile, paths);
      process.stdout.write(
        `数据库: ${dbFile}\n迁移: ${s.migrations.length} 个\n待应用: ${s.pending.length ? s.pending.join(', ') : '无'}\n`,
      );
      for (const p of s.problems) process.stdout.write(`问题: ${p}\n`);
      return s.problems.length ? 1 : 0;
    }
    case 'create': {
      if (!arg) {
        process.stderr.write(`${USAGE}\n`);
        return 2;
      }
      const name = await createMigration(paths, arg);
      process.stdout.write(name ? `已生成迁移 ${name}\n` : 'schema 没有变化，无需新迁移\n');
      return 0;
    }
    case 'check': {
      const sql = await pendingSchemaChange(paths);
      if (sql) {
        process.stderr.write(`schema 有未生成迁移的变更，请运行 npm run db -- create NAME:\n${sql}\n`);
        return 1;
      }
      process.stdout.write('schema 与迁移一致\n');
      return 0;
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
