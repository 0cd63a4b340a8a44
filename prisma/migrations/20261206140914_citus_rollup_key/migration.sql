-- AlterTable
ALTER TABLE "daily_rollup_compacted" DROP CONSTRAINT "daily_rollup_compacted_pkey",
ADD CONSTRAINT "daily_rollup_compacted_pkey" PRIMARY KEY ("id", "domain_id");
