-- CreateTable
CREATE TABLE "AuditLog" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "at" DATETIME NOT NULL,
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
    "hash" TEXT NOT NULL
);

-- CreateIndex
CREATE INDEX "AuditLog_at_idx" ON "AuditLog"("at");

-- CreateIndex
CREATE INDEX "AuditLog_actor_id_idx" ON "AuditLog"("actor", "id");

-- CreateIndex
CREATE INDEX "AuditLog_action_id_idx" ON "AuditLog"("action", "id");

-- CreateIndex
CREATE INDEX "AuditLog_objectType_objectId_idx" ON "AuditLog"("objectType", "objectId");

-- Append-only: rows are never changed. (Written by hand; Prisma does not model triggers.)
CREATE TRIGGER "AuditLog_no_update" BEFORE UPDATE ON "AuditLog"
BEGIN
  SELECT RAISE(ABORT, 'AuditLog is append-only: UPDATE refused');
END;

-- Rows are deleted only once older than the minimum retention of 184 days (MLPS: six months).
-- "at" is stored by Prisma as ISO-8601 text with a +00:00 offset; the bound is built in the same
-- format so the text comparison is a time comparison.
CREATE TRIGGER "AuditLog_no_delete_young" BEFORE DELETE ON "AuditLog"
WHEN old."at" >= strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now', '-184 days')
BEGIN
  SELECT RAISE(ABORT, 'AuditLog is append-only: rows younger than 184 days cannot be deleted');
END;
