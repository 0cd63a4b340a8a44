-- CreateTable
CREATE TABLE "ingest_submitter" (
    "organization_id" INTEGER NOT NULL,
    "ingest_file_id" BIGINT NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ingest_submitter_pkey" PRIMARY KEY ("organization_id","ingest_file_id")
);

-- CreateIndex
CREATE INDEX "ingest_submitter_ingest_file_id_idx" ON "ingest_submitter"("ingest_file_id");

-- CreateIndex
CREATE INDEX "report_report_id_idx" ON "report"("report_id");

-- AddForeignKey
ALTER TABLE "ingest_submitter" ADD CONSTRAINT "ingest_submitter_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ingest_submitter" ADD CONSTRAINT "ingest_submitter_ingest_file_id_fkey" FOREIGN KEY ("ingest_file_id") REFERENCES "ingest_file"("id") ON DELETE CASCADE ON UPDATE CASCADE;
