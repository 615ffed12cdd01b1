-- DropIndex
DROP INDEX "ItemAnalysis_province_idx";

-- DropIndex
DROP INDEX "ItemAnalysis_label_idx";

-- DropIndex
DROP INDEX "ItemTopic_topicId_idx";

-- AlterTable
ALTER TABLE "ItemAnalysis" ADD COLUMN "sortAt" DATETIME;

-- AlterTable
ALTER TABLE "ItemTopic" ADD COLUMN "sortAt" DATETIME;

-- CreateIndex
CREATE INDEX "Item_isDemo_sortAt_idx" ON "Item"("isDemo", "sortAt");

-- CreateIndex
CREATE INDEX "ItemAnalysis_label_sortAt_idx" ON "ItemAnalysis"("label", "sortAt");

-- CreateIndex
CREATE INDEX "ItemAnalysis_province_sortAt_idx" ON "ItemAnalysis"("province", "sortAt");

-- CreateIndex
CREATE INDEX "ItemAnalysis_accidentTypeCode_sortAt_idx" ON "ItemAnalysis"("accidentTypeCode", "sortAt");

-- CreateIndex
CREATE INDEX "ItemAnalysis_grade_sortAt_idx" ON "ItemAnalysis"("grade", "sortAt");

-- CreateIndex
CREATE INDEX "ItemTopic_topicId_sortAt_itemId_idx" ON "ItemTopic"("topicId", "sortAt", "itemId");

-- Fill the sortAt copies of rows stored before this migration.
UPDATE "ItemAnalysis" SET "sortAt" = (SELECT "sortAt" FROM "Item" WHERE "Item"."id" = "ItemAnalysis"."itemId");
UPDATE "ItemTopic" SET "sortAt" = (SELECT "sortAt" FROM "Item" WHERE "Item"."id" = "ItemTopic"."itemId");

-- Full-text search over the SEGMENTED title and text (jieba words joined by spaces; see
-- lib/search/document.ts). Contentless: the text already lives in "Item", the index holds only
-- tokens; rowid = "Item"."id". Unknown to Prisma: lib/db/schema-engine.ts keeps it and its shadow
-- tables out of the schema diff.
CREATE VIRTUAL TABLE "ItemSearch" USING fts5("title", "body", content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2');

-- An item's index row goes with the item (also when a source's items are removed by cascade).
CREATE TRIGGER "Item_search_delete" AFTER DELETE ON "Item" BEGIN
  DELETE FROM "ItemSearch" WHERE rowid = old."id";
END;

-- Items analysed before this migration have no index row: marking their analyses stale makes the
-- worker's background re-analysis (a job with progress, in 5-second slices) write it.
UPDATE "ItemAnalysis" SET "lexiconVersion" = 0;
