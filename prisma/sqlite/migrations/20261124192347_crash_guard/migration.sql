-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Source" (
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
    "pendingClaims" INTEGER NOT NULL DEFAULT 0,
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
INSERT INTO "new_Source" ("category", "createdAt", "dedupeKey", "demo", "enabled", "encoding", "errorCount", "etag", "health", "homepage", "id", "intervalMinutes", "itemsTotal", "kind", "lastCheckedAt", "lastErrorAt", "lastErrorCode", "lastErrorMessage", "lastModified", "lastNewItemAt", "lastSuccessAt", "leaseOwner", "leaseUntil", "name", "nextCheckAt", "note", "origin", "priority", "redirectCount", "redirectUrl", "region", "selectorsJson", "updatedAt", "url") SELECT "category", "createdAt", "dedupeKey", "demo", "enabled", "encoding", "errorCount", "etag", "health", "homepage", "id", "intervalMinutes", "itemsTotal", "kind", "lastCheckedAt", "lastErrorAt", "lastErrorCode", "lastErrorMessage", "lastModified", "lastNewItemAt", "lastSuccessAt", "leaseOwner", "leaseUntil", "name", "nextCheckAt", "note", "origin", "priority", "redirectCount", "redirectUrl", "region", "selectorsJson", "updatedAt", "url" FROM "Source";
DROP TABLE "Source";
ALTER TABLE "new_Source" RENAME TO "Source";
CREATE INDEX "Source_enabled_nextCheckAt_idx" ON "Source"("enabled", "nextCheckAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
