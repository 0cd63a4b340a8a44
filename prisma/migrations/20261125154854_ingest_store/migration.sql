-- AlterTable
ALTER TABLE "ingest_file" ADD COLUMN     "failures" JSONB NOT NULL DEFAULT '[]';

-- AlterTable
ALTER TABLE "report_record" ADD COLUMN     "source_ip_text" TEXT,
ALTER COLUMN "source_ip" DROP NOT NULL;
