// Runs `prisma generate` without the native schema engine the Prisma CLI would otherwise
// download from its vendor's host (unreachable air-gapped). Generation itself does not use that
// engine; the CLI only checks that a binary path exists, so we point it at this file.
// Two clients: SQLite (lib/db/generated, from prisma.config.ts) and PostgreSQL
// (lib/db/generated-pg). The PostgreSQL one must be a sibling folder: generating the SQLite client
// deletes any client generated inside its own output folder.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const env = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: fileURLToPath(import.meta.url) };
delete env.DATABASE_URL; // generate needs no database
for (const extra of [[], ['--schema', 'prisma/postgresql/schema.prisma']]) {
  const r = spawnSync('npx', ['--no-install', 'prisma', 'generate', ...extra], { stdio: 'inherit', env });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
