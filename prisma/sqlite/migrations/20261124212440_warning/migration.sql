-- CreateTable
CREATE TABLE "HourlyRollup" (
    "bucket" DATETIME NOT NULL,
    "dimension" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "items" INTEGER NOT NULL DEFAULT 0,
    "negative" INTEGER NOT NULL DEFAULT 0,
    "sensitive" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("dimension", "key", "bucket")
);

-- CreateTable
CREATE TABLE "Alert" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "dedupeKey" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "subjectType" TEXT NOT NULL,
    "subjectKey" TEXT NOT NULL,
    "subjectLabel" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "why" TEXT NOT NULL,
    "factorsJson" TEXT NOT NULL DEFAULT '[]',
    "metricsJson" TEXT NOT NULL DEFAULT '{}',
    "eventId" INTEGER,
    "firstRaisedAt" DATETIME NOT NULL,
    "lastRaisedAt" DATETIME NOT NULL,
    "escalatedAt" DATETIME,
    "cooldownUntil" DATETIME NOT NULL,
    "acknowledgedAt" DATETIME,
    "acknowledgedBy" TEXT,
    "assignedTo" TEXT,
    "assignedAt" DATETIME,
    "assignedBy" TEXT,
    "resolvedAt" DATETIME,
    "resolvedBy" TEXT,
    "resolution" TEXT,
    "isDemo" BOOLEAN NOT NULL DEFAULT false
);

-- CreateTable
CREATE TABLE "AlertAction" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "alertId" INTEGER NOT NULL,
    "at" DATETIME NOT NULL,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "fromLevel" TEXT,
    "toLevel" TEXT,
    "note" TEXT,
    CONSTRAINT "AlertAction_alertId_fkey" FOREIGN KEY ("alertId") REFERENCES "Alert" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ResponseClock" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "eventId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "dueAt" DATETIME NOT NULL,
    "metAt" DATETIME,
    "metBy" TEXT,
    "metNote" TEXT,
    "state" TEXT NOT NULL,
    "escalatedAt" DATETIME
);

-- CreateTable
CREATE TABLE "HazardWarning" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "itemId" INTEGER NOT NULL,
    "hazard" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "publisher" TEXT,
    "region" TEXT,
    "issuedAt" DATETIME NOT NULL,
    "validUntil" DATETIME,
    "liftedAt" DATETIME,
    "title" TEXT NOT NULL,
    "isDemo" BOOLEAN NOT NULL DEFAULT false
);

-- CreateTable
CREATE TABLE "NotificationChannel" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "configJson" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "NotificationRule" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "ruleJson" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Delivery" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "alertId" INTEGER NOT NULL,
    "channelId" INTEGER NOT NULL,
    "ruleId" INTEGER,
    "tier" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME,
    "lastError" TEXT,
    "sentAt" DATETIME,
    "createdAt" DATETIME NOT NULL,
    CONSTRAINT "Delivery_alertId_fkey" FOREIGN KEY ("alertId") REFERENCES "Alert" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Delivery_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "NotificationChannel" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Setting" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "valueJson" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    "updatedBy" TEXT
);

-- CreateIndex
CREATE INDEX "HourlyRollup_bucket_idx" ON "HourlyRollup"("bucket");

-- CreateIndex
CREATE INDEX "Alert_state_level_idx" ON "Alert"("state", "level");

-- CreateIndex
CREATE INDEX "Alert_dedupeKey_idx" ON "Alert"("dedupeKey");

-- CreateIndex
CREATE INDEX "Alert_lastRaisedAt_idx" ON "Alert"("lastRaisedAt");

-- CreateIndex
CREATE INDEX "AlertAction_alertId_at_idx" ON "AlertAction"("alertId", "at");

-- CreateIndex
CREATE INDEX "ResponseClock_state_dueAt_idx" ON "ResponseClock"("state", "dueAt");

-- CreateIndex
CREATE UNIQUE INDEX "ResponseClock_eventId_kind_key" ON "ResponseClock"("eventId", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "HazardWarning_itemId_key" ON "HazardWarning"("itemId");

-- CreateIndex
CREATE INDEX "HazardWarning_hazard_region_idx" ON "HazardWarning"("hazard", "region");

-- CreateIndex
CREATE INDEX "HazardWarning_issuedAt_idx" ON "HazardWarning"("issuedAt");

-- CreateIndex
CREATE UNIQUE INDEX "NotificationChannel_name_key" ON "NotificationChannel"("name");

-- CreateIndex
CREATE UNIQUE INDEX "NotificationRule_name_key" ON "NotificationRule"("name");

-- CreateIndex
CREATE INDEX "Delivery_state_nextAttemptAt_idx" ON "Delivery"("state", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "Delivery_alertId_idx" ON "Delivery"("alertId");
