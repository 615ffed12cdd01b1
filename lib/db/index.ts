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
export { getSourceList, getSourceDetail, compareSourcesByProblem, failedByOutage, healthFilterOf, sourceProblemOrder, SOURCE_DAYS } from './queries/get-sources';
export type { DayCount, FetchLogRow, SourceDetail, SourceHealthFilter, SourceItemRow, SourceList, SourceListFilters, SourceListRow } from './queries/get-sources';
export { listHazards, ENDED_WINDOW_DAYS, HAZARD_LEVELS, UNKNOWN_AREA } from './queries/list-hazards';
export type { HazardEntry, HazardFilters, HazardGroup, HazardLevel, HazardList, HazardStep } from './queries/list-hazards';
