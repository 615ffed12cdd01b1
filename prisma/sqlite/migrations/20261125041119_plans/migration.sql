-- CreateTable
CREATE TABLE "ResponsePlan" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "seedKey" TEXT,
    "name" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "tier" TEXT NOT NULL,
    "accidentTypes" TEXT NOT NULL,
    "grades" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "createdBy" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    "updatedBy" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1
);

-- CreateTable
CREATE TABLE "PlanRun" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "planId" INTEGER,
    "planName" TEXT NOT NULL,
    "planSnapshot" TEXT NOT NULL,
    "eventId" INTEGER NOT NULL,
    "eventTitle" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "activatedAt" DATETIME NOT NULL,
    "activatedBy" TEXT NOT NULL,
    "activatedByName" TEXT NOT NULL,
    "closedAt" DATETIME,
    "closedBy" TEXT,
    "closedByName" TEXT,
    "closeNote" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT "PlanRun_planId_fkey" FOREIGN KEY ("planId") REFERENCES "ResponsePlan" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PlanRunStep" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "runId" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "responsible" TEXT NOT NULL,
    "optional" BOOLEAN NOT NULL DEFAULT false,
    "dueAt" DATETIME,
    "doneAt" DATETIME,
    "doneBy" TEXT,
    "doneByName" TEXT,
    "note" TEXT,
    CONSTRAINT "PlanRunStep_runId_fkey" FOREIGN KEY ("runId") REFERENCES "PlanRun" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "ResponsePlan_seedKey_key" ON "ResponsePlan"("seedKey");

-- CreateIndex
CREATE UNIQUE INDEX "ResponsePlan_name_key" ON "ResponsePlan"("name");

-- CreateIndex
CREATE INDEX "PlanRun_eventId_state_idx" ON "PlanRun"("eventId", "state");

-- CreateIndex
CREATE UNIQUE INDEX "PlanRunStep_runId_seq_key" ON "PlanRunStep"("runId", "seq");
