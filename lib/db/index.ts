/** The database layer's barrel: everything outside lib/db imports from here, never from Prisma. */
export { createDb, db, disconnectDb, prepareSqlite } from './client';
export type { Db } from './client';
export * from './sources';
export * from './items';
export * from './system';
export { deployMigrations, defaultDbPaths, ensureMigrated, migrationStatus, sqliteFileFromUrl } from './schema-engine';
export { getOverview } from './queries/get-overview';
export type { AttentionItem, Overview, OverviewAlert, OverviewClock, OverviewEvent, SourceHealthRow } from './queries/get-overview';
export { getHealth, WORKER_STALE_MS } from './queries/get-health';
export type { Health } from './queries/get-health';
export * from './lexicon';
export * from './analysis';
export * from './warning';
export { rebuildHourlyRollups } from './maintenance';
