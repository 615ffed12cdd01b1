// Runs `prisma generate` without the native schema engine the Prisma CLI would otherwise
// download from its vendor's host (unreachable air-gapped). Generation itself does not use that
// engine; the CLI only checks that a binary path exists, so we point it at this file.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const env = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: fileURLToPath(import.meta.url) };
delete env.DATABASE_URL; // generate needs no database
const r = spawnSync('npx', ['--no-install', 'prisma', 'generate'], { stdio: 'inherit', env });
process.exit(r.status ?? 1);
