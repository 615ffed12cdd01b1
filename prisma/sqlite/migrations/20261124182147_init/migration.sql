-- CreateTable
CREATE TABLE "Source" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "homepage" TEXT,
    "kind" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "region" TEXT,
    "intervalMinutes" INTEGER NOT NULL DEFAULT 30,
    "priority" BOOLEAN NOT NULL DEFAULT false,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "dedupeKey" TEXT NOT NULL DEFAULT 'guid',
    "encoding" TEXT,
    "selectorsJson" TEXT,
    "demo" BOOLEAN NOT NULL DEFAULT false,
    "origin" TEXT NOT NULL DEFAULT 'user',
    "note" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "nextCheckAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "leaseOwner" TEXT,
    "leaseUntil" DATETIME,
    "health" TEXT NOT NULL DEFAULT 'unknown',
    "errorCount" INTEGER NOT NULL DEFAULT 0,
    "lastCheckedAt" DATETIME,
    "lastSuccessAt" DATETIME,
    "lastNewItemAt" DATETIME,
    "lastErrorCode" TEXT,
    "lastErrorMessage" TEXT,
    "lastErrorAt" DATETIME,
    "itemsTotal" INTEGER NOT NULL DEFAULT 0,
    "etag" TEXT,
    "lastModified" TEXT,
    "redirectUrl" TEXT,
    "redirectCount" INTEGER NOT NULL DEFAULT 0
);

-- CreateTable
CREATE TABLE "Item" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "sourceId" TEXT NOT NULL,
    "itemHash" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "guid" TEXT,
    "url" TEXT,
    "title" TEXT NOT NULL,
    "summaryText" TEXT NOT NULL DEFAULT '',
    "contentText" TEXT,
    "summaryHtml" TEXT,
    "contentHtml" TEXT,
    "author" TEXT,
    "categories" TEXT,
    "publishedAt" DATETIME,
    "publishedRaw" TEXT,
    "dateFlag" TEXT,
    "fetchedAt" DATETIME NOT NULL,
    "sortAt" DATETIME NOT NULL,
    "isDemo" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "Item_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "Source" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "FetchLog" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "sourceId" TEXT NOT NULL,
    "workerId" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME,
    "status" TEXT NOT NULL,
    "httpStatus" INTEGER,
    "fetched" INTEGER NOT NULL DEFAULT 0,
    "newCount" INTEGER NOT NULL DEFAULT 0,
    "duplicates" INTEGER NOT NULL DEFAULT 0,
    "errorCode" TEXT,
    "errorMessage" TEXT,
    "durationMs" INTEGER,
    "debugBody" BLOB,
    CONSTRAINT "FetchLog_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "Source" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "WorkerHeartbeat" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "pid" INTEGER NOT NULL,
    "host" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "lastBeatAt" DATETIME NOT NULL,
    "state" TEXT NOT NULL,
    "lastTickAt" DATETIME,
    "lastTickStats" TEXT
);

-- CreateTable
CREATE TABLE "SystemEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "kind" TEXT NOT NULL,
    "subject" TEXT,
    "message" TEXT NOT NULL,
    "openedAt" DATETIME NOT NULL,
    "closedAt" DATETIME
);

-- CreateIndex
CREATE INDEX "Source_enabled_nextCheckAt_idx" ON "Source"("enabled", "nextCheckAt");

-- CreateIndex
CREATE INDEX "Item_sortAt_idx" ON "Item"("sortAt");

-- CreateIndex
CREATE INDEX "Item_sourceId_sortAt_idx" ON "Item"("sourceId", "sortAt");

-- CreateIndex
CREATE INDEX "Item_contentHash_idx" ON "Item"("contentHash");

-- CreateIndex
CREATE UNIQUE INDEX "Item_sourceId_itemHash_key" ON "Item"("sourceId", "itemHash");

-- CreateIndex
CREATE INDEX "FetchLog_sourceId_startedAt_idx" ON "FetchLog"("sourceId", "startedAt");

-- CreateIndex
CREATE INDEX "FetchLog_startedAt_idx" ON "FetchLog"("startedAt");

-- CreateIndex
CREATE INDEX "SystemEvent_kind_closedAt_idx" ON "SystemEvent"("kind", "closedAt");
