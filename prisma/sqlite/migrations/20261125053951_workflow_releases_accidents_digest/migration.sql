-- AlterTable
ALTER TABLE "User" ADD COLUMN "email" TEXT;

-- CreateTable
CREATE TABLE "Release" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "kind" TEXT NOT NULL,
    "eventId" INTEGER,
    "eventTitle" TEXT,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "checksJson" TEXT NOT NULL DEFAULT '{}',
    "factsJson" TEXT NOT NULL DEFAULT '{}',
    "clearedHash" TEXT,
    "approvedHash" TEXT,
    "channelsJson" TEXT NOT NULL DEFAULT '[]',
    "publishedAt" DATETIME,
    "publishedBy" TEXT,
    "withdrawnAt" DATETIME,
    "withdrawnBy" TEXT,
    "withdrawReason" TEXT,
    "createdAt" DATETIME NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdByName" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1
);

-- CreateTable
CREATE TABLE "ReleaseStep" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "releaseId" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "action" TEXT NOT NULL,
    "fromState" TEXT,
    "toState" TEXT NOT NULL,
    "note" TEXT,
    "detail" TEXT,
    "actor" TEXT NOT NULL,
    "actorName" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    CONSTRAINT "ReleaseStep_releaseId_fkey" FOREIGN KEY ("releaseId") REFERENCES "Release" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SecrecyReview" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "releaseId" INTEGER NOT NULL,
    "result" TEXT NOT NULL,
    "redactions" TEXT NOT NULL DEFAULT '[]',
    "opinion" TEXT,
    "textHash" TEXT NOT NULL,
    "reviewer" TEXT NOT NULL,
    "reviewerName" TEXT NOT NULL,
    "reviewedAt" DATETIME NOT NULL,
    CONSTRAINT "SecrecyReview_releaseId_fkey" FOREIGN KEY ("releaseId") REFERENCES "Release" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AccidentCase" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "eventId" INTEGER,
    "title" TEXT NOT NULL,
    "occurredAt" DATETIME NOT NULL,
    "province" TEXT,
    "city" TEXT,
    "enterprise" TEXT,
    "accidentTypeCode" TEXT,
    "accidentType" TEXT,
    "grade" TEXT,
    "deaths" INTEGER,
    "injuries" INTEGER,
    "missing" INTEGER,
    "state" TEXT NOT NULL,
    "reportDueOn" TEXT,
    "reportPublishedOn" TEXT,
    "supervisedOn" TEXT,
    "closureApprovedOn" TEXT,
    "accountabilityPublishedOn" TEXT,
    "rectificationReviewDueOn" TEXT,
    "rectificationPublishedOn" TEXT,
    "rescueReleaseCount" INTEGER NOT NULL DEFAULT 0,
    "lastRescueReleaseAt" DATETIME,
    "openDuties" INTEGER NOT NULL DEFAULT 0,
    "overdueDuties" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL,
    "createdBy" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1
);

-- CreateTable
CREATE TABLE "AccidentCaseEntry" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "caseId" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "occurredOn" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "note" TEXT,
    "recordedBy" TEXT NOT NULL,
    "recordedByName" TEXT NOT NULL,
    "recordedAt" DATETIME NOT NULL,
    CONSTRAINT "AccidentCaseEntry_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "AccidentCase" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "EnterpriseListing" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "caseId" INTEGER,
    "enterprise" TEXT NOT NULL,
    "creditCode" TEXT,
    "grounds" TEXT NOT NULL,
    "decisionNo" TEXT,
    "listedOn" TEXT NOT NULL,
    "expiresOn" TEXT NOT NULL,
    "earlyRemovalFrom" TEXT NOT NULL,
    "removedOn" TEXT,
    "removalReason" TEXT,
    "publishedUrl" TEXT,
    "createdAt" DATETIME NOT NULL,
    "createdBy" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "EnterpriseListing_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "AccidentCase" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Digest" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "kind" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "periodStart" DATETIME NOT NULL,
    "periodEnd" DATETIME NOT NULL,
    "eventId" INTEGER,
    "contentJson" TEXT NOT NULL,
    "generatedBy" TEXT NOT NULL,
    "generatedAt" DATETIME NOT NULL,
    "reviewedBy" TEXT,
    "signedBy" TEXT,
    "instruction" TEXT,
    "instructedBy" TEXT,
    "instructedAt" DATETIME
);

-- CreateTable
CREATE TABLE "DigestSubscription" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "target" TEXT NOT NULL,
    "role" TEXT,
    "address" TEXT,
    "kinds" TEXT NOT NULL DEFAULT 'all',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL,
    "createdBy" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "DigestDelivery" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "digestId" INTEGER NOT NULL,
    "address" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME,
    "lastError" TEXT,
    "sentAt" DATETIME,
    "createdAt" DATETIME NOT NULL,
    CONSTRAINT "DigestDelivery_digestId_fkey" FOREIGN KEY ("digestId") REFERENCES "Digest" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Release_state_updatedAt_idx" ON "Release"("state", "updatedAt");

-- CreateIndex
CREATE INDEX "Release_eventId_idx" ON "Release"("eventId");

-- CreateIndex
CREATE INDEX "Release_publishedAt_idx" ON "Release"("publishedAt");

-- CreateIndex
CREATE UNIQUE INDEX "ReleaseStep_releaseId_seq_key" ON "ReleaseStep"("releaseId", "seq");

-- CreateIndex
CREATE INDEX "SecrecyReview_releaseId_reviewedAt_idx" ON "SecrecyReview"("releaseId", "reviewedAt");

-- CreateIndex
CREATE UNIQUE INDEX "AccidentCase_eventId_key" ON "AccidentCase"("eventId");

-- CreateIndex
CREATE INDEX "AccidentCase_state_reportDueOn_idx" ON "AccidentCase"("state", "reportDueOn");

-- CreateIndex
CREATE INDEX "AccidentCase_occurredAt_idx" ON "AccidentCase"("occurredAt");

-- CreateIndex
CREATE UNIQUE INDEX "AccidentCaseEntry_caseId_seq_key" ON "AccidentCaseEntry"("caseId", "seq");

-- CreateIndex
CREATE INDEX "EnterpriseListing_expiresOn_idx" ON "EnterpriseListing"("expiresOn");

-- CreateIndex
CREATE INDEX "EnterpriseListing_enterprise_idx" ON "EnterpriseListing"("enterprise");

-- CreateIndex
CREATE INDEX "Digest_kind_periodEnd_idx" ON "Digest"("kind", "periodEnd");

-- CreateIndex
CREATE INDEX "Digest_eventId_idx" ON "Digest"("eventId");

-- CreateIndex
CREATE UNIQUE INDEX "Digest_kind_year_seq_key" ON "Digest"("kind", "year", "seq");

-- CreateIndex
CREATE INDEX "DigestDelivery_state_nextAttemptAt_idx" ON "DigestDelivery"("state", "nextAttemptAt");

-- CreateIndex
CREATE UNIQUE INDEX "DigestDelivery_digestId_address_key" ON "DigestDelivery"("digestId", "address");
