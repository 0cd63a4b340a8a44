-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('owner', 'admin', 'viewer');

-- CreateEnum
CREATE TYPE "IngestStatus" AS ENUM ('pending', 'ingested', 'duplicate', 'set_aside', 'partial', 'failed');

-- CreateEnum
CREATE TYPE "IngestSource" AS ENUM ('cli', 'upload', 'api', 'imap', 'demo', 'reprocess');

-- CreateTable
CREATE TABLE "organization" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "organization_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "app_user" (
    "id" SERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT,
    "password_hash" TEXT,
    "is_instance_admin" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "app_user_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "membership" (
    "id" SERIAL NOT NULL,
    "user_id" INTEGER NOT NULL,
    "organization_id" INTEGER NOT NULL,
    "role" "Role" NOT NULL DEFAULT 'viewer',
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "membership_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "domain" (
    "id" SERIAL NOT NULL,
    "organization_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "domain_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "raw_blob" (
    "id" BIGSERIAL NOT NULL,
    "sha256" TEXT NOT NULL,
    "size" BIGINT NOT NULL,
    "compressed_size" BIGINT NOT NULL,
    "bytes" BYTEA NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "raw_blob_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ingest_file" (
    "id" BIGSERIAL NOT NULL,
    "source" "IngestSource" NOT NULL,
    "name" TEXT NOT NULL,
    "blob_id" BIGINT NOT NULL,
    "status" "IngestStatus" NOT NULL DEFAULT 'pending',
    "error" TEXT,
    "error_code" TEXT,
    "reports" INTEGER NOT NULL DEFAULT 0,
    "duplicates" INTEGER NOT NULL DEFAULT 0,
    "replaced" INTEGER NOT NULL DEFAULT 0,
    "set_aside" INTEGER NOT NULL DEFAULT 0,
    "failed_parts" INTEGER NOT NULL DEFAULT 0,
    "mailbox_id" INTEGER,
    "attempts" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ingest_file_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "report" (
    "id" BIGSERIAL NOT NULL,
    "domain_id" INTEGER,
    "org_name" TEXT NOT NULL,
    "reporter_email" TEXT,
    "extra_contact_info" TEXT,
    "report_id" TEXT NOT NULL,
    "begin_at" TIMESTAMPTZ(0) NOT NULL,
    "end_at" TIMESTAMPTZ(0) NOT NULL,
    "policy_domain" TEXT NOT NULL,
    "adkim" TEXT,
    "aspf" TEXT,
    "p" TEXT,
    "sp" TEXT,
    "np" TEXT,
    "pct" TEXT,
    "fo" TEXT,
    "testing" TEXT,
    "discovery_method" TEXT,
    "namespace" TEXT,
    "version" TEXT,
    "generator" TEXT,
    "errors" JSONB NOT NULL DEFAULT '[]',
    "warnings" JSONB NOT NULL DEFAULT '[]',
    "extensions" JSONB,
    "record_count" INTEGER NOT NULL,
    "message_count" BIGINT NOT NULL,
    "dmarc_pass" BIGINT NOT NULL,
    "dkim_aligned_pass" BIGINT NOT NULL,
    "spf_aligned_pass" BIGINT NOT NULL,
    "source_ip_count" INTEGER NOT NULL,
    "content_hash" TEXT NOT NULL,
    "replacements" INTEGER NOT NULL DEFAULT 0,
    "replaced_at" TIMESTAMPTZ(6),
    "xml_blob_id" BIGINT NOT NULL,
    "ingest_file_id" BIGINT,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "report_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "report_record" (
    "id" BIGSERIAL NOT NULL,
    "report_id" BIGINT NOT NULL,
    "source_ip" INET NOT NULL,
    "count" BIGINT NOT NULL,
    "disposition" TEXT NOT NULL,
    "policy_dkim" TEXT NOT NULL,
    "policy_spf" TEXT NOT NULL,
    "reasons" JSONB NOT NULL DEFAULT '[]',
    "header_from" TEXT NOT NULL,
    "envelope_from" TEXT,
    "envelope_to" TEXT,
    "dkim" JSONB NOT NULL DEFAULT '[]',
    "spf" JSONB NOT NULL DEFAULT '[]',

    CONSTRAINT "report_record_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "daily_rollup" (
    "id" BIGSERIAL NOT NULL,
    "domain_id" INTEGER NOT NULL,
    "day" DATE NOT NULL,
    "source_ip" INET NOT NULL,
    "org_name" TEXT NOT NULL,
    "header_from" TEXT NOT NULL,
    "disposition" TEXT NOT NULL,
    "dkim_aligned" BOOLEAN NOT NULL,
    "spf_aligned" BOOLEAN NOT NULL,
    "dkim_domain" TEXT NOT NULL,
    "dkim_result" TEXT NOT NULL,
    "spf_domain" TEXT NOT NULL,
    "spf_result" TEXT NOT NULL,
    "override_reason" TEXT NOT NULL,
    "messages" BIGINT NOT NULL,

    CONSTRAINT "daily_rollup_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "domain_daily" (
    "domain_id" INTEGER NOT NULL,
    "day" DATE NOT NULL,
    "messages" BIGINT NOT NULL,
    "dmarc_pass" BIGINT NOT NULL,
    "dkim_aligned_pass" BIGINT NOT NULL,
    "spf_aligned_pass" BIGINT NOT NULL,
    "quarantined" BIGINT NOT NULL,
    "rejected" BIGINT NOT NULL,
    "reports" INTEGER NOT NULL,

    CONSTRAINT "domain_daily_pkey" PRIMARY KEY ("domain_id","day")
);

-- CreateTable
CREATE TABLE "mailbox" (
    "id" SERIAL NOT NULL,
    "organization_id" INTEGER,
    "label" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "port" INTEGER NOT NULL,
    "tls" BOOLEAN NOT NULL DEFAULT true,
    "username" TEXT NOT NULL,
    "secret_enc" TEXT,
    "auth_type" TEXT NOT NULL DEFAULT 'password',
    "folder" TEXT NOT NULL DEFAULT 'INBOX',
    "processed_folder" TEXT NOT NULL DEFAULT 'DMARC/Processed',
    "failed_folder" TEXT NOT NULL DEFAULT 'DMARC/Failed',
    "after_ingest" TEXT NOT NULL DEFAULT 'move',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "uid_validity" BIGINT,
    "last_uid" BIGINT NOT NULL DEFAULT 0,
    "last_success_at" TIMESTAMPTZ(6),
    "last_error_at" TIMESTAMPTZ(6),
    "last_error" TEXT,
    "backlog" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "mailbox_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "organization_name_key" ON "organization"("name");

-- CreateIndex
CREATE UNIQUE INDEX "organization_slug_key" ON "organization"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "app_user_email_key" ON "app_user"("email");

-- CreateIndex
CREATE INDEX "membership_organization_id_idx" ON "membership"("organization_id");

-- CreateIndex
CREATE UNIQUE INDEX "membership_user_id_organization_id_key" ON "membership"("user_id", "organization_id");

-- CreateIndex
CREATE UNIQUE INDEX "domain_name_key" ON "domain"("name");

-- CreateIndex
CREATE INDEX "domain_organization_id_idx" ON "domain"("organization_id");

-- CreateIndex
CREATE UNIQUE INDEX "raw_blob_sha256_key" ON "raw_blob"("sha256");

-- CreateIndex
CREATE INDEX "ingest_file_status_created_at_idx" ON "ingest_file"("status", "created_at");

-- CreateIndex
CREATE INDEX "ingest_file_blob_id_idx" ON "ingest_file"("blob_id");

-- CreateIndex
CREATE INDEX "report_domain_id_begin_at_idx" ON "report"("domain_id", "begin_at");

-- CreateIndex
CREATE INDEX "report_policy_domain_idx" ON "report"("policy_domain");

-- CreateIndex
CREATE INDEX "report_created_at_idx" ON "report"("created_at");

-- CreateIndex
CREATE UNIQUE INDEX "report_dedupe_key" ON "report"("org_name", "report_id", "policy_domain", "begin_at", "end_at");

-- CreateIndex
CREATE INDEX "report_record_report_id_idx" ON "report_record"("report_id");

-- CreateIndex
CREATE INDEX "report_record_source_ip_idx" ON "report_record"("source_ip");

-- CreateIndex
CREATE INDEX "daily_rollup_domain_id_day_idx" ON "daily_rollup"("domain_id", "day");

-- CreateIndex
CREATE INDEX "daily_rollup_source_ip_idx" ON "daily_rollup"("source_ip");

-- CreateIndex
CREATE UNIQUE INDEX "daily_rollup_key" ON "daily_rollup"("domain_id", "day", "source_ip", "org_name", "header_from", "disposition", "dkim_aligned", "spf_aligned", "dkim_domain", "dkim_result", "spf_domain", "spf_result", "override_reason");

-- CreateIndex
CREATE UNIQUE INDEX "mailbox_label_key" ON "mailbox"("label");

-- AddForeignKey
ALTER TABLE "membership" ADD CONSTRAINT "membership_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "membership" ADD CONSTRAINT "membership_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "domain" ADD CONSTRAINT "domain_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ingest_file" ADD CONSTRAINT "ingest_file_blob_id_fkey" FOREIGN KEY ("blob_id") REFERENCES "raw_blob"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ingest_file" ADD CONSTRAINT "ingest_file_mailbox_id_fkey" FOREIGN KEY ("mailbox_id") REFERENCES "mailbox"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "report" ADD CONSTRAINT "report_domain_id_fkey" FOREIGN KEY ("domain_id") REFERENCES "domain"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "report" ADD CONSTRAINT "report_xml_blob_id_fkey" FOREIGN KEY ("xml_blob_id") REFERENCES "raw_blob"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "report_record" ADD CONSTRAINT "report_record_report_id_fkey" FOREIGN KEY ("report_id") REFERENCES "report"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "daily_rollup" ADD CONSTRAINT "daily_rollup_domain_id_fkey" FOREIGN KEY ("domain_id") REFERENCES "domain"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "domain_daily" ADD CONSTRAINT "domain_daily_domain_id_fkey" FOREIGN KEY ("domain_id") REFERENCES "domain"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "mailbox" ADD CONSTRAINT "mailbox_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
