-- PostgreSQL baseline: the schema of every SQLite migration up to 20261125053951 at once (engine diff
-- from empty to prisma/postgresql/schema.prisma), then the hand-written twins of the SQLite
-- migrations' hand-written parts. Every later SQLite migration gets a PostgreSQL twin of the same name
-- (tests/db/schema-pair.test.ts).

-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Source" (
    "id" TEXT NOT NULL,
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
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "nextCheckAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "leaseOwner" TEXT,
    "leaseUntil" TIMESTAMPTZ(3),
    "pendingClaims" INTEGER NOT NULL DEFAULT 0,
    "health" TEXT NOT NULL DEFAULT 'unknown',
    "errorCount" INTEGER NOT NULL DEFAULT 0,
    "lastCheckedAt" TIMESTAMPTZ(3),
    "lastSuccessAt" TIMESTAMPTZ(3),
    "lastNewItemAt" TIMESTAMPTZ(3),
    "lastErrorCode" TEXT,
    "lastErrorMessage" TEXT,
    "lastErrorAt" TIMESTAMPTZ(3),
    "itemsTotal" INTEGER NOT NULL DEFAULT 0,
    "etag" TEXT,
    "lastModified" TEXT,
    "redirectUrl" TEXT,
    "redirectCount" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "Source_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Item" (
    "id" SERIAL NOT NULL,
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
    "publishedAt" TIMESTAMPTZ(3),
    "publishedRaw" TEXT,
    "dateFlag" TEXT,
    "fetchedAt" TIMESTAMPTZ(3) NOT NULL,
    "sortAt" TIMESTAMPTZ(3) NOT NULL,
    "isDemo" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "Item_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FetchLog" (
    "id" SERIAL NOT NULL,
    "sourceId" TEXT NOT NULL,
    "workerId" TEXT NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "finishedAt" TIMESTAMPTZ(3),
    "status" TEXT NOT NULL,
    "httpStatus" INTEGER,
    "fetched" INTEGER NOT NULL DEFAULT 0,
    "newCount" INTEGER NOT NULL DEFAULT 0,
    "duplicates" INTEGER NOT NULL DEFAULT 0,
    "errorCode" TEXT,
    "errorMessage" TEXT,
    "durationMs" INTEGER,
    "debugBody" BYTEA,

    CONSTRAINT "FetchLog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WorkerHeartbeat" (
    "id" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "host" TEXT NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "lastBeatAt" TIMESTAMPTZ(3) NOT NULL,
    "state" TEXT NOT NULL,
    "lastTickAt" TIMESTAMPTZ(3),
    "lastTickStats" TEXT,

    CONSTRAINT "WorkerHeartbeat_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SystemEvent" (
    "id" SERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "subject" TEXT,
    "message" TEXT NOT NULL,
    "openedAt" TIMESTAMPTZ(3) NOT NULL,
    "closedAt" TIMESTAMPTZ(3),

    CONSTRAINT "SystemEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ItemAnalysis" (
    "itemId" INTEGER NOT NULL,
    "lexiconVersion" INTEGER NOT NULL,
    "analysedAt" TIMESTAMPTZ(3) NOT NULL,
    "sentiment" DOUBLE PRECISION NOT NULL,
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
    "lossYuan" DOUBLE PRECISION,
    "grade" TEXT,
    "aggregate" BOOLEAN NOT NULL DEFAULT false,
    "rumour" BOOLEAN NOT NULL DEFAULT false,
    "factsJson" TEXT NOT NULL,
    "simhash" TEXT NOT NULL,
    "minhash" TEXT NOT NULL,
    "eventId" INTEGER,
    "sortAt" TIMESTAMPTZ(3),

    CONSTRAINT "ItemAnalysis_pkey" PRIMARY KEY ("itemId")
);

-- CreateTable
CREATE TABLE "Event" (
    "id" SERIAL NOT NULL,
    "title" TEXT NOT NULL,
    "firstSeenAt" TIMESTAMPTZ(3) NOT NULL,
    "lastSeenAt" TIMESTAMPTZ(3) NOT NULL,
    "itemCount" INTEGER NOT NULL DEFAULT 0,
    "sourceCount" INTEGER NOT NULL DEFAULT 0,
    "officialSourceCount" INTEGER NOT NULL DEFAULT 0,
    "negativeCount" INTEGER NOT NULL DEFAULT 0,
    "heat" DOUBLE PRECISION NOT NULL DEFAULT 0,
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
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Topic" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "rule" TEXT NOT NULL,
    "description" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Topic_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ItemTopic" (
    "itemId" INTEGER NOT NULL,
    "topicId" INTEGER NOT NULL,
    "sortAt" TIMESTAMPTZ(3),

    CONSTRAINT "ItemTopic_pkey" PRIMARY KEY ("itemId","topicId")
);

-- CreateTable
CREATE TABLE "LexiconEntry" (
    "id" SERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "term" TEXT NOT NULL,
    "category" TEXT NOT NULL DEFAULT '',
    "weight" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "origin" TEXT NOT NULL DEFAULT 'seed',
    "userEdited" BOOLEAN NOT NULL DEFAULT false,
    "note" TEXT,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "updatedBy" TEXT,

    CONSTRAINT "LexiconEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LexiconState" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "version" INTEGER NOT NULL DEFAULT 1,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "LexiconState_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AnalysisJob" (
    "id" SERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "lexiconVersion" INTEGER NOT NULL,
    "total" INTEGER NOT NULL DEFAULT 0,
    "done" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "message" TEXT,
    "requestedBy" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),
    "heartbeatAt" TIMESTAMPTZ(3),

    CONSTRAINT "AnalysisJob_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HourlyRollup" (
    "bucket" TIMESTAMPTZ(3) NOT NULL,
    "dimension" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "items" INTEGER NOT NULL DEFAULT 0,
    "negative" INTEGER NOT NULL DEFAULT 0,
    "sensitive" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "HourlyRollup_pkey" PRIMARY KEY ("dimension","key","bucket")
);

-- CreateTable
CREATE TABLE "Alert" (
    "id" SERIAL NOT NULL,
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
    "firstRaisedAt" TIMESTAMPTZ(3) NOT NULL,
    "lastRaisedAt" TIMESTAMPTZ(3) NOT NULL,
    "escalatedAt" TIMESTAMPTZ(3),
    "cooldownUntil" TIMESTAMPTZ(3) NOT NULL,
    "acknowledgedAt" TIMESTAMPTZ(3),
    "acknowledgedBy" TEXT,
    "assignedTo" TEXT,
    "assignedAt" TIMESTAMPTZ(3),
    "assignedBy" TEXT,
    "resolvedAt" TIMESTAMPTZ(3),
    "resolvedBy" TEXT,
    "resolution" TEXT,
    "isDemo" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "Alert_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AlertAction" (
    "id" SERIAL NOT NULL,
    "alertId" INTEGER NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "fromLevel" TEXT,
    "toLevel" TEXT,
    "note" TEXT,

    CONSTRAINT "AlertAction_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ResponseClock" (
    "id" SERIAL NOT NULL,
    "eventId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "dueAt" TIMESTAMPTZ(3) NOT NULL,
    "metAt" TIMESTAMPTZ(3),
    "metBy" TEXT,
    "metNote" TEXT,
    "state" TEXT NOT NULL,
    "escalatedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ResponseClock_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HazardWarning" (
    "id" SERIAL NOT NULL,
    "itemId" INTEGER NOT NULL,
    "hazard" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "publisher" TEXT,
    "region" TEXT,
    "issuedAt" TIMESTAMPTZ(3) NOT NULL,
    "validUntil" TIMESTAMPTZ(3),
    "liftedAt" TIMESTAMPTZ(3),
    "title" TEXT NOT NULL,
    "isDemo" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "HazardWarning_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NotificationChannel" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "configJson" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "NotificationChannel_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NotificationRule" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "ruleJson" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "NotificationRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Delivery" (
    "id" SERIAL NOT NULL,
    "alertId" INTEGER NOT NULL,
    "channelId" INTEGER NOT NULL,
    "ruleId" INTEGER,
    "tier" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMPTZ(3),
    "lastError" TEXT,
    "sentAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Delivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Setting" (
    "key" TEXT NOT NULL,
    "valueJson" TEXT NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "updatedBy" TEXT,

    CONSTRAINT "Setting_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "actor" TEXT NOT NULL,
    "role" TEXT,
    "clientIp" TEXT,
    "requestId" TEXT,
    "action" TEXT NOT NULL,
    "objectType" TEXT NOT NULL,
    "objectId" TEXT NOT NULL,
    "result" TEXT NOT NULL,
    "reason" TEXT,
    "detailJson" TEXT,
    "prevHash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "username" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT,
    "status" TEXT NOT NULL DEFAULT 'active',
    "demo" BOOLEAN NOT NULL DEFAULT false,
    "passwordHash" TEXT,
    "mustChangePassword" BOOLEAN NOT NULL DEFAULT true,
    "passwordChangedAt" TIMESTAMPTZ(3),
    "lockedUntil" TIMESTAMPTZ(3),
    "failuresSince" TIMESTAMPTZ(3),
    "lastSuccessAt" TIMESTAMPTZ(3),
    "lastSeenAt" TIMESTAMPTZ(3),
    "totpSecret" TEXT,
    "totpEnabled" BOOLEAN NOT NULL DEFAULT false,
    "totpLastStep" INTEGER,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" TEXT NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "secretHash" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "stage" TEXT NOT NULL DEFAULT 'full',
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "lastActiveAt" TIMESTAMPTZ(3) NOT NULL,
    "idleTimeoutSec" INTEGER NOT NULL,
    "clientIp" TEXT,
    "userAgent" TEXT,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RoleAssignment" (
    "userId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "grantedBy" TEXT NOT NULL,
    "grantedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RoleAssignment_pkey" PRIMARY KEY ("userId","role")
);

-- CreateTable
CREATE TABLE "PasswordHistory" (
    "id" SERIAL NOT NULL,
    "userId" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "PasswordHistory_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LoginAttempt" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "username" TEXT NOT NULL,
    "userId" TEXT,
    "clientIp" TEXT,
    "success" BOOLEAN NOT NULL,
    "reason" TEXT,

    CONSTRAINT "LoginAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DisclosureRequest" (
    "id" SERIAL NOT NULL,
    "year" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "number" TEXT NOT NULL,
    "applicantName" TEXT NOT NULL,
    "applicantType" TEXT NOT NULL,
    "contact" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "createdBy" TEXT NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "receivedOn" TEXT NOT NULL,
    "dueDate" TEXT,
    "closedOn" TEXT,
    "state" TEXT NOT NULL,
    "outcomeCategory" TEXT,
    "outcomeReason" TEXT,
    "sla" TEXT NOT NULL,
    "eventCount" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "DisclosureRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DisclosureEvent" (
    "id" SERIAL NOT NULL,
    "requestId" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "note" TEXT,
    "recordedBy" TEXT NOT NULL,
    "recordedByName" TEXT NOT NULL,
    "recordedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "DisclosureEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DisclosureReview" (
    "id" SERIAL NOT NULL,
    "requestId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "filedOn" TEXT NOT NULL,
    "result" TEXT,
    "decidedOn" TEXT,
    "recordedBy" TEXT NOT NULL,
    "recordedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "DisclosureReview_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReplyTask" (
    "id" SERIAL NOT NULL,
    "subjectType" TEXT NOT NULL,
    "subjectId" INTEGER NOT NULL,
    "subjectTitle" TEXT NOT NULL,
    "origin" TEXT NOT NULL,
    "reason" TEXT,
    "state" TEXT NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "dueAt" TIMESTAMPTZ(3) NOT NULL,
    "clockLabel" TEXT NOT NULL,
    "assignee" TEXT,
    "assigneeName" TEXT,
    "answerText" TEXT,
    "answerUrl" TEXT,
    "answeredAt" TIMESTAMPTZ(3),
    "answeredBy" TEXT,
    "closedAt" TIMESTAMPTZ(3),
    "escalatedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "createdBy" TEXT NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "ReplyTask_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReplyStep" (
    "id" SERIAL NOT NULL,
    "taskId" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "action" TEXT NOT NULL,
    "fromState" TEXT,
    "toState" TEXT NOT NULL,
    "note" TEXT,
    "detail" TEXT,
    "actor" TEXT NOT NULL,
    "actorName" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ReplyStep_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ResponsePlan" (
    "id" SERIAL NOT NULL,
    "seedKey" TEXT,
    "name" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "tier" TEXT NOT NULL,
    "accidentTypes" TEXT NOT NULL,
    "grades" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "createdBy" TEXT NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "updatedBy" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "ResponsePlan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PlanRun" (
    "id" SERIAL NOT NULL,
    "planId" INTEGER,
    "planName" TEXT NOT NULL,
    "planSnapshot" TEXT NOT NULL,
    "eventId" INTEGER NOT NULL,
    "eventTitle" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "activatedAt" TIMESTAMPTZ(3) NOT NULL,
    "activatedBy" TEXT NOT NULL,
    "activatedByName" TEXT NOT NULL,
    "closedAt" TIMESTAMPTZ(3),
    "closedBy" TEXT,
    "closedByName" TEXT,
    "closeNote" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "PlanRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PlanRunStep" (
    "id" SERIAL NOT NULL,
    "runId" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "responsible" TEXT NOT NULL,
    "optional" BOOLEAN NOT NULL DEFAULT false,
    "dueAt" TIMESTAMPTZ(3),
    "doneAt" TIMESTAMPTZ(3),
    "doneBy" TEXT,
    "doneByName" TEXT,
    "note" TEXT,

    CONSTRAINT "PlanRunStep_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Release" (
    "id" SERIAL NOT NULL,
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
    "publishedAt" TIMESTAMPTZ(3),
    "publishedBy" TEXT,
    "withdrawnAt" TIMESTAMPTZ(3),
    "withdrawnBy" TEXT,
    "withdrawReason" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdByName" TEXT NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "Release_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReleaseStep" (
    "id" SERIAL NOT NULL,
    "releaseId" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "action" TEXT NOT NULL,
    "fromState" TEXT,
    "toState" TEXT NOT NULL,
    "note" TEXT,
    "detail" TEXT,
    "actor" TEXT NOT NULL,
    "actorName" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ReleaseStep_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SecrecyReview" (
    "id" SERIAL NOT NULL,
    "releaseId" INTEGER NOT NULL,
    "result" TEXT NOT NULL,
    "redactions" TEXT NOT NULL DEFAULT '[]',
    "opinion" TEXT,
    "textHash" TEXT NOT NULL,
    "reviewer" TEXT NOT NULL,
    "reviewerName" TEXT NOT NULL,
    "reviewedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "SecrecyReview_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AccidentCase" (
    "id" SERIAL NOT NULL,
    "eventId" INTEGER,
    "title" TEXT NOT NULL,
    "occurredAt" TIMESTAMPTZ(3) NOT NULL,
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
    "lastRescueReleaseAt" TIMESTAMPTZ(3),
    "openDuties" INTEGER NOT NULL DEFAULT 0,
    "overdueDuties" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "createdBy" TEXT NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "AccidentCase_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AccidentCaseEntry" (
    "id" SERIAL NOT NULL,
    "caseId" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "occurredOn" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "note" TEXT,
    "recordedBy" TEXT NOT NULL,
    "recordedByName" TEXT NOT NULL,
    "recordedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "AccidentCaseEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EnterpriseListing" (
    "id" SERIAL NOT NULL,
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
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "createdBy" TEXT NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "EnterpriseListing_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Digest" (
    "id" SERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "periodStart" TIMESTAMPTZ(3) NOT NULL,
    "periodEnd" TIMESTAMPTZ(3) NOT NULL,
    "eventId" INTEGER,
    "contentJson" TEXT NOT NULL,
    "generatedBy" TEXT NOT NULL,
    "generatedAt" TIMESTAMPTZ(3) NOT NULL,
    "reviewedBy" TEXT,
    "signedBy" TEXT,
    "instruction" TEXT,
    "instructedBy" TEXT,
    "instructedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Digest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DigestSubscription" (
    "id" SERIAL NOT NULL,
    "target" TEXT NOT NULL,
    "role" TEXT,
    "address" TEXT,
    "kinds" TEXT NOT NULL DEFAULT 'all',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "createdBy" TEXT NOT NULL,

    CONSTRAINT "DigestSubscription_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DigestDelivery" (
    "id" SERIAL NOT NULL,
    "digestId" INTEGER NOT NULL,
    "address" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMPTZ(3),
    "lastError" TEXT,
    "sentAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "DigestDelivery_pkey" PRIMARY KEY ("id")
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
CREATE INDEX "Item_isDemo_sortAt_idx" ON "Item"("isDemo", "sortAt");

-- CreateIndex
CREATE UNIQUE INDEX "Item_sourceId_itemHash_key" ON "Item"("sourceId", "itemHash");

-- CreateIndex
CREATE INDEX "FetchLog_sourceId_startedAt_idx" ON "FetchLog"("sourceId", "startedAt");

-- CreateIndex
CREATE INDEX "FetchLog_startedAt_idx" ON "FetchLog"("startedAt");

-- CreateIndex
CREATE INDEX "SystemEvent_kind_closedAt_idx" ON "SystemEvent"("kind", "closedAt");

-- CreateIndex
CREATE INDEX "ItemAnalysis_eventId_idx" ON "ItemAnalysis"("eventId");

-- CreateIndex
CREATE INDEX "ItemAnalysis_lexiconVersion_idx" ON "ItemAnalysis"("lexiconVersion");

-- CreateIndex
CREATE INDEX "ItemAnalysis_label_sortAt_idx" ON "ItemAnalysis"("label", "sortAt");

-- CreateIndex
CREATE INDEX "ItemAnalysis_risk_idx" ON "ItemAnalysis"("risk");

-- CreateIndex
CREATE INDEX "ItemAnalysis_province_sortAt_idx" ON "ItemAnalysis"("province", "sortAt");

-- CreateIndex
CREATE INDEX "ItemAnalysis_accidentTypeCode_sortAt_idx" ON "ItemAnalysis"("accidentTypeCode", "sortAt");

-- CreateIndex
CREATE INDEX "ItemAnalysis_grade_sortAt_idx" ON "ItemAnalysis"("grade", "sortAt");

-- CreateIndex
CREATE INDEX "Event_lastSeenAt_idx" ON "Event"("lastSeenAt");

-- CreateIndex
CREATE INDEX "Event_heat_idx" ON "Event"("heat");

-- CreateIndex
CREATE UNIQUE INDEX "Topic_name_key" ON "Topic"("name");

-- CreateIndex
CREATE INDEX "ItemTopic_topicId_sortAt_itemId_idx" ON "ItemTopic"("topicId", "sortAt", "itemId");

-- CreateIndex
CREATE UNIQUE INDEX "LexiconEntry_kind_term_key" ON "LexiconEntry"("kind", "term");

-- CreateIndex
CREATE INDEX "AnalysisJob_state_idx" ON "AnalysisJob"("state");

-- CreateIndex
CREATE INDEX "HourlyRollup_bucket_idx" ON "HourlyRollup"("bucket");

-- CreateIndex
CREATE INDEX "Alert_state_level_idx" ON "Alert"("state", "level");

-- CreateIndex
CREATE INDEX "Alert_dedupeKey_idx" ON "Alert"("dedupeKey");

-- CreateIndex
CREATE INDEX "Alert_lastRaisedAt_idx" ON "Alert"("lastRaisedAt");

-- CreateIndex
CREATE INDEX "Alert_eventId_idx" ON "Alert"("eventId");

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

-- CreateIndex
CREATE INDEX "AuditLog_at_idx" ON "AuditLog"("at");

-- CreateIndex
CREATE INDEX "AuditLog_actor_id_idx" ON "AuditLog"("actor", "id");

-- CreateIndex
CREATE INDEX "AuditLog_action_id_idx" ON "AuditLog"("action", "id");

-- CreateIndex
CREATE INDEX "AuditLog_objectType_objectId_idx" ON "AuditLog"("objectType", "objectId");

-- CreateIndex
CREATE UNIQUE INDEX "User_username_key" ON "User"("username");

-- CreateIndex
CREATE INDEX "Session_userId_idx" ON "Session"("userId");

-- CreateIndex
CREATE INDEX "Session_expiresAt_idx" ON "Session"("expiresAt");

-- CreateIndex
CREATE INDEX "RoleAssignment_role_idx" ON "RoleAssignment"("role");

-- CreateIndex
CREATE INDEX "PasswordHistory_userId_id_idx" ON "PasswordHistory"("userId", "id");

-- CreateIndex
CREATE INDEX "LoginAttempt_userId_at_idx" ON "LoginAttempt"("userId", "at");

-- CreateIndex
CREATE INDEX "LoginAttempt_at_idx" ON "LoginAttempt"("at");

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

-- CreateIndex
CREATE INDEX "ReplyTask_state_dueAt_idx" ON "ReplyTask"("state", "dueAt");

-- CreateIndex
CREATE INDEX "ReplyTask_assignee_idx" ON "ReplyTask"("assignee");

-- CreateIndex
CREATE UNIQUE INDEX "ReplyTask_subjectType_subjectId_key" ON "ReplyTask"("subjectType", "subjectId");

-- CreateIndex
CREATE UNIQUE INDEX "ReplyStep_taskId_seq_key" ON "ReplyStep"("taskId", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "ResponsePlan_seedKey_key" ON "ResponsePlan"("seedKey");

-- CreateIndex
CREATE UNIQUE INDEX "ResponsePlan_name_key" ON "ResponsePlan"("name");

-- CreateIndex
CREATE INDEX "PlanRun_eventId_state_idx" ON "PlanRun"("eventId", "state");

-- CreateIndex
CREATE UNIQUE INDEX "PlanRunStep_runId_seq_key" ON "PlanRunStep"("runId", "seq");

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

-- AddForeignKey
ALTER TABLE "Item" ADD CONSTRAINT "Item_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "Source"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FetchLog" ADD CONSTRAINT "FetchLog_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "Source"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ItemAnalysis" ADD CONSTRAINT "ItemAnalysis_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ItemAnalysis" ADD CONSTRAINT "ItemAnalysis_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ItemTopic" ADD CONSTRAINT "ItemTopic_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ItemTopic" ADD CONSTRAINT "ItemTopic_topicId_fkey" FOREIGN KEY ("topicId") REFERENCES "Topic"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertAction" ADD CONSTRAINT "AlertAction_alertId_fkey" FOREIGN KEY ("alertId") REFERENCES "Alert"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Delivery" ADD CONSTRAINT "Delivery_alertId_fkey" FOREIGN KEY ("alertId") REFERENCES "Alert"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Delivery" ADD CONSTRAINT "Delivery_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "NotificationChannel"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoleAssignment" ADD CONSTRAINT "RoleAssignment_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PasswordHistory" ADD CONSTRAINT "PasswordHistory_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DisclosureEvent" ADD CONSTRAINT "DisclosureEvent_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "DisclosureRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DisclosureReview" ADD CONSTRAINT "DisclosureReview_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "DisclosureRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReplyStep" ADD CONSTRAINT "ReplyStep_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "ReplyTask"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PlanRun" ADD CONSTRAINT "PlanRun_planId_fkey" FOREIGN KEY ("planId") REFERENCES "ResponsePlan"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PlanRunStep" ADD CONSTRAINT "PlanRunStep_runId_fkey" FOREIGN KEY ("runId") REFERENCES "PlanRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReleaseStep" ADD CONSTRAINT "ReleaseStep_releaseId_fkey" FOREIGN KEY ("releaseId") REFERENCES "Release"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SecrecyReview" ADD CONSTRAINT "SecrecyReview_releaseId_fkey" FOREIGN KEY ("releaseId") REFERENCES "Release"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AccidentCaseEntry" ADD CONSTRAINT "AccidentCaseEntry_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "AccidentCase"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EnterpriseListing" ADD CONSTRAINT "EnterpriseListing_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "AccidentCase"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DigestDelivery" ADD CONSTRAINT "DigestDelivery_digestId_fkey" FOREIGN KEY ("digestId") REFERENCES "Digest"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- ---------------------------------------------------------------- written by hand (PostgreSQL twins of
-- the SQLite migrations' hand-written parts: 20261124233812_item_search, 20261125010033_audit_log,
-- 20261125022735_auth). Prisma does not model them; lib/db/schema-engine-pg.ts lists "ItemSearch" as
-- externally managed so the schema check does not read it as drift.

-- Full-text index over the SEGMENTED title and text (lib/search/document.ts): only the tsvector is
-- kept (like the contentless FTS5 table), weights A = title, B = body; 'simple' = no stemming, no
-- stop words, so each jieba word is one lexeme. Rows go with their item (cascade).
CREATE TABLE "ItemSearch" (
    "itemId" INTEGER NOT NULL,
    "tsv" tsvector NOT NULL,
    CONSTRAINT "ItemSearch_pkey" PRIMARY KEY ("itemId"),
    CONSTRAINT "ItemSearch_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item"("id") ON DELETE CASCADE
);
CREATE INDEX "ItemSearch_tsv_idx" ON "ItemSearch" USING GIN ("tsv");

-- AuditLog is append-only; rows are deleted only once older than 184 days (MLPS: six months).
CREATE FUNCTION "AuditLog_guard"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    RAISE EXCEPTION 'AuditLog is append-only: UPDATE refused';
  END IF;
  IF OLD."at" >= now() - interval '184 days' THEN
    RAISE EXCEPTION 'AuditLog is append-only: rows younger than 184 days cannot be deleted';
  END IF;
  RETURN OLD;
END $$;
CREATE TRIGGER "AuditLog_no_update" BEFORE UPDATE ON "AuditLog" FOR EACH ROW EXECUTE FUNCTION "AuditLog_guard"();
CREATE TRIGGER "AuditLog_no_delete_young" BEFORE DELETE ON "AuditLog" FOR EACH ROW EXECUTE FUNCTION "AuditLog_guard"();

-- 三员分立 (TESTPLAN S20, MLPS 8.1.4.2): an administrator account holds exactly one role.
CREATE FUNCTION "RoleAssignment_guard"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    RAISE EXCEPTION 'roles are granted and revoked, never changed';
  END IF;
  IF NEW."role" NOT IN ('press_officer', 'drafter', 'reviewer', 'leader', 'sysadmin', 'secadmin', 'auditadmin') THEN
    RAISE EXCEPTION 'unknown role';
  END IF;
  -- Serialise role grants of one account, so two concurrent inserts cannot both pass the check.
  PERFORM pg_advisory_xact_lock(hashtext('RoleAssignment:' || NEW."userId"));
  IF EXISTS (
    SELECT 1 FROM "RoleAssignment" r
    WHERE r."userId" = NEW."userId" AND r."role" <> NEW."role"
      AND (NEW."role" IN ('sysadmin', 'secadmin', 'auditadmin') OR r."role" IN ('sysadmin', 'secadmin', 'auditadmin'))
  ) THEN
    RAISE EXCEPTION 'separation of duties: an administrator account holds exactly one role';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "RoleAssignment_separation" BEFORE INSERT OR UPDATE ON "RoleAssignment" FOR EACH ROW EXECUTE FUNCTION "RoleAssignment_guard"();
