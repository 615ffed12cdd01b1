import { defineConfig } from 'prisma/config';

// Used by `prisma generate` only. Migrations go through scripts/db.ts (the wasm schema engine),
// which needs no engine download and so works air-gapped.
export default defineConfig({
  schema: 'prisma/sqlite/schema.prisma',
  migrations: { path: 'prisma/sqlite/migrations' },
});
