-- CreateTable
CREATE TABLE "ItemAnalysis" (
    "itemId" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "lexiconVersion" INTEGER NOT NULL,
    "analysedAt" DATETIME NOT NULL,
    "sentiment" REAL NOT NULL,
    "label" TEXT NOT NULL,
    "risk" INTEGER NOT NULL,
    "sensitivity" TEXT NOT NULL,
    "officialVoice" BOOLEAN NOT NULL DEFAULT false,
    "cuesJson" TEXT NOT NULL,
    "riskJson" TEXT NOT NULL,
    "accidentTypeCode" TEXT,
    "accidentType" TEXT,
    "province" TEXT,
    "city" TEXT,
    "enterprise" TEXT,
    "deaths" INTEGER,
    "seriousInjuries" INTEGER,
    "injuries" INTEGER,
    "missing" INTEGER,
    "trapped" INTEGER,
    "lossYuan" REAL,
    "grade" TEXT,
    "aggregate" BOOLEAN NOT NULL DEFAULT false,
    "rumour" BOOLEAN NOT NULL DEFAULT false,
    "factsJson" TEXT NOT NULL,
    "simhash" TEXT NOT NULL,
    "minhash" TEXT NOT NULL,
    "eventId" INTEGER,
    CONSTRAINT "ItemAnalysis_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ItemAnalysis_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Event" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "title" TEXT NOT NULL,
    "firstSeenAt" DATETIME NOT NULL,
    "lastSeenAt" DATETIME NOT NULL,
    "itemCount" INTEGER NOT NULL DEFAULT 0,
    "sourceCount" INTEGER NOT NULL DEFAULT 0,
    "officialSourceCount" INTEGER NOT NULL DEFAULT 0,
    "negativeCount" INTEGER NOT NULL DEFAULT 0,
    "heat" REAL NOT NULL DEFAULT 0,
    "heatJson" TEXT NOT NULL DEFAULT '[]',
    "accidentTypeCode" TEXT,
    "accidentType" TEXT,
    "province" TEXT,
    "city" TEXT,
    "deaths" INTEGER,
    "injuries" INTEGER,
    "missing" INTEGER,
    "grade" TEXT,
    "fingerprintsJson" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Topic" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "rule" TEXT NOT NULL,
    "description" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ItemTopic" (
    "itemId" INTEGER NOT NULL,
    "topicId" INTEGER NOT NULL,

    PRIMARY KEY ("itemId", "topicId"),
    CONSTRAINT "ItemTopic_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ItemTopic_topicId_fkey" FOREIGN KEY ("topicId") REFERENCES "Topic" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "LexiconEntry" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "kind" TEXT NOT NULL,
    "term" TEXT NOT NULL,
    "category" TEXT NOT NULL DEFAULT '',
    "weight" REAL NOT NULL DEFAULT 0,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "origin" TEXT NOT NULL DEFAULT 'seed',
    "userEdited" BOOLEAN NOT NULL DEFAULT false,
    "note" TEXT,
    "updatedAt" DATETIME NOT NULL,
    "updatedBy" TEXT
);

-- CreateTable
CREATE TABLE "LexiconState" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT DEFAULT 1,
    "version" INTEGER NOT NULL DEFAULT 1,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "AnalysisJob" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "kind" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "lexiconVersion" INTEGER NOT NULL,
    "total" INTEGER NOT NULL DEFAULT 0,
    "done" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "message" TEXT,
    "requestedBy" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    "heartbeatAt" DATETIME
);

-- CreateIndex
CREATE INDEX "ItemAnalysis_eventId_idx" ON "ItemAnalysis"("eventId");

-- CreateIndex
CREATE INDEX "ItemAnalysis_lexiconVersion_idx" ON "ItemAnalysis"("lexiconVersion");

-- CreateIndex
CREATE INDEX "ItemAnalysis_label_idx" ON "ItemAnalysis"("label");

-- CreateIndex
CREATE INDEX "ItemAnalysis_risk_idx" ON "ItemAnalysis"("risk");

-- CreateIndex
CREATE INDEX "ItemAnalysis_province_idx" ON "ItemAnalysis"("province");

-- CreateIndex
CREATE INDEX "Event_lastSeenAt_idx" ON "Event"("lastSeenAt");

-- CreateIndex
CREATE INDEX "Event_heat_idx" ON "Event"("heat");

-- CreateIndex
CREATE UNIQUE INDEX "Topic_name_key" ON "Topic"("name");

-- CreateIndex
CREATE INDEX "ItemTopic_topicId_idx" ON "ItemTopic"("topicId");

-- CreateIndex
CREATE UNIQUE INDEX "LexiconEntry_kind_term_key" ON "LexiconEntry"("kind", "term");

-- CreateIndex
CREATE INDEX "AnalysisJob_state_idx" ON "AnalysisJob"("state");
