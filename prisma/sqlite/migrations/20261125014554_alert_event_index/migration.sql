-- CreateIndex
CREATE INDEX "Alert_eventId_idx" ON "Alert"("eventId");
