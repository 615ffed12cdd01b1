-- CreateTable
CREATE TABLE "ReplyTask" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "subjectType" TEXT NOT NULL,
    "subjectId" INTEGER NOT NULL,
    "subjectTitle" TEXT NOT NULL,
    "origin" TEXT NOT NULL,
    "reason" TEXT,
    "state" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "dueAt" DATETIME NOT NULL,
    "clockLabel" TEXT NOT NULL,
    "assignee" TEXT,
    "assigneeName" TEXT,
    "answerText" TEXT,
    "answerUrl" TEXT,
    "answeredAt" DATETIME,
    "answeredBy" TEXT,
    "closedAt" DATETIME,
    "escalatedAt" DATETIME,
    "createdAt" DATETIME NOT NULL,
    "createdBy" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1
);

-- CreateTable
CREATE TABLE "ReplyStep" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "taskId" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "action" TEXT NOT NULL,
    "fromState" TEXT,
    "toState" TEXT NOT NULL,
    "note" TEXT,
    "detail" TEXT,
    "actor" TEXT NOT NULL,
    "actorName" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    CONSTRAINT "ReplyStep_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "ReplyTask" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ReplyTask_state_dueAt_idx" ON "ReplyTask"("state", "dueAt");

-- CreateIndex
CREATE INDEX "ReplyTask_assignee_idx" ON "ReplyTask"("assignee");

-- CreateIndex
CREATE UNIQUE INDEX "ReplyTask_subjectType_subjectId_key" ON "ReplyTask"("subjectType", "subjectId");

-- CreateIndex
CREATE UNIQUE INDEX "ReplyStep_taskId_seq_key" ON "ReplyStep"("taskId", "seq");
