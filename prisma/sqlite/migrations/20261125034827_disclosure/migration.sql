-- CreateTable
CREATE TABLE "DisclosureRequest" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "year" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "number" TEXT NOT NULL,
    "applicantName" TEXT NOT NULL,
    "applicantType" TEXT NOT NULL,
    "contact" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "createdBy" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    "receivedOn" TEXT NOT NULL,
    "dueDate" TEXT,
    "closedOn" TEXT,
    "state" TEXT NOT NULL,
    "outcomeCategory" TEXT,
    "outcomeReason" TEXT,
    "sla" TEXT NOT NULL,
    "eventCount" INTEGER NOT NULL DEFAULT 0
);

-- CreateTable
CREATE TABLE "DisclosureEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "requestId" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "note" TEXT,
    "recordedBy" TEXT NOT NULL,
    "recordedByName" TEXT NOT NULL,
    "recordedAt" DATETIME NOT NULL,
    CONSTRAINT "DisclosureEvent_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "DisclosureRequest" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DisclosureReview" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "requestId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "filedOn" TEXT NOT NULL,
    "result" TEXT,
    "decidedOn" TEXT,
    "recordedBy" TEXT NOT NULL,
    "recordedAt" DATETIME NOT NULL,
    CONSTRAINT "DisclosureReview_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "DisclosureRequest" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "DisclosureRequest_number_key" ON "DisclosureRequest"("number");

-- CreateIndex
CREATE INDEX "DisclosureRequest_closedOn_dueDate_idx" ON "DisclosureRequest"("closedOn", "dueDate");

-- CreateIndex
CREATE INDEX "DisclosureRequest_receivedOn_idx" ON "DisclosureRequest"("receivedOn");

-- CreateIndex
CREATE UNIQUE INDEX "DisclosureRequest_year_seq_key" ON "DisclosureRequest"("year", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "DisclosureEvent_requestId_seq_key" ON "DisclosureEvent"("requestId", "seq");

-- CreateIndex
CREATE INDEX "DisclosureReview_requestId_idx" ON "DisclosureReview"("requestId");

-- CreateIndex
CREATE INDEX "DisclosureReview_filedOn_idx" ON "DisclosureReview"("filedOn");
