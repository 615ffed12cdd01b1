-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "username" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'active',
    "demo" BOOLEAN NOT NULL DEFAULT false,
    "passwordHash" TEXT,
    "mustChangePassword" BOOLEAN NOT NULL DEFAULT true,
    "passwordChangedAt" DATETIME,
    "lockedUntil" DATETIME,
    "failuresSince" DATETIME,
    "lastSuccessAt" DATETIME,
    "lastSeenAt" DATETIME,
    "totpSecret" TEXT,
    "totpEnabled" BOOLEAN NOT NULL DEFAULT false,
    "totpLastStep" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "secretHash" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "stage" TEXT NOT NULL DEFAULT 'full',
    "createdAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "lastActiveAt" DATETIME NOT NULL,
    "idleTimeoutSec" INTEGER NOT NULL,
    "clientIp" TEXT,
    "userAgent" TEXT,
    CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RoleAssignment" (
    "userId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "grantedBy" TEXT NOT NULL,
    "grantedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("userId", "role"),
    CONSTRAINT "RoleAssignment_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PasswordHistory" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "userId" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    CONSTRAINT "PasswordHistory_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "LoginAttempt" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "at" DATETIME NOT NULL,
    "username" TEXT NOT NULL,
    "userId" TEXT,
    "clientIp" TEXT,
    "success" BOOLEAN NOT NULL,
    "reason" TEXT
);

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

-- 三员分立 (TESTPLAN S20, MLPS 8.1.4.2): an account holding sysadmin, secadmin or auditadmin holds no
-- other role, and no other account's role list may gain one beside a business role. Written by
-- hand; Prisma does not model triggers. Roles are only inserted or deleted, never updated.
CREATE TRIGGER "RoleAssignment_separation" BEFORE INSERT ON "RoleAssignment"
WHEN EXISTS (
  SELECT 1 FROM "RoleAssignment" r
  WHERE r."userId" = NEW."userId" AND r."role" <> NEW."role"
    AND (NEW."role" IN ('sysadmin', 'secadmin', 'auditadmin') OR r."role" IN ('sysadmin', 'secadmin', 'auditadmin'))
)
BEGIN
  SELECT RAISE(ABORT, 'separation of duties: an administrator account holds exactly one role');
END;

CREATE TRIGGER "RoleAssignment_known_role" BEFORE INSERT ON "RoleAssignment"
WHEN NEW."role" NOT IN ('press_officer', 'drafter', 'reviewer', 'leader', 'sysadmin', 'secadmin', 'auditadmin')
BEGIN
  SELECT RAISE(ABORT, 'unknown role');
END;

CREATE TRIGGER "RoleAssignment_no_update" BEFORE UPDATE ON "RoleAssignment"
BEGIN
  SELECT RAISE(ABORT, 'roles are granted and revoked, never changed');
END;
