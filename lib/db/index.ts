/** The database layer's barrel: everything outside lib/db imports from here, never from Prisma. */
export { createDb, db, disconnectDb, prepareSqlite } from './client';
export type { Db } from './client';
export * from './sources';
export * from './items';
export * from './system';
export { deployMigrations, defaultDbPaths, migrationStatus, sqliteFileFromUrl } from './schema-engine';
