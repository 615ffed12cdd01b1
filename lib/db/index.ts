/** The database layer's barrel: everything outside lib/db imports from here, never from Prisma. */
export { createDb, db, disconnectDb, engineOf, engineOfUrl, prepareSqlite } from './client';
export type { Db, DbEngine } from './client';
export * from './sources';
export * from './items';
export * from './system';
export { dbPathsForUrl, deployMigrations, defaultDbPaths, ensureMigrated, migrationStatus, migrationTarget, sqliteFileFromUrl } from './schema-engine';
export { getOverview } from './queries/get-overview';
export type { AttentionItem, Overview, OverviewAlert, OverviewClock, OverviewEvent, SourceHealthRow } from './queries/get-overview';
export { getHealth, publicHealth, WORKER_STALE_MS } from './queries/get-health';
export type { Health, PublicHealth } from './queries/get-health';
export * from './lexicon';
export * from './analysis';
export * from './warning';
export { getSourceList, getSourceDetail, compareSourcesByProblem, failedByOutage, healthFilterOf, sourceProblemOrder, SOURCE_DAYS } from './queries/get-sources';
export type { DayCount, FetchLogRow, SourceDetail, SourceHealthFilter, SourceItemRow, SourceList, SourceListFilters, SourceListRow } from './queries/get-sources';
export { listHazards, ENDED_WINDOW_DAYS, HAZARD_LEVELS, UNKNOWN_AREA } from './queries/list-hazards';
export type { HazardEntry, HazardFilters, HazardGroup, HazardLevel, HazardList, HazardStep } from './queries/list-hazards';
export { rebuildHourlyRollups } from './maintenance';
export { listEvents } from './queries/list-events';
export type { EventList, EventListRow } from './queries/list-events';
export { getEvent, getEventAlerts, getEventFactReports, getEventItems, getEventTimelineMembers } from './queries/get-event';
export type { EventAlertRow, EventClockRow, EventHeader, EventItemRow } from './queries/get-event';
export {
  findLexiconEntry,
  getAnalysisStatus,
  getChannelForTest,
  getLexiconEntryById,
  getLexiconPage,
  getNotificationSettings,
  getSettingRecord,
  getSettingsOverview,
  getTopicForSettings,
  getTopicPreviewItems,
  getTopicSettingsRows,
} from './queries/get-settings';
export type { AnalysisStatus, ChannelSettingsRow, LexiconEntryRow, LexiconPage, SettingRecord, SettingsJobRow, SettingsOverview, TopicSettingsRow } from './queries/get-settings';
export {
  listItems, searchItems, searchItemsByRelevance, countItemsUpTo, countMatchesUpTo, iterateItems, explainListQuery, chooseDriver,
  probeRareFilters, DEFAULT_PAGE_SIZE, SEARCH_SORT_CAP, RARE_CAP, RELEVANCE_WINDOW, COUNT_CAP,
} from './queries/list-items';
export type {
  ItemListFilter, ItemListRow, ItemPage, PageRequest, TimeCursor, ScoreCursor, SentimentLabelFilter, DemoFilter, Driver, RareFilters,
  ListOptions, SearchStrategy,
} from './queries/list-items';
export { getItemDetail, itemFilterOptions, searchBackfillProgress } from './queries/item-detail';
export type { ItemDetail, ItemFilterOptions } from './queries/item-detail';
export { loadItemsView, prepareSearchSegmenter } from './queries/list-items-view';
export type { ItemsView } from './queries/list-items-view';
export { isIndexedForSearch, itemSearchText } from './search-index';
export { listAlertsPage } from './queries/list-alerts';
export type { AlertList } from './queries/list-alerts';
export * from './audit';
export * from './auth';
export * from './auth-admin';
export * from './auth-login';
export * from './disclosure';
export * from './replies';
export * from './plans';
export * from './workflow-overdue';
export * from './digest';
export * from './releases';
export * from './accidents';
